// Security headers of every portal page besides its Content-Security-Policy (which SvelteKit
// writes from svelte.config.js, kit.csp, with the hash of its inline start-up script): no
// framing, no type sniffing, no full referrers, no camera/microphone/location, and HSTS when the
// page was asked for over https (directly, or behind a proxy that says so in X-Forwarded-Proto).

export const HSTS = 'max-age=31536000; includeSubDomains';
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=()';
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** The headers a 304 answer repeats from the page it stands for. */
export const SECURITY_HEADER_NAMES = [
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'permissions-policy',
  'strict-transport-security',
  'content-security-policy',
] as const;

export function isHttps(url: URL, forwardedProto: string | null): boolean {
  return url.protocol === 'https:' || forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Sets the headers on a page's response (a referrer policy the page chose itself is kept). */
export function applySecurityHeaders(headers: Headers, url: URL, requestHeaders: Headers): void {
  headers.set('x-content-type-options', 'nosniff');
  headers.set('x-frame-options', 'DENY');
  // (Pages holding a secret in their address, /moi/<token>, ask for less.)
  if (!headers.has('referrer-policy')) headers.set('referrer-policy', REFERRER_POLICY);
  headers.set('permissions-policy', PERMISSIONS_POLICY);
  if (isHttps(url, requestHeaders.get('x-forwarded-proto'))) headers.set('strict-transport-security', HSTS);
}
