// `npm run db:migrate` / `npm run db:seed` / `npm run audit:verify [chain]` in packages/db: apply
// migrations, then seed demo data into an empty database, or verify the audit chains (exit code 1
// when one is broken). DATABASE_URL (and DATABASE_AUTH_TOKEN for Turso) select the database.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listAuditChains, verifyAuditChain, type VerifyAuditChainResult } from './audit.ts';
import { createDb } from './client.ts';
import { migrateDb } from './migrate.ts';
import { seedDemoData } from './seed/index.ts';
import type { Db } from './types.ts';

const defaultUrl = `file:${fileURLToPath(new URL('../../../data/binh-dang.db', import.meta.url))}`;
const url = process.env.DATABASE_URL ?? defaultUrl;
if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
const { db, close } = createDb(url, process.env.DATABASE_AUTH_TOKEN);
const command = process.argv[2];

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
  await migrateDb(db);
  console.log(`migrated ${url.replace(/\/\/[^@]*@/, '//***@')}`);
  if (command === 'seed') console.log(JSON.stringify(await seedDemoData(db)));
  if (command === 'audit-verify' && !(await verifyAudit(db, process.argv[3]))) process.exitCode = 1;
} finally {
  close();
}
