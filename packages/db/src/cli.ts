// `npm run db:migrate` / `npm run db:seed` in packages/db: apply migrations, then seed demo data
// into an empty database. DATABASE_URL (and DATABASE_AUTH_TOKEN for Turso) select the database.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from './client.ts';
import { migrateDb } from './migrate.ts';
import { seedDemoData } from './seed/index.ts';

const defaultUrl = `file:${fileURLToPath(new URL('../../../data/binh-dang.db', import.meta.url))}`;
const url = process.env.DATABASE_URL ?? defaultUrl;
if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
const { db, close } = createDb(url, process.env.DATABASE_AUTH_TOKEN);
const command = process.argv[2];
try {
  await migrateDb(db);
  console.log(`migrated ${url.replace(/\/\/[^@]*@/, '//***@')}`);
  if (command === 'seed') console.log(JSON.stringify(await seedDemoData(db)));
} finally {
  close();
}
