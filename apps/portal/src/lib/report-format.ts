// How the report pages (/bao-cao, /bao-cao/[id], /don-vi/[unitId]/tong-hop) say things: numbers
// the Vietnamese way (1.234.567; 12,5), "not reported" never as 0, periods ("Quý III/2024"),
// report statuses and timeliness as words, deadlines, and progress against a target read with
// the indicator's polarity. Pure functions: shared by the pages' server code and components.
import { parseVnNumber, periodLabel } from '@binh-dang/domain';

/**
 * parseVnNumber reads a number typed the Vietnamese way: '.' groups thousands ("1.234"), ',' is the
 * decimal comma ("12,5"), a '.' that cannot group thousands is a decimal point ("12.5"); '' and
 * text that is not a number give null. The rule lives in @binh-dang/domain (numbers.ts), shared
 * with the Excel import.
 */
export { parseVnNumber, periodLabel };

/** What a missing figure reads as: never 0. */
export const NO_DATA = '—';
export const NO_DATA_TEXT = 'Chưa có số liệu';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * "1.234.567", "12,5", "0,25"; at most `maxFractionDigits` decimals (2), trailing zeros dropped.
 * null → "—".
 */
export function formatVnNumber(value: number | null | undefined, maxFractionDigits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_DATA;
  const sign = value < 0 ? '−' : '';
  const fixed = Math.abs(value).toFixed(maxFractionDigits);
  const [whole = '0', fraction = ''] = fixed.split('.');
  const decimals = fraction.replace(/0+$/, '');
  return `${sign}${groupThousands(whole)}${decimals ? `,${decimals}` : ''}`;
}

/**
 * A stored value as it goes back into an input, without rounding (so that saving again changes
 * nothing): "1.234", "1.234,5", "0,125"; '' for null.
 */
export function formatVnInput(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const text = String(Math.abs(value));
  // Exponent notation (1e21, 1e-7) has no Vietnamese form worth inventing: left as JavaScript writes it.
  if (/e/i.test(text)) return String(value);
  const [whole = '0', fraction] = text.split('.');
  return `${value < 0 ? '-' : ''}${groupThousands(whole)}${fraction ? `,${fraction}` : ''}`;
}

/** "15/11/2024" from "2024-11-15"; "—" without a date. */
export function formatVnDate(date: string | null | undefined): string {
  if (!date) return NO_DATA;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

/** "14:05" in Việt Nam time (UTC+7) of an ISO instant. */
export function formatVnTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const vn = new Date(at.getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}`;
}

// ---------------------------------------------------------------------------------------------
// Statuses

/** A report's status, or 'missing' when the unit has not opened it. */
export type ReportState = 'draft' | 'submitted' | 'returned' | 'approved' | 'locked' | 'missing';

export const reportStateLabels: Record<ReportState, string> = {
  draft: 'Đang soạn',
  submitted: 'Đã gửi – chờ duyệt',
  returned: 'Bị trả lại',
  approved: 'Đã phê duyệt',
  locked: 'Đã khóa',
  missing: 'Chưa mở',
};

/** The CSS class of a status badge (app.css). */
export function reportBadgeClass(state: ReportState): string {
  return `badge badge-report badge-report-${state}`;
}

export function isReportState(value: unknown): value is ReportState {
  return typeof value === 'string' && Object.hasOwn(reportStateLabels, value);
}

/** Statuses in which the unit may still change its values. */
export function isEditableStatus(state: ReportState): boolean {
  return state === 'draft' || state === 'returned';
}

/** Whether a report counts as sent (submitted, approved or locked). */
export function isSentStatus(state: ReportState): boolean {
  return state === 'submitted' || state === 'approved' || state === 'locked';
}

export type Timeliness = 'on_time' | 'late' | 'overdue' | 'pending';

export const timelinessLabels: Record<Timeliness, string> = {
  on_time: 'Đúng hạn',
  late: 'Gửi muộn',
  overdue: 'Quá hạn, chưa gửi',
  pending: 'Chưa đến hạn',
};

/** "Kế hoạch số 12/KH-UBND"-style heading of a plan, or the title when it has no number yet. */
export function planLabel(plan: { number: string | null; title: string }): string {
  return plan.number ? `Kế hoạch số ${plan.number}` : plan.title;
}

// ---------------------------------------------------------------------------------------------
// Targets

export interface TargetLike {
  year: number;
  comparator: string;
  value: number;
  source: 'unit' | 'national';
}

export type Polarity = 'higher-better' | 'lower-better' | 'target-range';

const COMPARATOR_SIGNS: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '', '~': '≈' };

/** "≥ 40 bài", "≈ 1,7 tỷ số"; a percentage as "60%". */
export function targetText(target: TargetLike, unit: string): string {
  const sign = COMPARATOR_SIGNS[target.comparator] ?? target.comparator;
  const value = formatVnNumber(target.value);
  const amount = unit === '%' ? `${value}%` : `${value} ${unit}`;
  return `${sign ? `${sign} ` : ''}${amount}`;
}

/** "mục tiêu của đơn vị năm 2024" / "mục tiêu quốc gia năm 2025". */
export function targetSourceText(target: TargetLike): string {
  return `${target.source === 'unit' ? 'mục tiêu của đơn vị' : 'mục tiêu quốc gia'} năm ${target.year}`;
}

export interface Progress {
  /** 'met', 'not-met', or 'none' without a figure or a target. */
  state: 'met' | 'not-met' | 'none';
  /** What the progress column says. */
  text: string;
  /** Share of the target reached, 0–100, for a bar; null when a bar says nothing (ceilings, ranges). */
  percent: number | null;
}

/** How far from the target a "≈"/range value may be and still count as met (±10 %). */
export const RANGE_TOLERANCE = 0.1;

/**
 * Progress of a figure against its target. The comparator says the direction when it has one
 * ("≥" a floor, "≤" a ceiling); a bare value ("=") or "≈" is read with the indicator's polarity:
 * higher-better is a floor, lower-better a ceiling, target-range is "near the value" (±10 %).
 */
export function progressOf(value: number | null, target: TargetLike | null, polarity: Polarity): Progress {
  if (!target) return { state: 'none', text: 'Chưa đặt mục tiêu', percent: null };
  if (value === null) return { state: 'none', text: NO_DATA_TEXT, percent: null };
  const goal = target.value;
  let direction: 'floor' | 'ceiling' | 'near';
  if (target.comparator === '>=' || target.comparator === '>') direction = 'floor';
  else if (target.comparator === '<=' || target.comparator === '<') direction = 'ceiling';
  else if (target.comparator === '~' || polarity === 'target-range') direction = 'near';
  else direction = polarity === 'lower-better' ? 'ceiling' : 'floor';

  if (direction === 'floor') {
    const met = target.comparator === '>' ? value > goal : value >= goal;
    const share = goal > 0 ? (value / goal) * 100 : value >= goal ? 100 : 0;
    const percent = Math.max(0, Math.min(100, share));
    return met
      ? { state: 'met', text: `Đạt (${formatVnNumber(share, 0)}% mục tiêu)`, percent }
      : { state: 'not-met', text: `Chưa đạt: ${formatVnNumber(share, 0)}% mục tiêu`, percent };
  }
  if (direction === 'ceiling') {
    const met = target.comparator === '<' ? value < goal : value <= goal;
    if (met) return { state: 'met', text: 'Đạt (trong ngưỡng)', percent: null };
    const over = goal > 0 ? ((value - goal) / goal) * 100 : null;
    return { state: 'not-met', text: over === null ? 'Chưa đạt: vượt ngưỡng' : `Chưa đạt: vượt ngưỡng ${formatVnNumber(over, 0)}%`, percent: null };
  }
  const gap = goal === 0 ? Math.abs(value) : Math.abs(value - goal) / Math.abs(goal);
  if (gap <= RANGE_TOLERANCE) return { state: 'met', text: 'Đạt (sát mục tiêu)', percent: null };
  return {
    state: 'not-met',
    text: `Chưa đạt: ${value > goal ? 'cao hơn' : 'thấp hơn'} mục tiêu ${goal === 0 ? '' : `${formatVnNumber(gap * 100, 0)}%`}`.trim(),
    percent: null,
  };
}

// ---------------------------------------------------------------------------------------------
// History

export interface HistoryLine {
  id: string;
  at: string;
  actor: string;
  action: string;
  label: string;
  comment: string | null;
  /** Saves in a row by one person, shown as one line ("Lưu nháp — 4 lần"). */
  times: number;
  /** When the first of those saves was made (the line's `at` is the last one's). */
  firstAt: string | null;
}

/**
 * The history newest first, with consecutive draft saves by one person in one line: autosave
 * saves every few seconds of typing, and forty "Lưu nháp" lines would hide the moves that matter.
 */
export function historyLines(events: readonly Omit<HistoryLine, 'times' | 'firstAt'>[]): HistoryLine[] {
  const out: HistoryLine[] = [];
  for (const e of events) {
    const last = out.at(-1);
    if (last && e.action === 'save' && last.action === 'save' && last.actor === e.actor) {
      last.times += 1;
      last.firstAt ??= last.at;
      last.at = e.at;
      last.id = e.id;
      continue;
    }
    out.push({ ...e, times: 1, firstAt: null });
  }
  return out.reverse();
}
