// The portal's security headers in Chromium (issue 9): every page carries a Content-Security-Policy
// (svelte.config.js, kit.csp, hashes of SvelteKit's inline start-up script), no framing, no
// sniffing, a referrer policy and a permissions policy; and the pages still work under it, with
// JavaScript: the public site (progress bars drawn with style attributes), signing in, the plan
// editor saving a draft, a report's form saving itself in the background. Any CSP violation
// (a `securitypolicyviolation` event or Chromium's "Refused to …" console message) fails the test.
//
// The server and database are shared with the other e2e files (global-setup.ts): this file
// publishes nothing of its own (public-privacy.test.ts crawls everything public): it reads the
// published story (public-story.ts), edits a 2026 draft of its own, and keeps a draft report of
// the story plan for Phùng Nguyên, a commune no other file reports for.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { DEMO_PASSWORD, demoSession } from './demo-session.ts';
import { COORDINATOR, PERIOD, storyApi } from './public-story.ts';

const baseUrl = inject('portalUrl');
const story = storyApi(baseUrl);
const COMMUNE = 'xa-phung-nguyen-2024';
const TITLE = `Kiểm thử chính sách bảo mật nội dung (CSP) năm 2026 (${Date.now()})`;

let browser: Browser;
/** The published story plan (public, with duty progress bars drawn with style="width: …"). */
let planId = '';
/** A draft of this file's own (never issued: drafts are not public), for the editor. */
let draftId = '';

beforeAll(async () => {
  browser = await launchChromium();
  planId = await story.ensureStory();
  draftId = (await story.createDraft(TITLE, 2026)).id;
});

afterAll(async () => {
  await browser?.close();
});

/** Every CSP violation a context's pages report, by event (page script) and console message. */
async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__cspViolation', (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`);
    });
  });
  context.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/i.test(text)) violations.push(`console: ${text}`);
  });
  return violations;
}

async function scriptErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

function directives(csp: string | null): Map<string, string[]> {
  expect(csp, 'content-security-policy header').toBeTruthy();
  return new Map(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('the headers', () => {
  it('a public page: the whole policy (no script at all: the public site ships none), no framing, no sniffing, referrer and permissions policies; the same HTML (and ETag) twice, and a 304 repeats them', async () => {
    const first = await fetch(`${baseUrl}/`);
    expect(first.status).toBe(200);
    const csp = directives(first.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    const scriptSrc = csp.get('script-src')!;
    expect(scriptSrc).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(first.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
    // Plain http here: no HSTS (it is sent over https; the unit test covers that).
    expect(first.headers.get('strict-transport-security')).toBeNull();

    // Hashes, not nonces: the page is byte for byte the same, so its ETag keeps meaning something.
    const html = await first.text();
    const second = await fetch(`${baseUrl}/`);
    expect(await second.text()).toBe(html);
    expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(second.headers.get('etag')).toBe(etag);
    const revalidated = await fetch(`${baseUrl}/`, { headers: { 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    expect(revalidated.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
    expect(revalidated.headers.get('x-frame-options')).toBe('DENY');
    expect(html).not.toContain('<script');
    console.log(`[issue 9] portal CSP on /: ${csp.size} directives, no script allowed beyond 'self', identical HTML and ETag on two reads, 304 repeats the headers`);
  });

  it('a page with JavaScript: script-src allows exactly the sha256 of each inline script, no unsafe-inline or eval, and the same policy on every request (hashes, not nonces)', async () => {
    const first = await fetch(`${baseUrl}/dang-nhap`);
    expect(first.status).toBe(200);
    const html = await first.text();
    const scriptSrc = directives(first.headers.get('content-security-policy')).get('script-src')!;
    expect(scriptSrc[0]).toBe("'self'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0);
    const hashes = inline.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`);
    expect(scriptSrc.slice(1).sort()).toEqual([...new Set(hashes)].sort());
    const second = await fetch(`${baseUrl}/dang-nhap`);
    expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    console.log(`[issue 9] portal CSP on /dang-nhap: ${inline.length} inline script(s), each allowed by its sha256 and nothing else inline`);
  });

  it('a staff page and the sign-in page carry them too, and pages refuse to be framed', async () => {
    const cookie = await demoSession(baseUrl).apiCookie(COORDINATOR);
    for (const [path, headers] of [
      ['/dang-nhap', {}],
      ['/tai-khoan', { cookie }],
      [`/ke-hoach/${draftId}/sua`, { cookie }],
    ] as const) {
      const response = await fetch(`${baseUrl}${path}`, { headers, redirect: 'manual' });
      expect(response.status, path).toBe(200);
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('script-src')?.[0], path).toBe("'self'");
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('permissions-policy'), path).toBe('camera=(), microphone=(), geolocation=()');
      // A page seen signed in names its reader: never for shared caches.
      if ('cookie' in headers) expect(response.headers.get('cache-control'), path).toBe('private, no-store');
    }
    // A page of another site that frames the portal gets nothing drawn.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('http://framer.test/', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe id="f" src="${baseUrl}/dang-nhap"></iframe>` }),
    );
    await page.goto('http://framer.test/');
    await page.waitForTimeout(1_000);
    const framed = page.frames().find((f) => f.url().startsWith(baseUrl));
    const drawn = framed ? await framed.locator('form').count().catch(() => 0) : 0;
    expect(drawn).toBe(0);
    await context.close();
  });
});

describe('pages work under the policy, with JavaScript, and nothing is refused', () => {
  it('the public site: home, a district, an issued plan with its progress bars, in English', async () => {
    const context = await browser.newContext();
    const violations = await watchCsp(context);
    const page = await context.newPage();
    const errors = await scriptErrors(page);
    for (const path of ['/', '/cong-khai/huyen-lam-thao', `/cong-khai/ke-hoach/${planId}`, `/cong-khai/ke-hoach/${planId}?lang=en`]) {
      const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
      expect(response?.status(), path).toBe(200);
    }
    // Style attributes are allowed: app.html's wrapper and the progress bars keep their look.
    expect(await page.evaluate(() => getComputedStyle(document.body.firstElementChild!).display)).toBe('contents');
    const bars = page.locator('.meter > span');
    expect(await bars.count()).toBeGreaterThan(0);
    expect(await bars.first().getAttribute('style')).toMatch(/width:\s*\d/);
    // The stylesheet loaded (not refused): the bar's track has a height.
    expect(await page.locator('.meter').first().evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(0);
    // The language switch (back to Vietnamese) still leads somewhere.
    await page.getByTestId('lang-switch').click();
    await page.waitForURL((url) => url.pathname === `/cong-khai/ke-hoach/${planId}` && !url.searchParams.has('lang'));
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signing in, the plan editor and a report form that saves itself, for the coordinator', async () => {
    // A draft report (never submitted: only approved figures are public).
    const report = await story.openReport(COMMUNE, planId, PERIOD);

    const context = await browser.newContext();
    const violations = await watchCsp(context);
    const page = await context.newPage();
    const errors = await scriptErrors(page);
    // Signing in with JavaScript (the form is filled once the page is hydrated).
    await page.goto(`${baseUrl}/dang-nhap`, { waitUntil: 'networkidle' });
    await page.getByLabel('Email', { exact: true }).fill(COORDINATOR);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => url.pathname === '/tai-khoan');

    await page.goto(`${baseUrl}/ke-hoach/${draftId}/sua`, { waitUntil: 'networkidle' });
    const title = `${TITLE} — đã sửa`;
    await page.getByLabel('Tên kế hoạch (trích yếu)', { exact: true }).fill(title);
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).first().click();
    await page.getByTestId('saved').waitFor();
    expect((await story.ok<{ plan: { title: string; version: number } }>(story.call('GET', `/api/v1/plans/${draftId}`, COORDINATOR))).plan).toMatchObject({ title, version: 2 });

    await page.goto(`${baseUrl}/bao-cao/${report.report.id}`, { waitUntil: 'networkidle' });
    await page.locator('[name="v|OP-ARTICLES|total"]').fill('3');
    await page.getByTestId('save-status').filter({ hasText: /Đã lưu lúc \d\d:\d\d/ }).waitFor({ timeout: 15_000 });
    const saved = await story.ok<{ report: { version: number }; values: { indicator: string; category: string; value: number | null }[] }>(
      story.call('GET', `/api/v1/reports/${report.report.id}`, COORDINATOR),
    );
    expect(saved.report.version).toBe(report.report.version + 1);
    expect(saved.values.find((v) => v.indicator === 'OP-ARTICLES' && v.category === 'total')?.value).toBe(3);

    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the sign-in page with JavaScript: a wrong password is answered in place, without a violation', async () => {
    const context = await browser.newContext();
    const violations = await watchCsp(context);
    const page = await context.newPage();
    const errors = await scriptErrors(page);
    await page.goto(`${baseUrl}/dang-nhap`, { waitUntil: 'networkidle' });
    await page.getByLabel('Email', { exact: true }).fill(COORDINATOR);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Email hoặc mật khẩu không đúng').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
