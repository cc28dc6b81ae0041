// The indicator catalogue (public), indicators a province adds, targets per unit and year, and
// what each plan asks its units to report (periods with deadlines, indicators).
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  getIndicator,
  getPlan,
  getTargetSet,
  getPlanReporting,
  insertIndicatorStatement,
  isStaleWrite,
  listIndicators,
  listTargets,
  saveTargetStatements,
  setPlanReportingStatements,
  updateIndicatorStatements,
  type PlanReporting,
} from '@binh-dang/db';
import {
  checkCatalogue,
  indicatorSchema,
  localDateSchema,
  parsePeriod,
  periodCodeSchema,
  targetComparators,
  type Indicator,
} from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { assertPlanVisible, authorizeUnit } from '../lib/access.ts';
import { recordAudit } from '../lib/audit.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, notFoundError, problem } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, denied, idParam, notFound, problemContent } from './schemas.ts';

const indicatorOut = indicatorSchema.meta({ id: 'Indicator' });
const indicatorRecordOut = z
  .object({ indicator: indicatorOut, builtin: z.boolean(), ownerUnitId: z.string().nullable(), version: z.number().int() })
  .openapi('IndicatorRecord');
const conflict = { description: 'Stale version or not allowed in this state (problem+json)', content: problemContent };
const targetsOut = z.object({
  items: z.array(z.object({ indicatorCode: z.string(), year: z.number().int(), comparator: z.string(), value: z.number() })),
  /** The version of the year's targets (0 before the first save); null when no year was asked. */
  version: z.number().int().nullable(),
});

const reportingOut = z
  .object({
    periods: z.array(z.object({ period: z.string(), deadline: z.string() })),
    indicatorCodes: z.array(z.string()),
    /** Pass it back when saving: a change made by someone else meanwhile gives 409. */
    revision: z.string(),
  })
  .openapi('PlanReporting');

/** A short fingerprint of a plan's reporting settings (FNV-1a), for optimistic saves. */
export function reportingRevision(r: PlanReporting): string {
  const text = JSON.stringify([r.periods.map((p) => [p.period, p.deadline]).sort(), r.indicatorCodes]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export { defaultReporting } from '@binh-dang/domain';

async function loadPlan(c: Context<AppEnv>, id: string) {
  const plan = await getPlan(c.var.deps.db, id);
  if (!plan) throw notFoundError('Không có kế hoạch (No such plan)', [{ path: 'params.id', message: 'Không tìm thấy (Not found)' }]);
  return plan;
}

async function catalogueProblems(c: Context<AppEnv>, changed: Indicator, path: string) {
  const all = (await listIndicators(c.var.deps.db)).map((r) => r.indicator).filter((i) => i.code !== changed.code);
  const problems = checkCatalogue([...all, changed]).filter((p) => p.code === changed.code);
  if (problems.length) throw new ProblemError(problem('validation', { errors: problems.map((p) => ({ path, message: p.message })) }));
}

const targetInput = z
  .object({
    indicatorCode: z.string().min(1).max(60),
    comparator: z.enum(targetComparators),
    /** null removes the unit's target for that year. */
    value: z.number().finite().nullable(),
  })
  .strict();

export const indicatorRoutes = createRouter()
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/indicators',
      tags: ['indicators'],
      summary: 'The indicator catalogue: Nghị quyết 28/NQ-CP targets, operational indicators and those provinces added',
      responses: { 200: { description: 'Indicators', content: { 'application/json': { schema: z.object({ items: z.array(indicatorRecordOut) }) } } } },
    }),
    async (c) => c.json({ items: await listIndicators(c.var.deps.db) }, 200),
  )
  .openapi(
    defineRoute('indicators.manage', {
      method: 'post',
      path: '/api/v1/org-units/{unitId}/indicators',
      tags: ['indicators'],
      summary: 'Add an indicator of this province (administrators)',
      request: {
        params: z.object({ unitId: idParam }),
        body: { required: true, content: { 'application/json': { schema: z.object({ indicator: indicatorSchema.strict() }).strict() } } },
      },
      responses: {
        201: { description: 'Added', content: { 'application/json': { schema: z.object({ indicator: indicatorRecordOut }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
        409: conflict,
      },
    }),
    async (c) => {
      const { unit, viewer } = await authorizeUnit(c, c.req.valid('param').unitId);
      const { indicator } = c.req.valid('json');
      if (await getIndicator(c.var.deps.db, indicator.code))
        throw new ProblemError(problem('validation', { errors: [{ path: 'body.indicator.code', message: `Mã ${indicator.code} đã có (This code is taken)` }] }));
      await catalogueProblems(c, indicator, 'body.indicator');
      await recordAudit(
        c,
        { action: 'indicator.create', entityType: 'indicator', entityId: indicator.code, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: indicator },
        [insertIndicatorStatement(c.var.deps.db, indicator, unit.id)],
      );
      return c.json({ indicator: (await getIndicator(c.var.deps.db, indicator.code))! }, 201);
    },
  )
  .openapi(
    defineRoute('indicators.manage', {
      method: 'put',
      path: '/api/v1/org-units/{unitId}/indicators/{code}',
      tags: ['indicators'],
      summary:
        "Edit an indicator the province added, or confirm a built-in one flagged 'to-confirm' (shared by every province); `version` must be the one you saw",
      request: {
        params: z.object({ unitId: idParam, code: z.string().min(1).max(60) }),
        body: { required: true, content: { 'application/json': { schema: z.object({ version: z.number().int().min(1), indicator: indicatorSchema.strict() }).strict() } } },
      },
      responses: {
        200: { description: 'Saved', content: { 'application/json': { schema: z.object({ indicator: indicatorRecordOut }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
        409: conflict,
      },
    }),
    async (c) => {
      const { unitId, code } = c.req.valid('param');
      const { unit, viewer } = await authorizeUnit(c, unitId);
      const { version, indicator } = c.req.valid('json');
      const db = c.var.deps.db;
      const before = await getIndicator(db, code);
      if (!before) throw notFoundError('Không có chỉ tiêu này (No such indicator)', [{ path: 'params.code', message: 'Không tìm thấy (Not found)' }]);
      if (indicator.code !== code)
        throw new ProblemError(problem('validation', { errors: [{ path: 'body.indicator.code', message: 'Không đổi được mã chỉ tiêu (The code cannot change)' }] }));
      const editable = before.builtin ? before.indicator.verification === 'to-confirm' && unit.path.split('/').length === 3 : before.ownerUnitId === unit.id;
      if (!editable)
        throw new ProblemError(
          problem('forbidden', {
            detail: before.builtin
              ? 'Chỉ tiêu có sẵn đã xác minh chỉ thay đổi theo văn bản mới, bằng bản cập nhật phần mềm; chỉ tiêu "cần xác nhận" do quản trị cấp tỉnh xác nhận (Verified built-in indicators change only with a software update; to-confirm ones are confirmed at province level)'
              : 'Chỉ tiêu này do tỉnh khác thêm (Another province owns this indicator)',
          }),
        );
      if (version !== before.version)
        throw new ProblemError({ ...problem('conflict', { detail: `Chỉ tiêu đã được sửa (phiên bản ${before.version}) (Someone saved first)` }), current: before } as never);
      await catalogueProblems(c, indicator, 'body.indicator');
      try {
        await recordAudit(
          c,
          { action: 'indicator.update', entityType: 'indicator', entityId: code, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, before: before.indicator, after: indicator },
          updateIndicatorStatements(db, indicator, version, c.var.deps.now().toISOString()),
        );
      } catch (error) {
        if (isStaleWrite(error))
          throw new ProblemError({ ...problem('conflict', { detail: 'Chỉ tiêu đã được sửa (Someone saved first)' }), current: await getIndicator(db, code) } as never);
        throw error;
      }
      return c.json({ indicator: (await getIndicator(db, code))! }, 200);
    },
  )
  .openapi(
    defineRoute('reports.read', {
      method: 'get',
      path: '/api/v1/org-units/{unitId}/targets',
      tags: ['indicators'],
      summary: "A unit's own targets (the national targets are in the catalogue); with `year`, also the version to save that year's targets with",
      request: { params: z.object({ unitId: idParam }), query: z.object({ year: z.coerce.number().int().min(2000).max(2999).optional() }) },
      responses: {
        200: {
          description: 'Targets',
          content: { 'application/json': { schema: targetsOut } },
        },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
      const { year } = c.req.valid('query');
      if (year === undefined) return c.json({ items: await listTargets(c.var.deps.db, unit.id), version: null }, 200);
      const { items, version } = await getTargetSet(c.var.deps.db, unit.id, year);
      return c.json({ items, version }, 200);
    },
  )
  .openapi(
    defineRoute('targets.manage', {
      method: 'put',
      path: '/api/v1/org-units/{unitId}/targets',
      tags: ['indicators'],
      summary:
        "Set (or with value null, remove) a unit's targets for a year; `version` must be the one GET gave for that year (0 before the first save), else 409 with `current` and nothing written",
      request: {
        params: z.object({ unitId: idParam }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({ year: z.number().int().min(2000).max(2999), version: z.number().int().min(0).max(2_147_483_647), targets: z.array(targetInput).min(1).max(200) })
                .strict(),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'The unit’s targets of that year, with the new version',
          content: { 'application/json': { schema: targetsOut } },
        },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
        409: { description: 'Someone saved that year’s targets first: `current` holds them as stored now, with their version (problem+json)', content: problemContent },
      },
    }),
    async (c) => {
      const { unit, viewer } = await authorizeUnit(c, c.req.valid('param').unitId);
      const { year, version, targets } = c.req.valid('json');
      const db = c.var.deps.db;
      const known = new Map((await listIndicators(db)).map((r) => [r.indicator.code, r.indicator]));
      const errors = targets.flatMap((t, i) => {
        const ind = known.get(t.indicatorCode);
        if (!ind) return [{ path: `body.targets.${i}.indicatorCode`, message: `Không có chỉ tiêu ${t.indicatorCode} (Unknown indicator)` }];
        if (t.value !== null && ind.unit === '%' && (t.value < 0 || t.value > 100))
          return [{ path: `body.targets.${i}.value`, message: 'Tỷ lệ phải từ 0 đến 100 (A percentage must be between 0 and 100)' }];
        if (t.value !== null && t.value < 0) return [{ path: `body.targets.${i}.value`, message: 'Mục tiêu không được âm (A target must not be negative)' }];
        return [];
      });
      if (errors.length) throw new ProblemError(problem('validation', { errors }));
      const stale = (current: Awaited<ReturnType<typeof getTargetSet>>) =>
        new ProblemError({
          ...problem('conflict', {
            detail: `Mục tiêu năm ${year} của đơn vị đã được người khác lưu (phiên bản ${current.version}) (Someone saved these targets first)`,
          }),
          current,
        } as never);
      const before = await getTargetSet(db, unit.id, year);
      if (version !== before.version) throw stale(before);
      const at = c.var.deps.now().toISOString();
      try {
        await recordAudit(
          c,
          {
            action: 'targets.set',
            entityType: 'org_unit',
            entityId: unit.id,
            orgUnitId: unit.id,
            orgUnitPath: unit.path,
            actorUserId: viewer.userId,
            actorLabel: viewer.email,
            before: { year, version, targets: before.items },
            after: { year, version: version + 1, targets },
          },
          saveTargetStatements(db, unit.id, year, version, targets, viewer.email, at),
        );
      } catch (error) {
        if (isStaleWrite(error)) throw stale(await getTargetSet(db, unit.id, year));
        throw error;
      }
      const { items, version: saved } = await getTargetSet(db, unit.id, year);
      return c.json({ items, version: saved }, 200);
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/api/v1/plans/{id}/reporting',
      tags: ['reports'],
      summary: 'What a plan asks its units to report: periods with deadlines, and indicators (a draft\'s only for members of its issuing unit or above)',
      request: { params: z.object({ id: idParam }) },
      responses: { 200: { description: 'Reporting settings', content: { 'application/json': { schema: reportingOut } } }, 400: badRequest, 404: notFound },
    }),
    async (c) => {
      const plan = await loadPlan(c, c.req.valid('param').id);
      await assertPlanVisible(c, plan);
      const reporting = await getPlanReporting(c.var.deps.db, plan.id);
      return c.json({ ...reporting, revision: reportingRevision(reporting) }, 200);
    },
  )
  .openapi(
    defineRoute('plans.edit', {
      method: 'put',
      path: '/api/v1/plans/{id}/reporting',
      tags: ['reports'],
      summary: "Set a plan's reporting periods, deadlines and indicators; `revision` must be the one you read (else 409)",
      request: {
        params: z.object({ id: idParam }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  revision: z.string().max(20),
                  periods: z.array(z.object({ period: periodCodeSchema, deadline: localDateSchema }).strict()).min(1).max(60),
                  indicatorCodes: z.array(z.string().min(1).max(60)).min(1).max(200),
                })
                .strict(),
            },
          },
        },
      },
      responses: { 200: { description: 'Saved', content: { 'application/json': { schema: reportingOut } } }, 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict },
    }),
    async (c) => {
      const plan = await loadPlan(c, c.req.valid('param').id);
      const { unit, viewer } = await authorizeUnit(c, plan.issuingUnitId, 'params.id');
      const body = c.req.valid('json');
      const db = c.var.deps.db;
      const before = await getPlanReporting(db, plan.id);
      if (body.revision !== reportingRevision(before))
        throw new ProblemError({ ...problem('conflict', { detail: 'Cài đặt báo cáo đã được người khác thay đổi (Someone changed the reporting settings first)' }), current: { ...before, revision: reportingRevision(before) } } as never);
      const known = new Set((await listIndicators(db)).map((r) => r.indicator.code));
      const errors: { path: string; message: string }[] = [];
      const seenPeriods = new Set<string>();
      body.periods.forEach((p, i) => {
        const period = parsePeriod(p.period)!;
        if (period.year !== plan.year)
          errors.push({ path: `body.periods.${i}.period`, message: `Kỳ ${p.period} nằm ngoài năm của kế hoạch (${plan.year}) (Outside the plan's year)` });
        if (seenPeriods.has(p.period)) errors.push({ path: `body.periods.${i}.period`, message: 'Kỳ bị trùng (Duplicate period)' });
        seenPeriods.add(p.period);
      });
      const seenCodes = new Set<string>();
      body.indicatorCodes.forEach((code, i) => {
        if (!known.has(code)) errors.push({ path: `body.indicatorCodes.${i}`, message: `Không có chỉ tiêu ${code} (Unknown indicator)` });
        if (seenCodes.has(code)) errors.push({ path: `body.indicatorCodes.${i}`, message: 'Chỉ tiêu bị trùng (Duplicate indicator)' });
        seenCodes.add(code);
      });
      if (errors.length) throw new ProblemError(problem('validation', { errors }));
      const after: PlanReporting = { periods: body.periods, indicatorCodes: body.indicatorCodes };
      await recordAudit(
        c,
        { action: 'plan.reporting', entityType: 'plan', entityId: plan.id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, before, after },
        setPlanReportingStatements(db, plan.id, after),
      );
      const saved = await getPlanReporting(db, plan.id);
      return c.json({ ...saved, revision: reportingRevision(saved) }, 200);
    },
  );

