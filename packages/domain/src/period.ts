// Reporting periods with DHIS2-style codes (2024, 2024S1, 2024Q3, 202411) and their data closing
// windows. The default windows follow Nghị định 09/2019/NĐ-CP; they are data, not constants.
import { z } from 'zod';
import { daysInMonth, parseLocalDate, toLocalDate, type LocalDate } from './dates.ts';

export const periodTypes = ['yearly', 'sixMonthly', 'quarterly', 'monthly'] as const;
export type PeriodType = (typeof periodTypes)[number];

export interface Period {
  code: string;
  type: PeriodType;
  year: number;
  /** 1-based index within the year: half 1–2, quarter 1–4, month 1–12; 1 for a year. */
  index: number;
  /** First and last calendar month covered (1–12). */
  firstMonth: number;
  lastMonth: number;
  /** Calendar bounds of the period itself. */
  start: LocalDate;
  end: LocalDate;
}

const PATTERNS: { type: PeriodType; re: RegExp; max: number }[] = [
  { type: 'yearly', re: /^(\d{4})$/, max: 1 },
  { type: 'sixMonthly', re: /^(\d{4})S([12])$/, max: 2 },
  { type: 'quarterly', re: /^(\d{4})Q([1-4])$/, max: 4 },
  { type: 'monthly', re: /^(\d{4})(0[1-9]|1[0-2])$/, max: 12 },
];

const MONTHS_PER: Record<PeriodType, number> = { yearly: 12, sixMonthly: 6, quarterly: 3, monthly: 1 };

export function parsePeriod(code: string): Period | null {
  for (const { type, re } of PATTERNS) {
    const m = re.exec(code);
    if (!m) continue;
    const year = Number(m[1]);
    if (year < 1900 || year > 2999) return null;
    const index = m[2] === undefined ? 1 : Number(m[2]);
    const span = MONTHS_PER[type];
    const firstMonth = (index - 1) * span + 1;
    const lastMonth = firstMonth + span - 1;
    return {
      code,
      type,
      year,
      index,
      firstMonth,
      lastMonth,
      start: toLocalDate(year, firstMonth, 1),
      end: toLocalDate(year, lastMonth, daysInMonth(year, lastMonth)),
    };
  }
  return null;
}

export const periodCodeSchema = z.string().refine((s) => parsePeriod(s) !== null, {
  message: 'Mã kỳ báo cáo không hợp lệ, ví dụ 2024, 2024S1, 2024Q3, 202411 (Invalid period code)',
});

export function periodCode(type: PeriodType, year: number, index = 1): string {
  switch (type) {
    case 'yearly':
      return String(year);
    case 'sixMonthly':
      return `${year}S${index}`;
    case 'quarterly':
      return `${year}Q${index}`;
    case 'monthly':
      return `${year}${String(index).padStart(2, '0')}`;
  }
}

/**
 * A closing rule: data are counted from day `cutoffDay` of the month before the period's first
 * month up to the day before `cutoffDay` of its last month. Nghị định 09/2019 uses 15 for every
 * period type (month: 15th of the previous month → 14th; year: 15/12 of the previous year → 14/12).
 */
export interface ClosingRule {
  cutoffDay: number;
}

export type ClosingRules = Record<PeriodType, ClosingRule>;

export const DECREE_09_CLOSING_RULES: ClosingRules = {
  yearly: { cutoffDay: 15 },
  sixMonthly: { cutoffDay: 15 },
  quarterly: { cutoffDay: 15 },
  monthly: { cutoffDay: 15 },
};

export interface ClosingWindow {
  from: LocalDate;
  to: LocalDate;
}

function checkCutoffDay(cutoffDay: number): void {
  if (!Number.isInteger(cutoffDay) || cutoffDay < 2 || cutoffDay > 28)
    throw new RangeError('cutoffDay must be an integer from 2 to 28');
}

export function closingWindow(period: Period, rules: ClosingRules = DECREE_09_CLOSING_RULES): ClosingWindow {
  const { cutoffDay } = rules[period.type];
  checkCutoffDay(cutoffDay);
  const prevMonth = period.firstMonth === 1 ? 12 : period.firstMonth - 1;
  const prevYear = period.firstMonth === 1 ? period.year - 1 : period.year;
  return {
    from: toLocalDate(prevYear, prevMonth, cutoffDay),
    to: toLocalDate(period.year, period.lastMonth, cutoffDay - 1),
  };
}

/** The period of the given type whose closing window contains `date`. */
export function periodForDate(type: PeriodType, date: LocalDate, rules: ClosingRules = DECREE_09_CLOSING_RULES): Period {
  const { year: y, month: m, day: d } = parseLocalDate(date);
  const { cutoffDay } = rules[type];
  checkCutoffDay(cutoffDay);
  // Days on or after the cutoff belong to the next month's window.
  let year = y;
  let month = m;
  if (d >= cutoffDay) {
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  const span = MONTHS_PER[type];
  const index = Math.floor((month - 1) / span) + 1;
  const period = parsePeriod(periodCode(type, year, index));
  if (!period) throw new RangeError(`no ${type} period for ${date}`);
  return period;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** How a period is named in Vietnamese documents: "Năm 2024", "6 tháng đầu năm 2024", "Quý III/2024", "Tháng 5/2024". */
export function periodLabel(code: string): string {
  const p = parsePeriod(code);
  if (!p) return code;
  switch (p.type) {
    case 'yearly':
      return `Năm ${p.year}`;
    case 'sixMonthly':
      return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
    case 'quarterly':
      return `Quý ${ROMAN[p.index - 1]}/${p.year}`;
    case 'monthly':
      return `Tháng ${p.index}/${p.year}`;
  }
}
