import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@binh-dang/db';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { derivableCells, type SuppressionTable } from '@binh-dang/domain';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const SEED = lamThaoPlan2024.id;
type Cell = { value: number | null; suppressed: boolean };
type Results = {
  indicators: { code: string; cells: { total: Cell; female: Cell; male: Cell }; target: unknown }[];
  children: { unit: { id: string }; cells: Record<string, Cell> }[];
  completeness: { expected: number; approved: number; notReported: string[] };
  licence: { name: string };
};

async function setUp() {
  t = await createTestApp();
  const approver = await t.signIn('pheduyet@lamthao.demo');
  return { approver };
}

async function issue(approver: string) {
  expect((await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
}

/** A commune's 2024 report with these values, submitted, and approved unless told otherwise. */
async function report(email: string, unitId: string, values: { indicator: string; category: string; value: number }[], approver: string | null, narrative?: string) {
  const cookie = await t.signIn(email);
  const opened = (await (await t.send('POST', `/api/v1/org-units/${unitId}/reports`, { planId: SEED, period: '2024' }, cookie)).json()) as {
    report: { id: string };
    narratives: { trackingId: string }[];
  };
  const narratives = narrative ? [{ trackingId: opened.narratives[0]!.trackingId, results: narrative, shortcomings: narrative, proposals: null }] : [];
  const saved = await t.send('PUT', `/api/v1/reports/${opened.report.id}`, { version: 1, values, narratives }, cookie);
  expect(saved.status, await saved.clone().text()).toBe(200);
  expect((await t.send('POST', `/api/v1/reports/${opened.report.id}/submit`, { version: 2 }, cookie)).status).toBe(200);
  if (approver) expect((await t.send('POST', `/api/v1/reports/${opened.report.id}/approve`, { version: 3 }, approver)).status).toBe(200);
  return opened.report.id;
}

const victims = (f: number, m: number) => [
  { indicator: 'OP-GBV-VICTIMS-DETECTED', category: 'total', value: f + m },
  { indicator: 'OP-GBV-VICTIMS-DETECTED', category: 'female', value: f },
  { indicator: 'OP-GBV-VICTIMS-DETECTED', category: 'male', value: m },
];

async function results(unitId: string, period = '2024') {
  const res = await t.get(`/api/v1/public/units/${unitId}/results?period=${period}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Results;
}

describe('public plans', () => {
  it('a draft is not public; once issued, its text, .docx and progress are', async () => {
    const { approver } = await setUp();
    expect((await t.get(`/api/v1/public/plans/${SEED}`)).status).toBe(404);
    expect((await t.get(`/api/v1/public/plans/${SEED}/docx`)).status).toBe(404);
    const unit = (await (await t.get('/api/v1/public/units/huyen-lam-thao')).json()) as { plans: unknown[]; children: { id: string }[] };
    expect(unit.plans).toEqual([]);
    expect(unit.children.map((ch) => ch.id)).toContain('xa-cao-xa-2024');
    await issue(approver);
    const plan = await t.get(`/api/v1/public/plans/${SEED}`);
    expect(plan.status).toBe(200);
    expect(((await plan.json()) as { plan: { title: string } }).plan.title).toContain('Lâm Thao năm 2024');
    expect((await t.get(`/api/v1/public/plans/${SEED}/docx`)).status).toBe(200);
    const progress = (await (await t.get(`/api/v1/public/plans/${SEED}/progress`)).json()) as { duties: { units: number; notStarted: number }[] };
    expect(progress.duties.length).toBeGreaterThan(5);
    expect(progress.duties.every((d) => d.units === d.notStarted)).toBe(true);
    const bytes = new Uint8Array(await (await t.get('/api/v1/public/units/tinh-phu-tho-1997/plans.csv')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a byte-order mark, so that Excel reads UTF-8
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(csv.startsWith('\uFEFFplan_id,issuing_unit_id')).toBe(true);
    expect(csv).toContain('12/KH-UBND');
  });
});

describe('public results', () => {
  it('shows approved values only, hides small counts of sensitive indicators with their complement', async () => {
    const { approver } = await setUp();
    await issue(approver);
    await report('baocao.caoxa@lamthao.demo', 'xa-cao-xa-2024', [...victims(2, 0), { indicator: 'OP-ARTICLES', category: 'total', value: 3 }], approver);
    await report('baocao.tienkien@lamthao.demo', 'xa-tien-kien-2024', [...victims(6, 3), { indicator: 'OP-ARTICLES', category: 'total', value: 1 }], approver);
    const r = await results('huyen-lam-thao');
    const gbv = r.indicators.find((i) => i.code === 'OP-GBV-VICTIMS-DETECTED')!;
    expect(gbv.cells.total).toEqual({ value: 11, suppressed: false });
    const caoXa = r.children.find((ch) => ch.unit.id === 'xa-cao-xa-2024')!;
    const tienKien = r.children.find((ch) => ch.unit.id === 'xa-tien-kien-2024')!;
    expect(caoXa.cells['OP-GBV-VICTIMS-DETECTED']).toEqual({ value: null, suppressed: true });
    // Else 11 − 9 gives Cao Xá's 2 back.
    expect(tienKien.cells['OP-GBV-VICTIMS-DETECTED']!.suppressed).toBe(true);
    // Articles are not sensitive: small numbers are shown.
    expect(caoXa.cells['OP-ARTICLES']).toEqual({ value: 3, suppressed: false });
    expect(r.indicators.find((i) => i.code === 'OP-ARTICLES')!.cells.total.value).toBe(4);
    expect(r.completeness).toMatchObject({ approved: 2 });
    expect(r.licence.name).toBe('CC-BY-4.0');

    // Nothing published can be combined to give a hidden cell back (district total = communes).
    const table: SuppressionTable = { cells: { d: 11 }, relations: [{ total: 'd', parts: [] }] };
    const hidden = new Set<string>();
    for (const ch of r.children) {
      const cell = ch.cells['OP-GBV-VICTIMS-DETECTED'];
      if (!cell) continue;
      const actual = ch.unit.id === 'xa-cao-xa-2024' ? 2 : ch.unit.id === 'xa-tien-kien-2024' ? 9 : cell.value;
      if (actual === null) continue;
      table.cells[ch.unit.id] = actual;
      table.relations[0]!.parts.push(ch.unit.id);
      if (cell.suppressed) hidden.add(ch.unit.id);
    }
    expect(derivableCells(table, hidden).size).toBe(0);

    const csv = await (await t.get('/api/v1/public/units/huyen-lam-thao/results.csv?period=2024')).text();
    const header = csv.replace('\uFEFF', '').split('\r\n')[0]!;
    expect(header).toBe('scope_unit_id,unit_id,unit_name,period,indicator_code,indicator_name_vi,indicator_name_en,measure,category,value,status,target_year,target_comparator,target_value,target_source');
    const caoXaRow = csv.split('\r\n').find((line) => line.includes('xa-cao-xa-2024') && line.includes('OP-GBV-VICTIMS-DETECTED'))!;
    expect(caoXaRow).toContain(',,suppressed');
    const json = (await (await t.get('/api/v1/public/units/huyen-lam-thao/results.json?period=2024')).json()) as { licence: { name: string }; rows: { status: string }[] };
    expect(json.licence.name).toBe('CC-BY-4.0');
    expect(json.rows.some((row) => row.status === 'suppressed')).toBe(true);
  });

  it('the period is read in the tree of its time: a commune of 2025 has no 2024 results', async () => {
    await setUp();
    const res = await t.get('/api/v1/public/units/xa-ban-nguyen-2025/results?period=2024');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('query.period');
    expect((await t.get('/api/v1/public/units/xa-cao-xa-2024/results?period=2026')).status).toBe(404);
    expect((await t.get('/api/v1/public/units/xa-cao-xa-2024/results?period=2024Q9')).status).toBe(400);
  });

  it('answers with edge-cache headers, 304 for an unchanged ETag, and a new ETag once something is published', async () => {
    const { approver } = await setUp();
    await issue(approver);
    const first = await t.get('/api/v1/public/units/huyen-lam-thao/results?period=2024');
    const cache = first.headers.get('cache-control')!;
    expect(cache).toContain('s-maxage=');
    expect(cache).toContain('stale-while-revalidate=');
    const etag = first.headers.get('etag')!;
    const again = await t.app.request('/api/v1/public/units/huyen-lam-thao/results?period=2024', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    await report('baocao.caoxa@lamthao.demo', 'xa-cao-xa-2024', [{ indicator: 'OP-ARTICLES', category: 'total', value: 3 }], approver);
    const after = await t.app.request('/api/v1/public/units/huyen-lam-thao/results?period=2024', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('describes every dataset in a Frictionless data package with documented columns and a licence', async () => {
    const { approver } = await setUp();
    await issue(approver);
    await report('baocao.caoxa@lamthao.demo', 'xa-cao-xa-2024', [{ indicator: 'OP-ARTICLES', category: 'total', value: 3 }], approver);
    const pkg = (await (await t.get('/api/v1/public/datapackage.json')).json()) as {
      licenses: { name: string }[];
      resources: { name: string; path: string; schema: { fields: { name: string; description: string }[] } }[];
    };
    expect(pkg.licenses[0]!.name).toBe('CC-BY-4.0');
    const names = pkg.resources.map((r) => r.name);
    expect(names).toContain('results-tinh-phu-tho-1997-2024');
    expect(names).toContain(`progress-${SEED}`);
    for (const r of pkg.resources) {
      expect(r.name).toMatch(/^[-a-z0-9._/]+$/);
      for (const f of r.schema.fields) expect(f.description.length).toBeGreaterThan(3);
      // Every resource is downloadable and has the documented columns.
      const res = await t.get(new URL(r.path).pathname + new URL(r.path).search);
      expect(res.status, r.path).toBe(200);
      const header = (await res.text()).replace('\uFEFF', '').split('\r\n')[0]!;
      expect(header.split(',')).toEqual(r.schema.fields.map((f) => f.name));
    }
  });
});

describe('privacy: canary values never reach the public API', () => {
  it('drafts, narratives, notes, unapproved numbers and people stay internal', async () => {
    const { approver } = await setUp();
    const CANARY = 'CANARY-7f3a';
    const NUMBER = 987_654;
    // A draft plan with a canary title.
    const coordinator = await t.signIn('dieuphoi@lamthao.demo');
    const draft = await t.send('POST', '/api/v1/org-units/huyen-lam-thao/plans', { year: 2025, content: { ...(await contentOfSeed()), title: `Dự thảo ${CANARY}` } }, coordinator);
    expect(draft.status).toBe(201);
    await issue(approver);
    // An approved report with canary narratives; a submitted (unapproved) one with a canary number.
    await report('baocao.caoxa@lamthao.demo', 'xa-cao-xa-2024', [{ indicator: 'OP-ARTICLES', category: 'total', value: 3 }], approver, `Nạn nhân ${CANARY} 0912345678`);
    await report('baocao.tienkien@lamthao.demo', 'xa-tien-kien-2024', [{ indicator: 'OP-ARTICLES', category: 'total', value: NUMBER }], null);
    // A duty note with a canary.
    const [tracking] = await t.db.select().from(schema.dutyTrackings).limit(1);
    const reporter = await t.signIn('dieuphoi@lamthao.demo');
    expect((await t.send('PATCH', `/api/v1/duties/${tracking!.id}`, { version: 1, status: 'in_progress', note: `Ghi chú ${CANARY}` }, reporter)).status).toBe(200);

    const doc = (await (await t.get('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
    const publicGets = Object.entries(doc.paths).filter(([path, item]) => item.get?.['x-permission'] === 'public' && path !== '/api/openapi.json');
    const units = (await t.db.select({ id: schema.orgUnits.id }).from(schema.orgUnits)).map((u) => u.id);
    const plans = (await t.db.select({ id: schema.plans.id }).from(schema.plans)).map((p) => p.id);
    let fetched = 0;
    for (const [path] of publicGets) {
      const variants = path.includes('{unitId}') ? units.map((u) => path.replace('{unitId}', u)) : path.includes('{id}') ? plans.map((p) => path.replace('{id}', p)) : [path];
      for (const v of variants) {
        const url = v.includes('/results') ? `${v}?period=2024` : v;
        const res = await t.get(url);
        expect(res.status, url).toBeLessThan(500);
        const text = new TextDecoder().decode(await res.arrayBuffer());
        fetched++;
        expect(text.includes(CANARY), url).toBe(false);
        expect(text.includes(String(NUMBER)) || text.includes('987.654'), url).toBe(false);
        expect(text.includes('0912345678'), url).toBe(false);
        expect(/@lamthao\.demo|@phutho\.demo/.test(text), url).toBe(false);
      }
    }
    expect(fetched).toBeGreaterThan(100);
  });
});

async function contentOfSeed() {
  const { id: _id, issuingUnitId: _u, year: _y, status: _s, version: _v, provenance: _p, parentPlanId: _pp, amendsPlanId: _a, issuedAt: _i, updatedAt: _t, ...content } = lamThaoPlan2024;
  return content;
}
