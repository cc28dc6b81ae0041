// Load benchmark (issue 9): the real Node server (src/node.ts) on a fresh libSQL file database
// (migrated, demo data, demo story with approved 2024 reports, demo accounts), under 100
// connections for --duration seconds (default 600) of mixed public reads and authenticated writes:
//
//   - 99 connections each cycle through 20 requests: 17 public reads (public units, results of a
//     district, a province and the communes, CSV/JSON downloads, plans, progress, the data
//     package — once conditional, answered 304 — org units, indicators, plans, and every tenth
//     round the plan's .docx) and 3 writes, each a new record that cannot conflict with any other:
//     an activity of Xã Cao Xá (its reporter), a case record of Xã Cao Xá (its case worker, AES-GCM
//     encrypted fields) and an invitation to Huyện Lâm Thao (the coordinator, which also queues an
//     e-mail in the local outbox);
//   - 1 connection saves the draft 2024 report of Xã Tiên Kiên (its reporter) over and over:
//     GET it, then PUT with the version just read (one writer per report, so no 409 can happen).
//
// Every answer that is not 2xx or 304 is an error, and so is every socket error and timeout
// (10 s); the run passes with 0 errors. The server's RSS (/proc/<pid>/status VmRSS) is sampled
// every 5 s, and from inside the server (bench/memory-probe.ts, preloaded) its V8 heap every 5 s
// and its heap after a full collection every 15 s; latency and throughput are cut into 10-s
// windows. The first 30 % of the run (180 s of 600) is warm-up: the heap grows into its working
// size, SQLite's page cache fills, V8 optimises. After it, memory is "flat" when both
//   - the least-squares slope of heapUsed after GC is below 1 MB per minute (live JS objects do
//     not accumulate), and
//   - RSS never rises more than 5 % above its value at the end of the warm-up (the process as a
//     whole, native memory included, stays in a band).
//
// Run (from the repository root): npm run bench:load            (600 s, writes bench/results/load.json and load.md)
//                                 npm run bench:load -- --duration 30   (a quick try; results go to the temp folder)
// Options: --duration <s>, --out <file.json>, --snapshots <dir> (two heap snapshots of the
// server, after the warm-up and at the end of the load, to compare with bench/heap-diff.ts; writing
// one stalls the server for seconds, so such a run is for diagnosis, not for the figures).
// KEEP_DB=1 keeps the database and prints its path; SERVER_NODE_ARGS adds Node options to the
// server's command line.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateCaseKey } from '@binh-dang/domain';
import { DEMO_PASSWORD } from '../src/auth/demo-accounts.ts';
import { Samples, slope, summariseLatency } from './stats.ts';

const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '600' }, out: { type: 'string' }, snapshots: { type: 'string' } } });
const DURATION_S = Number(args.duration);
if (!Number.isInteger(DURATION_S) || DURATION_S < 10) throw new Error('--duration: a whole number of seconds, at least 10');
const FULL_RUN = DURATION_S === 600;
const WARM_UP_S = Math.round(DURATION_S * 0.3);
const CONNECTIONS = 100;
const MEMORY_EVERY_S = 5;
const GC_EVERY_S = 15;
const WINDOW_S = 10;
const TIMEOUT_S = 10;
/** Memory flat: slope of heapUsed after GC below this (MB per minute) … */
const FLAT_HEAP_MB_PER_MIN = 1;
/** … and RSS after the warm-up never above its value at the end of the warm-up by more than this (%). */
const FLAT_RSS_BAND_PERCENT = 5;

const apiDir = fileURLToPath(new URL('../', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const outFile = args.out ?? (FULL_RUN ? join(resultsDir, 'load.json') : join(os.tmpdir(), `binh-dang-load-${DURATION_S}s.json`));

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const loadAverage = () => os.loadavg().map((l) => round(l));

// ---------------------------------------------------------------------------------------------
// The server

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return round(Number(kb[1]) / 1024, 1);
}

/** The database file and its WAL/journal, in bytes. */
function databaseBytes(): number {
  return [dbFile, `${dbFile}-wal`, `${dbFile}-journal`].reduce((sum, f) => sum + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
}

/** What the server's memory probe (bench/memory-probe.ts) has written so far, in MB, t in s since the load began. */
interface HeapSample {
  t: number;
  afterGc: boolean;
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  arrayBuffersMB: number;
}
function readProbe(): HeapSample[] {
  const text = readFileSync(probeFile, { encoding: 'utf8', flag: 'a+' });
  const mb = (bytes: number) => round(bytes / 1024 ** 2, 1);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { at: number; afterGc: boolean; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number })
    .map((m) => ({
      t: round((m.at - loadStartWall) / 1000, 1),
      afterGc: m.afterGc,
      rssMB: mb(m.rss),
      heapUsedMB: mb(m.heapUsed),
      heapTotalMB: mb(m.heapTotal),
      externalMB: mb(m.external),
      arrayBuffersMB: mb(m.arrayBuffers),
    }));
}

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const loadAtStart = loadAverage();
const dir = mkdtempSync(join(os.tmpdir(), 'binh-dang-load-'));
const dbFile = join(dir, 'load.db');
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const serverLog: string[] = [];
// SERVER_NODE_ARGS: extra Node options for the server (e.g. --max-old-space-size=256), space-separated.
// --expose-gc lets the memory probe collect before its after-GC samples; it changes nothing else.
const serverArgs = [...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--expose-gc', '--import', 'tsx', '--import', './bench/memory-probe.ts', 'src/node.ts'];
const probeFile = join(dir, 'memory.jsonl');
const snapshotDir = args.snapshots ? fileURLToPath(new URL(args.snapshots, `file://${process.cwd()}/`)) : undefined;
if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
const server = spawn(process.execPath, serverArgs, {
  cwd: apiDir,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${dbFile}`,
    // Everything the server would otherwise keep under data/ stays in the temp folder.
    AUTH_SECRET: randomBytes(32).toString('hex'),
    CASE_DATA_KEYS: generateCaseKey('v1'),
    UPLOADS_DIR: join(dir, 'uploads'),
    NODE_ENV: 'development',
    DEMO_SCENARIO: 'on',
    DEMO_ACCOUNTS: 'on',
    MAIL_PROVIDER: '',
    MAIL_API_KEY: '',
    BENCH_MEMORY_FILE: probeFile,
    BENCH_MEMORY_EVERY_MS: String(MEMORY_EVERY_S * 1000),
    BENCH_GC_EVERY_MS: String(GC_EVERY_S * 1000),
    ...(snapshotDir ? { BENCH_HEAP_SNAPSHOT_DIR: snapshotDir } : {}),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const keepLog = (chunk: Buffer) => {
  serverLog.push(chunk.toString());
  if (serverLog.length > 200) serverLog.shift();
};
server.stdout.on('data', keepLog);
server.stderr.on('data', keepLog);
let serverExited: number | null = null;
server.on('exit', (code) => (serverExited = code ?? -1));
const serverPid = server.pid!;

async function stopServer() {
  if (serverExited !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (serverExited === null) server.kill('SIGKILL');
}

function fail(message: string): never {
  console.error(`\n${message}\n--- server output (tail) ---\n${serverLog.join('').slice(-4000)}`);
  void stopServer().then(() => process.exit(1));
  throw new Error(message);
}

const startedAt = performance.now();
for (;;) {
  if (serverExited !== null) fail(`the server exited (${serverExited}) before it answered`);
  try {
    const res = await fetch(`${origin}/api/health`);
    if (res.ok) break;
  } catch {
    // not listening yet
  }
  if (performance.now() - startedAt > 120_000) fail('the server did not answer /api/health within 120 s');
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const serverStartSeconds = round((performance.now() - startedAt) / 1000, 1);
console.log(`Server pid ${serverPid} on ${origin} (database ${dbFile}), ready in ${serverStartSeconds} s`);

// ---------------------------------------------------------------------------------------------
// Setup: sessions, the draft report, the units to read

async function api(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${origin}${path}`, { ...init, headers });
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) fail(`${what}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signIn(email: string): Promise<string> {
  const res = await api('/api/v1/session', { method: 'POST', body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  await json(res, `sign-in of ${email}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.includes('session_token='));
  if (!cookie) fail(`sign-in of ${email}: no session cookie`);
  return cookie;
}

const PLAN = 'ke-hoach-bdg-lam-thao-2024';
const cookies = {
  reporterCaoXa: await signIn('baocao.caoxa@lamthao.demo'),
  reporterTienKien: await signIn('baocao.tienkien@lamthao.demo'),
  caseWorker: await signIn('vuviec.caoxa@lamthao.demo'),
  coordinator: await signIn('dieuphoi@lamthao.demo'),
};

const district = await json<{ children: { id: string; kind: string }[] }>(await api('/api/v1/public/units/huyen-lam-thao'), 'public district');
const communes = district.children.filter((u) => u.kind === 'commune').map((u) => u.id);
if (communes.length < 10) fail(`expected Lâm Thao's communes, got ${communes.length}`);
const datapackage = await api('/api/v1/public/datapackage.json');
const datapackageEtag = datapackage.headers.get('etag');
if (!datapackageEtag) fail('the data package has no ETag');
const created = await json<{ report: { id: string } }>(
  await api('/api/v1/org-units/xa-tien-kien-2024/reports', { method: 'POST', cookie: cookies.reporterTienKien, body: JSON.stringify({ planId: PLAN, period: '2024' }) }),
  'the draft report of Xã Tiên Kiên',
);
const reportId = created.report.id;
const idleBeforeLoadMB = rssMB(serverPid);
const databaseBytesBeforeLoad = databaseBytes();

// ---------------------------------------------------------------------------------------------
// The requests

type Kind = 'publicRead' | 'authenticatedRead' | 'write';
type Req = autocannon.Request;

interface Tag {
  name: string;
  kind: Kind;
  status: number;
}

// onResponse runs synchronously just before autocannon's 'response' event for the same answer:
// it leaves the request's name here for the event handler to pick up.
let lastAnswer: Tag | null = null;
const errorSamples: { t: number; name: string; status: number | null; body: string }[] = [];
const elapsed = () => round((performance.now() - loadStart) / 1000, 1);

function tagged(name: string, kind: Kind, request: Req, after?: (body: string, context: Record<string, unknown>) => void): Req {
  return {
    ...request,
    onResponse: (status, body, context) => {
      lastAnswer = { name, kind, status };
      const ok = (status >= 200 && status < 300) || status === 304;
      if (!ok && errorSamples.length < 30) errorSamples.push({ t: elapsed(), name, status, body: body.slice(0, 400) });
      if (ok && after) after(body, context as Record<string, unknown>);
    },
  };
}

const get = (name: string, path: string, extra: Partial<Req> = {}) => tagged(name, 'publicRead', { method: 'GET', path, ...extra });
let round24 = 0;
const communeAt = (n: number) => communes[n % communes.length]!;
const dayOf2024 = (n: number) => new Date(Date.UTC(2024, 0, 1) + (n % 330) * 86_400_000).toISOString().slice(0, 10);
const runId = Date.now().toString(36);
const counters = { activities: 0, cases: 0, invitations: 0, reportSaves: 0 };

const post = (cookie: string, path: string, body: () => unknown): Req => ({
  method: 'POST',
  path,
  headers: { cookie, 'content-type': 'application/json' },
  setupRequest: (req) => ({ ...req, body: JSON.stringify(body()) }),
});

const mixed: Req[] = [
  get('public units', '/api/v1/public/units'),
  get('public district', '/api/v1/public/units/huyen-lam-thao'),
  get('results of the district', '/api/v1/public/units/huyen-lam-thao/results?period=2024'),
  tagged('write: activity (Cao Xá reporter)', 'write', post(cookies.reporterCaoXa, '/api/v1/org-units/xa-cao-xa-2024/activities', () => {
    const n = ++counters.activities;
    return { kind: 'communication', date: dayOf2024(n), title: `Bài tuyên truyền số ${n} (tải thử)`, details: { form: 'article', items: 1 + (n % 3) } };
  })),
  get('results of the province', '/api/v1/public/units/tinh-phu-tho-1997/results?period=2024'),
  { ...get('results of a commune', ''), setupRequest: (req) => ({ ...req, path: `/api/v1/public/units/${communeAt(++round24)}/results?period=2024` }) },
  get('results.csv of the district', '/api/v1/public/units/huyen-lam-thao/results.csv?period=2024'),
  get('org units', '/api/v1/org-units'),
  tagged('write: case record (Cao Xá case worker)', 'write', post(cookies.caseWorker, '/api/v1/org-units/xa-cao-xa-2024/cases', () => {
    const n = ++counters.cases;
    return {
      intakeDate: dayOf2024(n),
      type: 'physical_assault',
      contexts: ['intimate_partner'],
      victimSex: 'female',
      victimAgeGroup: '26_40',
      relationship: 'spouse',
      identifying: { victimName: `Nạn nhân thử ${n}` },
    };
  })),
  { ...get('results.json of a commune', ''), setupRequest: (req) => ({ ...req, path: `/api/v1/public/units/${communeAt(round24 + 5)}/results.json?period=2024` }) },
  get('plans.json of the district', '/api/v1/public/units/huyen-lam-thao/plans.json'),
  get('plans.csv of the province', '/api/v1/public/units/tinh-phu-tho-1997/plans.csv'),
  get('public plan', `/api/v1/public/plans/${PLAN}`),
  get('plan progress', `/api/v1/public/plans/${PLAN}/progress`),
  tagged('write: invitation (coordinator)', 'write', post(cookies.coordinator, '/api/v1/org-units/huyen-lam-thao/invitations', () => {
    const n = ++counters.invitations;
    return { email: `tai-thu-${runId}-${n}@lamthao.demo`, role: 'viewer' };
  })),
  get('plan progress.csv', `/api/v1/public/plans/${PLAN}/progress.csv`),
  get('data package (If-None-Match: 304)', '/api/v1/public/datapackage.json', { headers: { 'if-none-match': datapackageEtag } }),
  get('indicators', '/api/v1/indicators'),
  get('plans', '/api/v1/plans'),
  // Every tenth time: the issued plan as .docx (built on each request); else a commune's page.
  {
    ...get('commune page / plan .docx (1 in 10)', ''),
    setupRequest: (req) => ({ ...req, path: round24 % 10 === 0 ? `/api/v1/public/plans/${PLAN}/docx` : `/api/v1/public/units/${communeAt(round24 + 3)}` }),
  },
];

// One connection: read the Tiên Kiên draft, save it with the version read (and new figures).
const reportSaves: Req[] = [
  tagged('draft report (Tiên Kiên reporter)', 'authenticatedRead', { method: 'GET', path: `/api/v1/reports/${reportId}`, headers: { cookie: cookies.reporterTienKien } }, (body, context) => {
    const read = JSON.parse(body) as { report: { version: number }; narratives: { trackingId: string }[] };
    context.version = read.report.version;
    context.trackingIds = read.narratives.map((n) => n.trackingId);
  }),
  tagged('write: draft report save (Tiên Kiên reporter)', 'write', {
    method: 'PUT',
    path: `/api/v1/reports/${reportId}`,
    headers: { cookie: cookies.reporterTienKien, 'content-type': 'application/json' },
    setupRequest: (req, context) => {
      const ctx = context as { version?: number; trackingIds?: string[] };
      // The read failed (an error already counted): start again from the read.
      if (ctx.version === undefined) return null as unknown as Req;
      const n = ++counters.reportSaves;
      return {
        ...req,
        body: JSON.stringify({
          version: ctx.version ?? 0,
          // Indicators entered by hand only (none is computed from activities or cases).
          values: [
            { indicator: 'OP-WOMEN-CADRES-PLANNED', category: 'total', value: 3 + (n % 4) },
            { indicator: 'OP-WOMEN-CADRES-APPOINTED', category: 'total', value: n % 3 },
          ],
          narratives: (ctx.trackingIds ?? []).map((trackingId) => ({ trackingId, results: `Đã triển khai kế hoạch (lần lưu ${n})`, shortcomings: null, proposals: null })),
        }),
      };
    },
  }),
];

// ---------------------------------------------------------------------------------------------
// Measuring

interface Window {
  requests: number;
  errors: number;
  latencies: number[];
  read: number[];
  write: number[];
}
const newWindow = (): Window => ({ requests: 0, errors: 0, latencies: [], read: [], write: [] });
let current = newWindow();
const series: {
  t: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  readP99Ms: number;
  writeP99Ms: number;
  errors: number;
  rssMB: number;
  heapUsedMB: number;
  heapAfterGcMB: number | null;
  serverCpuPercent: number;
}[] = [];
const memory: { t: number; rssMB: number; serverCpuPercent: number }[] = [];
const samples: Record<Kind, Samples> = { publicRead: new Samples(), authenticatedRead: new Samples(), write: new Samples() };
const byRoute = new Map<string, { kind: Kind; statuses: Record<string, number>; latencies: Samples }>();
const totals = { requests: 0, ok: 0, non2xx: 0, socketErrors: 0, timeouts: 0, untagged: 0, bytes: 0 };
const socketErrorSamples: string[] = [];
const loadDuringRun: number[][] = [];

function onAnswer(statusCode: number, bytes: number, ms: number) {
  const tag = lastAnswer;
  lastAnswer = null;
  totals.requests++;
  totals.bytes += bytes;
  current.requests++;
  current.latencies.push(ms);
  const ok = (statusCode >= 200 && statusCode < 300) || statusCode === 304;
  if (ok) totals.ok++;
  else {
    totals.non2xx++;
    current.errors++;
  }
  if (!tag || tag.status !== statusCode) {
    totals.untagged++;
    return;
  }
  samples[tag.kind].push(ms);
  (tag.kind === 'write' ? current.write : current.read).push(ms);
  let route = byRoute.get(tag.name);
  if (!route) byRoute.set(tag.name, (route = { kind: tag.kind, statuses: {}, latencies: new Samples() }));
  route.statuses[statusCode] = (route.statuses[statusCode] ?? 0) + 1;
  route.latencies.push(ms);
}

function onSocketError(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  if (message === 'request timed out') totals.timeouts++;
  else totals.socketErrors++;
  current.errors++;
  if (socketErrorSamples.length < 20) socketErrorSamples.push(`${elapsed()} s: ${message}`);
}

function closeWindow() {
  const w = current;
  current = newWindow();
  const all = summariseLatency(w.latencies);
  series.push({
    t: elapsed(),
    requestsPerSecond: round(w.requests / WINDOW_S, 1),
    p50Ms: all.p50Ms,
    p99Ms: all.p99Ms,
    readP99Ms: summariseLatency(w.read).p99Ms,
    writeP99Ms: summariseLatency(w.write).p99Ms,
    errors: w.errors,
    rssMB: memory.at(-1)?.rssMB ?? idleBeforeLoadMB,
    heapUsedMB: heap.findLast((h) => !h.afterGc)?.heapUsedMB ?? 0,
    heapAfterGcMB: heap.findLast((h) => h.afterGc)?.heapUsedMB ?? null,
    serverCpuPercent: memory.at(-1)?.serverCpuPercent ?? 0,
  });
}

function run(name: string, connections: number, requests: Req[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ title: name, url: origin, connections, pipelining: 1, duration: DURATION_S, timeout: TIMEOUT_S, requests }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) => onAnswer(statusCode, resBytes, responseTime));
    instance.on('reqError', onSocketError);
  });
}

console.log(`Load: ${CONNECTIONS} connections for ${DURATION_S} s (warm-up ${WARM_UP_S} s); server RSS before the load ${idleBeforeLoadMB} MB`);
const loadStart = performance.now();
const loadStartWall = Date.now();
let heap: HeapSample[] = [];
const cpuAtStart = cpuSeconds(serverPid);
let lastCpu = { t: 0, seconds: cpuAtStart };
/** RSS now, and the server's CPU use since the last sample as a percentage of one core. */
function sample() {
  const t = elapsed();
  const seconds = cpuSeconds(serverPid);
  const serverCpuPercent = t > lastCpu.t ? round(((seconds - lastCpu.seconds) / (t - lastCpu.t)) * 100, 1) : 0;
  lastCpu = { t, seconds };
  memory.push({ t, rssMB: rssMB(serverPid), serverCpuPercent });
  heap = readProbe();
}
sample();
const memoryTimer = setInterval(() => {
  if (serverExited === null) sample();
}, MEMORY_EVERY_S * 1000);
const windowTimer = setInterval(() => {
  closeWindow();
  const last = series.at(-1)!;
  if (series.length % 6 === 0 || DURATION_S <= 60)
    console.log(
      `  ${String(Math.round(last.t)).padStart(4)} s  ${String(last.requestsPerSecond).padStart(7)} req/s  p50 ${last.p50Ms} ms  p99 ${last.p99Ms} ms  errors ${last.errors}  RSS ${last.rssMB} MB  heap ${last.heapUsedMB} MB (after GC ${last.heapAfterGcMB})  server CPU ${last.serverCpuPercent} %  load ${os.loadavg()[0]!.toFixed(1)}`,
    );
}, WINDOW_S * 1000);
const loadTimer = setInterval(() => loadDuringRun.push(loadAverage()), 60_000);
const snapshotsTaken: string[] = [];
async function snapshot() {
  if (!snapshotDir || serverExited !== null) return;
  const before = serverLog.join('').split('[memory-probe] heap snapshot').length;
  server.kill('SIGUSR2');
  for (let i = 0; i < 600 && serverLog.join('').split('[memory-probe] heap snapshot').length === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  snapshotsTaken.push(`${elapsed()} s`);
  console.log(`  heap snapshot at ${elapsed()} s in ${snapshotDir}`);
}
const warmUpSnapshot = setTimeout(() => void snapshot(), WARM_UP_S * 1000);

const [mixedResult, reportResult] = await Promise.all([run('mixed', CONNECTIONS - 1, mixed), run('report saves', 1, reportSaves)]);
clearInterval(memoryTimer);
clearInterval(windowTimer);
clearInterval(loadTimer);
clearTimeout(warmUpSnapshot);
if (current.requests > 0 && elapsed() - (series.at(-1)?.t ?? 0) >= WINDOW_S / 2) closeWindow();
const loadSeconds = round((performance.now() - loadStart) / 1000, 1);
const serverAlive = serverExited === null;
if (serverAlive) sample();
const serverCpu = serverAlive ? round(cpuSeconds(serverPid) - cpuAtStart, 1) : null;
await snapshot();
await stopServer();
const databaseBytesAtEnd = databaseBytes();
if (process.env.KEEP_DB) console.log(`Database kept: ${dbFile}`);
else rmSync(dir, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// Results

const errors = totals.non2xx + totals.socketErrors + totals.timeouts + (serverAlive ? 0 : 1);
// Memory after the warm-up. RSS from /proc; the band is measured from the last sample of the
// warm-up. Heap from the probe inside the server; the slope is that of the after-GC samples.
const afterWarmUp = memory.filter((m) => m.t >= WARM_UP_S);
const memStart = memory.findLast((m) => m.t <= WARM_UP_S)?.rssMB ?? afterWarmUp[0]?.rssMB ?? 0;
const memEnd = afterWarmUp.at(-1)?.rssMB ?? 0;
const rssMaxAfterWarmUp = Math.max(memStart, ...afterWarmUp.map((m) => m.rssMB));
const rssRisePercent = memStart ? round(((rssMaxAfterWarmUp - memStart) / memStart) * 100, 1) : 0;
const rssSlope = round(slope(afterWarmUp.map((m) => ({ x: m.t / 60, y: m.rssMB }))), 3);
const heapDuringLoad = heap.filter((h) => h.t >= 0 && h.t <= loadSeconds + 1);
const gcAfterWarmUp = heapDuringLoad.filter((h) => h.afterGc && h.t >= WARM_UP_S);
const heapSlope = round(slope(gcAfterWarmUp.map((h) => ({ x: h.t / 60, y: h.heapUsedMB }))), 3);
const heapFlat = gcAfterWarmUp.length >= 3 && heapSlope < FLAT_HEAP_MB_PER_MIN;
const rssInBand = rssRisePercent < FLAT_RSS_BAND_PERCENT;
const flat = serverAlive && heapFlat && rssInBand;
const verdict = flat ? 'memory flat' : 'memory NOT flat';
const gcWarmUpEnd = heapDuringLoad.findLast((h) => h.afterGc && h.t <= WARM_UP_S) ?? gcAfterWarmUp[0];
const stat = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
const all = summariseLatency([...samples.publicRead.values(), ...samples.authenticatedRead.values(), ...samples.write.values()]);
const writes = samples.write.length;

const output = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    /** 1/5/15-minute load averages at the start, each minute of the load, and the end (other work on this shared machine adds noise). */
    loadAverage: { start: loadAtStart, duringRun: loadDuringRun, end: loadAverage() },
    note: 'The load generator (autocannon, in this process) and the server share the machine; other work ran on it at the same time.',
  },
  server: {
    command: `node ${serverArgs.join(' ')} (API only, no portal)`,
    database: 'libSQL file in a temp folder, migrated, demo data + demo story (10 approved 2024 reports) + demo accounts',
    startSeconds: serverStartSeconds,
    databaseBytesBeforeLoad,
    databaseBytesAtEnd,
    databaseGrowthMB: round((databaseBytesAtEnd - databaseBytesBeforeLoad) / 1024 ** 2, 1),
    memoryProbe: `bench/memory-probe.ts (preloaded): process.memoryUsage() every ${MEMORY_EVERY_S} s, and after a full GC (global.gc, --expose-gc) every ${GC_EVERY_S} s`,
  },
  load: {
    durationSeconds: DURATION_S,
    measuredSeconds: loadSeconds,
    warmUpSeconds: WARM_UP_S,
    connections: CONNECTIONS,
    timeoutSeconds: TIMEOUT_S,
    mix: [
      `${CONNECTIONS - 1} connections, each cycling through ${mixed.length} requests: 17 public reads and 3 writes (activity, case record, invitation — each a new record)`,
      '1 connection: GET the Tiên Kiên draft report, PUT it with the version read',
    ],
    windowSeconds: WINDOW_S,
    memorySampleSeconds: MEMORY_EVERY_S,
  },
  goals: {
    zeroErrors: { goal: 'every answer 2xx or 304; no socket error, no timeout', errors, pass: errors === 0 },
    memoryFlat: {
      goal:
        `after the warm-up (the first ${WARM_UP_S} s, 30 % of the run): least-squares slope of the server's heapUsed after a full GC < ${FLAT_HEAP_MB_PER_MIN} MB/min, ` +
        `and its RSS never more than ${FLAT_RSS_BAND_PERCENT} % above the RSS at the end of the warm-up`,
      heapAfterGcSlopeMBPerMinute: heapSlope,
      heapPass: heapFlat,
      rssRisePercent,
      rssPass: rssInBand,
      pass: flat,
      verdict,
    },
  },
  totals: {
    requests: totals.requests,
    ok: totals.ok,
    errors,
    non2xx: totals.non2xx,
    socketErrors: totals.socketErrors,
    timeouts: totals.timeouts,
    untagged: totals.untagged,
    requestsPerSecond: round(totals.requests / loadSeconds, 1),
    /** CPU seconds the server used during the load, per request, and as a share of one core (the rest of the machine was busy too). */
    serverCpuSeconds: serverCpu,
    serverCpuMsPerRequest: serverCpu === null ? null : round((serverCpu * 1000) / Math.max(1, totals.requests)),
    serverCpuPercentOfOneCore: serverCpu === null ? null : round((serverCpu / loadSeconds) * 100, 1),
    megabytesPerSecond: round(totals.bytes / loadSeconds / 1024 ** 2),
    writes,
    writeShare: round(writes / Math.max(1, totals.requests), 3),
    created: counters,
    autocannon: [mixedResult, reportResult].map((r) => ({ title: r.title, requests: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, statusCodeStats: r.statusCodeStats })),
  },
  latency: { all, publicRead: summariseLatency(samples.publicRead.values()), authenticatedRead: summariseLatency(samples.authenticatedRead.values()), write: summariseLatency(samples.write.values()) },
  routes: [...byRoute].map(([name, r]) => ({ name, kind: r.kind, statuses: r.statuses, ...summariseLatency(r.latencies.values()) })),
  memory: {
    warmUpSeconds: WARM_UP_S,
    verdict,
    rss: {
      idleBeforeLoadMB,
      atWarmUpEndMB: memStart,
      maxAfterWarmUpMB: rssMaxAfterWarmUp,
      endMB: memEnd,
      maxMB: Math.max(...memory.map((m) => m.rssMB)),
      risePercent: rssRisePercent,
      bandPercent: FLAT_RSS_BAND_PERCENT,
      slopeAfterWarmUpMBPerMinute: rssSlope,
    },
    heapAfterGc: {
      atWarmUpEndMB: gcWarmUpEnd?.heapUsedMB ?? null,
      afterWarmUp: gcAfterWarmUp.length ? stat(gcAfterWarmUp.map((h) => h.heapUsedMB)) : null,
      endMB: gcAfterWarmUp.at(-1)?.heapUsedMB ?? null,
      samplesAfterWarmUp: gcAfterWarmUp.length,
      slopeMBPerMinute: heapSlope,
      thresholdMBPerMinute: FLAT_HEAP_MB_PER_MIN,
    },
    heapUsed: heapDuringLoad.length ? stat(heapDuringLoad.filter((h) => !h.afterGc).map((h) => h.heapUsedMB)) : null,
    /** RSS (from /proc) and server CPU every ${MEMORY_EVERY_S} s. */
    samples: memory,
    /** From inside the server: memoryUsage() every ${MEMORY_EVERY_S} s, and after a full GC (afterGc) every ${GC_EVERY_S} s. */
    heapSamples: heapDuringLoad,
  },
  heapSnapshots: snapshotDir ? { dir: snapshotDir, taken: snapshotsTaken } : undefined,
  series,
  errorSamples,
  socketErrorSamples,
  serverLogTail: errors ? serverLog.join('').slice(-4000) : undefined,
};

const l = output.latency;
console.log(`\nRequests ${totals.requests} in ${loadSeconds} s (${output.totals.requestsPerSecond} req/s), writes ${writes} (${round(output.totals.writeShare * 100, 1)} %)`);
console.log(`Server CPU ${serverCpu} s (${output.totals.serverCpuPercentOfOneCore} % of one core, ${output.totals.serverCpuMsPerRequest} ms per request); load average ${output.machine.loadAverage.end.join(' / ')}`);
console.log(`Errors ${errors}: non-2xx/304 ${totals.non2xx}, socket ${totals.socketErrors}, timeouts ${totals.timeouts}${serverAlive ? '' : ', the server died'}`);
for (const [name, s] of Object.entries(l)) console.log(`  ${name.padEnd(18)} n=${String(s.count).padStart(8)}  p50 ${s.p50Ms} ms  p90 ${s.p90Ms} ms  p99 ${s.p99Ms} ms  max ${s.maxMs} ms`);
const hg = output.memory.heapAfterGc;
console.log(`Database ${round(databaseBytesBeforeLoad / 1024 ** 2, 1)} → ${round(databaseBytesAtEnd / 1024 ** 2, 1)} MB (+${output.server.databaseGrowthMB} MB)`);
console.log(`RSS: idle ${idleBeforeLoadMB} MB, ${memStart} MB at the end of the ${WARM_UP_S}-s warm-up, max after it ${rssMaxAfterWarmUp} MB (+${rssRisePercent} %, band ${FLAT_RSS_BAND_PERCENT} %), end ${memEnd} MB; slope ${rssSlope} MB/min`);
console.log(`Heap after GC: ${hg.atWarmUpEndMB} MB at the end of the warm-up, ${hg.afterWarmUp?.min}–${hg.afterWarmUp?.max} MB after it (${hg.samplesAfterWarmUp} samples), end ${hg.endMB} MB; slope ${heapSlope} MB/min (limit ${FLAT_HEAP_MB_PER_MIN}) → ${verdict}`);
for (const e of errorSamples.slice(0, 5)) console.log(`  error at ${e.t} s: ${e.name} → ${e.status} ${e.body.slice(0, 200)}`);
for (const e of socketErrorSamples.slice(0, 5)) console.log(`  socket error at ${e}`);
console.log(
  `[issue 9] load: ${totals.requests.toLocaleString('en')} requests in ${loadSeconds} s at ${CONNECTIONS} connections (${output.totals.requestsPerSecond} req/s, ${writes.toLocaleString('en')} writes), ${errors} errors; ` +
    `p99 reads ${l.publicRead.p99Ms} ms, writes ${l.write.p99Ms} ms; after the ${WARM_UP_S}-s warm-up heap after GC ${heapSlope} MB/min, RSS ${memStart} → max ${rssMaxAfterWarmUp} MB (+${rssRisePercent} %): ${verdict}`,
);

mkdirSync(join(outFile, '..'), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(output, null, 2)}\n`);
console.log(`Wrote ${outFile}`);
const mdFile = outFile.replace(/\.json$/, '') + '.md';
writeFileSync(mdFile, markdown());
console.log(`Wrote ${mdFile}`);
process.exit(errors === 0 && flat ? 0 : 1);

function markdown(): string {
  const m = output.machine;
  const row = (name: string, s: (typeof l)['all']) => `| ${name} | ${s.count.toLocaleString('en')} | ${s.p50Ms} | ${s.p90Ms} | ${s.p99Ms} | ${s.maxMs} |`;
  const minutes = series.filter((_, i) => (i + 1) % 6 === 0);
  return [
    '# Load benchmark (issue 9)',
    '',
    `Run ${output.date} by \`npm run bench:load\` (apps/api/bench/load.ts); every figure is in load.json.`,
    `Machine: ${m.cpu}, ${m.cpus} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}; load average ${m.loadAverage.start.join(' / ')} at the start, ${m.loadAverage.end.join(' / ')} at the end (shared machine; the load generator runs on it too).`,
    '',
    `${output.server.command}, ${output.server.database}. ${CONNECTIONS} connections for ${DURATION_S} s:`,
    ...output.load.mix.map((x) => `- ${x}`),
    '',
    `**${output.goals.zeroErrors.pass ? 'Pass' : 'FAIL'}: ${errors} errors** in ${totals.requests.toLocaleString('en')} requests (${output.totals.requestsPerSecond} req/s; ${writes.toLocaleString('en')} writes, ${round(output.totals.writeShare * 100, 1)} %).`,
    `Server CPU: ${serverCpu} s over ${loadSeconds} s (${output.totals.serverCpuPercentOfOneCore} % of one core, ${output.totals.serverCpuMsPerRequest} ms per request).`,
    `Database file: ${round(databaseBytesBeforeLoad / 1024 ** 2, 1)} MB before the load, ${round(databaseBytesAtEnd / 1024 ** 2, 1)} MB after (+${output.server.databaseGrowthMB} MB of new records).`,
    '',
    `Memory rule (warm-up = the first ${WARM_UP_S} s, 30 % of the run): flat when, after the warm-up, the least-squares slope of heapUsed after a full GC (sampled every ${GC_EVERY_S} s inside the server) is below ${FLAT_HEAP_MB_PER_MIN} MB/min **and** RSS never rises more than ${FLAT_RSS_BAND_PERCENT} % above its value at the end of the warm-up.`,
    `**${flat ? 'Pass' : 'FAIL'}: ${verdict}**: heap after GC ${hg.atWarmUpEndMB} MB at the end of the warm-up, ${hg.afterWarmUp?.min}–${hg.afterWarmUp?.max} MB after it, slope ${heapSlope} MB/min (${heapFlat ? 'pass' : 'FAIL'}); ` +
      `RSS ${memStart} MB at the end of the warm-up, max ${rssMaxAfterWarmUp} MB after it (+${rssRisePercent} %, ${rssInBand ? 'pass' : 'FAIL'}), ${memEnd} MB at the end (RSS slope ${rssSlope} MB/min, idle before the load ${idleBeforeLoadMB} MB).`,
    '',
    '| Requests | n | p50 ms | p90 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    row('all', l.all),
    row('public reads', l.publicRead),
    row('authenticated reads', l.authenticatedRead),
    row('writes', l.write),
    '',
    'Each minute (the 10-s window ending then):',
    '',
    '| t s | req/s | p50 ms | p99 ms | read p99 ms | write p99 ms | errors | RSS MB | heapUsed MB | heap after GC MB | server CPU % of a core |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...minutes.map(
      (s) =>
        `| ${Math.round(s.t)} | ${s.requestsPerSecond} | ${s.p50Ms} | ${s.p99Ms} | ${s.readP99Ms} | ${s.writeP99Ms} | ${s.errors} | ${s.rssMB} | ${s.heapUsedMB} | ${s.heapAfterGcMB ?? ''} | ${s.serverCpuPercent} |`,
    ),
    '',
  ].join('\n');
}
