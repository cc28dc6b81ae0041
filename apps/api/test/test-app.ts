// Builds the app as production does, on an in-memory libSQL database created by the real
// migrations and filled with the demo seed.
import { createDb } from '@binh-dang/db/client';
import { migrateDb } from '@binh-dang/db/migrate';
import { seedDemoData } from '@binh-dang/db/seed';
import { createApp } from '../src/app.ts';

export const FIXED_NOW = new Date('2024-06-01T03:00:00.000Z');

export async function createTestApp(options: { seed?: boolean } = {}) {
  const handle = createDb(':memory:');
  await migrateDb(handle.db);
  if (options.seed !== false) await seedDemoData(handle.db);
  const errors: unknown[] = [];
  const app = createApp({ db: handle.db, now: () => FIXED_NOW, logError: (_m, e) => errors.push(e) });
  return {
    app,
    db: handle.db,
    errors,
    close: handle.close,
    get: (path: string) => app.request(path),
  };
}
