// HTTP caching of the public pages (/, /cong-khai/…). Read anonymously, a page is the same for
// everyone who asks for the same address (the language is in the address): shared caches may keep
// it. Read with a session cookie, the page carries the reader's own header (name, unit, links of
// their role): private, never stored. `Vary: Cookie` tells caches that the two differ.
//
// Every page also gets an ETag made from the ETags of the public API answers it was built from.
// Those are keyed on the province's publication generation, which the API bumps in the same
// transaction as an issue or an approval: the page's ETag changes exactly when something it shows
// is published (or the day changes), so a revalidation (If-None-Match) answers 304 until then.

/** Edge caches keep a page a minute and may serve it stale for an hour while they revalidate. */
export const PUBLIC_PAGE_CACHE = 'public, max-age=0, s-maxage=60, stale-while-revalidate=3600';
/** A missing page may appear once a plan is issued: kept a minute at most. */
export const PUBLIC_ERROR_CACHE = 'public, max-age=0, s-maxage=60';
export const PRIVATE_PAGE_CACHE = 'private, no-store';

// The API ETags each request's loads saw, by the request's `locals` (one object per request).
const seen = new WeakMap<object, string[]>();

/** Remembers an API answer's ETag for the page being built. */
export function recordEtag(locals: object, etag: string | null): void {
  if (!etag) return;
  const list = seen.get(locals) ?? [];
  list.push(etag);
  seen.set(locals, list);
}

export function etagsOf(locals: object): readonly string[] {
  return seen.get(locals) ?? [];
}

/** FNV-1a, 32 bits, as hex: short and the same on Node and Workers (no async crypto). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The page's weak ETag: the build, the address (path, query: language, period, day) and the API
 * ETags it was made from. null when the page used no API answer with an ETag (nothing to key on).
 */
export function pageEtag(build: string, address: string, apiEtags: readonly string[]): string | null {
  if (apiEtags.length === 0) return null;
  const key = [build, address, ...[...new Set(apiEtags)].sort()].join('\n');
  return `W/"p-${fnv1a(key)}-${fnv1a(`${key}\u0000`)}"`;
}

/** Whether If-None-Match names this ETag (a list, or *). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => bare(t) === bare(etag));
}

/** Adds `Cookie` to a response's Vary header (keeping what is there). */
export function varyOnCookie(headers: Headers): void {
  const current = headers.get('vary');
  if (!current) headers.set('vary', 'Cookie');
  else if (!current.split(',').some((v) => v.trim().toLowerCase() === 'cookie' || v.trim() === '*')) headers.set('vary', `${current}, Cookie`);
}
