// The roll-up page (/don-vi/[unitId]/tong-hop) as it is shown: which plan and period are chosen,
// the indicator rows with target and progress, the indicators worth a chart, the units that have
// not reported or wait for review, and each child's contribution. Pure functions over the API's
// roll-up (GET /api/v1/org-units/{unitId}/rollup).
import { parsePeriod } from '@binh-dang/domain';
import { withUnit, type ChartInput } from './charts/bar-chart';
import {
  formatVnDate,
  formatVnNumber,
  isSentStatus,
  periodLabel,
  progressOf,
  reportStateLabels,
  targetSourceText,
  targetText,
  timelinessLabels,
  type Polarity,
  type Progress,
  type ReportState,
  type TargetLike,
  type Timeliness,
} from './report-format';

export interface RollupIndicatorLike {
  code: string;
  nameVi: string;
  unit: string;
  disaggregation: 'none' | 'sex';
  sensitivity: 'public' | 'sensitive';
  aggregation: 'sum' | 'ratio' | 'latest';
  polarity: Polarity;
  total: number | null;
  female: number | null;
  male: number | null;
  units: number;
  target: TargetLike | null;
}

export interface RollupChildLike {
  unit: { id: string; name: string; path: string };
  own: boolean;
  values: Record<string, number | null>;
  report: { status: ReportState; submittedAt: string | null; deadline: string | null; timeliness: Timeliness } | null;
}

export interface UnitStatusLike {
  unitId: string;
  name: string;
  planId: string;
  deadline: string;
  status: ReportState;
  reportId: string | null;
  submittedAt: string | null;
  timeliness: Timeliness;
}

export interface PlanChoice {
  id: string;
  year: number;
  status: string;
  number: string | null;
  title: string;
  issuingUnitId: string;
  issuingUnitName: string;
}

/**
 * Plans whose reports add up at this unit: issued (or since superseded) by the unit or a unit
 * above it, newest year first, the unit's own before its superiors'.
 */
export function plansFor(plans: readonly PlanChoice[], ancestorIds: readonly string[]): PlanChoice[] {
  const depth = (p: PlanChoice) => ancestorIds.indexOf(p.issuingUnitId);
  return plans
    .filter((p) => p.status !== 'draft' && ancestorIds.includes(p.issuingUnitId))
    .sort((a, b) => b.year - a.year || depth(b) - depth(a) || (a.status === 'issued' ? -1 : 1) - (b.status === 'issued' ? -1 : 1));
}

/** "Kế hoạch số 12 — Huyện Lâm Thao, năm 2024 (đã bị thay thế)". */
export function planChoiceLabel(p: PlanChoice): string {
  const head = p.number ? `Kế hoạch số ${p.number}` : 'Kế hoạch';
  return `${head} — ${p.issuingUnitName}, năm ${p.year}${p.status === 'superseded' ? ' (đã bị thay thế)' : ''}`;
}

/**
 * The period to show: the one asked for when the plan reports it (or when there is no plan to
 * ask), else the plan's period of the current year, else its first; else the year asked for.
 */
export function choosePeriod(asked: string | null, periods: readonly { period: string }[], fallbackYear: number): { period: string; invalid: string | null } {
  const valid = asked !== null && asked !== '' && parsePeriod(asked) !== null;
  const invalid = asked && !valid ? asked : null;
  if (periods.length === 0) return { period: valid ? asked! : String(fallbackYear), invalid };
  if (valid && periods.some((p) => p.period === asked)) return { period: asked!, invalid };
  const yearly = periods.find((p) => p.period === String(fallbackYear));
  return { period: (yearly ?? periods[0]!).period, invalid };
}

export interface IndicatorRow {
  code: string;
  name: string;
  unit: string;
  sensitive: boolean;
  sex: boolean;
  total: string;
  female: string;
  male: string;
  /** Units whose approved values are in the figure. */
  units: number;
  target: string | null;
  targetSource: string | null;
  progress: Progress;
}

export function indicatorRows(indicators: readonly RollupIndicatorLike[]): IndicatorRow[] {
  return indicators.map((i) => ({
    code: i.code,
    name: i.nameVi,
    unit: i.unit,
    sensitive: i.sensitivity === 'sensitive',
    sex: i.disaggregation === 'sex',
    total: formatVnNumber(i.total),
    female: i.disaggregation === 'sex' ? formatVnNumber(i.female) : '',
    male: i.disaggregation === 'sex' ? formatVnNumber(i.male) : '',
    units: i.units,
    target: i.target ? targetText(i.target, i.unit) : null,
    targetSource: i.target ? targetSourceText(i.target) : null,
    progress: progressOf(i.total, i.target, i.polarity),
  }));
}

/** A child's name in lists: "(báo cáo của chính đơn vị)" for the unit's own report. */
export function childName(child: Pick<RollupChildLike, 'own' | 'unit'>): string {
  return child.own ? `${child.unit.name} (báo cáo của chính đơn vị)` : child.unit.name;
}

/**
 * Charts for the indicators that matter most here: those with an approved figure, those with a
 * target first, then the ones reported by sex; at most `max`. Each shows every child's share.
 */
export function importantCharts(indicators: readonly RollupIndicatorLike[], children: readonly RollupChildLike[], max = 6): { code: string; chart: ChartInput; caption: string }[] {
  const rank = (i: RollupIndicatorLike) => (i.target ? 0 : 1) * 2 + (i.disaggregation === 'sex' ? 0 : 1);
  const chosen = indicators
    .map((ind, order) => ({ ind, order }))
    .filter(({ ind }) => ind.total !== null)
    .sort((a, b) => rank(a.ind) - rank(b.ind) || a.order - b.order)
    .slice(0, max);
  return chosen.map(({ ind }) => {
    // Bars for the units with a figure, largest first; the others are named in words and the table.
    const bars = children
      .flatMap((ch) => {
        const value = ch.values[ind.code];
        return value === null || value === undefined ? [] : [{ label: childName(ch), value }];
      })
      .sort((a, b) => b.value - a.value);
    const missing = children.filter((ch) => ch.values[ind.code] === null || ch.values[ind.code] === undefined).map(childName);
    const parts = [`${ind.aggregation === 'sum' ? 'Tổng' : 'Chung'} ${withUnit(ind.total, ind.unit)}`];
    if (ind.disaggregation === 'sex') parts.push(`nữ ${formatVnNumber(ind.female)}, nam ${formatVnNumber(ind.male)}`);
    parts.push(`${ind.units} đơn vị có số liệu đã phê duyệt`);
    return {
      code: ind.code,
      // A target is the unit's total to reach: drawn across the children's bars only where it
      // applies to each of them as well (rates and shares, not sums).
      chart: { title: ind.nameVi, unit: ind.unit, bars, missing, target: ind.aggregation === 'sum' ? null : (ind.target?.value ?? null) },
      caption: parts.join('; '),
    };
  });
}

export interface UnitStatusRow {
  unitId: string;
  name: string;
  reportId: string | null;
  state: ReportState;
  stateLabel: string;
  deadline: string;
  timeliness: Timeliness;
  timelinessLabel: string;
}

function statusRow(u: UnitStatusLike): UnitStatusRow {
  return {
    unitId: u.unitId,
    name: u.name,
    reportId: u.reportId,
    state: u.status,
    stateLabel: reportStateLabels[u.status],
    deadline: formatVnDate(u.deadline),
    timeliness: u.timeliness,
    timelinessLabel: timelinessLabels[u.timeliness],
  };
}

/** The units still to report (not opened, drafting, returned) and those waiting for review. */
export function completenessLists(units: readonly UnitStatusLike[]): { notSent: UnitStatusRow[]; waiting: UnitStatusRow[] } {
  return {
    notSent: units.filter((u) => !isSentStatus(u.status)).map(statusRow),
    waiting: units.filter((u) => u.status === 'submitted').map(statusRow),
  };
}

/** Percent of `part` in `whole`, rounded ("—" when nothing is expected). */
export function share(part: number, whole: number): string {
  return whole > 0 ? `${formatVnNumber((part / whole) * 100, 0)}%` : '—';
}

/** Indicators that some child has a figure for (the columns of the contribution table). */
export function contributionColumns(indicators: readonly RollupIndicatorLike[], children: readonly RollupChildLike[]): RollupIndicatorLike[] {
  return indicators.filter((i) => children.some((ch) => ch.values[i.code] !== null && ch.values[i.code] !== undefined));
}

export { periodLabel };

const STATE_ORDER: Record<ReportState, number> = { approved: 0, locked: 0, submitted: 1, returned: 2, draft: 3, missing: 4 };

/**
 * The children in the order a coordinator reads them: the unit's own report first, then by how
 * far each report has gone (approved, waiting, returned, drafting, not opened), then by name.
 */
export function sortChildren<C extends RollupChildLike>(children: readonly C[]): C[] {
  const rank = (c: C) => (c.own ? -1 : c.report ? STATE_ORDER[c.report.status] : 5);
  return [...children].sort((a, b) => rank(a) - rank(b) || a.unit.name.localeCompare(b.unit.name, 'vi'));
}

export interface DutyLike {
  id: string;
  orgUnitId: string;
  orgUnitName: string;
  text: string;
  dueDate: string | null;
  role: 'lead' | 'support';
  state: string;
}

/** Overdue duties grouped by unit, the units with most first. */
export function overdueByUnit(duties: readonly DutyLike[]): { unitId: string; unit: string; duties: { id: string; text: string; due: string; role: 'lead' | 'support' }[] }[] {
  const groups = new Map<string, { unitId: string; unit: string; duties: { id: string; text: string; due: string; role: 'lead' | 'support' }[] }>();
  for (const d of duties) {
    if (d.state !== 'overdue') continue;
    const group = groups.get(d.orgUnitId) ?? { unitId: d.orgUnitId, unit: d.orgUnitName, duties: [] };
    group.duties.push({ id: d.id, text: d.text, due: formatVnDate(d.dueDate), role: d.role });
    groups.set(d.orgUnitId, group);
  }
  return [...groups.values()].sort((a, b) => b.duties.length - a.duties.length || a.unit.localeCompare(b.unit, 'vi'));
}
