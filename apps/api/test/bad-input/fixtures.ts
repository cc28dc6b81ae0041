// A valid call of every write operation, with who may make it (the right role) and a signed-in
// account that may not (the wrong role: outside the unit's subtree, or without the permission).
// `make` builds fresh targets (plans, reports, cases, …) straight into the database or through
// the API, so the call is valid at the moment it is made; the test calls it again after any
// generated input happens to succeed.
import { eq } from 'drizzle-orm';
import { insertPlan, schema } from '@binh-dang/db';
import { indicatorCatalogue, type Plan, type PlanContent } from '@binh-dang/domain';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { strToU8 } from 'fflate';
import { DEMO_PASSWORD } from '../../src/auth/demo-accounts.ts';
import type { createTestApp } from '../test-app.ts';
import { ACTIVITY, CASE_INTAKE, insertActivity, insertAllocation, insertSealedCase } from '../records.ts';
import type { Json, ValidCall } from './mutations.ts';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const ACCOUNTS = {
  admin: 'quantri@phutho.demo',
  coordinator: 'dieuphoi@lamthao.demo',
  approver: 'pheduyet@lamthao.demo',
  reporterCaoXa: 'baocao.caoxa@lamthao.demo',
  reporterTienKien: 'baocao.tienkien@lamthao.demo',
  caseWorker: 'vuviec.caoxa@lamthao.demo',
  viewer: 'xem@phutho.demo',
  finance: 'ketoan@lamthao.demo',
  /** Test-only accounts (created by the test) for the session and two-factor operations. */
  signIn: 'bad-input-signin@test.demo',
  twoFactor: 'bad-input-2fa@test.demo',
  signOut: 'bad-input-signout@test.demo',
} as const;
export type Account = keyof typeof ACCOUNTS;

export interface Fixture {
  /** Who may make the call ('anonymous' for public operations). */
  right: Account | 'anonymous';
  /** A caller that must be refused; null for public operations (anyone may call them). */
  wrong: Account | null;
  /** Operations open to anyone: a "wrong" caller does not exist, a signed-in one is allowed too. */
  public?: boolean;
  /** Share of the per-operation number of requests (sign-out needs a fresh sign-in after each success). */
  share?: number;
  make(ctx: FixtureContext): Promise<ValidCall>;
}

export interface FixtureContext {
  t: TestApp;
  cookie(account: Account): Promise<string>;
  /** Signs the account in again (a fresh session), for operations that end sessions. */
  freshCookie(account: Account): Promise<string>;
}

export const UNITS = { province: 'tinh-phu-tho-1997', district: 'huyen-lam-thao', commune: 'xa-cao-xa-2024' } as const;

let serial = 0;
const next = () => ++serial;

async function pathOf(t: TestApp, unitId: string): Promise<string> {
  const [row] = await t.db.select({ path: schema.orgUnits.path }).from(schema.orgUnits).where(eq(schema.orgUnits.id, unitId));
  if (!row) throw new Error(`no unit ${unitId}`);
  return row.path;
}

export function contentOf(plan: Plan): PlanContent {
  const { id: _id, issuingUnitId: _u, year: _y, status: _s, version: _v, provenance: _p, parentPlanId: _pp, amendsPlanId: _a, issuedAt: _i, updatedAt: _t, ...content } = plan;
  return content;
}

async function planAt(t: TestApp, unitId: string, status: 'draft' | 'issued'): Promise<string> {
  const id = `bad-input-plan-${next()}`;
  await insertPlan(t.db, {
    ...lamThaoPlan2024,
    id,
    issuingUnitId: unitId,
    status,
    header: { ...lamThaoPlan2024.header, number: status === 'issued' ? '3' : null, date: { year: 2024, month: 4, day: 5 } },
    issuedAt: status === 'issued' ? '2024-04-05T02:00:00.000Z' : null,
    implementation: {
      ...lamThaoPlan2024.implementation,
      assignments: lamThaoPlan2024.implementation.assignments.map((a, i) => ({ ...a, id: `${id}-a${i}`, duties: a.duties.map((d, j) => ({ ...d, id: `${id}-a${i}-d${j}` })) })),
    },
  });
  return id;
}

async function reportAt(t: TestApp, unitId: string, status: 'draft' | 'submitted' | 'approved'): Promise<string> {
  const planId = await planAt(t, UNITS.province, 'issued');
  const n = next();
  const id = `bad-input-report-${n}`;
  const period = `${2200 + Math.floor(n / 12)}${String((n % 12) + 1).padStart(2, '0')}`;
  await t.db.insert(schema.reports).values({ id, planId, orgUnitId: unitId, orgUnitPath: await pathOf(t, unitId), period, status });
  return id;
}

async function dutyAt(t: TestApp, unitId: string): Promise<string> {
  const planId = await planAt(t, UNITS.province, 'issued');
  const id = `bad-input-duty-${next()}`;
  await t.db.insert(schema.dutyTrackings).values({ id, planId, dutyId: id, orgUnitId: unitId, orgUnitPath: await pathOf(t, unitId), role: 'lead', text: 'Nhiệm vụ thử', dueDate: '2024-11-15' });
  return id;
}

const activityAt = async (t: TestApp, unitId: string) =>
  insertActivity(t.db, { id: `bad-input-activity-${next()}`, orgUnitId: unitId, orgUnitPath: await pathOf(t, unitId), createdBy: 'bad-input' });

const allocationAt = async (t: TestApp, unitId: string) =>
  insertAllocation(t.db, { id: `bad-input-allocation-${next()}`, planId: await planAt(t, UNITS.province, 'issued'), orgUnitId: unitId, orgUnitPath: await pathOf(t, unitId), createdBy: 'bad-input' });

const caseAt = async (t: TestApp, unitId: string) =>
  insertSealedCase(t.db, { id: `bad-input-case-${next()}`, orgUnitId: unitId, orgUnitPath: await pathOf(t, unitId), createdBy: 'bad-input' });

async function userIdOf(t: TestApp, email: string): Promise<string> {
  const [row] = await t.db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

async function api(ctx: FixtureContext, account: Account, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await ctx.t.send(method, path, body, await ctx.cookie(account));
  if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

const json = (v: unknown) => v as Json;
const call = (method: string, template: string, params: Record<string, string>, extra: Partial<ValidCall> = {}): ValidCall => ({ method, template, params, query: {}, ...extra });
const PDF = strToU8('%PDF-1.7 thử');

export const fixtures: Record<string, Fixture> = {
  'POST /api/v1/session': {
    right: 'anonymous',
    wrong: null,
    public: true,
    make: async () => call('POST', '/api/v1/session', {}, { body: { email: ACCOUNTS.signIn, password: DEMO_PASSWORD } }),
  },
  'DELETE /api/v1/session': { right: 'signOut', wrong: null, share: 0.5, make: async () => call('DELETE', '/api/v1/session', {}) },
  'POST /api/v1/me/two-factor': { right: 'twoFactor', wrong: null, make: async () => call('POST', '/api/v1/me/two-factor', {}, { body: { password: DEMO_PASSWORD } }) },
  'POST /api/v1/me/two-factor/verify': { right: 'twoFactor', wrong: null, make: async () => call('POST', '/api/v1/me/two-factor/verify', {}, { body: { code: '000000' } }) },
  'PUT /api/v1/plans/{id}': {
    right: 'coordinator',
    wrong: 'approver',
    make: async ({ t }) => call('PUT', '/api/v1/plans/{id}', { id: await planAt(t, UNITS.district, 'draft') }, { body: json({ version: 1, content: contentOf(lamThaoPlan2024) }) }),
  },
  'POST /api/v1/org-units/{unitId}/plans': {
    right: 'coordinator',
    wrong: 'reporterCaoXa',
    make: async () => call('POST', '/api/v1/org-units/{unitId}/plans', { unitId: UNITS.district }, { body: json({ year: 2025, content: contentOf(lamThaoPlan2024) }) }),
  },
  'POST /api/v1/plans/{id}/issue': {
    right: 'approver',
    wrong: 'coordinator',
    make: async ({ t }) => call('POST', '/api/v1/plans/{id}/issue', { id: await planAt(t, UNITS.district, 'draft') }, { body: { version: 1, number: '7', date: '2024-05-02' } }),
  },
  'POST /api/v1/plans/{id}/amendments': {
    right: 'coordinator',
    wrong: 'viewer',
    make: async ({ t }) => call('POST', '/api/v1/plans/{id}/amendments', { id: await planAt(t, UNITS.district, 'issued') }),
  },
  'POST /api/v1/plans/{id}/cascade': {
    right: 'coordinator',
    wrong: 'reporterTienKien',
    make: async ({ t }) => call('POST', '/api/v1/plans/{id}/cascade', { id: await planAt(t, UNITS.province, 'issued') }, { body: { unitId: UNITS.district } }),
  },
  'POST /api/v1/org-units/{unitId}/plan-imports': {
    right: 'coordinator',
    wrong: 'approver',
    make: async () =>
      call('POST', '/api/v1/org-units/{unitId}/plan-imports', { unitId: UNITS.district }, {
        raw: { type: 'text/plain', bytes: strToU8('KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2025') },
        rawTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      }),
  },
  'PATCH /api/v1/duties/{id}': {
    right: 'reporterCaoXa',
    wrong: 'reporterTienKien',
    make: async ({ t }) => call('PATCH', '/api/v1/duties/{id}', { id: await dutyAt(t, UNITS.commune) }, { body: { version: 1, status: 'in_progress', note: 'Đã triển khai' } }),
  },
  'POST /api/v1/duties/{id}/evidence': {
    right: 'reporterCaoXa',
    wrong: 'viewer',
    make: async ({ t }) => call('POST', '/api/v1/duties/{id}/evidence', { id: await dutyAt(t, UNITS.commune) }, { query: { name: 'a.pdf' }, raw: { type: 'application/octet-stream', bytes: PDF } }),
  },
  'POST /api/v1/org-units/{unitId}/indicators': {
    right: 'admin',
    wrong: 'coordinator',
    make: async () =>
      call('POST', '/api/v1/org-units/{unitId}/indicators', { unitId: UNITS.district }, { body: json({ indicator: { ...indicatorCatalogue.find((i) => i.code === 'OP-ARTICLES')!, code: `OP-BAD-${next()}` } }) }),
  },
  'PUT /api/v1/org-units/{unitId}/indicators/{code}': {
    right: 'admin',
    wrong: 'reporterCaoXa',
    make: async (ctx) => {
      const code = `OP-BAD-${next()}`;
      const indicator = { ...indicatorCatalogue.find((i) => i.code === 'OP-ARTICLES')!, code };
      await api(ctx, 'admin', 'POST', `/api/v1/org-units/${UNITS.district}/indicators`, { indicator });
      return call('PUT', '/api/v1/org-units/{unitId}/indicators/{code}', { unitId: UNITS.district, code }, { body: json({ version: 1, indicator: { ...indicator, name: { vi: 'Số bài viết (sửa)', en: 'Articles (edited)' } } }) });
    },
  },
  'PUT /api/v1/org-units/{unitId}/targets': {
    right: 'coordinator',
    wrong: 'approver',
    // The version read just now (each accepted save moves it on).
    make: async (ctx) => {
      const { version } = await api(ctx, 'coordinator', 'GET', `/api/v1/org-units/${UNITS.district}/targets?year=2024`);
      return call('PUT', '/api/v1/org-units/{unitId}/targets', { unitId: UNITS.district }, { body: json({ year: 2024, version, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 5 }] }) });
    },
  },
  'PUT /api/v1/plans/{id}/reporting': {
    right: 'coordinator',
    wrong: 'finance',
    make: async (ctx) => {
      const id = await planAt(ctx.t, UNITS.district, 'issued');
      const current = await (await ctx.t.get(`/api/v1/plans/${id}/reporting`, await ctx.cookie('coordinator'))).json();
      return call('PUT', '/api/v1/plans/{id}/reporting', { id }, { body: { revision: String((current as { revision: string }).revision), periods: [{ period: '2024', deadline: '2024-11-15' }], indicatorCodes: ['OP-ARTICLES'] } });
    },
  },
  'POST /api/v1/org-units/{unitId}/reports': {
    right: 'reporterCaoXa',
    wrong: 'reporterTienKien',
    make: async (ctx) => {
      // A plan of the province with a reporting period the commune reports on.
      const planId = await planAt(ctx.t, UNITS.province, 'issued');
      const current = (await (await ctx.t.get(`/api/v1/plans/${planId}/reporting`, await ctx.cookie('admin'))).json()) as { revision: string };
      await api(ctx, 'admin', 'PUT', `/api/v1/plans/${planId}/reporting`, { revision: current.revision, periods: [{ period: '2024', deadline: '2024-11-15' }], indicatorCodes: ['OP-ARTICLES'] });
      return call('POST', '/api/v1/org-units/{unitId}/reports', { unitId: UNITS.commune }, { body: { planId, period: '2024' } });
    },
  },
  'PUT /api/v1/reports/{id}': {
    right: 'reporterCaoXa',
    wrong: 'reporterTienKien',
    make: async ({ t }) => call('PUT', '/api/v1/reports/{id}', { id: await reportAt(t, UNITS.commune, 'draft') }, { body: { version: 1, values: [{ indicator: 'OP-ARTICLES', category: 'total', value: 2 }] } }),
  },
  'POST /api/v1/reports/{id}/submit': {
    right: 'reporterCaoXa',
    wrong: 'viewer',
    make: async ({ t }) => call('POST', '/api/v1/reports/{id}/submit', { id: await reportAt(t, UNITS.commune, 'draft') }, { body: { version: 1 } }),
  },
  'POST /api/v1/reports/{id}/return': {
    right: 'approver',
    wrong: 'reporterCaoXa',
    make: async ({ t }) => call('POST', '/api/v1/reports/{id}/return', { id: await reportAt(t, UNITS.commune, 'submitted') }, { body: { version: 1, comment: 'Chưa đủ số liệu' } }),
  },
  'POST /api/v1/reports/{id}/approve': {
    right: 'approver',
    wrong: 'reporterCaoXa',
    make: async ({ t }) => call('POST', '/api/v1/reports/{id}/approve', { id: await reportAt(t, UNITS.commune, 'submitted') }, { body: { version: 1 } }),
  },
  'POST /api/v1/reports/{id}/unapprove': {
    right: 'approver',
    wrong: 'finance',
    make: async ({ t }) => call('POST', '/api/v1/reports/{id}/unapprove', { id: await reportAt(t, UNITS.commune, 'approved') }, { body: { version: 1, comment: 'Nhập nhầm' } }),
  },
  'POST /api/v1/reports/{id}/lock': {
    right: 'approver',
    wrong: 'caseWorker',
    make: async ({ t }) => call('POST', '/api/v1/reports/{id}/lock', { id: await reportAt(t, UNITS.commune, 'approved') }, { body: { version: 1 } }),
  },
  'POST /api/v1/reports/{id}/xlsx': {
    right: 'reporterCaoXa',
    wrong: 'reporterTienKien',
    make: async ({ t }) =>
      call('POST', '/api/v1/reports/{id}/xlsx', { id: await reportAt(t, UNITS.commune, 'draft') }, { query: { version: '1' }, raw: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: strToU8('PK not really a workbook') } }),
  },
  'POST /api/v1/org-units/{unitId}/invitations': {
    right: 'coordinator',
    wrong: 'approver',
    make: async () => call('POST', '/api/v1/org-units/{unitId}/invitations', { unitId: UNITS.district }, { body: { email: `moi-${next()}@lamthao.demo`, role: 'viewer' } }),
  },
  'POST /api/v1/invitations/accept': {
    right: 'anonymous',
    wrong: null,
    public: true,
    make: async (ctx) => {
      const invitation = await api(ctx, 'coordinator', 'POST', `/api/v1/org-units/${UNITS.commune}/invitations`, { email: `nhan-${next()}@lamthao.demo`, role: 'viewer' });
      return call('POST', '/api/v1/invitations/accept', {}, { body: { token: String(invitation.token), name: 'Người được mời', password: 'mat-khau-rat-dai-2024' } });
    },
  },
  'DELETE /api/v1/memberships/{id}': {
    right: 'coordinator',
    wrong: 'approver',
    make: async ({ t }) => {
      const id = `bad-input-victim-${next()}`;
      const now = new Date();
      await t.db.insert(schema.users).values({ id, email: `${id}@test.demo`, name: id, createdAt: now, updatedAt: now });
      await t.db.insert(schema.memberships).values({ id, userId: id, orgUnitId: UNITS.commune, role: 'viewer' });
      return call('DELETE', '/api/v1/memberships/{id}', { id });
    },
  },
  'POST /api/v1/org-units/{unitId}/activities': {
    right: 'reporterCaoXa',
    wrong: 'reporterTienKien',
    make: async () => call('POST', '/api/v1/org-units/{unitId}/activities', { unitId: UNITS.commune }, { body: json(ACTIVITY) }),
  },
  'PUT /api/v1/activities/{id}': {
    right: 'reporterCaoXa',
    wrong: 'viewer',
    make: async ({ t }) => call('PUT', '/api/v1/activities/{id}', { id: await activityAt(t, UNITS.commune) }, { body: json({ version: 1, activity: ACTIVITY }) }),
  },
  'POST /api/v1/activities/{id}/evidence': {
    right: 'reporterCaoXa',
    wrong: 'reporterTienKien',
    make: async ({ t }) => call('POST', '/api/v1/activities/{id}/evidence', { id: await activityAt(t, UNITS.commune) }, { query: { name: 'a.pdf' }, raw: { type: 'application/octet-stream', bytes: PDF } }),
  },
  'POST /api/v1/org-units/{unitId}/budget/allocations': {
    right: 'finance',
    wrong: 'coordinator',
    make: async ({ t }) => call('POST', '/api/v1/org-units/{unitId}/budget/allocations', { unitId: UNITS.district }, { body: { planId: await planAt(t, UNITS.province, 'issued'), amount: 5_000_000, allocatedOn: '2024-03-01' } }),
  },
  'POST /api/v1/budget/allocations/{id}/expenses': {
    right: 'finance',
    wrong: 'reporterCaoXa',
    make: async ({ t }) => call('POST', '/api/v1/budget/allocations/{id}/expenses', { id: await allocationAt(t, UNITS.district) }, { body: { date: '2024-04-01', amount: 1_000_000, description: 'In tờ rơi' } }),
  },
  'POST /api/v1/org-units/{unitId}/cases': {
    right: 'caseWorker',
    wrong: 'coordinator',
    make: async () => call('POST', '/api/v1/org-units/{unitId}/cases', { unitId: UNITS.commune }, { body: json(CASE_INTAKE) }),
  },
  'PUT /api/v1/cases/{id}': {
    right: 'caseWorker',
    wrong: 'reporterTienKien',
    make: async ({ t }) => call('PUT', '/api/v1/cases/{id}', { id: await caseAt(t, UNITS.commune) }, { body: json({ ...CASE_INTAKE, version: 1 }) }),
  },
  'POST /api/v1/cases/{id}/events': {
    right: 'caseWorker',
    wrong: 'approver',
    make: async ({ t }) => call('POST', '/api/v1/cases/{id}/events', { id: await caseAt(t, UNITS.commune) }, { body: { version: 1, event: { kind: 'support', date: '2024-03-11', service: 'counselling' } } }),
  },
  'POST /api/v1/me/notifications/{id}/read': {
    right: 'reporterCaoXa',
    wrong: null,
    make: async ({ t }) => {
      const id = `bad-input-notification-${next()}`;
      await t.db.insert(schema.notifications).values({
        id,
        userId: await userIdOf(t, ACCOUNTS.reporterCaoXa),
        kind: 'report.due',
        subject: `bad-input:${id}`,
        step: 7,
        title: 'Sắp đến hạn báo cáo',
        body: 'Báo cáo năm 2024',
        createdAt: '2024-06-01T03:00:00.000Z',
      });
      return call('POST', '/api/v1/me/notifications/{id}/read', { id });
    },
  },
  'POST /api/v1/org-units/{unitId}/reminders': {
    right: 'coordinator',
    wrong: 'viewer',
    make: async () => call('POST', '/api/v1/org-units/{unitId}/reminders', { unitId: UNITS.district }),
  },
};
