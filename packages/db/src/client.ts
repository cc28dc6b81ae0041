// libSQL clients for Node: an embedded file (`file:data/x.db`), memory (`:memory:`) or a remote
// Turso database (`libsql://…` with a token). Workers use ./client-web.ts instead.
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from './schema.ts';
import type { Db } from './types.ts';

export interface DbHandle {
  db: Db;
  client: Client;
  close(): void;
}

export function createDb(url: string, authToken?: string): DbHandle {
  const client = createClient(authToken ? { url, authToken } : { url });
  const db = drizzle(client, { schema, casing: 'snake_case' });
  return { db, client, close: () => client.close() };
}
