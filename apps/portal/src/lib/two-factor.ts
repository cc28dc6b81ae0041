// Two-factor set-up as the reader sees it: the API's otpauth:// URI read back into the key to type
// into an authenticator app (in groups of four), its account and issuer, and the checks applied to
// what the set-up page posts back to itself (the key and recovery codes, for showing again only).

/** What an authenticator app needs, from an otpauth://totp/… URI. */
export interface TotpKey {
  /** The URI itself, for the link that opens an authenticator app. */
  uri: string;
  /** Base32, upper case, without padding. */
  secret: string;
  /** "ABCD EFGH IJKL …": easier to read out and type. */
  grouped: string;
  /** The account the app lists the key under (the e-mail address). */
  account: string;
  /** Who issued the key ("Bình Đẳng"). */
  issuer: string;
  digits: number;
  /** Seconds each code lasts. */
  period: number;
}

const BASE32 = /^[A-Z2-7]+$/;
/** At most this many characters of URI are accepted (a 160-bit key makes about 150). */
const URI_MAX = 512;

/** Splits `text` into groups of `size` characters joined by spaces. */
export function groupKey(text: string, size = 4): string {
  return (text.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ');
}

/** The key of an otpauth://totp/ URI, or null for anything else (another scheme, no secret). */
export function parseTotpUri(uri: string): TotpKey | null {
  if (typeof uri !== 'string' || uri.length > URI_MAX) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch (_error) {
    return null;
  }
  if (url.protocol !== 'otpauth:' || url.host.toLowerCase() !== 'totp') return null;
  const secret = (url.searchParams.get('secret') ?? '').replace(/=+$/, '').toUpperCase();
  if (secret.length < 16 || !BASE32.test(secret)) return null;
  let label: string;
  try {
    label = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch (_error) {
    label = url.pathname.replace(/^\//, '');
  }
  const colon = label.indexOf(':');
  const account = (colon >= 0 ? label.slice(colon + 1) : label).trim();
  const issuer = url.searchParams.get('issuer')?.trim() || (colon >= 0 ? label.slice(0, colon).trim() : '');
  const digits = Number(url.searchParams.get('digits') ?? 6);
  const period = Number(url.searchParams.get('period') ?? 30);
  return {
    uri,
    secret,
    grouped: groupKey(secret),
    account,
    issuer,
    digits: Number.isInteger(digits) && digits >= 6 && digits <= 8 ? digits : 6,
    period: Number.isInteger(period) && period > 0 && period <= 300 ? period : 30,
  };
}

/** How recovery codes look (better-auth: "AbC12-dEf34"); anything else posted back is dropped. */
const RECOVERY_CODE = /^[A-Za-z0-9-]{4,64}$/;
const RECOVERY_CODES_MAX = 32;

/** The recovery codes among `values` (posted back by the set-up page), or [] when any is odd. */
export function recoveryCodesOf(values: readonly unknown[]): string[] {
  const codes = values.filter((v): v is string => typeof v === 'string');
  if (codes.length !== values.length || codes.length > RECOVERY_CODES_MAX || !codes.every((c) => RECOVERY_CODE.test(c))) return [];
  return codes;
}

/** The 6-digit code as typed ("123 456", "123-456"), or null when it is not 6 digits. */
export function normaliseTotpCode(text: string): string | null {
  const code = text.replace(/[\s-]+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}
