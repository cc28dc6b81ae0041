// The Worker bundle as `npm run build` makes it (wrangler deploy --dry-run, offline, no login):
// it builds without config warnings, carries the web libSQL client and none of the Node-only
// code (native libSQL driver, migrations, seed, node.ts) nor dead weight (Kysely, which
// better-auth's full entry brings and better-auth/minimal leaves out), and stays within 1 MiB gzip.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const wranglerBin = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');

/**
 * Our budget: 1 MiB after gzip (the Workers free plan allows 3 MB, paid 10 MB). A smaller Worker
 * starts faster; wrangler.jsonc minifies it (≈ 0.74 MiB gzip in November 2026).
 */
const GZIP_BUDGET = 1024 * 1024;
const TIMEOUT = 120_000;

interface DryRun {
  stdout: string;
  stderr: string;
  outdir: string;
}

const outdirs: string[] = [];

async function dryRun(environment: string): Promise<DryRun> {
  const outdir = await mkdtemp(join(tmpdir(), 'binh-dang-worker-'));
  outdirs.push(outdir);
  const { stdout, stderr } = await run(
    process.execPath,
    [wranglerBin, 'deploy', '--dry-run', '--outdir', outdir, `--env=${environment}`],
    {
      cwd: apiDir,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' },
      timeout: TIMEOUT - 5_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return { stdout, stderr, outdir };
}

/** Wrangler warns, but does not fail, on unknown or misplaced config fields. */
function expectCleanConfig({ stdout, stderr }: DryRun) {
  const output = `${stdout}\n${stderr}`;
  expect(output).toContain('--dry-run: exiting now.');
  expect(output).not.toMatch(/Processing .*configuration|Unexpected fields|is not a valid|deprecated|Multiple environments/i);
}

describe('Worker bundle (wrangler deploy --dry-run)', () => {
  let build: DryRun;
  let code: string;
  let sources: string[];

  beforeAll(async () => {
    // `--env=` is the top-level environment, which is what `npm run build` bundles.
    build = await dryRun('');
    const files = await readdir(build.outdir);
    expect(files).toContain('worker.js');
    code = await readFile(join(build.outdir, 'worker.js'), 'utf8');
    const map = JSON.parse(await readFile(join(build.outdir, 'worker.js.map'), 'utf8')) as { sources: string[] };
    sources = map.sources.map((source) => source.replaceAll('\\', '/'));
  }, TIMEOUT);

  afterAll(async () => {
    await Promise.all(outdirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('builds offline with a clean wrangler.jsonc', () => {
    expectCleanConfig(build);
    expect(build.stdout).toContain('env.DATABASE_URL');
  });

  it('bundles the worker entry, the app and the web libSQL client', () => {
    for (const expected of [
      'apps/api/src/worker.ts',
      'apps/api/src/app.ts',
      'packages/db/src/client-web.ts',
      '@libsql/client/lib-esm/web.js',
      '@libsql/isomorphic-ws/web.mjs',
    ]) {
      expect(sources.some((source) => source.endsWith(expected)), `${expected} should be in the bundle`).toBe(true);
    }
  });

  it('leaves out Node-only code', () => {
    const nodeOnly = [
      /@libsql\/client\/lib-esm\/(node|sqlite3)\.js$/, // the Node client and its native SQLite driver
      /node_modules\/libsql\//, // native libSQL bindings
      /@libsql\/isomorphic-ws\/node/,
      /better-sqlite3/,
      /libsql\/(driver|migrator)\.(js|ts)$/, // drizzle's Node libSQL driver and migrator (its maps name src/libsql/*.ts)
      /packages\/db\/src\/(client|migrate|cli)\.ts$/,
      /packages\/db\/src\/seed\//,
      /apps\/api\/src\/node\.ts$/,
      /@hono\/node-server/,
      /node_modules\/kysely\//, // better-auth's Kysely adapter: we use its drizzle adapter (better-auth/minimal)
      /apps\/api\/src\/reminders-cli\.ts$/,
    ];
    const found = sources.filter((source) => nodeOnly.some((pattern) => pattern.test(source)));
    expect(found).toEqual([]);
    // nodejs_compat keeps `node:` imports external; a static import of a module workerd lacks
    // would fail at start-up. (better-auth names "node:sqlite" only for a dynamic import of a
    // dialect we do not use, so only import statements are checked.)
    const nodeImports = [...new Set(code.match(/(?:from|import)\s*\(?\s*["']node:[a-z_/]+["']/g) ?? [])];
    expect(nodeImports.filter((name) => /node:(fs|child_process|worker_threads|sqlite|http|net)\b/.test(name))).toEqual([]);
  });

  it(`stays within ${GZIP_BUDGET / 1024 / 1024} MiB gzip`, () => {
    const raw = Buffer.byteLength(code);
    const gzip = gzipSync(code, { level: 9 }).byteLength;
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const message = `worker.js is ${kib(raw)} raw, ${kib(gzip)} gzip (budget ${kib(GZIP_BUDGET)} gzip)`;
    console.info(message);
    expect(gzip, message).toBeLessThan(GZIP_BUDGET);
  });

  it.each(['preview', 'production'])(
    'the %s environment validates and bundles',
    async (environment) => {
      const result = await dryRun(environment);
      expectCleanConfig(result);
      expect(await readdir(result.outdir)).toContain('worker.js');
    },
    TIMEOUT,
  );
});
