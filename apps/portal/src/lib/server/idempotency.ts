// Sending a form's write once: every rendered create form (and the report form) carries a random
// key in a hidden input (`formKey`, made by the page's load); the form action forwards it to the
// API as `Idempotency-Key` (see the API's lib/idempotency.ts). A double click or a resend on a
// slow connection then reaches the API with the same key and body, and the API answers the first
// result again instead of writing twice. The key sent is the form's key plus a digest of the body,
// so a corrected resubmission of the same rendered form (after a refusal) is a new request.
export const FORM_KEY_FIELD = 'formKey';
/** How many times a request waits for the same request still running (409 with Retry-After). */
const MAX_WAITS = 10;

export function newFormKey(): string {
  return crypto.randomUUID();
}

/** The form's key as posted, or null when missing or malformed (the write is then sent without a key). */
export function formKeyOf(data: FormData): string | null {
  const value = data.get(FORM_KEY_FIELD);
  return typeof value === 'string' && /^[A-Za-z0-9-]{16,64}$/.test(value) ? value : null;
}

/** The `Idempotency-Key` for one write of a form: the form's key and a digest of what is sent. */
export async function requestKey(formKey: string | null, body: unknown): Promise<string | null> {
  if (!formKey) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(body) ?? '')));
  return `${formKey}.${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Sends a write with its key. While the API still runs the same request (a double click: 409
 * with Retry-After), waits and asks again, so that the second click gets the first one's answer.
 */
export async function sendOnce<R extends { status: number; headers: Headers }>(
  key: string | null,
  call: (init: { headers: Record<string, string> } | undefined) => Promise<R>,
): Promise<R> {
  if (!key) return call(undefined);
  for (let waited = 0; ; waited++) {
    const response = await call({ headers: { 'Idempotency-Key': key } });
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status !== 409 || !(retryAfter > 0) || waited >= MAX_WAITS) return response;
    await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, 5) * 1000));
  }
}
