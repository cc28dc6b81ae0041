// Reminders: what is due soon (report slots of issued plans not yet submitted, tracked duties not
// done), who answers for it, the in-portal notifications (one per user, subject and step: the
// unique index makes the job idempotent) and the e-mail outbox.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { subtreeRange, type LocalDate, type Role } from '@binh-dang/domain';
import { dutyTrackings, emailOutbox, memberships, notifications, orgUnits, planReportPeriods, plans, reports, users } from './schema.ts';
import type { Db } from './types.ts';

/** A unit owes a report for a period of an issued plan and has not submitted it yet. */
export interface OpenReportSlot {
  planId: string;
  planTitle: string;
  planNumber: string | null;
  period: string;
  deadline: LocalDate;
  unitId: string;
  unitName: string;
  unitPath: string;
  /** The report's status when one was opened (draft, returned), else null. */
  reportStatus: string | null;
}

export interface DueWindow {
  /** Only items due on or after this day (overdue ones older than it are left alone). */
  from: LocalDate;
  /** Only items due on or before this day. */
  to: LocalDate;
  /** Only units within this subtree (a path), e.g. for a coordinator's "send now". */
  scopePath?: string | null;
}

function scoped(column: typeof dutyTrackings.orgUnitPath, scopePath: string | null | undefined) {
  if (!scopePath) return undefined;
  const { lower, upper } = subtreeRange(scopePath);
  return and(gte(column, lower), lt(column, upper));
}

/**
 * Report slots due within the window and not submitted: the units the duties of an issued plan are
 * addressed to owe one report per reporting period of that plan (as `expectedInScope`); a report
 * of the unit for that period that is submitted, approved or locked settles it.
 */
export async function openReportSlots(db: Db, window: DueWindow): Promise<OpenReportSlot[]> {
  return db
    .selectDistinct({
      planId: plans.id,
      planTitle: plans.title,
      planNumber: plans.number,
      period: planReportPeriods.period,
      deadline: planReportPeriods.deadline,
      unitId: orgUnits.id,
      unitName: orgUnits.name,
      unitPath: orgUnits.path,
      reportStatus: reports.status,
    })
    .from(dutyTrackings)
    .innerJoin(plans, and(eq(plans.id, dutyTrackings.planId), eq(plans.status, 'issued')))
    .innerJoin(planReportPeriods, eq(planReportPeriods.planId, plans.id))
    .innerJoin(orgUnits, eq(orgUnits.id, dutyTrackings.orgUnitId))
    .leftJoin(reports, and(eq(reports.orgUnitId, dutyTrackings.orgUnitId), eq(reports.period, planReportPeriods.period)))
    .where(
      and(
        gte(planReportPeriods.deadline, window.from),
        lte(planReportPeriods.deadline, window.to),
        or(isNull(reports.id), inArray(reports.status, ['draft', 'returned'])),
        scoped(dutyTrackings.orgUnitPath, window.scopePath),
      ),
    )
    .orderBy(asc(planReportPeriods.deadline), asc(orgUnits.path), asc(plans.id));
}

export interface OpenDuty {
  id: string;
  planId: string;
  planTitle: string;
  planNumber: string | null;
  text: string;
  dueDate: LocalDate;
  status: string;
  unitId: string;
  unitName: string;
  unitPath: string;
}

/** Tracked duties of issued plans due within the window and not done. */
export async function openDuties(db: Db, window: DueWindow): Promise<OpenDuty[]> {
  const rows = await db
    .select({
      id: dutyTrackings.id,
      planId: plans.id,
      planTitle: plans.title,
      planNumber: plans.number,
      text: dutyTrackings.text,
      dueDate: dutyTrackings.dueDate,
      status: dutyTrackings.status,
      unitId: orgUnits.id,
      unitName: orgUnits.name,
      unitPath: orgUnits.path,
    })
    .from(dutyTrackings)
    .innerJoin(plans, and(eq(plans.id, dutyTrackings.planId), eq(plans.status, 'issued')))
    .innerJoin(orgUnits, eq(orgUnits.id, dutyTrackings.orgUnitId))
    .where(
      and(
        ne(dutyTrackings.status, 'done'),
        gte(dutyTrackings.dueDate, window.from),
        lte(dutyTrackings.dueDate, window.to),
        scoped(dutyTrackings.orgUnitPath, window.scopePath),
      ),
    )
    .orderBy(asc(dutyTrackings.dueDate), asc(orgUnits.path), asc(dutyTrackings.id));
  return rows.map((r) => ({ ...r, dueDate: r.dueDate! }));
}

export interface ResponsibleUser {
  userId: string;
  email: string;
  name: string;
  unitId: string;
  role: Role;
}

/** Users holding one of `roles` at exactly one of `unitIds` (one row per user, unit and role). */
export async function usersWithRoleAt(db: Db, unitIds: readonly string[], roles: readonly Role[]): Promise<ResponsibleUser[]> {
  if (unitIds.length === 0 || roles.length === 0) return [];
  return db
    .select({ userId: users.id, email: users.email, name: users.name, unitId: memberships.orgUnitId, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.orgUnitId, [...new Set(unitIds)]), inArray(memberships.role, [...roles])))
    .orderBy(asc(memberships.orgUnitId), asc(users.email));
}

export type NotificationInsert = typeof notifications.$inferInsert;

/**
 * Adds a notification unless the user already has one for this subject and step (the unique
 * index `notifications_once_uq`); true when it was added.
 */
export async function addNotificationOnce(db: Db, row: NotificationInsert): Promise<boolean> {
  const inserted = await db.insert(notifications).values(row).onConflictDoNothing().returning({ id: notifications.id });
  return inserted.length > 0;
}

export type NotificationRow = typeof notifications.$inferSelect;

/** A user's notifications, newest first. */
export async function listNotifications(db: Db, userId: string, options: { limit?: number; unreadOnly?: boolean } = {}): Promise<NotificationRow[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 500);
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), options.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnreadNotifications(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/**
 * Marks the user's notification read (once: an earlier reading time is kept). False when the
 * user has no notification of that id — someone else's is the same as none.
 */
export async function markNotificationRead(db: Db, userId: string, id: string, at: string): Promise<boolean> {
  const [row] = await db
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .limit(1);
  if (!row) return false;
  if (row.readAt === null)
    await db
      .update(notifications)
      .set({ readAt: at })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return true;
}

export type OutboxRow = typeof emailOutbox.$inferSelect;

export async function insertOutboxEmail(db: Db, row: typeof emailOutbox.$inferInsert): Promise<void> {
  await db.insert(emailOutbox).values(row);
}

/** Records the outcome of sending one queued e-mail. */
export async function markOutboxEmail(db: Db, id: string, outcome: { sentAt: string; providerId: string | null } | { error: string }): Promise<void> {
  await db
    .update(emailOutbox)
    .set('error' in outcome ? { error: outcome.error.slice(0, 500) } : { sentAt: outcome.sentAt, providerId: outcome.providerId, error: null })
    .where(eq(emailOutbox.id, id));
}

/** E-mails not sent yet, queued since `since` (UTC ISO), oldest first. */
export async function pendingOutboxEmails(db: Db, since: string, limit = 100): Promise<OutboxRow[]> {
  return db
    .select()
    .from(emailOutbox)
    .where(and(isNull(emailOutbox.sentAt), gte(emailOutbox.createdAt, since)))
    .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id))
    .limit(limit);
}

/** E-mails addressed to `email` (addresses are stored in lower case, as users' are), newest first. */
export async function listOutboxFor(db: Db, email: string, limit = 50): Promise<OutboxRow[]> {
  return db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.toEmail, email.toLowerCase()))
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(Math.min(Math.max(Math.trunc(limit), 1), 200));
}
