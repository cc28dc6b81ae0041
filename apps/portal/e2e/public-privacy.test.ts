// Privacy proof of the public site: canary values go into every kind of confidential or draft
// field — a draft plan's title, a report's narratives (a victim's name and a phone number), a
// duty's progress note, numbers of a report that is submitted but not approved and of one still in
// draft — and the demo users (e-mails, names) are people; then every page reachable from the home
// page by links within the public site, and every file they link (CSV, JSON, .docx), is read the
// way an anonymous visitor reads it, and none may hold a canary.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { COORDINATOR, PERIOD, storyApi } from './public-story.ts';

const baseUrl = inject('portalUrl');
const story = storyApi(baseUrl);

const TAG = `CANARY${Date.now().toString(36).toUpperCase()}`;
const CANARY = {
  draftTitle: `Dự thảo mật ${TAG}-DRAFT`,
  narrative: `Nạn nhân Nguyễn Thị ${TAG}-VICTIM, điện thoại 0912345678, bị chồng đánh`,
  phone: '0912345678',
  dutyNote: `Ghi chú nội bộ ${TAG}-NOTE`,
  submittedValue: 987654,
  draftValue: 876543,
};
/** The demo accounts (apps/api/src/auth/demo-accounts.ts): people, never public. */
const PEOPLE = [
  'quantri@phutho.demo',
  'dieuphoi@lamthao.demo',
  'pheduyet@lamthao.demo',
  'baocao.caoxa@lamthao.demo',
  'baocao.tienkien@lamthao.demo',
  'vuviec.caoxa@lamthao.demo',
  'xem@phutho.demo',
  'Quản trị tỉnh (mẫu)',
  'Phòng LĐTB&XH Lâm Thao (mẫu)',
  'Lãnh đạo UBND huyện (mẫu)',
  'Người báo cáo xã Cao Xá (mẫu)',
  'Người báo cáo xã Tiên Kiên (mẫu)',
  'Cán bộ vụ việc xã Cao Xá (mẫu)',
  'Người xem (mẫu)',
];

/** Every way a canary could be written on a page or in a file. */
function needles(): string[] {
  const numbers = [CANARY.submittedValue, CANARY.draftValue].flatMap((n) => [String(n), n.toLocaleString('vi-VN'), n.toLocaleString('en-GB'), `${String(n).slice(0, 3)}.${String(n).slice(3)}`]);
  return [TAG, CANARY.phone, ...numbers, ...PEOPLE, '@lamthao.demo', '@phutho.demo'];
}

beforeAll(async () => {
  const planId = await story.ensureStory();
  // A draft plan whose title is a canary.
  await story.createDraft(CANARY.draftTitle, 2026);
  // An approved report whose narratives name a victim and a phone number.
  const approved = await story.openReport('xa-xuan-huy-2024', planId);
  if (approved.report.status !== 'approved') {
    const version = await story.submit(approved.report.id, await story.save(approved, [{ indicator: 'OP-ARTICLES', category: 'total', value: 3 }], CANARY.narrative));
    await story.approve(approved.report.id, version);
  }
  // A submitted report, not approved: its numbers are not public yet.
  const submitted = await story.openReport('xa-thach-son-2024', planId);
  if (submitted.report.status === 'draft') {
    const values = [
      { indicator: 'OP-ARTICLES', category: 'total', value: CANARY.submittedValue },
      { indicator: 'OP-GBV-VICTIMS-DETECTED', category: 'total', value: CANARY.submittedValue },
      { indicator: 'OP-GBV-VICTIMS-DETECTED', category: 'female', value: CANARY.submittedValue },
      { indicator: 'OP-GBV-VICTIMS-DETECTED', category: 'male', value: 0 },
    ];
    await story.submit(submitted.report.id, await story.save(submitted, values, CANARY.narrative));
  }
  // A report still in draft.
  const draft = await story.openReport('xa-xuan-lung-2024', planId);
  if (draft.report.status === 'draft') await story.save(draft, [{ indicator: 'OP-TRAINING-CLASSES', category: 'total', value: CANARY.draftValue }], CANARY.narrative);
  // A duty's progress note (the duties of the story plan, as its coordinator follows them).
  const { items } = await story.ok<{ items: { id: string; version: number }[] }>(story.call('GET', `/api/v1/plans/${planId}/duties`, COORDINATOR));
  expect(items.length).toBeGreaterThan(0);
  await story.ok(story.call('PATCH', `/api/v1/duties/${items[0]!.id}`, COORDINATOR, { version: items[0]!.version, status: 'in_progress', note: CANARY.dutyNote }));

  // The canaries are really stored: staff read every one of them (else the crawl proves nothing).
  const staffRead = async (path: string) => (await story.call('GET', path, COORDINATOR)).text();
  expect(await staffRead(`/api/v1/reports/${approved.report.id}`)).toContain(`${TAG}-VICTIM`);
  expect(await staffRead(`/api/v1/reports/${submitted.report.id}`)).toContain(String(CANARY.submittedValue));
  expect(await staffRead(`/api/v1/reports/${draft.report.id}`)).toContain(String(CANARY.draftValue));
  expect(await staffRead(`/api/v1/duties/${items[0]!.id}`)).toContain(`${TAG}-NOTE`);
  expect(await staffRead('/api/v1/plans?unit=huyen-lam-thao')).toContain(`${TAG}-DRAFT`);
});

/** Where the crawl may go: the public pages, and the public API's files they link. */
function inScope(url: URL): boolean {
  if (url.origin !== new URL(baseUrl).origin) return false;
  const p = url.pathname;
  return p === '/' || p.startsWith('/cong-khai') || p.startsWith('/api/v1/public/') || p === '/api/v1/indicators';
}

function linksOf(html: string, base: string): URL[] {
  const out: URL[] = [];
  for (const m of html.matchAll(/\shref="([^"]+)"/g)) {
    const raw = m[1]!.replace(/&amp;/g, '&');
    if (raw.startsWith('#') || raw.startsWith('mailto:')) continue;
    const url = new URL(raw, base);
    url.hash = '';
    out.push(url);
  }
  return out;
}

/** The text of an answer as a reader gets it; a .docx is unzipped to its XML parts. */
async function textOf(response: Response): Promise<string> {
  const type = response.headers.get('content-type') ?? '';
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (type.includes('wordprocessingml')) {
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toContain('word/document.xml');
    return Object.entries(files)
      .filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'))
      .map(([, data]) => strFromU8(data))
      .join('\n');
  }
  return new TextDecoder().decode(bytes);
}

describe('privacy: canaries never reach the public site', () => {
  it('crawls every public page and file linked from the home page, and finds none', async () => {
    // The whole public site is ≈ 550 addresses today (it grows with every period and plan published by
    // the browser tests); the limit only stops a runaway crawl (a link loop), with room to grow.
    const LIMIT = 2000;
    const queue: URL[] = [new URL('/', baseUrl)];
    const seen = new Set<string>(queue.map((u) => u.href));
    const kinds = { page: 0, csv: 0, json: 0, docx: 0 };
    const found: string[] = [];
    let fetched = 0;
    while (queue.length && fetched < LIMIT) {
      const url = queue.shift()!;
      const response = await fetch(url, { redirect: 'follow' });
      fetched++;
      expect(response.status, url.href).toBeLessThan(400);
      const type = response.headers.get('content-type') ?? '';
      const text = await textOf(response);
      if (type.includes('text/html')) kinds.page++;
      else if (type.includes('text/csv')) kinds.csv++;
      else if (type.includes('json')) kinds.json++;
      else if (type.includes('wordprocessingml')) kinds.docx++;
      for (const needle of needles()) if (text.includes(needle)) found.push(`${needle} in ${url.pathname}${url.search}`);
      if (!type.includes('text/html')) continue;
      for (const link of linksOf(text, url.href)) {
        if (!inScope(link) || seen.has(link.href)) continue;
        seen.add(link.href);
        queue.push(link);
      }
    }
    console.log(`Crawled ${fetched} addresses: ${kinds.page} pages, ${kinds.csv} CSV, ${kinds.json} JSON, ${kinds.docx} .docx`);
    expect(found).toEqual([]);
    // The crawl went everywhere it should: pages in both languages, and every kind of file.
    expect(kinds.page).toBeGreaterThan(40);
    expect(kinds.csv).toBeGreaterThan(5);
    expect(kinds.json).toBeGreaterThan(5);
    expect(kinds.docx).toBeGreaterThan(0);
    expect([...seen].some((u) => u.includes('lang=en'))).toBe(true);
    expect([...seen].some((u) => u.includes(`period=${PERIOD}`))).toBe(true);
    expect(fetched, 'the crawl hit its limit before seeing everything').toBeLessThan(LIMIT);
  });

  it('does not publish the unapproved figures even where the approved ones are', async () => {
    const districtCsv = await (await fetch(`${baseUrl}/api/v1/public/units/huyen-lam-thao/results.csv?period=${PERIOD}`)).text();
    expect(districtCsv).toContain('xa-xuan-huy-2024');
    const thachSon = districtCsv.split('\r\n').filter((l) => l.includes(',xa-thach-son-2024,'));
    expect(thachSon.length).toBeGreaterThan(0);
    for (const row of thachSon) expect(row).toMatch(/,not_reported,/);
    const page = await (await fetch(`${baseUrl}/cong-khai/xa-thach-son-2024?period=${PERIOD}`)).text();
    for (const needle of needles()) expect(page).not.toContain(needle);
  });
});
