// Every operation declares who may call it next to its schema. The permission is written into
// the OpenAPI operation as `x-permission`, and routes without one are refused at start-up.
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { isPermission, type Permission } from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';
import { permissionGate } from './access.ts';
import { ProblemError, problem } from './problem.ts';

// P keeps the literal path so that the typed client (hc<AppType>) knows every route.
export function defineRoute<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P }>(
  permission: Permission,
  config: R,
): R & { 'x-permission': Permission } {
  if (!isPermission(permission)) throw new Error(`unknown permission for ${config.method} ${config.path}: ${String(permission)}`);
  const own = config.middleware === undefined ? [] : Array.isArray(config.middleware) ? config.middleware : [config.middleware];
  const takesJson = Object.keys(config.request?.body?.content ?? {}).some((type) => type === 'application/json');
  return createRoute({ ...config, middleware: [permissionGate(permission), ...(takesJson ? [jsonBodyGate] : []), ...own], 'x-permission': permission });
}

/** The media types the JSON validator accepts (as @hono/zod-openapi matches them). */
const JSON_MEDIA = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * Before the JSON validator of a route that takes a JSON body: a body of another media type is
 * 415, and an empty or unreadable JSON body is 400 with the field path "body" — as problems,
 * where the validator's own HTTP errors would carry neither the right status nor a field path.
 */
const jsonBodyGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  const text = c.req.raw.body === null ? '' : await c.req.text();
  if (type === '' ? text.length > 0 : !JSON_MEDIA.test(type))
    throw new ProblemError(problem('unsupported-media-type', { detail: 'Chỉ nhận JSON (application/json) (Only JSON bodies are accepted)' }));
  if (type !== '') {
    let message: string | null = null;
    if (text.trim() === '') message = 'Thiếu dữ liệu JSON (A JSON body is required)';
    else
      try {
        JSON.parse(text);
      } catch {
        message = 'Dữ liệu JSON không đọc được (Malformed JSON)';
      }
    if (message)
      throw new ProblemError(problem('validation', { detail: 'Dữ liệu gửi lên không đọc được (Malformed request body)', errors: [{ path: 'body', message }] }));
  }
  await next();
};
