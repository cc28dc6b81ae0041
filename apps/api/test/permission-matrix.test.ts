// The permission matrix: every operation of the OpenAPI document, for every role held at a
// district and for an anonymous caller, against targets that are the role's own unit, a child,
// a sibling, the parent and a unit of another province. The expected answer comes from the
// permission table (domain `decide`); the actual one from the app. An operation without a
// declared permission, or without a fixture here, fails the test.
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrgUnits, insertPlan, schema } from '@binh-dang/db';
import { decide, indicatorCatalogue, isPermission, roles, type Permission, type Plan, type PlanContent, type Role } from '@binh-dang/domain';
import { demoOrgUnits, lamThaoPlan2024 } from '@binh-dang/db/seed';
import { DEMO_PASSWORD } from '../src/auth/demo-accounts.ts';
import { createUserWithPassword } from '../src/auth/users.ts';
import { createAuth } from '../src/auth/auth.ts';
import { REFUSAL } from '../src/lib/access.ts';
import { TEST_AUTH, createTestApp } from './test-app.ts';
import { ACTIVITY, CASE_INTAKE, insertActivity, insertAllocation, insertSealedCase } from './records.ts';

const HOME = 'huyen-lam-thao';
const TARGETS = {
  own: HOME,
  child: 'xa-cao-xa-2024',
  sibling: 'huyen-thu-nghiem',
  parent: 'tinh-phu-tho-1997',
  otherProvince: 'xa-lam-thao-2025',
} as const;
type Relation = keyof typeof TARGETS;

let t: Awaited<ReturnType<typeof createTestApp>>;
const paths = new Map<string, string>();
const cookies = new Map<Role, string>();
let serial = 0;
let adminSecret: Uint8Array | undefined;

interface Call {
  method: string;
  path: string;
  body?: unknown;
  /** A non-JSON body (uploads). */
  raw?: { type: string; body: string };
  /** The unit the call acts on, when the permission is unit-scoped. */
  unitId: string | null;
}

const province = (unitId: string) => paths.get(unitId)!.split('/')[1]!;

/** How to call each operation against a target unit. Every operation must have one. */
const fixtures: Record<string, (target: string) => Promise<Call> | Call> = {
  'GET /api/health': () => ({ method: 'GET', path: '/api/health', unitId: null }),
  'POST /api/v1/session': () => ({
    method: 'POST',
    path: '/api/v1/session',
    body: { email: 'xem@phutho.demo', password: DEMO_PASSWORD },
    unitId: null,
  }),
  'DELETE /api/v1/session': () => ({ method: 'DELETE', path: '/api/v1/session', unitId: null }),
  'GET /api/v1/me': () => ({ method: 'GET', path: '/api/v1/me', unitId: null }),
  'POST /api/v1/me/two-factor': () => ({ method: 'POST', path: '/api/v1/me/two-factor', body: { password: DEMO_PASSWORD }, unitId: null }),
  'POST /api/v1/me/two-factor/verify': () => ({ method: 'POST', path: '/api/v1/me/two-factor/verify', body: { code: '000000' }, unitId: null }),
  'GET /api/v1/org-units': () => ({ method: 'GET', path: '/api/v1/org-units', unitId: null }),
  'GET /api/v1/plans': () => ({ method: 'GET', path: '/api/v1/plans', unitId: null }),
  'GET /api/v1/plans/{id}': () => ({ method: 'GET', path: '/api/v1/plans/ke-hoach-bdg-lam-thao-2024', unitId: null }),
  'GET /api/v1/org-units/{unitId}/memberships': (target) => ({
    method: 'GET',
    path: `/api/v1/org-units/${target}/memberships`,
    unitId: target,
  }),
  'POST /api/v1/org-units/{unitId}/invitations': (target) => ({
    method: 'POST',
    path: `/api/v1/org-units/${target}/invitations`,
    body: { email: `moi-${++serial}@lamthao.demo`, role: 'viewer' },
    unitId: target,
  }),
  'POST /api/v1/invitations/accept': () => ({
    method: 'POST',
    path: '/api/v1/invitations/accept',
    body: { token: 'x'.repeat(43), name: 'Người được mời', password: 'mat-khau-rat-dai-2024' },
    unitId: null,
  }),
  'DELETE /api/v1/memberships/{id}': async (target) => {
    const id = `victim-${++serial}`;
    const now = new Date();
    await t.db.insert(schema.users).values({ id, email: `${id}@test.demo`, name: id, createdAt: now, updatedAt: now });
    await t.db.insert(schema.memberships).values({ id, userId: id, orgUnitId: target, role: 'viewer' });
    return { method: 'DELETE', path: `/api/v1/memberships/${id}`, unitId: target };
  },
  'POST /api/v1/org-units/{unitId}/plans': (target) => ({
    method: 'POST',
    path: `/api/v1/org-units/${target}/plans`,
    body: { year: 2025, content: contentOf(lamThaoPlan2024) },
    unitId: target,
  }),
  'PUT /api/v1/plans/{id}': async (target) => {
    const id = await planAt(target, 'draft');
    return { method: 'PUT', path: `/api/v1/plans/${id}`, body: { version: 1, content: contentOf(lamThaoPlan2024) }, unitId: target };
  },
  'POST /api/v1/plans/{id}/issue': async (target) => {
    const id = await planAt(target, 'draft');
    return { method: 'POST', path: `/api/v1/plans/${id}/issue`, body: { version: 1, number: '7', date: '2024-05-02' }, unitId: target };
  },
  'POST /api/v1/plans/{id}/amendments': async (target) => {
    const id = await planAt(target, 'issued');
    return { method: 'POST', path: `/api/v1/plans/${id}/amendments`, unitId: target };
  },
  'POST /api/v1/plans/{id}/cascade': async (target) => {
    const id = await planAt(province(target), 'issued');
    return { method: 'POST', path: `/api/v1/plans/${id}/cascade`, body: { unitId: target }, unitId: target };
  },
  'POST /api/v1/org-units/{unitId}/plan-imports': (target) => ({
    method: 'POST',
    path: `/api/v1/org-units/${target}/plan-imports`,
    raw: { type: 'text/plain', body: 'KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2025' },
    unitId: target,
  }),
  'GET /api/v1/plans/{id}/docx': () => ({ method: 'GET', path: `/api/v1/plans/${lamThaoPlan2024.id}/docx`, unitId: null }),
  'GET /api/v1/plans/{id}/cascade': () => ({ method: 'GET', path: `/api/v1/plans/${lamThaoPlan2024.id}/cascade`, unitId: null }),
  'GET /api/v1/org-units/{unitId}/duties': (target) => ({ method: 'GET', path: `/api/v1/org-units/${target}/duties`, unitId: target }),
  'GET /api/v1/plans/{id}/duties': async (target) => {
    const id = await planAt(target, 'issued');
    return { method: 'GET', path: `/api/v1/plans/${id}/duties`, unitId: target };
  },
  'GET /api/v1/duties/{id}': async (target) => ({ method: 'GET', path: `/api/v1/duties/${await dutyAt(target)}`, unitId: target }),
  'PATCH /api/v1/duties/{id}': async (target) => ({
    method: 'PATCH',
    path: `/api/v1/duties/${await dutyAt(target)}`,
    body: { version: 1, status: 'in_progress' },
    unitId: target,
  }),
  'POST /api/v1/duties/{id}/evidence': async (target) => ({
    method: 'POST',
    path: `/api/v1/duties/${await dutyAt(target)}/evidence?name=a.pdf`,
    raw: { type: 'application/octet-stream', body: '%PDF-1.7 thử' },
    unitId: target,
  }),
  'GET /api/v1/duties/{id}/evidence': async (target) => ({ method: 'GET', path: `/api/v1/duties/${await dutyAt(target)}/evidence`, unitId: target }),
  'GET /api/v1/duties/{id}/evidence/{evidenceId}': async (target) => ({
    method: 'GET',
    path: `/api/v1/duties/${await dutyAt(target)}/evidence/khong-co`,
    unitId: target,
  }),
  'GET /api/v1/indicators': () => ({ method: 'GET', path: '/api/v1/indicators', unitId: null }),
  'POST /api/v1/org-units/{unitId}/indicators': (target) => ({
    method: 'POST',
    path: `/api/v1/org-units/${target}/indicators`,
    body: { indicator: { ...indicatorCatalogue.find((i) => i.code === 'OP-ARTICLES')!, code: `OP-MATRIX-${++serial}` } },
    unitId: target,
  }),
  'PUT /api/v1/org-units/{unitId}/indicators/{code}': (target) => ({
    method: 'PUT',
    path: `/api/v1/org-units/${target}/indicators/OP-KHONG-CO`,
    body: { version: 1, indicator: { ...indicatorCatalogue.find((i) => i.code === 'OP-ARTICLES')!, code: 'OP-KHONG-CO' } },
    unitId: target,
  }),
  'GET /api/v1/org-units/{unitId}/targets': (target) => ({ method: 'GET', path: `/api/v1/org-units/${target}/targets?year=2024`, unitId: target }),
  'PUT /api/v1/org-units/{unitId}/targets': (target) => ({
    method: 'PUT',
    path: `/api/v1/org-units/${target}/targets`,
    body: { year: 2024, version: 0, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 5 }] },
    unitId: target,
  }),
  'GET /api/v1/plans/{id}/reporting': () => ({ method: 'GET', path: `/api/v1/plans/${lamThaoPlan2024.id}/reporting`, unitId: null }),
  'PUT /api/v1/plans/{id}/reporting': async (target) => ({
    method: 'PUT',
    path: `/api/v1/plans/${await planAt(target, 'issued')}/reporting`,
    body: { revision: 'x', periods: [{ period: '2024', deadline: '2024-11-15' }], indicatorCodes: ['OP-ARTICLES'] },
    unitId: target,
  }),
  'GET /api/v1/org-units/{unitId}/reports': (target) => ({ method: 'GET', path: `/api/v1/org-units/${target}/reports`, unitId: target }),
  'POST /api/v1/org-units/{unitId}/reports': (target) => ({
    method: 'POST',
    path: `/api/v1/org-units/${target}/reports`,
    body: { planId: 'khong-co', period: '2024' },
    unitId: target,
  }),
  'GET /api/v1/reports/{id}': async (target) => ({ method: 'GET', path: `/api/v1/reports/${await reportAt(target, 'draft')}`, unitId: target }),
  'PUT /api/v1/reports/{id}': async (target) => ({
    method: 'PUT',
    path: `/api/v1/reports/${await reportAt(target, 'draft')}`,
    body: { version: 1, values: [{ indicator: 'OP-ARTICLES', category: 'total', value: 2 }] },
    unitId: target,
  }),
  'POST /api/v1/reports/{id}/submit': async (target) => ({
    method: 'POST',
    path: `/api/v1/reports/${await reportAt(target, 'draft')}/submit`,
    body: { version: 1 },
    unitId: target,
  }),
  'POST /api/v1/reports/{id}/return': async (target) => ({
    method: 'POST',
    path: `/api/v1/reports/${await reportAt(target, 'submitted')}/return`,
    body: { version: 1, comment: 'Chưa đủ số liệu' },
    unitId: reviewerOf(target),
  }),
  'POST /api/v1/reports/{id}/approve': async (target) => ({
    method: 'POST',
    path: `/api/v1/reports/${await reportAt(target, 'submitted')}/approve`,
    body: { version: 1 },
    unitId: reviewerOf(target),
  }),
  'POST /api/v1/reports/{id}/unapprove': async (target) => ({
    method: 'POST',
    path: `/api/v1/reports/${await reportAt(target, 'approved')}/unapprove`,
    body: { version: 1, comment: 'Nhập nhầm' },
    unitId: reviewerOf(target),
  }),
  'POST /api/v1/reports/{id}/lock': async (target) => ({
    method: 'POST',
    path: `/api/v1/reports/${await reportAt(target, 'approved')}/lock`,
    body: { version: 1 },
    unitId: reviewerOf(target),
  }),
  'GET /api/v1/org-units/{unitId}/rollup': (target) => ({ method: 'GET', path: `/api/v1/org-units/${target}/rollup?period=2024`, unitId: target }),
  'GET /api/v1/reports/{id}/xlsx': async (target) => ({ method: 'GET', path: `/api/v1/reports/${await reportAt(target, 'draft')}/xlsx`, unitId: target }),
  'POST /api/v1/reports/{id}/xlsx': async (target) => ({
    method: 'POST',
    path: `/api/v1/reports/${await reportAt(target, 'draft')}/xlsx?version=1`,
    raw: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: 'PK not really a workbook' },
    unitId: target,
  }),
  'GET /api/v1/org-units/{unitId}/compiled-report.docx': (target) => ({
    method: 'GET',
    path: `/api/v1/org-units/${target}/compiled-report.docx?period=2024`,
    unitId: target,
  }),
  'GET /api/v1/public/units': () => ({ method: 'GET', path: '/api/v1/public/units', unitId: null }),
  'GET /api/v1/public/units/{unitId}': (target) => ({ method: 'GET', path: `/api/v1/public/units/${target}`, unitId: null }),
  'GET /api/v1/public/units/{unitId}/results': (target) => ({ method: 'GET', path: `/api/v1/public/units/${target}/results?period=2024`, unitId: null }),
  'GET /api/v1/public/units/{unitId}/results.csv': (target) => ({ method: 'GET', path: `/api/v1/public/units/${target}/results.csv?period=2024`, unitId: null }),
  'GET /api/v1/public/units/{unitId}/results.json': (target) => ({ method: 'GET', path: `/api/v1/public/units/${target}/results.json?period=2024`, unitId: null }),
  'GET /api/v1/public/units/{unitId}/plans.csv': (target) => ({ method: 'GET', path: `/api/v1/public/units/${target}/plans.csv`, unitId: null }),
  'GET /api/v1/public/units/{unitId}/plans.json': (target) => ({ method: 'GET', path: `/api/v1/public/units/${target}/plans.json`, unitId: null }),
  'GET /api/v1/public/plans/{id}': async (target) => ({ method: 'GET', path: `/api/v1/public/plans/${await planAt(target, 'issued')}`, unitId: null }),
  'GET /api/v1/public/plans/{id}/docx': async (target) => ({ method: 'GET', path: `/api/v1/public/plans/${await planAt(target, 'issued')}/docx`, unitId: null }),
  'GET /api/v1/public/plans/{id}/progress': async (target) => ({ method: 'GET', path: `/api/v1/public/plans/${await planAt(target, 'issued')}/progress`, unitId: null }),
  'GET /api/v1/public/plans/{id}/progress.csv': async (target) => ({ method: 'GET', path: `/api/v1/public/plans/${await planAt(target, 'issued')}/progress.csv`, unitId: null }),
  'GET /api/v1/public/datapackage.json': () => ({ method: 'GET', path: '/api/v1/public/datapackage.json', unitId: null }),
  'GET /api/v1/me/notifications': () => ({ method: 'GET', path: '/api/v1/me/notifications', unitId: null }),
  'POST /api/v1/me/notifications/{id}/read': () => ({ method: 'POST', path: '/api/v1/me/notifications/khong-co/read', unitId: null }),
  'GET /api/v1/me/outbox': () => ({ method: 'GET', path: '/api/v1/me/outbox', unitId: null }),
  'POST /api/v1/org-units/{unitId}/reminders': (target) => ({ method: 'POST', path: `/api/v1/org-units/${target}/reminders`, unitId: target }),
  'GET /api/v1/org-units/{unitId}/activities': (target) => ({ method: 'GET', path: `/api/v1/org-units/${target}/activities`, unitId: target }),
  'POST /api/v1/org-units/{unitId}/activities': (target) => ({ method: 'POST', path: `/api/v1/org-units/${target}/activities`, body: ACTIVITY, unitId: target }),
  'GET /api/v1/activities/{id}': async (target) => ({ method: 'GET', path: `/api/v1/activities/${await activityAt(target)}`, unitId: target }),
  'PUT /api/v1/activities/{id}': async (target) => ({ method: 'PUT', path: `/api/v1/activities/${await activityAt(target)}`, body: { version: 1, activity: ACTIVITY }, unitId: target }),
  'POST /api/v1/activities/{id}/evidence': async (target) => ({
    method: 'POST',
    path: `/api/v1/activities/${await activityAt(target)}/evidence?name=a.pdf`,
    raw: { type: 'application/octet-stream', body: '%PDF-1.7 thử' },
    unitId: target,
  }),
  'GET /api/v1/activities/{id}/evidence': async (target) => ({ method: 'GET', path: `/api/v1/activities/${await activityAt(target)}/evidence`, unitId: target }),
  'GET /api/v1/activities/{id}/evidence/{evidenceId}': async (target) => ({ method: 'GET', path: `/api/v1/activities/${await activityAt(target)}/evidence/khong-co`, unitId: target }),
  'GET /api/v1/org-units/{unitId}/budget': (target) => ({ method: 'GET', path: `/api/v1/org-units/${target}/budget`, unitId: target }),
  'POST /api/v1/org-units/{unitId}/budget/allocations': async (target) => ({
    method: 'POST',
    path: `/api/v1/org-units/${target}/budget/allocations`,
    body: { planId: await planAt(province(target), 'issued'), amount: 5_000_000, allocatedOn: '2024-03-01' },
    unitId: target,
  }),
  'GET /api/v1/budget/allocations/{id}': async (target) => ({ method: 'GET', path: `/api/v1/budget/allocations/${await allocationAt(target)}`, unitId: target }),
  'POST /api/v1/budget/allocations/{id}/expenses': async (target) => ({
    method: 'POST',
    path: `/api/v1/budget/allocations/${await allocationAt(target)}/expenses`,
    body: { date: '2024-04-01', amount: 1_000_000, description: 'In tờ rơi' },
    unitId: target,
  }),
  'GET /api/v1/org-units/{unitId}/cases': (target) => ({ method: 'GET', path: `/api/v1/org-units/${target}/cases`, unitId: target }),
  'GET /api/v1/org-units/{unitId}/cases.csv': (target) => ({ method: 'GET', path: `/api/v1/org-units/${target}/cases.csv`, unitId: target }),
  'POST /api/v1/org-units/{unitId}/cases': (target) => ({ method: 'POST', path: `/api/v1/org-units/${target}/cases`, body: CASE_INTAKE, unitId: target }),
  'GET /api/v1/cases/{id}': async (target) => ({ method: 'GET', path: `/api/v1/cases/${await caseAt(target)}`, unitId: target }),
  'PUT /api/v1/cases/{id}': async (target) => ({ method: 'PUT', path: `/api/v1/cases/${await caseAt(target)}`, body: { ...CASE_INTAKE, version: 1 }, unitId: target }),
  'POST /api/v1/cases/{id}/events': async (target) => ({
    method: 'POST',
    path: `/api/v1/cases/${await caseAt(target)}/events`,
    body: { version: 1, event: { kind: 'support', date: '2024-03-11', service: 'counselling' } },
    unitId: target,
  }),
  'GET /api/v1/audit/{provinceId}/events': (target) => ({
    method: 'GET',
    path: `/api/v1/audit/${province(target)}/events`,
    unitId: province(target),
  }),
  'GET /api/v1/audit/{provinceId}/verify': (target) => ({
    method: 'GET',
    path: `/api/v1/audit/${province(target)}/verify`,
    unitId: province(target),
  }),
};

function contentOf(plan: Plan): PlanContent {
  const { id: _id, issuingUnitId: _u, year: _y, status: _s, version: _v, provenance: _p, parentPlanId: _pp, amendsPlanId: _a, issuedAt: _i, updatedAt: _t, ...content } = plan;
  return content;
}

/** A plan issued by `unitId` in the given state, straight into the database. */
async function planAt(unitId: string, status: 'draft' | 'issued'): Promise<string> {
  const id = `matrix-plan-${++serial}`;
  const plan: Plan = {
    ...lamThaoPlan2024,
    id,
    issuingUnitId: unitId,
    status,
    header: { ...lamThaoPlan2024.header, number: status === 'issued' ? '3' : null, date: { year: 2024, month: 4, day: 5 } },
    issuedAt: status === 'issued' ? '2024-04-05T02:00:00.000Z' : null,
    implementation: {
      ...lamThaoPlan2024.implementation,
      assignments: lamThaoPlan2024.implementation.assignments.map((a, i) => ({
        ...a,
        id: `${id}-a${i}`,
        duties: a.duties.map((d, j) => ({ ...d, id: `${id}-a${i}-d${j}` })),
      })),
    },
  };
  await insertPlan(t.db, plan);
  return id;
}

/** A report of `unitId` in the given state, straight into the database (a period of its own). */
async function reportAt(unitId: string, status: 'draft' | 'submitted' | 'approved'): Promise<string> {
  const planId = await planAt(province(unitId), 'issued');
  const id = `matrix-report-${++serial}`;
  const period = `${2100 + Math.floor(serial / 12)}${String((serial % 12) + 1).padStart(2, '0')}`;
  await t.db.insert(schema.reports).values({ id, planId, orgUnitId: unitId, orgUnitPath: paths.get(unitId)!, period, status });
  return id;
}

/** Reports are reviewed at the level above their unit (the unit itself when it is a root). */
function reviewerOf(unitId: string): string {
  const parts = paths.get(unitId)!.split('/').filter(Boolean);
  return parts.length > 1 ? parts[parts.length - 2]! : unitId;
}

/** A tracked duty of `unitId`, from an issued plan of its province. */
/** An activity of `unitId`, straight into the database. */
const activityAt = (unitId: string) => insertActivity(t.db, { id: `matrix-activity-${++serial}`, orgUnitId: unitId, orgUnitPath: paths.get(unitId)!, createdBy: 'matrix' });

/** A budget allocation to `unitId` for an issued plan of its province. */
const allocationAt = async (unitId: string) =>
  insertAllocation(t.db, { id: `matrix-allocation-${++serial}`, planId: await planAt(province(unitId), 'issued'), orgUnitId: unitId, orgUnitPath: paths.get(unitId)!, createdBy: 'matrix' });

/** A case in the register of `unitId`, its identifying fields sealed as the API seals them. */
const caseAt = (unitId: string) => insertSealedCase(t.db, { id: `matrix-case-${++serial}`, orgUnitId: unitId, orgUnitPath: paths.get(unitId)!, createdBy: 'matrix' });

async function dutyAt(unitId: string): Promise<string> {
  const planId = await planAt(province(unitId), 'issued');
  const id = `matrix-duty-${++serial}`;
  await t.db.insert(schema.dutyTrackings).values({
    id,
    planId,
    dutyId: id,
    orgUnitId: unitId,
    orgUnitPath: paths.get(unitId)!,
    role: 'lead',
    text: 'Nhiệm vụ thử',
    dueDate: '2024-11-15',
  });
  return id;
}

type Operation = { key: string; permission: Permission };
let operations: Operation[] = [];

async function signInAs(email: string, totpSecret?: Uint8Array): Promise<string> {
  const res = await t.send('POST', '/api/v1/session', {
    email,
    password: DEMO_PASSWORD,
    ...(totpSecret ? { totpCode: await createOTP(totpSecret).totp() } : {}),
  });
  expect(res.status, `sign-in ${email}`).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

beforeAll(async () => {
  t = await createTestApp();
  const province2024 = demoOrgUnits.find((u) => u.id === 'tinh-phu-tho-1997')!;
  await insertOrgUnits(t.db, [
    {
      ...demoOrgUnits.find((u) => u.id === HOME)!,
      id: TARGETS.sibling,
      code: null,
      name: 'Huyện thử nghiệm',
      shortName: 'Thử nghiệm',
      path: `${province2024.path}${TARGETS.sibling}/`,
      provenance: 'demo',
    },
  ]);
  for (const u of await t.db.select().from(schema.orgUnits)) paths.set(u.id, u.path);

  const auth = createAuth(t.db, TEST_AUTH);
  for (const role of roles) {
    const id = `matrix-${role}`;
    await createUserWithPassword(t.db, auth, { id, email: `${id}@test.demo`, name: role, password: DEMO_PASSWORD, now: new Date() });
    await t.db.insert(schema.memberships).values({ id: `${id}-m`, userId: id, orgUnitId: HOME, role });
    let cookie = await signInAs(`${id}@test.demo`);
    if (role === 'province_admin') {
      // Administrators act only with two-factor sign-in: set it up, then sign in with a code.
      const setup = (await (await t.send('POST', '/api/v1/me/two-factor', { password: DEMO_PASSWORD }, cookie)).json()) as { totpURI: string };
      const secret = base32.decode(new URL(setup.totpURI).searchParams.get('secret')!);
      expect((await t.send('POST', '/api/v1/me/two-factor/verify', { code: await createOTP(secret).totp() }, cookie)).status).toBe(204);
      adminSecret = secret;
      cookie = await signInAs(`${id}@test.demo`, secret);
    }
    cookies.set(role, cookie);
  }

  const doc = (await (await t.get('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, { 'x-permission'?: unknown }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const key = `${method.toUpperCase()} ${path}`;
      if (!isPermission(op['x-permission'])) throw new Error(`${key} declares no known x-permission`);
      return { key, permission: op['x-permission'] };
    }),
  );
}, 60_000);

afterAll(() => t.close());

type Outcome = 'allow' | 'unauthenticated' | 'hidden' | 'forbidden';

async function outcomeOf(res: Response): Promise<Outcome> {
  if (res.status >= 500) throw new Error(`server error ${res.status}: ${await res.text()}`);
  if (![401, 403, 404].includes(res.status)) return 'allow';
  const body = (await res.json().catch(() => ({}))) as { detail?: string };
  if (res.status === 401 && body.detail === REFUSAL.unauthenticated) return 'unauthenticated';
  if (res.status === 404 && body.detail === REFUSAL.hidden) return 'hidden';
  if (res.status === 403 && body.detail === REFUSAL.forbidden) return 'forbidden';
  return 'allow'; // the route's own answer (wrong code, unknown token, …), past the access check
}

async function run(call: Call, cookie: string | undefined) {
  const type = call.raw ? call.raw.type : call.body === undefined ? undefined : 'application/json';
  return t.app.request(call.path, {
    method: call.method,
    headers: { ...(type ? { 'content-type': type } : {}), ...(cookie ? { cookie } : {}) },
    body: call.raw ? call.raw.body : call.body === undefined ? undefined : JSON.stringify(call.body),
  });
}

describe('permission matrix', () => {
  it('has a fixture for every operation and a permission on each', () => {
    expect(operations.length).toBeGreaterThanOrEqual(Object.keys(fixtures).length);
    for (const op of operations) expect(fixtures[op.key], `fixture for ${op.key}`).toBeDefined();
  });

  it('refuses anonymous callers exactly where the table says', async () => {
    for (const op of operations) {
      const call = await fixtures[op.key]!(TARGETS.own);
      const expected = decide(op.permission, null, call.unitId === null ? null : paths.get(call.unitId)!);
      expect(await outcomeOf(await run(call, undefined)), `anonymous ${op.key}`).toBe(expected);
    }
  });

  for (const role of roles) {
    it(`gives ${role} exactly the access the table gives, on own unit, child, sibling, parent and another province`, async () => {
      const grants = [{ role, path: `/tinh-phu-tho-1997/${HOME}/` }];
      const results: string[] = [];
      for (const op of operations) {
        for (const [relation, target] of Object.entries(TARGETS) as [Relation, string][]) {
          // Sign-out ends the session: give it a session of its own.
          const cookie = op.key === 'DELETE /api/v1/session' ? await freshSession(role) : cookies.get(role)!;
          const call = await fixtures[op.key]!(target);
          const expected = decide(op.permission, grants, call.unitId === null ? null : paths.get(call.unitId)!);
          const actual = await outcomeOf(await run(call, cookie));
          if (actual !== expected) results.push(`${op.key} on ${relation}: expected ${expected}, got ${actual}`);
        }
      }
      expect(results).toEqual([]);
    }, 120_000);
  }
});

async function freshSession(role: Role): Promise<string> {
  return signInAs(`matrix-${role}@test.demo`, role === 'province_admin' ? adminSecret : undefined);
}
