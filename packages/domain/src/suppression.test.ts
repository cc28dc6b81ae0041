import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { derivableCells, suppressSmallCounts, suppressTree, type SuppressionTable, type TreeValueNode } from './suppression.ts';

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

describe('suppression over an org tree', () => {
  it('suppresses a commune consistently wherever it appears, and its complement', () => {
    const nodes = [
      { id: 'p', parentId: null, own: {} },
      { id: 'd', parentId: 'p', own: {} },
      { id: 'a', parentId: 'd', own: { total: 3, female: 2, male: 1 } },
      { id: 'b', parentId: 'd', own: { total: 40, female: 25, male: 15 } },
      { id: 'c', parentId: 'd', own: { total: 12, female: 6, male: 6 } },
    ];
    const cells = suppressTree(nodes, { disaggregated: true });
    expect(cells.get('a')!.total).toEqual({ value: null, suppressed: true });
    expect(cells.get('d')!.total.value).toBe(55);
    // Some other commune's total is hidden too, else d − b − c gives a.
    expect(['b', 'c'].some((id) => cells.get(id)!.total.suppressed)).toBe(true);
  });

  it('leaves nothing derivable in random trees (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ district: fc.integer({ min: 0, max: 2 }), female: fc.integer({ min: 0, max: 12 }), male: fc.integer({ min: 0, max: 12 }), own: fc.boolean() }), { minLength: 1, maxLength: 9 }),
        (communes) => {
          const nodes: TreeValueNode[] = [
            { id: 'p', parentId: null, own: {} },
            ...[0, 1, 2].map((d) => ({ id: `d${d}`, parentId: 'p', own: communes.some((c) => c.own && c.district === d) ? { total: 7, female: 4, male: 3 } : {} })),
            ...communes.map((c, i) => ({ id: `c${i}`, parentId: `d${c.district}`, own: { total: c.female + c.male, female: c.female, male: c.male } })),
          ];
          const cells = suppressTree(nodes, { disaggregated: true });
          // Rebuild the published table and check no suppressed cell is determined by it.
          const table: SuppressionTable = { cells: {}, relations: [] };
          const hidden = new Set<string>();
          const kids = (id: string) => nodes.filter((n) => n.parentId === id);
          const value = (id: string, cat: 'total' | 'female' | 'male'): number | undefined => {
            const n = nodes.find((x) => x.id === id)!;
            const own = n.own[cat];
            const sum = kids(id).reduce<number | undefined>((s, k) => { const v = value(k.id, cat); return v === undefined ? s : (s ?? 0) + v; }, undefined);
            return own === undefined ? sum : (sum ?? 0) + own;
          };
          for (const n of nodes) {
            for (const cat of ['total', 'female', 'male'] as const) {
              const v = value(n.id, cat);
              if (v === undefined) continue;
              table.cells[`${n.id}.${cat}`] = v;
              if (cells.get(n.id)![cat].suppressed) hidden.add(`${n.id}.${cat}`);
              expect(cells.get(n.id)![cat].suppressed || cells.get(n.id)![cat].value === v).toBe(true);
              if (v > 0 && v < 5) expect(cells.get(n.id)![cat].suppressed).toBe(true);
            }
            if (table.cells[`${n.id}.total`] !== undefined) table.relations.push({ total: `${n.id}.total`, parts: [`${n.id}.female`, `${n.id}.male`] });
          }
          // Parent relations with the own part unknown to the public (an unpublished cell).
          for (const n of nodes) {
            const k = kids(n.id).filter((x) => table.cells[`${x.id}.total`] !== undefined);
            if (!k.length) continue;
            for (const cat of ['total', 'female', 'male'] as const) {
              const parts = k.map((x) => `${x.id}.${cat}`);
              if (n.own[cat] !== undefined) {
                table.cells[`${n.id}.own.${cat}`] = n.own[cat]!;
                parts.push(`${n.id}.own.${cat}`);
                // The own part is published only when its complement says so: treat it as hidden
                // unless the tree suppression published it (it is not shown on public pages).
                hidden.add(`${n.id}.own.${cat}`);
              }
              table.relations.push({ total: `${n.id}.${cat}`, parts });
            }
          }
          const exposed = [...derivableCells(table, hidden)].filter((id) => !id.includes('.own.'));
          expect(exposed).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
