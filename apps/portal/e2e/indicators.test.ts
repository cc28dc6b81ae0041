// Indicators in the browser: the catalogue read by any signed-in user (groups, national targets
// the Vietnamese way, the "Cần xác nhận" flags), a plan's reporting periods set by the district's
// coordinator without JavaScript (a 6-monthly period added with its Nghị định 09 deadline, a bad
// deadline explained beside its field, fixed and saved), a save that came too late, and Huyện Lâm
// Thao's own targets. The server and database are shared with the other e2e files
// (global-setup.ts): the plans here are this file's own, made through the API from a copy of the
// demo plan's content and titled without "Lâm Thao năm 2024"; the targets are of 2025, a year the
// other files' reports do not use, and of 2023 for the version check (a save after someone else's
// is refused, shown beside the form, then saved on purpose). The province administrator
// (two-factor) is two-factor.test.ts's.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Plan } from '@binh-dang/domain';
import { launchChromium } from './browser.ts';
import { demoSession } from './demo-session.ts';

const baseUrl = inject('portalUrl');
const COORDINATOR = 'dieuphoi@lamthao.demo';
const VIEWER = 'xem@phutho.demo';
const DEMO_PLAN = 'ke-hoach-bdg-lam-thao-2024';
const DISTRICT = 'huyen-lam-thao';
const JSON_TYPE = { 'content-type': 'application/json' };

interface Reporting {
  periods: { period: string; deadline: string }[];
  indicatorCodes: string[];
  revision: string;
}

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

/** A new draft of Huyện Lâm Thao with the demo plan's content, made by the coordinator, with a title of its own. */
async function createPlan(): Promise<Plan> {
  const demo = await getPlan(DEMO_PLAN);
  const { header, documentType, legalBases, preambleClosing, purposes, tasks, implementation, closing, reportDeadline, reportToUnitId, recipients, signature } = demo;
  const title = `Thử nghiệm tự động: kỳ báo cáo và chỉ tiêu số ${++created} (${Date.now()})`;
  const content = { header, documentType, title, legalBases, preambleClosing, purposes, tasks, implementation, closing, reportDeadline, reportToUnitId, recipients, signature };
  const response = await fetch(`${baseUrl}/api/v1/org-units/${DISTRICT}/plans`, {
    method: 'POST',
    headers: { ...JSON_TYPE, cookie: await apiCookie(COORDINATOR) },
    body: JSON.stringify({ year: 2024, content }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { plan: Plan }).plan;
}

async function reportingOf(planId: string): Promise<Reporting> {
  const response = await fetch(`${baseUrl}/api/v1/plans/${planId}/reporting`, { headers: { cookie: await apiCookie(COORDINATOR) } });
  expect(response.status).toBe(200);
  return (await response.json()) as Reporting;
}

/** Goes to `path` and waits until the page is hydrated when JavaScript runs. */
function open(page: Page, path: string) {
  return page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
}

describe('the indicator catalogue', () => {
  it('is read by a signed-in user: grouped by objective, national targets written the Vietnamese way, unverified ones flagged', async () => {
    const page = await signedIn(VIEWER, false);
    const response = await open(page, '/quan-tri/chi-tieu');
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Danh mục chỉ tiêu');

    const objective1 = page.getByTestId('group-muc-tieu-1');
    expect(await objective1.getByRole('heading', { level: 3 }).textContent()).toContain('Mục tiêu 1');
    const leaders = objective1.locator('tr[data-code="NQ28-1.1"]');
    const leaderCells = await leaders.locator('td').allTextContents();
    expect(leaderCells[2]?.trim()).toBe('%');
    expect(leaderCells[3]).toContain('Tỷ lệ × 100');
    expect(leaderCells[3]).toContain('OP-AGENCIES-WOMAN-KEY-LEADER');
    expect(leaderCells[6]?.trim()).toBe('60%');
    expect(leaderCells[7]?.trim()).toBe('75%');

    // A sign where the resolution has one, a decimal comma, a sensitive indicator said in words.
    const row = (code: string) => page.locator(`tr[data-code="${code}"]`);
    expect(await row('NQ28-2.3').locator('td').nth(6).textContent()).toBe('≥ 27%');
    expect(await row('NQ28-3.1').locator('td').nth(6).textContent()).toBe('1,7 lần');
    expect(await row('NQ28-3.2').textContent()).toContain('Theo giới tính');
    expect(await row('NQ28-3.2').textContent()).toContain('Nhạy cảm');

    // The placeholders wait for an administrator: flagged, and counted in the summary.
    expect(await row('NQ28-4.3').getByTestId('to-confirm').textContent()).toBe('Cần xác nhận');
    const flagged = await page.getByTestId('to-confirm').count();
    expect(flagged).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('catalogue-summary').textContent()).toContain(`${flagged} chỉ tiêu chưa được đối chiếu`);

    // The operational indicators, added up the tree.
    const operational = page.getByTestId('group-hoat-dong');
    expect(await operational.locator('tr[data-code="OP-ARTICLES"]').textContent()).toContain('Cộng dồn các đơn vị');
    // Reading only: no forms for a viewer.
    expect(await page.getByTestId('add-indicator').count()).toBe(0);
    expect(await page.getByRole('link', { name: /^(Sửa|Xác nhận) chỉ tiêu/ }).count()).toBe(0);
    await page.context().close();

    // Signed out: the sign-in page first.
    const guest = await browser.newContext({ javaScriptEnabled: false });
    const visitor = await guest.newPage();
    await visitor.goto(`${baseUrl}/quan-tri/chi-tieu`);
    expect(new URL(visitor.url()).pathname).toBe('/dang-nhap');
    await guest.close();
  });
});

describe("a plan's reporting periods and indicators", () => {
  const deadline = (page: Page, label: string) => page.getByLabel(`Hạn nộp — ${label}`, { exact: true });
  const save = (page: Page) => page.getByRole('button', { name: 'Lưu kỳ báo cáo và chỉ tiêu' }).first();

  it('are set by the coordinator without JavaScript: a 6-monthly period added, a bad deadline explained, fixed and saved', async () => {
    const plan = await createPlan();
    expect((await reportingOf(plan.id)).periods).toEqual([]);
    const page = await signedIn(COORDINATOR, false);
    await open(page, `/ke-hoach/${plan.id}/ky-bao-cao`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Kỳ báo cáo và chỉ tiêu');

    // Never set: the defaults are offered, the yearly report due on the plan's deadline.
    expect(await page.getByTestId('unset').isVisible()).toBe(true);
    const yearly = plan.reportDeadline ?? '2024-12-14';
    expect(await deadline(page, 'Năm 2024').inputValue()).toBe(yearly);

    // The first half-year, with the Nghị định 09 default (the 14th of its last month).
    await page.getByLabel('Thêm kỳ báo cáo').selectOption({ label: '6 tháng đầu năm 2024' });
    await page.getByRole('button', { name: 'Thêm kỳ', exact: true }).click();
    const half = deadline(page, '6 tháng đầu năm 2024');
    expect(await half.inputValue()).toBe('2024-06-14');
    expect(await page.getByTestId('periods').locator('tbody tr').count()).toBe(2);
    // It cannot be added twice.
    expect(await page.getByLabel('Thêm kỳ báo cáo').locator('option', { hasText: '6 tháng đầu năm 2024' }).count()).toBe(0);

    // A deadline before the period begins; and one more indicator ticked, which must survive the error.
    await half.fill('2023-12-20');
    await page.getByRole('checkbox', { name: /NQ28-1\.1/ }).check();
    await save(page).click();
    const error = page.locator('[id="f-periods.1.deadline-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Hạn nộp không được trước ngày bắt đầu kỳ (01/01/2024)');
    expect(await half.getAttribute('aria-invalid')).toBe('true');
    expect(await half.getAttribute('aria-describedby')).toContain('f-periods.1.deadline-error');
    expect(await page.getByTestId('form-error').textContent()).toContain('Chưa lưu');
    expect(await half.inputValue()).toBe('2023-12-20');
    expect(await page.getByRole('checkbox', { name: /NQ28-1\.1/ }).isChecked()).toBe(true);
    expect((await reportingOf(plan.id)).periods).toEqual([]);

    await half.fill('2024-07-15');
    await save(page).click();
    await page.waitForURL((url) => url.searchParams.has('da-luu'));
    expect(await page.getByTestId('saved').textContent()).toContain('Đã lưu kỳ báo cáo và chỉ tiêu');
    expect(await deadline(page, '6 tháng đầu năm 2024').inputValue()).toBe('2024-07-15');

    const stored = await reportingOf(plan.id);
    expect([...stored.periods].sort((a, b) => a.period.localeCompare(b.period))).toEqual([
      { period: '2024', deadline: yearly },
      { period: '2024S1', deadline: '2024-07-15' },
    ]);
    expect(stored.indicatorCodes).toContain('NQ28-1.1');
    expect(stored.indicatorCodes).toContain('OP-ARTICLES');
    await page.context().close();
  });

  it('explain a save that came too late, keep what was typed, and save over it only when asked', async () => {
    const plan = await createPlan();
    const page = await signedIn(COORDINATOR, true);
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    await open(page, `/ke-hoach/${plan.id}/ky-bao-cao`);

    // Meanwhile, someone else saves a quarterly report.
    const before = await reportingOf(plan.id);
    const other = await fetch(`${baseUrl}/api/v1/plans/${plan.id}/reporting`, {
      method: 'PUT',
      headers: { ...JSON_TYPE, cookie: await apiCookie(COORDINATOR) },
      body: JSON.stringify({ revision: before.revision, periods: [{ period: '2024Q3', deadline: '2024-09-20' }], indicatorCodes: ['OP-ARTICLES'] }),
    });
    expect(other.status).toBe(200);

    await deadline(page, 'Năm 2024').fill('2024-12-10');
    await save(page).click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.getByRole('heading').textContent()).toBe('Người khác đã thay đổi kỳ báo cáo và chỉ tiêu của kế hoạch này');
    const diff = conflict.getByTestId('conflict-diff');
    expect(await diff.getByRole('row').filter({ hasText: 'Năm 2024' }).textContent()).toContain('Hạn 10/12/2024');
    expect(await diff.getByRole('row').filter({ hasText: 'Quý III/2024' }).textContent()).toContain('Hạn 20/09/2024');
    // Nothing typed is lost, nothing saved over the other person's settings.
    expect(await deadline(page, 'Năm 2024').inputValue()).toBe('2024-12-10');
    expect((await reportingOf(plan.id)).periods).toEqual([{ period: '2024Q3', deadline: '2024-09-20' }]);

    await conflict.getByRole('button', { name: 'Lưu đè bằng nội dung của bạn' }).click();
    await page.waitForURL((url) => url.searchParams.has('da-luu'));
    expect((await reportingOf(plan.id)).periods).toEqual([{ period: '2024', deadline: '2024-12-10' }]);
    expect(scriptErrors).toEqual([]);
    await page.context().close();
  });
});

describe('unit targets', () => {
  it('are set by the coordinator for Huyện Lâm Thao: a percentage over 100 explained beside its field, then saved', async () => {
    const page = await signedIn(COORDINATOR, true);
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    await open(page, `/muc-tieu?unit=${DISTRICT}&year=2025`);
    expect(await page.getByTestId('targets-title').textContent()).toBe('Mục tiêu năm 2025 — Huyện Lâm Thao');

    const row = page.locator('tr[data-code="NQ28-2.3"]');
    expect(await row.locator('td').nth(2).textContent()).toContain('2025: ≥ 27%');
    const value = row.getByLabel(/^Mục tiêu năm 2025: NQ28-2\.3/);
    const comparator = row.getByLabel('Dấu so sánh: NQ28-2.3');
    await comparator.selectOption('>=');
    await value.fill('120');
    // A count target in the same save, written with a thousands dot.
    const articles = page.locator('tr[data-code="OP-ARTICLES"]').getByLabel(/^Mục tiêu năm 2025: OP-ARTICLES/);
    await articles.fill('1.200');
    await page.getByRole('button', { name: 'Lưu mục tiêu' }).first().click();

    const error = page.locator('[id="val-NQ28-2.3-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Tỷ lệ phải từ 0 đến 100.');
    expect(await value.getAttribute('aria-invalid')).toBe('true');
    expect(await value.inputValue()).toBe('120');
    expect(await articles.inputValue()).toBe('1.200');

    await value.fill('35,5');
    await page.getByRole('button', { name: 'Lưu mục tiêu' }).first().click();
    await page.getByTestId('saved').waitFor();
    expect(await page.getByTestId('saved').textContent()).toContain('Đã lưu 2 mục tiêu của Huyện Lâm Thao năm 2025');
    expect(await value.inputValue()).toBe('35,5');
    expect(await articles.inputValue()).toBe('1.200');

    const response = await fetch(`${baseUrl}/api/v1/org-units/${DISTRICT}/targets?year=2025`, { headers: { cookie: await apiCookie(COORDINATOR) } });
    const { items } = (await response.json()) as { items: { indicatorCode: string; comparator: string; value: number }[] };
    expect(items).toContainEqual(expect.objectContaining({ indicatorCode: 'NQ28-2.3', comparator: '>=', value: 35.5 }));
    expect(items).toContainEqual(expect.objectContaining({ indicatorCode: 'OP-ARTICLES', value: 1200 }));
    expect(scriptErrors).toEqual([]);
    await page.context().close();
  });

  it('are version-checked: a save after someone else saved shows their targets beside the form, keeps the typed ones, and saves on purpose', async () => {
    const YEAR = 2023; // Huyện Lâm Thao existed (merged away in 2025); no other test sets targets of 2023
    const targetsUrl = `${baseUrl}/api/v1/org-units/${DISTRICT}/targets?year=${YEAR}`;
    const cookie = await apiCookie(COORDINATOR);
    const stored = async () => (await (await fetch(targetsUrl, { headers: { cookie } })).json()) as { items: { indicatorCode: string; value: number }[]; version: number };
    const page = await signedIn(COORDINATOR, true);
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    await open(page, `/muc-tieu?unit=${DISTRICT}&year=${YEAR}`);
    const opened = await stored();

    // Someone else saves OP-ARTICLES and OP-INSPECTIONS of the same year while the page is open.
    const theirs = await fetch(`${baseUrl}/api/v1/org-units/${DISTRICT}/targets`, {
      method: 'PUT',
      headers: { ...JSON_TYPE, cookie },
      body: JSON.stringify({
        year: YEAR,
        version: opened.version,
        targets: [
          { indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 500 },
          { indicatorCode: 'OP-INSPECTIONS', comparator: '>=', value: 6 },
        ],
      }),
    });
    expect(theirs.status).toBe(200);

    const articles = page.locator('tr[data-code="OP-ARTICLES"]').getByLabel(new RegExp(`^Mục tiêu năm ${YEAR}: OP-ARTICLES`));
    await articles.fill('800');
    await page.getByRole('button', { name: 'Lưu mục tiêu' }).first().click();
    const panel = page.getByTestId('targets-conflict');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('(Not saved: someone saved these targets while you were editing)');
    expect(await panel.getByTestId('conflict-rows').textContent()).toContain('≥ 500');
    expect(await panel.getByTestId('conflict-taken').textContent()).toContain('(taken from theirs');
    expect(await page.locator('tr[data-code="OP-ARTICLES"]').getByTestId('stored-target').textContent()).toContain('≥ 500');
    expect(await articles.inputValue()).toBe('800');
    expect(await page.locator('tr[data-code="OP-INSPECTIONS"]').getByLabel(new RegExp(`^Mục tiêu năm ${YEAR}: OP-INSPECTIONS`)).inputValue()).toBe('6');
    // Nothing of the refused save was written.
    expect((await stored()).items.find((i) => i.indicatorCode === 'OP-ARTICLES')?.value).toBe(500);

    // Saving again, on purpose, saves the typed target over theirs and leaves their other one.
    await page.getByRole('button', { name: 'Lưu mục tiêu' }).first().click();
    await page.getByTestId('saved').waitFor();
    expect(await page.getByTestId('saved').textContent()).toContain(`Đã lưu 1 mục tiêu của Huyện Lâm Thao năm ${YEAR}`);
    const after = await stored();
    expect(after.version).toBe(opened.version + 2);
    expect(after.items.map((i) => [i.indicatorCode, i.value])).toEqual([
      ['OP-ARTICLES', 800],
      ['OP-INSPECTIONS', 6],
    ]);
    expect(scriptErrors).toEqual([]);
    await page.context().close();
  });
});
