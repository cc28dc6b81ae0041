// The session lives in the API's cookie (HttpOnly, set by the API). Server-side calls send the
// browser's cookie on to the API; what the API sets or clears is set again on the portal's answer
// with cookies.set, so the browser keeps one cookie for the one origin.
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIES, isRemoval, parseSetCookie, type SetCookie } from '$lib/session';

type CookieEvent = Pick<RequestEvent, 'cookies' | 'url'>;

/** Attributes of every cookie the portal sets: HttpOnly, Lax, Secure on https, whole site. */
export function cookieOptions(url: URL) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:' };
}

/** Sets, or removes, on the browser each cookie of the API answer's Set-Cookie headers. */
export function relaySetCookies(event: CookieEvent, headers: Headers): void {
  for (const header of headers.getSetCookie()) {
    const cookie = parseSetCookie(header);
    if (cookie) relayCookie(event, cookie);
  }
}

function relayCookie(event: CookieEvent, cookie: SetCookie) {
  // The value goes back byte for byte as the API wrote it (already encoded).
  const options = { ...cookieOptions(event.url), encode: (value: string) => value };
  if (isRemoval(cookie)) {
    event.cookies.delete(cookie.name, options);
    return;
  }
  const lifetime = cookie.maxAge !== undefined ? { maxAge: cookie.maxAge } : cookie.expires ? { expires: cookie.expires } : {};
  event.cookies.set(cookie.name, cookie.value, { ...options, ...lifetime });
}

export function hasSessionCookie(cookies: Cookies): boolean {
  return SESSION_COOKIES.some((name) => !!cookies.get(name));
}

/** Forgets the session on the browser (after sign-out, or when the API no longer knows it). */
export function clearSessionCookies(event: CookieEvent): void {
  for (const name of SESSION_COOKIES) if (event.cookies.get(name) !== undefined) event.cookies.delete(name, cookieOptions(event.url));
}
