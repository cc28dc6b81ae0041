// `npm run bench:cpu`: CPU time per request of the main routes, for the cost model (COSTS.md).
//
// 1. API routes as the Worker runs them: createApp on the web libSQL client (@libsql/client/web,
//    what worker.ts uses) talking HTTP to a libSQL server in another process (infra/hrana-serve.ts,
//    on a file seeded with the demo data and story) — so the queries run elsewhere, as they run at
//    Turso, and this process's CPU (process.cpuUsage, user + system) is the app's own: routing,
//    validation, auth, building and decoding the HTTP requests to the database, JSON, documents.
//    Each route runs N times after a warm-up. The server's CPU is reported apart (Turso's side).
// 2. Portal pages end to end: the Node server (`npm start`'s node.ts --with-portal, adapter-node
//    build) as a child process, pages fetched N times; its CPU from /proc/<pid>/stat. That is the
//    portal's server-side rendering plus the API calls it makes plus SQLite: an upper bound.
// Node on this machine is not workerd on Cloudflare's: the figures are an estimate (COSTS.md).
// Writes infra/bench-results/cpu.json. Part 2 needs the portal's Node build
// (npm run build:node -w @binh-dang/portal) and Linux's /proc; without them it is skipped.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Db } from '@binh-dang/db';
import { createDb } from '@binh-dang/db/client';
import { createWebDb } from '@binh-dang/db/client-web';
import { migrateDb } from '@binh-dang/db/migrate';
import { seedDemoData, seedDemoScenario } from '@binh-dang/db/seed';
import { createApp } from '../apps/api/src/app.ts';
import { createAuth } from '../apps/api/src/auth/auth.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../apps/api/src/auth/demo-accounts.ts';
import { outboxMailer } from '../apps/api/src/mailer.ts';
import { runReminders } from '../apps/api/src/reminders.ts';
import { memoryStorage } from '../apps/api/src/storage.ts';
import { repoRoot } from './lib/province.ts';

const RUNS = Number(process.env.RUNS ?? 200);
const work = mkdtempSync(join(os.tmpdir(), 'binh-dang-bench-cpu-'));
const dbFile = join(work, 'bench.db');
const AUTH = { secret: 'bench-secret-that-is-long-enough-0123456789', baseURL: 'http://localhost' };

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** utime + stime of a process, in ms (Linux /proc; 10 ms resolution). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ = 100 on Linux
}

// --- 1. API routes, database over HTTP in another process ----------------------------------------

{
  const local = createDb(`file:${dbFile}`);
  await migrateDb(local.db);
  await seedDemoData(local.db);
  await seedDemoScenario(local.db);
  await seedDemoAccounts(local.db, createAuth(local.db, AUTH), new Date());
  local.close();
}
// Each mode writes (sign-ins, drafts, notifications): each gets its own copy of the seeded file.
const embeddedFile = join(work, 'embedded.db');
copyFileSync(dbFile, embeddedFile);
const server = spawn(process.execPath, ['--import', 'tsx', 'infra/hrana-serve.ts', dbFile], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
const serverUrl = await new Promise<string>((resolve, reject) => {
  createInterface({ input: server.stdout! }).once('line', resolve);
  server.once('exit', (code) => reject(new Error(`hrana-serve exited (${code})`)));
});
interface Row {
  mode: 'http' | 'embedded' | 'page';
  route: string;
  runs: number;
  totalCpuMs: number;
  dbCpuMs: number;
  appCpuMs: number;
  wallMs: number;
}
const rows: Row[] = [];

/**
 * The routes, on the web client over HTTP to the server process (`http`: the app's CPU alone, with
 * the HTTP client's), or on the embedded libSQL file (`embedded`: the app and SQLite in this one
 * process, no HTTP). A Worker's billed CPU is the app's without the database and with workerd's
 * native fetch: below both, so the larger of the two is what the cost model uses.
 */
async function suite(mode: 'http' | 'embedded', db: Db) {
  const app = createApp({ db, auth: AUTH, storage: memoryStorage(), now: () => new Date('2024-11-12T05:00:00Z') });

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await app.request(path, init);
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status}`);
    return res;
  }

  async function signIn(email: string): Promise<string> {
    const res = await app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status}`);
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  const reporter = await signIn('baocao.caoxa@lamthao.demo');
  const coordinator = await signIn('dieuphoi@lamthao.demo');
  const opened = await app.request('/api/v1/org-units/xa-cao-xa-2024/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: reporter },
    body: JSON.stringify({ planId: 'ke-hoach-bdg-lam-thao-2024', period: '2024' }),
  });
  const reportId = ((await opened.json()) as { report: { id: string } }).report.id;
  let reportVersion = 1;

  async function measure(route: string, call: () => Promise<unknown>, runs = RUNS) {
    for (let i = 0; i < Math.min(20, runs); i++) await call(); // warm-up (JIT, caches)
    const serverBefore = mode === 'http' ? processCpuMs(server.pid!) : 0;
    const start = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await call();
    const wall = performance.now() - t0;
    const appCpu = cpuMs(process.cpuUsage(start)) / runs;
    const dbPer = mode === 'http' ? (processCpuMs(server.pid!) - serverBefore) / runs : 0;
    rows.push({ mode, route, runs, totalCpuMs: appCpu + dbPer, dbCpuMs: dbPer, appCpuMs: appCpu, wallMs: wall / runs });
    console.log(`${mode.padEnd(8)} ${route.padEnd(56)} app ${appCpu.toFixed(2).padStart(7)} ms  database ${mode === 'http' ? dbPer.toFixed(2).padStart(6) : '   (in)'} ms  wall ${(wall / runs).toFixed(1).padStart(6)} ms  (${runs} runs)`);
  }

  const get = (path: string, cookie?: string) => () => request(path, cookie ? { headers: { cookie } } : {});

  await measure('GET /api/health', get('/api/health'));
  await measure('GET /api/v1/me (every signed-in page)', get('/api/v1/me', reporter));
  await measure('GET /api/v1/org-units/{commune}/duties', get('/api/v1/org-units/xa-cao-xa-2024/duties', reporter));
  await measure('GET /api/v1/org-units/{commune}/reports', get('/api/v1/org-units/xa-cao-xa-2024/reports', reporter));
  await measure('GET /api/v1/reports/{id}', get(`/api/v1/reports/${reportId}`, reporter));
  await measure('PUT /api/v1/reports/{id} (save a draft)', async () => {
    const res = await app.request(`/api/v1/reports/${reportId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: reporter },
      body: JSON.stringify({ version: reportVersion, values: [{ indicator: 'OP-ARTICLES', category: 'total', value: reportVersion % 9 }] }),
    });
    if (res.status !== 200) throw new Error(`PUT report: ${res.status} ${await res.text()}`);
    reportVersion++;
    await res.arrayBuffer();
  });
  await measure('GET /api/v1/me/notifications', get('/api/v1/me/notifications', reporter));
  await measure('GET /api/v1/plans/{id} (a whole plan)', get('/api/v1/plans/ke-hoach-bdg-lam-thao-2024', coordinator));
  await measure('GET /api/v1/org-units/{district}/rollup?period=2024', get('/api/v1/org-units/huyen-lam-thao/rollup?period=2024', coordinator));
  await measure('GET /api/v1/public/units/{district}/results (uncached)', get('/api/v1/public/units/huyen-lam-thao/results?period=2024'));
  await measure('GET /api/v1/reports/{id}/xlsx (Excel template)', get(`/api/v1/reports/${reportId}/xlsx`, reporter), 30);
  await measure('GET /api/v1/plans/{id}/docx (official .docx)', get('/api/v1/plans/ke-hoach-bdg-lam-thao-2024/docx', coordinator), 30);
  await measure(
    'POST /api/v1/session (sign-in: password hash)',
    async () => {
      await signIn('xem@phutho.demo');
    },
    10,
  );
  await measure('reminder job, whole demo database (Cron Trigger)', () => runReminders(db, new Date('2024-11-12T05:00:00Z'), outboxMailer(db)), 20);
}

await suite('http', createWebDb(serverUrl, 'bench-token'));
{
  const embedded = createDb(`file:${embeddedFile}`);
  await suite('embedded', embedded.db);
  embedded.close();
}
server.kill('SIGTERM');

// --- 2. Portal pages end to end (Node server, child process) -------------------------------------

const pages: Row[] = [];
const handler = join(repoRoot, 'apps/portal/build/handler.js');
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
if (existsSync(handler) && existsSync('/proc/self/stat')) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/node.ts', '--with-portal'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${join(work, 'portal.db')}`, ORIGIN: base, UPLOADS_DIR: join(work, 'uploads') },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 240; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const signInRes = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'baocao.caoxa@lamthao.demo', password: DEMO_PASSWORD }) });
    const cookie = signInRes.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const pageRuns = Math.max(Math.round(RUNS / 4), 20);
    for (const [label, path, signedIn] of [
      ['page / (public home)', '/', false],
      ['page /ke-hoach/{id} (issued plan, public)', '/ke-hoach/ke-hoach-bdg-lam-thao-2024', false],
      ['page /viec-cua-toi (signed in)', '/viec-cua-toi', true],
      ['page /bao-cao (signed in)', '/bao-cao', true],
      ['page /thong-bao (signed in)', '/thong-bao', true],
    ] as const) {
      const load = async () => {
        const res = await fetch(`${base}${path}`, signedIn ? { headers: { cookie } } : {});
        await res.arrayBuffer();
        if (res.status >= 400) throw new Error(`${path}: ${res.status}`);
      };
      for (let i = 0; i < 10; i++) await load();
      const before = processCpuMs(child.pid!);
      const t0 = performance.now();
      for (let i = 0; i < pageRuns; i++) await load();
      const wall = (performance.now() - t0) / pageRuns;
      const total = (processCpuMs(child.pid!) - before) / pageRuns;
      pages.push({ mode: 'page', route: label, runs: pageRuns, totalCpuMs: total, dbCpuMs: Number.NaN, appCpuMs: total, wallMs: wall });
      console.log(`${label.padEnd(58)} all ${total.toFixed(2).padStart(7)} ms  (server process: SSR + API + SQLite, ${pageRuns} runs)`);
    }
  } finally {
    child.kill('SIGTERM');
  }
} else {
  console.log('portal pages skipped: build the Node portal first (npm run build:node -w @binh-dang/portal)');
}

const out = join(repoRoot, 'infra/bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'cpu.json'),
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
      runs: RUNS,
      api: rows,
      pages,
    },
    null,
    2,
  )}\n`,
);
rmSync(work, { recursive: true, force: true });
console.log(`written ${join(out, 'cpu.json')}`);
