// Reads and writes of the org tree.
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { subtreeRange, type OrgUnit } from '@binh-dang/domain';
import { orgUnits } from './schema.ts';
import type { Db } from './types.ts';

type OrgUnitRow = typeof orgUnits.$inferSelect;

export function toOrgUnit(row: OrgUnitRow): OrgUnit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.shortName,
    kind: row.kind,
    localKind: row.localKind,
    parentId: row.parentId,
    path: row.path,
    validFrom: row.validFrom,
    validTo: row.validTo,
    successorId: row.successorId,
    provenance: row.provenance,
    note: row.note,
    sortOrder: row.sortOrder,
  };
}

/** All units, or those within a subtree (scope given as a path), in path order. */
export async function listOrgUnits(db: Db, scopePath?: string): Promise<OrgUnit[]> {
  const where = scopePath
    ? and(gte(orgUnits.path, subtreeRange(scopePath).lower), lt(orgUnits.path, subtreeRange(scopePath).upper))
    : undefined;
  const rows = await db.select().from(orgUnits).where(where).orderBy(asc(orgUnits.path));
  return rows.map(toOrgUnit);
}

export async function getOrgUnit(db: Db, id: string): Promise<OrgUnit | null> {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id)).limit(1);
  return row ? toOrgUnit(row) : null;
}

export async function insertOrgUnits(db: Db, units: readonly OrgUnit[]): Promise<void> {
  if (units.length === 0) return;
  // Parents before children so that the parent foreign key holds at every insert.
  const ordered = [...units].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  await db.insert(orgUnits).values(ordered.map((u) => ({ ...u })));
}

export async function listOrgUnitsByIds(db: Db, ids: readonly string[]): Promise<OrgUnit[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(orgUnits).where(inArray(orgUnits.id, [...ids])).orderBy(asc(orgUnits.path));
  return rows.map(toOrgUnit);
}
