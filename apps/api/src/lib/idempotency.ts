// Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): a write under /api/v1
// sent with `Idempotency-Key` runs once per user + method + path + key; a repeat with the same
// body gets the stored answer again (`Idempotent-Replayed: true`), a repeat with another body 422,
// a repeat while the first still runs 409 with `Retry-After: 1`. Answers ≥ 500 are not kept, so a
// retry runs again. Keys expire after 24 hours. Table: idempotency_keys (packages/db/src/schema.ts).
//
// Case routes: their answers hold personal data, so only the ids and versions of a successful
// answer are kept (and the kind of a refusal); the replay says to read the case again.
// Sign-in, two-factor set-up and invitations ignore the header: their answers carry cookies,
// secrets or single-use links, which are never stored.
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { schema } from '@binh-dang/db';
import type { AppEnv } from '../env.ts';
import { ProblemError, problem, type Problem } from './problem.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** How long a key is remembered. */
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim without an answer after this long is taken over (its request died): above any proxy timeout. */
export const CLAIM_TAKEOVER_MS = 2 * 60 * 1000;
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** Answers that carry cookies, secrets or single-use links: never stored, the header is ignored. */
const IGNORED = /^\/api\/v1\/(session|me\/two-factor|invitations|org-units\/[^/]+\/invitations)(\/|$)/;
/** Answers that hold personal data of the case register: stored reduced to ids and versions. */
const CASE_PATHS = /^\/api\/v1\/(cases|org-units\/[^/]+\/cases)(\/|$)/;

const t = schema.idempotencyKeys;

const keyInUse = (): Problem => ({
  type: 'https://binh-dang.vn/problems/idempotency-key-in-use',
  title: 'Yêu cầu với cùng khóa chống gửi trùng đang được xử lý',
  title_en: 'A request with this idempotency key is still being processed',
  status: 409,
  detail: 'Vui lòng đợi giây lát rồi gửi lại (Please retry in a moment)',
});

const keyReused = (): Problem => ({
  type: 'https://binh-dang.vn/problems/idempotency-key-reused',
  title: 'Khóa chống gửi trùng đã được dùng cho một yêu cầu khác',
  title_en: 'This idempotency key was already used for a different request',
  status: 422,
  detail:
    'Cùng khóa Idempotency-Key nhưng nội dung gửi khác lần trước; hãy dùng khóa mới cho yêu cầu mới (Same key, different body: use a new key for a new request)',
});

function problemAnswer(c: Context, p: Problem, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(p), p.status as ContentfulStatusCode, { 'content-type': 'application/problem+json; charset=utf-8', ...headers });
}

/** The key of a request: the bare value or the draft's quoted sf-string; null when malformed. */
export function parseIdempotencyKey(raw: string): string | null {
  const value = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  return VALID_KEY.test(value) ? value : null;
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Ids and versions only (any depth, arrays left out): what is kept of a case route's answer. */
function idsOnly(value: unknown): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'id' || k === 'version') && (typeof v === 'string' || typeof v === 'number')) out[k] = v;
    else {
      const inner = idsOnly(v);
      if (inner) out[k] = inner;
    }
  }
  return Object.keys(out).length ? out : null;
}

const CASE_REPLAY_NOTE =
  'Trả lời lặp lại không kèm dữ liệu hồ sơ; hãy đọc lại hồ sơ (GET /api/v1/cases/{id}) (Replayed without the case data: read the case again)';

/** What is stored of an answer: the bytes as they are, or, on case routes, without personal data. */
async function storedBody(path: string, res: Response): Promise<{ body: string; encoding: 'utf8' | 'base64' }> {
  const type = res.headers.get('content-type') ?? '';
  if (CASE_PATHS.test(path)) {
    let parsed: unknown = null;
    try {
      parsed = await res.clone().json();
    } catch (_error) {
      // Not JSON: nothing of it is kept.
    }
    if (type.startsWith('application/problem+json')) {
      const p = (parsed ?? {}) as Partial<Problem>;
      return { body: JSON.stringify({ type: p.type, title: p.title, title_en: p.title_en, status: res.status, detail: CASE_REPLAY_NOTE }), encoding: 'utf8' };
    }
    return { body: JSON.stringify({ ...idsOnly(parsed), note: CASE_REPLAY_NOTE }), encoding: 'utf8' };
  }
  const bytes = new Uint8Array(await res.clone().arrayBuffer());
  if (/^(application\/([\w.+-]*json|xml)|text\/)/.test(type)) return { body: new TextDecoder().decode(bytes), encoding: 'utf8' };
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return { body: btoa(binary), encoding: 'base64' };
}

function replay(c: Context, row: typeof t.$inferSelect): Response {
  const headers: Record<string, string> = { 'Idempotent-Replayed': 'true' };
  if (row.contentType) headers['content-type'] = row.contentType;
  if (row.location) headers.location = row.location;
  const body = row.body ?? '';
  const bytes = row.bodyEncoding === 'base64' ? Uint8Array.from(atob(body), (ch) => ch.charCodeAt(0)) : body;
  if (row.status === 204 || row.status === 304) return c.body(null, row.status, headers);
  return c.body(bytes as string, (row.status ?? 200) as ContentfulStatusCode, headers);
}

/**
 * The middleware (registered once for /api/*). It also documents the header as a shared parameter
 * of the write operations in /api/openapi.json.
 */
export function idempotencyKeys(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' && c.req.path === '/api/openapi.json') {
      await next();
      await documentHeader(c);
      return;
    }
    const raw = c.req.header(IDEMPOTENCY_HEADER);
    if (raw === undefined || !WRITES.has(c.req.method) || !c.req.path.startsWith('/api/v1/') || IGNORED.test(c.req.path)) return next();
    const key = parseIdempotencyKey(raw);
    if (key === null)
      throw new ProblemError(
        problem('validation', {
          detail: 'Tiêu đề Idempotency-Key không hợp lệ (Malformed Idempotency-Key header)',
          errors: [{ path: 'headers.idempotency-key', message: 'Khóa gồm 1–255 ký tự ASCII nhìn thấy được, không có dấu cách (1–255 visible ASCII characters)' }],
        }),
      );

    const { db, now: clock, logError } = c.var.deps;
    const fingerprint = await sha256Hex(await c.req.raw.clone().arrayBuffer());
    const viewer = await c.var.viewer();
    const id = { scope: viewer?.userId ?? 'anonymous', method: c.req.method, path: c.req.path, key };
    const where = and(eq(t.scope, id.scope), eq(t.method, id.method), eq(t.path, id.path), eq(t.key, id.key));
    const now = clock();
    const at = now.toISOString();
    const claim = crypto.randomUUID();
    // Expired keys go now (indexed by created_at): a key is remembered for 24 hours.
    await db.delete(t).where(lt(t.createdAt, new Date(now.getTime() - KEY_TTL_MS).toISOString()));

    let owned = false;
    for (let attempt = 0; attempt < 3 && !owned; attempt++) {
      const inserted = await db
        .insert(t)
        .values({ ...id, fingerprint, claim, claimedAt: at, createdAt: at })
        .onConflictDoNothing()
        .returning({ claim: t.claim });
      if (inserted.length) {
        owned = true;
        break;
      }
      const [row] = await db.select().from(t).where(where);
      if (!row) continue; // released (the first answer was ≥ 500) between the two statements
      if (row.fingerprint !== fingerprint) return problemAnswer(c, keyReused());
      if (row.status !== null) return replay(c, row);
      if (row.claimedAt >= new Date(now.getTime() - CLAIM_TAKEOVER_MS).toISOString()) return problemAnswer(c, keyInUse(), { 'retry-after': '1' });
      // The claim is older than any request can run: its request died; take it over.
      const taken = await db
        .update(t)
        .set({ claim, claimedAt: at })
        .where(and(where, eq(t.claim, row.claim), isNull(t.status)))
        .returning({ claim: t.claim });
      owned = taken.length > 0;
    }
    if (!owned) return problemAnswer(c, keyInUse(), { 'retry-after': '1' });

    const mine = and(where, eq(t.claim, claim));
    try {
      await next();
    } catch (error) {
      await db.delete(t).where(mine);
      throw error;
    }
    const res = c.res;
    if (res.status >= 500) {
      // Not kept: the retry runs again.
      await db.delete(t).where(mine);
      return;
    }
    try {
      const { body, encoding } = await storedBody(id.path, res);
      await db
        .update(t)
        .set({
          status: res.status,
          contentType: res.headers.get('content-type'),
          location: res.headers.get('location'),
          body,
          bodyEncoding: encoding,
          completedAt: clock().toISOString(),
        })
        .where(mine);
    } catch (error) {
      // The write itself went through: answer it. The claim stays until taken over.
      logError(`${c.req.method} ${c.req.path}: idempotency answer not stored`, error);
    }
  };
}

/** Adds the header as a shared parameter of every write operation under /api/v1 in the OpenAPI document. */
async function documentHeader(c: Context<AppEnv>) {
  if (c.res.status !== 200) return;
  type Operation = { parameters?: unknown[] };
  const doc = (await c.res.clone().json()) as {
    paths?: Record<string, Record<string, Operation>>;
    components?: { parameters?: Record<string, unknown> };
  };
  doc.components = { ...doc.components, parameters: { ...doc.components?.parameters, IdempotencyKey: PARAMETER } };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith('/api/v1/') || IGNORED.test(path)) continue;
    for (const [method, op] of Object.entries(item))
      if (WRITES.has(method.toUpperCase())) op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
  }
  const headers = new Headers(c.res.headers);
  headers.delete('content-length');
  c.res = new Response(JSON.stringify(doc), { status: 200, headers });
}

const PARAMETER = {
  name: IDEMPOTENCY_HEADER,
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
  description:
    'Khóa chống gửi trùng, tạo mới cho mỗi thao tác (ví dụ một UUID): gửi lại cùng khóa và cùng nội dung trong 24 giờ nhận lại đúng câu trả lời lần đầu ' +
    '(tiêu đề `Idempotent-Replayed: true`) mà không ghi thêm; cùng khóa, nội dung khác: 422; lần đầu còn đang chạy: 409 với `Retry-After`. ' +
    '(Idempotency key, new for each operation: a repeat with the same key and body within 24 h replays the first answer; another body: 422; still running: 409.)',
};
