import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW, createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(() => t.close());

describe('GET /api/health', () => {
  it('answers 200 with the service name and the clock time', async () => {
    const res = await t.get('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'binh-dang-api', time: FIXED_NOW.toISOString() });
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const res = await t.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { title: string }).title).toBe('Không tìm thấy');
  });
});
