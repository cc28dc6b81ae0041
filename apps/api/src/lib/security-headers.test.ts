import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('security headers', () => {
  it('every API answer forbids framing, sniffing and any content; errors too', async () => {
    for (const path of ['/api/health', '/api/v1/org-units', '/api/v1/khong-co', '/api/openapi.json']) {
      const res = await t.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('the API reference page may load its viewer from the CDN and nothing else', async () => {
    const csp = (await t.get('/api/docs')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain('script-src');
    expect(csp).toContain('https://cdn.jsdelivr.net');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('sends HSTS over https only', async () => {
    expect((await t.get('/api/health')).headers.get('strict-transport-security')).toBeNull();
    const https = await t.app.request('https://binhdang.example/api/health');
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const proxied = await t.app.request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toContain('max-age=31536000');
  });

  it('lets any site read open data (CORS without credentials), but not the internal API', async () => {
    const open = await t.app.request('/api/v1/public/units', { headers: { origin: 'https://data.example.org' } });
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    expect(open.headers.get('access-control-allow-credentials')).toBeNull();
    const internal = await t.app.request('/api/v1/plans', { headers: { origin: 'https://data.example.org' } });
    expect(internal.headers.get('access-control-allow-origin')).toBeNull();
  });
});
