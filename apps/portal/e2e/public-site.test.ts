// The public site as a citizen uses it, in Chromium without an account: the home page, the old
// province, Huyện Lâm Thao, a commune; the issued plan and its duty progress; the figures against
// the Nghị quyết 28 targets with small counts shown as "<5"; the CSV download; English. And, at
// page level, that the numbers a district page shows cannot give a hidden cell back.
// The published story (a 2025 plan and three communes' approved reports) is public-story.ts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { derivableCells, type SuppressionTable } from '@binh-dang/domain';
import { launchChromium } from './browser.ts';
import { DISTRICT, GBV, OLD_PROVINCE, PERIOD, storyApi } from './public-story.ts';

const baseUrl = inject('portalUrl');
const story = storyApi(baseUrl);
const RESULTS_COLUMNS =
  'scope_unit_id,unit_id,unit_name,period,indicator_code,indicator_name_vi,indicator_name_en,measure,category,value,status,target_year,target_comparator,target_value,target_source';

let browser: Browser;
let planId = '';

beforeAll(async () => {
  browser = await launchChromium();
  planId = await story.ensureStory();
});

afterAll(async () => {
  await browser?.close();
});

async function anonymousPage(): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

describe('a citizen on the public site', () => {
  it('drills from the home page to a commune, reads the plan and the progress against targets, downloads the CSV, and reads it in English', async () => {
    const page = await anonymousPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });

    // Home: the two provinces, each with its validity.
    const home = await page.goto(`${baseUrl}/`);
    expect(home?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kế hoạch và kết quả bình đẳng giới của địa phương');
    const provinces = page.getByTestId('public-provinces');
    expect(await provinces.textContent()).toContain('01/01/1997 – 30/06/2025');
    expect(await provinces.textContent()).toContain('từ 01/07/2025');
    // The old province (to 30/06/2025), the one with Lâm Thao district.
    const oldProvince = provinces.locator('section').filter({ hasText: '30/06/2025' }).first();
    await oldProvince.getByRole('link', { name: 'Tỉnh Phú Thọ', exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === `/cong-khai/${OLD_PROVINCE}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tỉnh Phú Thọ');
    // It merged into the new province on 01/07/2025: a link forward in time.
    expect(await page.getByTestId('successor-notice').textContent()).toContain('Từ 01/07/2025 sáp nhập vào');

    // Down the tree: the district.
    await page.getByTestId('children').getByRole('link', { name: 'Huyện Lâm Thao' }).click();
    await page.waitForURL((url) => url.pathname === `/cong-khai/${DISTRICT}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Huyện Lâm Thao');
    // The newest period with approved figures is shown, with its "as of" date.
    expect(await page.locator('#chon-ky').inputValue()).toBe(PERIOD);
    expect(await page.getByTestId('as-of').textContent()).toMatch(/^Số liệu tính đến \d{2}\/\d{2}\/\d{4}$/);
    // The victims of gender-based violence: a sensitive count, Bản Nguyên's 3 hidden as "<5".
    const banNguyen = page.getByTestId('children-table').locator('tr[data-unit-id="xa-ban-nguyen-2024"]');
    expect((await banNguyen.locator(`td[data-indicator="${GBV}"]`).textContent())?.trim()).toMatch(/^<5/);
    expect(await page.getByTestId('suppression-note').textContent()).toContain('“<5”');
    expect(await page.getByTestId('completeness').locator('[data-stat="approved"]').textContent()).not.toBe('0');
    expect(await page.getByTestId('action-month').textContent()).toContain('15/11 đến 15/12/2025');
    // Charts have a text alternative and their figures as a table.
    const chart = page.getByTestId('public-chart').first();
    expect(await chart.locator('svg[role="img"] desc').textContent()).toMatch(/\S/);
    expect(await chart.locator('table tbody tr').count()).toBeGreaterThan(0);

    // The district's plan: the official text, the .docx, the duty progress.
    await page.getByTestId('own-plans').getByRole('link', { name: /công khai thử nghiệm/ }).click();
    await page.waitForURL((url) => url.pathname === `/cong-khai/ke-hoach/${planId}`);
    const title = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    expect(title).toContain('KẾ HOẠCH');
    expect(title).toContain('công khai thử nghiệm');
    expect(await page.getByRole('heading', { name: 'III. TỔ CHỨC THỰC HIỆN', level: 2 }).isVisible()).toBe(true);
    const progress = page.getByTestId('duty-progress');
    expect(await progress.locator('tbody tr').count()).toBeGreaterThan(5);
    expect(await progress.textContent()).toContain('lượt giao việc đã hoàn thành');
    const docx = await page.request.get(new URL((await page.getByTestId('public-docx').getAttribute('href'))!, baseUrl).href);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const progressCsv = await page.request.get(new URL((await page.getByTestId('progress-csv').getAttribute('href'))!, baseUrl).href);
    expect(progressCsv.status()).toBe(200);
    expect((await progressCsv.text()).replace('\uFEFF', '').split('\r\n')[0]).toBe('plan_id,duty,due_date,units,done,in_progress,not_started,overdue');

    // Back up to the district by the breadcrumb, down to a commune.
    await page.getByRole('navigation', { name: 'Vị trí trang' }).getByRole('link', { name: 'Huyện Lâm Thao' }).click();
    await page.waitForURL((url) => url.pathname === `/cong-khai/${DISTRICT}`);
    await page.getByTestId('children').getByRole('link', { name: 'Xã Bản Nguyên' }).click();
    await page.waitForURL((url) => url.pathname === '/cong-khai/xa-ban-nguyen-2024');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Xã Bản Nguyên');
    // Merged on 01/07/2025 into the new Xã Bản Nguyên.
    expect(await page.getByTestId('successor-notice').textContent()).toContain('Từ 01/07/2025 sáp nhập vào');
    // The district's plan applies to it.
    expect(await page.getByTestId('upper-plans').getByRole('link', { name: /công khai thử nghiệm/ }).count()).toBe(1);
    // Progress against an NQ28 target: 3 of 4 agencies with a woman key leader, 75% against 60%.
    const nq28 = page.getByTestId('nq28-table').locator('tr[data-indicator="NQ28-1.1"]');
    expect((await nq28.locator('[data-col="total"]').textContent())?.trim()).toBe('75');
    expect(await nq28.locator('[data-col="target"]').textContent()).toContain('60%');
    expect(await nq28.locator('[data-col="target"]').textContent()).toContain('Nghị quyết 28, năm 2025');
    expect((await nq28.locator('[data-col="progress"]').textContent())?.trim()).toBe('Đạt (125% mục tiêu)');
    // A count of 3 victims in one commune is never shown.
    const victims = page.getByTestId('operational-table').locator(`tr[data-indicator="${GBV}"]`);
    expect((await victims.locator('[data-col="total"]').textContent())?.trim()).toMatch(/^<5/);

    // The CSV of the figures: UTF-8 with a byte-order mark, the documented header row.
    const csvHref = (await page.getByTestId('results-csv').getAttribute('href'))!;
    const csv = await page.request.get(new URL(csvHref, baseUrl).href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers()['content-disposition']).toContain('attachment');
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(RESULTS_COLUMNS);
    expect(text).toContain('Xã Bản Nguyên');
    const gbvTotal = lines.find((l) => l.startsWith('xa-ban-nguyen-2024,xa-ban-nguyen-2024,') && l.includes(`,${GBV},`) && l.includes(',total,'))!;
    expect(gbvTotal).toContain(',,suppressed,');
    expect(text).not.toMatch(new RegExp(`${GBV},[^\\r\\n]*,total,3,`));
    const json = await page.request.get(new URL((await page.getByTestId('results-json').getAttribute('href'))!, baseUrl).href);
    expect(((await json.json()) as { licence: { name: string } }).licence.name).toBe('CC-BY-4.0');
    expect(await page.getByTestId('licence').textContent()).toContain('CC BY 4.0');

    // English: the switch keeps the page, the headings and the document language change.
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByTestId('lang-switch').click();
    await page.waitForURL((url) => url.searchParams.get('lang') === 'en' && url.pathname === '/cong-khai/xa-ban-nguyen-2024');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { name: `Indicator results — Year ${PERIOD}`, level: 2 }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Issued plans', level: 2 }).isVisible()).toBe(true);
    expect((await nq28.locator('[data-col="progress"]').textContent())?.trim()).toBe('Met (125% of target)');
    expect(await page.getByTestId('lang-switch').textContent()).toContain('Tiếng Việt');
    // Links within the site stay in English.
    await page.getByRole('navigation', { name: 'You are here' }).getByRole('link', { name: 'Huyện Lâm Thao' }).click();
    await page.waitForURL((url) => url.pathname === `/cong-khai/${DISTRICT}` && url.searchParams.get('lang') === 'en');
    expect(await page.getByRole('heading', { name: 'Units under it', level: 2 }).isVisible()).toBe(true);
    expect(await page.getByTestId('suppression-note').textContent()).toContain('figure hidden');

    // No JavaScript anywhere on the way.
    expect(scripts).toEqual([]);
    await page.context().close();
  });

  it('goes back in time: the tree of a day, a period the unit did not exist in points to its successor', async () => {
    const page = await anonymousPage();
    // The new province has no 2024 figures of its own: it was formed on 01/07/2025 from the old one.
    await page.goto(`${baseUrl}/cong-khai/tinh-phu-tho-2025`);
    expect(await page.getByTestId('predecessors-notice').textContent()).toContain('Hình thành từ');
    await page.getByTestId('predecessors-notice').getByRole('link', { name: 'Tỉnh Phú Thọ' }).click();
    await page.waitForURL((url) => url.pathname === `/cong-khai/${OLD_PROVINCE}`);
    // The old district on a day before the merger, chosen with the GET form (no JavaScript needed).
    await page.goto(`${baseUrl}/cong-khai/${DISTRICT}`);
    await page.locator('#chon-ngay').fill('2024-06-01');
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.waitForURL((url) => url.searchParams.get('at') === '2024-06-01');
    expect(await page.getByTestId('children').getByRole('link').count()).toBeGreaterThanOrEqual(12);
    // A commune of the merged province in 2024: it did not exist; its predecessors did.
    await page.goto(`${baseUrl}/cong-khai/xa-ban-nguyen-2025?period=2024`);
    expect(await page.getByTestId('missing-period').textContent()).toContain('không tồn tại trong năm 2024');
    expect(await page.getByTestId('missing-period').getByRole('link', { name: 'Xã Bản Nguyên' }).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('answers an unknown unit and a draft plan with a 404 page in the reader’s language', async () => {
    const draft = await story.createDraft(`Dự thảo chưa công khai (${Date.now()})`, 2026);
    const page = await anonymousPage();
    const response = await page.goto(`${baseUrl}/cong-khai/ke-hoach/${draft.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không tìm thấy trang');
    expect(await page.textContent('body')).not.toContain('Dự thảo chưa công khai');
    const english = await page.goto(`${baseUrl}/cong-khai/khong-co-don-vi?lang=en`);
    expect(english?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.context().close();
  });
});

describe('the public pages for caches', () => {
  it('are shared-cacheable when read anonymously, private with a session, vary on Cookie, and revalidate by ETag', async () => {
    const path = `/cong-khai/${DISTRICT}?period=${PERIOD}`;
    const first = await fetch(`${baseUrl}${path}`);
    expect(first.status).toBe(200);
    const cache = first.headers.get('cache-control')!;
    expect(cache).toMatch(/^public, /);
    expect(cache).toContain('s-maxage=');
    expect(cache).toContain('stale-while-revalidate=');
    expect(first.headers.get('vary')).toContain('Cookie');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"p-/);
    const again = await fetch(`${baseUrl}${path}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // Another language is another page.
    expect((await fetch(`${baseUrl}${path}&lang=en`)).headers.get('etag')).not.toBe(etag);
    // Signed in, the header names the reader: never in a shared cache.
    const withSession = await fetch(`${baseUrl}/`, { headers: { cookie: await sessionCookie('xem@phutho.demo') } });
    expect(withSession.headers.get('cache-control')).toBe('private, no-store');
    expect(withSession.headers.get('vary')).toContain('Cookie');
  });

  it('change their ETag when something is published in the province', async () => {
    const path = `/cong-khai/${DISTRICT}?period=${PERIOD}`;
    const before = (await fetch(`${baseUrl}${path}`)).headers.get('etag')!;
    // A draft is not a publication: nothing public changes.
    await story.createDraft(`Dự thảo không đổi trang công khai (${Date.now()})`, 2026);
    expect((await fetch(`${baseUrl}${path}`)).headers.get('etag')).toBe(before);
    // An approval is.
    const report = await story.openReport('xa-tu-xa-2024', planId);
    if (report.report.status !== 'approved') {
      const version = await story.submit(report.report.id, await story.save(report, [{ indicator: 'OP-ARTICLES', category: 'total', value: 2 }]));
      await story.approve(report.report.id, version);
      const after = await fetch(`${baseUrl}${path}`, { headers: { 'if-none-match': before } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(before);
    }
  });
});

async function sessionCookie(email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'BinhDang-demo-2024' }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('suppression on the pages', () => {
  it('leaves no hidden cell derivable from what the district and province pages show (children + totals, female + male)', async () => {
    const page = await anonymousPage();
    const table: SuppressionTable = { cells: {}, relations: [] };
    const hidden = new Set<string>();
    let suppressedSeen = 0;

    /** The unit's total/female/male and each child's total of one indicator, as a page shows them. */
    async function readPage(unitId: string) {
      await page.goto(`${baseUrl}/cong-khai/${unitId}?period=${PERIOD}`);
      const read = async (text: string | null, id: string) => {
        const t = (text ?? '').trim();
        if (t.startsWith('<')) {
          table.cells[id] = 1; // unknown to the reader; any non-null stands for it
          hidden.add(id);
          suppressedSeen++;
          return true;
        }
        if (t === '—' || t === '') return false;
        table.cells[id] = Number(t.replace(/\./g, '').replace(',', '.'));
        return true;
      };
      const row = page.getByTestId('operational-table').locator(`tr[data-indicator="${GBV}"]`);
      const [total, female, male] = await Promise.all(['total', 'female', 'male'].map((c) => row.locator(`[data-col="${c}"]`).textContent()));
      const known = [await read(total!, `${unitId}.total`), await read(female!, `${unitId}.female`), await read(male!, `${unitId}.male`)];
      if (known.every(Boolean)) table.relations.push({ total: `${unitId}.total`, parts: [`${unitId}.female`, `${unitId}.male`] });
      const parts: string[] = [];
      for (const tr of await page.getByTestId('children-table').locator('tbody tr').all()) {
        const child = (await tr.getAttribute('data-unit-id'))!;
        if (await read(await tr.locator(`td[data-indicator="${GBV}"]`).textContent(), `${child}.total`)) parts.push(`${child}.total`);
      }
      // The unit's figure is the sum of its children's (the district and province report nothing of their own here).
      table.relations.push({ total: `${unitId}.total`, parts });
    }

    await readPage(DISTRICT);
    await readPage(OLD_PROVINCE);
    expect(suppressedSeen).toBeGreaterThan(0);
    expect([...derivableCells(table, hidden)]).toEqual([]);
    await page.context().close();
  });
});
