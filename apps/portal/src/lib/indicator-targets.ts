// The form of /muc-tieu: a unit's own targets of one year, one row per indicator (comparator and
// value, `cmp:<code>` and `val:<code>`), with the stored target each row was opened with
// (`was:<code>`), and the version of the year's targets it was opened with. Only the rows that
// changed are sent (an emptied row removes its target) with that version; when someone saved first
// the API answers 409 with the targets stored now, and the form is put on top of them
// (`rebaseTargets`): a row someone else saved that the user also changed is a conflict, shown
// beside the row with what is stored now, the typed target kept.
import { targetComparators, type Indicator, type TargetComparator } from '@binh-dang/domain';
import { formatTarget, formatVnInput, parseVnNumber, targetValueProblem } from './indicator-format';
import { vietnamesePart, type FieldProblem } from './session';

export interface TargetRowValues {
  comparator: string;
  /** As typed ("1.234,5"). */
  value: string;
  /** The stored target the row was opened with: "comparator|value", '' for none. */
  was: string;
}

export type TargetRows = Record<string, TargetRowValues>;

export interface StoredTarget {
  indicatorCode: string;
  comparator: string;
  value: number;
}

export function storedKey(target: Pick<StoredTarget, 'comparator' | 'value'> | null | undefined): string {
  return target ? `${target.comparator}|${target.value}` : '';
}

function parseKey(key: string): { comparator: TargetComparator; value: number } | null {
  const [comparator, value] = key.split('|');
  if (!comparator || value === undefined || !(targetComparators as readonly string[]).includes(comparator)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? { comparator: comparator as TargetComparator, value: n } : null;
}

/** The rows as the form opens: the stored targets, the rest empty with `defaults` comparators. */
export function rowsOf(codes: readonly string[], stored: readonly StoredTarget[], defaults: (code: string) => TargetComparator): TargetRows {
  const byCode = new Map(stored.map((t) => [t.indicatorCode, t]));
  return Object.fromEntries(
    codes.map((code) => {
      const t = byCode.get(code);
      return [code, { comparator: t?.comparator ?? defaults(code), value: t ? formatVnInput(t.value) : '', was: storedKey(t) }];
    }),
  );
}

export function readTargetsForm(data: FormData, codes: readonly string[]): TargetRows {
  const text = (name: string) => {
    const v = data.get(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  return Object.fromEntries(codes.map((code) => [code, { comparator: text(`cmp:${code}`), value: text(`val:${code}`), was: text(`was:${code}`) }]));
}

export interface TargetChange {
  indicatorCode: string;
  comparator: TargetComparator;
  value: number | null;
}

/**
 * What the form changes: a row whose typed target differs from the one it was opened with (a row
 * emptied removes the target), or the reasons, by code, it cannot be sent.
 */
export function targetChanges(
  rows: TargetRows,
  indicators: ReadonlyMap<string, Pick<Indicator, 'unit'>>,
): { changes: TargetChange[]; errors: Record<string, string[]> } {
  const changes: TargetChange[] = [];
  const errors: Record<string, string[]> = {};
  for (const [code, row] of Object.entries(rows)) {
    const indicator = indicators.get(code);
    if (!indicator) continue;
    const comparator = row.comparator as TargetComparator;
    if (row.value === '') {
      if (row.was !== '') changes.push({ indicatorCode: code, comparator: parseKey(row.was)?.comparator ?? '>=', value: null });
      continue;
    }
    const value = parseVnNumber(row.value);
    if (value === null) {
      errors[code] = ['Không đọc được số: viết như 1.234,5 hoặc 60.'];
      continue;
    }
    const problem = targetValueProblem(value, indicator.unit);
    if (problem) {
      errors[code] = [problem];
      continue;
    }
    if (!(targetComparators as readonly string[]).includes(comparator)) {
      errors[code] = ['Vui lòng chọn dấu so sánh.'];
      continue;
    }
    if (`${comparator}|${value}` !== row.was) changes.push({ indicatorCode: code, comparator, value });
  }
  return { changes, errors };
}

/** The row as typed, as `storedKey` writes a target ('' for empty, null when it cannot be read). */
function typedKey(row: TargetRowValues): string | null {
  if (row.value === '') return '';
  const value = parseVnNumber(row.value);
  return value === null ? null : `${row.comparator}|${value}`;
}

export interface TargetRebase {
  /** The rows to show again: what the user typed, each opened now from the target stored now. */
  rows: TargetRows;
  /** Rows the user changed that someone else saved differently: their target, as a reader says it. */
  conflicts: Record<string, string>;
  /** Rows the user left alone that someone else saved: they now show the stored target. */
  taken: string[];
}

/**
 * The form put on top of the targets stored now, after a save refused as stale (409): a row the
 * user did not change takes the stored target; a changed one keeps what was typed and is a
 * conflict when the stored target differs from both the one it was opened with and the typed one.
 * Each row's `was` becomes the stored target, so saving again (with the new version) saves over
 * the conflicts on purpose and leaves the rows taken from someone else alone.
 */
export function rebaseTargets(rows: TargetRows, stored: readonly StoredTarget[], indicators: ReadonlyMap<string, Pick<Indicator, 'unit'>>): TargetRebase {
  const byCode = new Map(stored.map((t) => [t.indicatorCode, t]));
  const out: TargetRows = {};
  const conflicts: Record<string, string> = {};
  const taken: string[] = [];
  for (const [code, row] of Object.entries(rows)) {
    const target = byCode.get(code);
    const now = storedKey(target);
    if (now === row.was) {
      out[code] = row;
      continue;
    }
    const typed = typedKey(row);
    if (typed === row.was) {
      out[code] = { comparator: target?.comparator ?? row.comparator, value: target ? formatVnInput(target.value) : '', was: now };
      taken.push(code);
      continue;
    }
    out[code] = { ...row, was: now };
    if (typed === now) continue;
    const current = parseKey(now);
    const unit = indicators.get(code)?.unit;
    conflicts[code] = current && unit ? formatTarget(current, unit) : 'không có mục tiêu';
  }
  return { rows: out, conflicts, taken };
}

/** The API's `errors` (`body.targets.3.value`) on the rows, by the code sent at that index. */
export function sortTargetProblems(problems: readonly FieldProblem[], sent: readonly TargetChange[]): { errors: Record<string, string[]>; other: string[] } {
  const errors: Record<string, string[]> = {};
  const other: string[] = [];
  for (const problem of problems) {
    const message = vietnamesePart(problem.message);
    const m = /^body\.targets\.(\d+)(\.|$)/.exec(problem.path);
    const code = m ? sent[Number(m[1])]?.indicatorCode : undefined;
    if (code) (errors[code] ??= []).push(message);
    else if (!other.includes(message)) other.push(message);
  }
  return { errors, other };
}
