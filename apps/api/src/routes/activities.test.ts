import { afterEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { schema } from '@binh-dang/db';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const SEED = lamThaoPlan2024.id;
const CAO_XA = 'xa-cao-xa-2024';
type Problem = { status: number; detail?: string; errors?: { path: string; message: string }[] };
type Activity = { id: string; version: number; actionMonth: boolean; dutyText: string | null };
type Report = {
  report: { id: string; version: number; status: string };
  values: { indicator: string; category: string; value: number | null }[];
  computed: { indicator: string; category: string; value: number; sources: { kind: string; id: string; title: string; date: string }[] }[];
  overrides: { indicator: string; category: string; computed: number; value: number | null; reason: string; setBy: string }[];
  validation: { errors: { path: string; message: string }[] };
  history: { action: string; overrides: { indicator: string; reason: string }[] }[];
};

async function setUp() {
  t = await createTestApp();
  const approver = await t.signIn('pheduyet@lamthao.demo');
  expect((await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
  return { approver, reporter: await t.signIn('baocao.caoxa@lamthao.demo'), coordinator: await t.signIn('dieuphoi@lamthao.demo') };
}

async function record(cookie: string, body: unknown, unitId = CAO_XA) {
  return t.send('POST', `/api/v1/org-units/${unitId}/activities`, body, cookie);
}

const article = (over: Record<string, unknown> = {}) => ({ kind: 'communication', date: '2024-03-01', title: 'Tin bài về bình đẳng giới', details: { form: 'article', items: 2 }, ...over });

async function openReport(cookie: string): Promise<Report> {
  const res = await t.send('POST', `/api/v1/org-units/${CAO_XA}/reports`, { planId: SEED, period: '2024' }, cookie);
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as Report;
}

describe('POST /api/v1/org-units/{unitId}/activities', () => {
  it('records an activity for a duty of the unit; the Action Month follows the date', async () => {
    const { reporter } = await setUp();
    const [duty] = await t.db.select().from(schema.dutyTrackings).where(eq(schema.dutyTrackings.orgUnitId, CAO_XA)).limit(1);
    const res = await record(reporter, { ...article({ date: '2024-11-20' }), dutyTrackingId: duty!.id });
    // FIXED_NOW is 2024-06-01: November is in the future.
    expect(res.status).toBe(400);
    const ok = await record(reporter, {
      kind: 'training',
      date: '2024-05-20',
      title: 'Tập huấn cho nữ cán bộ',
      dutyTrackingId: duty!.id,
      details: { classes: 1, participantsFemale: 25, participantsMale: 5, targetGroups: ['women_leaders', 'gender_officials'] },
    });
    expect(ok.status, await ok.clone().text()).toBe(201);
    const { activity } = (await ok.json()) as { activity: Activity };
    expect(activity).toMatchObject({ actionMonth: false, dutyText: duty!.text });
    const list = (await (await t.get(`/api/v1/org-units/huyen-lam-thao/activities?kind=training`, reporter)).json()) as unknown;
    expect(list).toBeDefined();
  });

  it('refuses a date in the future, a duty of another unit and a broadcast without airtime, and audits the refusal', async () => {
    const { reporter } = await setUp();
    const [other] = await t.db.select().from(schema.dutyTrackings).where(eq(schema.dutyTrackings.orgUnitId, 'xa-tien-kien-2024')).limit(1);
    const res = await record(reporter, { kind: 'communication', date: '2024-06-02', title: 'Phát thanh', dutyTrackingId: other!.id, details: { form: 'broadcast' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors!.map((e) => e.path)).toEqual(['body.date', 'body.details.airtimeMinutes', 'body.dutyTrackingId']);
    expect(await t.db.select({ n: count() }).from(schema.activities)).toEqual([{ n: 0 }]);
    const [refusal] = await t.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'activity.refused'));
    expect(JSON.parse(refusal!.after!)).toMatchObject({ operation: 'create', status: 400, paths: ['body.date', 'body.details.airtimeMinutes', 'body.dutyTrackingId'] });
  });

  it('takes evidence files as duties do, checked by content', async () => {
    const { reporter } = await setUp();
    const { activity } = (await (await record(reporter, article())).json()) as { activity: Activity };
    const up = await t.app.request(`/api/v1/activities/${activity.id}/evidence?name=anh.pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie: reporter },
      body: '%PDF-1.7 bằng chứng',
    });
    expect(up.status).toBe(201);
    const bad = await t.app.request(`/api/v1/activities/${activity.id}/evidence?name=x.exe`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie: reporter },
      body: 'MZ not a pdf',
    });
    expect(bad.status).toBe(415);
    const items = (await (await t.get(`/api/v1/activities/${activity.id}/evidence`, reporter)).json()) as { items: { id: string; fileName: string }[] };
    expect(items.items.map((i) => i.fileName)).toEqual(['anh.pdf']);
    expect((await t.get(`/api/v1/activities/${activity.id}/evidence/${items.items[0]!.id}`, reporter)).status).toBe(200);
  });
});

describe('computed values in the report', () => {
  it('shows the computed value with its sources, fills it on save, and needs a reason to differ', async () => {
    const { reporter } = await setUp();
    const a1 = (await (await record(reporter, article())).json()) as { activity: Activity };
    await record(reporter, article({ date: '2024-04-01', title: 'Bài thứ ba', details: { form: 'article' } }));
    let report = await openReport(reporter);
    const articles = report.computed.find((v) => v.indicator === 'OP-ARTICLES')!;
    expect(articles.value).toBe(3);
    expect(articles.sources.map((s) => s.title).sort()).toEqual(['Bài thứ ba', 'Tin bài về bình đẳng giới']);
    expect(articles.sources.find((s) => s.id === a1.activity.id)).toMatchObject({ kind: 'activity', date: '2024-03-01' });
    // Indicators without records keep working as before: no computed value, no reason needed.
    expect(report.computed.find((v) => v.indicator === 'OP-INSPECTIONS')).toBeUndefined();

    // Left out, the computed value is saved.
    let res = await t.send('PUT', `/api/v1/reports/${report.report.id}`, { version: 1, values: [{ indicator: 'OP-INSPECTIONS', category: 'total', value: 1 }] }, reporter);
    expect(res.status, await res.clone().text()).toBe(200);
    report = (await res.json()) as Report;
    expect(report.values).toContainEqual({ indicator: 'OP-ARTICLES', category: 'total', value: 3 });

    // A different value without a reason: 400 with the path and the computed value.
    res = await t.send('PUT', `/api/v1/reports/${report.report.id}`, { version: 2, values: [{ indicator: 'OP-ARTICLES', category: 'total', value: 5 }] }, reporter);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as Problem;
    expect(problem.errors).toEqual([{ path: 'body.values.0.value', message: expect.stringContaining('là 3') }]);
    expect((await (await t.get(`/api/v1/reports/${report.report.id}`, reporter)).json()) as Report).toMatchObject({ report: { version: 2 } });

    // With a reason it is kept, and the reason shows in the report and in its history.
    res = await t.send(
      'PUT',
      `/api/v1/reports/${report.report.id}`,
      { version: 2, values: [{ indicator: 'OP-ARTICLES', category: 'total', value: 5 }], overrides: [{ indicator: 'OP-ARTICLES', category: 'total', reason: 'Hai bài đăng trên báo tỉnh chưa nhập' }] },
      reporter,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    report = (await res.json()) as Report;
    expect(report.values).toContainEqual({ indicator: 'OP-ARTICLES', category: 'total', value: 5 });
    expect(report.overrides).toEqual([
      expect.objectContaining({ indicator: 'OP-ARTICLES', category: 'total', computed: 3, value: 5, reason: 'Hai bài đăng trên báo tỉnh chưa nhập', setBy: 'baocao.caoxa@lamthao.demo' }),
    ]);
    expect(report.history.at(-1)!.overrides).toEqual([expect.objectContaining({ indicator: 'OP-ARTICLES', reason: 'Hai bài đăng trên báo tỉnh chưa nhập' })]);

    // Saved again without `overrides` (autosave, Excel): the stored reason still covers the unchanged value.
    res = await t.send('PUT', `/api/v1/reports/${report.report.id}`, { version: 3, values: [{ indicator: 'OP-ARTICLES', category: 'total', value: 5 }] }, reporter);
    expect(res.status).toBe(200);
  });

  it('a record added after the save blocks submission until the report is saved again', async () => {
    const { reporter } = await setUp();
    await record(reporter, article());
    let report = await openReport(reporter);
    report = (await (await t.send('PUT', `/api/v1/reports/${report.report.id}`, { version: 1, values: [] }, reporter)).json()) as Report;
    expect(report.validation.errors).toEqual([]);
    await record(reporter, article({ title: 'Bài mới', date: '2024-05-05' }));
    report = (await (await t.get(`/api/v1/reports/${report.report.id}`, reporter)).json()) as Report;
    expect(report.validation.errors).toEqual([{ path: 'values.OP-ARTICLES.total', message: expect.stringContaining('hiện là 4') }]);
    expect((await t.send('POST', `/api/v1/reports/${report.report.id}/submit`, { version: 2 }, reporter)).status).toBe(400);
    report = (await (await t.send('PUT', `/api/v1/reports/${report.report.id}`, { version: 2, values: [] }, reporter)).json()) as Report;
    expect((await t.send('POST', `/api/v1/reports/${report.report.id}/submit`, { version: 3 }, reporter)).status).toBe(200);
  });

  it('counts only the unit’s own records in the period’s closing window', async () => {
    const { reporter, coordinator } = await setUp();
    await record(reporter, article({ date: '2023-12-14', title: 'Năm trước' }));
    await record(coordinator, article({ title: 'Bài của huyện' }), 'huyen-lam-thao');
    const report = await openReport(reporter);
    expect(report.computed.find((v) => v.indicator === 'OP-ARTICLES')).toBeUndefined();
    const audits = await t.db.select({ n: count() }).from(schema.auditEvents).where(and(eq(schema.auditEvents.action, 'activity.create')));
    expect(audits).toEqual([{ n: 2 }]);
  });
});
