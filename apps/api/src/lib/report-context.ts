// Loading a report with what it needs around it: its unit, its plan and deadline, the indicators
// the unit enters, the duties it writes narratives for, and the checks that block submission.
import type { Context } from 'hono';
import { and, asc, eq } from 'drizzle-orm';
import {
  approvedHistory,
  getOrgUnit,
  getPlanReporting,
  getReport,
  listIndicators,
  reportNarrativesOf,
  reportOverridesOf,
  reportValuesOf,
  schema,
  type ReportRow,
} from '@binh-dang/db';
import {
  editableReportStatuses,
  enteredIndicators,
  pairedComponentErrors,
  staleComputedIssues,
  validateReport,
  type DataValue,
  type Indicator,
  type ReportValidation,
} from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { authorizeUnit } from './access.ts';
import { computedValuesFor } from './computed-values.ts';
import { notFoundError } from './problem.ts';

export interface PlanIndicatorSet {
  /** The indicators the plan lists (ratios included). */
  listed: Indicator[];
  /** What the unit types: ratios replaced by their components. */
  entered: Indicator[];
  catalogue: Indicator[];
}

export async function planIndicatorSet(c: Context<AppEnv>, planId: string): Promise<PlanIndicatorSet & { periods: { period: string; deadline: string }[] }> {
  const db = c.var.deps.db;
  const [reporting, records] = await Promise.all([getPlanReporting(db, planId), listIndicators(db)]);
  const catalogue = records.map((r) => r.indicator);
  const byCode = new Map(catalogue.map((i) => [i.code, i]));
  const listed = reporting.indicatorCodes.flatMap((code) => byCode.get(code) ?? []);
  return { listed, entered: enteredIndicators(listed, catalogue), catalogue, periods: reporting.periods };
}

/** Checks for submission: the domain rules over the entered indicators, plus paired ratio parts. */
export function checkReport(set: PlanIndicatorSet, values: readonly DataValue[], history?: Record<string, number[]>): ReportValidation {
  const result = validateReport(set.entered, values, { history });
  return { errors: [...result.errors, ...pairedComponentErrors(set.listed, values)], warnings: result.warnings };
}

export async function loadReportRow(c: Context<AppEnv>, id: string): Promise<ReportRow> {
  const report = await getReport(c.var.deps.db, id);
  if (!report) throw notFoundError('Không tìm thấy báo cáo (No such report)', [{ path: 'params.id', message: 'Không tìm thấy (Not found)' }]);
  return report;
}

/**
 * The report `id` if the route's permission reaches it. Reviews (`reports.review`) are checked at
 * the level above the report's unit, so that a unit never approves its own report.
 */
export async function reportInReach(c: Context<AppEnv>, id: string) {
  const report = await loadReportRow(c, id);
  let targetId = report.orgUnitId;
  if (c.var.permission === 'reports.review') {
    const unit = await getOrgUnit(c.var.deps.db, report.orgUnitId);
    targetId = unit?.parentId ?? report.orgUnitId;
  }
  const { viewer } = await authorizeUnit(c, targetId, 'params.id');
  const unit = await getOrgUnit(c.var.deps.db, report.orgUnitId);
  if (!unit) throw notFoundError('Không tìm thấy đơn vị (No such unit)');
  return { report, viewer, unit };
}

/** The duties of the plan addressed to the unit, for the per-duty narratives. */
export async function unitDuties(c: Context<AppEnv>, planId: string, orgUnitId: string) {
  const t = schema.dutyTrackings;
  return c.var.deps.db
    .select({ trackingId: t.id, text: t.text, role: t.role, dueDate: t.dueDate, status: t.status })
    .from(t)
    .where(and(eq(t.planId, planId), eq(t.orgUnitId, orgUnitId)))
    .orderBy(asc(t.dueDate), asc(t.id));
}

export async function reportDetail(c: Context<AppEnv>, report: ReportRow) {
  const db = c.var.deps.db;
  const [set, values, narratives, duties, history, plan] = await Promise.all([
    planIndicatorSet(c, report.planId),
    reportValuesOf(db, report.id),
    reportNarrativesOf(db, report.id),
    unitDuties(c, report.planId, report.orgUnitId),
    approvedHistory(db, report.orgUnitId, report.period),
    db
      .select({ id: schema.plans.id, title: schema.plans.title, number: schema.plans.number, typeCode: schema.plans.typeCode, issuerCode: schema.plans.issuerCode, year: schema.plans.year, issuingUnitId: schema.plans.issuingUnitId })
      .from(schema.plans)
      .where(eq(schema.plans.id, report.planId))
      .then((rows) => rows[0]!),
  ]);
  const deadline = set.periods.find((p) => p.period === report.period)?.deadline ?? null;
  const byTracking = new Map(narratives.map((n) => [n.trackingId, n]));
  // Values computed from the unit's records; while the report is open, a stored value they no
  // longer give (records changed after the save) blocks submission until it is saved again.
  const [computed, overrides] = await Promise.all([computedValuesFor(c, report, set.entered), reportOverridesOf(db, report.id)]);
  const validation = checkReport(set, values, history);
  if (editableReportStatuses.includes(report.status)) validation.errors.push(...staleComputedIssues(computed.values, values, overrides));
  return {
    set,
    values,
    plan,
    deadline,
    computed: computed.values,
    overrides,
    validation,
    narratives: duties.map((d) => ({
      trackingId: d.trackingId,
      duty: d.text,
      role: d.role,
      results: byTracking.get(d.trackingId)?.results ?? null,
      shortcomings: byTracking.get(d.trackingId)?.shortcomings ?? null,
      proposals: byTracking.get(d.trackingId)?.proposals ?? null,
    })),
  };
}
