import { afterEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { schema } from '@binh-dang/db';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { FIXED_NOW, createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const SEED = lamThaoPlan2024.id;
type Problem = { status: number; errors?: { path: string; message: string }[]; detail?: string; current?: Report };
type Report = {
  report: { id: string; status: string; version: number; returnComment: string | null; period: string };
  indicators: { code: string; disaggregation: string }[];
  values: { indicator: string; category: string; value: number | null }[];
  narratives: { trackingId: string; duty: string; results: string | null }[];
  validation: { errors: { path: string }[]; warnings: unknown[] };
  history: { action: string; toStatus: string; comment: string | null }[];
  deadline: string | null;
};
type Rollup = {
  indicators: { code: string; total: number | null; female: number | null; male: number | null; units: number; target: unknown }[];
  children: { unit: { id: string }; values: Record<string, number | null>; report: { status: string; timeliness: string } | null }[];
  completeness: { expected: number; submitted: number; approved: number; onTime: number; late: number; overdue: number };
};

let now = FIXED_NOW;
async function issuedSeed() {
  now = FIXED_NOW;
  t = await createTestApp({ now: () => now });
  const approver = await t.signIn('pheduyet@lamthao.demo');
  const res = await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver);
  expect(res.status).toBe(200);
  return {
    approver,
    coordinator: await t.signIn('dieuphoi@lamthao.demo'),
    caoXa: await t.signIn('baocao.caoxa@lamthao.demo'),
    tienKien: await t.signIn('baocao.tienkien@lamthao.demo'),
  };
}

async function open(cookie: string, unitId: string, period = '2024'): Promise<Report> {
  const res = await t.send('POST', `/api/v1/org-units/${unitId}/reports`, { planId: SEED, period }, cookie);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as Report;
}

const participants = (total: number, female: number, male: number) => [
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: total },
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: female },
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: male },
];

async function save(cookie: string, r: Report, values: unknown[], narratives: unknown[] = []) {
  return t.send('PUT', `/api/v1/reports/${r.report.id}`, { version: r.report.version, values, narratives }, cookie);
}

async function act(cookie: string, id: string, action: string, version: number, comment?: string) {
  return t.send('POST', `/api/v1/reports/${id}/${action}`, { version, ...(comment === undefined ? {} : { comment }) }, cookie);
}

async function rollup(cookie: string, unitId = 'huyen-lam-thao', query = `period=2024&planId=${SEED}`): Promise<Rollup> {
  const res = await t.get(`/api/v1/org-units/${unitId}/rollup?${query}`, cookie);
  expect(res.status).toBe(200);
  return (await res.json()) as Rollup;
}

const figure = (r: Rollup, code: string) => r.indicators.find((i) => i.code === code)!;

describe('reports: from draft to the district total', () => {
  it('issuing opens yearly reporting with the default indicators and the plan deadline', async () => {
    await issuedSeed();
    const reporting = (await (await t.get(`/api/v1/plans/${SEED}/reporting`)).json()) as { periods: { period: string; deadline: string }[]; indicatorCodes: string[] };
    expect(reporting.periods).toEqual([{ period: '2024', deadline: '2024-11-15' }]);
    expect(reporting.indicatorCodes).toContain('OP-TRAINING-PARTICIPANTS');
  });

  it('two communes report, one is returned and fixed, both approved: the district totals change at once', async () => {
    const { approver, coordinator, caoXa, tienKien } = await issuedSeed();
    let a = await open(caoXa, 'xa-cao-xa-2024');
    expect(a.report.status).toBe('draft');
    expect(a.deadline).toBe('2024-11-15');
    expect(a.narratives.length).toBeGreaterThan(0);
    const saved = await save(caoXa, a, [...participants(120, 70, 50), { indicator: 'OP-ARTICLES', category: 'total', value: 4 }], [
      { trackingId: a.narratives[0]!.trackingId, results: 'Đã tổ chức 2 hội nghị tuyên truyền.', shortcomings: null, proposals: 'Bổ sung kinh phí.' },
    ]);
    expect(saved.status).toBe(200);
    a = (await saved.json()) as Report;
    expect(a.report.version).toBe(2);
    expect(a.narratives[0]!.results).toBe('Đã tổ chức 2 hội nghị tuyên truyền.');
    expect((await act(caoXa, a.report.id, 'submit', 2)).status).toBe(200);

    let b = await open(tienKien, 'xa-tien-kien-2024');
    b = (await (await save(tienKien, b, [...participants(80, 50, 30), { indicator: 'OP-ARTICLES', category: 'total', value: 1 }])).json()) as Report;
    expect((await act(tienKien, b.report.id, 'submit', b.report.version)).status).toBe(200);

    // Nothing counts before approval.
    expect(figure(await rollup(coordinator), 'OP-TRAINING-PARTICIPANTS').total).toBeNull();

    // The coordinator returns Tiên Kiên's with a comment; the commune fixes and resubmits.
    const returned = await act(coordinator, b.report.id, 'return', 3, 'Số bài viết chưa đúng, đề nghị kiểm tra.');
    expect(returned.status).toBe(200);
    b = (await returned.json()) as Report;
    expect(b.report).toMatchObject({ status: 'returned', returnComment: 'Số bài viết chưa đúng, đề nghị kiểm tra.' });
    b = (await (await save(tienKien, b, [...participants(80, 50, 30), { indicator: 'OP-ARTICLES', category: 'total', value: 2 }])).json()) as Report;
    expect((await act(tienKien, b.report.id, 'submit', b.report.version)).status).toBe(200);

    expect((await act(approver, a.report.id, 'approve', 3)).status).toBe(200);
    let r = await rollup(coordinator);
    expect(figure(r, 'OP-TRAINING-PARTICIPANTS')).toMatchObject({ total: 120, female: 70, male: 50, units: 1 });
    expect((await act(approver, b.report.id, 'approve', 6)).status).toBe(200);
    r = await rollup(coordinator);
    expect(figure(r, 'OP-TRAINING-PARTICIPANTS')).toMatchObject({ total: 200, female: 120, male: 80, units: 2 });
    expect(figure(r, 'OP-ARTICLES').total).toBe(6);
    expect(figure(r, 'OP-BUDGET-SPENT').total).toBeNull();
    expect(r.children.find((ch) => ch.unit.id === 'xa-cao-xa-2024')!.values['OP-ARTICLES']).toBe(4);
    expect(r.children.find((ch) => ch.unit.id === 'xa-tien-kien-2024')!.report).toMatchObject({ status: 'approved', timeliness: 'on_time' });
    expect(r.completeness).toMatchObject({ submitted: 2, approved: 2, onTime: 2, late: 0 });
    expect(r.completeness.expected).toBeGreaterThan(10);

    // The compiled report shows the same numbers, with the narratives of the approved reports.
    const docx = await t.get(`/api/v1/org-units/huyen-lam-thao/compiled-report.docx?period=2024&planId=${SEED}`, coordinator);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']!);
    const text = xml.replace(/<[^>]+>/g, ' ');
    expect(text).toContain('/BC-UBND');
    expect(text).toContain('Thực hiện Kế hoạch số 12/KH-UBND ngày 5/4/2024');
    expect(text).toMatch(/Số lượt người tham gia tập huấn, truyền thông[\s\S]*?\b200\b[\s\S]*?\b120\b[\s\S]*?\b80\b/);
    expect(text).toContain('Đã tổ chức 2 hội nghị tuyên truyền.');
    expect(text).toContain('Bổ sung kinh phí.');

    // The full history is kept.
    const history = ((await (await t.get(`/api/v1/reports/${b.report.id}`, coordinator)).json()) as Report).history.map((h) => h.action);
    expect(history).toEqual(['create', 'save', 'submit', 'return', 'save', 'submit', 'approve']);

    // Withdrawing an approval needs a reason and takes the values out of the total at once.
    expect((await act(approver, a.report.id, 'unapprove', 4)).status).toBe(400);
    expect((await act(approver, a.report.id, 'unapprove', 4, 'Phát hiện nhập nhầm số nam.')).status).toBe(200);
    expect(figure(await rollup(coordinator), 'OP-TRAINING-PARTICIPANTS')).toMatchObject({ total: 80, units: 1 });

    // Locked reports never change.
    expect((await act(approver, b.report.id, 'lock', 7)).status).toBe(200);
    const afterLock = await act(tienKien, b.report.id, 'submit', 8);
    expect(afterLock.status).toBe(409);
    expect((await save(tienKien, { ...b, report: { ...b.report, version: 8 } }, participants(1, 1, 0))).status).toBe(409);
    expect(figure(await rollup(coordinator), 'OP-TRAINING-PARTICIPANTS').total).toBe(80);
  });

  it('the merged commune and the merged province show 2024 values of the units they replaced', async () => {
    const { approver, caoXa } = await issuedSeed();
    let a = await open(caoXa, 'xa-cao-xa-2024');
    a = (await (await save(caoXa, a, participants(10, 6, 4))).json()) as Report;
    await act(caoXa, a.report.id, 'submit', a.report.version);
    expect((await act(approver, a.report.id, 'approve', a.report.version + 1)).status).toBe(200);
    const admin = await t.signIn('xem@phutho.demo');
    // A viewer of the merged province (2025) as well as of the old one.
    const [user] = await t.db.select().from(schema.users).where(eq(schema.users.email, 'xem@phutho.demo'));
    await t.db.insert(schema.memberships).values({ id: 'xem-2025', userId: user!.id, orgUnitId: 'tinh-phu-tho-2025', role: 'viewer' });
    const merged = await rollup(admin, 'xa-ban-nguyen-2025', 'period=2024');
    expect(figure(merged, 'OP-TRAINING-PARTICIPANTS').total).toBe(10);
    const newProvince = await rollup(admin, 'tinh-phu-tho-2025', 'period=2024');
    expect(figure(newProvince, 'OP-TRAINING-PARTICIPANTS')).toMatchObject({ total: 10, female: 6, male: 4 });
    expect(newProvince.children.find((ch) => ch.unit.id === 'xa-ban-nguyen-2025')!.values['OP-TRAINING-PARTICIPANTS']).toBe(10);
    const province = await rollup(admin, 'tinh-phu-tho-1997', 'period=2024');
    expect(figure(province, 'OP-TRAINING-PARTICIPANTS').total).toBe(10);
    expect(province.children.find((ch) => ch.unit.id === 'huyen-lam-thao')!.values['OP-TRAINING-PARTICIPANTS']).toBe(10);
  });
});

describe('reports: bad input changes nothing', () => {
  it('refuses non-numbers, negative counts and unknown indicators in a draft, with field paths', async () => {
    const { caoXa } = await issuedSeed();
    const a = await open(caoXa, 'xa-cao-xa-2024');
    const bad = [
      [{ indicator: 'OP-ARTICLES', category: 'total', value: 'ba' }],
      [{ indicator: 'OP-ARTICLES', category: 'total', value: -1 }],
      [{ indicator: 'OP-ARTICLES', category: 'total', value: 1.5 }],
      [{ indicator: 'OP-NOT-THERE', category: 'total', value: 1 }],
      [{ indicator: 'OP-ARTICLES', category: 'female', value: 1 }],
    ];
    for (const values of bad) {
      const res = await save(caoXa, a, values);
      expect(res.status, JSON.stringify(values)).toBe(400);
      const body = (await res.json()) as Problem;
      expect(body.errors?.[0]?.path).toMatch(/^body\.values\.0\./);
    }
    const after = (await (await t.get(`/api/v1/reports/${a.report.id}`, caoXa)).json()) as Report;
    expect(after.report.version).toBe(1);
    expect(after.values).toEqual([]);
  });

  it('blocks submission while female + male ≠ total, and says where', async () => {
    const { caoXa } = await issuedSeed();
    let a = await open(caoXa, 'xa-cao-xa-2024');
    const res = await save(caoXa, a, participants(10, 6, 5));
    expect(res.status).toBe(200); // drafts keep what is typed
    a = (await res.json()) as Report;
    expect(a.validation.errors.map((e) => e.path)).toEqual(['values.OP-TRAINING-PARTICIPANTS.total']);
    const submit = await act(caoXa, a.report.id, 'submit', a.report.version);
    expect(submit.status).toBe(400);
    expect(((await submit.json()) as Problem).errors?.[0]?.path).toBe('values.OP-TRAINING-PARTICIPANTS.total');
    expect(((await (await t.get(`/api/v1/reports/${a.report.id}`, caoXa)).json()) as Report).report.status).toBe('draft');
  });

  it('refuses a period outside the plan, another unit, a stale version and self-approval', async () => {
    const { caoXa, tienKien, coordinator } = await issuedSeed();
    const outside = await t.send('POST', '/api/v1/org-units/xa-cao-xa-2024/reports', { planId: SEED, period: '2023' }, caoXa);
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as Problem).errors?.[0]?.path).toBe('body.period');
    expect((await t.send('POST', '/api/v1/org-units/xa-cao-xa-2024/reports', { planId: SEED, period: '2024Q5' }, caoXa)).status).toBe(400);

    const a = await open(caoXa, 'xa-cao-xa-2024');
    // Another commune's reporter neither sees nor edits it.
    expect((await t.get(`/api/v1/reports/${a.report.id}`, tienKien)).status).toBe(404);
    expect((await save(tienKien, a, participants(1, 1, 0))).status).toBe(404);
    expect((await t.send('POST', '/api/v1/org-units/xa-cao-xa-2024/reports', { planId: SEED, period: '2024' }, tienKien)).status).toBe(404);

    const first = await save(caoXa, a, participants(3, 2, 1));
    expect(first.status).toBe(200);
    const stale = await save(caoXa, a, participants(9, 5, 4));
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Problem).current?.report.version).toBe(2);

    await act(caoXa, a.report.id, 'submit', 2);
    // The commune's own reporter cannot approve; the level above can.
    expect((await act(caoXa, a.report.id, 'approve', 3)).status).toBe(404);
    expect((await act(coordinator, a.report.id, 'approve', 2)).status).toBe(409);
    expect((await act(coordinator, a.report.id, 'approve', 3)).status).toBe(200);
    expect((await act(coordinator, a.report.id, 'approve', 4)).status).toBe(409);
  });

  it('twenty concurrent saves of one version: exactly one wins', async () => {
    const { caoXa } = await issuedSeed();
    const a = await open(caoXa, 'xa-cao-xa-2024');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => save(caoXa, a, participants(i, i, 0))));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const events = await t.db.select({ n: count() }).from(schema.reportEvents).where(eq(schema.reportEvents.reportId, a.report.id));
    expect(events[0]!.n).toBe(2); // create + one save
  });
});

describe('reporting settings, targets and indicators', () => {
  it('a plan cannot ask for a period outside its year; a stale revision gets 409', async () => {
    const { coordinator } = await issuedSeed();
    const current = (await (await t.get(`/api/v1/plans/${SEED}/reporting`)).json()) as { revision: string };
    const outside = await t.send('PUT', `/api/v1/plans/${SEED}/reporting`, { revision: current.revision, periods: [{ period: '2025', deadline: '2025-11-15' }], indicatorCodes: ['OP-ARTICLES'] }, coordinator);
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as Problem).errors?.[0]?.path).toBe('body.periods.0.period');
    const ok = await t.send('PUT', `/api/v1/plans/${SEED}/reporting`, { revision: current.revision, periods: [{ period: '2024', deadline: '2024-11-15' }, { period: '2024S1', deadline: '2024-06-20' }], indicatorCodes: ['OP-ARTICLES', 'NQ28-1.1'] }, coordinator);
    expect(ok.status).toBe(200);
    expect((await t.send('PUT', `/api/v1/plans/${SEED}/reporting`, { revision: current.revision, periods: [{ period: '2024', deadline: '2024-11-15' }], indicatorCodes: ['OP-ARTICLES'] }, coordinator)).status).toBe(409);
    // Ratio indicators are entered as their parts.
    const caoXa = await t.signIn('baocao.caoxa@lamthao.demo');
    const r = await open(caoXa, 'xa-cao-xa-2024', '2024S1');
    expect(r.indicators.map((i) => i.code)).not.toContain('NQ28-1.1');
    expect(r.indicators.length).toBeGreaterThanOrEqual(2);
  });

  it('sets unit targets and shows them in the roll-up; a percentage over 100 is refused', async () => {
    const { coordinator } = await issuedSeed();
    const bad = await t.send('PUT', '/api/v1/org-units/huyen-lam-thao/targets', { year: 2024, version: 0, targets: [{ indicatorCode: 'NQ28-1.1', comparator: '>=', value: 130 }] }, coordinator);
    expect(bad.status).toBe(400);
    const ok = await t.send('PUT', '/api/v1/org-units/huyen-lam-thao/targets', { year: 2024, version: 0, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 40 }] }, coordinator);
    expect(ok.status).toBe(200);
    expect(figure(await rollup(coordinator), 'OP-ARTICLES').target).toEqual({ year: 2024, comparator: '>=', value: 40, source: 'unit' });
    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    expect((await t.send('PUT', '/api/v1/org-units/xa-cao-xa-2024/targets', { year: 2024, version: 0, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 4 }] }, reporter)).status).toBe(403);
  });

  it('lists the catalogue publicly', async () => {
    t = await createTestApp();
    const res = await t.get('/api/v1/indicators');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { indicator: { code: string; verification: string } }[] };
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.some((i) => i.indicator.verification === 'to-confirm')).toBe(true);
  });
});
