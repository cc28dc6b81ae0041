import { describe, expect, it } from 'vitest';
import config from '../../../svelte.config.js';
import { HSTS, PERMISSIONS_POLICY, SECURITY_HEADER_NAMES, applySecurityHeaders, isHttps } from './security-headers.ts';

const page = (url: string, request: Record<string, string> = {}) => {
  const headers = new Headers();
  applySecurityHeaders(headers, new URL(url), new Headers(request));
  return headers;
};

describe('applySecurityHeaders', () => {
  it('sets no framing, no sniffing, the referrer and permissions policies on every page', () => {
    const headers = page('http://127.0.0.1:8123/bao-cao');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY);
    expect(PERMISSIONS_POLICY).toBe('camera=(), microphone=(), geolocation=()');
  });

  it('sends HSTS over https only: the address, or a proxy saying so in X-Forwarded-Proto', () => {
    expect(page('http://127.0.0.1:8123/').get('strict-transport-security')).toBeNull();
    expect(page('http://127.0.0.1:8123/', { 'x-forwarded-proto': 'http' }).get('strict-transport-security')).toBeNull();
    expect(page('https://binhdang.example.vn/').get('strict-transport-security')).toBe(HSTS);
    expect(page('http://10.0.0.2/', { 'x-forwarded-proto': 'https' }).get('strict-transport-security')).toBe(HSTS);
    expect(page('http://10.0.0.2/', { 'x-forwarded-proto': 'HTTPS, http' }).get('strict-transport-security')).toBe(HSTS);
    expect(HSTS).toBe('max-age=31536000; includeSubDomains');
    expect(isHttps(new URL('http://x/'), 'httpsx')).toBe(false);
  });

  it("keeps a page's own stricter referrer policy (/moi/<token> holds a secret in its address)", () => {
    const headers = new Headers({ 'referrer-policy': 'no-referrer' });
    applySecurityHeaders(headers, new URL('https://binhdang.example.vn/moi/abc'), new Headers());
    expect(headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('lists every header it sets for a 304 to repeat, and the CSP', () => {
    const set = [...page('https://binhdang.example.vn/', {}).keys()];
    for (const name of set) expect(SECURITY_HEADER_NAMES).toContain(name);
    expect(SECURITY_HEADER_NAMES).toContain('content-security-policy');
  });
});

describe('kit.csp (svelte.config.js)', () => {
  it('hashes, not nonces, and a policy that allows only the portal itself', () => {
    const csp = config.kit?.csp;
    // Nonces would change a public page's HTML on every request and defeat its ETag.
    expect(csp?.mode).toBe('hash');
    expect(csp?.directives).toEqual({
      'default-src': ['self'],
      'script-src': ['self'],
      'style-src': ['self'],
      'style-src-attr': ['unsafe-inline'],
      'img-src': ['self', 'data:'],
      'font-src': ['self'],
      'connect-src': ['self'],
      'form-action': ['self'],
      'frame-ancestors': ['none'],
      'base-uri': ['self'],
      'object-src': ['none'],
    });
  });
});
