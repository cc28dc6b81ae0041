// The form of /muc-tieu: a unit's own targets of one year, one row per indicator (comparator and
// value, `cmp:<code>` and `val:<code>`), with the stored target each row was opened with
// (`was:<code>`). Only the rows that changed are sent (an emptied row removes its target); a row
// someone else saved meanwhile is a conflict, shown beside the row with what is stored now.
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

/**
 * The changed rows someone else saved after the form was opened (the stored target is neither the
 * one the row was opened with nor the one typed), with the target stored now as a reader says it.
 */
export function targetConflicts(
  changes: readonly TargetChange[],
  rows: TargetRows,
  stored: readonly StoredTarget[],
  indicators: ReadonlyMap<string, Pick<Indicator, 'unit'>>,
): Record<string, string> {
  const byCode = new Map(stored.map((t) => [t.indicatorCode, t]));
  const out: Record<string, string> = {};
  for (const change of changes) {
    const now = storedKey(byCode.get(change.indicatorCode));
    const typed = change.value === null ? '' : `${change.comparator}|${change.value}`;
    if (now === rows[change.indicatorCode]?.was || now === typed) continue;
    const current = parseKey(now);
    const unit = indicators.get(change.indicatorCode)?.unit;
    out[change.indicatorCode] = current && unit ? formatTarget(current, unit) : 'không có mục tiêu';
  }
  return out;
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
