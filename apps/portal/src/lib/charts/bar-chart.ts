// Horizontal bar charts drawn on the server as inline SVG (no chart library, no script): the
// geometry of each bar, a readable scale, and the sentence that says what the chart shows, for
// readers who do not see it. The same numbers also go in a table beside the chart (BarChart.svelte).
import { formatVnNumber, NO_DATA_TEXT } from '../report-format';

export interface BarInput {
  label: string;
  value: number | null;
}

export interface ChartInput {
  /** What is measured, e.g. "Số người tham gia tập huấn". */
  title: string;
  /** Unit of the values ("người", "%", "VND"). */
  unit: string;
  bars: readonly BarInput[];
  /** A target line drawn across the bars, when there is one. */
  target?: number | null;
  /** Units left out of the bars because they have no figure (said in the summary and the table). */
  missing?: readonly string[];
}

export interface Bar {
  label: string;
  value: number | null;
  /** Formatted value with its unit, or "Chưa có số liệu". */
  text: string;
  y: number;
  width: number;
}

export interface Tick {
  x: number;
  label: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  /** Left edge of the bar area (after the labels). */
  left: number;
  /** Width of the bar area. */
  span: number;
  barHeight: number;
  rowHeight: number;
  top: number;
  bars: Bar[];
  ticks: Tick[];
  /** x of the target line, null without a target. */
  targetX: number | null;
  targetText: string | null;
  /** One sentence a screen reader reads in place of the chart. */
  summary: string;
}

export const CHART_WIDTH = 580;
const LABEL_WIDTH = 196;
const VALUE_ROOM = 80;
const ROW = 30;
const BAR = 18;
const TOP = 8;
const AXIS = 26;

/** 1, 2, 2.5, 5 × 10ⁿ at or above `value`: a scale end a reader can count along. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function withUnit(value: number | null, unit: string): string {
  if (value === null) return NO_DATA_TEXT;
  const n = formatVnNumber(value);
  return unit === '%' ? `${n}%` : `${n} ${unit}`;
}

export function layoutChart(input: ChartInput): ChartLayout {
  const values = input.bars.map((b) => b.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const target = input.target ?? null;
  const max = niceMax(Math.max(0, ...values, ...(target !== null && target > 0 ? [target] : [])));
  const left = LABEL_WIDTH;
  // Room after the longest bar for its value ("2.500.000 VND"): about 9 units a character in bold.
  const longest = Math.max(0, ...input.bars.map((b) => withUnit(b.value, input.unit).length));
  const span = CHART_WIDTH - LABEL_WIDTH - Math.max(VALUE_ROOM, Math.ceil(longest * 9) + 12);
  const scale = (v: number) => Math.max(0, Math.min(span, (v / max) * span));
  const bars: Bar[] = input.bars.map((b, i) => ({
    label: b.label,
    value: b.value,
    text: withUnit(b.value, input.unit),
    y: TOP + i * ROW,
    width: b.value === null ? 0 : Math.max(b.value > 0 ? 1.5 : 0, scale(b.value)),
  }));
  const ticks: Tick[] = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ x: left + f * span, label: formatVnNumber(max * f) }));
  const height = TOP + Math.max(1, bars.length) * ROW + AXIS;
  const known = input.bars.filter((b) => b.value !== null);
  const missing = input.bars.length - known.length + (input.missing?.length ?? 0);
  const parts = known.map((b) => `${b.label}: ${withUnit(b.value, input.unit)}`);
  const summary =
    `${input.title}. ` +
    (parts.length ? `${parts.join('; ')}.` : `${NO_DATA_TEXT}.`) +
    (missing > 0 && parts.length ? ` ${missing} đơn vị chưa có số liệu.` : '') +
    (target !== null ? ` Mục tiêu: ${withUnit(target, input.unit)}.` : '');
  return {
    width: CHART_WIDTH,
    height,
    left,
    span,
    barHeight: BAR,
    rowHeight: ROW,
    top: TOP,
    bars,
    ticks,
    targetX: target !== null ? left + scale(target) : null,
    targetText: target !== null ? `Mục tiêu ${withUnit(target, input.unit)}` : null,
    summary,
  };
}

/** A label cut to fit the label column (the full label stays in the table and the summary). */
export function shortLabel(label: string, max = 28): string {
  return label.length > max ? `${label.slice(0, max - 1).trimEnd()}…` : label;
}
