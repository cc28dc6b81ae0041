import { z } from '@hono/zod-openapi';
import { getOrgUnit, getPlan, listOrgUnitsByIds, listPlans } from '@binh-dang/db';
import { planToDocx } from '@binh-dang/documents/plan-docx';
import { assertPlanVisible, draftScopes } from '../lib/access.ts';
import { createRouter } from '../lib/factory.ts';
import { notFoundError } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, idParam, notFound, orgUnitRefOut, planOut, planSummaryOut } from './schemas.ts';

export const planRoutes = createRouter()
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/plans',
      tags: ['plans'],
      summary: 'Plans (kế hoạch), filtered by issuing unit subtree and year; drafts only for members of the issuing unit or above',
      request: {
        query: z.object({
          unit: idParam.optional().openapi({ description: 'Only plans issued by this unit or units below it' }),
          year: z.coerce
            .number({ message: 'Năm phải là số, ví dụ 2024 (Year must be a number)' })
            .int({ message: 'Năm phải là số nguyên (Year must be an integer)' })
            .min(2000)
            .max(2999)
            .optional()
            .openapi({ type: 'integer', example: 2024 }),
        }),
      },
      responses: {
        200: {
          description: 'Plan summaries',
          content: { 'application/json': { schema: z.object({ items: z.array(planSummaryOut) }).openapi('PlanList') } },
        },
        400: badRequest,
        404: notFound,
      },
    }),
    async (c) => {
      const { unit, year } = c.req.valid('query');
      const db = c.var.deps.db;
      let scopePath: string | undefined;
      if (unit) {
        const found = await getOrgUnit(db, unit);
        if (!found)
          throw notFoundError(`Không có đơn vị "${unit}" (No such unit)`, [
            { path: 'query.unit', message: 'Không tìm thấy đơn vị (Unit not found)' },
          ]);
        scopePath = found.path;
      }
      // Drafts only to members of the issuing unit's subtree (or above).
      const items = await listPlans(db, { scopePath, year, draftScopes: await draftScopes(c) });
      return c.json({ items }, 200);
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/plans/{id}',
      tags: ['plans'],
      summary: 'One plan, whole, with the units it refers to (a draft only for members of its issuing unit or above)',
      request: { params: z.object({ id: idParam }) },
      responses: {
        200: {
          description: 'The plan',
          content: {
            'application/json': {
              schema: z.object({ plan: planOut, units: z.array(orgUnitRefOut) }).openapi('PlanDetail'),
            },
          },
        },
        400: badRequest,
        404: notFound,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const db = c.var.deps.db;
      const plan = await getPlan(db, id);
      if (!plan) throw notFoundError(`Không có kế hoạch "${id}" (No such plan)`);
      await assertPlanVisible(c, plan);
      const referenced = new Set<string>([
        plan.issuingUnitId,
        ...(plan.reportToUnitId ? [plan.reportToUnitId] : []),
        ...plan.implementation.assignments.flatMap((a) => a.units.map((u) => u.orgUnitId)),
        ...plan.recipients.flatMap((r) => (r.orgUnitId ? [r.orgUnitId] : [])),
      ]);
      const units = (await listOrgUnitsByIds(db, [...referenced])).map(({ id: unitId, name, shortName, kind, path }) => ({ id: unitId, name, shortName, kind, path }));
      return c.json({ plan, units }, 200);
    },
  );

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const planDocumentRoutes = createRouter().openapi(
  defineRoute('public', {
    method: 'get',
    path: '/api/v1/plans/{id}/docx',
    tags: ['plans'],
    summary: 'The plan as an official .docx (Nghị định 30/2020: A4, Times New Roman, Quốc hiệu, Nơi nhận, signature)',
    request: { params: z.object({ id: idParam }) },
    responses: {
      200: { description: 'The Word document', content: { [DOCX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
      400: badRequest,
      404: notFound,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const plan = await getPlan(c.var.deps.db, id);
    if (!plan) throw notFoundError(`Không có kế hoạch "${id}" (No such plan)`);
    await assertPlanVisible(c, plan);
    const bytes = await planToDocx(plan);
    const name = `${plan.header.number ? `${plan.header.number}-` : 'du-thao-'}${plan.header.typeCode}-${plan.year}-${plan.id}.docx`;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': DOCX_TYPE,
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
  },
);
