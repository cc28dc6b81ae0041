// Limits every API request before it reaches a route: body size, JSON bodies only on writes,
// and no cross-site writes (cookie-authenticated requests from another origin are refused).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env.ts';
import { ProblemError, problem } from './problem.ts';

export const MAX_BODY_BYTES = 256 * 1024;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that take a file or pasted text instead of JSON. */
const UPLOAD_PATHS = [/^\/api\/v1\/org-units\/[^/]+\/plan-imports$/, /^\/api\/v1\/duties\/[^/]+\/evidence$/, /^\/api\/v1\/activities\/[^/]+\/evidence$/, /^\/api\/v1\/reports\/[^/]+\/xlsx$/];

export function guardRequest(): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError(
        problem('payload-too-large', { detail: `Tối đa ${MAX_BODY_BYTES / 1024} KB (At most ${MAX_BODY_BYTES / 1024} KB)` }),
      );
    },
  });
  return async (c, next) => {
    if (!WRITES.has(c.req.method)) return next();
    const uploads = UPLOAD_PATHS.some((re) => re.test(c.req.path));
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const sameOrigin = origin === undefined || origin === new URL(c.req.url).origin || origin === new URL(c.var.deps.auth.baseURL).origin;
    if (!sameOrigin || fetchSite === 'cross-site')
      throw new ProblemError(problem('cross-site', { detail: 'Yêu cầu ghi từ trang web khác bị từ chối (Cross-site write refused)' }));
    const type = c.req.header('content-type') ?? '';
    // A body is announced by its length or chunked encoding; in-process requests (tests) carry
    // neither, so a body stream with a content type counts too. A bare DELETE has none.
    const length = c.req.header('content-length');
    const hasBody = length !== undefined ? length !== '0' : c.req.header('transfer-encoding') !== undefined || (c.req.raw.body !== null && type !== '');
    // Upload routes take their own types and size limit (checked by the route and the reader).
    if (uploads) return next();
    if (hasBody && !type.startsWith('application/json'))
      throw new ProblemError(
        problem('unsupported-media-type', { detail: 'Chỉ nhận JSON (application/json) (Only JSON bodies are accepted)' }),
      );
    return limit(c, next);
  };
}
