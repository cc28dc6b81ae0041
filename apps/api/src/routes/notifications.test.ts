import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@binh-dang/db';
import { seedDemoScenario } from '@binh-dang/db/seed';
import { createTestApp } from '../../test/test-app.ts';

// Three days before the demo plan's report deadline (15/11/2024), noon in Việt Nam.
const NOW = new Date('2024-11-12T05:00:00.000Z');
const REPORTER = 'baocao.caoxa@lamthao.demo';
const COORDINATOR = 'dieuphoi@lamthao.demo';

type Notification = { id: string; kind: string; subject: string; step: number; title: string; link: string | null; readAt: string | null };

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  t = await createTestApp({ now: () => NOW });
  await seedDemoScenario(t.db);
});
afterEach(() => t.close());

async function sendNow(cookie: string, unitId = 'huyen-lam-thao') {
  return t.send('POST', `/api/v1/org-units/${unitId}/reminders`, undefined, cookie);
}

describe('notifications and the outbox', () => {
  it('need a session', async () => {
    expect((await t.get('/api/v1/me/notifications')).status).toBe(401);
    expect((await t.get('/api/v1/me/outbox')).status).toBe(401);
    expect((await t.send('POST', '/api/v1/me/notifications/x/read', undefined)).status).toBe(401);
  });

  it('are sent now by the district coordinator, and read by the reporter they concern', async () => {
    const coordinator = await t.signIn(COORDINATOR);
    const run = await sendNow(coordinator);
    expect(run.status).toBe(200);
    const result = (await run.json()) as { today: string; notifications: number; emails: number };
    expect(result.today).toBe('2024-11-12');
    expect(result.notifications).toBeGreaterThan(0);
    // The run is audited in the province's chain.
    const [event] = await t.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'reminders.run'));
    expect(event?.actorLabel).toBe(COORDINATOR);

    const reporter = await t.signIn(REPORTER);
    const list = (await (await t.get('/api/v1/me/notifications', reporter)).json()) as { unread: number; items: Notification[] };
    expect(list.unread).toBe(list.items.length);
    const report = list.items.find((n) => n.kind === 'report.due')!;
    expect(report).toMatchObject({ step: 3, link: '/bao-cao', readAt: null });
    expect(report.title).toContain('còn 3 ngày, hạn 15/11/2024');

    const mail = (await (await t.get('/api/v1/me/outbox', reporter)).json()) as { delivery: string; items: { to: string; subject: string; body: string; sentAt: string | null }[] };
    expect(mail.delivery).toBe('outbox');
    expect(mail.items.length).toBe(list.items.length);
    expect(mail.items.every((e) => e.to === REPORTER && e.sentAt === null)).toBe(true);
    expect(mail.items.map((e) => e.subject)).toContain(`[Bình Đẳng] ${report.title}`);
    // The links in e-mails point at the portal's public origin.
    expect(mail.items.find((e) => e.subject.includes(report.title))?.body).toContain('http://localhost/bao-cao');

    // Someone else's notification is no notification; one's own is marked read once.
    expect((await t.send('POST', `/api/v1/me/notifications/${report.id}/read`, undefined, coordinator)).status).toBe(404);
    expect((await t.send('POST', `/api/v1/me/notifications/${report.id}/read`, undefined, reporter)).status).toBe(204);
    const after = (await (await t.get('/api/v1/me/notifications?unread=true', reporter)).json()) as { unread: number; items: Notification[] };
    expect(after.unread).toBe(list.unread - 1);
    expect(after.items.some((n) => n.id === report.id)).toBe(false);

    // Another run the same day adds nothing.
    expect(((await (await sendNow(coordinator)).json()) as { notifications: number }).notifications).toBe(0);
  });

  it('shows nobody else’s e-mails', async () => {
    await sendNow(await t.signIn(COORDINATOR));
    const other = await t.signIn('baocao.tienkien@lamthao.demo');
    const mail = (await (await t.get('/api/v1/me/outbox', other)).json()) as { items: { to: string }[] };
    expect(mail.items.length).toBeGreaterThan(0);
    expect(mail.items.every((e) => e.to === 'baocao.tienkien@lamthao.demo')).toBe(true);
  });

  it('"send now" is for coordinators and administrators within their reach', async () => {
    const reporter = await t.signIn(REPORTER);
    expect((await sendNow(reporter, 'xa-cao-xa-2024')).status).toBe(403);
    const coordinator = await t.signIn(COORDINATOR);
    expect((await sendNow(coordinator, 'xa-lam-thao-2025')).status).toBe(404);
    // A coordinator's run covers its own subtree only.
    const run = (await (await sendNow(coordinator, 'xa-tien-kien-2024')).json()) as { notifications: number };
    expect(run.notifications).toBeGreaterThan(0);
    const mine = (await (await t.get('/api/v1/me/notifications', reporter)).json()) as { items: Notification[] };
    expect(mine.items).toEqual([]);
  });
});
