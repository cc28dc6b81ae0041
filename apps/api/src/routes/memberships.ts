// Delegated administration: a province administrator manages users in the province, a
// coordinator invites and removes users inside its own subtree. Invitations are single-use
// links bound to an e-mail; only the token's hash is stored.
import { z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import { findUserByEmail, getMembership, listMemberships, schema } from '@binh-dang/db';
import { grantableRoles, isWithin, newId, roles, sha256Hex, type Role } from '@binh-dang/domain';
import { PASSWORD_MAX } from '../auth/auth.ts';
import { PasswordRejected, createUserWithPassword } from '../auth/users.ts';
import type { Viewer } from '../env.ts';
import { authorizeUnit } from '../lib/access.ts';
import { clientAddress, recordAudit } from '../lib/audit.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, notFoundError, problem } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, denied, emailField, idParam, notFound, problemContent } from './schemas.ts';

export const INVITATION_DAYS = 7;


const membershipOut = z
  .object({
    id: z.string(),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    role: z.enum(roles),
    createdAt: z.string(),
  })
  .openapi('Membership');

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether one of the viewer's roles reaching `path` may grant (or remove) `role`. */
function mayGrant(viewer: Viewer, path: string, role: Role): boolean {
  return viewer.grants.some((g) => isWithin(path, g.path) && grantableRoles(g.role).includes(role));
}

export const membershipRoutes = createRouter()
  .openapi(
    defineRoute('memberships.read', {
      method: 'get',
      path: '/api/v1/org-units/{unitId}/memberships',
      tags: ['users'],
      summary: 'Users and roles at a unit and the units below it',
      request: { params: z.object({ unitId: idParam }) },
      responses: {
        200: { description: 'Memberships', content: { 'application/json': { schema: z.object({ items: z.array(membershipOut) }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
      return c.json({ items: await listMemberships(c.var.deps.db, unit.path) }, 200);
    },
  )
  .openapi(
    defineRoute('memberships.manage', {
      method: 'post',
      path: '/api/v1/org-units/{unitId}/invitations',
      tags: ['users'],
      summary: 'Invite a person by e-mail to a role at a unit (single-use link, expires in 7 days)',
      request: {
        params: z.object({ unitId: idParam }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  email: emailField,
                  role: z.enum(roles),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        201: {
          description: 'The invitation; the token is shown once',
          content: {
            'application/json': {
              schema: z.object({ id: z.string(), token: z.string(), path: z.string(), expiresAt: z.string() }).openapi('Invitation'),
            },
          },
        },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { unit, viewer } = await authorizeUnit(c, c.req.valid('param').unitId);
      const { email, role } = c.req.valid('json');
      if (!mayGrant(viewer, unit.path, role))
        throw new ProblemError(
          problem('forbidden', {
            detail: 'Bạn không được giao vai trò này (You may not grant this role)',
            errors: [{ path: 'body.role', message: 'Vai trò vượt quyền của bạn (Role above your own)' }],
          }),
        );
      const { db, now } = c.var.deps;
      const token = randomToken();
      const id = newId(now());
      const expiresAt = new Date(now().getTime() + INVITATION_DAYS * 86_400_000).toISOString();
      await recordAudit(
        c,
        {
          action: 'invitation.create',
          entityType: 'invitation',
          entityId: id,
          orgUnitId: unit.id,
          orgUnitPath: unit.path,
          actorUserId: viewer.userId,
          actorLabel: viewer.email,
          after: { email, role, orgUnitId: unit.id, expiresAt },
          ip: clientAddress(c),
        },
        [
          db.insert(schema.invitations).values({
            id,
            tokenHash: await sha256Hex(token),
            email,
            orgUnitId: unit.id,
            role,
            invitedBy: viewer.userId,
            expiresAt,
          }),
        ],
      );
      return c.json({ id, token, path: `/moi/${token}`, expiresAt }, 201);
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'post',
      path: '/api/v1/invitations/accept',
      tags: ['users'],
      summary:
        'Accept an invitation: creates the account (name, password) for the invited e-mail, or, signed in as that e-mail, adds the role to the account',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  token: z.string().min(20).max(100),
                  name: z.string().trim().min(2, { message: 'Vui lòng nhập họ tên (Name required)' }).max(120).optional(),
                  password: z.string().max(PASSWORD_MAX).optional(),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        201: {
          description: 'Role added (to a new account: sign in next)',
          content: { 'application/json': { schema: z.object({ email: z.string(), accountCreated: z.boolean() }) } },
        },
        400: badRequest,
        404: notFound,
        409: { description: 'The e-mail has an account: sign in as it first (problem+json)', content: problemContent },
      },
    }),
    async (c) => {
      const { token, name, password } = c.req.valid('json');
      const { db, now } = c.var.deps;
      const hash = await sha256Hex(token);
      const [inv] = await db
        .select()
        .from(schema.invitations)
        .where(and(eq(schema.invitations.tokenHash, hash), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
        .limit(1);
      if (!inv || inv.expiresAt < now().toISOString())
        throw notFoundError('Lời mời không tồn tại, đã dùng hoặc đã hết hạn (Invitation unknown, used or expired)', [
          { path: 'body.token', message: 'Lời mời không hợp lệ (Invalid invitation)' },
        ]);
      const existing = await findUserByEmail(db, inv.email);
      let userId: string;
      if (existing) {
        // The invitation is bound to its e-mail: an existing account takes it only when signed in.
        const viewer = await c.var.viewer();
        if (viewer?.userId !== existing.id)
          throw new ProblemError(
            problem('conflict', {
              detail: `Email ${inv.email} đã có tài khoản: hãy đăng nhập bằng email này rồi mở lại liên kết (Sign in as this e-mail, then open the link again)`,
            }),
          );
        userId = existing.id;
      } else {
        const missing = [
          ...(name ? [] : [{ path: 'body.name', message: 'Vui lòng nhập họ tên (Name required)' }]),
          ...(password ? [] : [{ path: 'body.password', message: 'Vui lòng đặt mật khẩu (Password required)' }]),
        ];
        if (missing.length) throw new ProblemError(problem('validation', { errors: missing }));
        userId = newId(now());
        try {
          await createUserWithPassword(db, c.var.authApi(), { id: userId, email: inv.email, name: name!, password: password!, now: now() });
        } catch (error) {
          if (error instanceof PasswordRejected)
            throw new ProblemError(problem('validation', { errors: error.messages.map((message) => ({ path: 'body.password', message })) }));
          throw error;
        }
      }
      const membershipId = newId(now());
      const [unit] = await db.select({ path: schema.orgUnits.path }).from(schema.orgUnits).where(eq(schema.orgUnits.id, inv.orgUnitId));
      await recordAudit(
        c,
        {
          action: 'invitation.accept',
          entityType: 'membership',
          entityId: membershipId,
          orgUnitId: inv.orgUnitId,
          orgUnitPath: unit?.path ?? null,
          actorUserId: userId,
          actorLabel: inv.email,
          after: { userId, role: inv.role, orgUnitId: inv.orgUnitId },
          ip: clientAddress(c),
        },
        [
          db
            .insert(schema.memberships)
            .values({ id: membershipId, userId, orgUnitId: inv.orgUnitId, role: inv.role, createdBy: inv.invitedBy })
            .onConflictDoNothing(),
          db.update(schema.invitations).set({ acceptedAt: now().toISOString() }).where(eq(schema.invitations.id, inv.id)),
        ],
      );
      return c.json({ email: inv.email, accountCreated: !existing }, 201);
    },
  )
  .openapi(
    defineRoute('memberships.manage', {
      method: 'delete',
      path: '/api/v1/memberships/{id}',
      tags: ['users'],
      summary: 'Remove a role from a user (within your subtree, a role you could grant)',
      request: { params: z.object({ id: idParam }) },
      responses: { 204: { description: 'Removed' }, 400: badRequest, 401: denied, 403: denied, 404: notFound },
    }),
    async (c) => {
      const { db } = c.var.deps;
      const membership = await getMembership(db, c.req.valid('param').id);
      // Unknown and out-of-reach memberships answer alike (404).
      if (!membership) throw notFoundError('Không tìm thấy (Not found)');
      const { viewer, unit } = await authorizeUnit(c, membership.orgUnitId, 'params.id');
      if (!mayGrant(viewer, unit.path, membership.role))
        throw new ProblemError(problem('forbidden', { detail: 'Bạn không được gỡ vai trò này (You may not remove this role)' }));
      await recordAudit(
        c,
        {
          action: 'membership.delete',
          entityType: 'membership',
          entityId: membership.id,
          orgUnitId: unit.id,
          orgUnitPath: unit.path,
          actorUserId: viewer.userId,
          actorLabel: viewer.email,
          before: { userId: membership.userId, email: membership.email, role: membership.role, orgUnitId: membership.orgUnitId },
          ip: clientAddress(c),
        },
        [db.delete(schema.memberships).where(eq(schema.memberships.id, membership.id))],
      );
      return c.body(null, 204);
    },
  );
