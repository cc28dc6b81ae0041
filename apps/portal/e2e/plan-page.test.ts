import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { demoSession } from './demo-session.ts';

const baseUrl = inject('portalUrl');
const PLAN_ID_FOR_DOCX = 'ke-hoach-bdg-lam-thao-2024';
const PLAN_PATH = '/ke-hoach/ke-hoach-bdg-lam-thao-2024';
// The demo plan is a draft, which only members of its district's tree may read: these pages are
// read as the province's viewer (anonymous readers get 404; see the public site's tests).
const READER = 'xem@phutho.demo';
const session = demoSession(baseUrl);
const SECTIONS = ['I. MỤC ĐÍCH, YÊU CẦU', 'II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU', 'III. TỔ CHỨC THỰC HIỆN'];

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function expectHeading(page: Page, name: string, level?: number) {
  const heading = page.getByRole('heading', { name, exact: true, ...(level ? { level } : {}) });
  expect(await heading.count(), `heading "${name}"`).toBe(1);
  expect(await heading.isVisible(), `heading "${name}" visible`).toBe(true);
}

describe('GET /ke-hoach/[id] (plan page)', () => {
  it('is reached from the home page and reads as the official document', async () => {
    const page = await session.signedIn(browser, READER, true);
    const context = page.context();
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));

    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: /Lâm Thao năm 2024/ }).click();
    await page.waitForURL((url) => url.pathname === PLAN_PATH);

    const title = page.getByRole('heading', { level: 1 });
    expect(await title.textContent()).toContain('KẾ HOẠCH');
    expect(await title.textContent()).toContain('Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Lâm Thao năm 2024');
    for (const section of SECTIONS) await expectHeading(page, section, 2);

    await expectHeading(page, '4. Phòng Nội vụ huyện', 3);
    const afterHeading = page.getByRole('heading', { name: '4. Phòng Nội vụ huyện', exact: true }).locator('xpath=following-sibling::*[1]');
    expect(await afterHeading.textContent()).toContain(
      'Chủ trì, phối hợp với phòng Lao động - Thương binh và Xã hội, Hội Liên hiệp phụ nữ huyện chủ động đề xuất',
    );

    const deadline = page.locator('article strong', { hasText: '15/11/2024' });
    expect(await deadline.count()).toBe(1);
    expect(await deadline.textContent()).toBe('trước ngày 15/11/2024');
    expect(await page.getByText('Nơi nhận:', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('- Lưu: VT, LĐTBXH.(C.15b)', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Ngô Đức Sáu', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Dự thảo — chưa ban hành').isVisible()).toBe(true);
    expect(scriptErrors).toEqual([]);
    await context.close();
  });

  it('works with JavaScript disabled: server-rendered headings, links that navigate', async () => {
    const page = await session.signedIn(browser, READER, false);
    const context = page.context();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: /Lâm Thao năm 2024/ }).click();
    await page.waitForURL((url) => url.pathname === PLAN_PATH);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('KẾ HOẠCH');
    for (const section of SECTIONS) await expectHeading(page, section, 2);
    await expectHeading(page, '4. Phòng Nội vụ huyện', 3);
    expect(await page.getByText('Ngô Đức Sáu', { exact: true }).isVisible()).toBe(true);
    await context.close();
  });

  it('offers the official .docx for download', async () => {
    const page = await session.signedIn(browser, READER, true);
    await page.goto(`${baseUrl}/ke-hoach/${PLAN_ID_FOR_DOCX}`);
    const link = page.getByTestId('docx-download');
    expect(await link.textContent()).toContain('Tải bản Word (.docx)');
    const response = await page.request.get(new URL((await link.getAttribute('href'))!, baseUrl).href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const bytes = await response.body();
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    await page.context().close();
  });

  it('does not show the draft to anonymous readers', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    expect(await page.getByRole('link', { name: /Lâm Thao năm 2024/ }).count()).toBe(0);
    const response = await page.goto(`${baseUrl}${PLAN_PATH}`);
    expect(response?.status()).toBe(404);
    await context.close();
  });

  it('answers an unknown plan with a Vietnamese 404 page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/ke-hoach/khong-co`);
    expect(response?.status()).toBe(404);
    await expectHeading(page, 'Không tìm thấy trang', 1);
    expect(await page.getByText('Không tìm thấy kế hoạch “khong-co”').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Về trang chủ' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await context.close();
  });
});
