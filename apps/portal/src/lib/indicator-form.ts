// The indicator form of /quan-tri/chi-tieu (add an indicator of the province, edit one it owns or
// confirm a built-in "cần xác nhận" one): form fields ⇄ Indicator, every check the form can make
// (the domain's schema and catalogue checks, with Vietnamese messages beside the fields), and the
// API's problem paths (`body.indicator.aggregation.numerator`) sorted onto the same fields.
import {
  checkCatalogue,
  indicatorCodeSchema,
  indicatorSchema,
  indicatorUnits,
  targetComparators,
  type Aggregation,
  type Indicator,
  type Target,
  type TargetComparator,
} from '@binh-dang/domain';
import {
  aggregationKindLabels,
  comparatorOptions,
  disaggregationLabels,
  formatVnInput,
  objectiveLabels,
  parseVnNumber,
  polarityLabels,
  ratioScaleLabels,
  sensitivityLabels,
} from './indicator-format';
import { vietnamesePart, type FieldProblem } from './session';

/** The national-target years the form edits (Nghị quyết 28/NQ-CP: 2025 and 2030). */
export const TARGET_YEARS = [2025, 2030] as const;

export const INDICATOR_FIELDS = [
  'code',
  'nameVi',
  'nameEn',
  'unit',
  'aggregation',
  'numerator',
  'denominator',
  'scale',
  'disaggregation',
  'polarity',
  'sensitivity',
  'source',
  'objective',
  'verification',
  'note',
  'target2025Comparator',
  'target2025Value',
  'target2030Comparator',
  'target2030Value',
] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];

/** What the form holds: every field as typed. */
export type IndicatorFormValues = Record<IndicatorField, string>;

export type IndicatorErrors = Partial<Record<IndicatorField, string[]>>;

const targetField = (year: number, part: 'Comparator' | 'Value') => `target${year}${part}` as IndicatorField;

export const EMPTY_INDICATOR: IndicatorFormValues = {
  code: '',
  nameVi: '',
  nameEn: '',
  unit: '',
  aggregation: 'sum',
  numerator: '',
  denominator: '',
  scale: '100',
  disaggregation: 'none',
  polarity: 'higher-better',
  sensitivity: 'public',
  source: '',
  objective: '',
  verification: 'verified',
  note: '',
  target2025Comparator: '>=',
  target2025Value: '',
  target2030Comparator: '>=',
  target2030Value: '',
};

export function toIndicatorForm(indicator: Indicator): IndicatorFormValues {
  const agg = indicator.aggregation;
  const values: IndicatorFormValues = {
    ...EMPTY_INDICATOR,
    code: indicator.code,
    nameVi: indicator.nameVi,
    nameEn: indicator.nameEn,
    unit: indicator.unit,
    aggregation: agg.kind,
    numerator: agg.kind === 'ratio' ? agg.numerator : '',
    denominator: agg.kind === 'ratio' ? agg.denominator : '',
    scale: agg.kind === 'ratio' ? String(agg.scale) : '100',
    disaggregation: indicator.disaggregation,
    polarity: indicator.polarity,
    sensitivity: indicator.sensitivity,
    source: indicator.source,
    objective: indicator.objective === null ? '' : String(indicator.objective),
    verification: indicator.verification,
    note: indicator.note ?? '',
  };
  for (const year of TARGET_YEARS) {
    const target = indicator.targets.find((t) => t.year === year);
    if (target) {
      values[targetField(year, 'Comparator')] = target.comparator;
      values[targetField(year, 'Value')] = formatVnInput(target.value);
    }
  }
  return values;
}

export function readIndicatorForm(data: FormData): IndicatorFormValues {
  const values = { ...EMPTY_INDICATOR };
  for (const field of INDICATOR_FIELDS) {
    const raw = data.get(field);
    if (typeof raw === 'string') values[field] = field === 'note' ? raw.trim() : raw.trim().replace(/\s+/g, ' ');
  }
  values.code = values.code.toUpperCase();
  return values;
}

function push(errors: IndicatorErrors, field: IndicatorField, message: string) {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** A field of the form for a path inside the indicator (`aggregation.numerator`, `targets.0.value`). */
function fieldOfPath(path: readonly string[], targetYears: readonly number[]): IndicatorField | null {
  const [head, second, third] = path;
  if (head === 'aggregation') {
    if (second === 'numerator' || second === 'denominator' || second === 'scale') return second;
    return 'aggregation';
  }
  if (head === 'targets') {
    const year = targetYears[Number(second)];
    if (year === undefined) return null;
    return targetField(year, third === 'comparator' ? 'Comparator' : 'Value');
  }
  return (INDICATOR_FIELDS as readonly string[]).includes(head ?? '') ? (head as IndicatorField) : null;
}

/** A catalogue problem's field, read from its message (the checks name the part they are about). */
function fieldOfCatalogueMessage(message: string): IndicatorField | null {
  if (message.startsWith('Tử số')) return 'numerator';
  if (message.startsWith('Mẫu số')) return 'denominator';
  if (message.startsWith('Mã chỉ tiêu bị trùng')) return 'code';
  if (message.startsWith('Có hai mục tiêu')) return 'target2025Value';
  return null;
}

const REQUIRED: Partial<Record<IndicatorField, string>> = {
  code: 'Vui lòng nhập mã chỉ tiêu, ví dụ PT-TRUNG-TAM-TU-VAN.',
  nameVi: 'Vui lòng nhập tên chỉ tiêu bằng tiếng Việt.',
  nameEn: 'Vui lòng nhập tên tiếng Anh (dùng cho báo cáo song ngữ).',
  unit: 'Vui lòng chọn đơn vị tính.',
  source: 'Vui lòng ghi nguồn: văn bản quy định chỉ tiêu hoặc nơi lấy số liệu.',
};

export interface IndicatorCheck {
  indicator: Indicator | null;
  errors: IndicatorErrors;
  /** Problems that belong to no field. */
  other: string[];
}

/**
 * The indicator the form describes, or every reason it cannot be saved. `base` is the stored
 * indicator when editing (its targets of years the form does not show are kept); `others` is the
 * rest of the catalogue, for the ratio checks (components exist, are sums, have the same split).
 */
export function toIndicator(values: IndicatorFormValues, others: readonly Indicator[], base: Indicator | null = null): IndicatorCheck {
  const errors: IndicatorErrors = {};
  const other: string[] = [];
  for (const [field, message] of Object.entries(REQUIRED) as [IndicatorField, string][]) if (!values[field]) push(errors, field, message);
  if (values.code && !indicatorCodeSchema.safeParse(values.code).success)
    push(errors, 'code', 'Mã chỉ tiêu gồm chữ in hoa, số, nối bằng “-” hoặc “.”, ví dụ PT-TU-VAN hoặc PT-1.2.');
  if (values.unit && !(indicatorUnits as readonly string[]).includes(values.unit)) push(errors, 'unit', 'Vui lòng chọn đơn vị tính trong danh sách.');

  let aggregation: Aggregation = { kind: 'sum' };
  if (values.aggregation === 'ratio') {
    if (!values.numerator) push(errors, 'numerator', 'Vui lòng chọn chỉ tiêu tử số.');
    if (!values.denominator) push(errors, 'denominator', 'Vui lòng chọn chỉ tiêu mẫu số.');
    if (values.numerator && values.numerator === values.denominator) push(errors, 'denominator', 'Tử số và mẫu số phải là hai chỉ tiêu khác nhau.');
    const scale = Number(values.scale);
    if (scale !== 100 && scale !== 1 && scale !== 100000) push(errors, 'scale', 'Vui lòng chọn hệ số.');
    aggregation = { kind: 'ratio', numerator: values.numerator, denominator: values.denominator, scale: scale === 1 ? 1 : scale === 100000 ? 100000 : 100 };
  } else if (values.aggregation === 'latest') aggregation = { kind: 'latest' };
  else if (values.aggregation !== 'sum') push(errors, 'aggregation', 'Vui lòng chọn cách tổng hợp.');

  const objective = values.objective === '' ? null : Number(values.objective);
  if (objective !== null && !(Number.isInteger(objective) && objective >= 1 && objective <= 6)) push(errors, 'objective', 'Vui lòng chọn mục tiêu 1–6 hoặc “Chỉ tiêu hoạt động”.');

  // The targets of the years the form shows, then the stored ones of other years, unchanged.
  const targets: Target[] = [];
  for (const year of TARGET_YEARS) {
    const raw = values[targetField(year, 'Value')];
    if (!raw) continue;
    const value = parseVnNumber(raw);
    const comparator = values[targetField(year, 'Comparator')] as TargetComparator;
    if (value === null) push(errors, targetField(year, 'Value'), 'Không đọc được số: viết như 1.234,5 hoặc 60.');
    else if (value < 0) push(errors, targetField(year, 'Value'), 'Mục tiêu không được âm.');
    else if (values.unit === '%' && value > 100) push(errors, targetField(year, 'Value'), 'Tỷ lệ phải từ 0 đến 100.');
    if (!(targetComparators as readonly string[]).includes(comparator)) push(errors, targetField(year, 'Comparator'), 'Vui lòng chọn dấu so sánh.');
    if (value !== null) targets.push({ year, comparator, value });
  }
  const shownYears = targets.map((t) => t.year);
  for (const t of base?.targets ?? []) if (!(TARGET_YEARS as readonly number[]).includes(t.year)) targets.push(t);

  const indicator = {
    code: values.code,
    nameVi: values.nameVi,
    nameEn: values.nameEn,
    unit: values.unit,
    aggregation,
    disaggregation: values.disaggregation,
    polarity: values.polarity,
    sensitivity: values.sensitivity,
    source: values.source,
    objective,
    targets,
    verification: values.verification,
    note: values.note || null,
  };
  const parsed = indicatorSchema.safeParse(indicator);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath(issue.path.map(String), shownYears);
      if (field && errors[field]) continue;
      if (field) push(errors, field, issue.code === 'too_small' ? 'Không được để trống.' : 'Vui lòng chọn một giá trị trong danh sách.');
      else other.push(`Giá trị không hợp lệ tại ${issue.path.join('.')}.`);
    }
  }
  if (Object.keys(errors).length || other.length || !parsed.success) return { indicator: null, errors, other };

  for (const p of checkCatalogue([...others.filter((i) => i.code !== parsed.data.code), parsed.data]).filter((x) => x.code === parsed.data.code)) {
    const message = vietnamesePart(p.message);
    const field = fieldOfCatalogueMessage(p.message);
    if (field) push(errors, field, message);
    else other.push(message);
  }
  if (Object.keys(errors).length || other.length) return { indicator: null, errors, other };
  return { indicator: parsed.data, errors, other };
}

/** The API's `errors` (paths `body.indicator.…`, `params.code`) sorted onto the form's fields. */
export function sortIndicatorProblems(problems: readonly FieldProblem[], values: IndicatorFormValues): { errors: IndicatorErrors; other: string[] } {
  const errors: IndicatorErrors = {};
  const other: string[] = [];
  const shownYears = TARGET_YEARS.filter((year) => parseVnNumber(values[targetField(year, 'Value')]) !== null);
  for (const problem of problems) {
    const message = vietnamesePart(problem.message);
    const parts = problem.path.split('.');
    let field: IndicatorField | null = null;
    if (problem.path === 'params.code') field = 'code';
    else if (parts[0] === 'body' && parts[1] === 'indicator')
      field = parts.length > 2 ? fieldOfPath(parts.slice(2), shownYears) : fieldOfCatalogueMessage(problem.message);
    if (field) push(errors, field, message);
    else if (!other.includes(message)) other.push(message);
  }
  return { errors, other };
}

/** Field labels, for the list of what differs after a save that came too late. */
export const indicatorFieldLabels: Record<IndicatorField, string> = {
  code: 'Mã chỉ tiêu',
  nameVi: 'Tên tiếng Việt',
  nameEn: 'Tên tiếng Anh',
  unit: 'Đơn vị tính',
  aggregation: 'Cách tổng hợp',
  numerator: 'Tử số',
  denominator: 'Mẫu số',
  scale: 'Hệ số',
  disaggregation: 'Phân tổ',
  polarity: 'Chiều đánh giá',
  sensitivity: 'Mức độ công khai',
  source: 'Nguồn',
  objective: 'Nhóm mục tiêu',
  verification: 'Tình trạng xác minh',
  note: 'Ghi chú',
  target2025Comparator: 'Dấu so sánh mục tiêu 2025',
  target2025Value: 'Mục tiêu 2025',
  target2030Comparator: 'Dấu so sánh mục tiêu 2030',
  target2030Value: 'Mục tiêu 2030',
};

/** The fields whose stored value differs from what was typed (after a 409). */
export function changedFields(typed: IndicatorFormValues, stored: IndicatorFormValues): IndicatorField[] {
  return INDICATOR_FIELDS.filter((f) => {
    // A comparator without a value says nothing.
    if (f.endsWith('Comparator')) {
      const valueField = f.replace('Comparator', 'Value') as IndicatorField;
      if (!typed[valueField] && !stored[valueField]) return false;
    }
    if (f === 'numerator' || f === 'denominator' || f === 'scale') if (typed.aggregation !== 'ratio' && stored.aggregation !== 'ratio') return false;
    return typed[f] !== stored[f];
  });
}

const CHOICE_TEXT: Partial<Record<IndicatorField, Record<string, string>>> = {
  aggregation: aggregationKindLabels,
  scale: { '100': ratioScaleLabels[100], '1': ratioScaleLabels[1], '100000': ratioScaleLabels[100000] },
  disaggregation: disaggregationLabels,
  polarity: polarityLabels,
  sensitivity: sensitivityLabels,
  verification: { verified: 'Đã xác minh', 'to-confirm': 'Cần xác nhận' },
  objective: { '': 'Chỉ tiêu hoạt động', ...Object.fromEntries(Object.entries(objectiveLabels)) },
};

/** A form value as a reader says it ("Cộng dồn", "≥", "(trống)"). */
export function indicatorFieldText(field: IndicatorField, value: string): string {
  if (value === '') return field === 'objective' ? 'Chỉ tiêu hoạt động' : /^target\d+Value$/.test(field) ? '(không có mục tiêu)' : '(trống)';
  if (field.endsWith('Comparator')) return comparatorOptions.find((o) => o.value === value)?.label ?? value;
  return CHOICE_TEXT[field]?.[value] ?? value;
}
