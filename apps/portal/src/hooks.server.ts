// Requests under /api/ belong to the API: forwarded as they are (Workers, `vite dev` without the
// proxy), and server-side loads call the API directly instead of looping through the public host.
// Every other request learns who is signed in (event.locals.me, from GET /api/v1/me) when the
// browser holds a session cookie.
import type { Handle, HandleFetch, RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { createApi } from '$lib/server/api';
import { apiUnavailable, isApiPath, resolveApiUpstream, sendToApi } from '$lib/server/api-upstream';
import { clearSessionCookies, hasSessionCookie, relaySetCookies } from '$lib/server/cookies';
import { UNIT_COOKIE, pickMembership } from '$lib/session';

export const handle: Handle = async ({ event, resolve }) => {
  if (!isApiPath(event.url.pathname)) {
    await loadViewer(event);
    const response = await resolve(event);
    // No framing, no type sniffing, no full referrers.
    response.headers.set('x-content-type-options', 'nosniff');
    response.headers.set('x-frame-options', 'DENY');
    // (Pages holding a secret in their address, /moi/<token>, ask for less.)
    if (!response.headers.has('referrer-policy')) response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    // A page seen signed in names its reader: never for shared caches.
    if (event.locals.me) response.headers.set('cache-control', 'private, no-store');
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
