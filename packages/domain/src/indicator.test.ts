import { describe, expect, it } from 'vitest';
import { checkCatalogue, indicatorCatalogue, indicatorSchema, type Indicator } from './indicator.ts';

function find(code: string): Indicator {
  const ind = indicatorCatalogue.find((i) => i.code === code);
  if (!ind) throw new Error(`missing ${code}`);
  return ind;
}

const targetsOf = (code: string) => find(code).targets.map((t) => [t.year, t.comparator, t.value]);

describe('indicatorCatalogue', () => {
  it('passes checkCatalogue and the schema', () => {
    expect(checkCatalogue(indicatorCatalogue)).toEqual([]);
    for (const ind of indicatorCatalogue) expect(indicatorSchema.safeParse(ind).success).toBe(true);
  });

  it('holds 20 Nghị quyết 28 targets: 14 verified, 6 to confirm', () => {
    const nq = indicatorCatalogue.filter((i) => i.code.startsWith('NQ28-'));
    expect(nq).toHaveLength(20);
    expect(nq.filter((i) => i.verification === 'verified')).toHaveLength(14);
    expect(nq.filter((i) => i.verification === 'to-confirm')).toHaveLength(6);
  });

  it('keeps the verified values and comparators as written in domain.md', () => {
    expect(targetsOf('NQ28-1.1')).toEqual([[2025, '=', 60], [2030, '=', 75]]);
    expect(targetsOf('NQ28-2.1')).toEqual([[2025, '=', 50], [2030, '~', 60]]);
    expect(targetsOf('NQ28-2.2')).toEqual([[2025, '<', 30], [2030, '<', 25]]);
    expect(targetsOf('NQ28-2.3')).toEqual([[2025, '>=', 27], [2030, '=', 30]]);
    expect(targetsOf('NQ28-3.1')).toEqual([[2025, '=', 1.7], [2030, '=', 1.4]]);
    expect(targetsOf('NQ28-3.2')).toEqual([[2025, '=', 80], [2030, '=', 90]]);
    expect(targetsOf('NQ28-3.3')).toEqual([[2025, '=', 50], [2030, '=', 70]]);
    expect(targetsOf('NQ28-3.4')).toEqual([[2025, '=', 100], [2030, '=', 100]]);
    expect(targetsOf('NQ28-3.5')).toEqual([[2025, '=', 70], [2030, '=', 100]]);
    expect(targetsOf('NQ28-4.1')).toEqual([[2025, '<=', 111], [2030, '<=', 109]]);
    expect(targetsOf('NQ28-4.2')).toEqual([[2025, '=', 42], [2030, '<', 42]]);
    expect(targetsOf('NQ28-5.1')).toEqual([[2025, '>', 90], [2030, '~', 99]]);
    expect(targetsOf('NQ28-5.2')).toEqual([[2025, '=', 1]]);
    expect(find('NQ28-5.2').unit).toBe('có/không');
    expect(targetsOf('NQ28-6.1')).toEqual([[2025, '=', 60], [2030, '=', 80]]);
    expect(find('NQ28-1.1').objective).toBe(1);
    expect(find('NQ28-4.1').objective).toBe(4);
  });

  it('ships unverified targets without numbers, flagged to confirm', () => {
    const unverified = indicatorCatalogue.filter((i) => i.verification === 'to-confirm');
    expect(unverified.map((i) => i.code).sort()).toEqual(['NQ28-4.3', 'NQ28-5.3', 'NQ28-5.4', 'NQ28-5.5', 'NQ28-5.6', 'NQ28-6.2']);
    for (const ind of unverified) {
      expect(ind.targets).toEqual([]);
      expect(ind.note).toMatch(/xác nhận/);
      expect(ind.nameEn).toMatch(/to confirm/);
    }
  });

  it('has the operational indicators with the right shape', () => {
    expect(find('OP-TRAINING-PARTICIPANTS').disaggregation).toBe('sex');
    expect(find('OP-BUDGET-ALLOCATED').unit).toBe('VND');
    expect(find('OP-BUDGET-SPENT').aggregation).toEqual({ kind: 'sum' });
    for (const code of ['OP-GBV-CASES-DETECTED', 'OP-GBV-VICTIMS-DETECTED', 'OP-GBV-VICTIMS-SUPPORTED', 'OP-TRAFFICKING-CASES'])
      expect(find(code).sensitivity).toBe('sensitive');
    for (const code of [
      'OP-ARTICLES',
      'OP-AIRTIME-MINUTES',
      'OP-TRAINING-CLASSES',
      'OP-DV-PREVENTION-MODELS',
      'OP-INSPECTIONS',
      'OP-VIOLATIONS-HANDLED',
      'OP-WOMEN-CADRES-PLANNED',
      'OP-WOMEN-CADRES-APPOINTED',
    ])
      expect(find(code).objective).toBeNull();
    expect(find('NQ28-3.2').aggregation).toEqual({
      kind: 'ratio',
      numerator: 'OP-GBV-VICTIMS-SUPPORTED',
      denominator: 'OP-GBV-VICTIMS-DETECTED',
      scale: 100,
    });
  });
});

describe('checkCatalogue', () => {
  const sum = (code: string): Indicator => ({ ...find('OP-ARTICLES'), code });

  it('reports duplicate codes', () => {
    const problems = checkCatalogue([sum('OP-A'), sum('OP-A')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/trùng/);
  });

  it('reports missing and non-sum ratio components', () => {
    const latest: Indicator = { ...sum('OP-L'), aggregation: { kind: 'latest' } };
    const ratio: Indicator = {
      ...sum('OP-R'),
      unit: '%',
      aggregation: { kind: 'ratio', numerator: 'OP-MISSING', denominator: 'OP-L', scale: 100 },
    };
    const messages = checkCatalogue([latest, ratio]).map((p) => `${p.code}: ${p.message}`);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^OP-R: .*OP-MISSING.*not in the catalogue/);
    expect(messages[1]).toMatch(/^OP-R: .*OP-L.*must be a 'sum'/);
  });

  it('reports reference cycles', () => {
    const a: Indicator = { ...sum('OP-A'), aggregation: { kind: 'ratio', numerator: 'OP-B', denominator: 'OP-C', scale: 1 } };
    const b: Indicator = { ...sum('OP-B'), aggregation: { kind: 'ratio', numerator: 'OP-A', denominator: 'OP-C', scale: 1 } };
    const problems = checkCatalogue([a, b, sum('OP-C')]);
    expect(problems.some((p) => /cycle/.test(p.message) && /OP-A → OP-B → OP-A/.test(p.message))).toBe(true);
  });

  it('reports entries that fail the schema', () => {
    const problems = checkCatalogue([{ ...sum('OP-A'), code: 'bad code', unit: 'kg' }]);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.every((p) => p.code === '#0')).toBe(true);
  });
});
