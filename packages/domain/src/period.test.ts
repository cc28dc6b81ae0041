import { describe, expect, it } from 'vitest';
import { toLocalDate, daysInMonth } from './dates.ts';
import {
  DECREE_09_CLOSING_RULES,
  closingWindow,
  parsePeriod,
  periodCode,
  periodCodeSchema,
  periodForDate,
  periodTypes,
  type ClosingRules,
  type Period,
  type PeriodType,
} from './period.ts';

function must(code: string): Period {
  const p = parsePeriod(code);
  if (!p) throw new Error(`expected ${code} to parse`);
  return p;
}

const MAX_INDEX: Record<PeriodType, number> = { yearly: 1, sixMonthly: 2, quarterly: 4, monthly: 12 };

function rulesWith(cutoffDay: number): ClosingRules {
  return { yearly: { cutoffDay }, sixMonthly: { cutoffDay }, quarterly: { cutoffDay }, monthly: { cutoffDay } };
}

/** Every local date from `from` to `to` inclusive. */
function* days(from: string, to: string): Generator<string> {
  const d = new Date(`${from}T00:00:00Z`);
  for (;;) {
    const s = d.toISOString().slice(0, 10);
    if (s > to) return;
    yield s;
    d.setUTCDate(d.getUTCDate() + 1);
  }
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe('parsePeriod', () => {
  it.each([
    ['2024', { type: 'yearly', year: 2024, index: 1, firstMonth: 1, lastMonth: 12, start: '2024-01-01', end: '2024-12-31' }],
    ['2024S1', { type: 'sixMonthly', year: 2024, index: 1, firstMonth: 1, lastMonth: 6, start: '2024-01-01', end: '2024-06-30' }],
    ['2024S2', { type: 'sixMonthly', year: 2024, index: 2, firstMonth: 7, lastMonth: 12, start: '2024-07-01', end: '2024-12-31' }],
    ['2024Q1', { type: 'quarterly', year: 2024, index: 1, firstMonth: 1, lastMonth: 3, start: '2024-01-01', end: '2024-03-31' }],
    ['2024Q3', { type: 'quarterly', year: 2024, index: 3, firstMonth: 7, lastMonth: 9, start: '2024-07-01', end: '2024-09-30' }],
    ['202411', { type: 'monthly', year: 2024, index: 11, firstMonth: 11, lastMonth: 11, start: '2024-11-01', end: '2024-11-30' }],
    ['202401', { type: 'monthly', year: 2024, index: 1, firstMonth: 1, lastMonth: 1, start: '2024-01-01', end: '2024-01-31' }],
    ['202412', { type: 'monthly', year: 2024, index: 12, firstMonth: 12, lastMonth: 12, start: '2024-12-01', end: '2024-12-31' }],
  ] as const)('parses %s', (code, expected) => {
    expect(parsePeriod(code)).toEqual({ code, ...expected });
  });

  it('ends February on the 29th in leap years only', () => {
    expect(must('202402').end).toBe('2024-02-29');
    expect(must('202302').end).toBe('2023-02-28');
    expect(must('200002').end).toBe('2000-02-29');
    expect(must('2024Q1').end).toBe('2024-03-31');
  });

  it.each(['2024Q5', '2024Q0', '202413', '202400', '2024S0', '2024S3', '24', '2024-01', '', 'abcd', '2024q3', '2024s1', ' 2024', '2024 ', '20241', '2024011', '1899', '3000', '2024M11', '2024W01'])(
    'rejects %j',
    (code) => {
      expect(parsePeriod(code)).toBeNull();
      expect(periodCodeSchema.safeParse(code).success).toBe(false);
    },
  );

  it('backs the zod schema', () => {
    expect(periodCodeSchema.safeParse('2024Q3').success).toBe(true);
  });
});

describe('periodCode', () => {
  it('writes each type', () => {
    expect(periodCode('yearly', 2024)).toBe('2024');
    expect(periodCode('sixMonthly', 2024, 2)).toBe('2024S2');
    expect(periodCode('quarterly', 2024, 3)).toBe('2024Q3');
    expect(periodCode('monthly', 2024, 1)).toBe('202401');
    expect(periodCode('monthly', 2024, 11)).toBe('202411');
  });

  it('round-trips through parsePeriod for every type, year and index', () => {
    let checked = 0;
    for (const type of periodTypes) {
      for (let year = 1990; year <= 2040; year++) {
        for (let index = 1; index <= MAX_INDEX[type]; index++) {
          const code = periodCode(type, year, index);
          const p = must(code);
          expect(p).toMatchObject({ code, type, year, index });
          expect(periodCode(p.type, p.year, p.index)).toBe(code);
          // The period covers whole months, from the first day of the first to the last of the last.
          expect(p.start).toBe(toLocalDate(year, p.firstMonth, 1));
          expect(p.end).toBe(toLocalDate(year, p.lastMonth, daysInMonth(year, p.lastMonth)));
          checked++;
        }
      }
    }
    expect(checked).toBe(51 * (1 + 2 + 4 + 12));
  });

  it('consecutive periods of a type tile the year without gaps', () => {
    for (const type of periodTypes) {
      const periods = Array.from({ length: MAX_INDEX[type] }, (_, i) => must(periodCode(type, 2024, i + 1)));
      expect(periods[0]!.start).toBe('2024-01-01');
      expect(periods.at(-1)!.end).toBe('2024-12-31');
      for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toBe(nextDay(periods[i - 1]!.end));
    }
  });
});

describe('closingWindow (Nghị định 09/2019)', () => {
  it.each([
    ['202411', '2024-10-15', '2024-11-14'],
    ['202401', '2023-12-15', '2024-01-14'],
    ['202412', '2024-11-15', '2024-12-14'],
    ['202403', '2024-02-15', '2024-03-14'],
    ['2024Q3', '2024-06-15', '2024-09-14'],
    ['2024Q1', '2023-12-15', '2024-03-14'],
    ['2024Q4', '2024-09-15', '2024-12-14'],
    ['2024S1', '2023-12-15', '2024-06-14'],
    ['2024S2', '2024-06-15', '2024-12-14'],
    ['2024', '2023-12-15', '2024-12-14'],
  ])('%s closes from %s to %s', (code, from, to) => {
    expect(closingWindow(must(code))).toEqual({ from, to });
    expect(closingWindow(must(code), DECREE_09_CLOSING_RULES)).toEqual({ from, to });
  });

  it('uses the rule of the period type', () => {
    const rules: ClosingRules = { ...DECREE_09_CLOSING_RULES, monthly: { cutoffDay: 20 } };
    expect(closingWindow(must('202411'), rules)).toEqual({ from: '2024-10-20', to: '2024-11-19' });
    expect(closingWindow(must('202401'), rules)).toEqual({ from: '2023-12-20', to: '2024-01-19' });
    // Other types keep the decree's day.
    expect(closingWindow(must('2024Q3'), rules)).toEqual({ from: '2024-06-15', to: '2024-09-14' });
  });

  it.each([0, 1, 29, 31, -15, 15.5, Number.NaN])('rejects cutoffDay %s', (cutoffDay) => {
    expect(() => closingWindow(must('202411'), rulesWith(cutoffDay))).toThrow(RangeError);
  });

  it('accepts cutoffDay 2 and 28', () => {
    expect(closingWindow(must('202403'), rulesWith(2))).toEqual({ from: '2024-02-02', to: '2024-03-01' });
    expect(closingWindow(must('202403'), rulesWith(28))).toEqual({ from: '2024-02-28', to: '2024-03-27' });
  });

  it('windows of consecutive periods follow each other without gap or overlap', () => {
    for (const cutoffDay of [2, 15, 20, 28]) {
      const rules = rulesWith(cutoffDay);
      for (const type of periodTypes) {
        const codes: string[] = [];
        for (let year = 2023; year <= 2025; year++)
          for (let index = 1; index <= MAX_INDEX[type]; index++) codes.push(periodCode(type, year, index));
        const windows = codes.map((c) => closingWindow(must(c), rules));
        for (let i = 1; i < windows.length; i++) expect(windows[i]!.from, `${type} ${codes[i]}`).toBe(nextDay(windows[i - 1]!.to));
      }
    }
  });
});

describe('periodForDate', () => {
  it.each([
    ['monthly', '2024-11-14', '202411'],
    ['monthly', '2024-11-15', '202412'],
    ['monthly', '2024-10-15', '202411'],
    ['monthly', '2024-12-14', '202412'],
    ['monthly', '2024-12-15', '202501'],
    ['monthly', '2024-01-01', '202401'],
    ['quarterly', '2024-09-14', '2024Q3'],
    ['quarterly', '2024-09-15', '2024Q4'],
    ['quarterly', '2024-12-15', '2025Q1'],
    ['quarterly', '2024-06-15', '2024Q3'],
    ['sixMonthly', '2024-06-14', '2024S1'],
    ['sixMonthly', '2024-06-15', '2024S2'],
    ['sixMonthly', '2024-12-15', '2025S1'],
    ['yearly', '2024-12-14', '2024'],
    ['yearly', '2024-12-15', '2025'],
    ['yearly', '2023-12-15', '2024'],
  ] as const)('%s period of %s is %s', (type, date, code) => {
    expect(periodForDate(type, date).code).toBe(code);
  });

  it('follows a custom rule', () => {
    const rules = rulesWith(20);
    expect(periodForDate('monthly', '2024-11-15', rules).code).toBe('202411');
    expect(periodForDate('monthly', '2024-11-19', rules).code).toBe('202411');
    expect(periodForDate('monthly', '2024-11-20', rules).code).toBe('202412');
  });

  it('every day of 2024 falls in the closing window of its period, for every type', () => {
    for (const type of periodTypes) {
      for (const day of days('2024-01-01', '2024-12-31')) {
        const p = periodForDate(type, day);
        expect(p.type).toBe(type);
        const w = closingWindow(p);
        expect(w.from <= day && day <= w.to, `${type} ${day} → ${p.code} ${w.from}..${w.to}`).toBe(true);
      }
    }
  });

  it('the same holds for other cutoff days, across year ends', () => {
    for (const cutoffDay of [2, 10, 20, 28]) {
      const rules = rulesWith(cutoffDay);
      for (const type of periodTypes) {
        for (const day of days('2023-12-01', '2025-01-31')) {
          const w = closingWindow(periodForDate(type, day, rules), rules);
          expect(w.from <= day && day <= w.to, `${cutoffDay} ${type} ${day}`).toBe(true);
        }
      }
    }
  });

  it('rejects an invalid date or cutoff day instead of returning a wrong period', () => {
    expect(() => periodForDate('monthly', '2024-13-01')).toThrow(RangeError);
    expect(() => periodForDate('monthly', 'not a date')).toThrow(RangeError);
    expect(() => periodForDate('monthly', '2024-11-15', rulesWith(31))).toThrow(RangeError);
    // The window of 2999-12-20 belongs to year 3000, outside the codes parsePeriod accepts.
    expect(() => periodForDate('yearly', '2999-12-20')).toThrow(RangeError);
  });
});

describe('periodLabel', () => {
  it('names periods as Vietnamese documents do', async () => {
    const { periodLabel } = await import('./period.ts');
    expect(['2024', '2024S1', '2024S2', '2024Q3', '202405', 'x'].map(periodLabel)).toEqual([
      'Năm 2024',
      '6 tháng đầu năm 2024',
      '6 tháng cuối năm 2024',
      'Quý III/2024',
      'Tháng 5/2024',
      'x',
    ]);
  });
});
