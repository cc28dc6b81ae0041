// Requests under /api/ belong to the API: forwarded as they are (Workers, `vite dev` without the
// proxy), and server-side loads call the API directly instead of looping through the public host.
// Every other request learns who is signed in (event.locals.me, from GET /api/v1/me) when the
// browser holds a session cookie.
import type { Handle, HandleFetch, RequestEvent } from '@sveltejs/kit';
import { version } from '$app/environment';
import { env } from '$env/dynamic/private';
import { createApi } from '$lib/server/api';
import { apiUnavailable, isApiPath, resolveApiUpstream, sendToApi } from '$lib/server/api-upstream';
import { clearSessionCookies, hasSessionCookie, relaySetCookies } from '$lib/server/cookies';
import { SECURITY_HEADER_NAMES, applySecurityHeaders } from '$lib/server/security-headers';
import { UNIT_COOKIE, pickMembership } from '$lib/session';
import { PRIVATE_PAGE_CACHE, PUBLIC_ERROR_CACHE, PUBLIC_PAGE_CACHE, etagsOf, matchesEtag, pageEtag, varyOnCookie } from '$lib/public/cache';
import { isPublicPath, langOf } from '$lib/public/i18n';

export const handle: Handle = async ({ event, resolve }) => {
  if (!isApiPath(event.url.pathname)) {
    await loadViewer(event);
    // The public site in English (?lang=en): the document says so (app.html writes lang="vi").
    const lang = langOf(event.url);
    const response = await resolve(event, lang === 'en' ? { transformPageChunk: ({ html }) => html.replace('<html lang="vi">', '<html lang="en">') } : undefined);
    // No framing, no type sniffing, no full referrers, HSTS over https (CSP: svelte.config.js).
    applySecurityHeaders(response.headers, event.url, event.request.headers);
    // A page seen signed in names its reader: never for shared caches.
    if (event.locals.me) response.headers.set('cache-control', PRIVATE_PAGE_CACHE);
    if (isPublicPath(event.url.pathname) && (event.request.method === 'GET' || event.request.method === 'HEAD')) return publicPageCaching(event, response);
    return response;
  }
  const upstream = resolveApiUpstream(event.platform, env.API_ORIGIN);
  if (!upstream) return apiUnavailable('Chưa cấu hình địa chỉ API (API_ORIGIN) hoặc liên kết dịch vụ API.');
  // API_ORIGIN pointing at the portal itself would send the request round in circles.
  if (upstream.kind === 'origin' && new URL(upstream.origin).origin === event.url.origin)
    return apiUnavailable('API_ORIGIN trỏ về chính cổng thông tin, không phải máy chủ API.');
  try {
    const headers = new Headers(event.request.headers);
    // The API trusts the address the portal names; the browser's own claim is not passed on.
    headers.set('x-forwarded-for', event.getClientAddress());
    return await sendToApi(upstream, new Request(event.request, { headers }));
  } catch (_error) {
    return apiUnavailable('Không kết nối được tới máy chủ API.');
  }
};

/**
 * The public pages (lib/public/cache.ts): anonymous reads are shared-cacheable with an ETag made
 * from the public API answers they were built from (so it changes when something is published),
 * and answer 304 to a matching If-None-Match; a read with a session cookie (a personal header) is
 * private. Either way the answer varies on Cookie.
 */
function publicPageCaching(event: RequestEvent, response: Response): Response {
  varyOnCookie(response.headers);
  if (hasSessionCookie(event.cookies) || event.locals.me || response.headers.has('set-cookie')) {
    response.headers.set('cache-control', PRIVATE_PAGE_CACHE);
    return response;
  }
  if (response.status >= 300 && response.status < 400) return response;
  if (response.status !== 200) {
    response.headers.set('cache-control', response.status === 404 ? PUBLIC_ERROR_CACHE : 'no-store');
    return response;
  }
  response.headers.set('cache-control', PUBLIC_PAGE_CACHE);
  const etag = pageEtag(version, event.url.pathname + event.url.search, etagsOf(event.locals));
  if (!etag) return response;
  response.headers.set('etag', etag);
  if (matchesEtag(event.request.headers.get('if-none-match'), etag)) {
    const headers = new Headers();
    for (const name of ['cache-control', 'etag', 'vary', ...SECURITY_HEADER_NAMES]) {
      const value = response.headers.get(name);
      if (value) headers.set(name, value);
    }
    return new Response(null, { status: 304, headers });
  }
  return response;
}

/** event.locals.me and the current membership; only asks the API when a session cookie is there. */
async function loadViewer(event: RequestEvent) {
  event.locals.me = null;
  event.locals.membership = null;
  event.locals.sessionUnverified = false;
  if (!hasSessionCookie(event.cookies)) return;
  const me = await createApi(event)
    .me()
    .catch((error: unknown) => {
      // The API being down must not take the public pages with it: read them signed out.
      console.error('GET /api/v1/me failed', error instanceof Error ? error.message : error);
      event.locals.sessionUnverified = true;
      return undefined;
    });
  if (me === null) {
    // The API no longer knows this session (expired, signed out elsewhere).
    clearSessionCookies(event);
    return;
  }
  if (!me) return;
  event.locals.me = me;
  event.locals.membership = pickMembership(me.memberships, event.cookies.get(UNIT_COOKIE));
}

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !isApiPath(url.pathname)) return fetch(request);
  const upstream = resolveApiUpstream(event.platform, env.API_ORIGIN);
  if (!upstream) return fetch(request);
  // A same-origin call carries the reader's cookies and authorization, as SvelteKit's own fetch
  // would, and the reader's address (sign-in throttling, audit); the API decides what they allow.
  const headers = new Headers(request.headers);
  for (const name of ['cookie', 'authorization']) {
    const value = event.request.headers.get(name);
    if (value && !headers.has(name)) headers.set(name, value);
  }
  headers.set('x-forwarded-for', event.getClientAddress());
  const response = await sendToApi(upstream, new Request(request, { headers }));
  // Sign-in sets the session cookie, sign-out clears it: the browser only ever talks to the portal.
  relaySetCookies(event, response.headers);
  return response;
};
