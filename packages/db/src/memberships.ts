// Users' roles at org units. A role reaches its unit's subtree: every scoped read below puts
// that rule in the SQL itself, so rows of other units are never loaded.
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { subtreeRange, type Role } from '@binh-dang/domain';
import { memberships, orgUnits, users } from './schema.ts';
import type { Db } from './types.ts';

export interface GrantRow {
  membershipId: string;
  role: Role;
  orgUnitId: string;
  orgUnitName: string;
  path: string;
}

export async function grantsOf(db: Db, userId: string): Promise<GrantRow[]> {
  return db
    .select({
      membershipId: memberships.id,
      role: memberships.role,
      orgUnitId: memberships.orgUnitId,
      orgUnitName: orgUnits.name,
      path: orgUnits.path,
    })
    .from(memberships)
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.orgUnitId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(orgUnits.path), asc(memberships.role));
}

/**
 * The unit `unitId` if it lies within the subtree of one of the user's memberships, else null.
 * The membership test is part of the query: a unit outside the user's reach is never read.
 */
export async function unitInReach(db: Db, userId: string, unitId: string) {
  const [row] = await db
    .select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name })
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.id, unitId),
        sql`exists (select 1 from ${memberships} m join ${orgUnits} mu on mu.id = m.org_unit_id
                    where m.user_id = ${userId}
                      and ${orgUnits.path} >= mu.path
                      and ${orgUnits.path} < substr(mu.path, 1, length(mu.path) - 1) || '0')`,
      ),
    )
    .limit(1);
  return row ?? null;
}

export interface MembershipView {
  id: string;
  userId: string;
  email: string;
  name: string;
  orgUnitId: string;
  orgUnitName: string;
  role: Role;
  createdAt: string;
}

/** Memberships held at units within `scopePath`. */
export async function listMemberships(db: Db, scopePath: string): Promise<MembershipView[]> {
  const { lower, upper } = subtreeRange(scopePath);
  return db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      email: users.email,
      name: users.name,
      orgUnitId: memberships.orgUnitId,
      orgUnitName: orgUnits.name,
      role: memberships.role,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.orgUnitId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(gte(orgUnits.path, lower), lt(orgUnits.path, upper)))
    .orderBy(asc(orgUnits.path), asc(users.email));
}

export async function getMembership(db: Db, id: string) {
  const [row] = await db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      orgUnitId: memberships.orgUnitId,
      role: memberships.role,
      path: orgUnits.path,
      email: users.email,
    })
    .from(memberships)
    .innerJoin(orgUnits, eq(orgUnits.id, memberships.orgUnitId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.id, id))
    .limit(1);
  return row ?? null;
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row ?? null;
}
