// Signing in as a demo account, for the browser tests: a session cookie for direct API calls,
// and a page of a fresh browser context signed in through the portal's form.
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Plan } from '@binh-dang/domain';

export const DEMO_PASSWORD = 'BinhDang-demo-2024';
const JSON_TYPE = { 'content-type': 'application/json' };

export function demoSession(baseUrl: string) {
  const cookies = new Map<string, string>();
  const session = {
    /** A session cookie of `email` for calls to the API (one sign-in per e-mail). */
    async apiCookie(email: string): Promise<string> {
      const known = cookies.get(email);
      if (known) return known;
      const response = await fetch(`${baseUrl}/api/v1/session`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      expect(response.status).toBe(200);
      const cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      cookies.set(email, cookie);
      return cookie;
    },

    /** A plan as its district reads it (drafts are not public: read as Lâm Thao's coordinator). */
    async getPlan(id: string): Promise<Plan> {
      const response = await fetch(`${baseUrl}/api/v1/plans/${id}`, { headers: { cookie: await session.apiCookie('dieuphoi@lamthao.demo') } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { plan: Plan }).plan;
    },

    /** A page of a new browser context, signed in as `email` through /dang-nhap. */
    async signedIn(browser: Browser, email: string, javaScriptEnabled: boolean): Promise<Page> {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      // With JavaScript, the form is filled once the page is hydrated (a click before that can be lost).
      await page.goto(`${baseUrl}/dang-nhap`, { waitUntil: javaScriptEnabled ? 'networkidle' : 'load' });
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL((url) => url.pathname === '/tai-khoan');
      return page;
    },
  };
  return session;
}
