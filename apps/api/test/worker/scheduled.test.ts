// The Cron Trigger inside workerd: the Worker's `scheduled` handler runs the reminder job
// (src/reminders.ts) on the configured database, and does nothing when none is configured.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import entry from '../../src/worker.ts';

const controller = { cron: '0 1 * * *', scheduledTime: Date.parse('2024-11-12T01:00:00Z'), noRetry() {} } as unknown as ScheduledController;

function context() {
  const waited: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => waited.push(p), passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  return { ctx, waited };
}

describe('the Cron Trigger', () => {
  it('is declared and skips the job when no database is configured', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { ctx, waited } = context();
    await entry.scheduled(controller, {}, ctx);
    expect(waited).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('reminders skipped'));
    warn.mockRestore();
  });

  describe('with a database', () => {
    const env = {
      DATABASE_URL: 'https://binh-dang-cron.example.invalid',
      DATABASE_AUTH_TOKEN: 'cron-token-123',
      AUTH_SECRET: 'worker-test-secret-0123456789abcdef',
    };
    const seen: Request[] = [];
    beforeAll(() => {
      vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
        const request = new Request(input, init);
        seen.push(request);
        if (request.method === 'GET') return new Response('not found', { status: 404 }); // version probe
        return new Response('unavailable', { status: 503 });
      });
    });
    afterAll(() => vi.restoreAllMocks());

    it('runs the reminder job against it (a database failure fails the run, for the Workers logs)', async () => {
      const { ctx, waited } = context();
      await entry.scheduled(controller, env, ctx);
      expect(waited).toHaveLength(1);
      await expect(waited[0]).rejects.toThrow();
      const query = seen.find((request) => request.method === 'POST');
      expect(query?.url).toMatch(/^https:\/\/binh-dang-cron\.example\.invalid\/v\d\/pipeline$/);
      expect(query?.headers.get('authorization')).toBe('Bearer cron-token-123');
    });
  });
});
