// Issue 9, item 3: a failure injected at each database statement of the Excel import, the report
// submission and approval, the plan issue and the plan created from a Word import leaves no partial
// state. For every operation: one clean run counts its statements (N) and gives the state after;
// then for k = 1..N the database is restored to the same starting state, statement k fails (inside
// a batch: replaced by one that SQLite refuses, after the earlier ones ran), and the database must
// be either exactly as before (digest of every table) or — when k comes after the operation's one
// write batch committed, i.e. in the reads that build the answer — exactly as after the clean run.
// Anything else is a partial state. The answer must be problem+json without internals, and every
// audit chain must still verify.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { listAuditChains, verifyAuditChain } from '@binh-dang/db';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { planToDocx } from '@binh-dang/documents/plan-docx';
import { newId } from '@binh-dang/domain';
import { createTestApp } from './test-app.ts';
import { changedTables, databaseDigest, faultClient, snapshots, type DatabaseDigest, type FaultClient } from './fault-client.ts';

const SEED = lamThaoPlan2024.id;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** What an answer must never show: the injected SQL, driver messages, SQL text, stack frames. */
const INTERNALS = /__fault_injected__|no such table|SQLITE|libsql|Failed query|\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET)\b|\n\s+at /i;

let t: Awaited<ReturnType<typeof createTestApp>>;
let fault: FaultClient;
const snaps = snapshots();
const cookies: Record<string, string> = {};
let seedSnapshot: string;
let reportsSnapshot: string;
let caoXaReport: string;
let tienKienReport: string;
let filledWorkbook: Uint8Array<ArrayBuffer>;
let planDocx: Uint8Array<ArrayBuffer>;

const send = (method: string, path: string, body: unknown, cookie: string) => t.send(method, path, body, cookie);

beforeAll(async () => {
  t = await createTestApp({ wrapClient: (client) => (fault = faultClient(client)).client });
  cookies.approver = await t.signIn('pheduyet@lamthao.demo');
  cookies.coordinator = await t.signIn('dieuphoi@lamthao.demo');
  cookies.caoXa = await t.signIn('baocao.caoxa@lamthao.demo');
  cookies.tienKien = await t.signIn('baocao.tienkien@lamthao.demo');
  planDocx = (await planToDocx(lamThaoPlan2024)) as Uint8Array<ArrayBuffer>;
  // State 1: the demo seed, the draft plan not yet issued.
  seedSnapshot = await snaps.take(fault.raw, 'seed');

  // State 2: the plan issued; Cao Xá's report a saved draft (v2); Tiên Kiên's submitted (v3).
  expect((await send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, cookies.approver!)).status).toBe(200);
  const values = [
    { indicator: 'OP-ARTICLES', category: 'total', value: 7 },
    { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: 30 },
    { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: 18 },
    { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: 12 },
  ];
  for (const [who, unit] of [
    ['caoXa', 'xa-cao-xa-2024'],
    ['tienKien', 'xa-tien-kien-2024'],
  ] as const) {
    const opened = await send('POST', `/api/v1/org-units/${unit}/reports`, { planId: SEED, period: '2024' }, cookies[who]!);
    expect(opened.status).toBe(201);
    const id = ((await opened.json()) as { report: { id: string } }).report.id;
    const saved = await send('PUT', `/api/v1/reports/${id}`, { version: 1, values, narratives: [] }, cookies[who]!);
    expect(saved.status, await saved.clone().text()).toBe(200);
    if (who === 'caoXa') caoXaReport = id;
    else tienKienReport = id;
  }
  expect((await send('POST', `/api/v1/reports/${tienKienReport}/submit`, { version: 2 }, cookies.tienKien!)).status).toBe(200);
  // Cao Xá's workbook, downloaded and filled with other numbers than the saved ones.
  const template = await (await t.get(`/api/v1/reports/${caoXaReport}/xlsx`, cookies.caoXa)).arrayBuffer();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template);
  wb.getWorksheet('Báo cáo')!.eachRow((row) => {
    const code = String(row.getCell(1).value ?? '');
    if (code === 'OP-ARTICLES') row.getCell(4).value = 9;
    if (code === 'OP-TRAINING-PARTICIPANTS') [40, 25, 15].forEach((v, i) => (row.getCell(4 + i).value = v));
  });
  filledWorkbook = new Uint8Array(await wb.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
  reportsSnapshot = await snaps.take(fault.raw, 'reports');
}, 60_000);

afterAll(() => {
  fault?.raw.close();
  snaps.dispose();
});

interface Operation {
  name: string;
  snapshot: () => string;
  /** The operation's requests; the answer of the last one sent. */
  act: () => Response | Promise<Response>;
  status: number;
}

const operations: Operation[] = [
  {
    name: 'Excel import (POST /reports/{id}/xlsx)',
    snapshot: () => reportsSnapshot,
    act: () =>
      t.app.request(`/api/v1/reports/${caoXaReport}/xlsx?version=2`, { method: 'POST', headers: { 'content-type': XLSX, cookie: cookies.caoXa! }, body: filledWorkbook }),
    status: 200,
  },
  {
    name: 'report submit (POST /reports/{id}/submit)',
    snapshot: () => reportsSnapshot,
    act: () => send('POST', `/api/v1/reports/${caoXaReport}/submit`, { version: 2 }, cookies.caoXa!),
    status: 200,
  },
  {
    name: 'approval (POST /reports/{id}/approve)',
    snapshot: () => reportsSnapshot,
    act: () => send('POST', `/api/v1/reports/${tienKienReport}/approve`, { version: 3 }, cookies.approver!),
    status: 200,
  },
  {
    name: 'plan issue (POST /plans/{id}/issue)',
    snapshot: () => seedSnapshot,
    act: () => send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, cookies.approver!),
    status: 200,
  },
  {
    name: 'Word plan import (POST /org-units/{id}/plan-imports, then POST /org-units/{id}/plans)',
    snapshot: () => seedSnapshot,
    act: async () => {
      const imported = await t.app.request('/api/v1/org-units/huyen-lam-thao/plan-imports', {
        method: 'POST',
        headers: { 'content-type': DOCX, cookie: cookies.coordinator! },
        body: planDocx,
      });
      if (imported.status !== 200) return imported;
      const draft = (await imported.json()) as { year: number; content: unknown };
      return send('POST', '/api/v1/org-units/huyen-lam-thao/plans', { year: draft.year, content: draft.content }, cookies.coordinator!);
    },
    status: 201,
  },
];

/** A fresh database in the snapshot's state behind the app. */
function restore(file: string) {
  fault.swap(snaps.open(file));
}

/**
 * Runs with reproducible ids: the id generator's clock is moved off the fixed test time (so the
 * next id draws fresh random bits) and Web Crypto's random bytes are fixed for the run. A run that
 * commits then writes exactly the rows of the clean run, byte for byte.
 */
async function reproducibly<T>(work: () => Promise<T>): Promise<T> {
  newId(0);
  // Better Auth prints failed session queries (with the session token) to the console: kept out of
  // the test output.
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<V extends ArrayBufferView | null>(array: V): V => {
    if (array) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(0x5a);
    return array;
  });
  try {
    return await work();
  } finally {
    spy.mockRestore();
    quiet.mockRestore();
  }
}

async function chainsVerify(): Promise<string[]> {
  const broken: string[] = [];
  for (const { chain } of await listAuditChains(t.db)) {
    const result = await verifyAuditChain(t.db, chain);
    if (!result.ok) broken.push(chain);
  }
  return broken;
}

/** A problem+json answer without internals; its status. */
async function expectCleanProblem(res: Response, where: string) {
  const text = await res.text();
  expect(res.headers.get('content-type'), where).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as { type: string; title: string; title_en: string; status: number };
  expect(body.status, where).toBe(res.status);
  expect(body.title, where).toMatch(/[à-ỹ]/);
  expect(text, where).not.toMatch(INTERNALS);
}

describe('the fault client', () => {
  it('fails exactly the armed statement, inside a batch after the earlier ones ran, and the batch rolls back', async () => {
    const { createClient } = await import('@libsql/client');
    const f = faultClient(createClient({ url: ':memory:' }));
    await f.client.execute('CREATE TABLE x (n INTEGER)');
    const insert = (n: number) => ({ sql: 'INSERT INTO x (n) VALUES (?)', args: [n] });
    const clean = await f.run(null, () => f.client.batch([insert(1), insert(2), insert(3)]));
    expect(clean.statements.map((s) => s.n)).toEqual([1, 2, 3]);
    expect(clean.fired).toBe(false);
    let error: unknown;
    const faulty = await f.run(3, () => f.client.batch([insert(4), insert(5), insert(6)]).catch((e: unknown) => (error = e)));
    expect(faulty.fired).toBe(true);
    expect(String(error)).toMatch(/no such table: __fault_injected__/);
    // The failure came from the third statement, after the first two ran; none of the batch is left.
    expect((await f.raw.execute('SELECT group_concat(n) AS ns FROM x')).rows[0]!.ns).toBe('1,2,3');
    const single = await f.run(1, () => f.client.execute('SELECT 1').catch((e: unknown) => String(e)));
    expect(single.result).toMatch(/__fault_injected__/);
    expect((await databaseDigest(f.raw)).all).toMatch(/^[0-9a-f]{64}$/);
    f.raw.close();
  });
});

describe('a failure at any database statement leaves no partial state (issue 9)', () => {
  it.each(operations.map((op) => [op.name, op] as const))('%s', async (_name, op) => {
    const put = vi.spyOn(t.storage, 'put');
    // The clean run: N statements, the state before and after.
    restore(op.snapshot());
    const before: DatabaseDigest = await databaseDigest(fault.raw);
    const clean = await reproducibly(() => fault.run(null, async () => op.act()));
    expect(clean.result.status, await clean.result.clone().text()).toBe(op.status);
    // After: SQLite's own insert clock (created_at defaults) masked, the rest exact.
    const after = await databaseDigest(fault.raw, { maskClock: true });
    expect((await databaseDigest(fault.raw)).all, 'the operation changes the database').not.toBe(before.all);
    expect(await chainsVerify()).toEqual([]);
    const n = clean.statements.length;
    // The one batch that writes: it carries the audit event, and after it only reads remain.
    const auditCalls = new Set(clean.statements.filter((s) => /insert into "audit_events"/i.test(s.sql)).map((s) => s.call));
    expect(auditCalls.size, 'one write batch with its audit event').toBe(1);
    const [commitCall] = auditCalls;
    const commitStatements = clean.statements.filter((s) => s.call === commitCall);
    const lastOfCommit = commitStatements.at(-1)!.n;
    const writesOutsideCommit = clean.statements.filter((s) => s.call !== commitCall && /^\s*(insert|update|delete|replace)\b/i.test(s.sql));

    let rolledBack = 0;
    let committed = 0;
    const partial: string[] = [];
    const misplaced: string[] = [];
    const statuses = new Map<number, number>();
    for (let k = 1; k <= n; k++) {
      restore(op.snapshot());
      t.errors.length = 0;
      const run = await reproducibly(() => fault.run(k, async () => op.act()));
      const where = `${op.name}, failure at statement ${k}/${n}: ${run.statements[k - 1]?.sql.slice(0, 120)}`;
      expect(run.fired, where).toBe(true);
      const res = run.result;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, where).not.toBe(op.status);
      // A 5xx, or a clean 4xx (a failed session read is "not signed in").
      expect([401, 500, 503], where).toContain(res.status);
      await expectCleanProblem(res, where);
      // A 500 is the app's error handler's answer: the failure was logged (without the request body).
      if (res.status === 500) expect(t.errors.length, where).toBeGreaterThan(0);
      const now = await databaseDigest(fault.raw);
      const nowMasked = await databaseDigest(fault.raw, { maskClock: true });
      if (now.all === before.all) rolledBack++;
      else if (nowMasked.all === after.all) committed++;
      else partial.push(`${where}: changed ${changedTables(before, now).join(', ')}; differs from the clean run in ${changedTables(after, nowMasked).join(', ')}`);
      // Up to the end of the write batch nothing may land; after it, the whole change is there.
      const expected = k <= lastOfCommit ? now.all === before.all : nowMasked.all === after.all;
      if (!expected) misplaced.push(where);
      expect(await chainsVerify(), where).toEqual([]);
    }
    expect(partial).toEqual([]);
    expect(misplaced).toEqual([]);
    expect(writesOutsideCommit.map((s) => s.sql), 'no write outside the one batch').toEqual([]);
    expect(rolledBack + committed).toBe(n);
    // None of these operations stores a file, so none can leave an orphan in the storage.
    expect(put).not.toHaveBeenCalled();
    put.mockRestore();
    console.log(
      `[issue 9] faults: ${op.name}: ${n} statements, ${n} injected failures, ${partial.length} partial states ` +
        `(${rolledBack} rolled back to the state before — the write batch is statements ${commitStatements[0]!.n}–${lastOfCommit}; ` +
        `${committed} failed in the reads after the commit and left the whole change; answers ${[...statuses].map(([s, c]) => `${c} × ${s}`).join(', ')})`,
    );
  }, 300_000);
});
