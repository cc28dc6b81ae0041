import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema.ts';

/** The database handle every query function takes; the same for the Node and Web drivers. */
export type Db = LibSQLDatabase<typeof schema>;
