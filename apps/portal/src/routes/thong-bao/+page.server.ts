// "Thông báo": the signed-in user's deadline reminders (GET /api/v1/me/notifications), each marked
// read with a form (POST /api/v1/me/notifications/{id}/read), and the e-mails the system sent
// them (GET /api/v1/me/outbox). Locally nothing is sent: the outbox is where those e-mails are
// read. A coordinator or province administrator can send the due reminders of the unit they
// work in now (POST /api/v1/org-units/{unitId}/reminders); the daily job sends them anyway.
import { fail, type RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import { attempt, read } from '$lib/server/api';
import { requireMe } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

/** Roles that may send a subtree's reminders now (permission reminders.run). */
const SENDERS = new Set(['province_admin', 'coordinator']);

function client(event: Pick<RequestEvent, 'fetch' | 'url'>) {
  return hc<AppType>(event.url.origin, { fetch: event.fetch }).api.v1;
}

export const load: PageServerLoad = async (event) => {
  requireMe(event);
  const v1 = client(event);
  const [notifications, outbox] = await Promise.all([read(v1.me.notifications.$get({ query: {} })), read(v1.me.outbox.$get())]);
  const membership = event.locals.membership;
  return {
    unread: notifications.unread,
    notifications: notifications.items,
    delivery: outbox.delivery,
    emails: outbox.items,
    sender: membership && membership.active && SENDERS.has(membership.role) ? { unitId: membership.orgUnitId, unitName: membership.orgUnitName } : null,
  };
};

export const actions: Actions = {
  daDoc: async (event) => {
    requireMe(event);
    const id = String((await event.request.formData()).get('id') ?? '');
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return fail(400, { error: 'Thông báo không hợp lệ.' });
    const result = await attempt(client(event).me.notifications[':id'].read.$post({ param: { id } }));
    if (!result.ok) return fail(result.problem.status, { error: result.problem.message });
    return { read: id };
  },
  guiNgay: async (event) => {
    requireMe(event);
    const membership = event.locals.membership;
    if (!membership || !membership.active || !SENDERS.has(membership.role)) return fail(403, { error: 'Vai trò của bạn không gửi nhắc hạn được.' });
    const result = await attempt(client(event)['org-units'][':unitId'].reminders.$post({ param: { unitId: membership.orgUnitId } }));
    if (!result.ok) return fail(result.problem.status, { error: result.problem.message });
    return { sent: result.body };
  },
};
