import { describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { safeErrorSummary } from './app.ts';

describe('safeErrorSummary', () => {
  it('keeps the driver message and code but never the SQL parameters of a failed query', () => {
    const cause = Object.assign(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: plans.id'), { code: 'SQLITE_CONSTRAINT' });
    const error = new Error('Failed query: insert into plans values (?, ?)\nparams: Nguyễn Thị A,0912345678', { cause });
    const summary = safeErrorSummary(error);
    expect(summary).toContain('SQLITE_CONSTRAINT');
    expect(summary).not.toContain('Nguyễn Thị A');
    expect(summary).not.toContain('0912345678');
  });

  it('drops a failed-query message even without a cause', () => {
    expect(safeErrorSummary(new Error('Failed query: select 1\nparams: secret'))).toBe('Error');
  });
});

describe('logs when the database fails under a signed-in request', () => {
  it('never print the session token, the SQL or its parameters (better-auth logs through authLog)', async () => {
    const { createTestApp } = await import('../test/test-app.ts');
    const t = await createTestApp();
    const cookie = await t.signIn('dieuphoi@lamthao.demo');
    const token = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!).split('.')[0]!;
    expect(token.length).toBeGreaterThan(10);
    const printed: string[] = [];
    const spies = (['error', 'warn', 'log', 'info', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => (a instanceof Error ? `${a.message} ${String(a.cause)}` : String(a))).join(' '));
      }),
    );
    try {
      // Every query now fails: the session lookup is the first one of the request.
      await t.db.run(sql`DROP TABLE sessions`);
      const res = await t.get('/api/v1/me', cookie);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(printed.length).toBeGreaterThan(0);
      const all = printed.join('\n');
      expect(all).not.toContain(token);
      expect(all).not.toMatch(/select|params:/i);
    } finally {
      for (const spy of spies) spy.mockRestore();
      t.close();
    }
  });
});
