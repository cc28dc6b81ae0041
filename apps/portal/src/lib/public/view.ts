// What the public pages show, worked out from the public API's answers: each figure as text
// ("1.234", "<5" when suppressed, "—" when not reported), targets and progress in words, the
// Nghị quyết 28 indicators grouped by objective, the charts and their text alternatives, the
// children's table. Pure functions (no SvelteKit imports): unit-tested in view.test.ts.
import { layoutChart, niceMax, type ChartInput } from '../charts/bar-chart';
import { dictionary, formatNumber, type Lang } from './i18n';

export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export interface TargetLike {
  year: number;
  comparator: string;
  value: number;
  source: 'unit' | 'national';
}

export type Polarity = 'higher-better' | 'lower-better' | 'target-range';

export interface ResultIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  objective: number | null;
  sensitivity: 'public' | 'sensitive';
  aggregation: 'sum' | 'ratio' | 'latest';
  polarity: Polarity;
  disaggregation: 'none' | 'sex';
  cells: { total: Cell; female: Cell; male: Cell };
  target: TargetLike | null;
}

export interface ResultsLike {
  threshold: number;
  indicators: ResultIndicator[];
  children: { unit: { id: string; name: string }; cells: Record<string, Cell> }[];
}

/** An entry of GET /api/v1/indicators, as far as the public pages read it. */
export interface CatalogueLike {
  indicator: {
    code: string;
    nameVi: string;
    nameEn: string;
    unit: string;
    objective: number | null;
    sensitivity: 'public' | 'sensitive';
    aggregation: { kind: string };
    polarity: Polarity;
    disaggregation: 'none' | 'sex';
    targets: { year: number; value: number; comparator: string }[];
    /** 'to-confirm': a placeholder an administrator has not checked against the resolution yet. */
    verification?: string;
  };
  builtin: boolean;
}

// ---------------------------------------------------------------------------------------------
// Figures

export interface CellView {
  state: 'value' | 'missing' | 'suppressed';
  text: string;
  /** For "<5": what it means (title and a screen reader's words). */
  note: string | null;
}

export function measureName(measure: string, lang: Lang): string {
  return dictionary(lang).measures[measure] ?? measure;
}

export function cellView(cell: Cell | undefined, threshold: number, lang: Lang): CellView {
  if (cell?.suppressed) return { state: 'suppressed', text: `<${threshold}`, note: dictionary(lang).suppressedTitle(threshold) };
  if (!cell || cell.value === null) return { state: 'missing', text: '—', note: null };
  return { state: 'value', text: formatNumber(cell.value, lang), note: null };
}

/** "1.234 người", "60%"; "—" without a value. */
export function withMeasure(value: number | null, measure: string, lang: Lang): string {
  if (value === null) return dictionary(lang).chartNoData;
  if (measure === 'có/không') return value > 0 ? dictionary(lang).yes : dictionary(lang).no;
  const n = formatNumber(value, lang);
  return measure === '%' ? `${n}%` : `${n} ${measureName(measure, lang)}`;
}

const SIGNS: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '', '~': '≈' };

export interface TargetView {
  text: string;
  source: string;
}

export function targetView(target: TargetLike | null, measure: string, lang: Lang): TargetView | null {
  if (!target) return null;
  const t = dictionary(lang);
  const sign = SIGNS[target.comparator] ?? target.comparator;
  return {
    text: `${sign ? `${sign} ` : ''}${withMeasure(target.value, measure, lang)}`,
    source: target.source === 'unit' ? t.targetUnit(target.year) : t.targetNational(target.year),
  };
}

export interface ProgressView {
  state: 'met' | 'not-met' | 'none';
  text: string;
  /** Share of the target reached, 0–100, for a meter; null when a meter says nothing. */
  percent: number | null;
}

/**
 * Progress of a figure against its target, read as the staff dashboard reads it
 * (lib/report-format.ts progressOf): "≥"/">" a floor, "≤"/"<" a ceiling, a bare value by the
 * indicator's polarity, "≈" or a target range ±10 %.
 */
export function progressView(cell: Cell, target: TargetLike | null, polarity: Polarity, lang: Lang): ProgressView {
  const p = dictionary(lang).progress;
  if (!target) return { state: 'none', text: p.noTarget, percent: null };
  if (cell.suppressed) return { state: 'none', text: p.hidden, percent: null };
  const value = cell.value;
  if (value === null) return { state: 'none', text: p.noData, percent: null };
  const goal = target.value;
  const pct = (x: number) => formatNumber(x, lang, 0);
  let direction: 'floor' | 'ceiling' | 'near';
  if (target.comparator === '>=' || target.comparator === '>') direction = 'floor';
  else if (target.comparator === '<=' || target.comparator === '<') direction = 'ceiling';
  else if (target.comparator === '~' || polarity === 'target-range') direction = 'near';
  else direction = polarity === 'lower-better' ? 'ceiling' : 'floor';

  if (direction === 'floor') {
    const met = target.comparator === '>' ? value > goal : value >= goal;
    const share = goal > 0 ? (value / goal) * 100 : value >= goal ? 100 : 0;
    const percent = Math.max(0, Math.min(100, share));
    return met ? { state: 'met', text: p.met(pct(share)), percent } : { state: 'not-met', text: p.notMet(pct(share)), percent };
  }
  if (direction === 'ceiling') {
    const met = target.comparator === '<' ? value < goal : value <= goal;
    if (met) return { state: 'met', text: p.withinCeiling, percent: null };
    return { state: 'not-met', text: p.overCeiling(goal > 0 ? pct(((value - goal) / goal) * 100) : null), percent: null };
  }
  const gap = goal === 0 ? Math.abs(value) : Math.abs(value - goal) / Math.abs(goal);
  if (gap <= 0.1) return { state: 'met', text: p.near, percent: null };
  return { state: 'not-met', text: p.far(value > goal, goal === 0 ? null : pct(gap * 100)), percent: null };
}

// ---------------------------------------------------------------------------------------------
// The indicator tables

export interface IndicatorRowView {
  code: string;
  name: string;
  measure: string;
  sensitive: boolean;
  /** Reported by sex: the Nữ/Nam columns apply. */
  sex: boolean;
  total: CellView;
  female: CellView | null;
  male: CellView | null;
  target: TargetView | null;
  progress: ProgressView;
}

function rowOf(ind: ResultIndicator, threshold: number, lang: Lang): IndicatorRowView {
  const sex = ind.disaggregation === 'sex';
  return {
    code: ind.code,
    name: lang === 'en' ? ind.nameEn : ind.nameVi,
    measure: measureName(ind.unit, lang),
    sensitive: ind.sensitivity === 'sensitive',
    sex,
    total: cellView(ind.cells.total, threshold, lang),
    female: sex ? cellView(ind.cells.female, threshold, lang) : null,
    male: sex ? cellView(ind.cells.male, threshold, lang) : null,
    target: targetView(ind.target, ind.unit, lang),
    progress: progressView(ind.cells.total, ind.target, ind.polarity, lang),
  };
}

const EMPTY: Cell = { value: null, suppressed: false };

/** The national target that applies to a year: that year's, else the next one set (as the API picks). */
export function nationalTarget(targets: readonly { year: number; value: number; comparator: string }[], year: number): TargetLike | null {
  const t = targets.find((x) => x.year === year) ?? [...targets].sort((a, b) => a.year - b.year).find((x) => x.year > year);
  return t ? { year: t.year, value: t.value, comparator: t.comparator, source: 'national' } : null;
}

export interface ObjectiveGroup {
  objective: number;
  title: string;
  rows: IndicatorRowView[];
}

/**
 * The Nghị quyết 28 indicators by objective (1–6): those with approved figures as the API gives
 * them, and every other built-in one of the catalogue with its national target and no figure, so
 * that what was promised shows even where nothing is reported yet.
 */
export function nq28Groups(results: ResultsLike | null, catalogue: readonly CatalogueLike[], year: number, lang: Lang): ObjectiveGroup[] {
  const threshold = results?.threshold ?? 5;
  const withData = new Map((results?.indicators ?? []).filter((i) => i.objective !== null).map((i) => [i.code, i]));
  const order: ResultIndicator[] = [];
  for (const entry of catalogue) {
    const c = entry.indicator;
    if (c.objective === null) continue;
    const known = withData.get(c.code);
    if (known) {
      order.push(known);
      withData.delete(c.code);
    } else if (entry.builtin && entry.indicator.verification !== 'to-confirm') {
      order.push({
        code: c.code,
        nameVi: c.nameVi,
        nameEn: c.nameEn,
        unit: c.unit,
        objective: c.objective,
        sensitivity: c.sensitivity,
        aggregation: c.aggregation.kind === 'ratio' ? 'ratio' : c.aggregation.kind === 'sum' ? 'sum' : 'latest',
        polarity: c.polarity,
        disaggregation: c.disaggregation,
        cells: { total: EMPTY, female: EMPTY, male: EMPTY },
        target: nationalTarget(c.targets, year),
      });
    }
  }
  // Indicators with figures that the catalogue did not list (added since): at the end of their objective.
  order.push(...withData.values());
  const groups = new Map<number, IndicatorRowView[]>();
  for (const ind of order) {
    const list = groups.get(ind.objective!) ?? [];
    list.push(rowOf(ind, threshold, lang));
    groups.set(ind.objective!, list);
  }
  const t = dictionary(lang);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([objective, rows]) => ({ objective, title: t.objectives[objective] ?? String(objective), rows }));
}

/** The operational indicators (no NQ28 objective) that have figures in the period. */
export function operationalRows(results: ResultsLike | null, lang: Lang): IndicatorRowView[] {
  if (!results) return [];
  return results.indicators.filter((i) => i.objective === null).map((i) => rowOf(i, results.threshold, lang));
}

// ---------------------------------------------------------------------------------------------
// Children

const hasFigure = (c: Cell | undefined) => !!c && (c.suppressed || c.value !== null);

export interface ChildrenTable {
  columns: { code: string; name: string; measure: string }[];
  rows: { id: string; name: string; cells: Record<string, CellView> }[];
  totals: Record<string, CellView>;
}

/** Each child's total per indicator, for the indicators and children that have a figure. */
export function childrenTable(results: ResultsLike | null, lang: Lang): ChildrenTable {
  if (!results) return { columns: [], rows: [], totals: {} };
  const indicators = results.indicators.filter((i) => i.aggregation !== 'latest' && results.children.some((ch) => hasFigure(ch.cells[i.code])));
  const rows = results.children
    .filter((ch) => indicators.some((i) => hasFigure(ch.cells[i.code])))
    .map((ch) => ({
      id: ch.unit.id,
      name: ch.unit.name,
      cells: Object.fromEntries(indicators.map((i) => [i.code, cellView(ch.cells[i.code], results.threshold, lang)])),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return {
    columns: indicators.map((i) => ({ code: i.code, name: lang === 'en' ? i.nameEn : i.nameVi, measure: measureName(i.unit, lang) })),
    rows,
    totals: Object.fromEntries(indicators.map((i) => [i.code, cellView(i.cells.total, results.threshold, lang)])),
  };
}

// ---------------------------------------------------------------------------------------------
// Charts

export interface ChartBarView {
  label: string;
  text: string;
  y: number;
  width: number;
  hidden: boolean;
  missing: boolean;
}

export interface ChartView {
  id: string;
  title: string;
  measure: string;
  width: number;
  height: number;
  left: number;
  barHeight: number;
  top: number;
  bars: ChartBarView[];
  ticks: { x: number; label: string }[];
  targetX: number | null;
  targetText: string | null;
  /** The sentence read instead of the picture. */
  summary: string;
}

function chartView(id: string, title: string, measure: string, bars: { label: string; cell: Cell }[], target: number | null, threshold: number, lang: Lang): ChartView {
  const t = dictionary(lang);
  const input: ChartInput = { title, unit: measure, bars: bars.map((b) => ({ label: b.label, value: b.cell.suppressed ? null : b.cell.value })), target };
  const layout = layoutChart(input);
  const values = input.bars.map((b) => b.value).filter((v): v is number => v !== null);
  const max = niceMax(Math.max(0, ...values, ...(target !== null && target > 0 ? [target] : [])));
  const views: ChartBarView[] = layout.bars.map((b, i) => {
    const cell = bars[i]!.cell;
    return {
      label: b.label,
      text: cell.suppressed ? t.chartHidden(threshold) : withMeasure(b.value, measure, lang),
      y: b.y,
      width: b.width,
      hidden: cell.suppressed,
      missing: !cell.suppressed && cell.value === null,
    };
  });
  const known = views.filter((b) => !b.hidden && !b.missing);
  const hiddenCount = views.filter((b) => b.hidden).length;
  const missingCount = views.filter((b) => b.missing).length;
  const summary = [
    `${title}.`,
    known.length ? `${known.map((b) => `${b.label}: ${b.text}`).join('; ')}.` : `${t.chartNoData}.`,
    hiddenCount ? t.chartHiddenCount(hiddenCount) : '',
    missingCount ? t.chartMissing(missingCount) : '',
    target !== null ? `${t.chartTarget(withMeasure(target, measure, lang))}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    id,
    title,
    measure: measureName(measure, lang),
    width: layout.width,
    height: layout.height,
    left: layout.left,
    barHeight: layout.barHeight,
    top: layout.top,
    bars: views,
    ticks: layout.ticks.map((tick, i) => ({ x: tick.x, label: formatNumber((max * i) / 4, lang) })),
    targetX: layout.targetX,
    targetText: target !== null ? t.chartTarget(withMeasure(target, measure, lang)) : null,
    summary,
  };
}

const chartId = (prefix: string, code: string) => `${prefix}-${code.replace(/[^A-Za-z0-9-]/g, '_')}`;

/**
 * Up to `max` charts. With children that have figures: each child's share of an indicator
 * (those with a target first, then those reported by sex); a suppressed child has no bar and says
 * "hidden". Without (a commune): the female/male split of the indicators reported by sex.
 */
export function charts(results: ResultsLike | null, lang: Lang, max = 4): ChartView[] {
  if (!results) return [];
  const t = dictionary(lang);
  const name = (i: ResultIndicator) => (lang === 'en' ? i.nameEn : i.nameVi);
  const rank = (i: ResultIndicator) => (i.target ? 0 : 2) + (i.disaggregation === 'sex' ? 0 : 1);
  // Worth a chart: at least two children with a figure shown, one of them above zero (a chart of
  // hidden bars and zeros says nothing the table does not).
  const shown = (ind: ResultIndicator) => results.children.map((ch) => ch.cells[ind.code]).filter((c): c is Cell => !!c && !c.suppressed && c.value !== null);
  const byChild = results.indicators
    .map((ind, order) => ({ ind, order }))
    .filter(({ ind }) => ind.aggregation !== 'latest' && shown(ind).length >= 2 && shown(ind).some((c) => c.value! > 0))
    .sort((a, b) => rank(a.ind) - rank(b.ind) || a.order - b.order)
    .slice(0, max);
  if (byChild.length) {
    return byChild.map(({ ind }) => {
      const bars = results.children
        .filter((ch) => hasFigure(ch.cells[ind.code]))
        .map((ch) => ({ label: ch.unit.name, cell: ch.cells[ind.code]! }))
        .sort((a, b) => (b.cell.value ?? -1) - (a.cell.value ?? -1) || a.label.localeCompare(b.label, 'vi'));
      return chartView(chartId('bd-don-vi', ind.code), t.chartByChild(name(ind)), ind.unit, bars, ind.aggregation === 'sum' ? null : (ind.target?.value ?? null), results.threshold, lang);
    });
  }
  return results.indicators
    .filter((i) => i.disaggregation === 'sex' && i.cells.female.value !== null && i.cells.male.value !== null)
    .slice(0, max)
    .map((ind) =>
      chartView(
        chartId('bd-gioi', ind.code),
        t.chartBySex(name(ind)),
        ind.unit,
        [
          { label: t.colFemale, cell: ind.cells.female },
          { label: t.colMale, cell: ind.cells.male },
        ],
        null,
        results.threshold,
        lang,
      ),
    );
}

// ---------------------------------------------------------------------------------------------
// Plans and duty progress

export interface DutyProgressLike {
  units: number;
  done: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
}

export function progressTotals(duties: readonly DutyProgressLike[]): { units: number; done: number; overdue: number } {
  return duties.reduce((s, d) => ({ units: s.units + d.units, done: s.done + d.done, overdue: s.overdue + d.overdue }), { units: 0, done: 0, overdue: 0 });
}

/** "12/KH-UBND" from the parts the API keeps; null before a number is given. */
export function planNumber(p: { number: string | null; typeCode: string; issuerCode: string }): string | null {
  return p.number ? `${p.number}/${p.typeCode}-${p.issuerCode}` : null;
}

/** "Kế hoạch thực hiện …" from "KẾ HOẠCH" and "Thực hiện …": how a list names a document. */
export function documentName(p: { documentType: string; title: string }): string {
  const kind = p.documentType.charAt(0) + p.documentType.slice(1).toLowerCase();
  return `${kind} ${p.title.charAt(0).toLowerCase()}${p.title.slice(1)}`;
}

/** The Action Month (Tháng hành động vì bình đẳng giới): 15 November to 15 December each year. */
export function actionMonth(year: number): { start: string; end: string } {
  return { start: `${year}-11-15`, end: `${year}-12-15` };
}
