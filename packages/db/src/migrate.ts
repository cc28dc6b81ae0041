// Applies the committed drizzle migrations (drizzle/*.sql). Node only: it reads the folder.
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { ensureBuiltinIndicators } from './reports.ts';
import type { Db } from './types.ts';

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Applies the migrations, then adds the built-in indicators that are missing (reference data). */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
  await ensureBuiltinIndicators(db);
}
