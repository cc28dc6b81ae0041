// Signing in and out, with and without JavaScript, against the demo accounts the server seeds
// (password DEMO_PASSWORD): what a reporter of one commune may see, what a coordinator may do
// (list the users below it, invite one), and the invited person's way in. Two-factor sign-in is
// two-factor.test.ts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';

const baseUrl = inject('portalUrl');
const DEMO_PASSWORD = 'BinhDang-demo-2024';
const REPORTER = 'baocao.caoxa@lamthao.demo';
const COORDINATOR = 'dieuphoi@lamthao.demo';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Fills the sign-in form of the page it is on and submits it. */
async function submitSignIn(page: Page, email: string, password: string) {
  // With JavaScript on, let the page hydrate first: a click during hydration can be lost.
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function signIn(page: Page, email: string) {
  await page.goto(`${baseUrl}/dang-nhap`);
  await submitSignIn(page, email, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/tai-khoan');
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === 'binh-dang.session_token');
}

describe('protected pages', () => {
  it('send a visitor without a session to the sign-in page, and back after signing in', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of ['/tai-khoan', '/tai-khoan/xac-thuc-hai-lop', '/quan-tri/nguoi-dung', '/quan-tri/nhat-ky']) {
      await page.goto(`${baseUrl}${path}`);
      expect(page.url(), path).toBe(`${baseUrl}/dang-nhap?next=${encodeURIComponent(path)}`);
      expect(await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).isVisible()).toBe(true);
    }
    // The way back is the page asked for, never another site.
    await page.goto(`${baseUrl}/dang-nhap?next=${encodeURIComponent('//example.org/x')}`);
    expect(await page.locator('input[name="next"]').getAttribute('value')).toBe('/tai-khoan');
    await context.close();
  });
});

describe.each([
  { js: false, label: 'without JavaScript' },
  { js: true, label: 'with JavaScript' },
])('a reporter of Cao Xá $label', ({ js }) => {
  it('signs in, sees their unit, is refused the users page, and signs out', async () => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));

    await page.goto(`${baseUrl}/tai-khoan`);
    await page.waitForURL((url) => url.pathname === '/dang-nhap');
    await submitSignIn(page, REPORTER, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/tai-khoan');

    const cookie = await sessionCookie(context);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const header = page.locator('header.site-header');
    expect(await header.getByText('Người báo cáo xã Cao Xá (mẫu)').isVisible()).toBe(true);
    expect(await header.getByTestId('current-unit').textContent()).toContain('Xã Cao Xá');
    expect(await page.getByTestId('account-current-unit').textContent()).toContain('Xã Cao Xá — Người nhập báo cáo');
    expect(await header.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);

    const refused = await page.goto(`${baseUrl}/quan-tri/nguoi-dung`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByRole('heading', { name: 'Không có quyền truy cập' }).isVisible()).toBe(true);
    expect(await page.getByText('Vai trò của bạn không được làm việc này').isVisible()).toBe(true);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain('@lamthao.demo');
    expect(text).not.toContain('Tiên Kiên');

    await page.goto(`${baseUrl}/tai-khoan`);
    await header.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await header.getByRole('link', { name: 'Đăng nhập' }).waitFor();
    expect(await header.getByText('Người báo cáo xã Cao Xá (mẫu)').count()).toBe(0);
    expect(await sessionCookie(context)).toBeUndefined();

    // The session is over at the API too, not only forgotten by the browser.
    const reuse = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: `${cookie?.name}=${cookie?.value}` } });
    expect(reuse.status).toBe(401);

    await page.goto(`${baseUrl}/tai-khoan`);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});

describe('a wrong password', () => {
  it.each([{ js: false }, { js: true }])('is explained beside the password field (JavaScript: $js)', async ({ js }) => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/dang-nhap`);
    await submitSignIn(page, REPORTER, 'not-the-password');

    const error = page.locator('#password-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Email hoặc mật khẩu không đúng');
    const password = page.getByLabel('Mật khẩu', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toBe('password-error');
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(REPORTER);
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(await sessionCookie(context)).toBeUndefined();
    await context.close();
  });
});

describe('the coordinator of Lâm Thao', () => {
  it('lists the users below it, invites a reporter, and the invited person gets in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await signIn(page, COORDINATOR);

    await page.locator('header.site-header').getByRole('link', { name: 'Người dùng' }).click();
    await page.waitForURL((url) => url.pathname === '/quan-tri/nguoi-dung');
    const reporterRow = page.getByTestId('users').getByRole('row').filter({ hasText: REPORTER });
    expect(await reporterRow.count()).toBe(1);
    expect(await reporterRow.textContent()).toContain('Xã Cao Xá');
    expect(await reporterRow.textContent()).toContain('Người nhập báo cáo');
    // Above the coordinator's reach: the province's administrator is not listed.
    expect(await page.getByTestId('users').getByText('quantri@phutho.demo').count()).toBe(0);
    // Roles it may grant: not the province administrator's.
    const roleOptions = await page.getByLabel('Vai trò', { exact: true }).locator('option').allTextContents();
    expect(roleOptions).toContain('Người nhập báo cáo');
    expect(roleOptions).not.toContain('Quản trị tỉnh');

    const invitee = `moi.${Date.now()}@lamthao.demo`;
    await page.getByLabel('Email người được mời').fill(invitee);
    await page.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Người nhập báo cáo' });
    await page.getByLabel('Đơn vị', { exact: true }).selectOption({ label: '— Xã Cao Xá (đến 30/06/2025)' });
    await page.getByRole('button', { name: 'Tạo lời mời' }).click();
    const link = page.getByTestId('invitation-link');
    await link.waitFor();
    const href = (await link.textContent()) ?? '';
    expect(href).toMatch(new RegExp(`^${baseUrl.replace(/[.:/]/g, '\\$&')}/moi/[A-Za-z0-9_-]{20,}$`));
    expect(await page.getByTestId('invitation').textContent()).toContain(invitee);
    // Shown once: a fresh load of the page does not show it again.
    await page.reload();
    expect(await page.getByTestId('invitation-link').count()).toBe(0);
    expect(scriptErrors).toEqual([]);

    // The invited person, without JavaScript.
    const guest = await browser.newContext({ javaScriptEnabled: false });
    const invited = await guest.newPage();
    await invited.goto(href);
    await invited.getByLabel('Họ và tên').fill('Nguyễn Thị Mời');
    await invited.getByLabel('Mật khẩu', { exact: true }).fill('Cao-Xa-bao-cao-2026');
    await invited.getByLabel('Nhập lại mật khẩu').fill('Cao-Xa-bao-cao-2025');
    await invited.getByRole('button', { name: 'Tạo tài khoản' }).click();
    expect(await invited.locator('#passwordConfirm-error').textContent()).toContain('Hai mật khẩu không khớp');

    await invited.getByLabel('Mật khẩu', { exact: true }).fill('ngan');
    await invited.getByLabel('Nhập lại mật khẩu').fill('ngan');
    await invited.getByRole('button', { name: 'Tạo tài khoản' }).click();
    expect(await invited.locator('#password-error').textContent()).toContain('Mật khẩu cần ít nhất 10 ký tự');
    expect(await invited.getByLabel('Họ và tên').inputValue()).toBe('Nguyễn Thị Mời');

    await invited.getByLabel('Mật khẩu', { exact: true }).fill('Cao-Xa-bao-cao-2026');
    await invited.getByLabel('Nhập lại mật khẩu').fill('Cao-Xa-bao-cao-2026');
    await invited.getByRole('button', { name: 'Tạo tài khoản' }).click();
    expect(await invited.getByTestId('accepted').textContent()).toContain(invitee);
    await invited.locator('main').getByRole('link', { name: 'Đăng nhập' }).click();
    expect(await invited.getByLabel('Email', { exact: true }).inputValue()).toBe(invitee);
    await invited.getByLabel('Mật khẩu', { exact: true }).fill('Cao-Xa-bao-cao-2026');
    await invited.getByRole('button', { name: 'Đăng nhập' }).click();
    await invited.waitForURL((url) => url.pathname === '/tai-khoan');
    expect(await invited.getByTestId('current-unit').textContent()).toContain('Xã Cao Xá');
    await guest.close();

    // Back with the coordinator: the new reporter is listed.
    await page.reload();
    expect(await page.getByTestId('users').getByText(invitee).count()).toBe(1);
    await context.close();
  });
});

// The province administrator's two-factor set-up and sign-in with a code: two-factor.test.ts (the
// server and its database are shared by all the files; only that one changes the administrator).
describe('the audit trail', () => {
  it('is the province administrator’s only: a reporter gets a refusal', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, REPORTER);
    const refused = await page.goto(`${baseUrl}/quan-tri/nhat-ky`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByTestId('audit-events').count()).toBe(0);
    await context.close();
  });
});
