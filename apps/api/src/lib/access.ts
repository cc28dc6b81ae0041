// Access checks for routes: who is calling (from the session cookie) and whether the declared
// permission lets them act on the target unit. Out-of-reach units answer 404, so that existence
// does not leak; a role without the permission inside one's reach answers 403.
import type { Context, MiddlewareHandler } from 'hono';
import {
  RECENT_SIGN_IN_MINUTES,
  decide,
  permissionsNeedingRecentSignIn,
  rolesRequiringTwoFactor,
  type Permission,
} from '@binh-dang/domain';
import { grantsOf, schema, unitInReach } from '@binh-dang/db';
import { eq } from 'drizzle-orm';
import { SESSION_ABSOLUTE_SECONDS } from '../auth/auth.ts';
import type { AppEnv, Viewer } from '../env.ts';
import { ProblemError, problem } from './problem.ts';

const SESSION_COOKIE = 'binh-dang.session_token';

/** Sets `viewer` on the context: a memoised loader, so public routes never touch the session store. */
export function viewerMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('viewer', viewerFromHeaders(c, c.req.raw.headers));
    await next();
  };
}

/** A memoised loader of the user whose session cookie is in `headers`. */
export function viewerFromHeaders(c: Context<AppEnv>, headers: Headers): () => Promise<Viewer | null> {
  let loaded: Promise<Viewer | null> | undefined;
  return () => (loaded ??= loadViewer(c, headers));
}

async function loadViewer(c: Context<AppEnv>, headers: Headers): Promise<Viewer | null> {
  const cookie = headers.get('cookie') ?? '';
  if (!cookie.includes(SESSION_COOKIE)) return null;
  const found = await c.var.authApi().api.getSession({ headers, query: { disableCookieCache: true } });
  if (!found) return null;
  const { db, now } = c.var.deps;
  const age = (now().getTime() - new Date(found.session.createdAt).getTime()) / 1000;
  if (age > SESSION_ABSOLUTE_SECONDS) {
    await db.delete(schema.sessions).where(eq(schema.sessions.id, found.session.id));
    return null;
  }
  const twoFactorEnabled = Boolean((found.user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled);
  const all = await grantsOf(db, found.user.id);
  const needsTwoFactor = (role: string) => !twoFactorEnabled && rolesRequiringTwoFactor.includes(role as never);
  return {
    userId: found.user.id,
    email: found.user.email,
    name: found.user.name,
    sessionId: found.session.id,
    signedInAt: new Date(found.session.createdAt).toISOString(),
    twoFactorEnabled,
    grants: all.filter((g) => !needsTwoFactor(g.role)).map((g) => ({ ...g })),
    pendingTwoFactorRoles: all.filter((g) => needsTwoFactor(g.role)).map((g) => ({ role: g.role, path: g.path })),
  };
}

/** The details of the three refusals, so that tests can tell a refusal from a route's own answer. */
export const REFUSAL = {
  unauthenticated: 'Vui lòng đăng nhập (Please sign in).',
  hidden: 'Không tìm thấy đơn vị trong phạm vi của bạn (No such unit within your reach)',
  forbidden: 'Vai trò của bạn không được làm việc này (Your role does not allow this)',
} as const;

const unauthenticated = () => new ProblemError(problem('unauthenticated', { detail: REFUSAL.unauthenticated }));

/** Runs before every non-public route: a caller without a valid session gets 401. */
export function permissionGate(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('permission', permission);
    if (permission !== 'public' && (await c.var.viewer()) === null) throw unauthenticated();
    await next();
  };
}

/** The signed-in caller, or 401. */
export async function requireViewer(c: Context<AppEnv>): Promise<Viewer> {
  const viewer = await c.var.viewer();
  if (!viewer) throw unauthenticated();
  return viewer;
}

/**
 * Checks the route's permission on the unit `unitId` and returns the unit (id, path, name).
 * The reach test runs in SQL (`unitInReach`); the role test uses the session's grants.
 */
export async function authorizeUnit(c: Context<AppEnv>, unitId: string, notFoundPath = 'params.unitId') {
  const viewer = await requireViewer(c);
  const unit = await unitInReach(c.var.deps.db, viewer.userId, unitId);
  const hidden = () =>
    new ProblemError(
      problem('not-found', {
        detail: REFUSAL.hidden,
        errors: [{ path: notFoundPath, message: 'Không tìm thấy (Not found)' }],
      }),
    );
  if (!unit) throw hidden();
  const decision = decide(c.var.permission, viewer.grants, unit.path);
  const awaitsTwoFactor = decide(c.var.permission, [...viewer.grants, ...viewer.pendingTwoFactorRoles], unit.path) === 'allow';
  if (decision !== 'allow' && awaitsTwoFactor)
    throw new ProblemError(
      problem('forbidden', { detail: 'Vai trò này cần bật xác thực hai lớp trước (This role needs two-factor sign-in set up first)' }),
    );
  if (decision === 'hidden') throw hidden();
  if (decision === 'forbidden')
    throw new ProblemError(
      problem('forbidden', {
        detail: REFUSAL.forbidden,
      }),
    );
  if (decision !== 'allow') throw unauthenticated();
  if (permissionsNeedingRecentSignIn.includes(c.var.permission)) {
    const minutes = (c.var.deps.now().getTime() - new Date(viewer.signedInAt).getTime()) / 60_000;
    if (minutes > RECENT_SIGN_IN_MINUTES)
      throw new ProblemError(
        problem('unauthenticated', {
          detail: `Thao tác quản trị cần đăng nhập lại (lần đăng nhập gần nhất quá ${RECENT_SIGN_IN_MINUTES} phút) (Sign in again to confirm administrative actions)`,
        }),
      );
  }
  return { viewer, unit };
}

/** Paths of the caller's memberships (every role): the subtrees whose draft plans they may read. */
export async function draftScopes(c: Context<AppEnv>): Promise<string[]> {
  const viewer = await c.var.viewer();
  return viewer ? viewer.grants.map((g) => g.path) : [];
}

/**
 * Drafts are internal: a draft plan is readable only by members of its issuing unit's subtree or
 * above; to anyone else it answers 404, like a plan that does not exist.
 */
export async function assertPlanVisible(c: Context<AppEnv>, plan: { id: string; status: string; issuingUnitId: string }): Promise<void> {
  if (plan.status !== 'draft') return;
  const scopes = await draftScopes(c);
  const [unit] = await c.var.deps.db.select({ path: schema.orgUnits.path }).from(schema.orgUnits).where(eq(schema.orgUnits.id, plan.issuingUnitId));
  if (unit && scopes.some((scope) => unit.path.startsWith(scope))) return;
  throw new ProblemError(
    problem('not-found', {
      detail: `Không có kế hoạch "${plan.id}" (No such plan)`,
      errors: [{ path: 'params.id', message: 'Không tìm thấy, hoặc là dự thảo chưa công khai (Not found, or an unpublished draft)' }],
    }),
  );
}
