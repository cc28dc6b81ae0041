// Against a database over libSQL's HTTP protocol — what Turso speaks — served locally from a SQLite
// file (infra/lib/hrana-server.ts), since no Turso account is reachable from here: the migration
// command on a libsql:// URL, provisioning's database steps, the preview seed, and the Worker entry
// (worker.ts, with the web client it uses on Cloudflare): requests, sign-in and the Cron Trigger's
// reminder job.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer, type HranaServer } from '../../../../infra/lib/hrana-server.ts';
import worker from '../../src/worker.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'binh-dang-remote-'));
const TOKEN = 'remote-test-token-5c1d';
let server: HranaServer;
let seeded: HranaServer;

/** Runs a script with tsx, asynchronously: the database server answers from this process. */
function node(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', ...args],
      { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: work, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

beforeAll(async () => {
  server = await startHranaServer(join(work, 'province.db'));
  seeded = await startHranaServer(join(work, 'demo.db'));
});
afterAll(async () => {
  await server?.close();
  await seeded?.close();
  rmSync(work, { recursive: true, force: true });
});

/** libsql://host:port?tls=0 is libSQL over plain HTTP (Turso's URLs are libsql:// over HTTPS). */
const libsqlUrl = (s: HranaServer) => `libsql://${new URL(s.url).host}?tls=0`;

describe('npm run db:migrate on a libsql:// URL', () => {
  it('applies every migration, then finds nothing to do', async () => {
    const env = { DATABASE_URL: libsqlUrl(server), DATABASE_AUTH_TOKEN: TOKEN };
    const first = await node(['packages/db/src/cli.ts', 'migrate'], env);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/migrated libsql:\/\/127\.0\.0\.1:\d+: applied 0000_init, 0001_identity_and_audit, .*\((\d+) of \1\)/);
    const again = await node(['packages/db/src/cli.ts', 'migrate'], env);
    expect(again.out).toMatch(/already up to date \((\d+) of \1\)/);
    const status = await node(['packages/db/src/cli.ts', 'status'], env);
    expect(status.out).not.toContain('pending');
    for (const out of [first.out, again.out, status.out]) expect(out).not.toContain(TOKEN);
  }, 120_000);

  it('fails cleanly without the token the server requires', { timeout: 60_000 }, async () => {
    const run = await node(['packages/db/src/cli.ts', 'migrate'], { DATABASE_URL: libsqlUrl(server) });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/db: migrate failed on libsql:\/\/127\.0\.0\.1:\d+: /);
  });
});

describe('provisioning on the remote database', () => {
  it('loads the tree and invites the administrator over HTTP', async () => {
    const run = await node(
      ['infra/provision.ts', '--province', 'phu-tho', '--name', 'Tỉnh Phú Thọ', '--tree', 'infra/trees/phu-tho-2025.json', '--admin', 'quantri@phutho.gov.vn',
        '--database-url', libsqlUrl(server), '--skip-cloudflare', '--public-url', 'https://phutho.example.gov.vn', '--registry', join(work, 'provinces.json')],
      { DATABASE_AUTH_TOKEN: TOKEN },
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('5 units added, 0 already there');
    expect(run.out).toMatch(/https:\/\/phutho\.example\.gov\.vn\/moi\/[A-Za-z0-9_-]{40,}/);
    expect(run.out).not.toContain(TOKEN);
  }, 120_000);
});

describe('the Worker entry on the remote database', () => {
  // The server starts in beforeAll: its URL is read when the calls are made.
  const env = () => ({ DATABASE_URL: seeded.url, DATABASE_AUTH_TOKEN: TOKEN, AUTH_SECRET: 'remote-worker-secret-0123456789abcdef', PUBLIC_URL: 'https://binhdang.example.gov.vn' });
  const ctx = () => {
    const waited: Promise<unknown>[] = [];
    return { waited, ctx: { waitUntil: (p: Promise<unknown>) => waited.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext };
  };
  const call = (path: string, init: RequestInit = {}) =>
    worker.fetch(new Request(`https://binhdang.example.gov.vn${path}`, init) as Parameters<typeof worker.fetch>[0], env(), ctx().ctx);

  it('has a preview-style database: migrated, demo data and accounts (infra/seed-preview.ts)', async () => {
    const run = await node(['infra/seed-preview.ts'], { DATABASE_URL: seeded.url, DATABASE_AUTH_TOKEN: TOKEN });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/demo data loaded \(\d+ units, 1 plans, story with 10 approved reports\); \d+ demo accounts created/);
  }, 120_000);

  it('runs the reminder job from its Cron Trigger, and a reporter reads the reminders through it', async () => {
    const { waited, ctx: context } = ctx();
    // 08:00 in Việt Nam on 12/11/2024: three days before the demo plan's report deadline.
    await worker.scheduled({ cron: '0 1 * * *', scheduledTime: Date.parse('2024-11-12T01:00:00Z'), noRetry() {} } as unknown as ScheduledController, env(), context);
    expect(waited).toHaveLength(1);
    await waited[0];

    const signIn = await call('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'baocao.caoxa@lamthao.demo', password: 'BinhDang-demo-2024' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const list = await call('/api/v1/me/notifications', { headers: { cookie } });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { unread: number; items: { kind: string; step: number; title: string }[] };
    expect(body.items.map((n) => [n.kind, n.step]).sort()).toEqual([
      ['duty.due', 3],
      ['report.due', 3],
    ]);
    const outbox = (await (await call('/api/v1/me/outbox', { headers: { cookie } })).json()) as { delivery: string; items: { body: string }[] };
    // No MAIL_API_KEY: the e-mails wait in the outbox; their links use PUBLIC_URL.
    expect(outbox.delivery).toBe('outbox');
    expect(outbox.items.some((e) => e.body.includes('https://binhdang.example.gov.vn/bao-cao'))).toBe(true);
  }, 60_000);
});
