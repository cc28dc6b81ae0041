// Two-factor sign-in of the province administrator, who needs it for the role to take effect: set
// up on /tai-khoan/xac-thuc-hai-lop (the key read off the page, codes computed as an app would,
// e2e/totp.ts), then sign-in with a code and with recovery codes, with and without JavaScript.
// The only file that changes the administrator: the server and its database are shared by all
// the files, and the tests below run in order, each starting from what the one before left.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { totpCode } from './totp.ts';

const baseUrl = inject('portalUrl');
const DEMO_PASSWORD = 'BinhDang-demo-2024';
const PROVINCE_ADMIN = 'quantri@phutho.demo';

let browser: Browser;
/** Set by the enrolment test, used by the sign-in tests. */
let secret = '';
let recoveryCodes: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function submitSignIn(page: Page, email: string, password: string) {
  // With JavaScript on, let the page hydrate first: a click during hydration can be lost.
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

async function signOut(page: Page) {
  await page.locator('header.site-header').getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** A code that is not the one the app shows now (nor the one before or after). */
function wrongCode(): string {
  const near = [-30_000, 0, 30_000].map((shift) => totpCode(secret, Date.now() + shift));
  return ['000000', '111111', '222222', '333333'].find((c) => !near.includes(c)) ?? '444444';
}

/** Everything the browser keeps for the portal, as one string: the key and codes must not be in it. */
async function browserStorage(context: BrowserContext): Promise<string> {
  return JSON.stringify(await context.storageState());
}

describe('the province administrator', () => {
  it('is told to set up two-factor sign-in and does so on the account pages', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    const visited: string[] = [];
    page.on('request', (request) => visited.push(request.url()));

    await page.goto(`${baseUrl}/dang-nhap`);
    await submitSignIn(page, PROVINCE_ADMIN, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/tai-khoan');
    const notice = page.getByTestId('two-factor-notice');
    expect(await notice.textContent()).toContain('Vai trò Quản trị tỉnh cần bật xác thực hai lớp');
    expect(await page.getByTestId('current-unit').textContent()).toContain('chưa hiệu lực');
    expect(await page.getByTestId('two-factor-status').textContent()).toContain('Chưa bật');
    const refused = await page.goto(`${baseUrl}/quan-tri/nhat-ky`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByText('cần bật xác thực hai lớp', { exact: false }).first().isVisible()).toBe(true);

    await page.goto(`${baseUrl}/tai-khoan`);
    await notice.getByRole('link', { name: 'Bật xác thực hai lớp' }).click();
    await page.waitForURL((url) => url.pathname === '/tai-khoan/xac-thuc-hai-lop');
    expect(await page.getByRole('heading', { name: 'Nhập mật khẩu để bắt đầu' }).isVisible()).toBe(true);

    // A wrong password is explained beside the field.
    await page.getByLabel('Mật khẩu', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    const passwordError = page.locator('#password-error');
    await passwordError.waitFor();
    expect(await passwordError.textContent()).toContain('Mật khẩu không đúng');
    expect(await page.getByLabel('Mật khẩu', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    const key = page.getByTestId('totp-secret');
    await key.waitFor();

    // The key as typed into an app, in groups of four; the same key in the otpauth link.
    const grouped = (await key.textContent()) ?? '';
    expect(grouped).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    secret = grouped.replace(/\s+/g, '');
    const uri = new URL((await page.getByTestId('totp-link').getAttribute('href')) ?? '');
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(decodeURIComponent(uri.pathname)).toContain(PROVINCE_ADMIN);
    expect(await page.getByRole('img', { name: 'Mã QR của khoá xác thực' }).locator('svg path').count()).toBe(1);
    expect(await page.getByRole('heading', { name: /^Mã khôi phục — mỗi mã dùng được một lần/ }).isVisible()).toBe(true);
    recoveryCodes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(2);

    // A wrong code: the error beside the field, the key and the codes still there.
    const codeField = page.getByLabel('Nhập mã 6 chữ số từ ứng dụng', { exact: true });
    await codeField.fill(wrongCode());
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    const codeError = page.locator('#code-error');
    await codeError.waitFor();
    expect(await codeError.textContent()).toContain('Mã không đúng');
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    expect(await key.textContent()).toBe(grouped);
    expect(await page.getByTestId('recovery-codes').locator('li').allTextContents()).toEqual(recoveryCodes);

    await codeField.fill(totpCode(secret));
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await page.getByTestId('two-factor-enabled').waitFor();
    expect(await page.getByTestId('two-factor-enabled').textContent()).toContain('Đã bật xác thực hai lớp');

    // Neither the key nor a recovery code went into an address or anything the browser keeps.
    const kept = await browserStorage(context);
    for (const secretText of [secret, ...recoveryCodes]) {
      expect(kept).not.toContain(secretText);
      expect(visited.some((url) => url.includes(secretText))).toBe(false);
    }

    await page.getByRole('link', { name: 'Về trang tài khoản' }).click();
    await page.waitForURL((url) => url.pathname === '/tai-khoan');
    expect(await page.getByTestId('two-factor-status').textContent()).toContain('Đã bật');
    expect(await page.getByTestId('two-factor-notice').count()).toBe(0);
    expect(await page.getByTestId('current-unit').textContent()).not.toContain('chưa hiệu lực');
    await page.goto(`${baseUrl}/tai-khoan/xac-thuc-hai-lop`);
    expect(await page.getByTestId('two-factor-already-on').isVisible()).toBe(true);
    expect(await page.getByLabel('Mật khẩu', { exact: true }).count()).toBe(0);

    await signOut(page);
    expect(scriptErrors).toEqual([]);
    await context.close();
  });

  it('then signs in with a code from the app, without JavaScript, and reads the audit trail', async () => {
    expect(secret, 'set by the enrolment test').not.toBe('');
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/quan-tri/nhat-ky`);
    await submitSignIn(page, PROVINCE_ADMIN, DEMO_PASSWORD);
    // The password was right: the code field appears, with the password to type again.
    expect(await page.locator('#totpCode-error').textContent()).toContain('Cần mã xác thực hai lớp');
    expect((await context.cookies()).some((c) => c.name.endsWith('session_token'))).toBe(false);

    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel('Mã xác thực (6 chữ số)').fill(wrongCode());
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    expect(await page.locator('#totpCode-error').textContent()).toContain('Mã xác thực không đúng');
    expect(await page.getByLabel('Mã xác thực (6 chữ số)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Mã xác thực (6 chữ số)').getAttribute('aria-describedby')).toBe('totpCode-error');

    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel('Mã xác thực (6 chữ số)').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/quan-tri/nhat-ky');

    expect(await page.getByTestId('chain-status').textContent()).toMatch(/^Chuỗi hợp lệ: \d+ sự kiện$/);
    const events = page.getByTestId('audit-events');
    expect(await events.getByRole('row').filter({ hasText: 'auth.two_factor_enabled' }).count()).toBe(1);
    // Times are Việt Nam's: dd/mm/yyyy hh:mm:ss.
    expect(await events.locator('tbody tr').first().locator('time').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    await signOut(page);
    await context.close();
  });

  it.each([
    { js: false, label: 'without JavaScript', index: 0 },
    { js: true, label: 'with JavaScript', index: 1 },
  ])('signs in with a recovery code $label, each code once', async ({ js, index }) => {
    const code = recoveryCodes[index];
    expect(code, 'set by the enrolment test').toBeTruthy();
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));

    await page.goto(`${baseUrl}/dang-nhap`);
    await submitSignIn(page, PROVINCE_ADMIN, DEMO_PASSWORD);
    await page.locator('#totpCode-error').waitFor();
    await page.getByRole('button', { name: 'Dùng mã khôi phục' }).click();
    const recoveryField = page.getByLabel('Mã khôi phục', { exact: true });
    await recoveryField.waitFor();
    expect(await page.getByLabel('Mã xác thực (6 chữ số)').count()).toBe(0);
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(PROVINCE_ADMIN);

    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await recoveryField.fill('AAAAA-BBBBB');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    const error = page.locator('#recoveryCode-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Mã khôi phục không đúng');
    expect(await recoveryField.getAttribute('aria-invalid')).toBe('true');
    // Still the recovery code asked for, not the app's.
    expect(await page.getByLabel('Mã xác thực (6 chữ số)').count()).toBe(0);

    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await recoveryField.fill(code ?? '');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/tai-khoan');
    expect(await page.getByTestId('two-factor-status').textContent()).toContain('Đã bật');
    await signOut(page);

    // The same code a second time is refused.
    await page.goto(`${baseUrl}/dang-nhap`);
    await submitSignIn(page, PROVINCE_ADMIN, DEMO_PASSWORD);
    await page.locator('#totpCode-error').waitFor();
    await page.getByRole('button', { name: 'Dùng mã khôi phục' }).click();
    await recoveryField.waitFor();
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await recoveryField.fill(code ?? '');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await error.waitFor();
    expect(await error.textContent()).toContain('Mã khôi phục không đúng hoặc đã được dùng');
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});
