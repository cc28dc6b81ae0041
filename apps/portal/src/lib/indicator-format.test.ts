import { describe, expect, it } from 'vitest';
import { indicatorCatalogue } from '@binh-dang/domain';
import {
  catalogueGroups,
  comparePeriods,
  defaultDeadline,
  formatTarget,
  formatVnInput,
  formatVnNumber,
  nationalTarget,
  parseVnNumber,
  periodsOfYear,
  targetValueProblem,
} from './indicator-format';

describe('Vietnamese numbers', () => {
  it('are written with a thousands dot and a decimal comma', () => {
    expect(formatVnNumber(1234.5)).toBe('1.234,5');
    expect(formatVnNumber(1_234_567)).toBe('1.234.567');
    expect(formatVnNumber(0.25)).toBe('0,25');
    expect(formatVnNumber(-3)).toBe('−3');
    expect(formatVnNumber(null)).toBe('—');
    expect(formatVnInput(1234.125)).toBe('1.234,125');
  });

  it('are read back whichever way they were typed', () => {
    expect(parseVnNumber('1.234,5')).toBe(1234.5);
    expect(parseVnNumber('1.200')).toBe(1200);
    expect(parseVnNumber('12,5')).toBe(12.5);
    expect(parseVnNumber('12.5')).toBe(12.5);
    expect(parseVnNumber('1 234')).toBe(1234);
    expect(parseVnNumber('')).toBeNull();
    expect(parseVnNumber('ba')).toBeNull();
    expect(parseVnNumber('1.23.4')).toBeNull();
    for (const n of [0, 7, 1234.5, 0.125, 1_000_000]) expect(parseVnNumber(formatVnInput(n))).toBe(n);
  });
});

describe('targets', () => {
  it('are written with their sign and unit, a bare value for "="', () => {
    expect(formatTarget({ comparator: '>=', value: 27 }, '%')).toBe('≥ 27%');
    expect(formatTarget({ comparator: '=', value: 60 }, '%')).toBe('60%');
    expect(formatTarget({ comparator: '~', value: 99 }, '%')).toBe('≈ 99%');
    expect(formatTarget({ comparator: '=', value: 1.7 }, 'lần')).toBe('1,7 lần');
    expect(formatTarget({ comparator: '=', value: 1 }, 'có/không')).toBe('Có');
    expect(formatTarget({ comparator: '<', value: 42 }, 'trên 100.000')).toBe('< 42/100.000');
    expect(formatTarget({ comparator: '<=', value: 111 }, 'tỷ số')).toBe('≤ 111');
    const leaders = indicatorCatalogue.find((i) => i.code === 'NQ28-1.1')!;
    expect(nationalTarget(leaders, 2030)).toBe('75%');
    expect(nationalTarget(leaders, 2024)).toBeNull();
  });

  it('must fit the unit', () => {
    expect(targetValueProblem(120, '%')).toBe('Tỷ lệ phải từ 0 đến 100.');
    expect(targetValueProblem(-1, 'bài')).toBe('Mục tiêu không được âm.');
    expect(targetValueProblem(2.5, 'người')).toContain('số nguyên');
    expect(targetValueProblem(2.5, 'phút')).toBeNull();
    expect(targetValueProblem(2, 'có/không')).toContain('1 (có) hoặc 0 (không)');
  });
});

describe('the catalogue in groups', () => {
  it('lists objectives 1–6, then the operational indicators, each indicator once', () => {
    const groups = catalogueGroups(indicatorCatalogue.map((indicator) => ({ indicator })));
    expect(groups.map((g) => g.id)).toEqual(['muc-tieu-1', 'muc-tieu-2', 'muc-tieu-3', 'muc-tieu-4', 'muc-tieu-5', 'muc-tieu-6', 'hoat-dong']);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(indicatorCatalogue.length);
    expect(groups.at(-1)?.items.every((r) => r.indicator.objective === null)).toBe(true);
  });
});

describe('reporting periods', () => {
  it('of a year, in reading order, with the Nghị định 09 default deadline', () => {
    expect(periodsOfYear(2024).map((g) => g.codes.length)).toEqual([1, 2, 4, 12]);
    expect(defaultDeadline('2024S1')).toBe('2024-06-14');
    expect(defaultDeadline('2024Q3')).toBe('2024-09-14');
    expect(defaultDeadline('2024')).toBe('2024-12-14');
    expect(defaultDeadline('nope')).toBeNull();
    expect(['202403', '2024Q1', '2024S2', '2024', '2024S1'].sort(comparePeriods)).toEqual(['2024', '2024S1', '2024S2', '2024Q1', '202403']);
  });
});
