// Builds the app as production does, on an in-memory libSQL database created by the real
// migrations and filled with the demo seed (org tree, plan, and one demo account per role).
import { drizzle } from 'drizzle-orm/libsql';
import { schema } from '@binh-dang/db';
import { createDb, type DbHandle } from '@binh-dang/db/client';
import { migrateDb } from '@binh-dang/db/migrate';
import { seedDemoData } from '@binh-dang/db/seed';
import { createApp } from '../src/app.ts';
import { memoryStorage } from '../src/storage.ts';
import { createAuth } from '../src/auth/auth.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../src/auth/demo-accounts.ts';

export const FIXED_NOW = new Date('2024-06-01T03:00:00.000Z');
export const TEST_AUTH = { secret: 'test-secret-that-is-long-enough-0123456789', baseURL: 'http://localhost' };
/** A fixed key of the case register for tests (32 bytes of 0x2a); never used outside tests. */
export const TEST_CASE_KEYS = `v1:${Buffer.alloc(32, 42).toString('base64')}`;

export async function createTestApp(
  options: {
    seed?: boolean;
    accounts?: boolean;
    now?: () => Date;
    caseDataKeys?: string | null;
    /** Wraps the libSQL client before drizzle is built on it (fault injection: test/fault-client.ts). */
    wrapClient?: (client: DbHandle['client']) => DbHandle['client'];
  } = {},
) {
  const base = createDb(':memory:');
  const handle = options.wrapClient ? { ...base, db: drizzle(options.wrapClient(base.client), { schema, casing: 'snake_case' }) } : base;
  await migrateDb(handle.db);
  if (options.seed !== false) await seedDemoData(handle.db);
  if (options.seed !== false && options.accounts !== false)
    await seedDemoAccounts(handle.db, createAuth(handle.db, TEST_AUTH), FIXED_NOW);
  const errors: unknown[] = [];
  const now = options.now ?? (() => FIXED_NOW);
  const storage = memoryStorage();
  const app = createApp({
    db: handle.db,
    auth: TEST_AUTH,
    storage,
    now,
    caseDataKeys: options.caseDataKeys === undefined ? TEST_CASE_KEYS : options.caseDataKeys,
    logError: (_m, e) => errors.push(e),
  });

  /** Signs in and returns the cookie header to send with later requests. */
  async function signIn(email: string, password = DEMO_PASSWORD, extra: Record<string, string> = {}) {
    const res = await app.request('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, ...extra }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  return {
    app,
    db: handle.db,
    storage,
    errors,
    close: handle.close,
    signIn,
    get: (path: string, cookie?: string) => app.request(path, cookie ? { headers: { cookie } } : {}),
    send: (method: string, path: string, body: unknown, cookie?: string) =>
      app.request(path, {
        method,
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}
