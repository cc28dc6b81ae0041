// Pure helpers of the signed-in side: the API's Set-Cookie headers read back into name, value and
// lifetime, the `next` address after sign-in, the current membership (unit switcher), and the
// API's field errors turned into messages beside form fields.

/** better-auth's session cookie (with `__Secure-` when the API's public URL is https). */
export const SESSION_COOKIES = ['binh-dang.session_token', '__Secure-binh-dang.session_token'] as const;

/** The membership (unit and role) the user works in, chosen on /tai-khoan. */
export const UNIT_COOKIE = 'bd_unit';

export interface SetCookie {
  name: string;
  value: string;
  /** Seconds; absent for a session cookie. */
  maxAge?: number;
  expires?: Date;
}

/** Name, value and lifetime of one Set-Cookie header; other attributes are the portal's own. */
export function parseSetCookie(header: string): SetCookie | null {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const cookie: SetCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
  if (!cookie.name) return null;
  for (const attribute of attributes) {
    const sep = attribute.indexOf('=');
    const key = (sep < 0 ? attribute : attribute.slice(0, sep)).trim().toLowerCase();
    const value = sep < 0 ? '' : attribute.slice(sep + 1).trim();
    if (key === 'max-age' && /^-?\d+$/.test(value)) cookie.maxAge = Number(value);
    else if (key === 'expires') {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) cookie.expires = date;
    }
  }
  return cookie;
}

/** Whether the cookie is being removed (empty, Max-Age ≤ 0 or an expiry in the past). */
export function isRemoval(cookie: SetCookie, now = new Date()): boolean {
  if (cookie.maxAge !== undefined) return cookie.maxAge <= 0 || cookie.value === '';
  if (cookie.expires) return cookie.expires.getTime() <= now.getTime() || cookie.value === '';
  return cookie.value === '';
}

/**
 * Where to go after signing in: a path on this site (`/…`, not `//host` nor `/\host`), else
 * `fallback`. Returns the path with its query and hash.
 */
export function safeNext(next: string | null | undefined, origin: string, fallback = '/tai-khoan'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  try {
    const url = new URL(next, origin);
    if (url.origin !== origin) return fallback;
    // Signing in again or out straight after signing in makes no sense.
    if (url.pathname === '/dang-nhap' || url.pathname === '/dang-xuat') return fallback;
    return url.pathname + url.search + url.hash;
  } catch (_error) {
    return fallback;
  }
}

/** `/dang-nhap?next=<this page>`: where a signed-out visitor of `url` is sent. */
export function signInPath(url: URL): string {
  return `/dang-nhap?next=${encodeURIComponent(url.pathname + url.search)}`;
}

export interface MembershipLike {
  id: string;
  active: boolean;
}

/**
 * The membership chosen in the `bd_unit` cookie when it is one of the user's and in force;
 * otherwise the first one in force; otherwise (roles waiting for two-factor set-up) the first.
 */
export function pickMembership<M extends MembershipLike>(memberships: readonly M[], chosen: string | undefined): M | null {
  const picked = chosen ? memberships.find((m) => m.id === chosen && m.active) : undefined;
  return picked ?? memberships.find((m) => m.active) ?? memberships[0] ?? null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

export interface FormErrors<F extends string> {
  /** Messages beside each field, Vietnamese part only. */
  fields: Partial<Record<F, string[]>>;
  /** Errors of paths that are not fields of the form. */
  other: string[];
}

/** API texts are "Vietnamese (English)": readers get the Vietnamese part. */
export function vietnamesePart(text: string): string {
  return text.replace(/\s*\([^()]*\)\s*\.?\s*$/, '').trim() || text;
}

/**
 * Sorts the API's `errors` onto the form's fields: `body.password` → `password`, and
 * `params.unitId` → `unitId` (a form may choose the unit it posts to).
 */
export function formErrors<F extends string>(errors: readonly FieldProblem[] | undefined, fields: readonly F[]): FormErrors<F> {
  const out: FormErrors<F> = { fields: {}, other: [] };
  for (const error of errors ?? []) {
    const name = error.path.replace(/^(body|params)\./, '') as F;
    const message = vietnamesePart(error.message);
    if (/^(body|params)\./.test(error.path) && fields.includes(name)) {
      const list = (out.fields[name] ??= []);
      if (!list.includes(message)) list.push(message);
    } else if (!out.other.includes(message)) out.other.push(message);
  }
  return out;
}

/** "28/11/2026 23:12" in Việt Nam time (UTC+7, no daylight saving), whatever the server's zone. */
export function formatVnDateTime(iso: string, withSeconds = false): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const vn = new Date(at.getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}${withSeconds ? `:${two(vn.getUTCSeconds())}` : ''}`;
  return `${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()} ${time}`;
}
