// Every operation declares who may call it next to its schema. The permission is written into
// the OpenAPI operation as `x-permission`, and routes without one are refused at start-up.
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { isPermission, type Permission } from '@binh-dang/domain';
import { permissionGate } from './access.ts';

// P keeps the literal path so that the typed client (hc<AppType>) knows every route.
export function defineRoute<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P }>(
  permission: Permission,
  config: R,
): R & { 'x-permission': Permission } {
  if (!isPermission(permission)) throw new Error(`unknown permission for ${config.method} ${config.path}: ${String(permission)}`);
  const own = config.middleware === undefined ? [] : Array.isArray(config.middleware) ? config.middleware : [config.middleware];
  return createRoute({ ...config, middleware: [permissionGate(permission), ...own], 'x-permission': permission });
}
