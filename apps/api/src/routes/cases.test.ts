import { afterEach, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { schema } from '@binh-dang/db';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import type { Role } from '@binh-dang/domain';
import { DEMO_PASSWORD } from '../auth/demo-accounts.ts';
import { createAuth } from '../auth/auth.ts';
import { createUserWithPassword } from '../auth/users.ts';
import { FIXED_NOW, TEST_AUTH, createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const CAO_XA = 'xa-cao-xa-2024';
const CANARY = 'Nguyễn Thị Canary';
const PHONE = '0987 654 321';
const NARRATIVE = 'Bị chồng đánh nhiều lần tại nhà, hàng xóm báo tin';
const NOTE = 'Nạn nhân Canary được đưa tới trạm y tế';

type Detail = {
  access: string;
  case: { id: string; version: number; status: string; steps: string[]; supportCount: number };
  events: { id: string; kind: string; hasNote: boolean }[];
  identifying?: { victimName: string | null; contact: string | null; narrative: string | null; notes: { eventId: string; note: string }[] };
};
type Problem = { status: number; detail?: string; errors?: { path: string; message: string }[] };

const intake = (over: Record<string, unknown> = {}) => ({
  intakeDate: '2024-03-10',
  type: 'physical_assault',
  contexts: ['intimate_partner'],
  victimSex: 'female',
  victimAgeGroup: '26_40',
  relationship: 'spouse',
  identifying: { victimName: CANARY, contact: PHONE, address: 'Xóm Gò', perpetratorName: 'Trần Văn Chồng', narrative: NARRATIVE },
  ...over,
});

async function userAt(id: string, role: Role, orgUnitId: string): Promise<string> {
  await createUserWithPassword(t.db, createAuth(t.db, TEST_AUTH), { id, email: `${id}@test.demo`, name: id, password: DEMO_PASSWORD, now: FIXED_NOW });
  await t.db.insert(schema.memberships).values({ id: `${id}-m`, userId: id, orgUnitId, role });
  return t.signIn(`${id}@test.demo`);
}

async function setUp(options: { caseDataKeys?: string | null } = {}) {
  t = await createTestApp(options);
  return { worker: await t.signIn('vuviec.caoxa@lamthao.demo'), coordinator: await t.signIn('dieuphoi@lamthao.demo') };
}

async function recordCase(worker: string, body = intake()): Promise<Detail> {
  const res = await t.send('POST', `/api/v1/org-units/${CAO_XA}/cases`, body, worker);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Detail;
}

async function addEvent(worker: string, d: { case: { id: string; version: number } }, event: Record<string, unknown>) {
  return t.send('POST', `/api/v1/cases/${d.case.id}/events`, { version: d.case.version, event }, worker);
}

const auditCount = async (action: string, entityId?: string) =>
  (
    await t.db
      .select({ n: count() })
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, action), entityId ? eq(schema.auditEvents.entityId, entityId) : undefined))
  )[0]!.n;

describe('case register: who sees what', () => {
  it('the case worker of the commune records a case, its consent, referral and support, and reads the names back', async () => {
    const { worker } = await setUp();
    let d = await recordCase(worker);
    expect(d.access).toBe('identifying');
    expect(d.identifying).toMatchObject({ victimName: CANARY, contact: PHONE, narrative: NARRATIVE });
    let res = await addEvent(worker, d, { kind: 'consent', date: '2024-03-10', givenBy: 'victim', services: ['health', 'counselling'] });
    expect(res.status, await res.clone().text()).toBe(201);
    d = (await res.json()) as Detail;
    res = await addEvent(worker, d, { kind: 'step', step: 'referred', date: '2024-03-11', referredTo: 'health' });
    d = (await res.json()) as Detail;
    res = await addEvent(worker, d, { kind: 'support', service: 'health', date: '2024-03-11', note: NOTE });
    expect(res.status).toBe(201);
    d = (await res.json()) as Detail;
    expect(d.case).toMatchObject({ steps: ['referred'], supportCount: 1, version: 4 });
    const noted = d.events.find((e) => e.kind === 'support')!;
    expect(noted.hasNote).toBe(true);
    expect(d.identifying!.notes).toEqual([{ eventId: noted.id, note: NOTE }]);

    const read = (await (await t.get(`/api/v1/cases/${d.case.id}`, worker)).json()) as Detail;
    expect(read.identifying?.victimName).toBe(CANARY);
  });

  it('a coordinator sees the case without any identifying key, and every read is audited', async () => {
    const { worker, coordinator } = await setUp();
    const d = await recordCase(worker);
    await addEvent(worker, d, { kind: 'follow_up', date: '2024-04-01', nextOn: '2024-07-01', note: NOTE });
    const before = await auditCount('case.read', d.case.id);
    const res = await t.get(`/api/v1/cases/${d.case.id}`, coordinator);
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as Detail & Record<string, unknown>;
    expect(body.access).toBe('non-identifying');
    expect(Object.keys(body)).not.toContain('identifying');
    for (const key of ['victimName', 'contact', 'address', 'perpetratorName', 'narrative', 'note', 'notes']) expect(text).not.toContain(`"${key}"`);
    for (const secret of [CANARY, 'Canary', PHONE, NARRATIVE]) expect(text).not.toContain(secret);
    expect(body.case).toMatchObject({ victimSex: 'female', victimAgeGroup: '26_40', type: 'physical_assault', nextFollowUp: '2024-07-01' });

    await t.get(`/api/v1/cases/${d.case.id}`, worker);
    expect(await auditCount('case.read', d.case.id)).toBe(before + 2);
    const [event] = await t.db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, 'case.read'), eq(schema.auditEvents.actorLabel, 'dieuphoi@lamthao.demo')));
    expect(JSON.parse(event!.after!)).toEqual({ access: 'non-identifying' });

    // Lists and exports never carry identifying fields, and are audited too.
    const list = await (await t.get('/api/v1/org-units/huyen-lam-thao/cases', coordinator)).text();
    expect(list).toContain(d.case.id);
    for (const secret of [CANARY, PHONE, NARRATIVE, 'victimName']) expect(list).not.toContain(secret);
    const csv = await (await t.get('/api/v1/org-units/huyen-lam-thao/cases.csv', coordinator)).text();
    expect(csv).toContain(d.case.id);
    expect(csv).toContain('Bạo lực thể chất');
    for (const secret of [CANARY, PHONE, NARRATIVE]) expect(csv).not.toContain(secret);
    expect(await auditCount('case.list')).toBe(1);
    expect(await auditCount('case.export')).toBe(1);
    // No audit event holds an identifying value either.
    const trail = JSON.stringify(await t.db.select().from(schema.auditEvents));
    for (const secret of [CANARY, PHONE, NARRATIVE, NOTE]) expect(trail).not.toContain(secret);
  });

  it('the database holds no name, contact or narrative in clear text', async () => {
    const { worker } = await setUp();
    const d = await recordCase(worker);
    await addEvent(worker, d, { kind: 'follow_up', date: '2024-04-01', note: NOTE });
    const raw = JSON.stringify([...(await t.db.all(sql.raw('SELECT * FROM cases'))), ...(await t.db.all(sql.raw('SELECT * FROM case_events')))]);
    expect(raw).toContain(d.case.id);
    for (const secret of [CANARY, 'Canary', PHONE, NARRATIVE, 'Trần Văn Chồng', 'Xóm Gò']) expect(raw).not.toContain(secret);
  });

  it('a district case worker reads non-identifying fields only and may not write', async () => {
    const { worker } = await setUp();
    const d = await recordCase(worker);
    const district = await userAt('vuviec-huyen', 'case_worker', 'huyen-lam-thao');
    const read = (await (await t.get(`/api/v1/cases/${d.case.id}`, district)).json()) as Detail;
    expect(read.access).toBe('non-identifying');
    expect(read).not.toHaveProperty('identifying');
    const res = await addEvent(district, d, { kind: 'follow_up', date: '2024-04-01' });
    expect(res.status).toBe(403);
    expect(await auditCount('case.refused', d.case.id)).toBe(1);
  });

  it('a case worker of another commune is refused (404), nothing changes, and the refusals are audited', async () => {
    const { worker } = await setUp();
    const d = await recordCase(worker);
    const other = await userAt('vuviec-tienkien', 'case_worker', 'xa-tien-kien-2024');
    expect((await t.get(`/api/v1/cases/${d.case.id}`, other)).status).toBe(404);
    const write = await addEvent(other, d, { kind: 'follow_up', date: '2024-04-01' });
    expect(write.status).toBe(404);
    expect((await t.send('POST', `/api/v1/org-units/${CAO_XA}/cases`, intake(), other)).status).toBe(404);
    expect((await t.get(`/api/v1/org-units/${CAO_XA}/cases`, other)).status).toBe(404);
    const refusals = await t.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'case.refused'));
    expect(refusals.map((r) => [r.entityId, r.actorLabel, JSON.parse(r.after!).operation, JSON.parse(r.after!).status])).toEqual([
      [d.case.id, 'vuviec-tienkien@test.demo', 'read', 404],
      [d.case.id, 'vuviec-tienkien@test.demo', 'write', 404],
      [null, 'vuviec-tienkien@test.demo', 'create', 404],
      [null, 'vuviec-tienkien@test.demo', 'list', 404],
    ]);
    expect(await t.db.select({ n: count() }).from(schema.caseEvents)).toEqual([{ n: 0 }]);
    expect(await t.db.select({ n: count() }).from(schema.cases)).toEqual([{ n: 1 }]);
  });

  it('a reporter of the same commune may not read cases at all (403), audited', async () => {
    const { worker } = await setUp();
    const d = await recordCase(worker);
    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    expect((await t.get(`/api/v1/cases/${d.case.id}`, reporter)).status).toBe(403);
    expect(await auditCount('case.refused', d.case.id)).toBe(1);
  });

  it('without CASE_DATA_KEYS every case route answers 503 and nothing is stored', async () => {
    const { worker } = await setUp({ caseDataKeys: null });
    const res = await t.send('POST', `/api/v1/org-units/${CAO_XA}/cases`, intake(), worker);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as Problem).detail).toContain('CASE_DATA_KEYS');
    expect((await t.get(`/api/v1/org-units/${CAO_XA}/cases`, worker)).status).toBe(503);
    expect(await t.db.select({ n: count() }).from(schema.cases)).toEqual([{ n: 0 }]);
  });
});

describe('case register: bad input is refused, audited, and changes nothing', () => {
  it('an intake date in the future', async () => {
    const { worker } = await setUp();
    const res = await t.send('POST', `/api/v1/org-units/${CAO_XA}/cases`, intake({ intakeDate: '2024-06-02' }), worker);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Problem;
    expect(body.errors).toEqual([{ path: 'body.intakeDate', message: expect.stringContaining('tương lai') }]);
    expect(await t.db.select({ n: count() }).from(schema.cases)).toEqual([{ n: 0 }]);
    const [refusal] = await t.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'case.refused'));
    expect(JSON.parse(refusal!.after!)).toEqual({ operation: 'create', status: 400, reason: 'invalid', paths: ['body.intakeDate'] });
    expect(refusal!.after).not.toContain('Canary');
  });

  it('an age group that contradicts the type or context', async () => {
    const { worker } = await setUp();
    const res = await t.send(
      'POST',
      `/api/v1/org-units/${CAO_XA}/cases`,
      intake({ type: 'forced_marriage', contexts: ['early_marriage'], victimAgeGroup: '41_60', relationship: 'other_family' }),
      worker,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors!.map((e) => e.path)).toEqual(['body.victimAgeGroup']);
    expect(await t.db.select({ n: count() }).from(schema.cases)).toEqual([{ n: 0 }]);
    expect(await auditCount('case.refused')).toBe(1);
  });

  it('a referral without consent recorded before it', async () => {
    const { worker } = await setUp();
    const d = await recordCase(worker);
    const res = await addEvent(worker, d, { kind: 'step', step: 'referred', date: '2024-03-12', referredTo: 'shelter' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Problem;
    expect(body.detail).toContain('đồng ý');
    expect(body.errors!.map((e) => e.path)).toEqual(['body.event.referredTo']);
    expect(await t.db.select({ n: count() }).from(schema.caseEvents)).toEqual([{ n: 0 }]);
    const now = (await (await t.get(`/api/v1/cases/${d.case.id}`, worker)).json()) as Detail;
    expect(now.case.version).toBe(d.case.version);
    expect(await auditCount('case.refused', d.case.id)).toBe(1);
  });

  it('the case worker corrects the intake (version-guarded); the audit trail keeps the facts, not the names', async () => {
    const { worker } = await setUp();
    const d = await recordCase(worker);
    const res = await t.send('PUT', `/api/v1/cases/${d.case.id}`, { ...intake({ victimAgeGroup: '41_60' }), identifying: { victimName: 'Tên đã sửa Canary2' }, version: 1 }, worker);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as Detail & { case: { victimAgeGroup: string } };
    expect(body.case.victimAgeGroup).toBe('41_60');
    expect(body.identifying).toMatchObject({ victimName: 'Tên đã sửa Canary2', contact: null });
    expect((await t.send('PUT', `/api/v1/cases/${d.case.id}`, { ...intake(), version: 1 }, worker)).status).toBe(409);
    const [audit] = await t.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'case.update'));
    expect(JSON.parse(audit!.before!)).toMatchObject({ victimAgeGroup: '26_40' });
    expect(audit!.after).not.toContain('Canary');
  });

  it('a stale version answers 409 with the case as it is; a closed case takes nothing more', async () => {
    const { worker } = await setUp();
    const d = await recordCase(worker);
    expect((await addEvent(worker, d, { kind: 'closure', date: '2024-04-01', reason: 'resolved' })).status).toBe(201);
    const stale = await addEvent(worker, d, { kind: 'follow_up', date: '2024-04-02' });
    expect(stale.status).toBe(409);
    const again = await addEvent(worker, { case: { id: d.case.id, version: 2 } }, { kind: 'follow_up', date: '2024-04-02' });
    expect(again.status).toBe(400);
    expect(((await again.json()) as Problem).errors![0]!.message).toContain('đã đóng');
  });
});

describe('case register: the GBV indicators of the commune report', () => {
  it('counts victims detected and supported; the reporter sees the numbers and their sources, not the names', async () => {
    const { worker } = await setUp();
    const approver = await t.signIn('pheduyet@lamthao.demo');
    expect((await t.send('POST', `/api/v1/plans/${lamThaoPlan2024.id}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
    const a = await recordCase(worker);
    const consented = (await (await addEvent(worker, a, { kind: 'support', service: 'counselling', date: '2024-03-12' })).json()) as Detail;
    expect(consented.case.supportCount).toBe(1);
    await recordCase(worker, intake({ victimSex: 'male', contexts: ['other_family'], relationship: 'child', victimAgeGroup: '61_plus' }));

    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    const opened = await t.send('POST', `/api/v1/org-units/${CAO_XA}/reports`, { planId: lamThaoPlan2024.id, period: '2024' }, reporter);
    const text = await opened.text();
    for (const secret of [CANARY, PHONE, NARRATIVE]) expect(text).not.toContain(secret);
    const report = JSON.parse(text) as { report: { id: string }; computed: { indicator: string; category: string; value: number; sources: { kind: string; id: string }[] }[] };
    const value = (code: string, category = 'total') => report.computed.find((v) => v.indicator === code && v.category === category)?.value;
    expect([value('OP-GBV-VICTIMS-DETECTED'), value('OP-GBV-VICTIMS-DETECTED', 'female'), value('OP-GBV-VICTIMS-DETECTED', 'male')]).toEqual([2, 1, 1]);
    expect([value('OP-GBV-VICTIMS-SUPPORTED'), value('OP-GBV-VICTIMS-SUPPORTED', 'female'), value('OP-GBV-VICTIMS-SUPPORTED', 'male')]).toEqual([1, 1, 0]);
    expect(value('OP-GBV-CASES-DETECTED')).toBe(2);
    expect(report.computed.find((v) => v.indicator === 'OP-GBV-CASES-DETECTED')!.sources.map((s) => s.kind)).toEqual(['case', 'case']);
  });
});

describe('case register: the public sees suppressed aggregates only', () => {
  it('once the commune report with computed counts is approved, public results hide the small counts and know nothing of the case', async () => {
    const { worker } = await setUp();
    const approver = await t.signIn('pheduyet@lamthao.demo');
    expect((await t.send('POST', `/api/v1/plans/${lamThaoPlan2024.id}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
    const d = await recordCase(worker);
    await addEvent(worker, d, { kind: 'support', service: 'counselling', date: '2024-03-12', note: NOTE });

    // Before any approval the public has nothing from the register.
    const before = await (await t.get(`/api/v1/public/units/${CAO_XA}/results?period=2024`)).text();
    expect(before).not.toContain(d.case.id);

    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    const opened = (await (await t.send('POST', `/api/v1/org-units/${CAO_XA}/reports`, { planId: lamThaoPlan2024.id, period: '2024' }, reporter)).json()) as {
      report: { id: string };
    };
    const saved = await t.send('PUT', `/api/v1/reports/${opened.report.id}`, { version: 1, values: [] }, reporter);
    expect(saved.status).toBe(200);
    expect((await t.send('POST', `/api/v1/reports/${opened.report.id}/submit`, { version: 2 }, reporter)).status).toBe(200);
    expect((await t.send('POST', `/api/v1/reports/${opened.report.id}/approve`, { version: 3 }, approver)).status).toBe(200);

    const district = await t.get('/api/v1/public/units/huyen-lam-thao/results?period=2024');
    const text = await district.text();
    const body = JSON.parse(text) as {
      indicators: { code: string; cells: Record<string, { value: number | null; suppressed: boolean }> }[];
      children: { unit: { id: string }; cells: Record<string, { value: number | null; suppressed: boolean }> }[];
    };
    const caoXa = body.children.find((ch) => ch.unit.id === CAO_XA)!;
    expect(caoXa.cells['OP-GBV-VICTIMS-DETECTED']).toEqual({ value: null, suppressed: true });
    expect(caoXa.cells['OP-GBV-VICTIMS-SUPPORTED']).toEqual({ value: null, suppressed: true });
    expect(body.indicators.find((i) => i.code === 'OP-GBV-VICTIMS-DETECTED')!.cells.total!.suppressed).toBe(true);
    const csv = await (await t.get('/api/v1/public/units/huyen-lam-thao/results.csv?period=2024')).text();
    for (const out of [text, csv]) {
      expect(out).not.toContain(d.case.id);
      for (const secret of [CANARY, PHONE, NARRATIVE, NOTE, 'victimName']) expect(out).not.toContain(secret);
    }
  });
});
