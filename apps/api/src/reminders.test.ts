import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@binh-dang/db';
import { seedDemoScenario } from '@binh-dang/db/seed';
import { createTestApp } from '../test/test-app.ts';
import { outboxMailer, providerMailer, type MailTransport } from './mailer.ts';
import { mailerFromEnv } from './mailer-env.ts';
import { resendTransport } from './mailer-resend.ts';
import { OVERDUE_LOOKBACK_DAYS, daysUntil, reminderStep, runReminders } from './reminders.ts';

/** Noon in Việt Nam on `day`. */
const at = (day: string) => new Date(`${day}T05:00:00.000Z`);
const REPORTER = 'demo-reporter-caoxa';
const CASE_WORKER = 'demo-caseworker';

let t: Awaited<ReturnType<typeof createTestApp>>;

beforeEach(async () => {
  t = await createTestApp();
  // The demo story: the Lâm Thao plan issued, its 2024 reports due 15/11/2024, Cao Xá's not opened,
  // and its duties due the same day.
  expect((await seedDemoScenario(t.db)).played).toBe(true);
});
afterEach(() => t.close());

const notificationsOf = (userId: string) => t.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId));
const outbox = () => t.db.select().from(schema.emailOutbox);

describe('reminder steps', () => {
  it('counts days in local dates and puts each deadline in its bucket', () => {
    expect(daysUntil('2024-11-15', '2024-11-12')).toBe(3);
    expect(daysUntil('2025-01-02', '2024-12-30')).toBe(3);
    expect(daysUntil('2024-11-15', '2024-11-16')).toBe(-1);
    const step = (today: string) => reminderStep('2024-11-15', today)?.step ?? null;
    expect(step('2024-11-07')).toBe(null); // 8 days ahead: not yet
    expect(step('2024-11-08')).toBe(7);
    expect(step('2024-11-10')).toBe(7); // 5 days: a missed "7" still goes out
    expect(step('2024-11-12')).toBe(3);
    expect(step('2024-11-13')).toBe(3);
    expect(step('2024-11-14')).toBe(1);
    expect(step('2024-11-15')).toBe(1); // due today
    expect(step('2024-11-16')).toBe(0); // overdue
    expect(reminderStep('2024-11-15', '2024-12-15')).toEqual({ step: 0, days: -OVERDUE_LOOKBACK_DAYS });
    expect(step('2024-12-16')).toBe(null); // long overdue: no new notice
  });
});

describe('runReminders', () => {
  it('notifies the Cao Xá reporter 3 days before the deadline, in the portal and by e-mail, once', async () => {
    const mailer = outboxMailer(t.db);
    const first = await runReminders(t.db, at('2024-11-12'), mailer, { publicUrl: 'https://binhdang.example.gov.vn' });
    expect(first.today).toBe('2024-11-12');
    expect(first.notifications).toBeGreaterThan(0);
    expect(first.emails).toBe(first.notifications);
    expect(first.sent).toBe(0);

    const mine = await notificationsOf(REPORTER);
    const report = mine.find((n) => n.kind === 'report.due');
    expect(report).toMatchObject({ subject: 'report:ke-hoach-bdg-lam-thao-2024:xa-cao-xa-2024:2024', step: 3, dueDate: '2024-11-15', link: '/bao-cao', readAt: null });
    expect(report?.title).toContain('báo cáo kỳ 2024 của Xã Cao Xá');
    expect(report?.title).toContain('còn 3 ngày, hạn 15/11/2024');
    // Cao Xá's one duty of the plan, due the same day.
    expect(mine.filter((n) => n.kind === 'duty.due')).toHaveLength(1);
    expect(mine.find((n) => n.kind === 'duty.due')?.link).toMatch(/^\/viec-cua-toi\//);

    // The e-mail repeats the notification, with the portal's address.
    const mail = (await outbox()).find((e) => e.notificationId === report?.id);
    expect(mail).toMatchObject({ toEmail: 'baocao.caoxa@lamthao.demo', sentAt: null, error: null });
    expect(mail?.subject).toBe(`[Bình Đẳng] ${report?.title}`);
    expect(mail?.body).toContain('Kính gửi Người báo cáo xã Cao Xá (mẫu),');
    expect(mail?.body).toContain('https://binhdang.example.gov.vn/bao-cao');

    // Nobody gets the same step twice, however often the job runs that day.
    const again = await runReminders(t.db, at('2024-11-12'), mailer);
    expect(again).toMatchObject({ notifications: 0, emails: 0 });
    expect(await notificationsOf(REPORTER)).toHaveLength(mine.length);
  });

  it('follows the steps to the deadline and past it, and then stops', async () => {
    const mailer = outboxMailer(t.db);
    const steps = async () => (await notificationsOf(REPORTER)).filter((n) => n.kind === 'report.due').map((n) => n.step).sort();
    await runReminders(t.db, at('2024-11-08'), mailer);
    expect(await steps()).toEqual([7]);
    await runReminders(t.db, at('2024-11-09'), mailer);
    expect(await steps()).toEqual([7]);
    await runReminders(t.db, at('2024-11-14'), mailer); // the "3" day was missed: the "1" goes out
    expect(await steps()).toEqual([1, 7]);
    await runReminders(t.db, at('2024-11-18'), mailer);
    expect(await steps()).toEqual([0, 1, 7]);
    const overdue = (await notificationsOf(REPORTER)).find((n) => n.kind === 'report.due' && n.step === 0);
    expect(overdue?.title).toContain('Quá hạn');
    expect(overdue?.title).toContain('đã quá hạn 3 ngày (hạn 15/11/2024)');
    expect(await runReminders(t.db, at('2024-11-25'), mailer)).toMatchObject({ notifications: 0 });
  });

  it('goes to the roles that act on the item at that unit only', async () => {
    await runReminders(t.db, at('2024-11-12'), outboxMailer(t.db));
    // The case worker of Cao Xá neither edits reports nor reports on duties; the district's
    // coordinator holds no role at the commune itself.
    expect(await notificationsOf(CASE_WORKER)).toEqual([]);
    expect((await notificationsOf('demo-coordinator')).some((n) => n.subject.includes('xa-cao-xa-2024'))).toBe(false);
    // Tiên Kiên's reporter hears about Tiên Kiên's report, not Cao Xá's.
    const tienKien = await notificationsOf('demo-reporter-tienkien');
    expect(tienKien.map((n) => n.subject)).toContain('report:ke-hoach-bdg-lam-thao-2024:xa-tien-kien-2024:2024');
    expect(tienKien.some((n) => n.subject.includes('xa-cao-xa-2024'))).toBe(false);
  });

  it('stops reminding about a report once it is submitted, and about a duty once it is done', async () => {
    await t.db.insert(schema.reports).values({
      id: 'r-caoxa',
      planId: 'ke-hoach-bdg-lam-thao-2024',
      orgUnitId: 'xa-cao-xa-2024',
      orgUnitPath: '/tinh-phu-tho-1997/huyen-lam-thao/xa-cao-xa-2024/',
      period: '2024',
      status: 'submitted',
    });
    await t.db.update(schema.dutyTrackings).set({ status: 'done' }).where(eq(schema.dutyTrackings.orgUnitId, 'xa-cao-xa-2024'));
    await runReminders(t.db, at('2024-11-12'), outboxMailer(t.db));
    expect(await notificationsOf(REPORTER)).toEqual([]);
  });

  it('keeps to a subtree when given one', async () => {
    const result = await runReminders(t.db, at('2024-11-12'), outboxMailer(t.db), { scopePath: '/tinh-phu-tho-1997/huyen-lam-thao/xa-tien-kien-2024/' });
    expect(result.notifications).toBeGreaterThan(0);
    expect(await notificationsOf(REPORTER)).toEqual([]);
    expect((await notificationsOf('demo-reporter-tienkien')).length).toBe(result.notifications);
  });
});

describe('mailers', () => {
  const fakeTransport = (fail: () => boolean): MailTransport & { delivered: string[] } => {
    const delivered: string[] = [];
    return {
      name: 'fake',
      delivered,
      deliver: async (email) => {
        if (fail()) throw new Error('provider down');
        delivered.push(email.to);
        return { providerId: `fake-${delivered.length}` };
      },
    };
  };

  it('records what a provider accepted, and the error of what it refused, then sends it again', async () => {
    let down = true;
    const transport = fakeTransport(() => down);
    const mailer = providerMailer(t.db, transport);
    const first = await runReminders(t.db, at('2024-11-12'), mailer);
    expect(first.emails).toBeGreaterThan(0);
    expect(first.sent).toBe(0);
    expect((await outbox()).every((e) => e.sentAt === null && e.error === 'fake: Error: provider down')).toBe(true);

    down = false;
    const next = await runReminders(t.db, new Date('2024-11-12T09:00:00.000Z'), mailer);
    expect(next.notifications).toBe(0);
    expect(next.sent).toBe(first.emails);
    const rows = await outbox();
    expect(rows.every((e) => e.sentAt !== null && e.error === null && e.providerId?.startsWith('fake-'))).toBe(true);
    expect(transport.delivered).toContain('baocao.caoxa@lamthao.demo');
  });

  it('calls Resend with the key, the sender and our id as idempotency key; keeps only the error name', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    let answer = new Response(JSON.stringify({ id: 're_123' }), { status: 200 });
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer;
    }) as unknown as typeof fetch;
    const transport = resendTransport({ apiKey: 're_test_key', from: 'Bình Đẳng <nhac-viec@example.gov.vn>', fetch: fetchStub });
    expect(await transport.deliver({ id: 'OUT1', to: 'a@b.vn', subject: 'S', text: 'T' })).toEqual({ providerId: 're_123' });
    const call = calls[0]!;
    expect(call.url).toBe('https://api.resend.com/emails');
    const headers = new Headers(call.init.headers);
    expect(headers.get('authorization')).toBe('Bearer re_test_key');
    expect(headers.get('idempotency-key')).toBe('binh-dang-OUT1');
    expect(JSON.parse(String(call.init.body))).toEqual({ from: 'Bình Đẳng <nhac-viec@example.gov.vn>', to: ['a@b.vn'], subject: 'S', text: 'T' });

    answer = new Response(JSON.stringify({ name: 'validation_error', message: 'Invalid `to` field: a@b.vn' }), { status: 422 });
    await expect(transport.deliver({ id: 'OUT2', to: 'a@b.vn', subject: 'S', text: 'T' })).rejects.toThrow(/^HTTP 422 validation_error$/);
  });

  it('is the outbox unless a provider key and a sender are set', () => {
    expect(mailerFromEnv(t.db, {}).mailer.delivery).toBe('outbox');
    expect(mailerFromEnv(t.db, { MAIL_API_KEY: 'k', MAIL_FROM: 'a@b.vn' }).mailer.delivery).toBe('resend');
    const noSender = mailerFromEnv(t.db, { MAIL_API_KEY: 'k' });
    expect(noSender.mailer.delivery).toBe('outbox');
    expect(noSender.warning).toMatch(/MAIL_FROM/);
    expect(mailerFromEnv(t.db, { MAIL_API_KEY: 'k', MAIL_FROM: 'a@b.vn', MAIL_PROVIDER: 'pigeon' }).warning).toMatch(/not supported/);
  });
});
