// Small-count suppression for public tables of sensitive indicators (victims, cases): a count
// between 1 and threshold − 1 is shown as "<5", and further cells are suppressed until no
// suppressed cell can be worked out from the published ones ("complementary suppression").
//
// A table is a set of cells and of additive relations "total = part + part + …" (a unit's total is
// the sum of its children; total = female + male). A suppressed cell is exposed when:
//   - the relations, with the published cells put in, determine it (linear algebra: after
//     eliminating, some equation involves it alone), or
//   - the suppressed cells of one relation add up to less than the threshold, so that with every
//     small count at least 1 each is pinned down to a few values (e.g. two cells that sum to 2).
// Either way one more cell of the relation (the smallest published part, else its total) is
// suppressed, and the check runs again until nothing is exposed.

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

export interface SuppressionTable {
  /** Cell values by id; null is "not reported" (never published as a number, never suppressed). */
  cells: Record<string, number | null>;
  /** Additive relations: the value of `total` is the sum of `parts`. */
  relations: { total: string; parts: string[] }[];
}

export interface SuppressionResult {
  /** Ids of suppressed cells (primary and complementary). */
  suppressed: Set<string>;
  /** Only the small counts themselves. */
  primary: Set<string>;
}

/** Whether a count is small enough to identify someone: 1 … threshold − 1 (0 is published). */
export function isSmallCount(value: number | null, threshold = DEFAULT_SUPPRESSION_THRESHOLD): boolean {
  return value !== null && value > 0 && value < threshold;
}

/**
 * Which suppressed cells the relations determine, given the published cells. Gaussian elimination
 * on the unknowns (the suppressed cells) of the relations' equations.
 */
export function derivableCells(table: SuppressionTable, suppressed: ReadonlySet<string>): Set<string> {
  const unknowns = [...suppressed].filter((id) => table.cells[id] !== null && table.cells[id] !== undefined);
  const index = new Map(unknowns.map((id, i) => [id, i]));
  const rows: number[][] = [];
  for (const r of table.relations) {
    const ids = [r.total, ...r.parts];
    // A relation with a cell that is not reported says nothing usable about the others.
    if (ids.some((id) => table.cells[id] === null || table.cells[id] === undefined)) continue;
    const row = new Array<number>(unknowns.length).fill(0);
    let touches = false;
    const add = (id: string, coefficient: number) => {
      const i = index.get(id);
      if (i === undefined) return;
      row[i]! += coefficient;
      touches = true;
    };
    add(r.total, 1);
    for (const p of r.parts) add(p, -1);
    if (touches) rows.push(row);
  }
  // Reduced row echelon form; a row with a single non-zero determines that unknown.
  const eps = 1e-9;
  let lead = 0;
  for (let c = 0; c < unknowns.length && lead < rows.length; c++) {
    let pivot = -1;
    for (let r = lead; r < rows.length; r++) if (Math.abs(rows[r]![c]!) > eps) { pivot = r; break; }
    if (pivot < 0) continue;
    [rows[lead], rows[pivot]] = [rows[pivot]!, rows[lead]!];
    const p = rows[lead]![c]!;
    rows[lead] = rows[lead]!.map((x) => x / p);
    for (let r = 0; r < rows.length; r++) {
      if (r === lead) continue;
      const f = rows[r]![c]!;
      if (Math.abs(f) > eps) rows[r] = rows[r]!.map((x, k) => x - f * rows[lead]![k]!);
    }
    lead++;
  }
  const out = new Set<string>();
  for (const row of rows) {
    const nonZero = row.flatMap((x, i) => (Math.abs(x) > eps ? [i] : []));
    if (nonZero.length === 1) out.add(unknowns[nonZero[0]!]!);
  }
  return out;
}

/** The relations a cell takes part in whose suppressed cells are exposed by a small residual. */
function smallResidualRelations(table: SuppressionTable, suppressed: ReadonlySet<string>, threshold: number) {
  return table.relations.filter((r) => {
    const ids = [r.total, ...r.parts];
    if (ids.some((id) => table.cells[id] === null || table.cells[id] === undefined)) return false;
    const hidden = r.parts.filter((p) => suppressed.has(p));
    if (suppressed.has(r.total) || hidden.length < 2) return false;
    const residual = hidden.reduce((s, p) => s + (table.cells[p] ?? 0), 0);
    return residual < threshold;
  });
}

/** Suppresses small counts and as many complementary cells as it takes to protect them. */
export function suppressSmallCounts(table: SuppressionTable, threshold = DEFAULT_SUPPRESSION_THRESHOLD): SuppressionResult {
  const primary = new Set(Object.keys(table.cells).filter((id) => isSmallCount(table.cells[id] ?? null, threshold)));
  const suppressed = new Set(primary);
  const value = (id: string) => table.cells[id] ?? 0;
  const published = (id: string) => !suppressed.has(id) && table.cells[id] !== null && table.cells[id] !== undefined;

  /** Suppresses one more cell of the relation: the smallest published part, else the total. */
  const widen = (r: SuppressionTable['relations'][number]): boolean => {
    const candidates = r.parts.filter(published).sort((a, b) => value(a) - value(b) || a.localeCompare(b));
    const pick = candidates[0] ?? (published(r.total) ? r.total : undefined);
    if (!pick) return false;
    suppressed.add(pick);
    return true;
  };

  for (let guard = 0; guard < Object.keys(table.cells).length + 1; guard++) {
    const exposed = derivableCells(table, suppressed);
    let changed = false;
    if (exposed.size) {
      // Widen the relation that gives an exposed cell away most directly: among the relations
      // holding an exposed cell, the one with the fewest suppressed cells (usually the target alone).
      let best: { relation: SuppressionTable['relations'][number]; hidden: number } | null = null;
      for (const r of table.relations) {
        const ids = [r.total, ...r.parts];
        if (!ids.some((id) => exposed.has(id)) || !ids.some(published)) continue;
        const hidden = ids.filter((id) => suppressed.has(id)).length;
        if (!best || hidden < best.hidden) best = { relation: r, hidden };
      }
      if (best) changed = widen(best.relation);
    } else {
      const [small] = smallResidualRelations(table, suppressed, threshold);
      if (small) changed = widen(small);
    }
    if (!changed) break;
  }
  return { suppressed, primary };
}

// ---------------------------------------------------------------------------------------------
// Suppression over an org tree: one table per province and period, so that every public view of
// any unit in it (the unit's figure and its children's) shows the same cells suppressed.

export type SexCategory = 'total' | 'female' | 'male';

export interface TreeValueNode {
  id: string;
  parentId: string | null;
  /** The unit's own approved values (not its children's). */
  own: Partial<Record<SexCategory, number>>;
}

export interface PublicCell {
  /** null when suppressed or not reported. */
  value: number | null;
  suppressed: boolean;
}

/**
 * Aggregates own values up the tree and suppresses small counts with their complements across
 * every relation of the tree (a unit = its own + its children; total = female + male).
 * Returns each unit's cells (aggregated values), suppressed or not.
 */
export function suppressTree(
  nodes: readonly TreeValueNode[],
  options: { threshold?: number; disaggregated: boolean },
): Map<string, Record<SexCategory, PublicCell>> {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const categories: SexCategory[] = options.disaggregated ? ['total', 'female', 'male'] : ['total'];
  const children = new Map<string, string[]>();
  for (const n of nodes) if (n.parentId !== null) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const aggregated = new Map<string, Partial<Record<SexCategory, number>>>();
  const aggregate = (id: string): Partial<Record<SexCategory, number>> => {
    const done = aggregated.get(id);
    if (done) return done;
    const out: Partial<Record<SexCategory, number>> = { ...(byId.get(id)?.own ?? {}) };
    for (const child of children.get(id) ?? []) {
      const v = aggregate(child);
      for (const cat of categories) if (v[cat] !== undefined) out[cat] = (out[cat] ?? 0) + v[cat]!;
    }
    aggregated.set(id, out);
    return out;
  };
  for (const n of nodes) aggregate(n.id);

  const table: SuppressionTable = { cells: {}, relations: [] };
  for (const n of nodes) {
    const agg = aggregated.get(n.id)!;
    const kids = (children.get(n.id) ?? []).filter((k) => categories.some((cat) => aggregated.get(k)![cat] !== undefined));
    for (const cat of categories) {
      if (agg[cat] === undefined) continue;
      table.cells[`${n.id}.${cat}`] = agg[cat]!;
      if (kids.length === 0) continue;
      const parts = kids.filter((k) => aggregated.get(k)![cat] !== undefined).map((k) => `${k}.${cat}`);
      if (n.own[cat] !== undefined) {
        table.cells[`${n.id}.own.${cat}`] = n.own[cat]!;
        parts.push(`${n.id}.own.${cat}`);
      }
      table.relations.push({ total: `${n.id}.${cat}`, parts });
    }
    if (options.disaggregated) {
      for (const prefix of [`${n.id}`, ...(kids.length && n.own.total !== undefined ? [`${n.id}.own`] : [])]) {
        const ids = [`${prefix}.total`, `${prefix}.female`, `${prefix}.male`];
        if (ids.every((id) => table.cells[id] !== undefined)) table.relations.push({ total: ids[0]!, parts: [ids[1]!, ids[2]!] });
      }
    }
  }
  const { suppressed } = suppressSmallCounts(table, threshold);
  const out = new Map<string, Record<SexCategory, PublicCell>>();
  for (const n of nodes) {
    const cells = {} as Record<SexCategory, PublicCell>;
    for (const cat of ['total', 'female', 'male'] as const) {
      const id = `${n.id}.${cat}`;
      const v = table.cells[id];
      cells[cat] = v === undefined || v === null ? { value: null, suppressed: false } : suppressed.has(id) ? { value: null, suppressed: true } : { value: v, suppressed: false };
    }
    out.set(n.id, cells);
  }
  return out;
}
