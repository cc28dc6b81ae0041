// Accessibility and weight of the public site, in Chromium: axe-core (injected from node_modules)
// finds no serious or critical violation of WCAG 2.1 A/AA on any page type (home, provinces,
// district, commune, plan, English, 404, a phone-sized screen); the keyboard reaches the skip link,
// the language switch and the units under a unit, and Enter follows a link; and the JavaScript a
// public page loads stays within 50 KB gzip (it loads none).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { DISTRICT, OLD_PROVINCE, PERIOD, storyApi } from './public-story.ts';

const baseUrl = inject('portalUrl');
const story = storyApi(baseUrl);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const JS_BUDGET_GZIP = 50 * 1024;

let browser: Browser;
let pages: { name: string; path: string; status: number }[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const planId = await story.ensureStory();
  pages = [
    { name: 'home', path: '/', status: 200 },
    { name: 'old province', path: `/cong-khai/${OLD_PROVINCE}`, status: 200 },
    { name: 'merged province', path: '/cong-khai/tinh-phu-tho-2025', status: 200 },
    { name: 'district', path: `/cong-khai/${DISTRICT}?period=${PERIOD}`, status: 200 },
    { name: 'commune', path: `/cong-khai/xa-ban-nguyen-2024?period=${PERIOD}`, status: 200 },
    { name: 'commune, a period it did not exist in', path: '/cong-khai/xa-ban-nguyen-2025?period=2024', status: 200 },
    { name: 'plan', path: `/cong-khai/ke-hoach/${planId}`, status: 200 },
    { name: 'home in English', path: '/?lang=en', status: 200 },
    { name: 'district in English', path: `/cong-khai/${DISTRICT}?period=${PERIOD}&lang=en`, status: 200 },
    { name: 'plan in English', path: `/cong-khai/ke-hoach/${planId}?lang=en`, status: 200 },
    { name: 'not found', path: '/cong-khai/khong-co-don-vi-nay', status: 404 },
    { name: 'not found in English', path: '/cong-khai/ke-hoach/khong-co?lang=en', status: 404 },
  ];
});

afterAll(async () => {
  await browser?.close();
});

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
  passes: unknown[];
}

async function axe(page: Page): Promise<AxeResult> {
  // Evaluated, not added as an inline <script>: the portal's CSP (script-src 'self' + hashes) refuses those.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    () =>
      (window as unknown as { axe: { run(ctx: Document, options: unknown): Promise<AxeResult> } }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        resultTypes: ['violations'],
      }) as Promise<AxeResult>,
  );
}

const serious = (r: AxeResult) =>
  r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('finds no serious or critical violation on any public page type, on a desktop and on a phone', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      for (const p of pages) {
        const response = await page.goto(`${baseUrl}${p.path}`);
        expect(response?.status(), p.path).toBe(p.status);
        const result = await axe(page);
        expect(serious(result), `${p.name} at ${viewport.width}px`).toEqual([]);
        // Every page has one h1, a main landmark, a language, a title.
        expect(await page.locator('h1').count(), p.name).toBe(1);
        expect(await page.locator('main#noi-dung').count(), p.name).toBe(1);
        expect(await page.locator('html').getAttribute('lang'), p.name).toBe(p.path.includes('lang=en') ? 'en' : 'vi');
        expect((await page.title()).length, p.name).toBeGreaterThan(5);
      }
      await context.close();
    }
  });

  it('gives every chart a text alternative and its figures as a table', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/cong-khai/${DISTRICT}?period=${PERIOD}`);
    const charts = page.getByTestId('public-chart');
    expect(await charts.count()).toBeGreaterThan(0);
    for (const chart of await charts.all()) {
      const svg = chart.locator('svg');
      expect(await svg.getAttribute('role')).toBe('img');
      const [titleId, descId] = (await svg.getAttribute('aria-labelledby'))!.split(' ');
      expect(await page.locator(`[id="${titleId}"]`).textContent()).toContain('Biểu đồ cột ngang');
      expect((await page.locator(`[id="${descId}"]`).textContent())!.length).toBeGreaterThan(20);
      const rows = chart.locator('table tbody tr');
      expect(await rows.count()).toBeGreaterThan(1);
      expect(await chart.locator('table th[scope="col"]').count()).toBe(2);
    }
    await page.context().close();
  });
});

describe('keyboard', () => {
  it('reaches the skip link, the language switch and a unit under this one from the top, and Enter follows the link', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/cong-khai/${DISTRICT}`);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const style = el ? getComputedStyle(el) : null;
        return {
          text: el?.textContent?.trim() ?? '',
          testid: el?.getAttribute('data-testid') ?? null,
          inChildren: !!el?.closest('[data-testid="children"]'),
          href: el instanceof HTMLAnchorElement ? el.href : null,
          outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
          visible: !!el && el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().height > 0,
        };
      });

    await page.keyboard.press('Tab');
    const skip = await focused();
    expect(skip.text).toBe('Bỏ qua, đến nội dung chính');
    expect(skip.visible).toBe(true);
    expect(skip.outline).not.toMatch(/^none/);

    let sawSwitch = false;
    let child: Awaited<ReturnType<typeof focused>> | null = null;
    for (let i = 0; i < 60 && !child; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      expect(f.outline, `focus visible on “${f.text}”`).not.toMatch(/^none/);
      if (f.testid === 'lang-switch') sawSwitch = true;
      if (f.inChildren) child = f;
    }
    expect(sawSwitch).toBe(true);
    expect(child).not.toBeNull();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === new URL(child!.href!).pathname);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(child!.text);

    // The skip link takes the keyboard past the header: the next Tab lands in the main content.
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    await page.context().close();
  });
});

describe('weight', () => {
  it('loads at most 50 KB of JavaScript (gzip) on every public page type — in fact none', async () => {
    const report: string[] = [];
    for (const p of pages) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const scripts: { url: string; gzip: number }[] = [];
      page.on('response', async (response) => {
        if (response.request().resourceType() !== 'script') return;
        const body = await response.body().catch(() => Buffer.alloc(0));
        scripts.push({ url: response.url(), gzip: gzipSync(body).length });
      });
      await page.goto(`${baseUrl}${p.path}`, { waitUntil: 'networkidle' });
      const total = scripts.reduce((n, s) => n + s.gzip, 0);
      const inline = await page.evaluate(() => [...document.scripts].map((s) => s.textContent ?? '').join(''));
      const all = total + (inline ? gzipSync(inline).length : 0);
      report.push(`${p.name}: ${scripts.length} scripts, ${all} bytes gzip`);
      expect(all, `${p.name}: ${scripts.map((s) => s.url).join(', ')}`).toBeLessThanOrEqual(JS_BUDGET_GZIP);
      expect(await page.locator('script').count(), p.name).toBe(0);
      await context.close();
    }
    console.log(`JavaScript on the public pages:\n  ${report.join('\n  ')}`);
  });
});
