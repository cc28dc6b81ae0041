import { afterEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { schema } from '@binh-dang/db';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { DEMO_PASSWORD } from '../auth/demo-accounts.ts';
import { createAuth } from '../auth/auth.ts';
import { createUserWithPassword } from '../auth/users.ts';
import { FIXED_NOW, TEST_AUTH, createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const SEED = lamThaoPlan2024.id;
const CAO_XA = 'xa-cao-xa-2024';
type Problem = { status: number; title: string; detail?: string; errors?: { path: string; message: string }[]; overAllocation?: { overBy: number } };
type Detail = {
  allocation: { id: string; amount: number; spent: number; remaining: number; version: number; dutyText: string | null };
  expenses: { amount: number; overAllocation: boolean; confirmedBy: string | null }[];
};

async function setUp() {
  t = await createTestApp();
  const approver = await t.signIn('pheduyet@lamthao.demo');
  expect((await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
  await createUserWithPassword(t.db, createAuth(t.db, TEST_AUTH), { id: 'ketoan', email: 'ketoan@test.demo', name: 'Kế toán', password: DEMO_PASSWORD, now: FIXED_NOW });
  await t.db.insert(schema.memberships).values({ id: 'ketoan-m', userId: 'ketoan', orgUnitId: 'huyen-lam-thao', role: 'finance' });
  return { finance: await t.signIn('ketoan@test.demo'), reporter: await t.signIn('baocao.caoxa@lamthao.demo'), coordinator: await t.signIn('dieuphoi@lamthao.demo') };
}

async function allocate(cookie: string, body: Record<string, unknown>) {
  return t.send('POST', `/api/v1/org-units/${CAO_XA}/budget/allocations`, { planId: SEED, allocatedOn: '2024-04-10', ...body }, cookie);
}

const expense = (cookie: string, id: string, body: Record<string, unknown>) => t.send('POST', `/api/v1/budget/allocations/${id}/expenses`, { date: '2024-05-01', description: 'In tờ rơi', ...body }, cookie);

describe('budget', () => {
  it('the finance office allocates per duty; expenses count against it; summary per unit and duty', async () => {
    const { finance, coordinator } = await setUp();
    const [duty] = await t.db.select().from(schema.dutyTrackings).where(eq(schema.dutyTrackings.orgUnitId, CAO_XA)).limit(1);
    const res = await allocate(finance, { amount: 10_000_000, dutyTrackingId: duty!.id });
    expect(res.status, await res.clone().text()).toBe(201);
    const { allocation } = (await res.json()) as Detail;
    expect(allocation).toMatchObject({ amount: 10_000_000, spent: 0, dutyText: duty!.text });
    const spent = (await (await expense(finance, allocation.id, { amount: 4_000_000 })).json()) as Detail;
    expect(spent.allocation).toMatchObject({ spent: 4_000_000, remaining: 6_000_000 });
    const budget = (await (await t.get('/api/v1/org-units/huyen-lam-thao/budget', coordinator)).json()) as { lines: unknown[]; totals: unknown };
    expect(budget.totals).toEqual({ allocated: 10_000_000, spent: 4_000_000 });
    expect(budget.lines).toEqual([{ orgUnitId: CAO_XA, orgUnitName: 'Xã Cao Xá', dutyTrackingId: duty!.id, dutyText: duty!.text, allocated: 10_000_000, spent: 4_000_000 }]);
    // A coordinator reads the budget but does not enter it.
    expect((await allocate(coordinator, { amount: 1 })).status).toBe(403);
  });

  it('an expense over the allocation is refused with a warning (audited), then recorded with who confirmed it', async () => {
    const { finance } = await setUp();
    const { allocation } = (await (await allocate(finance, { amount: 5_000_000 })).json()) as Detail;
    await expense(finance, allocation.id, { amount: 4_000_000 });
    const over = await expense(finance, allocation.id, { amount: 2_000_000 });
    expect(over.status).toBe(409);
    const problem = (await over.json()) as Problem;
    expect(problem.title).toBe('Khoản chi vượt kinh phí được giao');
    expect(problem.overAllocation).toMatchObject({ overBy: 1_000_000 });
    expect(problem.errors![0]!.path).toBe('body.confirmOverAllocation');
    expect(await t.db.select({ n: count() }).from(schema.budgetExpenses)).toEqual([{ n: 1 }]);
    const [refusal] = await t.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'budget.refused'));
    expect(JSON.parse(refusal!.after!)).toMatchObject({ operation: 'expense', status: 409, reason: 'over-allocation' });

    const confirmed = await expense(finance, allocation.id, { amount: 2_000_000, confirmOverAllocation: true });
    expect(confirmed.status).toBe(201);
    const detail = (await confirmed.json()) as Detail;
    expect(detail.expenses.at(-1)).toMatchObject({ overAllocation: true, confirmedBy: 'ketoan@test.demo' });
    expect(detail.allocation.remaining).toBe(-1_000_000);
    const [audit] = await t.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'budget.expense_over_confirmed'));
    expect(JSON.parse(audit!.after!)).toMatchObject({ confirmedBy: 'ketoan@test.demo', spent: 6_000_000, allocated: 5_000_000 });
  });

  it('refuses amounts that are not whole VND, dates in the future and a plan that does not cover the unit', async () => {
    const { finance } = await setUp();
    expect((await allocate(finance, { amount: 1.5 })).status).toBe(400);
    const future = await allocate(finance, { amount: 1_000, allocatedOn: '2024-06-02' });
    expect(((await future.json()) as Problem).errors!.map((e) => e.path)).toEqual(['body.allocatedOn']);
    const { allocation } = (await (await allocate(finance, { amount: 1_000 })).json()) as Detail;
    const late = await expense(finance, allocation.id, { amount: 1, date: '2024-06-02' });
    expect(((await late.json()) as Problem).errors!.map((e) => e.path)).toEqual(['body.date']);
    const noPlan = await allocate(finance, { amount: 1_000, planId: 'khong-co' });
    expect(((await noPlan.json()) as Problem).errors!.map((e) => e.path)).toEqual(['body.planId']);
    expect(await t.db.select({ n: count() }).from(schema.auditEvents).where(eq(schema.auditEvents.action, 'budget.refused'))).toEqual([{ n: 3 }]);
  });

  it('allocated and spent feed the commune report as computed values', async () => {
    const { finance, reporter } = await setUp();
    const { allocation } = (await (await allocate(finance, { amount: 8_000_000 })).json()) as Detail;
    await expense(finance, allocation.id, { amount: 3_500_000 });
    const report = (await (await t.send('POST', `/api/v1/org-units/${CAO_XA}/reports`, { planId: SEED, period: '2024' }, reporter)).json()) as {
      computed: { indicator: string; value: number; sources: { kind: string }[] }[];
    };
    expect(report.computed.filter((v) => v.indicator.startsWith('OP-BUDGET')).map((v) => [v.indicator, v.value, v.sources[0]!.kind])).toEqual([
      ['OP-BUDGET-ALLOCATED', 8_000_000, 'allocation'],
      ['OP-BUDGET-SPENT', 3_500_000, 'expense'],
    ]);
  });
});
