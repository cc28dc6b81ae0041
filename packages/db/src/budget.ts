// Budget allocations (per plan, duty and unit) and the expenses against them, in whole VND.
// Every expense bumps its allocation's version in the same batch, so the over-allocation check
// a route makes before writing cannot be raced by a second expense.
import { and, asc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { subtreeRange, type AllocationRecord, type ExpenseRecord } from '@binh-dang/domain';
import { budgetAllocations, budgetExpenses, dutyTrackings, orgUnits, plans, writeGuards } from './schema.ts';
import type { Db } from './types.ts';

export type AllocationRow = typeof budgetAllocations.$inferSelect;
export type ExpenseRow = typeof budgetExpenses.$inferSelect;

// Spelled out with table names: a correlated subquery must not depend on how drizzle qualifies columns.
const spentOf = sql<number>`coalesce((SELECT sum(be.amount) FROM budget_expenses be WHERE be.allocation_id = "budget_allocations"."id"), 0)`;

const allocationColumns = {
  id: budgetAllocations.id,
  planId: budgetAllocations.planId,
  planTitle: plans.title,
  dutyTrackingId: budgetAllocations.dutyTrackingId,
  dutyText: dutyTrackings.text,
  orgUnitId: budgetAllocations.orgUnitId,
  orgUnitName: orgUnits.name,
  orgUnitPath: budgetAllocations.orgUnitPath,
  amount: budgetAllocations.amount,
  allocatedOn: budgetAllocations.allocatedOn,
  note: budgetAllocations.note,
  createdBy: budgetAllocations.createdBy,
  version: budgetAllocations.version,
  spent: spentOf.mapWith(Number),
};

export interface AllocationView {
  id: string;
  planId: string;
  planTitle: string;
  dutyTrackingId: string | null;
  dutyText: string | null;
  orgUnitId: string;
  orgUnitName: string;
  orgUnitPath: string;
  amount: number;
  allocatedOn: string;
  note: string | null;
  createdBy: string;
  version: number;
  spent: number;
}

function allocationQuery(db: Db) {
  return db
    .select(allocationColumns)
    .from(budgetAllocations)
    .innerJoin(plans, eq(plans.id, budgetAllocations.planId))
    .innerJoin(orgUnits, eq(orgUnits.id, budgetAllocations.orgUnitId))
    .leftJoin(dutyTrackings, eq(dutyTrackings.id, budgetAllocations.dutyTrackingId));
}

/** Allocations to the units within `scopePath` (optionally of one plan), with what was spent of each. */
export async function listAllocations(db: Db, scopePath: string, filter: { planId?: string } = {}): Promise<AllocationView[]> {
  const { lower, upper } = subtreeRange(scopePath);
  return allocationQuery(db)
    .where(and(gte(budgetAllocations.orgUnitPath, lower), lt(budgetAllocations.orgUnitPath, upper), filter.planId ? eq(budgetAllocations.planId, filter.planId) : undefined))
    .orderBy(asc(orgUnits.path), asc(budgetAllocations.allocatedOn), asc(budgetAllocations.id));
}

export async function getAllocation(db: Db, id: string): Promise<AllocationView | null> {
  const [row] = await allocationQuery(db).where(eq(budgetAllocations.id, id)).limit(1);
  return row ?? null;
}

export async function listExpenses(db: Db, allocationId: string): Promise<ExpenseRow[]> {
  return db.select().from(budgetExpenses).where(eq(budgetExpenses.allocationId, allocationId)).orderBy(asc(budgetExpenses.date), asc(budgetExpenses.id));
}

export function insertAllocationStatement(db: Db, row: typeof budgetAllocations.$inferInsert) {
  return db.insert(budgetAllocations).values(row);
}

/** The expense and the allocation's version bump, guarded: a concurrent expense makes the batch fail. */
export function addExpenseStatements(db: Db, e: { allocationId: string; expectedVersion: number; row: ExpenseRow }): BatchItem<'sqlite'>[] {
  return [
    db
      .update(budgetAllocations)
      .set({ version: e.expectedVersion + 1, updatedAt: e.row.createdAt })
      .where(and(eq(budgetAllocations.id, e.allocationId), eq(budgetAllocations.version, e.expectedVersion))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    db.insert(budgetExpenses).values(e.row),
    db.delete(writeGuards),
  ];
}

export interface BudgetLine {
  orgUnitId: string;
  orgUnitName: string;
  dutyTrackingId: string | null;
  dutyText: string | null;
  allocated: number;
  spent: number;
}

/** Allocated against spent per unit and duty within `scopePath` (optionally one plan). */
export function summariseBudget(allocations: readonly AllocationView[]): BudgetLine[] {
  const lines = new Map<string, BudgetLine>();
  for (const a of allocations) {
    const key = `${a.orgUnitId}|${a.dutyTrackingId ?? ''}`;
    const line = lines.get(key) ?? { orgUnitId: a.orgUnitId, orgUnitName: a.orgUnitName, dutyTrackingId: a.dutyTrackingId, dutyText: a.dutyText, allocated: 0, spent: 0 };
    line.allocated += a.amount;
    line.spent += a.spent;
    lines.set(key, line);
  }
  return [...lines.values()];
}

/** The allocations to one unit and the expenses against them dated up to `to`, for its computed values. */
export async function budgetForCount(db: Db, orgUnitId: string, from: string, to: string): Promise<{ allocations: AllocationRecord[]; expenses: ExpenseRecord[] }> {
  const [allocations, expenses] = await Promise.all([
    db
      .select({ id: budgetAllocations.id, amount: budgetAllocations.amount, allocatedOn: budgetAllocations.allocatedOn, title: plans.title, dutyText: dutyTrackings.text })
      .from(budgetAllocations)
      .innerJoin(plans, eq(plans.id, budgetAllocations.planId))
      .leftJoin(dutyTrackings, eq(dutyTrackings.id, budgetAllocations.dutyTrackingId))
      .where(and(eq(budgetAllocations.orgUnitId, orgUnitId), gte(budgetAllocations.allocatedOn, from), lte(budgetAllocations.allocatedOn, to))),
    db
      .select({ id: budgetExpenses.id, amount: budgetExpenses.amount, date: budgetExpenses.date, description: budgetExpenses.description })
      .from(budgetExpenses)
      .innerJoin(budgetAllocations, eq(budgetAllocations.id, budgetExpenses.allocationId))
      .where(and(eq(budgetAllocations.orgUnitId, orgUnitId), gte(budgetExpenses.date, from), lte(budgetExpenses.date, to))),
  ]);
  return {
    allocations: allocations.map((a) => ({ id: a.id, amount: a.amount, allocatedOn: a.allocatedOn, title: `Kinh phí: ${a.dutyText ?? a.title}` })),
    expenses,
  };
}
