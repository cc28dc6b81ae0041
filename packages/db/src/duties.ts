// Tracked duties: when a plan is issued, every duty line becomes one row per addressed unit.
// Reads are scoped by the unit's path in the query; updates are version-guarded.
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { subtreeRange, type Plan } from '@binh-dang/domain';
import { dutyNotes, dutyStatuses, dutyTrackings, orgUnits, plans, writeGuards } from './schema.ts';
import type { Db } from './types.ts';

export type DutyStatus = (typeof dutyStatuses)[number];

export function trackingId(dutyId: string, orgUnitId: string): string {
  return `${dutyId}--${orgUnitId}`;
}

/** Inserts that start tracking every duty of an issued plan, for the issuing batch. */
export async function dutyTrackingInserts(db: Db, plan: Plan): Promise<BatchItem<'sqlite'>[]> {
  const unitIds = [...new Set(plan.implementation.assignments.flatMap((a) => a.units.map((u) => u.orgUnitId)))];
  const rows = unitIds.length
    ? await db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits).where(inArray(orgUnits.id, unitIds))
    : [];
  const pathOf = new Map(rows.map((r) => [r.id, r.path]));
  return plan.implementation.assignments.flatMap((a) =>
    a.units.flatMap((u) =>
      a.duties.map((d) =>
        db.insert(dutyTrackings).values({
          id: trackingId(d.id, u.orgUnitId),
          planId: plan.id,
          dutyId: d.id,
          orgUnitId: u.orgUnitId,
          orgUnitPath: pathOf.get(u.orgUnitId) ?? '/',
          // A unit that supports the assignment supports each of its duties; a lead unit takes each duty's own role.
          role: u.role === 'support' ? 'support' : d.role,
          text: d.text,
          dueDate: d.dueDate ?? plan.reportDeadline,
        }),
      ),
    ),
  );
}

export interface DutyView {
  id: string;
  planId: string;
  planTitle: string;
  planNumber: string | null;
  orgUnitId: string;
  orgUnitName: string;
  role: 'lead' | 'support';
  text: string;
  dueDate: string | null;
  status: DutyStatus;
  version: number;
  updatedAt: string;
}

const dutyColumns = {
  id: dutyTrackings.id,
  planId: dutyTrackings.planId,
  planTitle: plans.title,
  planNumber: plans.number,
  orgUnitId: dutyTrackings.orgUnitId,
  orgUnitName: orgUnits.name,
  role: dutyTrackings.role,
  text: dutyTrackings.text,
  dueDate: dutyTrackings.dueDate,
  status: dutyTrackings.status,
  version: dutyTrackings.version,
  updatedAt: dutyTrackings.updatedAt,
};

/** Duties of the units within `scopePath`, optionally of one plan, soonest due first. */
export async function listDuties(db: Db, scopePath: string, filter: { planId?: string } = {}): Promise<DutyView[]> {
  const { lower, upper } = subtreeRange(scopePath);
  return db
    .select(dutyColumns)
    .from(dutyTrackings)
    .innerJoin(plans, eq(plans.id, dutyTrackings.planId))
    .innerJoin(orgUnits, eq(orgUnits.id, dutyTrackings.orgUnitId))
    .where(
      and(
        gte(dutyTrackings.orgUnitPath, lower),
        lt(dutyTrackings.orgUnitPath, upper),
        filter.planId ? eq(dutyTrackings.planId, filter.planId) : undefined,
      ),
    )
    .orderBy(asc(dutyTrackings.dueDate), asc(orgUnits.path), asc(dutyTrackings.id));
}

export async function getDuty(db: Db, id: string): Promise<(DutyView & { orgUnitPath: string }) | null> {
  const [row] = await db
    .select({ ...dutyColumns, orgUnitPath: dutyTrackings.orgUnitPath })
    .from(dutyTrackings)
    .innerJoin(plans, eq(plans.id, dutyTrackings.planId))
    .innerJoin(orgUnits, eq(orgUnits.id, dutyTrackings.orgUnitId))
    .where(eq(dutyTrackings.id, id))
    .limit(1);
  return row ?? null;
}

export async function listDutyNotes(db: Db, trackingIdValue: string) {
  return db.select().from(dutyNotes).where(eq(dutyNotes.trackingId, trackingIdValue)).orderBy(asc(dutyNotes.at), asc(dutyNotes.id));
}

/** Version-guarded status change with a progress note, for one batch (see isStaleWrite). */
export function dutyUpdateStatements(
  db: Db,
  change: { id: string; expectedVersion: number; status: DutyStatus; note: string | null; noteId: string; at: string; authorUserId: string; authorLabel: string },
): BatchItem<'sqlite'>[] {
  return [
    db
      .update(dutyTrackings)
      .set({ status: change.status, version: change.expectedVersion + 1, updatedAt: change.at })
      .where(and(eq(dutyTrackings.id, change.id), eq(dutyTrackings.version, change.expectedVersion))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    db.insert(dutyNotes).values({
      id: change.noteId,
      trackingId: change.id,
      at: change.at,
      authorUserId: change.authorUserId,
      authorLabel: change.authorLabel,
      status: change.status,
      text: change.note,
    }),
    db.delete(writeGuards),
  ];
}
