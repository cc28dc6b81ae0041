// Sign-in, sign-out, the signed-in user, and two-factor set-up. These call better-auth's server
// API, forward its cookies, and add what it does not do our way: throttling per account and per
// address, Vietnamese problem+json errors, and audit events.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { grantsOf, recentFailures, recordSignInAttempt } from '@binh-dang/db';
import { roleLabels, roles } from '@binh-dang/domain';
import { PASSWORD_MAX } from '../auth/auth.ts';
import type { AppEnv } from '../env.ts';
import { requireViewer, viewerFromHeaders } from '../lib/access.ts';
import { clientAddress, recordAudit } from '../lib/audit.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, problem } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, emailField, problemContent } from './schemas.ts';

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_ADDRESS = 50;

const WRONG_CREDENTIALS = 'Email hoặc mật khẩu không đúng (Wrong e-mail or password)';

const meOut = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    twoFactorEnabled: z.boolean(),
    memberships: z.array(
      z.object({
        id: z.string(),
        orgUnitId: z.string(),
        orgUnitName: z.string(),
        path: z.string(),
        role: z.enum(roles),
        roleLabel: z.string(),
        active: z.boolean(),
      }),
    ),
    twoFactorRequired: z.boolean(),
  })
  .openapi('Me');

const unauthorized = { description: 'Not signed in, or wrong credentials (problem+json)', content: problemContent };

function forwardCookies(from: Response, to: Headers) {
  for (const cookie of from.headers.getSetCookie()) to.append('set-cookie', cookie);
}

/** A cookie header made of the cookies a better-auth response sets (for a follow-up call). */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function meBody(c: Context<AppEnv>) {
  const viewer = await requireViewer(c);
  const all = await grantsOf(c.var.deps.db, viewer.userId);
  const active = new Set(viewer.grants.map((g) => g.membershipId));
  return {
    user: { id: viewer.userId, email: viewer.email, name: viewer.name },
    twoFactorEnabled: viewer.twoFactorEnabled,
    memberships: all.map((g) => ({
      id: g.membershipId,
      orgUnitId: g.orgUnitId,
      orgUnitName: g.orgUnitName,
      path: g.path,
      role: g.role,
      roleLabel: roleLabels[g.role].vi,
      active: active.has(g.membershipId),
    })),
    twoFactorRequired: viewer.pendingTwoFactorRoles.length > 0,
  };
}

export const sessionRoutes = createRouter()
  .openapi(
    defineRoute('public', {
      method: 'post',
      path: '/api/v1/session',
      tags: ['session'],
      summary: 'Sign in (đăng nhập) with e-mail, password and, when set up, a TOTP code',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  email: emailField,
                  password: z.string().min(1, { message: 'Vui lòng nhập mật khẩu (Password required)' }).max(PASSWORD_MAX),
                  totpCode: z
                    .string()
                    .regex(/^\d{6}$/, { message: 'Mã xác thực gồm 6 chữ số (The code has 6 digits)' })
                    .optional(),
                  /** One of the recovery codes shown at two-factor set-up, each usable once. */
                  recoveryCode: z.string().trim().min(4).max(64).optional(),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        200: { description: 'Signed in; the session cookie is set', content: { 'application/json': { schema: meOut } } },
        400: badRequest,
        401: unauthorized,
        429: { description: 'Too many failed attempts (problem+json, Retry-After)', content: problemContent },
      },
    }),
    async (c) => {
      const { email, password, totpCode, recoveryCode } = c.req.valid('json');
      const { db, now } = c.var.deps;
      const ip = clientAddress(c);
      const since = new Date(now().getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
      const failures = await recentFailures(db, email, ip, since);
      if (failures.byEmail >= MAX_FAILURES_PER_ACCOUNT || failures.byIp >= MAX_FAILURES_PER_ADDRESS) {
        await recordAudit(c, { action: 'auth.sign_in_throttled', entityType: 'user', entityId: null, actorLabel: email, ip });
        c.header('retry-after', String(THROTTLE_WINDOW_MINUTES * 60));
        throw new ProblemError(
          problem('too-many-requests', {
            detail: `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${THROTTLE_WINDOW_MINUTES} phút (Too many failed sign-ins; try again in ${THROTTLE_WINDOW_MINUTES} minutes).`,
          }),
        );
      }
      const fail = async (detail: string, reason: string, path = 'body.password') => {
        await recordSignInAttempt(db, { email, ip, at: now(), succeeded: false });
        await recordAudit(c, { action: 'auth.sign_in_failed', entityType: 'user', entityId: null, actorLabel: email, ip, after: { reason } });
        return new ProblemError(
          problem('unauthenticated', { detail, errors: [{ path, message: detail }] }),
        );
      };
      const auth = c.var.authApi();
      const first = await auth.api.signInEmail({ body: { email, password }, headers: c.req.raw.headers, asResponse: true });
      if (!first.ok) throw await fail(WRONG_CREDENTIALS, 'credentials');
      let final = first;
      const firstBody = (await first.clone().json()) as { twoFactorRedirect?: boolean };
      if (firstBody.twoFactorRedirect) {
        if (!totpCode && !recoveryCode) {
          // The password was right; the second factor is missing. Not counted as a failure.
          throw new ProblemError(
            problem('unauthenticated', {
              detail: 'Vui lòng nhập mã xác thực 6 chữ số từ ứng dụng (Enter the 6-digit code from your app)',
              errors: [{ path: 'body.totpCode', message: 'Cần mã xác thực hai lớp (Two-factor code required)' }],
            }),
          );
        }
        const headers = new Headers(c.req.raw.headers);
        headers.set('cookie', cookiesOf(first));
        final = totpCode
          ? await auth.api.verifyTOTP({ body: { code: totpCode }, headers, asResponse: true })
          : await auth.api.verifyBackupCode({ body: { code: recoveryCode! }, headers, asResponse: true });
        if (!final.ok)
          throw await fail('Mã xác thực không đúng (Wrong two-factor code)', totpCode ? 'totp' : 'recovery-code', totpCode ? 'body.totpCode' : 'body.recoveryCode');
      }
      await recordSignInAttempt(db, { email, ip, at: now(), succeeded: true });
      // Re-read the session from the cookie just issued, as the next request will.
      const headers = new Headers(c.req.raw.headers);
      headers.set('cookie', cookiesOf(final));
      const session = await auth.api.getSession({ headers });
      if (!session) throw new ProblemError(problem('internal'));
      c.set('viewer', viewerFromHeaders(c, headers));
      const body = await meBody(c);
      await recordAudit(c, { action: 'auth.sign_in', entityType: 'user', entityId: session.user.id, actorLabel: email, actorUserId: session.user.id, ip });
      forwardCookies(final, c.res.headers);
      const response = c.json(body, 200);
      forwardCookies(final, response.headers);
      return response;
    },
  )
  .openapi(
    defineRoute('signed-in', {
      method: 'delete',
      path: '/api/v1/session',
      tags: ['session'],
      summary: 'Sign out (đăng xuất): ends the session on the server and clears the cookie',
      responses: { 204: { description: 'Signed out' }, 401: unauthorized },
    }),
    async (c) => {
      const viewer = await requireViewer(c);
      const out = await c.var.authApi().api.signOut({ headers: c.req.raw.headers, asResponse: true });
      await recordAudit(c, { action: 'auth.sign_out', entityType: 'user', entityId: viewer.userId, actorUserId: viewer.userId, actorLabel: viewer.email, ip: clientAddress(c) });
      const response = c.body(null, 204);
      forwardCookies(out, response.headers);
      return response;
    },
  )
  .openapi(
    defineRoute('signed-in', {
      method: 'get',
      path: '/api/v1/me',
      tags: ['session'],
      summary: 'The signed-in user and their memberships (units and roles)',
      responses: { 200: { description: 'The user', content: { 'application/json': { schema: meOut } } }, 401: unauthorized },
    }),
    async (c) => c.json(await meBody(c), 200),
  )
  .openapi(
    defineRoute('signed-in', {
      method: 'post',
      path: '/api/v1/me/two-factor',
      tags: ['session'],
      summary: 'Start setting up two-factor sign-in: returns the TOTP key (as otpauth URI) and recovery codes, shown once',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ password: z.string().min(1).max(PASSWORD_MAX) }).strict() } },
        },
      },
      responses: {
        200: {
          description: 'Scan the URI in an authenticator app, then confirm with a code',
          content: { 'application/json': { schema: z.object({ totpURI: z.string(), backupCodes: z.array(z.string()) }) } },
        },
        400: badRequest,
        401: unauthorized,
      },
    }),
    async (c) => {
      const viewer = await requireViewer(c);
      const { password } = c.req.valid('json');
      const res = await c.var.authApi().api.enableTwoFactor({ body: { password }, headers: c.req.raw.headers, asResponse: true });
      if (!res.ok)
        throw new ProblemError(
          problem('unauthenticated', { detail: WRONG_CREDENTIALS, errors: [{ path: 'body.password', message: 'Mật khẩu không đúng (Wrong password)' }] }),
        );
      const body = (await res.json()) as { totpURI: string; backupCodes: string[] };
      await recordAudit(c, { action: 'auth.two_factor_started', entityType: 'user', entityId: viewer.userId, actorUserId: viewer.userId, actorLabel: viewer.email, ip: clientAddress(c) });
      return c.json({ totpURI: body.totpURI, backupCodes: body.backupCodes }, 200);
    },
  )
  .openapi(
    defineRoute('signed-in', {
      method: 'post',
      path: '/api/v1/me/two-factor/verify',
      tags: ['session'],
      summary: 'Confirm two-factor set-up with a code from the app; from then on sign-in asks for a code',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ code: z.string().regex(/^\d{6}$/, { message: 'Mã xác thực gồm 6 chữ số (The code has 6 digits)' }) }).strict(),
            },
          },
        },
      },
      responses: { 204: { description: 'Two-factor sign-in is on' }, 400: badRequest, 401: unauthorized },
    }),
    async (c) => {
      const viewer = await requireViewer(c);
      const res = await c.var.authApi().api.verifyTOTP({ body: { code: c.req.valid('json').code }, headers: c.req.raw.headers, asResponse: true });
      if (!res.ok)
        throw new ProblemError(
          problem('unauthenticated', { detail: 'Mã xác thực không đúng (Wrong code)', errors: [{ path: 'body.code', message: 'Mã không đúng (Wrong code)' }] }),
        );
      await recordAudit(c, { action: 'auth.two_factor_enabled', entityType: 'user', entityId: viewer.userId, actorUserId: viewer.userId, actorLabel: viewer.email, ip: clientAddress(c) });
      const response = c.body(null, 204);
      forwardCookies(res, response.headers);
      return response;
    },
  );
