// Issue 9, item 4: a province backed up to one file and restored into an empty database answers
// the API exactly as before. App A (demo seed plus a year's activity made through the routes: an
// issued plan, a report saved, submitted and approved, an activity with an evidence file, a budget
// allocation and expense, a case with an event, the administrator's two-factor set up) is backed
// up to a temp file, restored into a new file: database, and app B is built on it with the same
// auth secret, case keys and storage. Both then run the same requests — everyone signs in again
// (sessions are not in a backup), then a list of GETs as anonymous, coordinator, approver,
// reporter, finance, case worker and province administrator — and every answer (status, headers
// but set-cookie, body bytes) must be identical.
//
// What is normalised, and why: only `set-cookie` (each sign-in makes a new random session token).
// Writes that happen during the compared requests (sign-in and case-read audit events, sign-in
// attempts) get random ids in each app, so requests whose answers would show them are ordered
// before them: the province's audit trail is read before any case is read, and sign-in events go
// to the 'system' chain, which no compared answer lists.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, createBackup, listTables, readBackup, restoreBackup } from '@binh-dang/db/backup';
import { createDb, type DbHandle } from '@binh-dang/db/client';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { createApp } from '../src/app.ts';
import { DEMO_PASSWORD } from '../src/auth/demo-accounts.ts';
import { FIXED_NOW, TEST_AUTH, TEST_CASE_KEYS, createTestApp } from './test-app.ts';

const SEED = lamThaoPlan2024.id;
const PROVINCE = 'tinh-phu-tho-1997';
const DISTRICT = 'huyen-lam-thao';
const CAO_XA = 'xa-cao-xa-2024';
const work = mkdtempSync(join(tmpdir(), 'binh-dang-backup-api-'));
const handles: DbHandle[] = [];

let a: Awaited<ReturnType<typeof createTestApp>>;
let appB: ReturnType<typeof createApp>;
let backupFile: string;
let backupBytes: Uint8Array;
let totpSecret: Uint8Array;
let auditAtBackup = 0;
const ids = { report: '', activity: '', evidence: '', allocation: '', case: '' };
let oldCookie = '';

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

async function send(app: App, method: string, path: string, body: unknown, cookie?: string, raw?: { type: string; body: string }) {
  return app.request(path, {
    method,
    headers: { 'content-type': raw ? raw.type : 'application/json', ...(cookie ? { cookie } : {}) },
    body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok(res: Response | Promise<Response>, status: number) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()) as Record<string, never>;
}

async function signIn(app: App, email: string, totp?: Uint8Array): Promise<{ cookie: string; answer: Answer }> {
  const res = await send(app, 'POST', '/api/v1/session', { email, password: DEMO_PASSWORD, ...(totp ? { totpCode: await createOTP(totp).totp() } : {}) });
  const answer = await answerOf('sign-in', res);
  expect(res.status, answer.body).toBe(200);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), answer };
}

interface Answer {
  label: string;
  status: number;
  headers: string;
  body: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The .xlsx template is stamped with the wall clock (ExcelJS's default created/modified dates in
 * docProps/core.xml, and the zip entries' times), so two downloads from the same app differ too:
 * for it, every entry's bytes are compared, with those two dates blanked. Everything else is
 * compared byte for byte (.docx files pin their dates to the document's).
 */
function xlsxContent(bytes: Uint8Array): string {
  const entries = unzipSync(bytes);
  return Object.keys(entries)
    .sort()
    .map((name) => {
      let data = entries[name]!;
      if (name === 'docProps/core.xml') data = strToU8(strFromU8(data).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, '$1$2'));
      return `${name}:${sha256(data)}`;
    })
    .join('\n');
}

/** Everything of an answer but set-cookie (a new random session token at each sign-in). */
async function answerOf(label: string, res: Response): Promise<Answer> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const headers = [...res.headers.entries()].filter(([k]) => k !== 'set-cookie').map(([k, v]) => `${k}: ${v}`).sort().join('\n');
  const type = res.headers.get('content-type') ?? '';
  const body = type.startsWith(XLSX)
    ? `xlsx entries:\n${xlsxContent(bytes)}`
    : /json|text|csv/.test(type)
      ? bytes.toString('utf8')
      : `sha256:${sha256(bytes)} (${bytes.length} bytes)`;
  return { label, status: res.status, headers, body };
}

const USERS = {
  coordinator: 'dieuphoi@lamthao.demo',
  approver: 'pheduyet@lamthao.demo',
  reporter: 'baocao.caoxa@lamthao.demo',
  finance: 'ketoan@lamthao.demo',
  caseWorker: 'vuviec.caoxa@lamthao.demo',
  admin: 'quantri@phutho.demo',
} as const;
type Who = keyof typeof USERS | 'anonymous';

/** The GETs compared, in order: audit reads first, case reads (which are audited) last. */
function requests(): [Who, string][] {
  const r = ids;
  return [
    ['admin', `/api/v1/audit/${PROVINCE}/verify`],
    // The trail as it was at the backup (events before the re-sign-ins, which each app adds with ids of its own).
    ['admin', `/api/v1/audit/${PROVINCE}/events?limit=500&beforeSeq=${auditAtBackup + 1}`],
    ['admin', `/api/v1/org-units/${PROVINCE}/memberships`],
    ['anonymous', '/api/v1/org-units'],
    ['anonymous', '/api/v1/plans'],
    ['anonymous', `/api/v1/plans/${SEED}`],
    ['anonymous', `/api/v1/plans/${SEED}/docx`],
    ['anonymous', `/api/v1/plans/${SEED}/reporting`],
    ['anonymous', `/api/v1/plans/${SEED}/cascade`],
    ['anonymous', '/api/v1/indicators'],
    ['anonymous', '/api/v1/public/units'],
    ['anonymous', `/api/v1/public/units/${DISTRICT}`],
    ['anonymous', `/api/v1/public/units/${DISTRICT}/results?period=2024`],
    ['anonymous', `/api/v1/public/units/${DISTRICT}/results.csv?period=2024`],
    ['anonymous', `/api/v1/public/units/${DISTRICT}/plans.json`],
    ['anonymous', `/api/v1/public/plans/${SEED}`],
    ['anonymous', `/api/v1/public/plans/${SEED}/docx`],
    ['anonymous', `/api/v1/public/plans/${SEED}/progress`],
    ['anonymous', '/api/v1/public/datapackage.json'],
    ['coordinator', '/api/v1/me'],
    ['coordinator', '/api/v1/plans'],
    ['coordinator', `/api/v1/plans/${SEED}/duties`],
    ['coordinator', `/api/v1/org-units/${DISTRICT}/duties`],
    ['coordinator', `/api/v1/org-units/${DISTRICT}/reports`],
    ['coordinator', `/api/v1/reports/${r.report}`],
    ['coordinator', `/api/v1/org-units/${DISTRICT}/rollup?period=2024`],
    ['coordinator', `/api/v1/org-units/${DISTRICT}/compiled-report.docx?period=2024`],
    ['coordinator', `/api/v1/org-units/${DISTRICT}/activities`],
    ['coordinator', `/api/v1/org-units/${DISTRICT}/budget`],
    ['coordinator', `/api/v1/org-units/${DISTRICT}/memberships`],
    ['coordinator', '/api/v1/me/notifications'],
    ['approver', `/api/v1/org-units/${DISTRICT}/reports`],
    ['reporter', '/api/v1/me'],
    ['reporter', `/api/v1/org-units/${CAO_XA}/reports`],
    ['reporter', `/api/v1/reports/${r.report}`],
    ['reporter', `/api/v1/reports/${r.report}/xlsx`],
    ['reporter', `/api/v1/org-units/${CAO_XA}/activities`],
    ['reporter', `/api/v1/activities/${r.activity}`],
    ['reporter', `/api/v1/activities/${r.activity}/evidence`],
    ['reporter', `/api/v1/activities/${r.activity}/evidence/${r.evidence}`],
    ['reporter', `/api/v1/org-units/${CAO_XA}/duties`],
    ['finance', `/api/v1/org-units/${DISTRICT}/budget`],
    ['finance', `/api/v1/budget/allocations/${r.allocation}`],
    ['caseWorker', `/api/v1/org-units/${CAO_XA}/cases`],
    ['caseWorker', `/api/v1/cases/${r.case}`],
    ['caseWorker', `/api/v1/org-units/${CAO_XA}/cases.csv`],
    ['coordinator', `/api/v1/org-units/${DISTRICT}/cases`],
    ['coordinator', `/api/v1/cases/${r.case}`],
  ];
}

/** Everyone signs in again, then every GET of the list: the answers, in order. */
async function answers(app: App): Promise<Answer[]> {
  const out: Answer[] = [];
  const cookies = new Map<Who, string>();
  for (const [who, email] of Object.entries(USERS) as [keyof typeof USERS, string][]) {
    const { cookie, answer } = await signIn(app, email, who === 'admin' ? totpSecret : undefined);
    cookies.set(who, cookie);
    out.push({ ...answer, label: `sign-in ${who}` });
  }
  for (const [who, path] of requests()) {
    const cookie = cookies.get(who);
    out.push(await answerOf(`${who} GET ${path}`, await app.request(path, cookie ? { headers: { cookie } } : {})));
  }
  return out;
}

let before: Answer[];
let after: Answer[];

beforeAll(async () => {
  a = await createTestApp();
  const approver = await a.signIn(USERS.approver);
  const reporter = await a.signIn(USERS.reporter);
  const finance = await a.signIn(USERS.finance);
  const worker = await a.signIn(USERS.caseWorker);
  oldCookie = reporter;

  await ok(send(a.app, 'POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver), 200);
  // A report: saved, submitted, approved (the roll-up and public results then show it).
  const opened = (await ok(send(a.app, 'POST', `/api/v1/org-units/${CAO_XA}/reports`, { planId: SEED, period: '2024' }, reporter), 201)) as unknown as {
    report: { id: string; version: number };
  };
  ids.report = opened.report.id;
  const values = [
    { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: 120 },
    { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: 70 },
    { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: 50 },
  ];
  await ok(send(a.app, 'PUT', `/api/v1/reports/${ids.report}`, { version: opened.report.version, values }, reporter), 200);
  await ok(send(a.app, 'POST', `/api/v1/reports/${ids.report}/submit`, { version: opened.report.version + 1 }, reporter), 200);
  await ok(send(a.app, 'POST', `/api/v1/reports/${ids.report}/approve`, { version: opened.report.version + 2 }, approver), 200);
  // An activity with an evidence file (its bytes in storage, its index row in the database).
  const activity = (await ok(
    send(a.app, 'POST', `/api/v1/org-units/${CAO_XA}/activities`, { kind: 'communication', date: '2024-03-01', title: 'Tin bài về bình đẳng giới', details: { form: 'article', items: 2 } }, reporter),
    201,
  )) as unknown as { activity: { id: string } };
  ids.activity = activity.activity.id;
  await ok(send(a.app, 'POST', `/api/v1/activities/${ids.activity}/evidence?name=anh.pdf`, undefined, reporter, { type: 'application/octet-stream', body: '%PDF-1.7 bằng chứng' }), 201);
  const evidence = (await ok(a.get(`/api/v1/activities/${ids.activity}/evidence`, reporter), 200)) as unknown as { items: { id: string }[] };
  ids.evidence = evidence.items[0]!.id;
  // Budget: an allocation and an expense.
  const allocation = (await ok(send(a.app, 'POST', `/api/v1/org-units/${CAO_XA}/budget/allocations`, { planId: SEED, amount: 20_000_000, allocatedOn: '2024-04-10' }, finance), 201)) as unknown as {
    allocation: { id: string };
  };
  ids.allocation = allocation.allocation.id;
  await ok(send(a.app, 'POST', `/api/v1/budget/allocations/${ids.allocation}/expenses`, { date: '2024-05-01', amount: 3_500_000, description: 'In tờ rơi' }, finance), 201);
  // A case, sealed with the case keys, and an event.
  const kase = (await ok(
    send(
      a.app,
      'POST',
      `/api/v1/org-units/${CAO_XA}/cases`,
      {
        intakeDate: '2024-03-10',
        type: 'physical_assault',
        contexts: ['intimate_partner'],
        victimSex: 'female',
        victimAgeGroup: '26_40',
        relationship: 'spouse',
        identifying: { victimName: 'Nguyễn Thị Canary', contact: '0912 345 678', narrative: 'Lời kể' },
      },
      worker,
    ),
    201,
  )) as unknown as { case: { id: string; version: number } };
  ids.case = kase.case.id;
  await ok(send(a.app, 'POST', `/api/v1/cases/${ids.case}/events`, { version: kase.case.version, event: { kind: 'support', date: '2024-03-11', service: 'counselling' } }, worker), 201);
  // The province administrator sets up two-factor sign-in (kept in the backup: they sign in with it after).
  const adminFirst = await a.signIn(USERS.admin);
  const setup = (await ok(send(a.app, 'POST', '/api/v1/me/two-factor', { password: DEMO_PASSWORD }, adminFirst), 200)) as unknown as { totpURI: string };
  totpSecret = base32.decode(new URL(setup.totpURI).searchParams.get('secret')!);
  expect((await send(a.app, 'POST', '/api/v1/me/two-factor/verify', { code: await createOTP(totpSecret).totp() }, adminFirst)).status).toBe(204);

  // Back up to a file, restore into a new empty database, build app B on it.
  const backup = await createBackup(a.db, { provinceId: PROVINCE, now: FIXED_NOW });
  auditAtBackup = backup.header.audit.find((chain) => chain.chain === PROVINCE)!.events;
  expect(auditAtBackup).toBeGreaterThan(10);
  backupFile = join(work, 'phu-tho.bdb.gz');
  writeFileSync(backupFile, backup.bytes);
  backupBytes = readFileSync(backupFile);
  const target = createDb(`file:${join(work, 'restored.db')}`);
  handles.push(target);
  await restoreBackup(target.db, backupBytes);
  appB = createApp({ db: target.db, auth: TEST_AUTH, storage: a.storage, now: () => FIXED_NOW, caseDataKeys: TEST_CASE_KEYS, logError: () => {} });

  before = await answers(a.app);
  after = await answers(appB);
  const { header } = readBackup(backupBytes);
  console.log(
    `[issue 9] backup: ${header.tables.length} tables, ${backup.totalRows} rows, ${backupBytes.byteLength} bytes, ${after.filter((x, i) => JSON.stringify(x) === JSON.stringify(before[i])).length} API answers identical after restore (of ${before.length})`,
  );
}, 120_000);

afterAll(() => {
  a?.close();
  for (const h of handles) h.close();
  rmSync(work, { recursive: true, force: true });
});

describe('backup and restore of a province (issue 9)', () => {
  it('answers every request identically after the restore', () => {
    expect(before.length).toBe(requests().length + Object.keys(USERS).length);
    // The answers are real ones, not refusals: each GET of the list succeeds.
    for (const x of before) expect(x.status, x.label).toBe(200);
    expect(before.find((x) => x.label.includes('/verify'))!.body).toContain('"ok":true');
    expect(before.find((x) => x.label === `finance GET /api/v1/budget/allocations/${ids.allocation}`)!.body).toContain('3500000');
    expect(before.find((x) => x.label === `caseWorker GET /api/v1/cases/${ids.case}`)!.body).toContain('Nguyễn Thị Canary');
    const differ = before.filter((x, i) => JSON.stringify(x) !== JSON.stringify(after[i])).map((x) => x.label);
    expect(differ).toEqual([]);
    for (const [i, x] of before.entries()) expect(after[i], x.label).toEqual(x);
  });

  it('holds the attachments index, no sessions, and the case fields still sealed', () => {
    const { header } = readBackup(backupBytes);
    const text = gunzipSync(backupBytes).toString('utf8');
    expect(header.attachments).toMatchObject({ files: 1, bytes: Buffer.byteLength('%PDF-1.7 bằng chứng') });
    expect(header.excluded).toEqual(expect.arrayContaining(['sessions', 'verifications']));
    expect(text).toContain('"t":"activity_evidence"');
    expect(text).not.toContain('Nguyễn Thị Canary');
    expect(text).not.toContain('0912 345 678');
    expect(text).not.toContain(oldCookie.split('=')[1]!.split('.')[0]!);
  });

  it('does not let an old session in: users sign in again', async () => {
    expect((await a.get('/api/v1/me', oldCookie)).status).toBe(200);
    expect((await appB.request('/api/v1/me', { headers: { cookie: oldCookie } })).status).toBe(401);
  });

  it('refuses to restore into a database that holds data, and changes nothing', async () => {
    const target = handles[0]!;
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const name of await listTables(target.client)) out[name] = (await target.client.execute(`SELECT * FROM "${name}"`)).rows.map((r) => ({ ...r }));
      return out;
    };
    const rowsBefore = await snapshot();
    const error = await restoreBackup(target.db, backupBytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).message).toMatch(/^Cơ sở dữ liệu đích đã có dữ liệu .*nothing written\)$/);
    expect(await snapshot()).toEqual(rowsBefore);
  });

  it('refuses a corrupted file: one byte flipped, or a row edited', async () => {
    const flipped = Uint8Array.from(backupBytes);
    flipped[flipped.length - 12]! ^= 0x40; // inside the deflate stream's end or its CRC
    // The allocation's amount, 20,000,000 → 2,000,000 VND, in its row; the file re-compressed cleanly.
    const lines = gunzipSync(backupBytes).toString('utf8').split('\n');
    const at = lines.findIndex((line) => line.startsWith('{"t":"budget_allocations"') && line.includes(',20000000,'));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at]!.replace(',20000000,', ',2000000,');
    const edited = gzipSync(lines.join('\n'));
    for (const [what, bytes] of [['flipped', flipped], ['edited', edited]] as const) {
      const target = createDb(`file:${join(work, `refused-${what}.db`)}`);
      handles.push(target);
      const error = await restoreBackup(target.db, bytes).catch((e: unknown) => e);
      expect(error, what).toBeInstanceOf(BackupError);
      expect((error as BackupError).code, what).toBe('corrupt');
      expect((error as BackupError).message, what).toMatch(/^Tệp sao lưu hỏng hoặc đã bị sửa: .*\(the backup file is damaged or was edited/);
      expect(await listTables(target.client), `${what}: nothing written`).toEqual([]);
    }
    const memory = createDb(':memory:');
    handles.push(memory);
    expect(String(await restoreBackup(memory.db, edited).catch((e: unknown) => e))).toContain('mã băm sha256 của bảng budget_allocations không khớp');
  });
});
