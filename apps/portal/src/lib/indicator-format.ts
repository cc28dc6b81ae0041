// How the indicator pages (/quan-tri/chi-tieu, /ke-hoach/[id]/ky-bao-cao, /muc-tieu) say things:
// numbers the Vietnamese way (1.234,5), targets with their sign and unit ("≥ 27%", "1,7 lần"),
// aggregation rules, polarity, sensitivity and disaggregation in words, and the catalogue in its
// groups (Nghị quyết 28/NQ-CP objectives 1–6, then the operational indicators). Pure functions,
// shared by the pages' server code and their components.
import {
  closingWindow,
  parsePeriod,
  periodCode,
  periodLabel,
  unitKind,
  type Aggregation,
  type Indicator,
  type IndicatorUnit,
  type PeriodType,
  type Target,
  type TargetComparator,
} from '@binh-dang/domain';

export { periodLabel };

/** What a missing figure reads as: never 0. */
export { NO_DATA as NO_VALUE } from './report-format';

// Numbers are written and read exactly as on the report pages (one implementation).
import { formatVnInput, formatVnNumber, parseVnNumber } from './report-format';
export { formatVnInput, formatVnNumber, parseVnNumber };

/** "15/11/2024" from "2024-11-15". */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

// ---------------------------------------------------------------------------------------------
// Targets

/** The sign of a comparator as printed; '=' is a bare value ("60%"), as the resolution writes it. */
export const comparatorSigns: Record<TargetComparator, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '=': '',
  '~': '≈',
};

/** The comparator choices of a target form, in the order a reader thinks of them. */
export const comparatorOptions: readonly { value: TargetComparator; label: string }[] = [
  { value: '>=', label: '≥ không thấp hơn' },
  { value: '>', label: '> cao hơn' },
  { value: '=', label: '= đạt mức' },
  { value: '~', label: '≈ khoảng' },
  { value: '<=', label: '≤ không vượt quá' },
  { value: '<', label: '< thấp hơn' },
];

/** "60%", "1,7 lần", "42/100.000", "111" (a ratio), "Có"; the unit "chưa xác định" is left out. */
export function formatTargetValue(value: number, unit: IndicatorUnit): string {
  if (unit === 'có/không') return value === 1 ? 'Có' : value === 0 ? 'Không' : formatVnNumber(value);
  if (unit === '%') return `${formatVnNumber(value)}%`;
  if (unit === 'trên 100.000') return `${formatVnNumber(value)}/100.000`;
  if (unit === 'chưa xác định' || unit === 'tỷ số') return formatVnNumber(value);
  return `${formatVnNumber(value)} ${unit}`;
}

/** "≥ 27%", "60%", "≈ 99%", "< 42/100.000". */
export function formatTarget(target: Pick<Target, 'comparator' | 'value'>, unit: IndicatorUnit): string {
  const sign = unit === 'có/không' ? '' : comparatorSigns[target.comparator];
  return `${sign ? `${sign} ` : ''}${formatTargetValue(target.value, unit)}`;
}

/** The national target of `year`, printed; null without one. */
export function nationalTarget(indicator: Pick<Indicator, 'targets' | 'unit'>, year: number): string | null {
  const target = indicator.targets.find((t) => t.year === year);
  return target ? formatTarget(target, indicator.unit) : null;
}

/** The comparator a new target starts with: the national one, else what the polarity suggests. */
export function defaultComparator(indicator: Pick<Indicator, 'targets' | 'polarity'>): TargetComparator {
  const national = indicator.targets[0]?.comparator;
  if (national && national !== '=') return national;
  if (indicator.polarity === 'lower-better') return '<=';
  if (indicator.polarity === 'target-range') return '~';
  return '>=';
}

// ---------------------------------------------------------------------------------------------
// Rules and kinds in words

export const aggregationKindLabels: Record<Aggregation['kind'], string> = {
  sum: 'Cộng dồn',
  ratio: 'Tỷ lệ (tử số / mẫu số)',
  latest: 'Số liệu mới nhất',
};

export const ratioScaleLabels: Record<100 | 1 | 100000, string> = {
  100: '× 100 (phần trăm)',
  1: '× 1 (tỷ số)',
  100000: '× 100.000',
};

/** "Cộng dồn các đơn vị", "Tỷ lệ: OP-A / OP-B × 100", "Số liệu mới nhất". */
export function aggregationText(aggregation: Aggregation): string {
  switch (aggregation.kind) {
    case 'sum':
      return 'Cộng dồn các đơn vị';
    case 'latest':
      return 'Số liệu mới nhất';
    case 'ratio':
      return `Tỷ lệ: ${aggregation.numerator} / ${aggregation.denominator} × ${formatVnNumber(aggregation.scale)}`;
  }
}

export const disaggregationLabels: Record<Indicator['disaggregation'], string> = {
  none: 'Không phân tổ',
  sex: 'Theo giới tính',
};

export const sensitivityLabels: Record<Indicator['sensitivity'], string> = {
  public: 'Công khai',
  sensitive: 'Nhạy cảm',
};

export const polarityLabels: Record<Indicator['polarity'], string> = {
  'higher-better': 'Càng cao càng tốt',
  'lower-better': 'Càng thấp càng tốt',
  'target-range': 'Trong ngưỡng hợp lý (không xét tăng hay giảm là tốt)',
};

/** The six objectives of the National Strategy on Gender Equality 2021–2030 (Nghị quyết 28/NQ-CP), by field. */
export const objectiveLabels: Record<number, string> = {
  1: 'Mục tiêu 1 — Chính trị: phụ nữ tham gia lãnh đạo, quản lý',
  2: 'Mục tiêu 2 — Kinh tế, lao động, việc làm',
  3: 'Mục tiêu 3 — Đời sống gia đình, phòng ngừa và ứng phó với bạo lực trên cơ sở giới',
  4: 'Mục tiêu 4 — Y tế, chăm sóc sức khoẻ',
  5: 'Mục tiêu 5 — Giáo dục, đào tạo',
  6: 'Mục tiêu 6 — Thông tin, truyền thông',
};

export const OBJECTIVES = [1, 2, 3, 4, 5, 6] as const;

/** Why a target value does not fit the indicator's unit; null when it fits. */
export function targetValueProblem(value: number, unit: IndicatorUnit): string | null {
  if (value < 0) return 'Mục tiêu không được âm.';
  const kind = unitKind(unit);
  if (kind === 'percent' && value > 100) return 'Tỷ lệ phải từ 0 đến 100.';
  if (kind === 'count' && !Number.isInteger(value)) return `Chỉ tiêu tính bằng “${unit}”: nhập số nguyên.`;
  if (kind === 'boolean' && value !== 0 && value !== 1) return 'Nhập 1 (có) hoặc 0 (không).';
  return null;
}

// ---------------------------------------------------------------------------------------------
// The catalogue in groups

export interface CatalogueGroup<R> {
  /** An anchor: muc-tieu-1 … muc-tieu-6, hoat-dong. */
  id: string;
  title: string;
  /** Nghị quyết 28/NQ-CP objectives, or the operational indicators. */
  kind: 'objective' | 'operational';
  items: R[];
}

/** Objectives 1–6 (those with indicators), then the operational ones; catalogue order within each. */
export function catalogueGroups<R extends { indicator: Pick<Indicator, 'objective'> }>(records: readonly R[]): CatalogueGroup<R>[] {
  const groups: CatalogueGroup<R>[] = OBJECTIVES.map((n) => ({
    id: `muc-tieu-${n}`,
    title: objectiveLabels[n] ?? `Mục tiêu ${n}`,
    kind: 'objective' as const,
    items: records.filter((r) => r.indicator.objective === n),
  }));
  groups.push({
    id: 'hoat-dong',
    title: 'Chỉ tiêu hoạt động (số liệu báo cáo của đơn vị)',
    kind: 'operational',
    items: records.filter((r) => r.indicator.objective === null),
  });
  return groups.filter((g) => g.items.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Reporting periods

export const periodTypeLabels: Record<PeriodType, string> = {
  yearly: 'Năm',
  sixMonthly: '6 tháng',
  quarterly: 'Quý',
  monthly: 'Tháng',
};

const PERIODS_PER_YEAR: Record<PeriodType, number> = { yearly: 1, sixMonthly: 2, quarterly: 4, monthly: 12 };
const TYPE_ORDER: Record<PeriodType, number> = { yearly: 0, sixMonthly: 1, quarterly: 2, monthly: 3 };

/** Every period of a year, grouped by type (yearly, 6-monthly, quarterly, monthly). */
export function periodsOfYear(year: number): { type: PeriodType; label: string; codes: string[] }[] {
  return (Object.keys(PERIODS_PER_YEAR) as PeriodType[]).map((type) => ({
    type,
    label: periodTypeLabels[type],
    codes: Array.from({ length: PERIODS_PER_YEAR[type] }, (_, i) => periodCode(type, year, i + 1)),
  }));
}

/** The Nghị định 09/2019/NĐ-CP default: the last day of the period's data closing window. */
export function defaultDeadline(code: string): string | null {
  const period = parsePeriod(code);
  return period ? closingWindow(period).to : null;
}

/** Periods in reading order: by type (year, halves, quarters, months), then in the year. */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (!pa || !pb) return a.localeCompare(b);
  return pa.year - pb.year || TYPE_ORDER[pa.type] - TYPE_ORDER[pb.type] || pa.index - pb.index;
}
