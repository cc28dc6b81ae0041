import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  formatDocumentDateLine,
  formatShortVnDate,
  isValidLocalDate,
  localDateSchema,
  parseLocalDate,
  toLocalDate,
  todayInVietnam,
} from './dates.ts';

describe('isValidLocalDate', () => {
  it('accepts real calendar days, including 29 February of a leap year', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2024-01-01', '2024-12-31', '2024-04-30']) {
      expect(isValidLocalDate(d), d).toBe(true);
    }
  });

  it('rejects days that do not exist', () => {
    for (const d of ['2023-02-29', '1900-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-01-32']) {
      expect(isValidLocalDate(d), d).toBe(false);
    }
  });

  it('rejects anything that is not YYYY-MM-DD', () => {
    for (const d of ['', '2024-1-05', '2024-01-5', '24-01-05', '2024/01/05', '05/01/2024', '2024-01-05T00:00:00Z', ' 2024-01-05', 'abcd-ef-gh']) {
      expect(isValidLocalDate(d), JSON.stringify(d)).toBe(false);
    }
  });

  it('backs the zod schema', () => {
    expect(localDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(localDateSchema.safeParse('2023-02-29').success).toBe(false);
  });
});

describe('daysInMonth, toLocalDate, parseLocalDate', () => {
  it('knows month lengths and leap years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
  });

  it('pads and parses', () => {
    expect(toLocalDate(2024, 3, 5)).toBe('2024-03-05');
    expect(parseLocalDate('2024-03-05')).toEqual({ year: 2024, month: 3, day: 5 });
    expect(() => parseLocalDate('2023-02-29')).toThrow(RangeError);
  });
});

describe('formatDocumentDateLine', () => {
  it('pads days below 10', () => {
    expect(formatDocumentDateLine('Lâm Thao', { year: 2024, month: 4, day: 5 })).toBe('Lâm Thao, ngày 05 tháng 4 năm 2024');
    expect(formatDocumentDateLine('Lâm Thao', { year: 2024, month: 11, day: 15 })).toBe('Lâm Thao, ngày 15 tháng 11 năm 2024');
  });

  it('pads months 1 and 2 only', () => {
    expect(formatDocumentDateLine('Phú Thọ', { year: 2025, month: 2, day: 9 })).toBe('Phú Thọ, ngày 09 tháng 02 năm 2025');
    expect(formatDocumentDateLine('Phú Thọ', { year: 2025, month: 1, day: 20 })).toBe('Phú Thọ, ngày 20 tháng 01 năm 2025');
    expect(formatDocumentDateLine('Phú Thọ', { year: 2025, month: 3, day: 20 })).toBe('Phú Thọ, ngày 20 tháng 3 năm 2025');
    expect(formatDocumentDateLine('Phú Thọ', { year: 2025, month: 10, day: 1 })).toBe('Phú Thọ, ngày 01 tháng 10 năm 2025');
  });

  it('leaves the day (and month) blank before issue, with single spaces', () => {
    expect(formatDocumentDateLine('Lâm Thao', { year: 2024, month: 4, day: null })).toBe('Lâm Thao, ngày tháng 4 năm 2024');
    expect(formatDocumentDateLine('Lâm Thao', { year: 2024, month: null, day: null })).toBe('Lâm Thao, ngày tháng năm 2024');
  });
});

describe('formatShortVnDate', () => {
  it('writes day/month/year', () => {
    expect(formatShortVnDate('2024-11-15')).toBe('15/11/2024');
  });

  it('rejects invalid dates', () => {
    expect(() => formatShortVnDate('2024-13-15')).toThrow(RangeError);
  });
});

describe('todayInVietnam', () => {
  it('is seven hours ahead of UTC across midnight', () => {
    expect(todayInVietnam(new Date('2024-11-14T16:59:59.999Z'))).toBe('2024-11-14');
    expect(todayInVietnam(new Date('2024-11-14T17:00:00Z'))).toBe('2024-11-15');
    expect(todayInVietnam(new Date('2024-11-14T17:30:00Z'))).toBe('2024-11-15');
    expect(todayInVietnam(new Date('2024-12-31T17:00:00Z'))).toBe('2025-01-01');
    expect(todayInVietnam(new Date('2024-11-15T00:00:00+07:00'))).toBe('2024-11-15');
  });

  it('defaults to now and returns a valid local date', () => {
    expect(isValidLocalDate(todayInVietnam())).toBe(true);
  });
});
