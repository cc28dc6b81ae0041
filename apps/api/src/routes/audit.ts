// The audit trail of a province, for its administrators: the newest events and a verification
// of the whole hash chain that names the first broken link.
import { z } from '@hono/zod-openapi';
import { listAuditEvents, verifyAuditChain } from '@binh-dang/db';
import type { Context } from 'hono';
import { pathIds } from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { authorizeUnit } from '../lib/access.ts';
import { notFoundError } from '../lib/problem.ts';
import { createRouter } from '../lib/factory.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, denied, idParam, notFound } from './schemas.ts';

const chainParam = z.object({ provinceId: idParam });

const eventOut = z
  .object({
    id: z.string(),
    chain: z.string(),
    seq: z.number().int(),
    at: z.string(),
    actorUserId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    orgUnitId: z.string().nullable(),
    before: z.string().nullable(),
    after: z.string().nullable(),
    ip: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEvent');

/** Audit chains are per province: the unit must be one (a root of the tree). */
async function authorizeProvince(c: Context<AppEnv>, provinceId: string) {
  const { unit } = await authorizeUnit(c, provinceId, 'params.provinceId');
  if (pathIds(unit.path).length !== 1)
    throw notFoundError('Nhật ký được lưu theo tỉnh (Audit trails are kept per province)', [
      { path: 'params.provinceId', message: 'Không phải mã tỉnh (Not a province id)' },
    ]);
  return unit;
}

export const auditRoutes = createRouter()
  .openapi(
    defineRoute('audit.read', {
      method: 'get',
      path: '/api/v1/audit/{provinceId}/events',
      tags: ['audit'],
      summary: "A province's audit events, newest first",
      request: {
        params: chainParam,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ type: 'integer' }),
          beforeSeq: z.coerce.number().int().min(1).optional().openapi({ type: 'integer' }),
        }),
      },
      responses: {
        200: { description: 'Events', content: { 'application/json': { schema: z.object({ items: z.array(eventOut) }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const unit = await authorizeProvince(c, c.req.valid('param').provinceId);
      const { limit, beforeSeq } = c.req.valid('query');
      const items = await listAuditEvents(c.var.deps.db, { chain: unit.id, limit, beforeSeq });
      return c.json({ items }, 200);
    },
  )
  .openapi(
    defineRoute('audit.read', {
      method: 'get',
      path: '/api/v1/audit/{provinceId}/verify',
      tags: ['audit'],
      summary: "Verifies a province's audit hash chain and names the first broken link",
      request: { params: chainParam },
      responses: {
        200: {
          description: 'The verification result',
          content: {
            'application/json': {
              schema: z
                .object({
                  chain: z.string(),
                  ok: z.boolean(),
                  checked: z.number().int(),
                  firstBroken: z.object({ seq: z.number().int(), id: z.string(), reason: z.string() }).optional(),
                })
                .openapi('AuditVerification'),
            },
          },
        },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const unit = await authorizeProvince(c, c.req.valid('param').provinceId);
      const result = await verifyAuditChain(c.var.deps.db, unit.id);
      return c.json(
        result.ok
          ? { chain: result.chain, ok: true, checked: result.checked }
          : { chain: result.chain, ok: false, checked: result.checked, firstBroken: { seq: result.firstBroken.seq, id: result.firstBroken.id, reason: result.firstBroken.reason } },
        200,
      );
    },
  );
