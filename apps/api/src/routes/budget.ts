// Budget of a plan's work: allocations per plan, duty and unit (entered by the finance office),
// expenses against them, and allocated against spent per unit and duty, in whole VND. An expense
// over its allocation is refused (409, audited) unless confirmed; then who confirmed is recorded.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  addExpenseStatements,
  getAllocation,
  getPlan,
  insertAllocationStatement,
  isStaleWrite,
  listAllocations,
  listExpenses,
  schema,
  summariseBudget,
  type AllocationView,
  type ExpenseRow,
} from '@binh-dang/db';
import { allocationInputSchema, allocationIssues, expenseInputSchema, expenseIssues, newId, overAllocation, todayInVietnam } from '@binh-dang/domain';
import { and, eq } from 'drizzle-orm';
import type { AppEnv } from '../env.ts';
import { authorizeUnit } from '../lib/access.ts';
import { recordAudit } from '../lib/audit.ts';
import { auditRefusal, refuseInvalid } from '../lib/audit-refusal.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, notFoundError, problem, type FieldError } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, denied, idParam, notFound, problemContent } from './schemas.ts';

const allocationOut = z
  .object({
    id: z.string(),
    planId: z.string(),
    planTitle: z.string(),
    dutyTrackingId: z.string().nullable(),
    dutyText: z.string().nullable(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    amount: z.number().int(),
    allocatedOn: z.string(),
    note: z.string().nullable(),
    createdBy: z.string(),
    version: z.number().int(),
    spent: z.number().int(),
    remaining: z.number().int(),
  })
  .openapi('BudgetAllocation');

const expenseOut = z
  .object({
    id: z.string(),
    date: z.string(),
    amount: z.number().int(),
    description: z.string(),
    overAllocation: z.boolean(),
    confirmedBy: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('BudgetExpense');

const lineOut = z
  .object({ orgUnitId: z.string(), orgUnitName: z.string(), dutyTrackingId: z.string().nullable(), dutyText: z.string().nullable(), allocated: z.number().int(), spent: z.number().int() })
  .openapi('BudgetLine');

function toAllocationOut(a: AllocationView): z.infer<typeof allocationOut> {
  const { orgUnitPath: _path, ...rest } = a;
  return { ...rest, remaining: a.amount - a.spent };
}

function toExpenseOut(e: ExpenseRow): z.infer<typeof expenseOut> {
  const { allocationId: _a, ...rest } = e;
  return rest;
}

const allocationDetail = z.object({ allocation: allocationOut, expenses: z.array(expenseOut) });

async function allocationInReach(c: Context<AppEnv>, id: string) {
  const allocation = await getAllocation(c.var.deps.db, id);
  if (!allocation) throw notFoundError('Không tìm thấy khoản kinh phí (No such allocation)', [{ path: 'params.id', message: 'Không tìm thấy (Not found)' }]);
  const { viewer, unit } = await authorizeUnit(c, allocation.orgUnitId, 'params.id');
  return { allocation, viewer, unit };
}

export const budgetRoutes = createRouter()
  .openapi(
    defineRoute('budget.read', {
      method: 'get',
      path: '/api/v1/org-units/{unitId}/budget',
      tags: ['budget'],
      summary: 'Allocations to a unit and the units below it (optionally of one plan), what was spent of each, and allocated against spent per unit and duty',
      request: { params: z.object({ unitId: idParam }), query: z.object({ planId: idParam.optional() }) },
      responses: {
        200: {
          description: 'Budget',
          content: {
            'application/json': {
              schema: z.object({ allocations: z.array(allocationOut), lines: z.array(lineOut), totals: z.object({ allocated: z.number().int(), spent: z.number().int() }) }),
            },
          },
        },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
      const allocations = await listAllocations(c.var.deps.db, unit.path, c.req.valid('query'));
      const lines = summariseBudget(allocations);
      const totals = { allocated: lines.reduce((s, l) => s + l.allocated, 0), spent: lines.reduce((s, l) => s + l.spent, 0) };
      return c.json({ allocations: allocations.map(toAllocationOut), lines, totals }, 200);
    },
  )
  .openapi(
    defineRoute('budget.manage', {
      method: 'post',
      path: '/api/v1/org-units/{unitId}/budget/allocations',
      tags: ['budget'],
      summary: 'Allocate money (whole VND) to the unit for a plan, optionally for one of its duties (finance office)',
      request: { params: z.object({ unitId: idParam }), body: { required: true, content: { 'application/json': { schema: allocationInputSchema } } } },
      responses: {
        201: { description: 'The allocation', content: { 'application/json': { schema: allocationDetail } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { viewer, unit } = await authorizeUnit(c, c.req.valid('param').unitId);
      const { db, now } = c.var.deps;
      const input = c.req.valid('json');
      const errors: FieldError[] = allocationIssues(input, todayInVietnam(now())).map((i) => ({ path: `body.${i.path}`, message: i.message }));
      const plan = await getPlan(db, input.planId);
      const [issuer] = plan ? await db.select({ path: schema.orgUnits.path }).from(schema.orgUnits).where(eq(schema.orgUnits.id, plan.issuingUnitId)) : [];
      if (!plan || !issuer || !unit.path.startsWith(issuer.path))
        errors.push({ path: 'body.planId', message: 'Không có kế hoạch này, hoặc kế hoạch không áp dụng cho đơn vị (No such plan for this unit)' });
      if (input.dutyTrackingId !== null) {
        const t = schema.dutyTrackings;
        const [duty] = await db
          .select({ id: t.id })
          .from(t)
          .where(and(eq(t.id, input.dutyTrackingId), eq(t.orgUnitId, unit.id), eq(t.planId, input.planId)))
          .limit(1);
        if (!duty) errors.push({ path: 'body.dutyTrackingId', message: 'Nhiệm vụ không thuộc kế hoạch và đơn vị này (Not a duty of this plan and unit)' });
      }
      if (errors.length) await refuseInvalid(c, { action: 'budget.refused', entityType: 'budget_allocation', entityId: null, unit, viewer, operation: 'allocate', errors });
      const id = newId(now());
      const at = now().toISOString();
      await recordAudit(
        c,
        { action: 'budget.allocate', entityType: 'budget_allocation', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: input },
        [insertAllocationStatement(db, { id, ...input, orgUnitId: unit.id, orgUnitPath: unit.path, createdBy: viewer.email, createdAt: at, updatedAt: at })],
      );
      return c.json({ allocation: toAllocationOut((await getAllocation(db, id))!), expenses: [] }, 201);
    },
  )
  .openapi(
    defineRoute('budget.read', {
      method: 'get',
      path: '/api/v1/budget/allocations/{id}',
      tags: ['budget'],
      summary: 'One allocation with its expenses',
      request: { params: z.object({ id: idParam }) },
      responses: { 200: { description: 'The allocation', content: { 'application/json': { schema: allocationDetail } } }, 400: badRequest, 401: denied, 403: denied, 404: notFound },
    }),
    async (c) => {
      const { allocation } = await allocationInReach(c, c.req.valid('param').id);
      return c.json({ allocation: toAllocationOut(allocation), expenses: (await listExpenses(c.var.deps.db, allocation.id)).map(toExpenseOut) }, 200);
    },
  )
  .openapi(
    defineRoute('budget.manage', {
      method: 'post',
      path: '/api/v1/budget/allocations/{id}/expenses',
      tags: ['budget'],
      summary:
        'Record an expense against an allocation. One that takes the spent total over the allocation answers 409 with the warning unless `confirmOverAllocation` is true; then it is recorded with who confirmed it',
      request: { params: z.object({ id: idParam }), body: { required: true, content: { 'application/json': { schema: expenseInputSchema } } } },
      responses: {
        201: { description: 'The allocation with its expenses', content: { 'application/json': { schema: allocationDetail } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
        409: { description: 'Over the allocation and not confirmed (problem+json with `overAllocation`), or another expense was recorded meanwhile', content: problemContent },
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { db, now } = c.var.deps;
      const { allocation, viewer, unit } = await allocationInReach(c, id);
      const input = c.req.valid('json');
      const issues = expenseIssues(input, allocation, todayInVietnam(now()));
      if (issues.length)
        await refuseInvalid(c, { action: 'budget.refused', entityType: 'budget_allocation', entityId: id, unit, viewer, operation: 'expense', errors: issues.map((i) => ({ path: `body.${i.path}`, message: i.message })) });
      const over = overAllocation(allocation.amount, allocation.spent, input.amount);
      if (over && !input.confirmOverAllocation) {
        await auditRefusal(c, { action: 'budget.refused', entityType: 'budget_allocation', entityId: id, unit, viewer, operation: 'expense', status: 409, reason: 'over-allocation', errors: [{ path: 'body.confirmOverAllocation', message: over.message }] });
        throw new ProblemError({
          ...problem('conflict', { detail: over.message, errors: [{ path: 'body.confirmOverAllocation', message: over.message }] }),
          title: 'Khoản chi vượt kinh phí được giao',
          title_en: 'The expense goes over the allocation',
          overAllocation: { allocated: over.allocated, spentBefore: over.spentBefore, spentAfter: over.spentAfter, overBy: over.overBy },
        } as never);
      }
      const at = now().toISOString();
      const row: ExpenseRow = {
        id: newId(now()),
        allocationId: id,
        date: input.date,
        amount: input.amount,
        description: input.description,
        overAllocation: over !== null,
        confirmedBy: over ? viewer.email : null,
        createdBy: viewer.email,
        createdAt: at,
      };
      try {
        await recordAudit(
          c,
          {
            action: over ? 'budget.expense_over_confirmed' : 'budget.expense',
            entityType: 'budget_allocation',
            entityId: id,
            orgUnitId: unit.id,
            orgUnitPath: unit.path,
            actorUserId: viewer.userId,
            actorLabel: viewer.email,
            before: { spent: allocation.spent },
            after: { expenseId: row.id, date: row.date, amount: row.amount, spent: allocation.spent + row.amount, allocated: allocation.amount, confirmedBy: row.confirmedBy },
          },
          addExpenseStatements(db, { allocationId: id, expectedVersion: allocation.version, row }),
        );
      } catch (error) {
        if (!isStaleWrite(error)) throw error;
        throw new ProblemError(problem('conflict', { detail: 'Vừa có khoản chi khác được ghi cho khoản kinh phí này; hãy xem lại rồi ghi lại (Another expense was recorded meanwhile; check and retry)' }));
      }
      return c.json({ allocation: toAllocationOut((await getAllocation(db, id))!), expenses: (await listExpenses(db, id)).map(toExpenseOut) }, 201);
    },
  );
