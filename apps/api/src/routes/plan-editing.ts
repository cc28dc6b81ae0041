// Writing plans: create a draft, save it (optimistic concurrency: a stale version gets 409 with
// the current plan), issue it (number, date, lock), amend an issued plan (a new draft that keeps
// the old one readable), and cascade it to a lower unit. Every write is audited in the same
// transaction.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import {
  bumpPublicationStatement,
  childPlans,
  dutyTrackingInserts,
  getPlan,
  getPlanReporting,
  setPlanReportingStatements,
  insertPlanStatements,
  isStaleWrite,
  listOrgUnitsByIds,
  replacePlanStatements,
  schema,
  type Db,
} from '@binh-dang/db';
import {
  localDateSchema,
  newId,
  parseLocalDate,
  planContentSchema,
  type Plan,
  type PlanContent,
} from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { assertPlanVisible, authorizeUnit } from '../lib/access.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, notFoundError, problem } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { recordAudit } from '../lib/audit.ts';
import { defaultReporting } from './indicators.ts';
import { badRequest, denied, idParam, notFound, planOut, problemContent } from './schemas.ts';

const conflict = { description: 'Stale version or wrong state (problem+json with the current plan)', content: problemContent };
const planResponse = { description: 'The plan', content: { 'application/json': { schema: z.object({ plan: planOut }) } } };

/** Draft edits re-key assignments and duties by position; they become stable once issued. */
function rekey(planId: string, content: PlanContent): PlanContent {
  return {
    ...content,
    implementation: {
      ...content.implementation,
      assignments: content.implementation.assignments.map((a, i) => ({
        ...a,
        id: `${planId}-a${i + 1}`,
        duties: a.duties.map((d, j) => ({ ...d, id: `${planId}-a${i + 1}-d${j + 1}` })),
      })),
    },
  };
}

/** Every org unit a plan's content names must exist; unknown ones are 400 with their paths. */
async function checkUnits(c: Context<AppEnv>, content: PlanContent, prefix = 'body.content') {
  // A unit named twice in one assignment is one row (assignment, unit): refuse it, not a 500.
  const repeated = content.implementation.assignments.flatMap((a, i) => {
    const seen = new Set<string>();
    return a.units.flatMap((u, j) => {
      if (!seen.has(u.orgUnitId)) {
        seen.add(u.orgUnitId);
        return [];
      }
      return [{ path: `${prefix}.implementation.assignments.${i}.units.${j}.orgUnitId`, message: `Đơn vị "${u.orgUnitId}" đã có trong phần này (The unit is already named in this assignment)` }];
    });
  });
  if (repeated.length) throw new ProblemError(problem('validation', { errors: repeated }));
  const refs = [
    ...content.implementation.assignments.flatMap((a, i) =>
      a.units.map((u, j) => ({ id: u.orgUnitId, path: `${prefix}.implementation.assignments.${i}.units.${j}.orgUnitId` })),
    ),
    ...content.recipients.flatMap((r, i) => (r.orgUnitId ? [{ id: r.orgUnitId, path: `${prefix}.recipients.${i}.orgUnitId` }] : [])),
    ...(content.reportToUnitId ? [{ id: content.reportToUnitId, path: `${prefix}.reportToUnitId` }] : []),
  ];
  const known = new Set((await listOrgUnitsByIds(c.var.deps.db, [...new Set(refs.map((r) => r.id))])).map((u) => u.id));
  const unknown = refs.filter((r) => !known.has(r.id));
  if (unknown.length)
    throw new ProblemError(
      problem('validation', { errors: unknown.map((r) => ({ path: r.path, message: `Không có đơn vị "${r.id}" (Unknown org unit)` })) }),
    );
}

async function loadPlan(c: Context<AppEnv>, id: string) {
  const plan = await getPlan(c.var.deps.db, id);
  if (!plan) throw notFoundError(`Không có kế hoạch "${id}" (No such plan)`);
  return plan;
}

const stale = (current: Plan) =>
  new ProblemError({
    ...problem('conflict', {
      detail: `Kế hoạch đã được người khác lưu (phiên bản ${current.version}). Xem bản hiện tại trong "current" rồi lưu lại (Someone saved first; see "current").`,
    }),
    current,
  } as never);

const locked = (plan: Plan) =>
  new ProblemError(
    problem('conflict', {
      detail:
        plan.status === 'issued'
          ? 'Kế hoạch đã ban hành nên không sửa trực tiếp được; hãy tạo bản sửa đổi (POST /api/v1/plans/{id}/amendments) (Issued plans are locked: amend instead)'
          : 'Kế hoạch đã được thay thế bởi bản sửa đổi (This plan was superseded)',
    }),
  );

const versionField = z.number().int().min(1);

/** Runs a version-guarded write; when the guard trips, answers 409 with the plan as it now is. */
async function guarded(c: Context<AppEnv>, planId: string, write: () => Promise<void>) {
  try {
    await write();
  } catch (error) {
    if (isStaleWrite(error)) throw stale(await loadPlan(c, planId));
    throw error;
  }
}

async function reportingOnIssue(db: Db, plan: Plan) {
  if ((await getPlanReporting(db, plan.id)).periods.length) return [];
  const inherited = plan.amendsPlanId ? await getPlanReporting(db, plan.amendsPlanId) : null;
  return [
    ...setPlanReportingStatements(db, plan.id, inherited?.periods.length ? inherited : defaultReporting(plan)),
    ...(plan.amendsPlanId ? [db.update(schema.reports).set({ planId: plan.id }).where(eq(schema.reports.planId, plan.amendsPlanId))] : []),
  ];
}

export const planEditingRoutes = createRouter()
  .openapi(
    defineRoute('plans.edit', {
      method: 'post',
      path: '/api/v1/org-units/{unitId}/plans',
      tags: ['plans'],
      summary: 'Create a draft plan (dự thảo) issued by this unit',
      request: {
        params: z.object({ unitId: idParam }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ year: z.number().int().min(2000).max(2999), content: planContentSchema }).strict(),
            },
          },
        },
      },
      responses: { 201: planResponse, 400: badRequest, 401: denied, 403: denied, 404: notFound },
    }),
    async (c) => {
      const { unit, viewer } = await authorizeUnit(c, c.req.valid('param').unitId);
      const { year, content } = c.req.valid('json');
      await checkUnits(c, content);
      const { now } = c.var.deps;
      const id = newId(now());
      const plan: Plan = {
        ...rekey(id, content),
        header: { ...content.header, number: null },
        id,
        issuingUnitId: unit.id,
        year,
        status: 'draft',
        version: 1,
        provenance: 'demo',
        parentPlanId: null,
        amendsPlanId: null,
        issuedAt: null,
        updatedAt: now().toISOString(),
      };
      await recordAudit(
        c,
        { action: 'plan.create', entityType: 'plan', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: plan },
        await insertPlanStatements(c.var.deps.db, plan),
      );
      return c.json({ plan: (await loadPlan(c, id)) }, 201);
    },
  )
  .openapi(
    defineRoute('plans.edit', {
      method: 'put',
      path: '/api/v1/plans/{id}',
      tags: ['plans'],
      summary: 'Save a draft plan; `version` must be the one you edited (else 409 with the current plan)',
      request: {
        params: z.object({ id: idParam }),
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ version: versionField, content: planContentSchema }).strict() } },
        },
      },
      responses: { 200: planResponse, 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict },
    }),
    async (c) => {
      const before = await loadPlan(c, c.req.valid('param').id);
      const { unit, viewer } = await authorizeUnit(c, before.issuingUnitId, 'params.id');
      const { version, content } = c.req.valid('json');
      if (before.status !== 'draft') throw locked(before);
      if (version !== before.version) throw stale(before);
      await checkUnits(c, content);
      const now = c.var.deps.now().toISOString();
      const after: Plan = { ...before, ...rekey(before.id, content), header: { ...content.header, number: null }, version: version + 1, updatedAt: now };
      await guarded(c, before.id, () =>
        recordAudit(
          c,
          { action: 'plan.update', entityType: 'plan', entityId: before.id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, before, after },
          replacePlanStatements(c.var.deps.db, after, version),
        ),
      );
      return c.json({ plan: await loadPlan(c, before.id) }, 200);
    },
  )
  .openapi(
    defineRoute('plans.issue', {
      method: 'post',
      path: '/api/v1/plans/{id}/issue',
      tags: ['plans'],
      summary: 'Issue (ban hành) a draft: gives its number and date and locks it; an amended plan becomes superseded',
      request: {
        params: z.object({ id: idParam }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  version: versionField,
                  number: z.string().trim().regex(/^\d{1,6}$/, { message: 'Số văn bản là số, ví dụ 12 (The number is digits, e.g. 12)' }),
                  date: localDateSchema,
                })
                .strict(),
            },
          },
        },
      },
      responses: { 200: planResponse, 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict },
    }),
    async (c) => {
      const before = await loadPlan(c, c.req.valid('param').id);
      const { unit, viewer } = await authorizeUnit(c, before.issuingUnitId, 'params.id');
      const { version, number, date } = c.req.valid('json');
      if (before.status !== 'draft') throw locked(before);
      if (version !== before.version) throw stale(before);
      const d = parseLocalDate(date);
      const now = c.var.deps.now().toISOString();
      const after: Plan = {
        ...before,
        status: 'issued',
        header: { ...before.header, number, date: { year: d.year, month: d.month, day: d.day } },
        issuedAt: now,
        version: version + 1,
        updatedAt: now,
      };
      const db = c.var.deps.db;
      await guarded(c, before.id, async () =>
        recordAudit(
          c,
          { action: 'plan.issue', entityType: 'plan', entityId: before.id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, before: { status: before.status, number: null }, after: { status: 'issued', number, date } },
          [
            ...(await replacePlanStatements(db, after, version)),
            db.update(schema.plans).set({ issuedBy: viewer.userId }).where(eq(schema.plans.id, before.id)),
            // Every duty line becomes a tracked duty of each unit it is addressed to.
            ...(await dutyTrackingInserts(db, after)),
            // Issued plans are public: invalidate the province's public pages.
            bumpPublicationStatement(db, unit.path, now),
            // Reporting opens with the drafter's settings, else the amended plan's, else the defaults;
            // reports already opened under the amended plan carry on under this one.
            ...(await reportingOnIssue(db, after)),
            ...(before.amendsPlanId
              ? [db.update(schema.plans).set({ status: 'superseded', updatedAt: now }).where(eq(schema.plans.id, before.amendsPlanId))]
              : []),
          ],
        ),
      );
      return c.json({ plan: await loadPlan(c, before.id) }, 200);
    },
  )
  .openapi(
    defineRoute('plans.edit', {
      method: 'post',
      path: '/api/v1/plans/{id}/amendments',
      tags: ['plans'],
      summary: 'Start an amendment of an issued plan: a new draft copy; the issued plan stays readable',
      request: { params: z.object({ id: idParam }) },
      responses: { 201: planResponse, 401: denied, 403: denied, 404: notFound, 409: conflict },
    }),
    async (c) => {
      const source = await loadPlan(c, c.req.valid('param').id);
      const { unit, viewer } = await authorizeUnit(c, source.issuingUnitId, 'params.id');
      if (source.status !== 'issued')
        throw new ProblemError(problem('conflict', { detail: 'Chỉ sửa đổi được kế hoạch đã ban hành (Only issued plans can be amended)' }));
      const { now } = c.var.deps;
      const id = newId(now());
      const draft: Plan = {
        ...source,
        ...rekey(id, source),
        id,
        status: 'draft',
        version: 1,
        header: { ...source.header, number: null, date: { year: source.header.date.year, month: null, day: null } },
        amendsPlanId: source.id,
        issuedAt: null,
        updatedAt: now().toISOString(),
      };
      await recordAudit(
        c,
        { action: 'plan.amend', entityType: 'plan', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: { amends: source.id } },
        await insertPlanStatements(c.var.deps.db, draft),
      );
      return c.json({ plan: await loadPlan(c, id) }, 201);
    },
  )
  .openapi(
    defineRoute('plans.edit', {
      method: 'post',
      path: '/api/v1/plans/{id}/cascade',
      tags: ['plans'],
      summary: "Start a lower unit's plan from an issued plan: cites it, carries over its tasks and the duties addressed to that unit",
      request: {
        params: z.object({ id: idParam }),
        body: { required: true, content: { 'application/json': { schema: z.object({ unitId: idParam }).strict() } } },
      },
      responses: { 201: planResponse, 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict },
    }),
    async (c) => {
      const parent = await getPlan(c.var.deps.db, c.req.valid('param').id);
      if (!parent) throw notFoundError('Không có kế hoạch (No such plan)');
      const { unit, viewer } = await authorizeUnit(c, c.req.valid('json').unitId, 'body.unitId');
      if (parent.status !== 'issued')
        throw new ProblemError(problem('conflict', { detail: 'Chỉ xây dựng kế hoạch từ kế hoạch đã ban hành (Cascade from an issued plan)' }));
      const [issuer] = await listOrgUnitsByIds(c.var.deps.db, [parent.issuingUnitId]);
      if (!issuer || !unit.path.startsWith(issuer.path) || unit.id === issuer.id)
        throw new ProblemError(
          problem('validation', { errors: [{ path: 'body.unitId', message: 'Đơn vị phải thuộc cấp dưới của đơn vị ban hành (The unit must be below the issuer)' }] }),
        );
      const { now } = c.var.deps;
      const id = newId(now());
      const addressed = parent.implementation.assignments.filter((a) => a.units.some((u) => u.orgUnitId === unit.id));
      const parentDate = parent.issuedAt ? parent.issuedAt.slice(0, 10) : null;
      const docDate = parent.header.date;
      const issuedOn =
        docDate.day && docDate.month ? `${docDate.year}-${String(docDate.month).padStart(2, '0')}-${String(docDate.day).padStart(2, '0')}` : parentDate;
      const draft: Plan = {
        ...rekey(id, {
          ...parent,
          header: {
            parentBody: `UBND ${issuer.name}`.toUpperCase(),
            issuingBody: `ỦY BAN NHÂN DÂN ${unit.name.toUpperCase()}`,
            number: null,
            typeCode: parent.header.typeCode,
            issuerCode: parent.header.issuerCode,
            place: unit.name.replace(/^(Xã|Thị trấn|Phường|Huyện) /, ''),
            date: { year: parent.year, month: null, day: null },
          },
          title: parent.title,
          legalBases: [
            {
              verb: 'Căn cứ',
              documentKind: 'Kế hoạch',
              number: `${parent.header.number}/${parent.header.typeCode}-${parent.header.issuerCode}`,
              issuedOn,
              // "UBND huyện Lâm Thao": the unit's name with its kind in lower case, as texts cite it.
              issuer: `UBND ${issuer.name.charAt(0).toLowerCase()}${issuer.name.slice(1)}`,
              summary: `về ${parent.title.charAt(0).toLowerCase()}${parent.title.slice(1)}`,
              text: null,
              citedPlanId: parent.id,
            },
          ],
          preambleClosing: `${unit.name} xây dựng Kế hoạch ${parent.title.charAt(0).toLowerCase()}${parent.title.slice(1)} như sau:`,
          implementation: {
            heading: parent.implementation.heading,
            assignments: addressed.length
              ? addressed.map((a) => ({ ...a, units: [{ orgUnitId: unit.id, role: 'lead' as const }] }))
              : parent.implementation.assignments.slice(0, 0),
          },
          closing: null,
          reportDeadline: parent.reportDeadline,
          reportToUnitId: parent.reportToUnitId,
          recipients: [],
          signature: null,
        }),
        id,
        issuingUnitId: unit.id,
        year: parent.year,
        status: 'draft',
        version: 1,
        provenance: 'demo',
        parentPlanId: parent.id,
        amendsPlanId: null,
        issuedAt: null,
        updatedAt: now().toISOString(),
      };
      if (draft.implementation.assignments.length === 0)
        draft.implementation.assignments = [
          { id: `${id}-a1`, label: '1.', heading: unit.name, isRequest: false, style: 'paragraph', units: [{ orgUnitId: unit.id, role: 'lead' }], duties: [{ id: `${id}-a1-d1`, text: 'Tổ chức thực hiện kế hoạch trên địa bàn.', role: 'lead', dueDate: null }] },
        ];
      await recordAudit(
        c,
        { action: 'plan.cascade', entityType: 'plan', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: { parentPlanId: parent.id } },
        await insertPlanStatements(c.var.deps.db, draft),
      );
      return c.json({ plan: await loadPlan(c, id) }, 201);
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/plans/{id}/cascade',
      tags: ['plans'],
      summary: 'Which units the plan addresses have started or issued their own plans from it',
      request: { params: z.object({ id: idParam }) },
      responses: {
        200: {
          description: 'One row per addressed unit',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(
                  z.object({
                    orgUnitId: z.string(),
                    orgUnitName: z.string(),
                    planId: z.string().nullable(),
                    status: z.enum(['none', 'draft', 'issued', 'superseded']),
                  }),
                ),
              }),
            },
          },
        },
        400: badRequest,
        404: notFound,
      },
    }),
    async (c) => {
      const plan = await loadPlan(c, c.req.valid('param').id);
      await assertPlanVisible(c, plan);
      const unitIds = [...new Set(plan.implementation.assignments.flatMap((a) => a.units.map((u) => u.orgUnitId)))];
      const units = await listOrgUnitsByIds(c.var.deps.db, unitIds);
      const children = await childPlans(c.var.deps.db, plan.id);
      const items = units
        .filter((u) => u.kind !== 'agency')
        .map((u) => {
          const child = children.find((p) => p.issuingUnitId === u.id);
          return { orgUnitId: u.id, orgUnitName: u.name, planId: child?.id ?? null, status: child?.status ?? ('none' as const) };
        });
      return c.json({ items }, 200);
    },
  );
