// Writing plans in the browser: editing a draft section by section (without JavaScript too), a
// save that came too late (two people on the same version), an error beside its field, issuing,
// the lock on an issued plan and its amendment, a commune's plan built from the district's, and
// what a commune reporter is refused. The server and database are shared with the other e2e
// files (global-setup.ts), which read the demo plan as a draft: every test here works on plans
// it creates through the API from a copy of the demo plan's content, never on the demo plan.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Plan } from '@binh-dang/domain';
import { launchChromium } from './browser.ts';
import { demoSession } from './demo-session.ts';

const baseUrl = inject('portalUrl');
const COORDINATOR = 'dieuphoi@lamthao.demo';
const APPROVER = 'pheduyet@lamthao.demo';
const REPORTER = 'baocao.caoxa@lamthao.demo';
const DEMO_PLAN = 'ke-hoach-bdg-lam-thao-2024';
const VIEWER = 'xem@phutho.demo';
const DISTRICT = 'huyen-lam-thao';
const CAO_XA = 'xa-cao-xa-2024';
const JSON_TYPE = { 'content-type': 'application/json' };

let browser: Browser;
const { apiCookie, getPlan, signedIn: signedInWith } = demoSession(baseUrl);
const signedIn = (email: string, javaScriptEnabled: boolean) => signedInWith(browser, email, javaScriptEnabled);

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});


let created = 0;

/**
 * A new draft of Huyện Lâm Thao with the demo plan's content, made by the coordinator. Its title
 * is its own: other files find the demo plan on the home page by "Lâm Thao năm 2024".
 */
async function createPlan(): Promise<Plan> {
  const demo = await getPlan(DEMO_PLAN);
  const { header, documentType, legalBases, preambleClosing, purposes, tasks, implementation, closing, reportDeadline, reportToUnitId, recipients, signature } = demo;
  const title = `Thử nghiệm tự động: kế hoạch bình đẳng giới số ${++created} (${Date.now()})`;
  const content = { header, documentType, title, legalBases, preambleClosing, purposes, tasks, implementation, closing, reportDeadline, reportToUnitId, recipients, signature };
  const response = await fetch(`${baseUrl}/api/v1/org-units/${DISTRICT}/plans`, {
    method: 'POST',
    headers: { ...JSON_TYPE, cookie: await apiCookie(COORDINATOR) },
    body: JSON.stringify({ year: 2024, content }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { plan: Plan }).plan;
}

async function issuePlan(plan: Plan, number: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/plans/${plan.id}/issue`, {
    method: 'POST',
    headers: { ...JSON_TYPE, cookie: await apiCookie(APPROVER) },
    body: JSON.stringify({ version: plan.version, number, date: '2024-04-20' }),
  });
  expect(response.status).toBe(200);
}


const titleField = (page: Page) => page.getByLabel('Tên kế hoạch (trích yếu)', { exact: true });
const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
const saveButton = (page: Page) => page.getByRole('button', { name: 'Lưu kế hoạch' }).first();

describe('editing a draft', () => {
  it('works without JavaScript: the coordinator changes the title and a task, adds a task, and reads them on the plan page', async () => {
    const plan = await createPlan();
    const page = await signedIn(COORDINATOR, false);
    await page.goto(`${baseUrl}/ke-hoach/${plan.id}`);
    await page.getByTestId('plan-actions').getByRole('link', { name: 'Sửa', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/ke-hoach/${plan.id}/sua`);

    const title = `Thử nghiệm tự động: tiêu đề đã sửa (${Date.now()})`;
    await titleField(page).fill(title);
    await field(page, 'tasks.items.1.paragraphs').fill('Đoạn thứ nhất đã sửa.\n\nĐoạn thứ hai đã sửa.');
    // A new task, added without JavaScript: the form comes back with everything typed so far.
    const count = plan.tasks.items.length;
    await page.getByRole('button', { name: 'Thêm mục vào phần II' }).click();
    expect(await titleField(page).inputValue()).toBe(title);
    expect(await field(page, `tasks.items.${count}.label`).inputValue()).toBe(`${count + 1}.`);
    await field(page, `tasks.items.${count}.paragraphs`).fill('Nhiệm vụ mới thêm.');
    await saveButton(page).click();
    await page.waitForURL((url) => url.searchParams.get('da-luu') === '2');
    expect(await page.getByTestId('saved').textContent()).toContain('phiên bản 2');

    await page.getByTestId('saved').getByRole('link', { name: 'Xem kế hoạch' }).click();
    await page.waitForURL((url) => url.pathname === `/ke-hoach/${plan.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
    expect(await page.getByText('2. Đoạn thứ nhất đã sửa.', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Đoạn thứ hai đã sửa.', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(`${count + 1}. Nhiệm vụ mới thêm.`, { exact: true }).isVisible()).toBe(true);
    expect((await getPlan(plan.id)).version).toBe(2);
    await page.context().close();
  });

  it('explains a save that came too late, keeps what was typed, and saves over it only when asked', async () => {
    const plan = await createPlan();
    const first = await signedIn(COORDINATOR, false);
    const second = await signedIn(COORDINATOR, true);
    const scriptErrors: string[] = [];
    second.on('pageerror', (error) => scriptErrors.push(error.message));
    for (const page of [first, second]) await page.goto(`${baseUrl}/ke-hoach/${plan.id}/sua`);

    await titleField(first).fill('Tiêu đề do người thứ nhất lưu');
    await field(first, 'tasks.items.1.paragraphs').fill('Người thứ nhất sửa nhiệm vụ hai.');
    await saveButton(first).click();
    await first.waitForURL((url) => url.searchParams.get('da-luu') === '2');

    await titleField(second).fill('Tiêu đề của người thứ hai');
    await field(second, 'tasks.items.0.paragraphs').fill('Nội dung người thứ hai gõ.');
    await saveButton(second).click();
    const conflict = second.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.getByRole('heading').textContent()).toBe('Người khác đã lưu kế hoạch này (phiên bản 2)');
    const titleRow = second.getByTestId('conflict-diff').getByRole('row').filter({ hasText: 'Tên kế hoạch' });
    expect(await titleRow.textContent()).toContain('Tiêu đề của người thứ hai');
    expect(await titleRow.textContent()).toContain('Tiêu đề do người thứ nhất lưu');
    expect(await titleRow.textContent()).toContain('Cả hai cùng sửa');
    const rows = second.getByTestId('conflict-diff').locator('tbody tr');
    expect(await rows.filter({ hasText: 'Phần II, mục 1.' }).textContent()).toContain('Bạn sửa');
    expect(await rows.filter({ hasText: 'Phần II, mục 2.' }).textContent()).toContain('Người kia sửa');
    // Nothing typed is lost, and nothing was saved.
    expect(await titleField(second).inputValue()).toBe('Tiêu đề của người thứ hai');
    expect(await field(second, 'tasks.items.0.paragraphs').inputValue()).toBe('Nội dung người thứ hai gõ.');
    expect((await getPlan(plan.id)).title).toBe('Tiêu đề do người thứ nhất lưu');

    // Keep the other person's change to task 2, then save over the rest on purpose.
    await second.getByRole('button', { name: 'Dùng bản đã lưu cho phần Phần II, mục 2.' }).click();
    await second.waitForFunction(() => document.querySelectorAll('[data-testid="conflict-diff"] tbody tr').length === 2);
    expect(await field(second, 'tasks.items.1.paragraphs').inputValue()).toBe('Người thứ nhất sửa nhiệm vụ hai.');
    expect(await titleField(second).inputValue()).toBe('Tiêu đề của người thứ hai');
    await second.getByRole('button', { name: 'Lưu đè bằng nội dung của bạn' }).click();
    await second.waitForURL((url) => url.searchParams.get('da-luu') === '3');
    const saved = await getPlan(plan.id);
    expect(saved.title).toBe('Tiêu đề của người thứ hai');
    expect(saved.tasks.items[0]?.paragraphs).toEqual(['Nội dung người thứ hai gõ.']);
    expect(saved.tasks.items[1]?.paragraphs).toEqual(['Người thứ nhất sửa nhiệm vụ hai.']);
    expect(scriptErrors).toEqual([]);
    await first.context().close();
    await second.context().close();
  });

  it.each([{ js: false }, { js: true }])('shows an empty title as an error beside the field and changes nothing (JavaScript: $js)', async ({ js }) => {
    const plan = await createPlan();
    const page = await signedIn(COORDINATOR, js);
    await page.goto(`${baseUrl}/ke-hoach/${plan.id}/sua`);
    await titleField(page).fill('   ');
    await field(page, 'purposes.items.0.paragraphs').fill('Đoạn này phải còn nguyên.');
    await saveButton(page).click();

    const error = page.locator('[id="f-title-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Không được để trống');
    expect(await titleField(page).getAttribute('aria-invalid')).toBe('true');
    expect(await titleField(page).getAttribute('aria-describedby')).toContain('f-title-error');
    expect(await page.getByTestId('form-error').textContent()).toContain('Chưa lưu');
    expect(await field(page, 'purposes.items.0.paragraphs').inputValue()).toBe('Đoạn này phải còn nguyên.');
    const stored = await getPlan(plan.id);
    expect(stored.version).toBe(1);
    expect(stored.title).toBe(plan.title);
    await page.context().close();
  });
});

describe('a session that ran out while editing', () => {
  it('keeps what was typed and says to sign in again', async () => {
    const plan = await createPlan();
    const page = await signedIn(COORDINATOR, false);
    await page.goto(`${baseUrl}/ke-hoach/${plan.id}/sua`);
    await titleField(page).fill('Tiêu đề gõ khi phiên đã hết');
    await page.context().clearCookies();
    await saveButton(page).click();
    expect(await page.getByTestId('form-error').textContent()).toContain('Phiên đăng nhập đã hết');
    expect(await titleField(page).inputValue()).toBe('Tiêu đề gõ khi phiên đã hết');
    expect((await getPlan(plan.id)).version).toBe(1);
    await page.context().close();
  });
});

describe('issuing', () => {
  it('gives the plan its number, locks it, and offers an amendment instead', async () => {
    const plan = await createPlan();
    const approver = await signedIn(APPROVER, true);
    await approver.goto(`${baseUrl}/ke-hoach/${plan.id}`);
    const actions = approver.getByTestId('plan-actions');
    // An approver issues; editing is the coordinator's.
    expect(await actions.getByRole('link', { name: 'Sửa', exact: true }).count()).toBe(0);
    await actions.getByRole('link', { name: 'Ban hành' }).click();
    await approver.waitForURL((url) => url.pathname === `/ke-hoach/${plan.id}/ban-hanh`);
    expect(await approver.getByLabel('Ngày ban hành').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await approver.getByLabel('Số văn bản').fill('12');
    expect(await approver.getByTestId('issue-preview').textContent()).toContain('Số: 12/KH-UBND');
    await approver.getByRole('button', { name: 'Ban hành kế hoạch' }).click();
    await approver.waitForURL((url) => url.pathname === `/ke-hoach/${plan.id}`);
    expect(await approver.getByText('Số: 12/KH-UBND', { exact: true }).isVisible()).toBe(true);
    expect(await approver.getByText('Đã ban hành', { exact: true }).first().isVisible()).toBe(true);
    await approver.context().close();

    const coordinator = await signedIn(COORDINATOR, false);
    await coordinator.goto(`${baseUrl}/ke-hoach/${plan.id}/sua`);
    expect(await coordinator.getByTestId('locked').textContent()).toContain('đã ban hành');
    expect(await coordinator.getByRole('button', { name: 'Lưu kế hoạch' }).count()).toBe(0);
    await coordinator.getByRole('button', { name: 'Tạo bản sửa đổi' }).click();
    await coordinator.waitForURL((url) => url.pathname.endsWith('/sua') && url.searchParams.has('sua-doi'));
    const amendmentId = new URL(coordinator.url()).pathname.split('/')[2];
    expect(amendmentId).not.toBe(plan.id);
    expect(await saveButton(coordinator).isVisible()).toBe(true);
    const amendment = await getPlan(amendmentId ?? '');
    expect(amendment).toMatchObject({ status: 'draft', amendsPlanId: plan.id });
    expect((await getPlan(plan.id)).status).toBe('issued');
    await coordinator.context().close();
  });
});

describe('a commune plan from the district plan', () => {
  it('is started from the issued plan and listed as a draft among the lower units', async () => {
    const plan = await createPlan();
    await issuePlan(plan, '31');
    const page = await signedIn(COORDINATOR, false);
    await page.goto(`${baseUrl}/ke-hoach/${plan.id}`);
    const panel = page.getByTestId('cascade');
    expect(await panel.getByRole('heading', { name: 'Kế hoạch cấp dưới' }).isVisible()).toBe(true);
    const row = panel.locator(`tr[data-unit="${CAO_XA}"]`);
    expect(await row.getAttribute('data-status')).toBe('none');
    await row.getByRole('button', { name: /Xây dựng kế hoạch từ kế hoạch này/ }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/sua') && url.searchParams.get('tu') === plan.id);
    const childId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sửa dự thảo kế hoạch');
    expect(await field(page, 'header.issuingBody').inputValue()).toBe('ỦY BAN NHÂN DÂN XÃ CAO XÁ');

    await page.goto(`${baseUrl}/ke-hoach/${plan.id}`);
    expect(await row.getAttribute('data-status')).toBe('draft');
    const href = (await row.getByRole('link', { name: 'Dự thảo' }).getAttribute('href')) ?? '';
    expect(new URL(href, page.url()).pathname).toBe(`/ke-hoach/${childId}`);
    expect(await row.getByRole('button').count()).toBe(0);
    const child = await getPlan(childId);
    expect(child).toMatchObject({ issuingUnitId: CAO_XA, parentPlanId: plan.id, status: 'draft' });
    await page.context().close();
  });
});

describe('a reporter of Cao Xá', () => {
  it('sees no edit button and is refused the edit and issue pages', async () => {
    const plan = await createPlan();
    // A viewer of the province reads the district's draft but may not change it.
    const page = await signedIn(VIEWER, false);
    await page.goto(`${baseUrl}/ke-hoach/${plan.id}`);
    expect(await page.getByTestId('plan-actions').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Sửa', exact: true }).count()).toBe(0);

    const refused = await page.goto(`${baseUrl}/ke-hoach/${plan.id}/sua`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByRole('heading', { name: 'Không có quyền truy cập' }).isVisible()).toBe(true);
    // The API's own refusal: the viewer's role does not edit plans.
    expect(await page.getByText('Bạn không sửa được kế hoạch này. Không có quyền: Vai trò của bạn không được làm việc này.').isVisible()).toBe(true);
    expect(await page.locator('textarea').count()).toBe(0);
    const issue = await page.goto(`${baseUrl}/ke-hoach/${plan.id}/ban-hanh`);
    expect(issue?.status()).toBe(403);
    await page.context().close();

    // A commune's reporter does not see the district's draft at all (drafts stay with their unit and those above).
    const reporter = await signedIn(REPORTER, false);
    expect((await reporter.goto(`${baseUrl}/ke-hoach/${plan.id}`))?.status()).toBe(404);
    expect((await reporter.goto(`${baseUrl}/ke-hoach/${plan.id}/sua`))?.status()).toBe(404);
    await reporter.context().close();

    // Signed out: the edit page asks to sign in first.
    const guest = await browser.newContext({ javaScriptEnabled: false });
    const visitor = await guest.newPage();
    await visitor.goto(`${baseUrl}/ke-hoach/${plan.id}/sua`);
    expect(new URL(visitor.url()).pathname).toBe('/dang-nhap');
    await guest.close();
  });
});
