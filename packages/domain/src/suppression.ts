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
      // Widen a relation through which an exposed cell is worked out.
      outer: for (const target of [...exposed].sort())
        for (const r of table.relations)
          if ((r.total === target || r.parts.includes(target)) && widen(r)) {
            changed = true;
            break outer;
          }
    } else {
      const [small] = smallResidualRelations(table, suppressed, threshold);
      if (small) changed = widen(small);
    }
    if (!changed) break;
  }
  return { suppressed, primary };
}
