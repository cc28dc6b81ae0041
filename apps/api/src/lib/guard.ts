// Limits every API request before it reaches a route: body size, JSON bodies only on writes,
// and no cross-site writes (cookie-authenticated requests from another origin are refused). The
// upload routes (uploads.ts) get their own size limit and declared types from one table.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env.ts';
import { ProblemError, problem } from './problem.ts';
import { UPLOADS, mediaType, megabytes, uploadLimit, uploadOf } from './uploads.ts';

export const MAX_BODY_BYTES = 256 * 1024;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A body limit answering 413 problem+json in Vietnamese and English. */
function limitOf(maxSize: number, detail: string): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ProblemError(problem('payload-too-large', { detail, errors: [{ path: 'body', message: detail }] }));
    },
  });
}

/** One body limit per distinct upload size (a route's own, and smaller ones for some types). */
const uploadLimits = new Map<number, MiddlewareHandler<AppEnv>>(
  [...new Set(Object.values(UPLOADS).flatMap((u) => [u.maxBytes, ...Object.values<number>('maxBytesByType' in u ? u.maxBytesByType : {})]))].map((max) => [
    max,
    limitOf(max, `Tệp tối đa ${megabytes(max)} (At most ${megabytes(max)})`),
  ]),
);

export function guardRequest(): MiddlewareHandler<AppEnv> {
  const limit = limitOf(MAX_BODY_BYTES, `Tối đa ${MAX_BODY_BYTES / 1024} KB (At most ${MAX_BODY_BYTES / 1024} KB)`);
  return async (c, next) => {
    if (!WRITES.has(c.req.method)) return next();
    const upload = uploadOf(c.req.path);
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
    // Upload routes: the declared type must be one the route takes (the route then checks the
    // bytes themselves), and the body its own limit.
    if (upload) {
      if (hasBody && !upload.types.includes(mediaType(type)))
        throw new ProblemError(problem('unsupported-media-type', { detail: upload.refusal, errors: [{ path: 'headers.content-type', message: upload.refusal }] }));
      return uploadLimits.get(uploadLimit(upload, mediaType(type)))!(c, next);
    }
    if (hasBody && !type.startsWith('application/json'))
      throw new ProblemError(
        problem('unsupported-media-type', { detail: 'Chỉ nhận JSON (application/json) (Only JSON bodies are accepted)' }),
      );
    return limit(c, next);
  };
}
