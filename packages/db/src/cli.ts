// `npm run db:migrate` / `npm run db:seed` / `npm run audit:verify [chain]` in packages/db, and
// `npm run db:migrate` / `npm run db:status` from the root: apply the committed migrations (and say which
// were new), list the applied and pending ones without changing anything, seed demo data into an
// empty database, or verify the audit chains (exit code 1 when one is broken).
//
// DATABASE_URL selects the database: `file:…` (default: the local data/binh-dang.db), or a Turso
// database (`libsql://<db>-<org>.turso.io`, over HTTPS, with DATABASE_AUTH_TOKEN), or any
// http(s)/ws(s) libSQL server. Deploys run `db:migrate` before the new code goes live, so every
// migration must keep the running version working: see ../MIGRATIONS.md (expand, then contract).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { listAuditChains, verifyAuditChain, type VerifyAuditChainResult } from './audit.ts';
import { createDb } from './client.ts';
import { migrateDb, migrationsFolder } from './migrate.ts';
import { seedDemoData } from './seed/index.ts';
import type { Db } from './types.ts';

const defaultUrl = `file:${fileURLToPath(new URL('../../../data/binh-dang.db', import.meta.url))}`;
const url = process.env.DATABASE_URL?.trim() || defaultUrl;
const token = process.env.DATABASE_AUTH_TOKEN?.trim() || undefined;
const command = process.argv[2] ?? 'migrate';

/** The URL as it may be printed: no user info, no query (where a token could be). */
function redactDatabaseUrl(value: string): string {
  if (value.startsWith('file:') || value === ':memory:') return value;
  try {
    const u = new URL(value);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '<unreadable DATABASE_URL>';
  }
}

function fail(message: string, code = 1): never {
  console.error(`db: ${message}`);
  process.exit(code);
}

if (!['migrate', 'status', 'seed', 'audit-verify'].includes(command)) fail(`unknown command ${command} (migrate, status, seed, audit-verify)`, 2);
if (!/^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(url) && url !== ':memory:')
  fail(`DATABASE_URL must be file:…, libsql://…, https://… or wss://… (got ${redactDatabaseUrl(url)})`, 2);
// Turso refuses every request without a token: say so before trying.
if (/\.turso\.io(:\d+)?(\/|$)/.test(url.replace(/^[a-z]+:\/\//, '').split('?')[0] ?? '') && !token)
  fail(`DATABASE_AUTH_TOKEN is not set for ${redactDatabaseUrl(url)} (create one: turso db tokens create <db>)`, 2);
if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });

const { db, close } = createDb(url, token);

/** Tags of the committed migrations, in order. */
function committed(): { tag: string; when: number }[] {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: { tag: string; when: number }[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

/** How many migrations the database has applied (drizzle's own table; 0 before the first). */
async function appliedCount(db: Db): Promise<number> {
  const [table] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`);
  if (!table || Number(table.n) === 0) return 0;
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
  return Number(row?.n ?? 0);
}

function describeChain(result: VerifyAuditChainResult): string {
  if (result.ok) return `Chuỗi ${result.chain}: ${result.checked} sự kiện, hợp lệ (valid)`;
  const { seq, id, reason } = result.firstBroken;
  return `Chuỗi ${result.chain}: HỎNG (broken) tại seq ${seq}, id ${id}: ${reason}; ${result.checked} sự kiện đầu hợp lệ (valid before it)`;
}

/** Verifies one chain, or every chain; true when all are intact. */
async function verifyAudit(db: Db, chain: string | undefined): Promise<boolean> {
  const chains = chain ? [chain] : (await listAuditChains(db)).map((summary) => summary.chain);
  if (chains.length === 0) console.log('Chưa có sự kiện nhật ký nào (no audit events)');
  let intact = true;
  for (const name of chains) {
    const result = await verifyAuditChain(db, name);
    console.log(describeChain(result));
    intact &&= result.ok;
  }
  return intact;
}

try {
  const where = redactDatabaseUrl(url);
  const all = committed();
  const before = await appliedCount(db);
  if (command === 'status') {
    console.log(`${where}: ${before} of ${all.length} migrations applied`);
    for (const [i, m] of all.entries()) console.log(`  ${i < before ? 'applied' : 'pending'}  ${m.tag}`);
  } else {
    await migrateDb(db);
    const after = await appliedCount(db);
    const applied = all.slice(before, after).map((m) => m.tag);
    console.log(`migrated ${where}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'} (${after} of ${all.length})`);
    if (command === 'seed') console.log(JSON.stringify(await seedDemoData(db)));
    if (command === 'audit-verify' && !(await verifyAudit(db, process.argv[3]))) process.exitCode = 1;
  }
} catch (error) {
  // The driver's message names the failure (unreachable, 401, SQL error) without the token.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  console.error(`db: ${command} failed on ${redactDatabaseUrl(url)}: ${cause instanceof Error ? `${cause.name}: ${cause.message.split('\n')[0]}` : String(cause)}`);
  process.exitCode = 1;
} finally {
  close();
}
