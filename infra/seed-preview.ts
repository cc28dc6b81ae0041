// `node --import tsx infra/seed-preview.ts`: brings a preview database (a pull request's Turso
// branch of binh-dang-demo, or binh-dang-demo itself) up to date: the migrations (the pull
// request's new ones included), the demo data and story when the database is empty, and the demo
// accounts when it has no user. Previews hold demo data only, never a province's.
// DATABASE_URL and DATABASE_AUTH_TOKEN select the database.
import { createDb } from '@binh-dang/db/client';
import { migrateDb } from '@binh-dang/db/migrate';
import { seedDemoData, seedDemoScenario } from '@binh-dang/db/seed';
import { createAuth } from '../apps/api/src/auth/auth.ts';
import { seedDemoAccounts } from '../apps/api/src/auth/demo-accounts.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('seed-preview: set DATABASE_URL (and DATABASE_AUTH_TOKEN) to the preview database');
  process.exit(2);
}
const { db, close } = createDb(url, process.env.DATABASE_AUTH_TOKEN);
try {
  await migrateDb(db);
  const seed = await seedDemoData(db);
  const story = seed.seeded ? await seedDemoScenario(db) : { played: false, reports: 0 };
  // Only password hashes are written: the signing secret here is never used for a session.
  const auth = createAuth(db, { secret: crypto.randomUUID() + crypto.randomUUID(), baseURL: 'https://preview.invalid' });
  const accounts = await seedDemoAccounts(db, auth, new Date());
  console.log(
    `preview database: migrated; demo data ${seed.seeded ? `loaded (${seed.orgUnits} units, ${seed.plans} plans${story.played ? `, story with ${story.reports} approved reports` : ''})` : 'already there'}; ` +
      `${accounts ? `${accounts} demo accounts created` : 'accounts already there'}`,
  );
} finally {
  close();
}
