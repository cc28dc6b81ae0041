import { describe, expect, it } from 'vitest';
import { formatVnDate, formatVnInput, formatVnNumber, historyLines, parseVnNumber, periodLabel, progressOf, reportBadgeClass, targetText } from './report-format';

describe('numbers the Vietnamese way', () => {
  it('groups thousands with dots and writes a decimal comma; null is a dash, never 0', () => {
    expect(formatVnNumber(1234567)).toBe('1.234.567');
    expect(formatVnNumber(12.5)).toBe('12,5');
    expect(formatVnNumber(0.125)).toBe('0,13');
    expect(formatVnNumber(1000.004)).toBe('1.000');
    expect(formatVnNumber(-2500)).toBe('−2.500');
    expect(formatVnNumber(0)).toBe('0');
    expect(formatVnNumber(null)).toBe('—');
  });

  it('puts stored values back into inputs without rounding, and reads them back the same', () => {
    for (const value of [0, 7, 1234, 1234.5, 0.125, 150_000_000, 12.3456]) {
      const text = formatVnInput(value);
      expect(parseVnNumber(text), text).toBe(value);
    }
    expect(formatVnInput(1234.5)).toBe('1.234,5');
    expect(formatVnInput(null)).toBe('');
  });

  it('reads what reporters type: dots group thousands, a comma is the decimal mark', () => {
    expect(parseVnNumber('1.234')).toBe(1234);
    expect(parseVnNumber('1.234.567')).toBe(1234567);
    expect(parseVnNumber('12,5')).toBe(12.5);
    expect(parseVnNumber(' 1 234 ')).toBe(1234);
    expect(parseVnNumber('1.234,75')).toBe(1234.75);
    // A dot that cannot group thousands is a decimal point.
    expect(parseVnNumber('12.5')).toBe(12.5);
    expect(parseVnNumber('0.25')).toBe(0.25);
    expect(parseVnNumber('-3')).toBe(-3);
    for (const bad of ['', '   ', 'ba', '12a', '1,2,3', '1.23.4', '12,', 'NaN', '1e3'])
      expect(parseVnNumber(bad), bad).toBeNull();
  });

  it('writes dates and periods as documents do', () => {
    expect(formatVnDate('2024-11-15')).toBe('15/11/2024');
    expect(formatVnDate(null)).toBe('—');
    expect(periodLabel('2024')).toBe('Năm 2024');
    expect(periodLabel('2024S1')).toBe('6 tháng đầu năm 2024');
    expect(periodLabel('2024Q3')).toBe('Quý III/2024');
    expect(periodLabel('202405')).toBe('Tháng 5/2024');
    expect(reportBadgeClass('missing')).toContain('badge-report-missing');
  });
});

describe('progress against a target, read with the polarity', () => {
  const target = (comparator: string, value: number) => ({ year: 2024, comparator, value, source: 'unit' as const });

  it('a floor: met at or above it, else the share reached', () => {
    expect(progressOf(40, target('>=', 40), 'higher-better')).toMatchObject({ state: 'met', percent: 100 });
    expect(progressOf(30, target('>=', 40), 'higher-better')).toMatchObject({ state: 'not-met', text: 'Chưa đạt: 75% mục tiêu', percent: 75 });
    expect(progressOf(40, target('>', 40), 'higher-better').state).toBe('not-met');
    // A bare value reads as a floor for higher-better indicators.
    expect(progressOf(70, target('=', 60), 'higher-better').state).toBe('met');
  });

  it('a ceiling: met at or below it', () => {
    expect(progressOf(3, target('<=', 5), 'lower-better')).toMatchObject({ state: 'met', percent: null });
    expect(progressOf(6, target('=', 5), 'lower-better')).toMatchObject({ state: 'not-met', text: 'Chưa đạt: vượt ngưỡng 20%' });
  });

  it('a range: met within ±10 % of the value', () => {
    expect(progressOf(108, target('=', 100), 'target-range').state).toBe('met');
    expect(progressOf(120, target('~', 100), 'higher-better').state).toBe('not-met');
  });

  it('no figure or no target is said in words, never as 0 %', () => {
    expect(progressOf(null, target('>=', 40), 'higher-better')).toMatchObject({ state: 'none', text: 'Chưa có số liệu' });
    expect(progressOf(12, null, 'higher-better')).toMatchObject({ state: 'none', text: 'Chưa đặt mục tiêu' });
    expect(targetText(target('>=', 40), 'bài')).toBe('≥ 40 bài');
    expect(targetText(target('=', 60), '%')).toBe('60%');
  });
});

describe('the report history', () => {
  it('puts one person’s saves in a row on one line, newest first', () => {
    const e = (id: string, action: string, actor = 'a@x') => ({ id, at: `t${id}`, actor, action, label: action, comment: null });
    const lines = historyLines([e('1', 'create'), e('2', 'save'), e('3', 'save'), e('4', 'save', 'b@x'), e('5', 'save'), e('6', 'submit')]);
    expect(lines.map((l) => [l.action, l.actor, l.times, l.firstAt, l.at])).toEqual([
      ['submit', 'a@x', 1, null, 't6'],
      ['save', 'a@x', 1, null, 't5'],
      ['save', 'b@x', 1, null, 't4'],
      ['save', 'a@x', 2, 't2', 't3'],
      ['create', 'a@x', 1, null, 't1'],
    ]);
  });
});
