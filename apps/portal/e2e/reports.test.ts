// Periodic reports in the browser, from the communes' draft to the district's compiled report:
// the coordinator writes a district plan and the approver issues it (through the API); the Cao Xá
// reporter opens its report and saves a draft without JavaScript (a word typed for a number is
// shown beside its cell and nothing is saved), then with JavaScript types a sex breakdown that does
// not add up, sees the error beside the total, fixes it and submits; the Tiên Kiên reporter fills
// the Excel template (a text in a number cell is listed by cell and changes nothing, then a good
// workbook fills the form) and submits; the coordinator finds both on the roll-up page and returns
// Tiên Kiên's with a comment; Tiên Kiên reads it, fixes and resubmits; the approver approves both;
// the roll-up shows the sums and the completeness, and the compiled .docx holds the numbers.
//
// The server and database are shared with the other e2e files (global-setup.ts), which use the
// seed plan as a draft: this file issues a plan of its own, titled apart from "Lâm Thao năm 2024".
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { launchChromium } from './browser.ts';
import { demoSession } from './demo-session.ts';

const baseUrl = inject('portalUrl');
const COORDINATOR = 'dieuphoi@lamthao.demo';
const APPROVER = 'pheduyet@lamthao.demo';
const CAO_XA = 'baocao.caoxa@lamthao.demo';
const TIEN_KIEN = 'baocao.tienkien@lamthao.demo';
const SEED_PLAN = 'ke-hoach-bdg-lam-thao-2024';
const JSON_TYPE = { 'content-type': 'application/json' };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PARTICIPANTS = 'OP-TRAINING-PARTICIPANTS';
const ARTICLES = 'OP-ARTICLES';
const BUDGET = 'OP-BUDGET-SPENT';
const NARRATIVE = 'Đã tổ chức 2 hội nghị tuyên truyền về bình đẳng giới.';
const RETURN_COMMENT = 'Số bài viết chưa đúng, đề nghị kiểm tra lại.';

let browser: Browser;
const { apiCookie, signedIn: signedInWith } = demoSession(baseUrl);
const signedIn = (email: string, javaScriptEnabled: boolean) => signedInWith(browser, email, javaScriptEnabled);

interface ReportJson {
  report: { id: string; status: string; version: number; returnComment: string | null };
  values: { indicator: string; category: string; value: number | null }[];
  narratives: { trackingId: string; results: string | null }[];
}

async function apiReport(id: string, email: string): Promise<ReportJson> {
  const response = await fetch(`${baseUrl}/api/v1/reports/${id}`, { headers: { cookie: await apiCookie(email) } });
  expect(response.status).toBe(200);
  return (await response.json()) as ReportJson;
}

function valueOf(report: ReportJson, indicator: string, category = 'total'): number | null | undefined {
  return report.values.find((v) => v.indicator === indicator && v.category === category)?.value;
}

/** Goes to `path` and waits until the page is hydrated when JavaScript runs. */
async function open(page: Page, path: string) {
  return page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
}

const cell = (page: Page, code: string, category = 'total') => page.locator(`[name="v|${code}|${category}"]`);
const cellErrors = (page: Page, code: string, category = 'total') => page.locator(`[data-cell="${code}.${category}"] .field-error`);

/** Opens the unit's report of this plan from /bao-cao ("Mở báo cáo", a form post) and returns its id. */
async function openReport(page: Page, planId: string, javaScript: boolean): Promise<string> {
  await open(page, '/bao-cao');
  const slot = page.locator(`[data-testid="report-slot"][data-plan-id="${planId}"][data-period="2024"]`);
  expect(await slot.getByTestId('report-state').textContent()).toBe('Chưa mở');
  expect(await slot.getByTestId('overdue').isVisible()).toBe(true);
  await slot.getByRole('button', { name: /Mở báo cáo/ }).click();
  await page.waitForURL((url) => /^\/bao-cao\/[^/]+$/.test(url.pathname));
  if (javaScript) await page.waitForLoadState('networkidle');
  expect(await page.getByTestId('report-status').textContent()).toBe('Đang soạn');
  return new URL(page.url()).pathname.split('/')[2]!;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('periodic reports from two communes to the district’s compiled report', () => {
  let planId = '';
  let caoXaId = '';
  let tienKienId = '';

  beforeAll(async () => {
    // The coordinator's own district plan, copied from the seed plan (which other files keep as a draft).
    const coordinator = await apiCookie(COORDINATOR);
    const seed = await fetch(`${baseUrl}/api/v1/plans/${SEED_PLAN}`, { headers: { cookie: coordinator } });
    expect(seed.status).toBe(200);
    const { plan } = (await seed.json()) as { plan: Record<string, unknown> & { implementation: unknown } };
    const keys = ['header', 'documentType', 'legalBases', 'preambleClosing', 'purposes', 'tasks', 'implementation', 'closing', 'reportDeadline', 'reportToUnitId', 'recipients', 'signature'];
    const content = { ...Object.fromEntries(keys.map((k) => [k, plan[k]])), title: `Thử nghiệm báo cáo định kỳ của các xã (${Date.now()})` };
    const created = await fetch(`${baseUrl}/api/v1/org-units/huyen-lam-thao/plans`, {
      method: 'POST',
      headers: { ...JSON_TYPE, cookie: coordinator },
      body: JSON.stringify({ year: 2024, content }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const draft = ((await created.json()) as { plan: { id: string; version: number } }).plan;
    planId = draft.id;
    const issued = await fetch(`${baseUrl}/api/v1/plans/${planId}/issue`, {
      method: 'POST',
      headers: { ...JSON_TYPE, cookie: await apiCookie(APPROVER) },
      body: JSON.stringify({ version: draft.version, number: String(200_000 + (Date.now() % 700_000)), date: '2024-04-05' }),
    });
    expect(issued.status, await issued.clone().text()).toBe(200);
  });

  it('Cao Xá opens its report and saves a draft without JavaScript; a word for a number is refused beside its cell', async () => {
    const page = await signedIn(CAO_XA, false);
    caoXaId = await openReport(page, planId, false);

    await cell(page, ARTICLES).fill('4');
    await cell(page, BUDGET).fill('mười lăm triệu');
    await page.getByLabel('Kết quả').first().fill(NARRATIVE);
    expect(await page.getByText('Để trống nếu chưa có số liệu — không phải số 0').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.waitForLoadState('load');
    expect(await cellErrors(page, BUDGET).textContent()).toContain('“mười lăm triệu” không phải là số');
    expect(await cell(page, BUDGET).getAttribute('aria-invalid')).toBe('true');
    // Nothing typed is lost, and nothing was saved.
    expect(await cell(page, ARTICLES).inputValue()).toBe('4');
    expect(await cell(page, BUDGET).inputValue()).toBe('mười lăm triệu');
    expect(await page.getByLabel('Kết quả').first().inputValue()).toBe(NARRATIVE);
    let stored = await apiReport(caoXaId, CAO_XA);
    expect(stored.report.version).toBe(1);
    expect(stored.values).toEqual([]);

    await cell(page, BUDGET).fill('15.000.000');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByTestId('save-status').textContent()).toMatch(/Đã lưu lúc \d\d:\d\d/);
    stored = await apiReport(caoXaId, CAO_XA);
    expect(stored.report.version).toBe(2);
    expect(valueOf(stored, ARTICLES)).toBe(4);
    expect(valueOf(stored, BUDGET)).toBe(15_000_000);
    expect(stored.narratives[0]?.results).toBe(NARRATIVE);
    // Shown back the Vietnamese way.
    expect(await cell(page, BUDGET).inputValue()).toBe('15.000.000');

    // Someone else saves first (another browser): the next save is caught, and nothing typed is lost.
    const other = await fetch(`${baseUrl}/api/v1/reports/${caoXaId}`, {
      method: 'PUT',
      headers: { ...JSON_TYPE, cookie: await apiCookie(CAO_XA) },
      body: JSON.stringify({
        version: 2,
        values: stored.values.map((v) => (v.indicator === ARTICLES ? { ...v, value: 5 } : v)),
        narratives: stored.narratives.map(({ trackingId, results }) => ({ trackingId, results, shortcomings: null, proposals: null })),
      }),
    });
    expect(other.status).toBe(200);
    await cell(page, 'OP-INSPECTIONS').fill('1');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.waitForLoadState('load');
    const conflict = page.getByTestId('report-conflict');
    expect(await conflict.textContent()).toContain('Người khác vừa lưu báo cáo này trước bạn');
    const changed = (await page.getByTestId('conflict-cells').locator('tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(changed).toEqual(['Số tin, bài tuyên truyền đã đăng 5 4', 'Số cuộc thanh tra, kiểm tra về bình đẳng giới — 1']);
    expect(await cell(page, ARTICLES).inputValue()).toBe('4');
    expect(await cell(page, 'OP-INSPECTIONS').inputValue()).toBe('1');
    // Saving again, on purpose, puts what this person typed over the other change.
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByTestId('report-conflict').count()).toBe(0);
    stored = await apiReport(caoXaId, CAO_XA);
    expect(stored.report.version).toBe(4);
    expect(valueOf(stored, ARTICLES)).toBe(4);
    expect(valueOf(stored, 'OP-INSPECTIONS')).toBe(1);
    await page.context().close();
  });

  it('Cao Xá types a breakdown that does not add up, sees it beside the total, fixes it and submits', async () => {
    const page = await signedIn(CAO_XA, true);
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await open(page, `/bao-cao/${caoXaId}`);
    expect(await cell(page, BUDGET).inputValue()).toBe('15.000.000');
    expect(await cell(page, PARTICIPANTS).getAttribute('inputmode')).toBe('decimal');
    // Not disaggregated: no Nữ / Nam inputs.
    expect(await cell(page, ARTICLES, 'female').count()).toBe(0);

    await cell(page, PARTICIPANTS).fill('120');
    await cell(page, PARTICIPANTS, 'female').fill('70');
    await cell(page, PARTICIPANTS, 'male').fill('60');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await cellErrors(page, PARTICIPANTS).waitFor();
    expect(await cellErrors(page, PARTICIPANTS).textContent()).toContain('Tổng (120) phải bằng nữ + nam (130)');
    await page.getByTestId('save-status').filter({ hasText: /Đã lưu lúc/ }).waitFor();
    expect((await apiReport(caoXaId, CAO_XA)).report.version).toBe(5); // a draft keeps what is typed

    await cell(page, PARTICIPANTS, 'male').fill('50');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByTestId('report-submitted').waitFor();
    expect(await page.getByTestId('report-status').textContent()).toBe('Đã gửi – chờ duyệt');
    const stored = await apiReport(caoXaId, CAO_XA);
    expect(stored.report.status).toBe('submitted');
    expect(valueOf(stored, PARTICIPANTS, 'male')).toBe(50);
    // Read-only now, with the numbers the Vietnamese way.
    expect(await cell(page, PARTICIPANTS).count()).toBe(0);
    expect(await page.locator(`[data-testid="report-values"] [data-cell="${BUDGET}.total"]`).textContent()).toContain('15.000.000');
    expect(scriptErrors).toEqual([]);
    await page.context().close();
  });

  it('Tiên Kiên fills the Excel template: a bad workbook is refused cell by cell and changes nothing, a good one fills the report', async () => {
    const page = await signedIn(TIEN_KIEN, true);
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    tienKienId = await openReport(page, planId, true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('xlsx-download').click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const template = Buffer.concat(chunks);

    async function workbook(fill: Record<string, (string | number)[]>): Promise<{ bytes: Buffer; rows: Record<string, number> }> {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
      const ws = wb.getWorksheet('Báo cáo')!;
      const rows: Record<string, number> = {};
      ws.eachRow((row, n) => {
        const code = String(row.getCell(1).value ?? '');
        if (code in fill) rows[code] = n;
      });
      for (const [code, values] of Object.entries(fill)) {
        expect(rows[code], code).toBeGreaterThan(8);
        values.forEach((value, i) => (ws.getRow(rows[code]!).getCell(4 + i).value = value));
      }
      return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), rows };
    }

    async function upload(name: string, bytes: Buffer) {
      await page.getByLabel('Chọn tệp mẫu đã điền').setInputFiles({ name, mimeType: XLSX_TYPE, buffer: bytes });
      await page.getByRole('button', { name: 'Nhập từ Excel', exact: true }).click();
    }

    const bad = await workbook({ [ARTICLES]: ['một'], [PARTICIPANTS]: [80, 50, 30] });
    await upload('bao-cao-loi.xlsx', bad.bytes);
    await page.getByTestId('xlsx-errors').waitFor();
    const row = bad.rows[ARTICLES]!;
    const listed = page.locator(`[data-testid="xlsx-error"][data-cell="D${row}"]`);
    expect(await listed.count()).toBe(1);
    const cells = (await listed.locator('td').allTextContents()).map((t) => t.trim());
    expect(cells.slice(0, 4)).toEqual([`D${row}`, 'Báo cáo', String(row), 'D']);
    let stored = await apiReport(tienKienId, TIEN_KIEN);
    expect(stored.report.version).toBe(1);
    expect(stored.values).toEqual([]);

    const good = await workbook({ [ARTICLES]: [1], [PARTICIPANTS]: [80, 50, 30], [BUDGET]: [2_500_000] });
    await upload('bao-cao.xlsx', good.bytes);
    await page.getByTestId('xlsx-imported').waitFor();
    expect(await page.getByTestId('xlsx-errors').count()).toBe(0);
    expect(await cell(page, PARTICIPANTS).inputValue()).toBe('80');
    expect(await cell(page, PARTICIPANTS, 'female').inputValue()).toBe('50');
    expect(await cell(page, BUDGET).inputValue()).toBe('2.500.000');
    stored = await apiReport(tienKienId, TIEN_KIEN);
    expect(stored.report.version).toBe(2);
    expect(valueOf(stored, PARTICIPANTS, 'male')).toBe(30);

    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByTestId('report-submitted').waitFor();
    expect((await apiReport(tienKienId, TIEN_KIEN)).report.status).toBe('submitted');
    expect(scriptErrors).toEqual([]);
    await page.context().close();
  });

  it('the coordinator finds both waiting on the roll-up and returns Tiên Kiên’s report with a comment', async () => {
    const page = await signedIn(COORDINATOR, true);
    // From the issued plan's page to its roll-up.
    await open(page, `/ke-hoach/${planId}`);
    await page.getByTestId('rollup-link').click();
    await page.waitForURL((url) => url.pathname === '/don-vi/huyen-lam-thao/tong-hop' && url.searchParams.get('planId') === planId);
    await page.waitForLoadState('networkidle');
    const waiting = page.getByTestId('waiting-review');
    expect(await waiting.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Xã Cao Xá', 'Xã Tiên Kiên']));
    expect(await page.locator('[data-stat="submitted"]').textContent()).toMatch(/^2 /);
    expect(await page.locator('[data-stat="approved"]').textContent()).toMatch(/^0 /);
    // Nothing counts before approval: "—", not 0.
    expect(await page.locator(`[data-testid="rollup-indicators"] [data-indicator="${PARTICIPANTS}"] [data-col="total"]`).textContent()).toBe('—');

    await waiting.getByRole('link', { name: 'Xã Tiên Kiên' }).click();
    await page.waitForURL((url) => url.pathname === `/bao-cao/${tienKienId}`);
    await page.waitForLoadState('networkidle');
    const review = page.getByTestId('review');
    // A return needs a reason, said beside the field.
    await review.getByRole('button', { name: 'Trả lại' }).click();
    await page.locator('#return-comment-error').waitFor();
    expect(await page.locator('#return-comment-error').textContent()).toContain('Vui lòng ghi rõ lý do trả lại');
    await review.getByLabel(/Lý do trả lại/).fill(RETURN_COMMENT);
    await review.getByRole('button', { name: 'Trả lại' }).click();
    await page.getByTestId('review-done').waitFor();
    expect(await page.getByTestId('report-status').textContent()).toBe('Bị trả lại');
    await page.context().close();
  });

  it('Tiên Kiên reads the comment, fixes and resubmits', async () => {
    const page = await signedIn(TIEN_KIEN, true);
    await open(page, '/bao-cao');
    const slot = page.locator(`[data-testid="report-slot"][data-plan-id="${planId}"]`);
    expect(await slot.getByTestId('report-state').textContent()).toBe('Bị trả lại');
    await slot.getByRole('link', { name: /Mở báo cáo/ }).click();
    await page.waitForURL((url) => url.pathname === `/bao-cao/${tienKienId}`);
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('return-comment').textContent()).toContain(RETURN_COMMENT);
    const before = (await apiReport(tienKienId, TIEN_KIEN)).report.version;
    // Saved in the background a few seconds after typing stops.
    await cell(page, ARTICLES).fill('2');
    await page.getByTestId('save-status').filter({ hasText: /Đã lưu lúc \d\d:\d\d/ }).waitFor({ timeout: 15_000 });
    const autosaved = await apiReport(tienKienId, TIEN_KIEN);
    expect(autosaved.report.version).toBe(before + 1);
    expect(valueOf(autosaved, ARTICLES)).toBe(2);
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByTestId('report-submitted').waitFor();
    const stored = await apiReport(tienKienId, TIEN_KIEN);
    expect(stored.report.status).toBe('submitted');
    expect(valueOf(stored, ARTICLES)).toBe(2);
    await page.context().close();
  });

  it('the approver approves both; the roll-up sums them, counts them, and the compiled .docx holds the numbers', async () => {
    const page = await signedIn(APPROVER, true);
    for (const id of [caoXaId, tienKienId]) {
      await open(page, `/bao-cao/${id}`);
      await page.getByTestId('review').getByRole('button', { name: 'Phê duyệt' }).click();
      await page.getByTestId('review-done').waitFor();
      expect(await page.getByTestId('report-status').textContent()).toBe('Đã phê duyệt');
    }

    await open(page, `/don-vi/huyen-lam-thao/tong-hop?planId=${encodeURIComponent(planId)}&period=2024`);
    const row = (code: string) => page.locator(`[data-testid="rollup-indicators"] [data-indicator="${code}"]`);
    const figure = async (code: string, col: string) => (await row(code).locator(`[data-col="${col}"]`).textContent())?.trim();
    expect(await figure(PARTICIPANTS, 'total')).toBe('200');
    expect(await figure(PARTICIPANTS, 'female')).toBe('120');
    expect(await figure(PARTICIPANTS, 'male')).toBe('80');
    expect(await figure(ARTICLES, 'total')).toBe('6');
    expect(await figure(BUDGET, 'total')).toBe('17.500.000');
    expect(await figure('OP-INSPECTIONS', 'total')).toBe('1');
    expect(await figure('OP-VIOLATIONS-HANDLED', 'total')).toBe('—');

    expect((await page.locator('[data-stat="submitted"]').textContent())?.trim()).toMatch(/^2 /);
    expect((await page.locator('[data-stat="approved"]').textContent())?.trim()).toMatch(/^2 /);
    // Due 15/11/2024, sent long after: late, not on time.
    expect(await page.locator('[data-stat="late"]').textContent()).toBe('2');
    expect(await page.locator('[data-stat="onTime"]').textContent()).toBe('0');
    const expected = Number(await page.locator('[data-stat="expected"]').textContent());
    expect(expected).toBeGreaterThan(2);
    expect(await page.getByTestId('not-reported').locator('tbody tr').count()).toBe(expected - 2);
    expect(await page.getByTestId('waiting-review').count()).toBe(0);

    const children = page.getByTestId('rollup-children');
    expect((await children.locator(`[data-unit-id="xa-cao-xa-2024"] [data-indicator="${ARTICLES}"]`).textContent())?.trim()).toBe('4');
    expect((await children.locator(`[data-unit-id="xa-tien-kien-2024"] [data-indicator="${BUDGET}"]`).textContent())?.trim()).toBe('2.500.000');
    // Charts drawn on the server, each with its words and its table.
    const chart = page.getByTestId('bar-chart').filter({ hasText: 'Số lượt người tham gia tập huấn' });
    const description = await chart.locator('svg desc').textContent();
    expect(description).toContain('Xã Cao Xá: 120 người');
    expect(description).toContain('Xã Tiên Kiên: 80 người');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compiled-docx').click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const files = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    const text = strFromU8(files['word/document.xml']!).replace(/<[^>]+>/g, ' ');
    expect(text).toContain('17.500.000');
    expect(text).toContain('200');
    expect(text).toContain(NARRATIVE);
    await page.context().close();
  });
});
