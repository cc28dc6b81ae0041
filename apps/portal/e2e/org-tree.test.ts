import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';

const baseUrl = inject('portalUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('GET /don-vi (org tree page)', () => {
  it('shows the district before 01/07/2025 and follows a commune to the commune it merged into, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/don-vi`);
    await page.getByLabel('Xem vào ngày').fill('2024-06-01');
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.waitForURL((url) => url.pathname === '/don-vi' && url.searchParams.get('at') === '2024-06-01');

    const caoXa = page.locator('#xa-cao-xa-2024');
    expect(await page.locator('#huyen-lam-thao').count()).toBe(1);
    expect(await caoXa.getByText('Mã ĐVHC: 08527').isVisible()).toBe(true);
    await caoXa.getByRole('link', { name: 'Xã Bản Nguyên' }).click();
    await page.waitForURL((url) => url.searchParams.get('at') === '2025-07-01' && url.hash === '#xa-ban-nguyen-2025');

    expect(await page.locator('#huyen-lam-thao').count()).toBe(0);
    expect(await page.locator('#xa-ban-nguyen-2025').getByRole('link', { name: 'Xã Cao Xá' }).count()).toBe(1);
    await context.close();
  });

  it('marks demo units and explains an invalid date instead of failing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/don-vi?at=2024-02-30`);
    expect(response?.status()).toBe(200);
    expect(await page.getByText('“2024-02-30” không phải là ngày hợp lệ', { exact: false }).isVisible()).toBe(true);

    await page.goto(`${baseUrl}/don-vi?at=2024-06-01`);
    expect(await page.locator('#phong-noi-vu-lam-thao').getByText('dữ liệu mẫu').isVisible()).toBe(true);
    expect(await page.locator('#huyen-lam-thao > .unit').getByText('dữ liệu mẫu').count()).toBe(0);
    await context.close();
  });
});
