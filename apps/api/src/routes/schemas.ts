// Response and parameter schemas shared by the routes, registered as OpenAPI components.
import { z } from '@hono/zod-openapi';
import { localDateSchema, orgUnitKinds, orgUnitSchema, planSchema } from '@binh-dang/domain';
import { problemSchema } from '../lib/problem.ts';

// Domain schemas are built before @hono/zod-openapi extends zod, so they carry OpenAPI names
// through zod's own `.meta()`.
export const orgUnitOut = orgUnitSchema.meta({ id: 'OrgUnit' });

export type OrgTreeNodeOut = z.infer<typeof orgUnitSchema> & { children: OrgTreeNodeOut[] };
export const orgTreeNodeOut: z.ZodType<OrgTreeNodeOut> = orgUnitSchema
  .extend({
    get children() {
      return z.array(orgTreeNodeOut);
    },
  })
  .meta({ id: 'OrgTreeNode' });

export const orgUnitRefOut = z
  .object({ id: z.string(), name: z.string(), shortName: z.string(), kind: z.enum(orgUnitKinds), path: z.string() })
  .openapi('OrgUnitRef');

export const planOut = planSchema.meta({ id: 'Plan' });

export const planSummaryOut = z
  .object({
    id: z.string(),
    issuingUnitId: z.string(),
    issuingUnitName: z.string(),
    year: z.number().int(),
    status: planSchema.shape.status,
    number: z.string().nullable(),
    typeCode: z.string(),
    issuerCode: z.string(),
    documentType: z.string(),
    title: z.string(),
    reportDeadline: z.string().nullable(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('PlanSummary');

export const dateParam = localDateSchema.meta({ example: '2024-06-01', description: 'Ngày theo giờ Việt Nam, YYYY-MM-DD' });

export const problemContent = { 'application/problem+json': { schema: problemSchema } };
export const badRequest = { description: 'Invalid input (problem+json with field paths)', content: problemContent };
export const notFound = { description: 'Not found (problem+json)', content: problemContent };

/** Ids in paths and queries: letters, digits, '-' and '_' (seed slugs and generated ids). */
export const idParam = z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, {
  message: 'Mã không hợp lệ: chỉ gồm chữ, số, "-" và "_" (Invalid id)',
});

/** An e-mail as typed: trimmed and lower-cased before it is checked. */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Email không hợp lệ (Invalid e-mail)' }));

export const denied = { description: 'Not signed in (401) or not allowed (403), problem+json', content: problemContent };
