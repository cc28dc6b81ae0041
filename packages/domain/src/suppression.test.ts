import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { derivableCells, suppressSmallCounts, type SuppressionTable } from './suppression.ts';

/** A unit × sex table: each child's total = female + male; the unit's cells = sums of the children's. */
function unitTable(children: { female: number; male: number }[]): SuppressionTable {
  const cells: SuppressionTable['cells'] = {};
  const relations: SuppressionTable['relations'] = [];
  let f = 0;
  let m = 0;
  children.forEach((ch, i) => {
    cells[`c${i}.female`] = ch.female;
    cells[`c${i}.male`] = ch.male;
    cells[`c${i}.total`] = ch.female + ch.male;
    relations.push({ total: `c${i}.total`, parts: [`c${i}.female`, `c${i}.male`] });
    f += ch.female;
    m += ch.male;
  });
  cells['all.female'] = f;
  cells['all.male'] = m;
  cells['all.total'] = f + m;
  relations.push({ total: 'all.total', parts: ['all.female', 'all.male'] });
  for (const cat of ['female', 'male', 'total'])
    relations.push({ total: `all.${cat}`, parts: children.map((_, i) => `c${i}.${cat}`) });
  return { cells, relations };
}

describe('small-count suppression', () => {
  it('hides a small count and one more cell so that the total does not give it away', () => {
    const table: SuppressionTable = { cells: { a: 2, b: 10, c: 12, t: 24 }, relations: [{ total: 't', parts: ['a', 'b', 'c'] }] };
    const { suppressed, primary } = suppressSmallCounts(table);
    expect([...primary]).toEqual(['a']);
    expect(suppressed).toEqual(new Set(['a', 'b']));
    expect(derivableCells(table, suppressed).size).toBe(0);
  });

  it('publishes zeros and large counts as they are', () => {
    const table: SuppressionTable = { cells: { a: 0, b: 10, t: 10 }, relations: [{ total: 't', parts: ['a', 'b'] }] };
    expect(suppressSmallCounts(table).suppressed.size).toBe(0);
  });

  it('does not leave two small cells that add up to less than the threshold', () => {
    // 1 + 1 = 2: knowing each is at least 1 pins both down.
    const table: SuppressionTable = { cells: { a: 1, b: 1, c: 40, t: 42 }, relations: [{ total: 't', parts: ['a', 'b', 'c'] }] };
    const { suppressed } = suppressSmallCounts(table);
    expect(suppressed.has('c') || suppressed.has('t')).toBe(true);
  });

  it('a derivable suppressed cell is found through two relations (sex and units)', () => {
    const table = unitTable([
      { female: 3, male: 20 },
      { female: 30, male: 25 },
    ]);
    // Hide only c0.female: c0.total − c0.male gives it back.
    expect(derivableCells(table, new Set(['c0.female']))).toEqual(new Set(['c0.female']));
  });

  it('never leaves a suppressed cell derivable, and hides every small count (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ female: fc.integer({ min: 0, max: 30 }), male: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 2, max: 10 }),
        (children, threshold) => {
          const table = unitTable(children);
          const { suppressed } = suppressSmallCounts(table, threshold);
          for (const [id, v] of Object.entries(table.cells)) if (v !== null && v > 0 && v < threshold) expect(suppressed.has(id)).toBe(true);
          expect(derivableCells(table, suppressed).size).toBe(0);
          // No relation leaves its hidden parts with a residual below the threshold.
          for (const r of table.relations) {
            if (suppressed.has(r.total)) continue;
            const hidden = r.parts.filter((p) => suppressed.has(p));
            if (hidden.length >= 2) expect(hidden.reduce((s, p) => s + (table.cells[p] ?? 0), 0)).toBeGreaterThanOrEqual(threshold);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
