import { z } from '@hono/zod-openapi';
import { buildTree } from '@binh-dang/domain';
import { listOrgUnits } from '@binh-dang/db';
import { createRouter } from '../lib/factory.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, dateParam, orgTreeNodeOut } from './schemas.ts';

export const orgUnitRoutes = createRouter().openapi(
  defineRoute('public', {
    method: 'get',
    path: '/api/v1/org-units',
    tags: ['org units'],
    summary: 'The org tree (cây đơn vị), optionally as in force on a day',
    description:
      'Without `at`: every unit that ever existed, nested under its parent (old and new provinces are both roots). ' +
      'With `at=YYYY-MM-DD`: only the units in force that day.',
    request: { query: z.object({ at: dateParam.optional() }) },
    responses: {
      200: {
        description: 'The tree',
        content: {
          'application/json': {
            schema: z.object({ at: z.string().nullable(), roots: z.array(orgTreeNodeOut) }).openapi('OrgTree'),
          },
        },
      },
      400: badRequest,
    },
  }),
  async (c) => {
    const { at } = c.req.valid('query');
    const units = await listOrgUnits(c.var.deps.db);
    return c.json({ at: at ?? null, roots: buildTree(units, at ?? null) }, 200);
  },
);
