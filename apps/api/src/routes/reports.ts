// Periodic reports: a unit's values and narratives for one period of a plan, saved as drafts,
// submitted, returned or approved by the level above, locked. Every move is one version-guarded
// atomic batch with its history event and audit event; approval makes the values count in the
// roll-up in the same transaction.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  createReportStatements,
  findReport,
  getPlan,
  isStaleWrite,
  listUnitReports,
  reportHistory,
  reportOverrideHistory,
  reportingSlots,
  saveReportStatements,
  transitionReportStatements,
  schema,
  type ReportRow,
} from '@binh-dang/db';
import { eq } from 'drizzle-orm';
import {
  applyComputedValues,
  computedSourceKinds,
  dataValueCategories,
  dataValueSchema,
  editableReportStatuses,
  newId,
  nextReportStatus,
  periodCodeSchema,
  reportActionLabels,
  reportStatuses,
  todayInVietnam,
  type DataValue,
  type ReportAction,
  type ReportStatus,
} from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { authorizeUnit } from '../lib/access.ts';
import { recordAudit } from '../lib/audit.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, problem } from '../lib/problem.ts';
import { checkReport, loadReportRow, reportDetail, reportInReach, type PlanIndicatorSet } from '../lib/report-context.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, denied, idParam, notFound, orgUnitRefOut, problemContent } from './schemas.ts';

const conflict = { description: 'Stale version or a state that does not allow it (problem+json with `current`)', content: problemContent };
const versionField = z.number().int().min(1);

export const reportSummaryOut = z
  .object({
    id: z.string(),
    planId: z.string(),
    orgUnitId: z.string(),
    period: z.string(),
    status: z.enum(reportStatuses),
    version: z.number().int(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    returnComment: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('ReportSummary');

const issueOut = z.object({ path: z.string(), message: z.string() });
const validationOut = z.object({ errors: z.array(issueOut), warnings: z.array(issueOut) }).openapi('ReportValidation');

const indicatorBrief = z
  .object({
    code: z.string(),
    nameVi: z.string(),
    nameEn: z.string(),
    unit: z.string(),
    disaggregation: z.enum(['none', 'sex']),
    sensitivity: z.enum(['public', 'sensitive']),
    aggregation: z.enum(['sum', 'ratio', 'latest']),
  })
  .openapi('IndicatorBrief');

const computedOut = z
  .object({
    indicator: z.string(),
    category: z.enum(dataValueCategories),
    value: z.number(),
    /** The records counted: activities, cases (id and date only), allocations, expenses. */
    sources: z.array(z.object({ kind: z.enum(computedSourceKinds), id: z.string(), title: z.string(), date: z.string() })),
  })
  .openapi('ComputedValue');

const overrideOut = z
  .object({ indicator: z.string(), category: z.enum(dataValueCategories), computed: z.number(), value: z.number().nullable(), reason: z.string() })
  .openapi('ValueOverride');

const narrativeOut = z.object({
  trackingId: z.string(),
  duty: z.string(),
  role: z.enum(['lead', 'support']),
  results: z.string().nullable(),
  shortcomings: z.string().nullable(),
  proposals: z.string().nullable(),
});

export const reportOut = z
  .object({
    report: reportSummaryOut,
    unit: orgUnitRefOut,
    plan: z.object({ id: z.string(), title: z.string(), number: z.string().nullable(), year: z.number().int() }),
    deadline: z.string().nullable(),
    /** Whether the report is past its deadline and not yet submitted. */
    overdue: z.boolean(),
    indicators: z.array(indicatorBrief),
    values: z.array(dataValueSchema),
    /**
     * Values computed from the unit's records for the period's closing window. Saving another
     * value for one of these cells needs a reason in `overrides`.
     */
    computed: z.array(computedOut),
    /** Reasons given (at the last save) for values that differ from the computed ones. */
    overrides: z.array(overrideOut.extend({ setBy: z.string(), setAt: z.string() })),
    narratives: z.array(narrativeOut),
    validation: validationOut,
    history: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        actorLabel: z.string(),
        action: z.string(),
        actionLabel: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string(),
        version: z.number().int(),
        comment: z.string().nullable(),
        /** A save's reasons for values that differ from the computed ones. */
        overrides: z.array(overrideOut),
      }),
    ),
  })
  .openapi('Report');

const reportResponse = { description: 'The report', content: { 'application/json': { schema: reportOut } } };

function toSummary(r: ReportRow): z.infer<typeof reportSummaryOut> {
  const { id, planId, orgUnitId, period, status, version, submittedAt, decidedAt, returnComment, updatedAt } = r;
  return { id, planId, orgUnitId, period, status, version, submittedAt, decidedAt, returnComment, updatedAt };
}

export function briefOf(i: PlanIndicatorSet['entered'][number]): z.infer<typeof indicatorBrief> {
  return { code: i.code, nameVi: i.nameVi, nameEn: i.nameEn, unit: i.unit, disaggregation: i.disaggregation, sensitivity: i.sensitivity, aggregation: i.aggregation.kind };
}

const today = (c: Context<AppEnv>) => todayInVietnam(c.var.deps.now());

export async function reportBody(c: Context<AppEnv>, id: string) {
  const report = await loadReportRow(c, id);
  const unit = (await c.var.deps.db.select().from(schema.orgUnits).where(eq(schema.orgUnits.id, report.orgUnitId)))[0]!;
  const detail = await reportDetail(c, report);
  const [history, overrideHistory] = await Promise.all([reportHistory(c.var.deps.db, report.id), reportOverrideHistory(c.var.deps.db, report.id)]);
  return {
    report: toSummary(report),
    unit: { id: unit.id, name: unit.name, shortName: unit.shortName, kind: unit.kind, path: unit.path },
    plan: { id: detail.plan.id, title: detail.plan.title, number: detail.plan.number, year: detail.plan.year },
    deadline: detail.deadline,
    overdue: detail.deadline !== null && detail.deadline < today(c) && editableReportStatuses.includes(report.status),
    indicators: detail.set.entered.map(briefOf),
    values: detail.values,
    computed: detail.computed,
    overrides: detail.overrides,
    narratives: detail.narratives,
    validation: detail.validation,
    history: history.map((h) => ({
      ...h,
      actionLabel: `${reportActionLabels[h.action].vi} (${reportActionLabels[h.action].en})`,
      overrides: overrideHistory.get(h.id) ?? [],
    })),
  };
}

const staleReport = async (c: Context<AppEnv>, id: string) => {
  const current = await reportBody(c, id);
  return new ProblemError({
    ...problem('conflict', {
      detail: `Báo cáo đã được người khác thay đổi (phiên bản ${current.report.version}, trạng thái "${current.report.status}"). Xem bản hiện tại trong "current" (Someone changed the report first; see "current").`,
    }),
    current,
  } as never);
};

/** Runs a version-guarded write; when the guard trips, answers 409 with the report as it now is. */
async function guarded(c: Context<AppEnv>, id: string, write: () => Promise<void>) {
  try {
    await write();
  } catch (error) {
    if (isStaleWrite(error)) throw await staleReport(c, id);
    throw error;
  }
}

function notEditable(status: ReportStatus) {
  return new ProblemError(
    problem('conflict', {
      detail:
        status === 'locked'
          ? 'Báo cáo đã khóa, không thay đổi được (The report is locked)'
          : 'Báo cáo đã gửi hoặc đã duyệt nên không sửa được; người duyệt có thể trả lại để sửa (Submitted or approved reports cannot be edited; the reviewer can return it)',
    }),
  );
}

const narrativeText = z.string().trim().max(8000, { message: 'Tối đa 8.000 ký tự (At most 8,000 characters)' }).nullable();

const overrideIn = z
  .object({
    indicator: z.string().min(1).max(100),
    category: z.enum(dataValueCategories),
    reason: z.string().trim().min(1, { message: 'Cần ghi lý do (A reason is required)' }).max(2000),
  })
  .strict();

const saveBody = z
  .object({
    version: versionField,
    values: z.array(dataValueSchema.strict()).max(2000),
    /**
     * Reasons for values that differ from those computed from the records (see `computed`).
     * Left out, the reasons stored at the last save still explain values that did not change.
     */
    overrides: z.array(overrideIn).max(500).optional(),
    narratives: z
      .array(z.object({ trackingId: idParam, results: narrativeText, shortcomings: narrativeText, proposals: narrativeText }).strict())
      .max(500)
      .default([]),
  })
  .strict();

/**
 * Per-value checks refused even in a draft (a negative count or an unknown indicator can never be
 * right); cross-field checks (totals, pairs) are reported but block only the submission.
 */
export function valueErrors(set: PlanIndicatorSet, values: readonly DataValue[], prefix: string) {
  const result = checkReport(set, values);
  const crossField = /bằng nữ \+ nam|phải nhập đủ|Cần nhập cả/;
  const byPath = new Map<string, number>();
  values.forEach((v, i) => byPath.set(`values.${v.indicator}.${v.category}`, i));
  return result.errors
    .filter((e) => !crossField.test(e.message))
    .map((e) => {
      const i = byPath.get(e.path);
      return { path: i === undefined ? `${prefix}.${e.path}` : `${prefix}.values.${i}.value`, message: `${e.path.replace(/^values\./, '')}: ${e.message}` };
    });
}

/** Saves values (and narratives) of an editable report; used by the JSON save and the Excel upload. */
export async function saveReportValues(
  c: Context<AppEnv>,
  id: string,
  input: {
    version: number;
    values: DataValue[];
    narratives?: { trackingId: string; results: string | null; shortcomings: string | null; proposals: string | null }[];
    overrides?: { indicator: string; category: DataValue['category']; reason: string }[];
  },
  source: 'form' | 'xlsx',
) {
  const { report, viewer, unit } = await reportInReach(c, id);
  if (!editableReportStatuses.includes(report.status)) throw notEditable(report.status);
  if (input.version !== report.version) throw await staleReport(c, id);
  const detail = await reportDetail(c, report);
  const allowed = new Set(detail.set.entered.map((i) => i.code));
  const errors = input.values.flatMap((v, i) =>
    allowed.has(v.indicator) ? [] : [{ path: `body.values.${i}.indicator`, message: `Chỉ tiêu ${v.indicator} không thuộc báo cáo này (Not an indicator of this report)` }],
  );
  const known = new Set(detail.narratives.map((n) => n.trackingId));
  (input.narratives ?? []).forEach((n, i) => {
    if (!known.has(n.trackingId)) errors.push({ path: `body.narratives.${i}.trackingId`, message: 'Nhiệm vụ không giao cho đơn vị này (Not a duty of this unit)' });
  });
  errors.push(...valueErrors(detail.set, input.values, 'body'));
  // Record once, counted everywhere: computed cells left out take the computed value; a different
  // value needs a reason. Without `overrides`, the stored reasons still cover unchanged values.
  const sentValue = new Map(input.values.map((v) => [`${v.indicator}|${v.category}`, v.value]));
  const reasons =
    input.overrides ?? detail.overrides.filter((o) => sentValue.get(`${o.indicator}|${o.category}`) === o.value).map(({ indicator, category, reason }) => ({ indicator, category, reason }));
  const applied = applyComputedValues(detail.computed, input.values, reasons, 'body.values');
  errors.push(...applied.errors);
  if (errors.length) throw new ProblemError(problem('validation', { errors }));
  // Narratives not sent are kept as they are (the Excel upload carries values only).
  const narratives =
    input.narratives ?? detail.narratives.map(({ trackingId, results, shortcomings, proposals }) => ({ trackingId, results, shortcomings, proposals }));
  const at = c.var.deps.now().toISOString();
  const db = c.var.deps.db;
  await guarded(c, id, () =>
    recordAudit(
      c,
      { action: 'report.save', entityType: 'report', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: { version: report.version + 1, values: applied.values.length, source, overrides: applied.overrides } },
      saveReportStatements(db, {
        id,
        eventId: newId(c.var.deps.now()),
        expectedVersion: input.version,
        status: report.status,
        values: applied.values,
        narratives,
        at,
        actor: { userId: viewer.userId, label: viewer.email },
        overrides: applied.overrides,
      }),
    ),
  );
  return reportBody(c, id);
}

const transitionBody = (needsComment: boolean) =>
  z
    .object({
      version: versionField,
      comment: needsComment
        ? z.string().trim().min(1, { message: 'Cần ghi rõ lý do (A reason is required)' }).max(4000)
        : z.string().trim().max(4000).optional(),
    })
    .strict();

const transitionSummaries: Record<ReportAction, string> = {
  submit: 'Submit a draft or returned report for review; blocked while the checks find errors',
  return: 'Return a submitted report to its unit, with a comment (the level above the unit)',
  approve: 'Approve a submitted report: its values count in the roll-up at once (the level above the unit)',
  unapprove: 'Withdraw an approval, with a reason: the report goes back to its unit and leaves the roll-up',
  lock: 'Lock an approved report: it never changes again',
};

function transitionRoute<A extends ReportAction>(action: A) {
  const needsComment = action === 'return' || action === 'unapprove';
  return defineRoute(action === 'submit' ? 'reports.edit' : 'reports.review', {
    method: 'post',
    path: `/api/v1/reports/{id}/${action}` as `/api/v1/reports/{id}/${A}`,
    tags: ['reports'],
    summary: transitionSummaries[action],
    request: {
      params: z.object({ id: idParam }),
      body: { required: true, content: { 'application/json': { schema: transitionBody(needsComment) } } },
    },
    responses: { 200: reportResponse, 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict },
  });
}

async function transition(c: Context<AppEnv>, action: ReportAction, body: { version: number; comment?: string }) {
  const id = c.req.param('id')!;
  const { report, viewer, unit } = await reportInReach(c, id);
  if (body.version !== report.version) throw await staleReport(c, id);
  const next = nextReportStatus(report.status, action, body.comment);
  if (!next.ok)
    throw next.path === 'status'
      ? new ProblemError({ ...problem('conflict', { detail: next.message }), current: await reportBody(c, id) } as never)
      : new ProblemError(problem('validation', { errors: [{ path: `body.${next.path}`, message: next.message }] }));
  if (action === 'submit') {
    const detail = await reportDetail(c, report);
    if (detail.validation.errors.length)
      throw new ProblemError(
        problem('validation', {
          detail: 'Báo cáo còn lỗi, hãy sửa trước khi gửi (The report has errors; fix them before submitting)',
          errors: detail.validation.errors,
        }),
      );
    if (detail.values.length === 0)
      throw new ProblemError(
        problem('validation', { errors: [{ path: 'values', message: 'Báo cáo chưa có số liệu nào (The report has no values yet)' }] }),
      );
  }
  const at = c.var.deps.now().toISOString();
  const db = c.var.deps.db;
  await guarded(c, id, () =>
    recordAudit(
      c,
      {
        action: `report.${action}`,
        entityType: 'report',
        entityId: id,
        orgUnitId: unit.id,
        orgUnitPath: unit.path,
        actorUserId: viewer.userId,
        actorLabel: viewer.email,
        before: { status: report.status, version: report.version },
        after: { status: next.to, version: report.version + 1, comment: body.comment ?? null },
      },
      transitionReportStatements(db, {
        report,
        eventId: newId(c.var.deps.now()),
        expectedVersion: body.version,
        action,
        to: next.to,
        comment: body.comment?.trim() || null,
        at,
        actor: { userId: viewer.userId, label: viewer.email },
      }),
    ),
  );
  return reportBody(c, id);
}

const slotOut = z
  .object({
    planId: z.string(),
    planTitle: z.string(),
    planNumber: z.string().nullable(),
    period: z.string(),
    deadline: z.string(),
    overdue: z.boolean(),
    report: reportSummaryOut.nullable(),
  })
  .openapi('ReportSlot');

export const reportRoutes = createRouter()
  .openapi(
    defineRoute('reports.read', {
      method: 'get',
      path: '/api/v1/org-units/{unitId}/reports',
      tags: ['reports'],
      summary: "The reports a unit owes (each issued plan's periods) and their state",
      request: { params: z.object({ unitId: idParam }) },
      responses: {
        200: { description: 'Report slots, soonest deadline first', content: { 'application/json': { schema: z.object({ items: z.array(slotOut) }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
      const db = c.var.deps.db;
      const [slots, existing] = await Promise.all([reportingSlots(db, unit.id), listUnitReports(db, unit.id)]);
      const byPeriod = new Map(existing.map((r) => [r.period, r]));
      const t = today(c);
      const items = slots.map((s) => {
        const r = byPeriod.get(s.period);
        const report = r && r.planId === s.planId ? r : null;
        const open = report === null || editableReportStatuses.includes(report.status);
        return { ...s, overdue: open && s.deadline < t, report };
      });
      return c.json({ items }, 200);
    },
  )
  .openapi(
    defineRoute('reports.edit', {
      method: 'post',
      path: '/api/v1/org-units/{unitId}/reports',
      tags: ['reports'],
      summary: "Open the unit's report for a period of a plan (a draft); answers the existing one if it is already open",
      request: {
        params: z.object({ unitId: idParam }),
        body: { required: true, content: { 'application/json': { schema: z.object({ planId: idParam, period: periodCodeSchema }).strict() } } },
      },
      responses: { 200: reportResponse, 201: reportResponse, 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict },
    }),
    async (c) => {
      const { unit, viewer } = await authorizeUnit(c, c.req.valid('param').unitId);
      const { planId, period } = c.req.valid('json');
      const db = c.var.deps.db;
      const plan = await getPlan(db, planId);
      if (!plan) throw new ProblemError(problem('validation', { errors: [{ path: 'body.planId', message: 'Không có kế hoạch này (No such plan)' }] }));
      if (plan.status !== 'issued')
        throw new ProblemError(problem('validation', { errors: [{ path: 'body.planId', message: 'Kế hoạch chưa ban hành hoặc đã được thay thế (The plan is not in force)' }] }));
      const slots = await reportingSlots(db, unit.id);
      if (!slots.some((s) => s.planId === planId))
        throw new ProblemError(problem('validation', { errors: [{ path: 'body.planId', message: 'Kế hoạch không giao nhiệm vụ cho đơn vị này (The plan assigns nothing to this unit)' }] }));
      if (!slots.some((s) => s.planId === planId && s.period === period))
        throw new ProblemError(
          problem('validation', { errors: [{ path: 'body.period', message: `Kỳ ${period} không thuộc các kỳ báo cáo của kế hoạch (Not a reporting period of the plan)` }] }),
        );
      const existing = await findReport(db, unit.id, period);
      if (existing) {
        if (existing.planId !== planId)
          throw new ProblemError(
            problem('conflict', { detail: `Đơn vị đã có báo cáo kỳ ${period} theo kế hoạch khác (The unit already reports this period under another plan)` }),
          );
        return c.json(await reportBody(c, existing.id), 200);
      }
      const id = newId(c.var.deps.now());
      const at = c.var.deps.now().toISOString();
      try {
        await recordAudit(
          c,
          { action: 'report.create', entityType: 'report', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: { planId, period } },
          createReportStatements(db, { id, eventId: newId(c.var.deps.now()), planId, orgUnitId: unit.id, orgUnitPath: unit.path, period, at, actor: { userId: viewer.userId, label: viewer.email } }),
        );
      } catch (error) {
        // Two first opens at once: the unique (unit, period) index lets one win; answer it.
        const raced = await findReport(db, unit.id, period);
        if (raced) return c.json(await reportBody(c, raced.id), 200);
        throw error;
      }
      return c.json(await reportBody(c, id), 201);
    },
  )
  .openapi(
    defineRoute('reports.read', {
      method: 'get',
      path: '/api/v1/reports/{id}',
      tags: ['reports'],
      summary: 'A report with its indicators, values, narratives per duty, checks and full history',
      request: { params: z.object({ id: idParam }) },
      responses: { 200: reportResponse, 400: badRequest, 401: denied, 403: denied, 404: notFound },
    }),
    async (c) => {
      const { report } = await reportInReach(c, c.req.valid('param').id);
      return c.json(await reportBody(c, report.id), 200);
    },
  )
  .openapi(
    defineRoute('reports.edit', {
      method: 'put',
      path: '/api/v1/reports/{id}',
      tags: ['reports'],
      summary: 'Save the draft (autosave): every value and narrative; `version` must be the one you saw (else 409)',
      request: { params: z.object({ id: idParam }), body: { required: true, content: { 'application/json': { schema: saveBody } } } },
      responses: { 200: reportResponse, 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await saveReportValues(c, c.req.valid('param').id, body, 'form'), 200);
    },
  )
  .openapi(transitionRoute('submit'), async (c) => c.json(await transition(c, 'submit', c.req.valid('json')), 200))
  .openapi(transitionRoute('return'), async (c) => c.json(await transition(c, 'return', c.req.valid('json')), 200))
  .openapi(transitionRoute('approve'), async (c) => c.json(await transition(c, 'approve', c.req.valid('json')), 200))
  .openapi(transitionRoute('unapprove'), async (c) => c.json(await transition(c, 'unapprove', c.req.valid('json')), 200))
  .openapi(transitionRoute('lock'), async (c) => c.json(await transition(c, 'lock', c.req.valid('json')), 200));

