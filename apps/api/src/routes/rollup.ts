// The coordinator's and leader's view of a unit: approved totals up the tree at once, each
// child's contribution, completeness and timeliness of the reports owed.
import { z } from '@hono/zod-openapi';
import { periodCodeSchema, reportStatuses } from '@binh-dang/domain';
import { authorizeUnit } from '../lib/access.ts';
import { createRouter } from '../lib/factory.ts';
import { computeRollup } from '../lib/rollup.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, denied, idParam, notFound } from './schemas.ts';

const num = z.number().nullable();
const timeliness = z.enum(['on_time', 'late', 'overdue', 'pending']);
const status = z.enum([...reportStatuses, 'missing']);

export const rollupOut = z
  .object({
    unit: z.object({ id: z.string(), name: z.string(), path: z.string() }),
    period: z.string(),
    asOf: z.string(),
    indicators: z.array(
      z.object({
        code: z.string(),
        nameVi: z.string(),
        nameEn: z.string(),
        unit: z.string(),
        disaggregation: z.enum(['none', 'sex']),
        sensitivity: z.enum(['public', 'sensitive']),
        aggregation: z.enum(['sum', 'ratio', 'latest']),
        polarity: z.enum(['higher-better', 'lower-better', 'target-range']),
        total: num,
        female: num,
        male: num,
        units: z.number().int(),
        target: z.object({ year: z.number().int(), comparator: z.string(), value: z.number(), source: z.enum(['unit', 'national']) }).nullable(),
      }),
    ),
    children: z.array(
      z.object({
        unit: z.object({ id: z.string(), name: z.string(), path: z.string() }),
        own: z.boolean(),
        values: z.record(z.string(), num),
        report: z.object({ status, submittedAt: z.string().nullable(), deadline: z.string().nullable(), timeliness }).nullable(),
      }),
    ),
    completeness: z.object({
      expected: z.number().int(),
      submitted: z.number().int(),
      approved: z.number().int(),
      onTime: z.number().int(),
      late: z.number().int(),
      overdue: z.number().int(),
      units: z.array(
        z.object({
          unitId: z.string(),
          name: z.string(),
          path: z.string(),
          planId: z.string(),
          deadline: z.string(),
          status,
          reportId: z.string().nullable(),
          submittedAt: z.string().nullable(),
          timeliness,
        }),
      ),
    }),
  })
  .openapi('Rollup');

export const rollupQuery = z.object({ period: periodCodeSchema, planId: idParam.optional() });

export const rollupRoutes = createRouter().openapi(
  defineRoute('reports.read', {
    method: 'get',
    path: '/api/v1/org-units/{unitId}/rollup',
    tags: ['reports'],
    summary:
      "Approved totals of the unit's subtree for a period (units that merged in included), each child's contribution, completeness and timeliness",
    request: { params: z.object({ unitId: idParam }), query: rollupQuery },
    responses: {
      200: { description: 'The roll-up, right as of the last approval', content: { 'application/json': { schema: rollupOut } } },
      400: badRequest,
      401: denied,
      403: denied,
      404: notFound,
    },
  }),
  async (c) => {
    const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
    const { period, planId } = c.req.valid('query');
    const rollup = await computeRollup(c, unit, period, planId);
    return c.json({ unit: { id: unit.id, name: unit.name, path: unit.path }, ...rollup }, 200);
  },
);
