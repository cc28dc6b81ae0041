// libSQL over HTTP for Cloudflare Workers (Turso). Takes only http(s)/ws(s)/libsql URLs.
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from './schema.ts';
import type { Db } from './types.ts';

export function createWebDb(url: string, authToken?: string): Db {
  const client = createClient(authToken ? { url, authToken } : { url });
  return drizzle(client, { schema, casing: 'snake_case' });
}
