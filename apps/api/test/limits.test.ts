// Body size limits and upload type checks (issue 9): a JSON body over 256 KB is refused with 413
// before any route reads it; every upload route refuses a body over its own limit (413) and a file
// of the wrong type (415), by the type it declares and by what its bytes really are: an .exe
// renamed .xlsx, a PNG declared as a .docx, a zip that is not a workbook, a PDF named .docx.
// Nothing is stored by a refused upload. The limits and accepted types are one table
// (src/lib/uploads.ts), used by the request guard (src/lib/guard.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { planToDocx } from '@binh-dang/documents/plan-docx';
import { MAX_BODY_BYTES } from '../src/lib/guard.ts';
import { PASTED_TEXT_MAX_BYTES, UPLOADS } from '../src/lib/uploads.ts';
import { createTestApp } from './test-app.ts';

const SEED = lamThaoPlan2024.id;
const CAO_XA = 'xa-cao-xa-2024';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OCTET = 'application/octet-stream';

type Problem = { type: string; status: number; title: string; detail?: string; errors?: { path: string; message: string }[] };

let t: Awaited<ReturnType<typeof createTestApp>>;
let coordinator = '';
let reporter = '';
let dutyId = '';
let activityId = '';
let reportId = '';
let docx: Uint8Array<ArrayBuffer>;
let xlsx: Uint8Array<ArrayBuffer>;

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p))) as Uint8Array<ArrayBuffer>;
const PDF = bytes('%PDF-1.7\nbiên bản\n%%EOF');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
/** A Windows program: "MZ", then a DOS stub and NULs. */
const EXE = bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0], 'This program cannot be run in DOS mode.', [0, 0, 0, 0]);
/** A zip, but neither a .docx nor an .xlsx. */
const ZIP = zipSync({ 'readme.txt': bytes('không phải sổ tính'), 'data/a.csv': bytes('a,b\n1,2\n') }) as Uint8Array<ArrayBuffer>;

const statuses = new Map<number, number>();

async function post(path: string, type: string | null, body: BodyInit, cookie: string, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { cookie, ...extra };
  if (type) headers['content-type'] = type;
  const res = await t.app.request(path, { method: 'POST', headers, body });
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return res;
}

async function refused(res: Response, status: number, label: string): Promise<Problem> {
  const text = await res.text();
  expect(res.status, `${label}: ${text}`).toBe(status);
  expect(res.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as Problem;
  expect(problem.status, label).toBe(status);
  // Vietnamese first (with its diacritics), English in parentheses.
  expect(problem.detail ?? problem.title, label).toMatch(/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i);
  if (problem.detail) expect(problem.detail, label).toMatch(/\([A-Z][^)]*\)/);
  return problem;
}

const routes = {
  planImport: () => `/api/v1/org-units/huyen-lam-thao/plan-imports`,
  dutyEvidence: (name = 'bien-ban.pdf') => `/api/v1/duties/${dutyId}/evidence?name=${encodeURIComponent(name)}`,
  activityEvidence: (name = 'bien-ban.pdf') => `/api/v1/activities/${activityId}/evidence?name=${encodeURIComponent(name)}`,
  reportXlsx: () => `/api/v1/reports/${reportId}/xlsx?version=1`,
};

async function evidenceCount(): Promise<number> {
  const duty = (await (await t.get(`/api/v1/duties/${dutyId}/evidence`, reporter)).json()) as { items: unknown[] };
  const activity = (await (await t.get(`/api/v1/activities/${activityId}/evidence`, reporter)).json()) as { items: unknown[] };
  return duty.items.length + activity.items.length;
}

beforeAll(async () => {
  t = await createTestApp();
  const approver = await t.signIn('pheduyet@lamthao.demo');
  expect((await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
  coordinator = await t.signIn('dieuphoi@lamthao.demo');
  reporter = await t.signIn('baocao.caoxa@lamthao.demo');
  const duties = (await (await t.get(`/api/v1/org-units/${CAO_XA}/duties`, reporter)).json()) as { items: { id: string }[] };
  dutyId = duties.items[0]!.id;
  const activity = await t.send('POST', `/api/v1/org-units/${CAO_XA}/activities`, { kind: 'communication', date: '2024-03-01', title: 'Tin bài', details: { form: 'article', items: 1 } }, reporter);
  expect(activity.status).toBe(201);
  activityId = ((await activity.json()) as { activity: { id: string } }).activity.id;
  const report = await t.send('POST', `/api/v1/org-units/${CAO_XA}/reports`, { planId: SEED, period: '2024' }, reporter);
  expect(report.status).toBe(201);
  reportId = ((await report.json()) as { report: { id: string } }).report.id;
  xlsx = new Uint8Array(await (await t.get(`/api/v1/reports/${reportId}/xlsx`, reporter)).arrayBuffer());
  docx = (await planToDocx(lamThaoPlan2024)) as Uint8Array<ArrayBuffer>;
});

afterAll(async () => {
  const n = (test: (s: number) => boolean) => [...statuses].filter(([s]) => test(s)).reduce((sum, [, k]) => sum + k, 0);
  console.log(
    `[issue 9] limits: ${n(() => true)} requests over 4 upload routes and a JSON write route: ${n((s) => s === 413)} × 413, ${n((s) => s === 415)} × 415, ${n((s) => s >= 200 && s < 300)} accepted controls, ${n((s) => s >= 500)} × 5xx`,
  );
  t?.close();
});

describe('JSON bodies', () => {
  const big = (size: number) => JSON.stringify({ year: 2024, content: { title: 'x'.repeat(size) } });

  it(`refuses a JSON body over ${MAX_BODY_BYTES / 1024} KB with 413 problem+json, announced by Content-Length or not`, async () => {
    const body = big(MAX_BODY_BYTES);
    expect(body.length).toBeGreaterThan(MAX_BODY_BYTES);
    const path = '/api/v1/org-units/huyen-lam-thao/plans';
    // In-process requests carry no Content-Length: the guard counts the stream.
    const streamed = await refused(await post(path, 'application/json', body, coordinator), 413, 'streamed');
    expect(streamed.detail).toContain('256 KB');
    const announced = await post(path, 'application/json', body, coordinator, { 'content-length': String(new TextEncoder().encode(body).length) });
    await refused(announced, 413, 'content-length');
    // A body just under the limit reaches the route (which refuses the content, not the size).
    const under = await post(path, 'application/json', big(MAX_BODY_BYTES - 1024), coordinator);
    expect(under.status).not.toBe(413);
    expect(under.status).toBeLessThan(500);
  });

  it('refuses a body that is not JSON on a JSON route with 415', async () => {
    await refused(await post('/api/v1/org-units/huyen-lam-thao/plans', 'text/plain', 'năm 2024', coordinator), 415, 'text on a JSON route');
    await refused(await post('/api/v1/org-units/huyen-lam-thao/plans', 'application/x-www-form-urlencoded', 'year=2024', coordinator), 415, 'form on a JSON route');
  });
});

describe('each upload route refuses a body over its own limit with 413', () => {
  it.each(Object.keys(routes) as (keyof typeof routes)[])('%s', async (name) => {
    const { maxBytes, types } = UPLOADS[name];
    // The route's own limit applies to its file type (pasted text has a smaller one, below).
    const type = types.at(-1)!;
    const before = await evidenceCount();
    const over = new Uint8Array(maxBytes + 1);
    const problem = await refused(await post(routes[name](), type, over, name === 'planImport' ? coordinator : reporter), 413, name);
    expect(problem.detail).toContain(`${maxBytes / 1024 / 1024} MB`);
    // Announced too large: refused without reading it.
    const announced = await post(routes[name](), type, PDF, name === 'planImport' ? coordinator : reporter, { 'content-length': String(maxBytes + 1) });
    await refused(announced, 413, `${name} (content-length)`);
    expect(await evidenceCount()).toBe(before);
  });

  it('pasted plan text: at most 1 MB (a whole plan is a few dozen KB), a .docx of that size still read', async () => {
    const text = new TextEncoder().encode('Ke hoach 2024.\n'.repeat(Math.ceil(PASTED_TEXT_MAX_BYTES / 15) + 1)).slice(0, PASTED_TEXT_MAX_BYTES + 1);
    const problem = await refused(await post(routes.planImport(), 'text/plain; charset=utf-8', text, coordinator), 413, 'pasted text over 1 MB');
    expect(problem.detail).toContain('1 MB');
    expect((await post(routes.planImport(), 'text/plain', text.slice(0, 60 * 1024), coordinator)).status).toBe(200);
  });

  it('the limits are the documented ones', () => {
    expect(Object.fromEntries(Object.entries(UPLOADS).map(([k, v]) => [k, v.maxBytes / 1024 / 1024]))).toEqual({
      planImport: 20,
      dutyEvidence: 10,
      activityEvidence: 10,
      reportXlsx: 5,
    });
  });
});

describe('a wrong type is refused with 415, by the declared type and by the content', () => {
  it('plan import: only pasted text or a .docx, and the .docx must be one', async () => {
    for (const [label, type, body] of [
      ['HTML', 'text/html', '<p>kế hoạch</p>'],
      ['no type', null, bytes('kế hoạch')],
      ['an .xlsx declared as such', XLSX, xlsx],
      ['a PNG declared as a .docx', DOCX, PNG],
      ['an .exe declared as a .docx', DOCX, EXE],
      ['a workbook declared as a .docx', DOCX, xlsx],
      ['a zip declared as a .docx', DOCX, ZIP],
      ['an .exe declared as text', 'text/plain', EXE],
      ['bytes that are not UTF-8 declared as text', 'text/plain; charset=utf-8', bytes([0x4b, 0xea, 0x20, 0x68, 0x6f, 0xff, 0xfe])],
    ] as const) {
      await refused(await post(routes.planImport(), type, body as BodyInit, coordinator), 415, label);
    }
    // The right things still pass.
    expect((await post(routes.planImport(), DOCX, docx, coordinator)).status).toBe(200);
  });

  it('report from Excel: only an .xlsx, and it must be a workbook', async () => {
    for (const [label, type, body, path] of [
      ['an .exe renamed .xlsx', XLSX, EXE, 'body'],
      ['a zip that is not a workbook', XLSX, ZIP, 'body'],
      ['a .docx declared as an .xlsx', XLSX, docx, 'body'],
      ['a PNG declared as an .xlsx', XLSX, PNG, 'body'],
      ['a workbook declared as HTML', 'text/html', xlsx, 'headers.content-type'],
      ['a workbook declared as a .docx', DOCX, xlsx, 'headers.content-type'],
      ['a workbook declared as JSON', 'application/json', xlsx, 'headers.content-type'],
    ] as const) {
      const problem = await refused(await post(routes.reportXlsx(), type, body as BodyInit, reporter), 415, label);
      expect(problem.errors?.map((e) => e.path), label).toContain(path);
    }
    const report = (await (await t.get(`/api/v1/reports/${reportId}`, reporter)).json()) as { report: { version: number } };
    expect(report.report.version).toBe(1);
  });

  it.each(['dutyEvidence', 'activityEvidence'] as const)('%s: PDF, PNG/JPEG, .docx or .xlsx by content, named and declared as what it is', async (name) => {
    const before = await evidenceCount();
    for (const [label, type, file, body, path] of [
      ['an .exe renamed .pdf', OCTET, 'bien-ban.pdf', EXE, 'body'],
      ['an .exe renamed .xlsx', XLSX, 'so-lieu.xlsx', EXE, 'body'],
      ['a zip that is not a document', OCTET, 'tai-lieu.docx', ZIP, 'body'],
      ['HTML', OCTET, 'trang.html', bytes('<html><script>alert(1)</script></html>'), 'body'],
      ['a PNG declared as a .docx', DOCX, 'anh.png', PNG, 'headers.content-type'],
      ['a PNG named .docx', OCTET, 'anh.docx', PNG, 'query.name'],
      ['a PDF named .exe', OCTET, 'chay.exe', PDF, 'query.name'],
      ['a PDF declared as HTML', 'text/html', 'bien-ban.pdf', PDF, 'headers.content-type'],
      ['a workbook named .docx', OCTET, 'so-lieu.docx', xlsx, 'query.name'],
    ] as const) {
      const problem = await refused(await post(routes[name](file), type, body, reporter), 415, `${name}: ${label}`);
      expect(problem.errors?.map((e) => e.path), label).toContain(path);
    }
    expect(await evidenceCount()).toBe(before);
    // What it is, named and declared as such (or as plain bytes), is taken.
    for (const [type, file, body, stored] of [
      [OCTET, 'bien-ban.pdf', PDF, 'application/pdf'],
      ['image/png', 'anh.png', PNG, 'image/png'],
      [DOCX, 'ke-hoach.docx', docx, DOCX],
      [OCTET, 'so-lieu.XLSX', xlsx, XLSX],
      [OCTET, 'khong-duoi', PDF, 'application/pdf'],
    ] as const) {
      const res = await post(routes[name](file), type, body, reporter);
      expect(res.status, `${file}: ${await res.clone().text()}`).toBe(201);
      expect(((await res.json()) as { evidence: { contentType: string } }).evidence.contentType).toBe(stored);
    }
    expect(await evidenceCount()).toBe(before + 5);
  });
});
