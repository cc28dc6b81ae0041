// What the public sees of a unit's results for a period: approved values only, aggregated over
// the unit's province tree as it stood in that period, with small counts of sensitive indicators
// suppressed consistently across every unit of the province (one table per indicator).
import type { Context } from 'hono';
import { approvedByUnit, latestApproved, listIndicators, listOrgUnits, listTargets, publicationOf } from '@binh-dang/db';
import {
  chainOf,
  ratioValue,
  suppressTree,
  type Indicator,
  type OrgUnit,
  type Period,
  type PublicCell,
  type SexCategory,
} from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { computeRollup } from './rollup.ts';

export interface PublicIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  objective: number | null;
  sensitivity: 'public' | 'sensitive';
  aggregation: 'sum' | 'ratio' | 'latest';
  polarity: Indicator['polarity'];
  disaggregation: 'none' | 'sex';
  cells: Record<SexCategory, PublicCell>;
  target: { year: number; comparator: string; value: number; source: 'unit' | 'national' } | null;
}

export interface PublicResults {
  unit: { id: string; name: string };
  period: string;
  threshold: number;
  /** Last publication (approval) in the province. */
  asOf: string | null;
  indicators: PublicIndicator[];
  children: { unit: { id: string; name: string }; cells: Record<string, PublicCell> }[];
  completeness: { expected: number; submitted: number; approved: number; onTime: number; late: number; notReported: string[] };
}

/** Whether the unit existed during the period (the public sees a period in the tree of its time). */
export function activeDuring(unit: Pick<OrgUnit, 'validFrom' | 'validTo'>, period: Period): boolean {
  return (unit.validFrom === null || unit.validFrom <= period.end) && (unit.validTo === null || unit.validTo >= period.start);
}

const EMPTY: PublicCell = { value: null, suppressed: false };
const CATS: SexCategory[] = ['total', 'female', 'male'];

export async function publicResults(c: Context<AppEnv>, unit: OrgUnit, period: Period): Promise<PublicResults> {
  const db = c.var.deps.db;
  const threshold = c.var.deps.suppressionThreshold;
  const provinceId = chainOf(unit.path);
  const provincePath = `/${provinceId}/`;
  const [records, allUnits, rows, targets, publication, rollup] = await Promise.all([
    listIndicators(db),
    listOrgUnits(db, provincePath),
    approvedByUnit(db, provincePath, period.code),
    listTargets(db, unit.id, period.year),
    publicationOf(db, provinceId),
    computeRollup(c, unit, period.code),
  ]);
  // The tree of the period: units of the province that existed during it. Values of units that
  // merged in from elsewhere are left to the views of their own time.
  const units = allUnits.filter((u) => activeDuring(u, period) || rows.some((r) => r.unitId === u.id));
  const inTree = new Set(units.map((u) => u.id));
  const catalogue = records.map((r) => r.indicator);
  const own = new Map<string, Map<string, Partial<Record<SexCategory, number>>>>(); // code → unit → values
  for (const r of rows) {
    if (!inTree.has(r.unitId)) continue;
    const byUnit = own.get(r.code) ?? new Map<string, Partial<Record<SexCategory, number>>>();
    const v = byUnit.get(r.unitId) ?? {};
    v[r.category] = r.value;
    byUnit.set(r.unitId, v);
    own.set(r.code, byUnit);
  }
  const children = units.filter((u) => u.parentId === unit.id && (activeDuring(u, period) || rows.some((r) => r.unitPath.startsWith(u.path))));

  /** Every unit's cells for one sum indicator: suppressed over the whole province when sensitive. */
  const cellsOf = (ind: Indicator): Map<string, Record<SexCategory, PublicCell>> => {
    const values = own.get(ind.code) ?? new Map();
    const nodes = units.map((u) => ({ id: u.id, parentId: u.parentId !== null && inTree.has(u.parentId) ? u.parentId : null, own: values.get(u.id) ?? {} }));
    if (ind.sensitivity === 'sensitive') return suppressTree(nodes, { threshold, disaggregated: ind.disaggregation === 'sex' });
    // Public indicators: the same aggregation, nothing hidden.
    return suppressTree(nodes, { threshold: 0, disaggregated: ind.disaggregation === 'sex' });
  };

  const present = new Set(rows.filter((r) => inTree.has(r.unitId)).map((r) => r.code));
  const shown = catalogue.filter(
    (i) => present.has(i.code) || (i.aggregation.kind === 'ratio' && present.has(i.aggregation.numerator) && present.has(i.aggregation.denominator)),
  );
  const sumCells = new Map<string, Map<string, Record<SexCategory, PublicCell>>>();
  const sumCellsOf = (code: string) => {
    let m = sumCells.get(code);
    if (!m) {
      const ind = catalogue.find((i) => i.code === code);
      m = ind ? cellsOf(ind) : new Map();
      sumCells.set(code, m);
    }
    return m;
  };
  const latestCodes = shown.filter((i) => i.aggregation.kind === 'latest').map((i) => i.code);
  const latest = await latestApproved(db, unit.path, period.code, latestCodes);

  const cellFor = (ind: Indicator, unitId: string, cat: SexCategory): PublicCell => {
    const agg = ind.aggregation;
    if (agg.kind === 'sum') return sumCellsOf(ind.code).get(unitId)?.[cat] ?? EMPTY;
    if (agg.kind === 'ratio') {
      const num = sumCellsOf(agg.numerator).get(unitId)?.[cat] ?? EMPTY;
      const den = sumCellsOf(agg.denominator).get(unitId)?.[cat] ?? EMPTY;
      // A ratio of a hidden count would give it back with the denominator: hide it too.
      if (num.suppressed || den.suppressed) return { value: null, suppressed: true };
      return { value: ratioValue(num.value, den.value, agg.scale), suppressed: false };
    }
    if (unitId !== unit.id || ind.sensitivity === 'sensitive') return EMPTY;
    const v = latest.get(`${ind.code}|${cat}`);
    return v === undefined ? EMPTY : { value: v, suppressed: false };
  };

  const indicators = shown.map((ind): PublicIndicator => {
    const cells = Object.fromEntries(CATS.map((cat) => [cat, ind.disaggregation === 'sex' || cat === 'total' ? cellFor(ind, unit.id, cat) : EMPTY])) as Record<SexCategory, PublicCell>;
    const mine = targets.find((t) => t.indicatorCode === ind.code);
    const national = ind.targets.find((t) => t.year === period.year) ?? ind.targets.find((t) => t.year > period.year);
    return {
      code: ind.code,
      nameVi: ind.nameVi,
      nameEn: ind.nameEn,
      unit: ind.unit,
      objective: ind.objective,
      sensitivity: ind.sensitivity,
      aggregation: ind.aggregation.kind,
      polarity: ind.polarity,
      disaggregation: ind.disaggregation,
      cells,
      target: mine
        ? { year: mine.year, comparator: mine.comparator, value: mine.value, source: 'unit' }
        : national
          ? { year: national.year, comparator: national.comparator, value: national.value, source: 'national' }
          : null,
    };
  });

  return {
    unit: { id: unit.id, name: unit.name },
    period: period.code,
    threshold,
    asOf: publication.publishedAt,
    indicators,
    children: children.map((ch) => ({
      unit: { id: ch.id, name: ch.name },
      cells: Object.fromEntries(shown.filter((i) => i.aggregation.kind !== 'latest').map((i) => [i.code, cellFor(i, ch.id, 'total')])),
    })),
    completeness: {
      expected: rollup.completeness.expected,
      submitted: rollup.completeness.submitted,
      approved: rollup.completeness.approved,
      onTime: rollup.completeness.onTime,
      late: rollup.completeness.late,
      notReported: rollup.completeness.units.filter((u) => u.submittedAt === null).map((u) => u.name),
    },
  };
}
