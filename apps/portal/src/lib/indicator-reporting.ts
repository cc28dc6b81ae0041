// The form of /ke-hoach/[id]/ky-bao-cao: a plan's reporting periods with their deadlines and the
// indicators its units report. Read back from the posted fields (`periods.0.period`,
// `periods.0.deadline`, `indicatorCodes`), changed by the row buttons without JavaScript (add a
// period with the Nghị định 09 default deadline, remove one, the default indicator list),
// checked before it goes to the API, and the API's problem paths sorted onto the same fields.
import { DEFAULT_PLAN_INDICATORS, isValidLocalDate, parsePeriod } from '@binh-dang/domain';
import { comparePeriods, defaultDeadline, formatDate, periodLabel } from './indicator-format';
import { vietnamesePart, type FieldProblem } from './session';

export interface ReportingValues {
  periods: { period: string; deadline: string }[];
  indicatorCodes: string[];
}

/** Messages by field: `periods.0.deadline`, `periods.0.period`, `periods`, `indicatorCodes`. */
export type ReportingErrors = Record<string, string[]>;

export function readReportingForm(data: FormData): ReportingValues {
  const periods: ReportingValues['periods'] = [];
  for (let i = 0; i < 100; i++) {
    const period = data.get(`periods.${i}.period`);
    if (typeof period !== 'string') break;
    const deadline = data.get(`periods.${i}.deadline`);
    periods.push({ period: period.trim(), deadline: typeof deadline === 'string' ? deadline.trim() : '' });
  }
  const seen = new Set<string>();
  const indicatorCodes = data
    .getAll('indicatorCodes')
    .filter((c): c is string => typeof c === 'string' && c !== '')
    .filter((c) => !seen.has(c) && !!seen.add(c));
  return { periods, indicatorCodes };
}

export type ReportingOp = { kind: 'add'; period: string } | { kind: 'remove'; index: number } | { kind: 'defaults' };

/** The row button pressed (`_op`), with the period chosen to add (`_add`); null for a save. */
export function parseReportingOp(op: string, add: string): ReportingOp | null {
  if (op === 'add') return { kind: 'add', period: add };
  if (op === 'defaults') return { kind: 'defaults' };
  const remove = /^remove:(\d+)$/.exec(op);
  if (remove) return { kind: 'remove', index: Number(remove[1]) };
  return null;
}

/**
 * Applies a row button. Adding puts the period in reading order with its Nghị định 09 default
 * deadline (or `yearlyDeadline` for the plan's year, the plan's own report deadline); a period
 * already listed or not of the plan's year gives a message instead.
 */
export function applyReportingOp(
  values: ReportingValues,
  op: ReportingOp,
  planYear: number,
  yearlyDeadline: string | null,
  known: ReadonlySet<string>,
): { values: ReportingValues; message: string | null; focus: string | null } {
  if (op.kind === 'defaults') {
    return { values: { ...values, indicatorCodes: DEFAULT_PLAN_INDICATORS.filter((c) => known.has(c)) }, message: null, focus: 'chi-tieu' };
  }
  if (op.kind === 'remove') {
    return { values: { ...values, periods: values.periods.filter((_, i) => i !== op.index) }, message: null, focus: 'ky-bao-cao' };
  }
  const period = parsePeriod(op.period);
  if (!period) return { values, message: 'Vui lòng chọn kỳ báo cáo cần thêm.', focus: null };
  if (period.year !== planYear) return { values, message: `Kỳ báo cáo phải thuộc năm ${planYear} của kế hoạch.`, focus: null };
  if (values.periods.some((p) => p.period === op.period)) return { values, message: `${periodLabel(op.period)} đã có trong danh sách.`, focus: null };
  const deadline = (period.type === 'yearly' && yearlyDeadline) || defaultDeadline(op.period) || '';
  const periods = [...values.periods, { period: op.period, deadline }].sort((a, b) => comparePeriods(a.period, b.period));
  return { values: { ...values, periods }, message: null, focus: `periods.${periods.findIndex((p) => p.period === op.period)}.deadline` };
}

function push(errors: ReportingErrors, field: string, message: string) {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** Every reason the settings cannot be saved, by field; empty when they can. */
export function checkReporting(values: ReportingValues, planYear: number, known: ReadonlySet<string>): ReportingErrors {
  const errors: ReportingErrors = {};
  if (values.periods.length === 0) push(errors, 'periods', 'Cần ít nhất một kỳ báo cáo.');
  const seen = new Set<string>();
  values.periods.forEach((p, i) => {
    const period = parsePeriod(p.period);
    if (!period) push(errors, `periods.${i}.period`, 'Mã kỳ báo cáo không hợp lệ.');
    else if (period.year !== planYear) push(errors, `periods.${i}.period`, `Kỳ báo cáo phải thuộc năm ${planYear} của kế hoạch.`);
    if (seen.has(p.period)) push(errors, `periods.${i}.period`, 'Kỳ báo cáo bị trùng.');
    seen.add(p.period);
    if (!p.deadline) push(errors, `periods.${i}.deadline`, 'Vui lòng chọn hạn nộp báo cáo.');
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(p.deadline) || !isValidLocalDate(p.deadline)) push(errors, `periods.${i}.deadline`, 'Ngày không hợp lệ: chọn ngày, tháng, năm.');
    else if (period && p.deadline < period.start)
      push(errors, `periods.${i}.deadline`, `Hạn nộp không được trước ngày bắt đầu kỳ (${formatDate(period.start)}).`);
    else if (period && p.deadline > `${period.year + 1}-12-31`)
      push(errors, `periods.${i}.deadline`, `Hạn nộp quá xa: muộn nhất là ngày 31/12/${period.year + 1}.`);
  });
  if (values.indicatorCodes.length === 0) push(errors, 'indicatorCodes', 'Chọn ít nhất một chỉ tiêu để các đơn vị báo cáo.');
  const unknown = values.indicatorCodes.filter((c) => !known.has(c));
  if (unknown.length) push(errors, 'indicatorCodes', `Không có chỉ tiêu ${unknown.join(', ')} trong danh mục.`);
  return errors;
}

/** The API's `errors` (`body.periods.1.period`, `body.indicatorCodes.3`) on the form's fields. */
export function sortReportingProblems(problems: readonly FieldProblem[]): { errors: ReportingErrors; other: string[] } {
  const errors: ReportingErrors = {};
  const other: string[] = [];
  for (const problem of problems) {
    const message = vietnamesePart(problem.message);
    const period = /^body\.periods\.(\d+)\.(period|deadline)$/.exec(problem.path);
    if (period) push(errors, `periods.${period[1]}.${period[2]}`, message);
    else if (/^body\.periods(\.|$)/.test(problem.path)) push(errors, 'periods', message);
    else if (/^body\.indicatorCodes(\.|$)/.test(problem.path)) push(errors, 'indicatorCodes', message);
    else if (!other.includes(message)) other.push(message);
  }
  return { errors, other };
}

export interface ReportingDiff {
  /** Periods only in what was typed, only stored, or with another deadline stored. */
  periods: { period: string; label: string; yours: string | null; stored: string | null }[];
  /** Indicators chosen only in what was typed, or only stored. */
  addedByYou: string[];
  removedByYou: string[];
}

/** What differs between the typed settings and the stored ones (after a 409). */
export function diffReporting(yours: ReportingValues, stored: ReportingValues): ReportingDiff {
  const codes = [...new Set([...yours.periods, ...stored.periods].map((p) => p.period))].sort(comparePeriods);
  const periods = codes.flatMap((code) => {
    const mine = yours.periods.find((p) => p.period === code)?.deadline ?? null;
    const theirs = stored.periods.find((p) => p.period === code)?.deadline ?? null;
    return mine === theirs ? [] : [{ period: code, label: periodLabel(code), yours: mine, stored: theirs }];
  });
  return {
    periods,
    addedByYou: yours.indicatorCodes.filter((c) => !stored.indicatorCodes.includes(c)),
    removedByYou: stored.indicatorCodes.filter((c) => !yours.indicatorCodes.includes(c)),
  };
}
