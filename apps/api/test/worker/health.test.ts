// Runs inside workerd: requests go through the real Worker entry (src/worker.ts, `main` in
// wrangler.jsonc) with the top-level vars, where DATABASE_URL is empty.
import { exports } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import entry from '../../src/worker.ts';

const worker = exports.default;

describe('Worker entry in workerd, no database configured', () => {
  it('runs inside workerd', () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers');
  });

  it('answers /api/health', async () => {
    const response = await worker.fetch('https://example.com/api/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json<{ status: string; service: string; time: string }>();
    expect(body).toMatchObject({ status: 'ok', service: 'binh-dang-api' });
    expect(Number.isNaN(Date.parse(body.time))).toBe(false);
  });

  it('serves the OpenAPI document', async () => {
    const response = await worker.fetch('https://example.com/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = await response.json<{ openapi: string; info: { title: string }; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Bình Đẳng API');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/v1/plans']));
  });

  it.each(['/api/v1/plans', '/api/v1/plans?year=2024', '/api/v1/org-units', '/api/v1/no-such-route'])(
    'answers %s with 503 problem+json',
    async (path) => {
      const response = await worker.fetch(`https://example.com${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toEqual({
        type: 'https://binh-dang.vn/problems/unavailable',
        title: 'Dịch vụ tạm thời không sẵn sàng',
        title_en: 'Service unavailable',
        status: 503,
        detail: 'Chưa cấu hình cơ sở dữ liệu hoặc khóa phiên (DATABASE_URL or AUTH_SECRET is not set)',
      });
    },
  );

  it('still answers unknown routes outside /api/v1 with 404 problem+json', async () => {
    const response = await worker.fetch('https://example.com/api/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('Worker entry in workerd, database configured but failing', () => {
  // No libSQL server exists here. The web client captures globalThis.fetch when the app is built,
  // and the Worker shares the test isolate, so a stubbed fetch plays a failing Turso: this checks
  // the client is wired with the URL and token, and that a database failure is a 500 problem
  // that reveals nothing, while health stays up.
  const env = {
    DATABASE_URL: 'https://binh-dang-test.example.invalid',
    DATABASE_AUTH_TOKEN: 'test-token-123',
    AUTH_SECRET: 'worker-test-secret-0123456789abcdef',
  };
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
  const call = (path: string) =>
    entry.fetch(new Request(`https://example.com${path}`) as Parameters<typeof entry.fetch>[0], env, ctx);
  const seen: Request[] = [];
  let logged: MockInstance<typeof console.error>;

  beforeAll(() => {
    logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      seen.push(request);
      if (request.method === 'GET') return new Response('not found', { status: 404 }); // version probe
      return new Response('upstream exploded: SECRET-DETAIL', { status: 500 });
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('answers /api/health without touching the database', async () => {
    const response = await call('/api/health');
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(0);
  });

  it('sends queries to DATABASE_URL with the token', async () => {
    await call('/api/v1/plans');
    const pipeline = seen.find((request) => request.method === 'POST');
    expect(pipeline?.url).toMatch(/^https:\/\/binh-dang-test\.example\.invalid\/v\d\/pipeline$/);
    expect(pipeline?.headers.get('authorization')).toBe('Bearer test-token-123');
  });

  it('answers a failing database route with 500 problem+json that leaks nothing', async () => {
    const response = await call('/api/v1/plans');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ type: 'https://binh-dang.vn/problems/internal', status: 500 });
    expect(text).not.toMatch(/SECRET-DETAIL|example\.invalid|select|token/i);
    // Reported through the app's logError (Workers Logs), with method and path first.
    expect(logged).toHaveBeenCalledWith('GET /api/v1/plans failed', expect.anything());
    expect(JSON.stringify(logged.mock.calls)).not.toContain('test-token-123');
  });
});
