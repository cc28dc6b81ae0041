// Indicators, reporting periods, periodic reports and the roll-up of approved values.
// Every workflow move is one atomic batch guarded by the report's version (see `writeGuards`);
// approving copies the values into `approved_values`, which the roll-up reads through one index.
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  indicatorCatalogue,
  indicatorSchema,
  parsePeriod,
  subtreeRange,
  type DataValue,
  type DataValueCategory,
  type Indicator,
  type ReportStatus,
  reportStatuses as domainReportStatuses,
} from '@binh-dang/domain';
import {
  approvedValues,
  dutyTrackings,
  indicatorTargets,
  indicators,
  orgUnits,
  planIndicators,
  planReportPeriods,
  plans,
  reportEvents,
  reportNarratives,
  reportOverrides,
  reportStatuses,
  reportValues,
  reports,
  targetSets,
  writeGuards,
} from './schema.ts';
import { bumpPublicationStatement } from './publications.ts';
import type { Db } from './types.ts';

// The table's enum and the domain's list must be the same list.
const _sameStatuses: readonly (typeof reportStatuses)[number][] = domainReportStatuses;
void _sameStatuses;

type Batch = BatchItem<'sqlite'>[];

// ---------------------------------------------------------------------------------------------
// Indicators and targets

/** Adds the built-in catalogue's indicators that are not in the table yet (never overwrites edits). */
export async function ensureBuiltinIndicators(db: Db): Promise<number> {
  const rows = indicatorCatalogue.map((definition, i) => ({ code: definition.code, definition, builtin: true, sortOrder: i }));
  const result = await db.insert(indicators).values(rows).onConflictDoNothing();
  return result.rowsAffected;
}

export interface IndicatorRecord {
  indicator: Indicator;
  builtin: boolean;
  ownerUnitId: string | null;
  version: number;
}

function toRecord(row: typeof indicators.$inferSelect): IndicatorRecord {
  return { indicator: indicatorSchema.parse(row.definition), builtin: row.builtin, ownerUnitId: row.ownerUnitId, version: row.version };
}

export async function listIndicators(db: Db): Promise<IndicatorRecord[]> {
  const rows = await db.select().from(indicators).orderBy(asc(indicators.sortOrder), asc(indicators.code));
  return rows.map(toRecord);
}

export async function getIndicator(db: Db, code: string): Promise<IndicatorRecord | null> {
  const [row] = await db.select().from(indicators).where(eq(indicators.code, code));
  return row ? toRecord(row) : null;
}

export function insertIndicatorStatement(db: Db, indicator: Indicator, ownerUnitId: string | null) {
  return db.insert(indicators).values({
    code: indicator.code,
    definition: indicator,
    builtin: false,
    ownerUnitId,
    sortOrder: sql`(SELECT coalesce(max(sort_order), 0) + 1 FROM indicators)`,
  });
}

export function updateIndicatorStatements(db: Db, indicator: Indicator, expectedVersion: number, at: string): Batch {
  return [
    db
      .update(indicators)
      .set({ definition: indicator, version: expectedVersion + 1, updatedAt: at })
      .where(and(eq(indicators.code, indicator.code), eq(indicators.version, expectedVersion))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    db.delete(writeGuards),
  ];
}

export interface UnitTarget {
  indicatorCode: string;
  year: number;
  comparator: string;
  value: number;
}

function targetsQuery(db: Db, orgUnitId: string, year?: number) {
  return db
    .select({ indicatorCode: indicatorTargets.indicatorCode, year: indicatorTargets.year, comparator: indicatorTargets.comparator, value: indicatorTargets.value })
    .from(indicatorTargets)
    .where(and(eq(indicatorTargets.orgUnitId, orgUnitId), year === undefined ? undefined : eq(indicatorTargets.year, year)))
    .orderBy(asc(indicatorTargets.indicatorCode));
}

export async function listTargets(db: Db, orgUnitId: string, year?: number): Promise<UnitTarget[]> {
  return targetsQuery(db, orgUnitId, year);
}

/** A unit's targets of one year and their version (`target_sets`; 0 before the first save). */
export interface TargetSet {
  year: number;
  version: number;
  items: UnitTarget[];
}

/** The targets of one year with their version, read together in one transaction (never a newer row with an older version). */
export async function getTargetSet(db: Db, orgUnitId: string, year: number): Promise<TargetSet> {
  const [versions, items] = await db.batch([
    db
      .select({ version: targetSets.version })
      .from(targetSets)
      .where(and(eq(targetSets.orgUnitId, orgUnitId), eq(targetSets.year, year))),
    targetsQuery(db, orgUnitId, year),
  ]);
  return { year, version: versions[0]?.version ?? 0, items };
}

export interface TargetChange {
  indicatorCode: string;
  comparator: string;
  /** null removes the unit's target for the indicator. */
  value: number | null;
}

/**
 * Version-guarded save of a unit's targets of one year, for one batch (see isStaleWrite): the
 * version goes from `expectedVersion` to the next (0 → 1 creates the `target_sets` row; it fails
 * when the row exists already), then the changed rows are written. When someone saved first the
 * guard fails and the whole batch, the rows with it, rolls back.
 */
export function saveTargetStatements(db: Db, orgUnitId: string, year: number, expectedVersion: number, changes: readonly TargetChange[], setBy: string, at: string): Batch {
  const bump =
    expectedVersion === 0
      ? db.insert(targetSets).values({ orgUnitId, year, version: 1, updatedAt: at }).onConflictDoNothing()
      : db
          .update(targetSets)
          .set({ version: expectedVersion + 1, updatedAt: at })
          .where(and(eq(targetSets.orgUnitId, orgUnitId), eq(targetSets.year, year), eq(targetSets.version, expectedVersion)));
  return [
    bump,
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    ...changes.map((t) =>
      t.value === null
        ? deleteTargetStatement(db, orgUnitId, t.indicatorCode, year)
        : upsertTargetStatement(db, orgUnitId, { indicatorCode: t.indicatorCode, year, comparator: t.comparator, value: t.value }, setBy, at),
    ),
    db.delete(writeGuards),
  ];
}

export function upsertTargetStatement(db: Db, orgUnitId: string, target: UnitTarget, setBy: string, at: string) {
  const { indicatorCode, year, comparator, value } = target;
  return db
    .insert(indicatorTargets)
    .values({ indicatorCode, orgUnitId, year, comparator, value, setBy, updatedAt: at })
    .onConflictDoUpdate({
      target: [indicatorTargets.indicatorCode, indicatorTargets.orgUnitId, indicatorTargets.year],
      set: { comparator, value, setBy, updatedAt: at },
    });
}

export function deleteTargetStatement(db: Db, orgUnitId: string, indicatorCode: string, year: number) {
  return db
    .delete(indicatorTargets)
    .where(and(eq(indicatorTargets.orgUnitId, orgUnitId), eq(indicatorTargets.indicatorCode, indicatorCode), eq(indicatorTargets.year, year)));
}

// ---------------------------------------------------------------------------------------------
// What a plan asks to be reported

export interface PlanReporting {
  periods: { period: string; deadline: string }[];
  indicatorCodes: string[];
}

export async function getPlanReporting(db: Db, planId: string): Promise<PlanReporting> {
  const [periods, codes] = await Promise.all([
    db
      .select({ period: planReportPeriods.period, deadline: planReportPeriods.deadline })
      .from(planReportPeriods)
      .where(eq(planReportPeriods.planId, planId))
      .orderBy(asc(planReportPeriods.deadline)),
    db
      .select({ code: planIndicators.indicatorCode })
      .from(planIndicators)
      .where(eq(planIndicators.planId, planId))
      .orderBy(asc(planIndicators.position)),
  ]);
  return { periods, indicatorCodes: codes.map((c) => c.code) };
}

export function setPlanReportingStatements(db: Db, planId: string, reporting: PlanReporting): Batch {
  const out: Batch = [db.delete(planReportPeriods).where(eq(planReportPeriods.planId, planId)), db.delete(planIndicators).where(eq(planIndicators.planId, planId))];
  if (reporting.periods.length) out.push(db.insert(planReportPeriods).values(reporting.periods.map((p) => ({ planId, ...p }))));
  if (reporting.indicatorCodes.length)
    out.push(db.insert(planIndicators).values(reporting.indicatorCodes.map((indicatorCode, position) => ({ planId, indicatorCode, position }))));
  return out;
}

/** Units expected to report on a plan: the units its duties are addressed to. */
export async function expectedReporters(db: Db, planId: string): Promise<{ id: string; name: string; path: string }[]> {
  return db
    .selectDistinct({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path, sortOrder: orgUnits.sortOrder })
    .from(dutyTrackings)
    .innerJoin(orgUnits, eq(orgUnits.id, dutyTrackings.orgUnitId))
    .where(eq(dutyTrackings.planId, planId))
    .orderBy(asc(orgUnits.path))
    .then((rows) => rows.map(({ id, name, path }) => ({ id, name, path })));
}

/** Issued plans that expect `unitId` to report, with their reporting periods. */
export async function reportingSlots(db: Db, unitId: string) {
  return db
    .selectDistinct({
      planId: plans.id,
      planTitle: plans.title,
      planNumber: plans.number,
      period: planReportPeriods.period,
      deadline: planReportPeriods.deadline,
    })
    .from(dutyTrackings)
    .innerJoin(plans, eq(plans.id, dutyTrackings.planId))
    .innerJoin(planReportPeriods, eq(planReportPeriods.planId, plans.id))
    .where(and(eq(dutyTrackings.orgUnitId, unitId), eq(plans.status, 'issued')))
    .orderBy(asc(planReportPeriods.deadline));
}

// ---------------------------------------------------------------------------------------------
// Reports

export type ReportRow = typeof reports.$inferSelect;

export interface Narrative {
  trackingId: string;
  results: string | null;
  shortcomings: string | null;
  proposals: string | null;
}

export async function getReport(db: Db, id: string): Promise<ReportRow | null> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  return row ?? null;
}

export async function findReport(db: Db, orgUnitId: string, period: string): Promise<ReportRow | null> {
  const [row] = await db.select().from(reports).where(and(eq(reports.orgUnitId, orgUnitId), eq(reports.period, period)));
  return row ?? null;
}

export async function reportValuesOf(db: Db, reportId: string): Promise<DataValue[]> {
  const rows = await db
    .select({ indicator: reportValues.indicatorCode, category: reportValues.category, value: reportValues.value })
    .from(reportValues)
    .where(eq(reportValues.reportId, reportId));
  return rows;
}

export async function reportNarrativesOf(db: Db, reportId: string): Promise<Narrative[]> {
  return db
    .select({ trackingId: reportNarratives.trackingId, results: reportNarratives.results, shortcomings: reportNarratives.shortcomings, proposals: reportNarratives.proposals })
    .from(reportNarratives)
    .where(eq(reportNarratives.reportId, reportId));
}

export async function reportHistory(db: Db, reportId: string) {
  return db
    .select({
      id: reportEvents.id,
      at: reportEvents.at,
      actorLabel: reportEvents.actorLabel,
      action: reportEvents.action,
      fromStatus: reportEvents.fromStatus,
      toStatus: reportEvents.toStatus,
      version: reportEvents.version,
      comment: reportEvents.comment,
    })
    .from(reportEvents)
    .where(eq(reportEvents.reportId, reportId))
    .orderBy(asc(reportEvents.at), asc(reportEvents.version));
}

export interface ValueOverrideRow {
  indicator: string;
  category: DataValueCategory;
  computed: number;
  value: number | null;
  reason: string;
}

/** The reasons stored with the last save for values that differ from the computed ones. */
export async function reportOverridesOf(db: Db, reportId: string): Promise<(ValueOverrideRow & { setBy: string; setAt: string })[]> {
  return db
    .select({
      indicator: reportOverrides.indicatorCode,
      category: reportOverrides.category,
      computed: reportOverrides.computed,
      value: reportOverrides.value,
      reason: reportOverrides.reason,
      setBy: reportOverrides.setBy,
      setAt: reportOverrides.setAt,
    })
    .from(reportOverrides)
    .where(eq(reportOverrides.reportId, reportId));
}

/** The overrides each save of a report carried (from its history snapshots), by event id. */
export async function reportOverrideHistory(db: Db, reportId: string): Promise<Map<string, ValueOverrideRow[]>> {
  const rows = await db
    .select({ id: reportEvents.id, snapshot: reportEvents.snapshot })
    .from(reportEvents)
    .where(and(eq(reportEvents.reportId, reportId), eq(reportEvents.action, 'save')));
  const out = new Map<string, ValueOverrideRow[]>();
  for (const r of rows) {
    const overrides = (r.snapshot as { overrides?: ValueOverrideRow[] } | null)?.overrides;
    if (overrides?.length) out.set(r.id, overrides);
  }
  return out;
}

/** Approved totals of a unit in earlier reports, per indicator, oldest first (for outlier warnings). */
export async function approvedHistory(db: Db, orgUnitId: string, beforePeriod: string): Promise<Record<string, number[]>> {
  // Only periods of the same type: a quarter is compared with quarters, a year with years (codes
  // of one type sort in time order; across types they do not).
  const type = parsePeriod(beforePeriod)?.type;
  const rows = await db
    .select({ code: approvedValues.indicatorCode, value: approvedValues.value, period: approvedValues.period })
    .from(approvedValues)
    .where(and(eq(approvedValues.orgUnitId, orgUnitId), eq(approvedValues.category, 'total')))
    .orderBy(asc(approvedValues.period));
  const out: Record<string, number[]> = {};
  for (const r of rows) if (r.period < beforePeriod && parsePeriod(r.period)?.type === type) (out[r.code] ??= []).push(r.value);
  return out;
}

export interface Actor {
  userId: string | null;
  label: string;
}

function eventInsert(
  db: Db,
  e: { id: string; reportId: string; at: string; actor: Actor; action: (typeof reportEvents.$inferInsert)['action']; from: ReportStatus | null; to: ReportStatus; version: number; comment?: string | null; snapshot?: unknown },
) {
  return db.insert(reportEvents).values({
    id: e.id,
    reportId: e.reportId,
    at: e.at,
    actorUserId: e.actor.userId,
    actorLabel: e.actor.label,
    action: e.action,
    fromStatus: e.from,
    toStatus: e.to,
    version: e.version,
    comment: e.comment ?? null,
    snapshot: e.snapshot ?? null,
  });
}

export function createReportStatements(
  db: Db,
  r: { id: string; eventId: string; planId: string; orgUnitId: string; orgUnitPath: string; period: string; at: string; actor: Actor },
): Batch {
  return [
    db.insert(reports).values({ id: r.id, planId: r.planId, orgUnitId: r.orgUnitId, orgUnitPath: r.orgUnitPath, period: r.period, createdAt: r.at, updatedAt: r.at }),
    eventInsert(db, { id: r.eventId, reportId: r.id, at: r.at, actor: r.actor, action: 'create', from: null, to: 'draft', version: 1 }),
  ];
}

function valueRows(reportId: string, values: readonly DataValue[]) {
  return values
    .filter((v): v is DataValue & { value: number } => v.value !== null)
    .map((v) => ({ reportId, indicatorCode: v.indicator, category: v.category, value: v.value }));
}

/**
 * Replaces the values and narratives of an editable report, guarded by its version and by its
 * status (a report that was submitted meanwhile is not editable: the guard fails and nothing changes).
 */
export function saveReportStatements(
  db: Db,
  s: {
    id: string;
    eventId: string;
    expectedVersion: number;
    status: ReportStatus;
    values: readonly DataValue[];
    narratives: readonly Narrative[];
    at: string;
    actor: Actor;
    /** Values that differ from those computed from the records, with the reason given. */
    overrides?: readonly ValueOverrideRow[];
  },
): Batch {
  const rows = valueRows(s.id, s.values);
  const overrides = s.overrides ?? [];
  const out: Batch = [
    db
      .update(reports)
      .set({ version: s.expectedVersion + 1, updatedAt: s.at })
      .where(and(eq(reports.id, s.id), eq(reports.version, s.expectedVersion), inArray(reports.status, ['draft', 'returned']))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    db.delete(reportValues).where(eq(reportValues.reportId, s.id)),
    db.delete(reportNarratives).where(eq(reportNarratives.reportId, s.id)),
    db.delete(reportOverrides).where(eq(reportOverrides.reportId, s.id)),
  ];
  if (rows.length) out.push(db.insert(reportValues).values(rows));
  if (overrides.length)
    out.push(
      db.insert(reportOverrides).values(
        overrides.map((o) => ({ reportId: s.id, indicatorCode: o.indicator, category: o.category, computed: o.computed, value: o.value, reason: o.reason, setBy: s.actor.label, setAt: s.at })),
      ),
    );
  const narratives = s.narratives.filter((n) => n.results || n.shortcomings || n.proposals);
  if (narratives.length) out.push(db.insert(reportNarratives).values(narratives.map((n) => ({ reportId: s.id, ...n }))));
  out.push(
    eventInsert(db, {
      id: s.eventId,
      reportId: s.id,
      at: s.at,
      actor: s.actor,
      action: 'save',
      from: s.status,
      to: s.status,
      version: s.expectedVersion + 1,
      snapshot: {
        values: rows.map(({ indicatorCode, category, value }) => [indicatorCode, category, value]),
        ...(overrides.length ? { overrides: overrides.map((o) => ({ indicator: o.indicator, category: o.category, computed: o.computed, value: o.value, reason: o.reason })) } : {}),
      },
    }),
    db.delete(writeGuards),
  );
  return out;
}

/**
 * A workflow move (submit, return, approve, unapprove, lock) in one atomic batch: the status
 * change guarded by version and current status, the history event, and — on approval — the copy
 * of the values into `approved_values` (removed again when the approval is withdrawn).
 */
export function transitionReportStatements(
  db: Db,
  t: {
    report: ReportRow;
    eventId: string;
    expectedVersion: number;
    action: 'submit' | 'return' | 'approve' | 'unapprove' | 'lock';
    to: ReportStatus;
    comment: string | null;
    at: string;
    actor: Actor;
  },
): Batch {
  const { report } = t;
  const decided = t.action !== 'submit';
  const out: Batch = [
    db
      .update(reports)
      .set({
        status: t.to,
        version: t.expectedVersion + 1,
        updatedAt: t.at,
        ...(t.action === 'submit' ? { submittedAt: t.at, submittedBy: t.actor.label, returnComment: null } : {}),
        ...(decided ? { decidedAt: t.at, decidedBy: t.actor.label } : {}),
        ...(t.action === 'return' || t.action === 'unapprove' ? { returnComment: t.comment } : {}),
      })
      .where(and(eq(reports.id, report.id), eq(reports.version, t.expectedVersion), eq(reports.status, report.status))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
  ];
  if (t.action === 'approve')
    out.push(
      db.insert(approvedValues).select(
        db
          .select({
            reportId: reportValues.reportId,
            period: sql`${report.period}`.as('period'),
            orgUnitId: sql`${report.orgUnitId}`.as('org_unit_id'),
            orgUnitPath: sql`${report.orgUnitPath}`.as('org_unit_path'),
            indicatorCode: reportValues.indicatorCode,
            category: reportValues.category,
            value: reportValues.value,
            approvedAt: sql`${t.at}`.as('approved_at'),
          })
          .from(reportValues)
          .where(eq(reportValues.reportId, report.id)),
      ),
    );
  if (t.action === 'unapprove') out.push(db.delete(approvedValues).where(eq(approvedValues.reportId, report.id)));
  // What the public sees changes with every approval, withdrawal and lock.
  if (t.action !== 'submit' && t.action !== 'return') out.push(bumpPublicationStatement(db, report.orgUnitPath, t.at));
  out.push(
    eventInsert(db, { id: t.eventId, reportId: report.id, at: t.at, actor: t.actor, action: t.action, from: report.status, to: t.to, version: t.expectedVersion + 1, comment: t.comment }),
    db.delete(writeGuards),
  );
  return out;
}

export interface ReportSummary {
  id: string;
  planId: string;
  orgUnitId: string;
  period: string;
  status: ReportStatus;
  version: number;
  submittedAt: string | null;
  decidedAt: string | null;
  returnComment: string | null;
  updatedAt: string;
}

const summaryColumns = {
  id: reports.id,
  planId: reports.planId,
  orgUnitId: reports.orgUnitId,
  period: reports.period,
  status: reports.status,
  version: reports.version,
  submittedAt: reports.submittedAt,
  decidedAt: reports.decidedAt,
  returnComment: reports.returnComment,
  updatedAt: reports.updatedAt,
};

/** Reports of a plan for a period (every unit's). */
export async function listPlanReports(db: Db, planId: string, period: string): Promise<ReportSummary[]> {
  return db.select(summaryColumns).from(reports).where(and(eq(reports.planId, planId), eq(reports.period, period)));
}

/** Reports of one unit, latest period first. */
export async function listUnitReports(db: Db, orgUnitId: string): Promise<ReportSummary[]> {
  return db.select(summaryColumns).from(reports).where(eq(reports.orgUnitId, orgUnitId)).orderBy(desc(reports.period));
}

// ---------------------------------------------------------------------------------------------
// Roll-up

export interface RolledValue {
  code: string;
  category: DataValueCategory;
  value: number;
  /** Units whose approved value is in the sum. */
  units: number;
}

/**
 * The units whose approved values count for `path`: the units of its subtree; through the
 * successor links, every unit that merged into one of them; and the units below such a
 * predecessor that have no successor of their own (a district's agencies follow the district's
 * successor; a commune with its own successor follows that one instead, so nothing counts twice).
 * `+c.successor_id` keeps SQLite on the parent index: through the successor index it would read
 * every unit without a successor at each step (80% of the roll-up's time in the benchmark).
 */
function reachCte(path: string) {
  const { lower, upper } = subtreeRange(path);
  return sql`WITH RECURSIVE reach(id, path) AS (
      SELECT id, path FROM org_units WHERE path >= ${lower} AND path < ${upper}
      UNION
      SELECT o.id, o.path FROM org_units o JOIN reach r ON o.successor_id = r.id
      UNION
      SELECT c.id, c.path FROM org_units c JOIN reach r ON c.parent_id = r.id WHERE +c.successor_id IS NULL
    ),
    outside(id) AS (SELECT id FROM reach WHERE NOT (path >= ${lower} AND path < ${upper}))`;
}

/**
 * Approved values of a period summed per indicator and category over the subtree of `path`,
 * merged predecessors included — one indexed query, right the moment an approval commits.
 * The subtree part is a covering range scan of `approved_values_rollup_idx`, grouped before the
 * union; predecessors outside the subtree (units that merged in) go through `approved_values_unit_idx`.
 */
export async function rollUpApproved(db: Db, path: string, period: string): Promise<RolledValue[]> {
  const { lower, upper } = subtreeRange(path);
  const rows = await db.all<{ code: string; category: DataValueCategory; value: number; units: number }>(sql`
    ${reachCte(path)}
    SELECT indicator_code AS code, category, sum(value) AS value, sum(units) AS units FROM (
      SELECT indicator_code, category, sum(value) AS value, count(*) AS units FROM approved_values
        WHERE period = ${period} AND org_unit_path >= ${lower} AND org_unit_path < ${upper}
        GROUP BY indicator_code, category
      UNION ALL
      SELECT indicator_code, category, sum(value) AS value, count(*) AS units FROM approved_values
        WHERE period = ${period} AND org_unit_id IN (SELECT id FROM outside)
        GROUP BY indicator_code, category
    )
    GROUP BY indicator_code, category`);
  return rows.map((r) => ({ code: r.code, category: r.category, value: Number(r.value), units: Number(r.units) }));
}

/** The latest approved value per indicator and category (for 'latest' indicators), same reach. */
export async function latestApproved(db: Db, path: string, period: string, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const { lower, upper } = subtreeRange(path);
  const rows = await db.all<{ code: string; category: string; value: number }>(sql`
    ${reachCte(path)},
    candidates AS (
      SELECT indicator_code, category, value, approved_at, report_id FROM approved_values
        WHERE period = ${period} AND org_unit_path >= ${lower} AND org_unit_path < ${upper}
          AND indicator_code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
      UNION ALL
      SELECT indicator_code, category, value, approved_at, report_id FROM approved_values
        WHERE period = ${period} AND org_unit_id IN (SELECT id FROM outside)
          AND indicator_code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
    )
    SELECT indicator_code AS code, category, value FROM (
      SELECT indicator_code, category, value,
        row_number() OVER (PARTITION BY indicator_code, category ORDER BY approved_at DESC, report_id DESC) AS rn
      FROM candidates
    ) WHERE rn = 1`);
  return new Map(rows.map((r) => [`${r.code}|${r.category}`, Number(r.value)]));
}

/**
 * Approved values per contributing unit (the reach of `path`), for the coordinator's view of each
 * child's contribution: the caller maps each unit to its child of `path` (by path or successor).
 */
export async function approvedByUnit(db: Db, path: string, period: string) {
  const { lower, upper } = subtreeRange(path);
  // Two index ranges (the subtree by path, merged-in units by id), each grouped before the join.
  const rows = await db.all<{ unit_id: string; unit_path: string; successor_id: string | null; code: string; category: DataValueCategory; value: number }>(sql`
    ${reachCte(path)},
    sums AS (
      SELECT org_unit_path, indicator_code, category, sum(value) AS value FROM approved_values
        WHERE period = ${period} AND org_unit_path >= ${lower} AND org_unit_path < ${upper}
        GROUP BY org_unit_path, indicator_code, category
      UNION ALL
      SELECT org_unit_path, indicator_code, category, sum(value) AS value FROM approved_values
        WHERE period = ${period} AND org_unit_id IN (SELECT id FROM outside)
        GROUP BY org_unit_id, indicator_code, category)
    SELECT o.id AS unit_id, s.org_unit_path AS unit_path, o.successor_id AS successor_id,
           s.indicator_code AS code, s.category AS category, s.value AS value
    FROM sums s JOIN org_units o ON o.path = s.org_unit_path`);
  return rows.map((r) => ({ unitId: r.unit_id, unitPath: r.unit_path, successorId: r.successor_id, code: r.code, category: r.category, value: Number(r.value) }));
}

/** Every unit reachable from `path` through successor links, with its successor (for mapping). */
export async function reachUnits(db: Db, path: string) {
  const rows = await db.all<{ id: string; path: string; successor_id: string | null; name: string }>(sql`
    ${reachCte(path)}
    SELECT o.id, o.path, o.successor_id, o.name FROM reach r JOIN org_units o ON o.id = r.id`);
  return rows.map((r) => ({ id: r.id, path: r.path, successorId: r.successor_id, name: r.name }));
}

/** Reports of every unit within `path` for a period (for completeness and timeliness). */
export async function reportsInScope(db: Db, path: string, period: string, planId?: string): Promise<ReportSummary[]> {
  const { lower, upper } = subtreeRange(path);
  return db
    .select(summaryColumns)
    .from(reports)
    .where(and(gte(reports.orgUnitPath, lower), lt(reports.orgUnitPath, upper), eq(reports.period, period), planId ? eq(reports.planId, planId) : undefined));
}

/**
 * Units within `path` that owe a report for `period`: those the duties of an issued plan with that
 * reporting period are addressed to (optionally one plan), with the plan and its deadline.
 */
export async function expectedInScope(db: Db, path: string, period: string, planId?: string) {
  const { lower, upper } = subtreeRange(path);
  return db
    .selectDistinct({ unitId: orgUnits.id, name: orgUnits.name, path: orgUnits.path, planId: plans.id, deadline: planReportPeriods.deadline })
    .from(dutyTrackings)
    .innerJoin(plans, and(eq(plans.id, dutyTrackings.planId), eq(plans.status, 'issued')))
    .innerJoin(planReportPeriods, and(eq(planReportPeriods.planId, plans.id), eq(planReportPeriods.period, period)))
    .innerJoin(orgUnits, eq(orgUnits.id, dutyTrackings.orgUnitId))
    .where(and(gte(dutyTrackings.orgUnitPath, lower), lt(dutyTrackings.orgUnitPath, upper), planId ? eq(plans.id, planId) : undefined))
    .orderBy(asc(orgUnits.path));
}

/** Narratives of the approved (or locked) reports within `path` for a period, per unit and duty. */
export async function approvedNarratives(db: Db, path: string, period: string, planId?: string) {
  const { lower, upper } = subtreeRange(path);
  return db
    .select({
      unitId: reports.orgUnitId,
      unitName: orgUnits.name,
      unitPath: orgUnits.path,
      duty: dutyTrackings.text,
      results: reportNarratives.results,
      shortcomings: reportNarratives.shortcomings,
      proposals: reportNarratives.proposals,
    })
    .from(reportNarratives)
    .innerJoin(reports, eq(reports.id, reportNarratives.reportId))
    .innerJoin(dutyTrackings, eq(dutyTrackings.id, reportNarratives.trackingId))
    .innerJoin(orgUnits, eq(orgUnits.id, reports.orgUnitId))
    .where(
      and(
        gte(reports.orgUnitPath, lower),
        lt(reports.orgUnitPath, upper),
        eq(reports.period, period),
        inArray(reports.status, ['approved', 'locked']),
        planId ? eq(reports.planId, planId) : undefined,
      ),
    )
    .orderBy(asc(orgUnits.path), asc(dutyTrackings.dueDate), asc(dutyTrackings.id));
}
