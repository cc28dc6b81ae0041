// The roll-up a coordinator sees: approved totals of a unit's subtree (merged units included)
// per indicator by its rule, each child's contribution, completeness and timeliness of reports.
import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import {
  approvedByUnit,
  expectedInScope,
  latestApproved,
  listIndicators,
  listTargets,
  reachUnits,
  reportsInScope,
  rollUpApproved,
  schema,
  getPlanReporting,
} from '@binh-dang/db';
import { parsePeriod, ratioValue, todayInVietnam, type DataValueCategory, type Indicator, type ReportStatus } from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';

type Cats = Record<DataValueCategory, number | null>;
const CATEGORIES: DataValueCategory[] = ['total', 'female', 'male'];

export interface RollupIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  disaggregation: 'none' | 'sex';
  sensitivity: 'public' | 'sensitive';
  aggregation: 'sum' | 'ratio' | 'latest';
  polarity: Indicator['polarity'];
  total: number | null;
  female: number | null;
  male: number | null;
  /** Units whose approved values are in the figure. */
  units: number;
  target: { year: number; comparator: string; value: number; source: 'unit' | 'national' } | null;
}

export interface RollupChild {
  unit: { id: string; name: string; path: string };
  /** Whether the child is the unit itself (its own report). */
  own: boolean;
  values: Record<string, number | null>;
  report: { status: ReportStatus | 'missing'; submittedAt: string | null; deadline: string | null; timeliness: 'on_time' | 'late' | 'overdue' | 'pending' } | null;
}

export interface UnitStatus {
  unitId: string;
  name: string;
  path: string;
  planId: string;
  deadline: string;
  status: ReportStatus | 'missing';
  reportId: string | null;
  submittedAt: string | null;
  timeliness: 'on_time' | 'late' | 'overdue' | 'pending';
}

export interface Rollup {
  period: string;
  asOf: string;
  indicators: RollupIndicator[];
  children: RollupChild[];
  completeness: { expected: number; submitted: number; approved: number; onTime: number; late: number; overdue: number; units: UnitStatus[] };
}

const SUBMITTED: readonly string[] = ['submitted', 'approved', 'locked'];

/** The Vietnamese calendar day of an instant. */
const vnDay = (iso: string) => todayInVietnam(new Date(iso));

export async function computeRollup(c: Context<AppEnv>, unit: { id: string; path: string }, period: string, planId?: string): Promise<Rollup> {
  const db = c.var.deps.db;
  const now = c.var.deps.now();
  const today = todayInVietnam(now);
  const [rows, records, expected, reports, byUnit, reach, unitTargets, planCodes] = await Promise.all([
    rollUpApproved(db, unit.path, period),
    listIndicators(db),
    expectedInScope(db, unit.path, period, planId),
    reportsInScope(db, unit.path, period),
    approvedByUnit(db, unit.path, period),
    reachUnits(db, unit.path),
    listTargets(db, unit.id, parsePeriod(period)?.year),
    planId ? getPlanReporting(db, planId).then((r) => r.indicatorCodes) : Promise.resolve(null),
  ]);
  const catalogue = records.map((r) => r.indicator);
  const byCode = new Map(catalogue.map((i) => [i.code, i]));
  const sums = new Map<string, { value: number; units: number }>();
  for (const r of rows) sums.set(`${r.code}|${r.category}`, { value: r.value, units: r.units });

  // Which indicators to show: the plan's list, else every indicator with approved values (and
  // the ratios whose parts have values), in catalogue order.
  let shown: Indicator[];
  if (planCodes) shown = planCodes.flatMap((code) => byCode.get(code) ?? []);
  else {
    const present = new Set(rows.map((r) => r.code));
    shown = catalogue.filter((i) => present.has(i.code) || (i.aggregation.kind === 'ratio' && present.has(i.aggregation.numerator) && present.has(i.aggregation.denominator)));
  }
  const latestCodes = shown.filter((i) => i.aggregation.kind === 'latest').map((i) => i.code);
  const latest = await latestApproved(db, unit.path, period, latestCodes);

  const year = parsePeriod(period)?.year ?? null;
  const indicators = shown.map((ind): RollupIndicator => {
    const agg = ind.aggregation;
    const cats = {} as Cats;
    let units = 0;
    for (const cat of CATEGORIES) {
      if (agg.kind === 'sum') {
        const s = sums.get(`${ind.code}|${cat}`);
        cats[cat] = s?.value ?? null;
        if (cat === 'total') units = s?.units ?? 0;
      } else if (agg.kind === 'ratio') {
        const num = sums.get(`${agg.numerator}|${cat}`);
        const den = sums.get(`${agg.denominator}|${cat}`);
        cats[cat] = ratioValue(num?.value ?? null, den?.value ?? null, agg.scale);
        if (cat === 'total') units = Math.min(num?.units ?? 0, den?.units ?? 0);
      } else {
        cats[cat] = latest.get(`${ind.code}|${cat}`) ?? null;
        if (cat === 'total') units = sums.get(`${ind.code}|${cat}`)?.units ?? 0;
      }
    }
    const own = unitTargets.find((t) => t.indicatorCode === ind.code);
    const national = year === null ? undefined : ind.targets.find((t) => t.year === year) ?? ind.targets.find((t) => t.year > year);
    return {
      code: ind.code,
      nameVi: ind.nameVi,
      nameEn: ind.nameEn,
      unit: ind.unit,
      disaggregation: ind.disaggregation,
      sensitivity: ind.sensitivity,
      aggregation: agg.kind,
      polarity: ind.polarity,
      total: cats.total,
      female: ind.disaggregation === 'sex' ? cats.female : null,
      male: ind.disaggregation === 'sex' ? cats.male : null,
      units,
      target: own ? { year: own.year, comparator: own.comparator, value: own.value, source: 'unit' } : national ? { year: national.year, comparator: national.comparator, value: national.value, source: 'national' } : null,
    };
  });

  // Completeness and timeliness of the expected reports.
  // One report per unit and period, whichever plan asked for it (a unit addressed by two plans
  // owes one report, due by the earlier deadline).
  const reportOf = new Map(reports.map((r) => [r.orgUnitId, r]));
  const owed = new Map<string, (typeof expected)[number]>();
  for (const e of expected) {
    const seen = owed.get(e.unitId);
    if (!seen || e.deadline < seen.deadline) owed.set(e.unitId, e);
  }
  const units: UnitStatus[] = [...owed.values()].map((e) => {
    const r = reportOf.get(e.unitId);
    const status = r?.status ?? 'missing';
    const submittedAt = r && SUBMITTED.includes(r.status) ? r.submittedAt : null;
    const timeliness = submittedAt ? (vnDay(submittedAt) <= e.deadline ? 'on_time' : 'late') : e.deadline < today ? 'overdue' : 'pending';
    return { unitId: e.unitId, name: e.name, path: e.path, planId: e.planId, deadline: e.deadline, status, reportId: r?.id ?? null, submittedAt, timeliness };
  });
  const completeness = {
    expected: units.length,
    submitted: units.filter((u) => u.submittedAt !== null).length,
    approved: units.filter((u) => u.status === 'approved' || u.status === 'locked').length,
    onTime: units.filter((u) => u.timeliness === 'on_time').length,
    late: units.filter((u) => u.timeliness === 'late').length,
    overdue: units.filter((u) => u.timeliness === 'overdue').length,
    units,
  };

  // Each child's contribution: every contributing unit is mapped to the child of `unit` it falls
  // under today, through the successor links for units that merged in.
  const reachById = new Map(reach.map((u) => [u.id, u]));
  const reachByPath = new Map(reach.map((u) => [u.path, u]));
  const childOf = (id: string, seen = new Set<string>()): string | null => {
    const u = reachById.get(id);
    if (!u || seen.has(id)) return null;
    seen.add(id);
    if (u.path.startsWith(unit.path)) {
      const rest = u.path.slice(unit.path.length).split('/').filter(Boolean);
      return rest[0] ?? unit.id;
    }
    if (u.successorId && reachById.has(u.successorId)) return childOf(u.successorId, seen);
    const parentPath = u.path.replace(/[^/]+\/$/, '');
    const parent = reachByPath.get(parentPath);
    return parent ? childOf(parent.id, seen) : null;
  };
  const childValues = new Map<string, Map<string, number>>();
  for (const r of byUnit) {
    if (r.category !== 'total') continue;
    const child = childOf(r.unitId);
    if (!child) continue;
    const m = childValues.get(child) ?? new Map<string, number>();
    m.set(r.code, (m.get(r.code) ?? 0) + r.value);
    childValues.set(child, m);
  }
  const childRows = await db
    .select({ id: schema.orgUnits.id, name: schema.orgUnits.name, path: schema.orgUnits.path, validTo: schema.orgUnits.validTo, sortOrder: schema.orgUnits.sortOrder })
    .from(schema.orgUnits)
    .where(eq(schema.orgUnits.parentId, unit.id));
  const statusOf = new Map(units.map((u) => [u.unitId, u]));
  const selfRow = (await db.select({ id: schema.orgUnits.id, name: schema.orgUnits.name, path: schema.orgUnits.path }).from(schema.orgUnits).where(eq(schema.orgUnits.id, unit.id)))[0]!;
  const candidates = [
    ...(childValues.has(unit.id) || statusOf.has(unit.id) ? [{ ...selfRow, own: true }] : []),
    ...childRows
      .filter((ch) => (ch.validTo === null || ch.validTo >= today) || childValues.has(ch.id) || statusOf.has(ch.id))
      .sort((a, b) => a.sortOrder - b.sortOrder || a.path.localeCompare(b.path))
      .map((ch) => ({ id: ch.id, name: ch.name, path: ch.path, own: false })),
  ];
  const valueCodes = shown.filter((i) => i.aggregation.kind !== 'ratio').map((i) => i.code);
  const children: RollupChild[] = candidates.map((ch) => {
    const m = childValues.get(ch.id);
    const s = statusOf.get(ch.id);
    return {
      unit: { id: ch.id, name: ch.name, path: ch.path },
      own: ch.own,
      values: Object.fromEntries(valueCodes.map((code) => [code, m?.get(code) ?? null])),
      report: s ? { status: s.status, submittedAt: s.submittedAt, deadline: s.deadline, timeliness: s.timeliness } : null,
    };
  });

  return { period, asOf: now.toISOString(), indicators, children, completeness };
}
