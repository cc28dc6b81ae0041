// Indicator values computed from the records a unit keeps (activities, cases, budget) for a
// report's closing window, and the rule that a reporter may not type a different value silently:
// a value that differs from the computed one needs a written reason (an override).
import type { DataValue, DataValueCategory, ValidationIssue } from './data-value.ts';
import type { LocalDate } from './dates.ts';

export const computedSourceKinds = ['activity', 'case', 'allocation', 'expense'] as const;
export type ComputedSourceKind = (typeof computedSourceKinds)[number];

/** A record a computed value counts. Case sources carry no type, sex or age: only id and date. */
export interface ComputedSource {
  kind: ComputedSourceKind;
  id: string;
  title: string;
  date: LocalDate;
}

/**
 * One computed cell. An indicator the records say nothing about (no record of its kind in the
 * window) has no computed value at all: the unit types it as before, with no reason needed.
 */
export interface ComputedValue {
  indicator: string;
  category: DataValueCategory;
  value: number;
  sources: ComputedSource[];
}

export interface ValueOverride {
  indicator: string;
  category: DataValueCategory;
  reason: string;
}

export interface DateWindow {
  from: LocalDate;
  to: LocalDate;
}

export function inWindow(date: LocalDate, window: DateWindow): boolean {
  return date >= window.from && date <= window.to;
}

const key = (indicator: string, category: DataValueCategory) => `${indicator}|${category}`;

/** Whole counts stay whole; quantities (airtime minutes) may carry decimals. */
function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export interface OverrideCheck {
  /** The values to store: what was sent, with the computed value for every computed cell left out. */
  values: DataValue[];
  /** Overrides that explain a real difference (the others are dropped). */
  overrides: (ValueOverride & { computed: number; value: number | null })[];
  /** Cells that differ from the computed value without a reason: path is the value's index, or the cell. */
  errors: ValidationIssue[];
}

/**
 * Applies the computed values to a save. A computed cell the request leaves out takes the computed
 * value (record once, counted everywhere); a cell sent with another value — or sent empty — needs
 * an override with a reason, or it is an error that says what the computed value is.
 */
export function applyComputedValues(
  computed: readonly ComputedValue[],
  sent: readonly DataValue[],
  overrides: readonly ValueOverride[],
  prefix = 'values',
): OverrideCheck {
  const reasons = new Map(overrides.filter((o) => o.reason.trim() !== '').map((o) => [key(o.indicator, o.category), o.reason.trim()]));
  const sentIndex = new Map(sent.map((v, i) => [key(v.indicator, v.category), i]));
  const values: DataValue[] = [...sent];
  const kept: OverrideCheck['overrides'] = [];
  const errors: ValidationIssue[] = [];
  for (const cv of computed) {
    const k = key(cv.indicator, cv.category);
    const i = sentIndex.get(k);
    if (i === undefined) {
      values.push({ indicator: cv.indicator, category: cv.category, value: cv.value });
      continue;
    }
    const typed = sent[i]!.value;
    if (same(typed, cv.value)) continue;
    const reason = reasons.get(k);
    if (reason) {
      kept.push({ indicator: cv.indicator, category: cv.category, reason, computed: cv.value, value: typed });
      continue;
    }
    errors.push({
      path: `${prefix}.${i}.value`,
      message:
        `${cv.indicator}.${cv.category}: số liệu tính từ ${cv.sources.length} hồ sơ là ${cv.value}; ` +
        `muốn báo cáo số khác phải ghi lý do (Computed from the records: ${cv.value}; give a reason to report a different value)`,
    });
  }
  return { values, overrides: kept, errors };
}

/**
 * Stored values that no longer match the records and have no stored reason (records changed after
 * the last save): they block submission until the report is saved again.
 */
export function staleComputedIssues(
  computed: readonly ComputedValue[],
  stored: readonly DataValue[],
  storedOverrides: readonly { indicator: string; category: DataValueCategory }[],
): ValidationIssue[] {
  const byKey = new Map(stored.map((v) => [key(v.indicator, v.category), v.value]));
  const explained = new Set(storedOverrides.map((o) => key(o.indicator, o.category)));
  const issues: ValidationIssue[] = [];
  for (const cv of computed) {
    const k = key(cv.indicator, cv.category);
    if (explained.has(k)) continue;
    const v = byKey.get(k) ?? null;
    if (same(v, cv.value)) continue;
    issues.push({
      path: `values.${cv.indicator}.${cv.category}`,
      message: `Số liệu tính từ hồ sơ hiện là ${cv.value} nhưng báo cáo đang lưu ${v ?? 'trống'}; hãy lưu lại báo cáo hoặc ghi lý do (The records now give ${cv.value}; save the report again or give a reason)`,
    });
  }
  return issues;
}
