// Activities of units (communication, training, prevention models, inspections) and their
// evidence files. Reads are scoped by the unit's path in the query; edits are version-guarded.
import { and, asc, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { activityInputSchema, subtreeRange, type ActivityInput, type ActivityRecord } from '@binh-dang/domain';
import { activities, activityEvidence, dutyTrackings, orgUnits, writeGuards } from './schema.ts';
import type { Db } from './types.ts';

export type ActivityRow = typeof activities.$inferSelect;

export type ActivityView = ActivityRecord & {
  orgUnitId: string;
  orgUnitName: string;
  orgUnitPath: string;
  dutyText: string | null;
  createdBy: string;
  version: number;
  updatedAt: string;
};

/** A stored row as the domain's record; the details are checked again on the way out. */
export function toActivityRecord(row: Pick<ActivityRow, 'id' | 'kind' | 'date' | 'title' | 'dutyTrackingId' | 'description' | 'actionMonth' | 'details'>): ActivityRecord {
  const parsed = activityInputSchema.parse({
    kind: row.kind,
    date: row.date,
    title: row.title,
    dutyTrackingId: row.dutyTrackingId,
    description: row.description,
    actionMonth: row.actionMonth,
    details: row.details,
  });
  return { ...parsed, id: row.id, actionMonth: row.actionMonth } as ActivityRecord;
}

const viewColumns = {
  id: activities.id,
  kind: activities.kind,
  date: activities.date,
  title: activities.title,
  dutyTrackingId: activities.dutyTrackingId,
  description: activities.description,
  actionMonth: activities.actionMonth,
  details: activities.details,
  orgUnitId: activities.orgUnitId,
  orgUnitName: orgUnits.name,
  orgUnitPath: activities.orgUnitPath,
  dutyText: dutyTrackings.text,
  createdBy: activities.createdBy,
  version: activities.version,
  updatedAt: activities.updatedAt,
};

type ViewRow = Pick<ActivityRow, 'id' | 'kind' | 'date' | 'title' | 'dutyTrackingId' | 'description' | 'actionMonth' | 'details' | 'orgUnitId' | 'orgUnitPath' | 'createdBy' | 'version' | 'updatedAt'> & {
  orgUnitName: string;
  dutyText: string | null;
};

function toView(row: ViewRow): ActivityView {
  const { orgUnitId, orgUnitName, orgUnitPath, dutyText, createdBy, version, updatedAt } = row;
  return { ...toActivityRecord(row), orgUnitId, orgUnitName, orgUnitPath, dutyText, createdBy, version, updatedAt };
}

export interface ActivityFilter {
  from?: string;
  to?: string;
  kind?: ActivityRow['kind'];
  dutyTrackingId?: string;
}

/** Activities of the units within `scopePath`, newest first. */
export async function listActivities(db: Db, scopePath: string, filter: ActivityFilter = {}, limit = 500): Promise<ActivityView[]> {
  const { lower, upper } = subtreeRange(scopePath);
  const rows = await db
    .select(viewColumns)
    .from(activities)
    .innerJoin(orgUnits, eq(orgUnits.id, activities.orgUnitId))
    .leftJoin(dutyTrackings, eq(dutyTrackings.id, activities.dutyTrackingId))
    .where(
      and(
        gte(activities.orgUnitPath, lower),
        lt(activities.orgUnitPath, upper),
        filter.from ? gte(activities.date, filter.from) : undefined,
        filter.to ? lte(activities.date, filter.to) : undefined,
        filter.kind ? eq(activities.kind, filter.kind) : undefined,
        filter.dutyTrackingId ? eq(activities.dutyTrackingId, filter.dutyTrackingId) : undefined,
      ),
    )
    .orderBy(desc(activities.date), desc(activities.id))
    .limit(limit);
  return rows.map(toView);
}

export async function getActivity(db: Db, id: string): Promise<ActivityView | null> {
  const [row] = await db
    .select(viewColumns)
    .from(activities)
    .innerJoin(orgUnits, eq(orgUnits.id, activities.orgUnitId))
    .leftJoin(dutyTrackings, eq(dutyTrackings.id, activities.dutyTrackingId))
    .where(eq(activities.id, id))
    .limit(1);
  return row ? toView(row) : null;
}

/**
 * What the computed values of a unit's report count: its own activities dated up to the window's
 * end (prevention models set up earlier still count while they work; the domain filters the rest).
 */
export async function activitiesForCount(db: Db, orgUnitId: string, to: string): Promise<ActivityRecord[]> {
  const rows = await db
    .select()
    .from(activities)
    .where(and(eq(activities.orgUnitId, orgUnitId), lte(activities.date, to)))
    .orderBy(asc(activities.date), asc(activities.id));
  return rows.map(toActivityRecord);
}

function rowOf(input: ActivityInput, actionMonth: boolean) {
  return {
    kind: input.kind,
    date: input.date,
    title: input.title,
    dutyTrackingId: input.dutyTrackingId,
    description: input.description,
    actionMonth,
    details: input.details,
  };
}

export function insertActivityStatement(
  db: Db,
  a: { id: string; orgUnitId: string; orgUnitPath: string; input: ActivityInput; actionMonth: boolean; createdBy: string; at: string },
) {
  return db
    .insert(activities)
    .values({ id: a.id, orgUnitId: a.orgUnitId, orgUnitPath: a.orgUnitPath, ...rowOf(a.input, a.actionMonth), createdBy: a.createdBy, createdAt: a.at, updatedAt: a.at });
}

/** Version-guarded replacement of an activity's fields, for one batch (see isStaleWrite). */
export function updateActivityStatements(db: Db, u: { id: string; expectedVersion: number; input: ActivityInput; actionMonth: boolean; at: string }): BatchItem<'sqlite'>[] {
  return [
    db
      .update(activities)
      .set({ ...rowOf(u.input, u.actionMonth), version: u.expectedVersion + 1, updatedAt: u.at })
      .where(and(eq(activities.id, u.id), eq(activities.version, u.expectedVersion))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    db.delete(writeGuards),
  ];
}

export type ActivityEvidenceRow = typeof activityEvidence.$inferSelect;

export function insertActivityEvidenceStatement(db: Db, row: ActivityEvidenceRow) {
  return db.insert(activityEvidence).values(row);
}

export async function listActivityEvidence(db: Db, activityId: string): Promise<ActivityEvidenceRow[]> {
  return db.select().from(activityEvidence).where(eq(activityEvidence.activityId, activityId)).orderBy(asc(activityEvidence.uploadedAt), asc(activityEvidence.id));
}

export async function getActivityEvidence(db: Db, activityId: string, evidenceId: string): Promise<ActivityEvidenceRow | null> {
  const [row] = await db
    .select()
    .from(activityEvidence)
    .where(and(eq(activityEvidence.id, evidenceId), eq(activityEvidence.activityId, activityId)))
    .limit(1);
  return row ?? null;
}
