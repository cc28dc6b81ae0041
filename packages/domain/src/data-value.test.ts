import { describe, expect, it } from 'vitest';
import { outlierWarnings, rollUp, validateReport, type DataValue } from './data-value.ts';
import { indicatorCatalogue, type Indicator } from './indicator.ts';

function find(code: string): Indicator {
  const ind = indicatorCatalogue.find((i) => i.code === code);
  if (!ind) throw new Error(`missing ${code}`);
  return ind;
}

const v = (indicator: string, category: DataValue['category'], value: number | null): DataValue => ({ indicator, category, value });
const check = (...values: DataValue[]) => validateReport(indicatorCatalogue, values);

describe('validateReport', () => {
  it('accepts a consistent report', () => {
    const result = check(
      v('OP-TRAINING-PARTICIPANTS', 'total', 120),
      v('OP-TRAINING-PARTICIPANTS', 'female', 70),
      v('OP-TRAINING-PARTICIPANTS', 'male', 50),
      v('OP-ARTICLES', 'total', 12),
      v('OP-AIRTIME-MINUTES', 'total', 2.5),
      v('OP-BUDGET-SPENT', 'total', 15_000_000),
      v('NQ28-1.1', 'total', 62.5),
    );
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  it('requires total = female + male', () => {
    const { errors } = check(
      v('OP-TRAINING-PARTICIPANTS', 'total', 100),
      v('OP-TRAINING-PARTICIPANTS', 'female', 70),
      v('OP-TRAINING-PARTICIPANTS', 'male', 50),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('values.OP-TRAINING-PARTICIPANTS.total');
    expect(errors[0]?.message).toMatch(/nữ \+ nam/);
  });

  it('accepts a total alone but not a partial breakdown', () => {
    expect(check(v('OP-TRAINING-PARTICIPANTS', 'total', 100)).errors).toEqual([]);
    const { errors } = check(v('OP-TRAINING-PARTICIPANTS', 'total', 100), v('OP-TRAINING-PARTICIPANTS', 'female', 60));
    expect(errors.map((e) => e.path)).toEqual(['values.OP-TRAINING-PARTICIPANTS.male']);
  });

  it('rejects percentages outside 0–100', () => {
    const { errors } = check(v('NQ28-1.1', 'total', 120));
    expect(errors).toEqual([{ path: 'values.NQ28-1.1.total', message: expect.stringMatching(/0 đến 100/) }]);
  });

  it('rejects negative and fractional counts and fractional VND', () => {
    const { errors } = check(
      v('OP-ARTICLES', 'total', -1),
      v('OP-TRAINING-PARTICIPANTS', 'total', 2.5),
      v('OP-BUDGET-ALLOCATED', 'total', 1000.5),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'values.OP-ARTICLES.total',
      'values.OP-TRAINING-PARTICIPANTS.total',
      'values.OP-BUDGET-ALLOCATED.total',
    ]);
  });

  it('rejects a numerator larger than its denominator, per category', () => {
    const { errors } = check(
      v('OP-GBV-VICTIMS-DETECTED', 'total', 10),
      v('OP-GBV-VICTIMS-DETECTED', 'female', 8),
      v('OP-GBV-VICTIMS-DETECTED', 'male', 2),
      v('OP-GBV-VICTIMS-SUPPORTED', 'total', 10),
      v('OP-GBV-VICTIMS-SUPPORTED', 'female', 7),
      v('OP-GBV-VICTIMS-SUPPORTED', 'male', 3),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('values.OP-GBV-VICTIMS-SUPPORTED.male');
  });

  it('keeps missing values missing: null is not zero', () => {
    // A null denominator must not turn "5 supported" into "5 > 0".
    const { errors } = check(v('OP-GBV-VICTIMS-SUPPORTED', 'total', 5), v('OP-GBV-VICTIMS-DETECTED', 'total', null));
    expect(errors).toEqual([]);
    // A null total with a breakdown is reported as missing, not compared as 0.
    const partial = check(
      v('OP-TRAINING-PARTICIPANTS', 'total', null),
      v('OP-TRAINING-PARTICIPANTS', 'female', 3),
      v('OP-TRAINING-PARTICIPANTS', 'male', 4),
    );
    expect(partial.errors.map((e) => e.path)).toEqual(['values.OP-TRAINING-PARTICIPANTS.total']);
    expect(partial.errors[0]?.message).toMatch(/nhập đủ/);
    expect(rollUp(find('OP-ARTICLES'), [{ value: null }])).toBeNull();
  });

  it('rejects unknown indicators, sex categories on undisaggregated ones and duplicates', () => {
    const { errors } = check(v('OP-NOPE', 'total', 1), v('OP-ARTICLES', 'female', 1), v('OP-ARTICLES', 'total', 1), v('OP-ARTICLES', 'total', 2));
    expect(errors.map((e) => e.path)).toEqual(['values.OP-NOPE.total', 'values.OP-ARTICLES.female', 'values.OP-ARTICLES.total']);
  });

  it('adds outlier warnings without blocking', () => {
    const result = validateReport(indicatorCatalogue, [v('OP-ARTICLES', 'total', 40)], { history: { 'OP-ARTICLES': [10, 11, 9, 10, 12] } });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.path)).toEqual(['values.OP-ARTICLES.total']);
  });
});

describe('outlierWarnings', () => {
  const history = [10, 11, 9, 10, 12];

  it('warns for a value far from the median', () => {
    const w = outlierWarnings(history, 40);
    expect(w).not.toBeNull();
    expect(w?.median).toBe(10);
    expect(w?.mad).toBe(1);
    expect(w?.score).toBeCloseTo(0.6745 * 30);
  });

  it('does not warn for an ordinary value', () => {
    expect(outlierWarnings(history, 12)).toBeNull();
  });

  it('honours the threshold', () => {
    // z(14) = 0.6745 · 4 = 2.698
    expect(outlierWarnings(history, 14)).toBeNull();
    expect(outlierWarnings(history, 14, { threshold: 2.5 })).not.toBeNull();
  });

  it('needs five points and skips missing ones', () => {
    expect(outlierWarnings([10, 11, 9, 10], 40)).toBeNull();
    expect(outlierWarnings([10, null, 11, 9, null, 10], 40)).toBeNull();
  });

  it('on a flat history warns only when the value differs', () => {
    expect(outlierWarnings([5, 5, 5, 5, 5], 5)).toBeNull();
    expect(outlierWarnings([5, 5, 5, 5, 5], 6)?.score).toBe(Infinity);
    expect(outlierWarnings([5, 5, 5, 5], 6)).toBeNull();
  });
});

describe('rollUp', () => {
  it('computes a ratio from summed components, not the mean of ratios', () => {
    const share = find('NQ28-3.2');
    const result = rollUp(share, [
      { numerator: 1, denominator: 2 },
      { numerator: 9, denominator: 10 },
    ]);
    expect(result).toBeCloseTo((10 / 12) * 100);
    expect(result).toBeCloseTo(83.333, 3);
    expect(result).not.toBeCloseTo(((0.5 + 0.9) / 2) * 100);
  });

  it('leaves incomplete children out of a ratio and returns null without a denominator', () => {
    const share = find('NQ28-3.2');
    expect(rollUp(share, [{ numerator: 1, denominator: 2 }, { numerator: 5, denominator: null }])).toBeCloseTo(50);
    expect(rollUp(share, [{ numerator: 0, denominator: 0 }])).toBeNull();
    expect(rollUp(share, [])).toBeNull();
  });

  it('uses the scale of the ratio', () => {
    expect(rollUp(find('NQ28-4.2'), [{ numerator: 1, denominator: 2000 }, { numerator: 0, denominator: 3000 }])).toBeCloseTo(20);
  });

  it('sums children, skipping missing values', () => {
    const articles = find('OP-ARTICLES');
    expect(rollUp(articles, [{ value: 3 }, { value: null }, { value: 4 }, {}])).toBe(7);
    expect(rollUp(articles, [{ value: 0 }, { value: null }])).toBe(0);
    expect(rollUp(articles, [{ value: null }, { value: null }])).toBeNull();
  });

  it('takes the latest dated value', () => {
    const latest = find('NQ28-2.1');
    expect(
      rollUp(latest, [
        { value: 48, date: '2024-12-14' },
        { value: 51, date: '2025-06-14' },
        { value: null, date: '2025-12-14' },
        { value: 47, date: '2024-06-14' },
      ]),
    ).toBe(51);
    expect(rollUp(latest, [{ value: null, date: '2025-01-01' }])).toBeNull();
  });
});
