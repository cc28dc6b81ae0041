import { z } from '@hono/zod-openapi';
import { createRouter } from '../lib/factory.ts';
import { defineRoute } from '../lib/route.ts';

const healthSchema = z
  .object({ status: z.literal('ok'), service: z.string(), time: z.string() })
  .openapi('Health');

export const healthRoutes = createRouter().openapi(
  defineRoute('public', {
    method: 'get',
    path: '/api/health',
    tags: ['system'],
    summary: 'Liveness check (kiểm tra hoạt động)',
    responses: { 200: { description: 'The API is up', content: { 'application/json': { schema: healthSchema } } } },
  }),
  (c) => c.json({ status: 'ok' as const, service: 'binh-dang-api', time: c.var.deps.now().toISOString() }, 200),
);
