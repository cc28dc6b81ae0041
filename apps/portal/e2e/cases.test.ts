// The case register tried as a new user would (the "done when"): the coordinator issues a
// district plan and invites a case worker and a reporter for Xã Tứ Xã (through the API); the case
// worker records a case without JavaScript — a date in the future is refused beside its field and
// nothing typed is lost — then, with JavaScript, a referral before consent is refused, and consent,
// referral and support are recorded; the commune's 2024 report shows the computed counts and their
// sources and is sent; the coordinator sees the numbers and the case, never the victim's name; the
// database file holds no name in clear text; once approved, the public results show the commune's
// victims only as a suppressed aggregate.
//
// The server and database are shared with the other e2e files: they report 2024 for Cao Xá and
// Tiên Kiên and 2025 for Bản Nguyên, Vĩnh Lại, Sơn Vi, Thạch Sơn and Xuân Huy; this file uses Tứ Xã
// and 2024, with a plan of its own.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { DEMO_PASSWORD, demoSession } from './demo-session.ts';

const baseUrl = inject('portalUrl');
const COORDINATOR = 'dieuphoi@lamthao.demo';
const APPROVER = 'pheduyet@lamthao.demo';
const SEED_PLAN = 'ke-hoach-bdg-lam-thao-2024';
const UNIT = 'xa-tu-xa-2024';
const JSON_TYPE = { 'content-type': 'application/json' };
const RUN = Date.now().toString(36);
const CASE_WORKER = `vuviec.tuxa.${RUN}@e2e.demo`;
const REPORTER = `baocao.tuxa.${RUN}@e2e.demo`;
const VICTIM = `Hoàng Thị Canary ${RUN.toUpperCase()}`;
const PHONE = '0977 123 456';
const NOTE = `Chị ${VICTIM} được tư vấn tại trạm y tế`;

let browser: Browser;
const { apiCookie, signedIn: signedInWith } = demoSession(baseUrl);
const signedIn = (email: string, javaScriptEnabled: boolean) => signedInWith(browser, email, javaScriptEnabled);

async function open(page: Page, path: string, javaScript = true) {
  return page.goto(`${baseUrl}${path}`, { waitUntil: javaScript ? 'networkidle' : 'load' });
}

async function call<T>(method: string, path: string, email: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...JSON_TYPE, cookie: await apiCookie(email) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** An account invited by the coordinator and accepted, with the demo password. */
async function invited(email: string, role: string) {
  const { token } = await call<{ token: string }>('POST', `/api/v1/org-units/${UNIT}/invitations`, COORDINATOR, { email, role });
  const accepted = await fetch(`${baseUrl}/api/v1/invitations/accept`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ token, name: email.split('@')[0], password: DEMO_PASSWORD }),
  });
  expect(accepted.status, await accepted.clone().text()).toBeLessThan(300);
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the case register: a case worker records a case, the report counts it, nobody else sees the name', () => {
  let planId = '';
  let caseId = '';
  let reportId = '';

  beforeAll(async () => {
    const { plan } = await call<{ plan: Record<string, unknown> }>('GET', `/api/v1/plans/${SEED_PLAN}`, COORDINATOR);
    const keys = ['header', 'documentType', 'legalBases', 'preambleClosing', 'purposes', 'tasks', 'implementation', 'closing', 'reportDeadline', 'reportToUnitId', 'recipients', 'signature'];
    const content = { ...Object.fromEntries(keys.map((k) => [k, plan[k]])), title: `Thử nghiệm sổ vụ việc (${RUN})` };
    const draft = (await call<{ plan: { id: string; version: number } }>('POST', '/api/v1/org-units/huyen-lam-thao/plans', COORDINATOR, { year: 2024, content })).plan;
    planId = draft.id;
    await call('POST', `/api/v1/plans/${planId}/issue`, APPROVER, { version: draft.version, number: String(300_000 + (Date.now() % 600_000)), date: '2024-04-05' });
    // A six-monthly report of its own (2024S2): the other files' 2024 yearly roll-ups stay theirs.
    const reporting = await call<{ revision: string; indicatorCodes: string[] }>('GET', `/api/v1/plans/${planId}/reporting`, COORDINATOR);
    await call('PUT', `/api/v1/plans/${planId}/reporting`, COORDINATOR, { revision: reporting.revision, periods: [{ period: '2024S2', deadline: '2024-12-20' }], indicatorCodes: reporting.indicatorCodes });
    await invited(CASE_WORKER, 'case_worker');
    await invited(REPORTER, 'reporter');
  });

  it('the case worker records a case without JavaScript; a date in the future is refused beside its field, nothing typed is lost', async () => {
    const page = await signedIn(CASE_WORKER, false);
    await open(page, '/vu-viec', false);
    await page.getByTestId('case-new').click();
    await page.waitForURL((url) => url.pathname === '/vu-viec/moi');
    await page.getByLabel('Ngày tiếp nhận').fill('2099-01-01');
    await page.getByLabel('Bạo lực thể chất').check();
    await page.getByLabel('Bạo lực giữa vợ chồng, bạn tình').check();
    await page.getByLabel('Nữ', { exact: true }).check();
    await page.getByLabel('26–40 tuổi').check();
    await page.getByLabel('Quan hệ của người gây bạo lực với nạn nhân').selectOption('spouse');
    await page.getByLabel('Họ tên nạn nhân').fill(VICTIM);
    await page.getByLabel('Số điện thoại, cách liên lạc').fill(PHONE);
    await page.getByRole('button', { name: 'Ghi hồ sơ' }).click();
    await page.waitForLoadState('load');

    expect(await page.locator('#vv-intakeDate-error').textContent()).toContain('tương lai');
    expect(await page.locator('#vv-intakeDate').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Họ tên nạn nhân').inputValue()).toBe(VICTIM);
    expect(await page.getByLabel('26–40 tuổi').isChecked()).toBe(true);

    await page.getByLabel('Ngày tiếp nhận').fill('2024-07-10');
    await page.getByRole('button', { name: 'Ghi hồ sơ' }).click();
    await page.waitForURL((url) => /^\/vu-viec\/[0-9A-Z]+$/.test(url.pathname));
    caseId = new URL(page.url()).pathname.split('/')[2]!;
    expect(await page.getByTestId('victim-name').textContent()).toBe(VICTIM);
  });

  it('with JavaScript: a referral before consent is refused; consent, referral and support are recorded', async () => {
    const page = await signedIn(CASE_WORKER, true);
    await open(page, `/vu-viec/${caseId}`);
    const step = page.getByTestId('event-step');
    await step.locator('summary').click();
    await step.getByLabel('Ngày').fill('2024-07-11');
    await step.getByLabel('Bước', { exact: true }).selectOption('referred');
    await step.getByLabel('Chuyển tới (khi chuyển tuyến)').selectOption('health');
    await step.getByRole('button').click();
    await expect.poll(() => page.locator('#ev-step-referredTo-error').textContent()).toContain('đồng ý');
    expect(await page.getByTestId('case-events').count()).toBe(0);

    const consent = page.getByTestId('event-consent');
    await consent.locator('summary').click();
    await consent.getByLabel('Ngày').fill('2024-07-11');
    await consent.getByLabel('Y tế').check();
    await consent.getByLabel('Tư vấn, tâm lý').check();
    await consent.getByRole('button').click();
    await expect.poll(() => page.getByTestId('case-events').locator('li').count()).toBe(1);

    // Now that consent is recorded, the referral goes through.
    await step.locator('summary').click();
    await step.getByLabel('Ngày').fill('2024-07-11');
    await step.getByLabel('Bước', { exact: true }).selectOption('referred');
    await step.getByLabel('Chuyển tới (khi chuyển tuyến)').selectOption('health');
    await step.getByRole('button').click();
    await expect.poll(() => page.getByTestId('case-events').locator('li').count()).toBe(2);

    const support = page.getByTestId('event-support');
    await support.locator('summary').click();
    await support.getByLabel('Ngày').fill('2024-07-12');
    await support.getByLabel('Dịch vụ hỗ trợ').selectOption('counselling');
    await support.getByLabel('Ghi chú (mật, được mã hóa)').fill(NOTE);
    await support.getByRole('button').click();
    await expect.poll(() => page.getByTestId('case-events').locator('li').count()).toBe(3);
    expect(await page.getByTestId('case-events').textContent()).toContain(NOTE);
  });

  it('the commune report shows the computed counts with their sources, and is sent', async () => {
    const page = await signedIn(REPORTER, true);
    await open(page, '/bao-cao');
    const slot = page.locator(`[data-testid="report-slot"][data-plan-id="${planId}"][data-period="2024S2"]`);
    await slot.getByRole('button', { name: /Mở báo cáo/ }).click();
    await page.waitForURL((url) => /^\/bao-cao\/[^/]+$/.test(url.pathname));
    await page.waitForLoadState('networkidle');
    reportId = new URL(page.url()).pathname.split('/')[2]!;

    const detected = page.locator('[data-testid="computed-value"][data-indicator="OP-GBV-VICTIMS-DETECTED"]');
    expect((await detected.locator('td.num').allTextContents()).map((t) => t.trim())).toEqual(['1', '1', '0']);
    const supported = page.locator('[data-testid="computed-value"][data-indicator="OP-GBV-VICTIMS-SUPPORTED"]');
    expect((await supported.locator('td.num').allTextContents()).map((t) => t.trim())).toEqual(['1', '1', '0']);
    expect(await detected.locator('summary').textContent()).toContain('1 hồ sơ');
    expect(await page.locator('[name="v|OP-GBV-VICTIMS-DETECTED|total"]').inputValue()).toBe('1');
    expect(await page.locator('[name="v|OP-GBV-CASES-DETECTED|total"]').inputValue()).toBe('1');
    // The reporter sees numbers, never the case.
    const html = await page.content();
    for (const secret of [VICTIM, PHONE, NOTE]) expect(html).not.toContain(secret);

    // A different number without a reason is refused beside its cell; the computed one goes through.
    await page.locator('[name="v|OP-GBV-CASES-DETECTED|total"]').fill('3');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect.poll(() => page.locator('[data-cell="OP-GBV-CASES-DETECTED.total"] .field-error').textContent()).toContain('là 1');
    await page.locator('[name="v|OP-GBV-CASES-DETECTED|total"]').fill('1');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect.poll(() => page.getByTestId('report-status').textContent()).toBe('Đã gửi – chờ duyệt');
  });

  it('the coordinator sees the numbers and the case, but not the victim’s name', async () => {
    const page = await signedIn(COORDINATOR, true);
    await open(page, `/bao-cao/${reportId}`);
    expect(await page.content()).toContain('OP-GBV-VICTIMS-DETECTED');
    await open(page, '/vu-viec');
    const row = page.locator(`[data-testid="case-row"][data-case="${caseId}"]`);
    expect(await row.textContent()).toContain('Bạo lực thể chất');
    await row.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/vu-viec/${caseId}`);
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('case-non-identifying').isVisible()).toBe(true);
    expect(await page.getByTestId('case-identifying').count()).toBe(0);
    const html = await page.content();
    for (const secret of [VICTIM, 'Canary', PHONE, NOTE]) expect(html).not.toContain(secret);
    // The API answer behind it has no identifying key at all.
    const json = await (await fetch(`${baseUrl}/api/v1/cases/${caseId}`, { headers: { cookie: await apiCookie(COORDINATOR) } })).text();
    expect(json).not.toContain('"identifying"');
    expect(json).not.toContain('victimName');
  });

  it('the database file holds no name, phone or note in clear text', () => {
    const files = readdirSync(tmpdir())
      .filter((d) => d.startsWith('binh-dang-e2e-'))
      .flatMap((d) => ['e2e.db', 'e2e.db-wal'].map((f) => join(tmpdir(), d, f)))
      .filter((f) => existsSync(f));
    const contents = files.map((f) => readFileSync(f));
    // The database of this server is the one that holds this case.
    expect(contents.some((bytes) => bytes.includes(Buffer.from(caseId)))).toBe(true);
    for (const bytes of contents) for (const secret of [VICTIM, 'Canary', PHONE, NOTE]) expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
  });

  it('once approved, the public results show the victims only as a suppressed aggregate', async () => {
    const report = await call<{ report: { version: number } }>('GET', `/api/v1/reports/${reportId}`, APPROVER);
    await call('POST', `/api/v1/reports/${reportId}/approve`, APPROVER, { version: report.report.version });
    const results = (await (await fetch(`${baseUrl}/api/v1/public/units/huyen-lam-thao/results?period=2024S2`)).json()) as {
      children: { unit: { id: string }; cells: Record<string, { value: number | null; suppressed: boolean }> }[];
    };
    const tuXa = results.children.find((c) => c.unit.id === UNIT)!;
    expect(tuXa.cells['OP-GBV-VICTIMS-DETECTED']).toEqual({ value: null, suppressed: true });
    expect(tuXa.cells['OP-GBV-VICTIMS-SUPPORTED']).toEqual({ value: null, suppressed: true });
    for (const path of [`/api/v1/public/units/${UNIT}/results.csv?period=2024S2`, `/cong-khai/${UNIT}?period=2024S2`, `/cong-khai/huyen-lam-thao?period=2024S2`]) {
      const text = await (await fetch(`${baseUrl}${path}`)).text();
      for (const secret of [VICTIM, 'Canary', PHONE, NOTE, caseId]) expect(text, path).not.toContain(secret);
    }
  });
});
