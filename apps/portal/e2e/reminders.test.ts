// Deadline reminders end to end: the district coordinator creates a plan of this year whose report
// is due in 3 days and whose one duty (for Xã Cao Xá) is due in 7, the approver issues it, the
// coordinator sends the due reminders from /thong-bao (the same job as the daily Cron Trigger and
// `npm run reminders`), and the Cao Xá reporter finds both reminders on /thong-bao, reads the
// e-mail in the local outbox, and marks one read. The server's clock cannot be changed: the
// deadlines are counted from today in Việt Nam.
//
// The server and database are shared with the other e2e files: the seed plan stays a draft, and
// every check looks at this plan's reminders only.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { todayInVietnam } from '@binh-dang/domain';
import { launchChromium } from './browser.ts';
import { demoSession } from './demo-session.ts';

const baseUrl = inject('portalUrl');
const COORDINATOR = 'dieuphoi@lamthao.demo';
const APPROVER = 'pheduyet@lamthao.demo';
const CAO_XA = 'baocao.caoxa@lamthao.demo';
const SEED_PLAN = 'ke-hoach-bdg-lam-thao-2024';
const JSON_TYPE = { 'content-type': 'application/json' };

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const vn = (date: string) => date.split('-').reverse().map(Number).join('/');

const today = todayInVietnam();
const year = Number(today.slice(0, 4));
const reportDue = addDays(today, 3);
const dutyDue = addDays(today, 7);

let browser: Browser;
const { apiCookie, signedIn } = demoSession(baseUrl);

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('deadline reminders in the portal and the local outbox', () => {
  let planId = '';
  const title = `Thử nghiệm nhắc hạn (${Date.now()})`;

  it('starts from an issued plan whose report is due in 3 days', async () => {
    const coordinator = await apiCookie(COORDINATOR);
    const seed = await fetch(`${baseUrl}/api/v1/plans/${SEED_PLAN}`, { headers: { cookie: coordinator } });
    expect(seed.status).toBe(200);
    const { plan } = (await seed.json()) as {
      plan: Record<string, unknown> & { implementation: { assignments: { duties: { text: string }[] }[] } & Record<string, unknown> };
    };
    const keys = ['header', 'documentType', 'legalBases', 'preambleClosing', 'purposes', 'tasks', 'closing', 'reportToUnitId', 'recipients', 'signature'];
    const communes = plan.implementation.assignments.at(-1)!;
    const content = {
      ...Object.fromEntries(keys.map((k) => [k, plan[k]])),
      title,
      reportDeadline: reportDue,
      implementation: {
        ...plan.implementation,
        // One duty, for Xã Cao Xá only, due in 7 days.
        assignments: [{ ...communes, units: [{ orgUnitId: 'xa-cao-xa-2024', role: 'lead' }], duties: [{ ...communes.duties[0]!, dueDate: dutyDue }] }],
      },
    };
    const created = await fetch(`${baseUrl}/api/v1/org-units/huyen-lam-thao/plans`, {
      method: 'POST',
      headers: { ...JSON_TYPE, cookie: coordinator },
      body: JSON.stringify({ year, content }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const draft = ((await created.json()) as { plan: { id: string; version: number } }).plan;
    planId = draft.id;
    const issued = await fetch(`${baseUrl}/api/v1/plans/${planId}/issue`, {
      method: 'POST',
      headers: { ...JSON_TYPE, cookie: await apiCookie(APPROVER) },
      body: JSON.stringify({ version: draft.version, number: String(300_000 + (Date.now() % 600_000)), date: today }),
    });
    expect(issued.status, await issued.clone().text()).toBe(200);
  });

  it('the coordinator sends the due reminders now from /thong-bao', async () => {
    const page = await signedIn(browser, COORDINATOR, true);
    await page.goto(`${baseUrl}/thong-bao`, { waitUntil: 'networkidle' });
    expect(await page.getByRole('heading', { name: 'Thông báo', level: 1 }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Gửi nhắc hạn ngay' }).click();
    const sent = page.getByTestId('reminders-sent');
    await sent.waitFor();
    const count = Number(/Đã gửi (\d+) thông báo mới/.exec((await sent.textContent()) ?? '')?.[1]);
    // At least the Cao Xá reporter's two (the report and the duty).
    expect(count).toBeGreaterThanOrEqual(2);
    await page.context().close();
  });

  it('the Cao Xá reporter finds both reminders, reads the e-mail in the outbox and marks one read', async () => {
    const page = await signedIn(browser, CAO_XA, false);
    await page.goto(`${baseUrl}/thong-bao`);
    const report = page.locator(`[data-testid="notification"][data-subject="report:${planId}:xa-cao-xa-2024:${year}"]`);
    expect(await report.count()).toBe(1);
    const reportText = (await report.textContent()) ?? '';
    expect(reportText).toContain('Trước hạn 3 ngày');
    expect(reportText).toContain(`báo cáo kỳ ${year} của Xã Cao Xá`);
    expect(reportText).toContain(`còn 3 ngày, hạn ${vn(reportDue)}`);
    expect(reportText).toContain('Chưa đọc');
    expect(await report.getByRole('link', { name: /^Mở/ }).getAttribute('href')).toBe('/bao-cao');

    // Duties are keyed <plan>-a<n>-d<m>--<unit> once the plan is issued.
    const duty = page.locator(`[data-testid="notification"][data-subject="duty:${planId}-a1-d1--xa-cao-xa-2024"]`);
    expect(await duty.count()).toBe(1);
    const dutyText = (await duty.textContent()) ?? '';
    expect(dutyText).toContain('Trước hạn 7 ngày');
    expect(dutyText).toContain(`nhiệm vụ của Xã Cao Xá — còn 7 ngày, hạn ${vn(dutyDue)}`);
    expect(await duty.getByRole('link', { name: /^Mở/ }).getAttribute('href')).toBe(`/viec-cua-toi/${planId}-a1-d1--xa-cao-xa-2024`);

    // Locally nothing is sent: the e-mail waits in the outbox, shown here to its addressee.
    expect(await page.getByTestId('local-outbox').isVisible()).toBe(true);
    const heading = (await report.getByRole('heading', { level: 3 }).textContent()) ?? '';
    expect(heading).toContain('Sắp đến hạn');
    const email = page.getByTestId('outbox-email').filter({ hasText: `[Bình Đẳng] ${heading}` });
    expect(await email.count()).toBe(1);
    expect((await email.textContent()) ?? '').toContain(`Gửi tới ${CAO_XA}`);
    await email.locator('summary').click();
    const body = (await email.locator('pre').textContent()) ?? '';
    expect(body).toContain('Kính gửi Người báo cáo xã Cao Xá (mẫu),');
    // The link goes to the portal's public address (PUBLIC_URL; locally http://localhost:<port>).
    expect(body).toMatch(/Xem chi tiết: http:\/\/(localhost|127\.0\.0\.1):\d+\/bao-cao/);

    // Marked read, without JavaScript (a plain form post).
    const before = (await page.getByTestId('unread-count').textContent()) ?? '';
    const unread = Number(/(\d+) thông báo chưa đọc/.exec(before)?.[1]);
    await report.getByRole('button', { name: /^Đánh dấu đã đọc/ }).click();
    await page.waitForLoadState('load');
    const again = page.locator(`[data-testid="notification"][data-subject="report:${planId}:xa-cao-xa-2024:${year}"]`);
    expect((await again.textContent()) ?? '').not.toContain('Chưa đọc');
    const after = (await page.getByTestId('unread-count').textContent()) ?? '';
    expect(after).toBe(unread - 1 === 0 ? 'Bạn đã đọc hết thông báo.' : `Bạn có ${unread - 1} thông báo chưa đọc.`);
    await page.context().close();
  });
});
