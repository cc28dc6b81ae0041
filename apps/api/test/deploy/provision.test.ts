// Province provisioning (infra/provision.ts): the dry run prints the complete plan — every step,
// with its commands and placeholders — without credentials and without touching anything, and
// prints no secret; a broken org tree stops it before any step; and the database steps, run for
// real against a local file, give a first administrator whose one-time link works.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema, verifyAuditChain } from '@binh-dang/db';
import { createDb } from '@binh-dang/db/client';
import { sha256Hex } from '@binh-dang/domain';
import { createApp } from '../../src/app.ts';
import { memoryStorage } from '../../src/storage.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'binh-dang-provision-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Values that must never appear in the output, set in the environment as a real run would have them. */
const SENTINELS = {
  TURSO_API_TOKEN: 'sentinel-turso-api-token-7f3a',
  CLOUDFLARE_API_TOKEN: 'sentinel-cloudflare-token-91bc',
  CLOUDFLARE_ACCOUNT_ID: 'sentinel-account-id-55e2',
  DATABASE_AUTH_TOKEN: 'sentinel-database-token-0d4f',
  MAIL_API_KEY: 're_sentinel_mail_key_c0ffee',
  AUTH_SECRET: 'sentinel-auth-secret-that-is-long-enough-12345',
};

function provision(args: string[], env: Record<string, string> = {}) {
  // No turso nor wrangler on PATH: a dry run must not need them.
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/provision.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: `${join(process.execPath, '..')}:/usr/bin:/bin`, HOME: work, ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

const BASE = ['--province', 'phu-tho', '--name', 'Tỉnh Phú Thọ', '--admin', 'QuanTri@PhuTho.gov.vn'];

describe('the provisioning dry run', { timeout: 60_000 }, () => {
  const registry = join(work, 'provinces.json');
  const run = provision([...BASE, '--tree', 'infra/trees/phu-tho-2025.json', '--hostname', 'phutho.binhdang.example.gov.vn', '--registry', registry, '--dry-run'], SENTINELS);

  it('succeeds without credentials or tools, and creates nothing', () => {
    expect(run.code, run.out).toBe(0);
    expect(run.stdout).toContain('DRY RUN: every step is printed, nothing is created, no credentials are needed');
    expect(run.stdout).toMatch(/Dry run: 12 steps, nothing done\./);
    expect(existsSync(registry)).toBe(false);
  });

  it('prints every step, in order', () => {
    const titles = [...run.stdout.matchAll(/^\s*(\d+)\. (.+)$/gm)].map((m) => `${m[1]}. ${m[2]}`);
    expect(titles).toHaveLength(12);
    expect(titles[11]).toBe(`12. Register the province in ${relative(root, registry)}`);
    expect(titles.slice(0, 11)).toEqual([
      '1. Check the tools and the accounts they are signed in to',
      '2. Create the Turso database binh-dang-phu-tho (reused when it exists)',
      '3. Read the database URL',
      "4. Create the API Worker's database token",
      '5. Apply the migrations (expand-then-contract: packages/db/MIGRATIONS.md)',
      '6. Load the org tree from infra/trees/phu-tho-2025.json',
      '7. Invite the first administrator',
      '8. Create the R2 bucket binh-dang-attachments-phu-tho (attachments)',
      '9. Deploy the API Worker binh-dang-api-phu-tho',
      "10. Set the API Worker's secrets",
      '11. Build and deploy the portal Worker binh-dang-portal-phu-tho',
    ]);
  });

  it('gives the exact commands and resource names', () => {
    for (const line of [
      '$ turso db create binh-dang-phu-tho --group default --wait',
      '$ turso db show binh-dang-phu-tho --url   → DATABASE_URL=<libsql://binh-dang-phu-tho-<org>.turso.io>',
      '$ turso db tokens create binh-dang-phu-tho   → DATABASE_AUTH_TOKEN=<secret: kept in memory, never printed>',
      '$ npx wrangler r2 bucket create binh-dang-attachments-phu-tho',
      '$ npx wrangler deploy --config <temporary>/api-phu-tho.json',
      '$ npx wrangler secret bulk --config <temporary>/api-phu-tho.json   < JSON on standard input: DATABASE_AUTH_TOKEN, AUTH_SECRET, CASE_DATA_KEYS, MAIL_API_KEY',
      '$ npm run build -w @binh-dang/portal',
      '$ npx wrangler deploy --config <temporary>/portal-phu-tho.json',
    ])
      expect(run.stdout).toContain(line);
    expect(run.stdout).toMatch(/\d+ migrations, 0000_init … \d{4}_\w+, then the built-in indicators/);
    expect(run.stdout).toContain('service binding API → binh-dang-api-phu-tho');
    expect(run.stdout).toContain('custom domain phutho.binhdang.example.gov.vn');
    expect(run.stdout).toContain('cron 0 1 * * *');
  });

  it('checks the tree and says what it loads', () => {
    expect(run.stdout).toContain('5 units (1 province, 4 communes) under tinh-phu-tho-2025 "Tỉnh Phú Thọ"; checkTree: no problems');
    expect(run.stdout).toContain('warning: the file lists part of the province only (4 of 148 communes)');
  });

  it('invites the administrator by a one-time link it does not print', () => {
    expect(run.stdout).toContain('quantri@phutho.gov.vn as province_admin (Quản trị tỉnh) of tinh-phu-tho-2025: a single-use link bound to that e-mail, valid 7 days; only its SHA-256 is stored');
    expect(run.stdout).toContain('→ https://phutho.binhdang.example.gov.vn/moi/<one-time token: printed once, at the end of a real run>');
    expect(run.stdout).not.toMatch(/\/moi\/[A-Za-z0-9_-]{20,}/);
  });

  it('prints no secret, not even those in its environment', () => {
    for (const value of Object.values(SENTINELS)) expect(run.out).not.toContain(value);
    expect(run.out).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // a JWT (Turso tokens are JWTs)
    expect(run.out).not.toMatch(/\b[0-9a-f]{64}\b/); // a 32-byte hex secret
    expect(run.out).not.toMatch(/v1:[A-Za-z0-9+/]{43}=/); // a case-data key
  });

  it('also plans the pre-2025 tree (province, district, communes)', () => {
    const old = provision([...BASE, '--tree', 'infra/trees/phu-tho-truoc-2025.json', '--dry-run']);
    expect(old.code, old.out).toBe(0);
    expect(old.stdout).toContain('14 units (1 province, 1 district, 12 communes) under tinh-phu-tho-1997');
    // Without --public-url or --hostname the portal's address is a placeholder.
    expect(old.stdout).toContain('https://binh-dang-portal-phu-tho.<workers-subdomain>.workers.dev/moi/<one-time token');
    expect(old.stdout).not.toContain('MAIL_API_KEY, ');
  });
});

describe('provisioning refuses', { timeout: 90_000 }, () => {
  it('a broken tree, before any step', () => {
    const tree = join(work, 'broken.json');
    writeFileSync(
      tree,
      JSON.stringify({
        root: {
          id: 'tinh-x',
          name: 'Tỉnh X',
          kind: 'province',
          localKind: 'tỉnh',
          validFrom: '2025-07-01',
          children: [
            { id: 'xa-a', name: 'Xã A', kind: 'commune', localKind: 'xã', validFrom: '2020-01-01' },
            { id: 'xa-b', name: 'Xã B', kind: 'commune', localKind: 'xã', successorId: 'xa-khong-co', validTo: '2025-06-30' },
            { id: 'xa/c', name: 'Xã C', kind: 'commune', localKind: 'xã' },
          ],
        },
      }),
    );
    const run = provision([...BASE, '--tree', tree, '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('has problems (nothing was done)');
    expect(run.out).toContain('xa-a: in force before its parent tinh-x');
    expect(run.out).toContain('xa-b: successor xa-khong-co is missing');
    expect(run.out).toContain("xa/c: an org unit id may not contain '/'");
    expect(run.out).not.toContain(' 1. ');
  });

  it('missing options, a bad province id or e-mail', () => {
    expect(provision(['--dry-run']).out).toContain('missing --province, --name, --tree, --admin');
    expect(provision([...BASE.slice(0, 4), '--admin', 'not-an-email', '--tree', 'infra/trees/phu-tho-2025.json', '--dry-run']).out).toContain('--admin: not an e-mail address');
    expect(provision(['--province', 'Phú Thọ', ...BASE.slice(2), '--tree', 'infra/trees/phu-tho-2025.json', '--dry-run']).out).toContain('province id "Phú Thọ"');
  });

  it('a real run without the portal’s address', () => {
    const run = provision([...BASE, '--tree', 'infra/trees/phu-tho-2025.json']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('give --public-url <origin> or --hostname <domain>');
  });
});

describe('the database steps, for real on a local file', () => {
  it('migrate, load the tree, and invite the first administrator by a link that works', async () => {
    const file = join(work, 'province.db');
    const registry = join(work, 'registry-local.json');
    const args = [...BASE, '--tree', 'infra/trees/phu-tho-2025.json', '--database-url', `file:${file}`, '--skip-cloudflare', '--public-url', 'http://localhost:8123', '--registry', registry];
    const run = provision(args);
    expect(run.code, run.out).toBe(0);
    expect(run.stdout).toContain('5 units added, 0 already there');
    const link = /http:\/\/localhost:8123\/moi\/([A-Za-z0-9_-]{40,})/.exec(run.stdout);
    expect(link, run.stdout).not.toBeNull();
    const token = link![1]!;

    // Run again: nothing is loaded twice; a new link is issued.
    const again = provision(args);
    expect(again.code, again.out).toBe(0);
    expect(again.stdout).toContain('0 units added, 5 already there');

    const { db, close } = createDb(`file:${file}`);
    try {
      // Only the hash of the token is stored.
      const invitations = await db.select().from(schema.invitations);
      expect(invitations).toHaveLength(2);
      expect(invitations.map((i) => i.tokenHash)).toContain(await sha256Hex(token));
      expect(JSON.stringify(invitations)).not.toContain(token);
      expect(invitations.every((i) => i.email === 'quantri@phutho.gov.vn' && i.role === 'province_admin' && i.orgUnitId === 'tinh-phu-tho-2025')).toBe(true);
      expect((await verifyAuditChain(db, 'tinh-phu-tho-2025')).ok).toBe(true);

      // The link works: the API creates the administrator's account from it.
      const app = createApp({ db, auth: { secret: 'provision-test-secret-0123456789abcdef', baseURL: 'http://localhost:8123' }, storage: memoryStorage() });
      const accepted = await app.request('/api/v1/invitations/accept', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, name: 'Quản trị tỉnh Phú Thọ', password: 'mot-mat-khau-that-dai-2026' }),
      });
      expect(accepted.status, await accepted.clone().text()).toBe(201);
      expect(await accepted.json()).toEqual({ email: 'quantri@phutho.gov.vn', accountCreated: true });
      const [user] = await db.select().from(schema.users).where(eq(schema.users.email, 'quantri@phutho.gov.vn'));
      const memberships = await db.select().from(schema.memberships).where(eq(schema.memberships.userId, user!.id));
      expect(memberships.map((m) => [m.orgUnitId, m.role])).toEqual([['tinh-phu-tho-2025', 'province_admin']]);
      // Single use.
      const reused = await app.request('/api/v1/invitations/accept', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, name: 'Người khác', password: 'mot-mat-khau-khac-dai-2026' }),
      });
      expect(reused.status).toBe(404);
    } finally {
      close();
    }
    // The province is registered for deploy.yml.
    const { readRegistry } = await import('../../../../infra/lib/province.ts');
    expect(readRegistry(registry).provinces).toEqual([
      { id: 'phu-tho', name: 'Tỉnh Phú Thọ', rootUnitId: 'tinh-phu-tho-2025', databaseUrl: `file:${file}`, publicUrl: 'http://localhost:8123', hostname: null },
    ]);
  }, 120_000);
});
