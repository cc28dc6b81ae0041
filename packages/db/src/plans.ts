// Reads and writes of plans. A plan is stored as a row plus child rows (legal bases,
// assignments, their units and duties, recipients) so that duties and assignments can be queried
// per unit; it is read back whole into the domain `Plan`.
import { and, asc, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { subtreeRange, type Plan, type PlanItem, type Signature } from '@binh-dang/domain';
import {
  orgUnits,
  planAssignmentUnits,
  planAssignments,
  planDuties,
  planLegalBases,
  planRecipients,
  plans,
  writeGuards,
} from './schema.ts';
import type { Db } from './types.ts';

export interface PlanSummary {
  id: string;
  issuingUnitId: string;
  issuingUnitName: string;
  year: number;
  status: Plan['status'];
  number: string | null;
  typeCode: string;
  issuerCode: string;
  documentType: string;
  title: string;
  reportDeadline: string | null;
  version: number;
  updatedAt: string;
}

export interface PlanFilter {
  /** Only plans issued by units within this subtree (a path). */
  scopePath?: string;
  year?: number;
  /**
   * Drafts are listed only when issued within one of these subtrees (the caller's memberships);
   * undefined lists every draft (internal use), [] none (the public).
   */
  draftScopes?: readonly string[];
}

export async function listPlans(db: Db, filter: PlanFilter = {}): Promise<PlanSummary[]> {
  const conditions: SQL[] = [];
  if (filter.scopePath) {
    const { lower, upper } = subtreeRange(filter.scopePath);
    conditions.push(gte(plans.issuingUnitPath, lower), lt(plans.issuingUnitPath, upper));
  }
  if (filter.year !== undefined) conditions.push(eq(plans.year, filter.year));
  if (filter.draftScopes !== undefined) {
    const visibleDrafts = filter.draftScopes.map((scope) => {
      const { lower, upper } = subtreeRange(scope);
      return and(gte(plans.issuingUnitPath, lower), lt(plans.issuingUnitPath, upper))!;
    });
    conditions.push(or(ne(plans.status, 'draft'), ...visibleDrafts)!);
  }
  return db
    .select({
      id: plans.id,
      issuingUnitId: plans.issuingUnitId,
      issuingUnitName: orgUnits.name,
      year: plans.year,
      status: plans.status,
      number: plans.number,
      typeCode: plans.typeCode,
      issuerCode: plans.issuerCode,
      documentType: plans.documentType,
      title: plans.title,
      reportDeadline: plans.reportDeadline,
      version: plans.version,
      updatedAt: plans.updatedAt,
    })
    .from(plans)
    .innerJoin(orgUnits, eq(orgUnits.id, plans.issuingUnitId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(sql`${plans.year} desc`, asc(plans.issuingUnitPath), asc(plans.id));
}

export async function getPlan(db: Db, id: string): Promise<Plan | null> {
  const [planRows, bases, assignments, units, duties, recipients] = await db.batch([
    db.select().from(plans).where(eq(plans.id, id)).limit(1),
    db.select().from(planLegalBases).where(eq(planLegalBases.planId, id)).orderBy(asc(planLegalBases.position)),
    db.select().from(planAssignments).where(eq(planAssignments.planId, id)).orderBy(asc(planAssignments.position)),
    db
      .select({
        assignmentId: planAssignmentUnits.assignmentId,
        orgUnitId: planAssignmentUnits.orgUnitId,
        role: planAssignmentUnits.role,
      })
      .from(planAssignmentUnits)
      .innerJoin(planAssignments, eq(planAssignments.id, planAssignmentUnits.assignmentId))
      .where(eq(planAssignments.planId, id))
      .orderBy(asc(planAssignmentUnits.position)),
    db
      .select({
        id: planDuties.id,
        assignmentId: planDuties.assignmentId,
        text: planDuties.text,
        role: planDuties.role,
        dueDate: planDuties.dueDate,
      })
      .from(planDuties)
      .innerJoin(planAssignments, eq(planAssignments.id, planDuties.assignmentId))
      .where(eq(planAssignments.planId, id))
      .orderBy(asc(planDuties.position)),
    db.select().from(planRecipients).where(eq(planRecipients.planId, id)).orderBy(asc(planRecipients.position)),
  ]);
  const row = planRows[0];
  if (!row) return null;
  return {
    id: row.id,
    issuingUnitId: row.issuingUnitId,
    year: row.year,
    status: row.status,
    version: row.version,
    header: {
      parentBody: row.parentBody,
      issuingBody: row.issuingBody,
      number: row.number,
      typeCode: row.typeCode,
      issuerCode: row.issuerCode,
      place: row.place,
      date: { year: row.docYear, month: row.docMonth, day: row.docDay },
    },
    documentType: row.documentType,
    title: row.title,
    legalBases: bases.map((b) => ({
      verb: b.verb,
      documentKind: b.documentKind,
      number: b.number,
      issuedOn: b.issuedOn,
      issuer: b.issuer,
      summary: b.summary,
      text: b.text,
      citedPlanId: b.citedPlanId,
    })),
    preambleClosing: row.preambleClosing,
    purposes: { heading: row.purposesHeading, items: row.purposes as PlanItem[] },
    tasks: { heading: row.tasksHeading, items: row.tasks as PlanItem[] },
    implementation: {
      heading: row.implementationHeading,
      assignments: assignments.map((a) => ({
        id: a.id,
        label: a.label,
        heading: a.heading,
        isRequest: a.isRequest,
        style: a.style,
        units: units.filter((u) => u.assignmentId === a.id).map((u) => ({ orgUnitId: u.orgUnitId, role: u.role })),
        duties: duties
          .filter((d) => d.assignmentId === a.id)
          .map((d) => ({ id: d.id, text: d.text, role: d.role, dueDate: d.dueDate })),
      })),
    },
    closing: row.closing,
    reportDeadline: row.reportDeadline,
    reportToUnitId: row.reportToUnitId,
    recipients: recipients.map((r) => ({ text: r.text, orgUnitId: r.orgUnitId })),
    signature: (row.signature as Signature | null) ?? null,
    provenance: row.provenance,
    parentPlanId: row.parentPlanId,
    amendsPlanId: row.amendsPlanId,
    issuedAt: row.issuedAt,
    updatedAt: row.updatedAt,
  };
}

type Executor = Pick<Db, 'insert' | 'select'>;

/** The plan row's columns (everything but the child rows). */
function planRow(plan: Plan, unitPath: string) {
  const h = plan.header;
  return {
    id: plan.id,
    issuingUnitId: plan.issuingUnitId,
    issuingUnitPath: unitPath,
    year: plan.year,
    status: plan.status,
    parentBody: h.parentBody,
    issuingBody: h.issuingBody,
    number: h.number,
    typeCode: h.typeCode,
    issuerCode: h.issuerCode,
    place: h.place,
    docYear: h.date.year,
    docMonth: h.date.month,
    docDay: h.date.day,
    documentType: plan.documentType,
    title: plan.title,
    preambleClosing: plan.preambleClosing,
    purposesHeading: plan.purposes.heading,
    purposes: plan.purposes.items,
    tasksHeading: plan.tasks.heading,
    tasks: plan.tasks.items,
    implementationHeading: plan.implementation.heading,
    closing: plan.closing,
    reportDeadline: plan.reportDeadline,
    reportToUnitId: plan.reportToUnitId,
    signature: plan.signature,
    provenance: plan.provenance,
    parentPlanId: plan.parentPlanId,
    amendsPlanId: plan.amendsPlanId,
    issuedAt: plan.issuedAt,
    version: plan.version,
    updatedAt: plan.updatedAt,
  };
}

/** Inserts of the child rows: legal bases, assignments with their units and duties, recipients. */
function childInserts(db: Executor, plan: Plan) {
  const assignments = plan.implementation.assignments;
  return [
    ...plan.legalBases.map((b, position) => db.insert(planLegalBases).values({ planId: plan.id, position, ...b })),
    ...assignments.map((a, position) =>
      db.insert(planAssignments).values({
        id: a.id,
        planId: plan.id,
        position,
        label: a.label,
        heading: a.heading,
        isRequest: a.isRequest,
        style: a.style,
      }),
    ),
    ...assignments.flatMap((a) =>
      a.units.map((u, position) => db.insert(planAssignmentUnits).values({ assignmentId: a.id, position, ...u })),
    ),
    ...assignments.flatMap((a) =>
      a.duties.map((d, position) => db.insert(planDuties).values({ assignmentId: a.id, position, ...d })),
    ),
    ...plan.recipients.map((r, position) => db.insert(planRecipients).values({ planId: plan.id, position, ...r })),
  ];
}

async function unitPathOf(db: Executor, unitId: string): Promise<string> {
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) throw new Error(`issuing unit ${unitId} does not exist`);
  return unit.path;
}

/** Inserts a whole plan in one atomic batch (with `alongside`, e.g. its audit event). */
export async function insertPlan(db: Db, plan: Plan, alongside: BatchItem<'sqlite'>[] = []): Promise<void> {
  const [first, ...rest] = [...(await insertPlanStatements(db, plan)), ...alongside];
  await db.batch([first!, ...rest]);
}

/** The statements that insert a whole plan, for the caller's batch. The issuing unit must exist. */
export async function insertPlanStatements(db: Db, plan: Plan): Promise<BatchItem<'sqlite'>[]> {
  const path = await unitPathOf(db, plan.issuingUnitId);
  return [db.insert(plans).values(planRow(plan, path)), ...childInserts(db, plan)];
}

/**
 * The statements that replace a plan's row and child rows, for one atomic batch, guarded by
 * the version: when the stored version is no longer `expectedVersion` the guard fails and the
 * whole batch rolls back (see `writeGuards`; `isStaleWrite` recognises the error).
 */
export async function replacePlanStatements(db: Db, plan: Plan, expectedVersion: number): Promise<BatchItem<'sqlite'>[]> {
  const path = await unitPathOf(db, plan.issuingUnitId);
  const assignmentIds = db.select({ id: planAssignments.id }).from(planAssignments).where(eq(planAssignments.planId, plan.id));
  return [
    db
      .update(plans)
      .set(planRow(plan, path))
      .where(and(eq(plans.id, plan.id), eq(plans.version, expectedVersion))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    db.delete(planDuties).where(inArray(planDuties.assignmentId, assignmentIds)),
    db.delete(planAssignmentUnits).where(inArray(planAssignmentUnits.assignmentId, assignmentIds)),
    db.delete(planAssignments).where(eq(planAssignments.planId, plan.id)),
    db.delete(planLegalBases).where(eq(planLegalBases.planId, plan.id)),
    db.delete(planRecipients).where(eq(planRecipients.planId, plan.id)),
    ...childInserts(db, plan),
    db.delete(writeGuards),
  ];
}

/** Whether a failed batch failed on its version guard (someone saved first). */
export function isStaleWrite(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (/write_guards/.test(e.message)) return true;
  return false;
}

/** Plans built from `parentPlanId` (cascade), with their issuing units. */
export async function childPlans(db: Db, parentPlanId: string) {
  return db
    .select({ id: plans.id, issuingUnitId: plans.issuingUnitId, status: plans.status, number: plans.number, issuedAt: plans.issuedAt })
    .from(plans)
    .where(eq(plans.parentPlanId, parentPlanId));
}
