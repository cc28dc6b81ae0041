// The org tree: provinces, districts, communes and agencies with a materialised path, validity
// dates and successor links, so that the tree can be read as it stood on any day and history
// rolls up through mergers.
import { z } from 'zod';
import { localDateSchema, type LocalDate } from './dates.ts';

export const orgUnitKinds = ['province', 'district', 'commune', 'agency'] as const;
export type OrgUnitKind = (typeof orgUnitKinds)[number];

export const provenances = ['verified', 'demo'] as const;
export type Provenance = (typeof provenances)[number];

export const orgUnitSchema = z.object({
  id: z.string().min(1),
  /** Statistical (GSO) code where one exists. Codes are reused across the 2025 reform: never a key. */
  code: z.string().nullable(),
  name: z.string().min(1),
  shortName: z.string().min(1),
  kind: z.enum(orgUnitKinds),
  /** Local title of the unit: "tỉnh", "huyện", "xã", "thị trấn", "phường", "phòng", … */
  localKind: z.string(),
  parentId: z.string().nullable(),
  /** Materialised path of ids from the root, with leading and trailing slash: /a/b/c/ */
  path: z.string(),
  validFrom: localDateSchema.nullable(),
  validTo: localDateSchema.nullable(),
  successorId: z.string().nullable(),
  provenance: z.enum(provenances),
  note: z.string().nullable(),
  sortOrder: z.number().int(),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export function pathOf(parentPath: string | null, id: string): string {
  if (id.includes('/')) throw new RangeError(`an org unit id may not contain '/': ${id}`);
  return `${parentPath ?? '/'}${id}/`;
}

/** Ids from the root down to the unit itself. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** True when `path` is the scope unit itself or lies below it. */
export function isWithin(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

export function depthOf(path: string): number {
  return pathIds(path).length - 1;
}

/** Whether the unit is in force on the given day (bounds inclusive, null = open). */
export function isActiveOn(unit: Pick<OrgUnit, 'validFrom' | 'validTo'>, date: LocalDate): boolean {
  return (unit.validFrom === null || unit.validFrom <= date) && (unit.validTo === null || unit.validTo >= date);
}

export type OrgTreeNode = OrgUnit & { children: OrgTreeNode[] };

/**
 * Nests the units in force on `date` under their parents. A unit whose parent is not in force
 * that day (or not in the list) becomes a root. Children keep sortOrder, then name.
 */
export function buildTree(units: readonly OrgUnit[], date: LocalDate | null): OrgTreeNode[] {
  const active = date === null ? [...units] : units.filter((u) => isActiveOn(u, date));
  const nodes = new Map<string, OrgTreeNode>(active.map((u) => [u.id, { ...u, children: [] }]));
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const order = (a: OrgTreeNode, b: OrgTreeNode) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'vi');
  const sortDeep = (list: OrgTreeNode[]) => {
    list.sort(order);
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

/**
 * The unit that carries `unitId`'s history on `date`: the unit itself while it is in force,
 * otherwise its successor chain followed until a unit in force that day. Null when the chain
 * ends (a unit abolished without successor) or loops.
 */
export function successorOn(unitId: string, date: LocalDate, byId: ReadonlyMap<string, OrgUnit>): OrgUnit | null {
  const seen = new Set<string>();
  let current = byId.get(unitId);
  while (current && !seen.has(current.id)) {
    if (isActiveOn(current, date)) return current;
    seen.add(current.id);
    current = current.successorId === null ? undefined : byId.get(current.successorId);
  }
  return null;
}

/** Checks a set of units for the invariants the tree relies on; returns human-readable problems. */
export function checkTree(units: readonly OrgUnit[]): string[] {
  const problems: string[] = [];
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const u of units) {
    const parent = u.parentId === null ? null : byId.get(u.parentId);
    if (u.parentId !== null && !parent) problems.push(`${u.id}: parent ${u.parentId} is missing`);
    const expected = pathOf(parent ? parent.path : null, u.id);
    if (u.path !== expected) problems.push(`${u.id}: path ${u.path} should be ${expected}`);
    if (u.validFrom && u.validTo && u.validFrom > u.validTo) problems.push(`${u.id}: validFrom after validTo`);
    if (parent && u.validFrom && parent.validFrom && u.validFrom < parent.validFrom)
      problems.push(`${u.id}: in force before its parent ${parent.id}`);
    if (parent && parent.validTo && (u.validTo === null || u.validTo > parent.validTo))
      problems.push(`${u.id}: outlives its parent ${parent.id}`);
    if (u.successorId !== null) {
      const s = byId.get(u.successorId);
      if (!s) problems.push(`${u.id}: successor ${u.successorId} is missing`);
      else if (u.validTo === null) problems.push(`${u.id}: has a successor but no end date`);
      else if (s.validFrom !== null && s.validFrom <= u.validTo)
        problems.push(`${u.id}: successor ${s.id} starts before ${u.id} ends`);
    }
  }
  return problems;
}

/**
 * Bounds for an index-friendly subtree filter: every path within `scopePath` sorts in
 * [lower, upper). Paths end with '/', and '0' is the character right after '/'.
 */
export function subtreeRange(scopePath: string): { lower: string; upper: string } {
  if (!scopePath.endsWith('/')) throw new RangeError(`a path ends with '/': ${scopePath}`);
  return { lower: scopePath, upper: `${scopePath.slice(0, -1)}0` };
}
