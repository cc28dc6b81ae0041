// Reported values (dataValue): the rules that block a report's submission, the outlier checks
// that only warn, and the roll-up of approved values up the org tree by each indicator's rule.
import { z } from 'zod';
import { isValidLocalDate, type LocalDate } from './dates.ts';
import { indicatorCodeSchema, unitKind, type Indicator } from './indicator.ts';

export const dataValueCategories = ['total', 'female', 'male'] as const;
export type DataValueCategory = (typeof dataValueCategories)[number];

/** `value: null` is "not reported": it is never read as 0. */
export const dataValueSchema = z.object({
  indicator: indicatorCodeSchema,
  category: z.enum(dataValueCategories),
  value: z.number().nullable(),
});
export type DataValue = z.infer<typeof dataValueSchema>;

export interface ValidationIssue {
  /** 'values.<code>.<category>', e.g. 'values.OP-TRAINING-PARTICIPANTS.total'. */
  path: string;
  message: string;
}

export interface ReportValidation {
  /** Block submission. */
  errors: ValidationIssue[];
  /** Shown to the reporter and the approver; never block. */
  warnings: ValidationIssue[];
}

export interface ValidateReportOptions {
  /** Earlier approved totals of this unit per indicator code, for outlier warnings. */
  history?: Readonly<Record<string, readonly (number | null)[]>>;
  threshold?: number;
}

const pathOf = (code: string, category: DataValueCategory): string => `values.${code}.${category}`;

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function checkValue(ind: Indicator, value: number): string | null {
  if (!Number.isFinite(value)) return 'Giá trị phải là số hữu hạn (Value must be a finite number)';
  switch (unitKind(ind.unit)) {
    case 'percent':
      return value < 0 || value > 100 ? 'Tỷ lệ phải từ 0 đến 100 (A percentage must be between 0 and 100)' : null;
    case 'count':
      return Number.isInteger(value) && value >= 0
        ? null
        : 'Số đếm phải là số nguyên không âm (A count must be a non-negative whole number)';
    case 'money':
      return Number.isInteger(value) && value >= 0
        ? null
        : 'Kinh phí phải là số đồng nguyên không âm (An amount must be a non-negative whole number of VND)';
    case 'quantity':
      return value >= 0 ? null : 'Giá trị không được âm (Value must not be negative)';
    case 'boolean':
      return value === 0 || value === 1 ? null : 'Chỉ nhận 1 (có) hoặc 0 (không) (Must be 1 for yes or 0 for no)';
    case 'unknown':
      return null;
  }
}

/**
 * Checks one unit's report for one period.
 *
 * Sex-disaggregated indicators: a total alone is accepted (the unit may not know the breakdown).
 * Once female or male is given, all three must be given and total = female + male. Values absent
 * from the list are missing (null), never zero.
 *
 * Numerator ≤ denominator is enforced for ratio indicators in '%' (a share cannot exceed 100%),
 * per category present on both sides; other ratios (per 100,000) carry no such bound by definition.
 */
export function validateReport(
  indicators: readonly Indicator[],
  values: readonly DataValue[],
  options: ValidateReportOptions = {},
): ReportValidation {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const reported = new Map<string, Partial<Record<DataValueCategory, number | null>>>();

  for (const dv of values) {
    const path = pathOf(dv.indicator, dv.category);
    const ind = byCode.get(dv.indicator);
    if (!ind) {
      errors.push({ path, message: `Chỉ tiêu ${dv.indicator} không có trong danh mục (Unknown indicator)` });
      continue;
    }
    if (ind.disaggregation === 'none' && dv.category !== 'total') {
      errors.push({ path, message: 'Chỉ tiêu này không phân tổ theo giới tính (This indicator is not disaggregated by sex)' });
      continue;
    }
    const slot = reported.get(ind.code) ?? {};
    if (dv.category in slot) {
      errors.push({ path, message: 'Giá trị bị nhập trùng (Duplicate value)' });
      continue;
    }
    slot[dv.category] = dv.value;
    reported.set(ind.code, slot);
    if (dv.value === null) continue;
    const problem = checkValue(ind, dv.value);
    if (problem) errors.push({ path, message: problem });
  }

  const get = (code: string, category: DataValueCategory): number | null => reported.get(code)?.[category] ?? null;

  for (const [code, slot] of reported) {
    const ind = byCode.get(code);
    if (!ind || ind.disaggregation !== 'sex') continue;
    const { total = null, female = null, male = null } = slot;
    if (female === null && male === null) continue;
    for (const [category, v] of [
      ['total', total],
      ['female', female],
      ['male', male],
    ] as const)
      if (v === null)
        errors.push({
          path: pathOf(code, category),
          message: 'Đã nhập theo giới tính thì phải nhập đủ tổng, nữ và nam (Give total, female and male together)',
        });
    if (total !== null && female !== null && male !== null && !sameNumber(total, female + male))
      errors.push({
        path: pathOf(code, 'total'),
        message: `Tổng (${total}) phải bằng nữ + nam (${female + male}) (Total must equal female + male)`,
      });
  }

  for (const ind of indicators) {
    const agg = ind.aggregation;
    if (agg.kind !== 'ratio' || ind.unit !== '%') continue;
    for (const category of dataValueCategories) {
      const num = get(agg.numerator, category);
      const den = get(agg.denominator, category);
      if (num !== null && den !== null && num > den)
        errors.push({
          path: pathOf(agg.numerator, category),
          message: `${agg.numerator} (${num}) không được lớn hơn ${agg.denominator} (${den}) (Numerator must not exceed denominator)`,
        });
    }
  }

  if (options.history)
    for (const [code, slot] of reported) {
      const value = slot.total ?? null;
      const history = options.history[code];
      if (value === null || !history) continue;
      const w = outlierWarnings(history, value, { threshold: options.threshold });
      if (w) warnings.push({ path: pathOf(code, 'total'), message: w.message });
    }

  return { errors, warnings };
}

// ---------------------------------------------------------------------------------------------
// Outliers

export interface OutlierWarning {
  median: number;
  mad: number;
  /** Modified z-score; ±Infinity when the history is flat and the value differs. */
  score: number;
  message: string;
}

/** Fewer points than this and a history says nothing about what is unusual. */
export const MIN_OUTLIER_HISTORY = 5;

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? NaN;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? NaN) + hi) / 2;
}

/**
 * Modified z-score (Iglewicz–Hoaglin): 0.6745·(x − median)/MAD, warning when |z| > threshold.
 * Missing history points are skipped; below MIN_OUTLIER_HISTORY points there is never a warning.
 * A flat history (MAD 0) warns for any value different from it: with ≥ 5 identical points a
 * change is worth a second look, and it only warns.
 */
export function outlierWarnings(
  history: readonly (number | null)[],
  value: number,
  { threshold = 3.5 }: { threshold?: number | undefined } = {},
): OutlierWarning | null {
  const points = history.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (points.length < MIN_OUTLIER_HISTORY || !Number.isFinite(value)) return null;
  const med = median(points);
  const mad = median(points.map((x) => Math.abs(x - med)).sort((a, b) => a - b));
  let score: number;
  if (mad === 0) {
    if (value === med) return null;
    score = value > med ? Infinity : -Infinity;
  } else {
    score = (0.6745 * (value - med)) / mad;
    if (Math.abs(score) <= threshold) return null;
  }
  const direction = score > 0 ? 'cao' : 'thấp';
  return {
    median: med,
    mad,
    score,
    message: `Giá trị ${value} ${direction} bất thường so với các kỳ trước (trung vị ${med}); đề nghị kiểm tra lại (Unusual compared with earlier periods; please check)`,
  };
}

// ---------------------------------------------------------------------------------------------
// Roll-up

/**
 * One child unit's approved contribution (one category). `value` for sum and latest;
 * `numerator`/`denominator` (the child's component sums) for ratio; `date` for latest.
 */
export interface ChildValue {
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  date?: LocalDate | null;
}

function sumOf(xs: readonly (number | null | undefined)[]): number | null {
  let total: number | null = null;
  for (const x of xs) if (x !== null && x !== undefined) total = (total ?? 0) + x;
  return total;
}

/**
 * Aggregates approved child values by the indicator's rule.
 * - sum: missing children are skipped; all missing → null.
 * - ratio: Σnumerator / Σdenominator × scale, never a mean of the children's ratios; a child
 *   missing either side is left out of both sums so it cannot bias the ratio; Σdenominator 0 → null.
 * - latest: the value with the latest date; undated or missing values are ignored; on equal dates
 *   the later child in the list wins.
 */
export function rollUp(indicator: Pick<Indicator, 'aggregation'>, children: readonly ChildValue[]): number | null {
  const agg = indicator.aggregation;
  switch (agg.kind) {
    case 'sum':
      return sumOf(children.map((c) => c.value));
    case 'ratio': {
      const complete = children.filter(
        (c) => c.numerator !== null && c.numerator !== undefined && c.denominator !== null && c.denominator !== undefined,
      );
      const num = sumOf(complete.map((c) => c.numerator));
      const den = sumOf(complete.map((c) => c.denominator));
      return ratioValue(num, den, agg.scale);
    }
    case 'latest': {
      let best: { date: LocalDate; value: number } | null = null;
      for (const c of children) {
        if (c.value === null || c.value === undefined || !c.date || !isValidLocalDate(c.date)) continue;
        if (best === null || c.date >= best.date) best = { date: c.date, value: c.value };
      }
      return best?.value ?? null;
    }
  }
}

export function ratioValue(numerator: number | null, denominator: number | null, scale: number): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return (numerator / denominator) * scale;
}
