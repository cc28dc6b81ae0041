// The one way the portal's server talks to the API: the typed Hono client (hc<AppType>) over
// SvelteKit's event.fetch, so hooks.server.ts (handleFetch) routes the calls and carries the
// reader's session cookie and address. Loads get the body or a SvelteKit error with a Vietnamese
// message (`read`); form actions get the body or the problem, to show beside the fields (`attempt`).
import { error, type RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import type { OrgTreeNode, Plan, Role } from '@binh-dang/domain';
import { vietnamesePart, type FieldProblem } from '$lib/session';

export { vietnamesePart };

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

interface ProblemBody {
  title?: string;
  detail?: string;
  errors?: FieldProblem[];
  current?: unknown;
}

/**
 * An API error as the portal shows it: Vietnamese parts, field errors with their paths, and, for
 * a stale write (409), the resource as it is now stored (`current`, typed by the caller).
 */
export interface ApiProblem<Current = unknown> {
  status: number;
  /** "Title: detail", Vietnamese parts. */
  message: string;
  errors: FieldProblem[];
  /** Seconds, from Retry-After (throttled sign-in). */
  retryAfter: number | null;
  current: Current | null;
}

/** Messages for a status that the caller knows better than the API's generic title. */
export type Messages = Partial<Record<number, string>>;

/**
 * For DELETE without a body. The API's request guard (apps/api/src/lib/guard.ts) refuses a write
 * whose body stream exists without a JSON content type, and under @hono/node-server every DELETE
 * has a (empty) body stream; naming JSON lets the empty body through.
 */
const BODYLESS_WRITE = { headers: { 'content-type': 'application/json' } };

export const UNREACHABLE = 'Không kết nối được tới máy chủ dữ liệu. Vui lòng thử lại sau ít phút.';

export async function problemOf<Current = unknown>(response: ClientAnswer): Promise<ApiProblem<Current>> {
  let body: ProblemBody = {};
  try {
    body = (await response.json()) as ProblemBody;
  } catch (_error) {
    // Not problem+json (a proxy page, an empty body): fall back to the status alone.
  }
  const errors = Array.isArray(body.errors) ? body.errors : [];
  // The detail says more than the field messages; without one, the field messages are the detail.
  const explanation = body.detail ? [body.detail] : errors.map((e) => e.message);
  const parts = [body.title, ...explanation].filter((p): p is string => !!p).map(vietnamesePart);
  // "Không tìm thấy" then "Không tìm thấy đơn vị …": the longer one says it all.
  const unique = parts.filter((p, i) => parts.indexOf(p) === i && !parts.some((q, j) => j > i && q.startsWith(p)));
  const retry = Number(response.headers.get('retry-after'));
  return {
    status: response.status,
    message: unique.length ? unique.join(': ') : `Máy chủ dữ liệu trả lời lỗi ${response.status}.`,
    errors,
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
    current: body.current && typeof body.current === 'object' ? (body.current as Current) : null,
  };
}

async function problemMessage(response: ClientAnswer): Promise<string> {
  return (await problemOf(response)).message;
}

/** What every typed client answer has, whatever its status. */
export interface ClientAnswer {
  ok: boolean;
  status: number;
  headers: Headers;
  json(): Promise<unknown>;
}

export type Attempt<T, Current = unknown> = { ok: true; body: T } | { ok: false; problem: ApiProblem<Current> };

/** Waits for an API call: its 2xx body (null for 204), or the problem. Never throws. */
export async function attempt<R extends ClientAnswer, Current = unknown>(call: Promise<R>): Promise<Attempt<OkBody<R>, Current>> {
  let response: R;
  try {
    response = await call;
  } catch (_error) {
    return { ok: false, problem: { status: 503, message: UNREACHABLE, errors: [], retryAfter: null, current: null } };
  }
  if (response.ok) return { ok: true, body: (response.status === 204 ? null : await response.json()) as OkBody<R> };
  return { ok: false, problem: await problemOf<Current>(response) };
}

/** The JSON body of the successful answers among a typed client call's possible answers. */
export type OkBody<R extends ClientAnswer> = Awaited<ReturnType<Extract<R, { ok: true }>['json']>>;

/** Waits for an API call and returns its 2xx body, typed by the route's schema. */
export async function read<R extends ClientAnswer>(call: Promise<R>, messages: Messages = {}): Promise<OkBody<R>> {
  let response: R;
  try {
    response = await call;
  } catch (_error) {
    error(503, UNREACHABLE);
  }
  if (response.ok) return (await response.json()) as OkBody<R>;
  const status = response.status >= 400 && response.status <= 599 ? response.status : 502;
  error(status, messages[status] ?? (await problemMessage(response)));
}

export function createApi(event: ApiEvent) {
  const client = hc<AppType>(event.url.origin, { fetch: event.fetch });
  const v1 = client.api.v1;

  return {
    /** The org tree; with `at`, only the units in force that day. */
    async orgTree(at?: string) {
      const body = await read(v1['org-units'].$get({ query: at ? { at } : {} }));
      // Hono's client types recursive schemas (tree children, nested plan items) as plain JSON;
      // the API answers with the domain's own zod schemas, so the domain type is the exact shape.
      return { at: body.at, roots: body.roots as OrgTreeNode[] };
    },

    /** Plan summaries, optionally within a unit's subtree and for one year. */
    plans(filter: { unit?: string; year?: number } = {}) {
      const query: { unit?: string; year?: string } = {};
      if (filter.unit) query.unit = filter.unit;
      if (filter.year !== undefined) query.year = String(filter.year);
      const call = v1.plans.$get({ query });
      return read(call);
    },

    /** One plan, whole, with the units it refers to. */
    async plan(id: string) {
      const body = await read(v1.plans[':id'].$get({ param: { id } }), {
        400: `Mã kế hoạch “${id}” không hợp lệ.`,
        404: `Không tìm thấy kế hoạch “${id}”. Kế hoạch có thể đã bị xoá hoặc đường dẫn bị gõ sai.`,
      });
      // Recursive plan items: see orgTree.
      return { plan: body.plan as unknown as Plan, units: body.units };
    },

    /** The signed-in user and their memberships; null when the session is missing or over. */
    async me() {
      let response;
      try {
        response = await v1.me.$get();
      } catch (_error) {
        error(503, UNREACHABLE);
      }
      if (response.status === 401) return null;
      return read(Promise.resolve(response));
    },

    /**
     * Signs in; the session cookie comes back through handleFetch. With two-factor sign-in on,
     * either the app's 6-digit code or one of the recovery codes.
     */
    signIn(body: { email: string; password: string; totpCode?: string; recoveryCode?: string }) {
      return attempt(v1.session.$post({ json: body }));
    },

    /** Starts two-factor set-up: the TOTP key (otpauth URI) and the recovery codes, shown once. */
    startTwoFactor(password: string) {
      return attempt(v1.me['two-factor'].$post({ json: { password } }));
    },

    /** Confirms two-factor set-up with a code from the app; the renewed session cookie comes back through handleFetch. */
    verifyTwoFactor(code: string) {
      return attempt(v1.me['two-factor'].verify.$post({ json: { code } }));
    },

    signOut() {
      return attempt(v1.session.$delete(undefined, BODYLESS_WRITE));
    },

    /** Users and roles at a unit and below it (province administrator, coordinator). */
    memberships(unitId: string) {
      return read(v1['org-units'][':unitId'].memberships.$get({ param: { unitId } }));
    },

    invite(unitId: string, body: { email: string; role: Role }) {
      return attempt(v1['org-units'][':unitId'].invitations.$post({ param: { unitId }, json: body }));
    },

    acceptInvitation(body: { token: string; name: string; password: string }) {
      return attempt(v1.invitations.accept.$post({ json: body }));
    },

    removeMembership(id: string) {
      return attempt(v1.memberships[':id'].$delete({ param: { id } }, BODYLESS_WRITE));
    },

    /** The newest audit events of a province (province administrators). */
    auditEvents(provinceId: string, limit = 50) {
      return read(v1.audit[':provinceId'].events.$get({ param: { provinceId }, query: { limit: String(limit) } }));
    },

    /** The verification of a province's whole audit chain. */
    auditVerify(provinceId: string) {
      return read(v1.audit[':provinceId'].verify.$get({ param: { provinceId } }));
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** The signed-in user (GET /api/v1/me). */
export type Me = NonNullable<Awaited<ReturnType<Api['me']>>>;
export type MeMembership = Me['memberships'][number];
