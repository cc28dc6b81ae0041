// Deadline reminders in the API: the signed-in user's notifications (and marking one read), the
// e-mails addressed to them (the outbox: locally nothing is sent, so this is where the e-mails are
// read), and "send the due reminders now" for a coordinator's subtree. The daily run is the
// Worker's Cron Trigger (worker.ts) or `npm run reminders` (reminders-cli.ts).
//
// The outbox is read by its addressee only ('signed-in', filtered to the caller's own address) rather
// than by administrators: a reminder says nothing its addressee may not read in the portal, while
// an administrator reading every user's mail would be a new disclosure for no use.
import { z } from '@hono/zod-openapi';
import { countUnreadNotifications, listNotifications, listOutboxFor, markNotificationRead } from '@binh-dang/db';
import { authorizeUnit, requireViewer } from '../lib/access.ts';
import { clientAddress, recordAudit } from '../lib/audit.ts';
import { createRouter } from '../lib/factory.ts';
import { notFoundError } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { runReminders } from '../reminders.ts';
import { badRequest, denied, idParam, notFound } from './schemas.ts';

const notificationOut = z
  .object({
    id: z.string(),
    kind: z.string(),
    subject: z.string(),
    /** 7, 3, 1 days before the deadline, or 0 when overdue. */
    step: z.number().int(),
    title: z.string(),
    body: z.string(),
    /** A portal path, e.g. /bao-cao. */
    link: z.string().nullable(),
    dueDate: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

const outboxEmailOut = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    body: z.string(),
    createdAt: z.string(),
    /** When a provider accepted it; null in the local outbox (never sent) or while it failed. */
    sentAt: z.string().nullable(),
    failed: z.boolean(),
  })
  .openapi('OutboxEmail');

const unauthorized = denied;

export const notificationRoutes = createRouter()
  .openapi(
    defineRoute('signed-in', {
      method: 'get',
      path: '/api/v1/me/notifications',
      tags: ['notifications'],
      summary: 'Your notifications (deadline reminders), newest first, with the number unread',
      request: { query: z.object({ unread: z.enum(['true', 'false']).optional() }) },
      responses: {
        200: {
          description: 'Notifications',
          content: { 'application/json': { schema: z.object({ unread: z.number().int(), items: z.array(notificationOut) }) } },
        },
        400: badRequest,
        401: unauthorized,
      },
    }),
    async (c) => {
      const viewer = await requireViewer(c);
      const { db } = c.var.deps;
      const [items, unread] = await Promise.all([
        listNotifications(db, viewer.userId, { unreadOnly: c.req.valid('query').unread === 'true' }),
        countUnreadNotifications(db, viewer.userId),
      ]);
      const out = items.map(({ id, kind, subject, step, title, body, link, dueDate, createdAt, readAt }) => ({
        id,
        kind,
        subject,
        step,
        title,
        body,
        link,
        dueDate,
        createdAt,
        readAt,
      }));
      return c.json({ unread, items: out }, 200);
    },
  )
  .openapi(
    defineRoute('signed-in', {
      method: 'post',
      path: '/api/v1/me/notifications/{id}/read',
      tags: ['notifications'],
      summary: 'Mark one of your notifications read (someone else’s answers 404)',
      request: { params: z.object({ id: idParam }) },
      responses: { 204: { description: 'Read' }, 400: badRequest, 401: unauthorized, 404: notFound },
    }),
    async (c) => {
      const viewer = await requireViewer(c);
      const { db, now } = c.var.deps;
      const found = await markNotificationRead(db, viewer.userId, c.req.valid('param').id, now().toISOString());
      if (!found) throw notFoundError('Không có thông báo này (No such notification)');
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute('signed-in', {
      method: 'get',
      path: '/api/v1/me/outbox',
      tags: ['notifications'],
      summary: 'E-mails the system sent (or, locally, only queued) to your address, newest first',
      responses: {
        200: {
          description: 'E-mails; `delivery` is "outbox" when this server sends none (local, previews), else the provider',
          content: { 'application/json': { schema: z.object({ delivery: z.string(), items: z.array(outboxEmailOut) }) } },
        },
        401: unauthorized,
      },
    }),
    async (c) => {
      const viewer = await requireViewer(c);
      const { db, mailer } = c.var.deps;
      const rows = await listOutboxFor(db, viewer.email);
      const items = rows.map((r) => ({ id: r.id, to: r.toEmail, subject: r.subject, body: r.body, createdAt: r.createdAt, sentAt: r.sentAt, failed: r.error !== null }));
      return c.json({ delivery: mailer.delivery, items }, 200);
    },
  )
  .openapi(
    defineRoute('reminders.run', {
      method: 'post',
      path: '/api/v1/org-units/{unitId}/reminders',
      tags: ['notifications'],
      summary:
        'Send now the deadline reminders that are due in this unit’s subtree (the daily job sends them anyway; nobody gets one twice)',
      request: { params: z.object({ unitId: idParam }) },
      responses: {
        200: {
          description: 'What this run added',
          content: {
            'application/json': {
              schema: z
                .object({ today: z.string(), itemsDue: z.number().int(), notifications: z.number().int(), emails: z.number().int(), sent: z.number().int() })
                .openapi('RemindersRun'),
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
      const { db, now, mailer, auth } = c.var.deps;
      const at = now();
      const result = await runReminders(db, at, mailer, { scopePath: unit.path, publicUrl: auth.baseURL });
      await recordAudit(c, {
        action: 'reminders.run',
        entityType: 'org_unit',
        entityId: unit.id,
        orgUnitId: unit.id,
        orgUnitPath: unit.path,
        actorUserId: viewer.userId,
        actorLabel: viewer.email,
        after: result,
        ip: clientAddress(c),
      });
      return c.json(result, 200);
    },
  );
