// Importing a plan and following its duties in the browser: the coordinator imports the demo
// plan's .docx through /ke-hoach/nhap and creates a draft without filling anything, the approver
// issues it (through the API, to stay independent of the issue page), the Cao Xá reporter reports
// progress on "Việc của tôi" without JavaScript, a report made on a stale version is caught, the
// Tiên Kiên reporter sees none of Cao Xá's notes, and the coordinator follows the plan's duties.
// Then the import's errors: an empty paste, a file that is not a .docx, and a pasted plan missing
// its header, completed on the review page.
//
// The server and database are shared with the other e2e files (global-setup.ts), which find the
// demo plan on the home page by "Lâm Thao năm 2024" and may issue plans of their own: the plan
// imported here gets a title of its own at once, and every check looks at this plan's duties only.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { demoSession } from './demo-session.ts';

const baseUrl = inject('portalUrl');
const COORDINATOR = 'dieuphoi@lamthao.demo';
const APPROVER = 'pheduyet@lamthao.demo';
const CAO_XA = 'baocao.caoxa@lamthao.demo';
const TIEN_KIEN = 'baocao.tienkien@lamthao.demo';
const DEMO_PLAN = 'ke-hoach-bdg-lam-thao-2024';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const JSON_TYPE = { 'content-type': 'application/json' };
const COMMUNE_DUTY = 'Căn cứ kế hoạch của huyện, xây dựng và tổ chức thực hiện kế hoạch công tác bình đẳng giới';

let browser: Browser;
const { apiCookie, getPlan, signedIn: signedInWith } = demoSession(baseUrl);
const signedIn = (email: string, javaScriptEnabled: boolean) => signedInWith(browser, email, javaScriptEnabled);

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});



/** Goes to `path` and waits until the page is hydrated when JavaScript runs. */
async function open(page: Page, path: string) {
  return page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
}

describe('a plan imported from .docx, issued, and followed', () => {
  let planId = '';
  let dutyId = '';
  const number = String(100_000 + (Date.now() % 900_000));
  const title = `Thử nghiệm nhập kế hoạch từ .docx (${Date.now()})`;

  it('is imported by the coordinator from the demo plan’s .docx without filling anything', async () => {
    // The demo plan is a draft: its .docx is read by a member of its district.
    const download = await fetch(`${baseUrl}/api/v1/plans/${DEMO_PLAN}/docx`, { headers: { cookie: await apiCookie(COORDINATOR) } });
    expect(download.status).toBe(200);
    const docx = Buffer.from(await download.arrayBuffer());

    const page = await signedIn(COORDINATOR, true);
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await open(page, '/ke-hoach/nhap');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nhập kế hoạch có sẵn');
    expect(await page.getByLabel('Chọn tệp Word (.docx)').getAttribute('accept')).toContain('.docx');
    await page.getByLabel('Chọn tệp Word (.docx)').setInputFiles({ name: 'ke-hoach-lam-thao-2024.docx', mimeType: DOCX_TYPE, buffer: docx });
    await page.getByRole('button', { name: 'Đọc nội dung' }).click();

    await page.getByTestId('import-review').waitFor();
    expect(await page.getByTestId('import-ready').isVisible()).toBe(true);
    expect(await page.getByTestId('import-title').textContent()).toBe('Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Lâm Thao năm 2024');
    const summary = (await page.getByTestId('import-summary').textContent()) ?? '';
    expect(summary).toContain('2 căn cứ');
    expect(summary).toContain('8 phần phân công, 17 nhiệm vụ');
    // The units are read from the headings: "UBND các xã, thị trấn" is each of the 12 communes.
    const communes = page.getByTestId('import-assignment').filter({ hasText: 'UBND các xã, thị trấn' });
    expect(await communes.locator('summary').textContent()).toContain('12 đơn vị');
    expect(await page.getByText('Chưa chọn đơn vị').count()).toBe(0);

    await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await page.waitForURL((url) => /^\/ke-hoach\/[^/]+$/.test(url.pathname) && url.pathname !== '/ke-hoach/nhap');
    planId = new URL(page.url()).pathname.split('/')[2]!;
    expect(await page.getByText('Dự thảo — chưa ban hành').isVisible()).toBe(true);
    expect(scriptErrors).toEqual([]);
    await page.context().close();

    const plan = await getPlan(planId);
    expect(plan.status).toBe('draft');
    expect(plan.implementation.assignments.at(-1)?.units.map((u) => u.orgUnitId)).toContain('xa-cao-xa-2024');
    // A title of its own, so that the demo plan stays the only "… Lâm Thao năm 2024" on the home page.
    const { header, documentType, legalBases, preambleClosing, purposes, tasks, implementation, closing, reportDeadline, reportToUnitId, recipients, signature } = plan;
    const content = { header, documentType, title, legalBases, preambleClosing, purposes, tasks, implementation, closing, reportDeadline, reportToUnitId, recipients, signature };
    const renamed = await fetch(`${baseUrl}/api/v1/plans/${planId}`, {
      method: 'PUT',
      headers: { ...JSON_TYPE, cookie: await apiCookie(COORDINATOR) },
      body: JSON.stringify({ version: plan.version, content }),
    });
    expect(renamed.status).toBe(200);
  });

  it('is issued by the approver', async () => {
    const plan = await getPlan(planId);
    const response = await fetch(`${baseUrl}/api/v1/plans/${planId}/issue`, {
      method: 'POST',
      headers: { ...JSON_TYPE, cookie: await apiCookie(APPROVER) },
      body: JSON.stringify({ version: plan.version, number, date: '2024-04-20' }),
    });
    expect(response.status).toBe(200);
  });

  it('gives the Cao Xá reporter exactly the communes’ duty, reported on without JavaScript', async () => {
    const page = await signedIn(CAO_XA, false);
    await open(page, '/viec-cua-toi');
    expect(await page.getByRole('heading', { name: 'Việc của tôi', level: 1 }).isVisible()).toBe(true);
    const group = page.locator(`[data-plan-id="${planId}"]`);
    expect(await group.getByRole('heading', { level: 2 }).textContent()).toContain(`Kế hoạch số ${number}`);
    const duties = group.getByTestId('duty');
    expect(await duties.count()).toBe(1);
    const duty = duties.first();
    expect(await duty.textContent()).toContain(COMMUNE_DUTY);
    expect(await duty.textContent()).toContain('Chủ trì');
    expect(await duty.textContent()).toContain('15/11/2024');
    // Long past its due date: overdue, said in words.
    expect(await duty.getByTestId('duty-state').textContent()).toContain('Quá hạn');
    dutyId = (await duty.getAttribute('data-duty-id')) ?? '';
    expect(dutyId).toMatch(/--xa-cao-xa-2024$/);

    await duty.getByLabel('Trạng thái', { exact: true }).selectOption({ label: 'Đang thực hiện' });
    await duty.getByLabel('Ghi chú tiến độ').fill('Đã xây dựng dự thảo kế hoạch của xã, chờ UBND xã phê duyệt.');
    await duty.getByRole('button', { name: 'Cập nhật' }).click();
    await page.waitForLoadState('load');
    const updated = page.locator(`[data-duty-id="${dutyId}"]`);
    expect(await updated.getByTestId('duty-saved').textContent()).toContain('Đang thực hiện');
    expect((await updated.getByTestId('duty-state').textContent())?.replace(/\s+/g, ' ')).toBe('⚠ Quá hạn · đang thực hiện');

    await updated.getByRole('link', { name: /Lịch sử ghi chú/ }).click();
    await page.waitForURL((url) => url.pathname === `/viec-cua-toi/${dutyId}`);
    const notes = page.getByTestId('duty-note');
    expect(await notes.count()).toBe(1);
    expect(await notes.first().textContent()).toContain('Đã xây dựng dự thảo kế hoạch của xã, chờ UBND xã phê duyệt.');
    expect(await notes.first().textContent()).toContain('Đang thực hiện');
    expect(await notes.first().textContent()).toContain(CAO_XA);
    await page.context().close();
  });

  it('catches a report made on a stale version, keeps the typed note and sends it again', async () => {
    const stale = await signedIn(CAO_XA, true);
    const scriptErrors: string[] = [];
    stale.on('pageerror', (error) => scriptErrors.push(error.message));
    await open(stale, `/viec-cua-toi/${dutyId}`);

    // Meanwhile, someone else reports from another browser.
    const other = await signedIn(CAO_XA, false);
    await open(other, '/viec-cua-toi');
    const otherDuty = other.locator(`[data-duty-id="${dutyId}"]`);
    await otherDuty.getByLabel('Ghi chú tiến độ').fill('Đã gửi dự thảo xin ý kiến các đoàn thể.');
    await otherDuty.getByRole('button', { name: 'Cập nhật' }).click();
    await other.waitForLoadState('load');
    expect(await other.locator(`[data-duty-id="${dutyId}"]`).getByTestId('duty-saved').isVisible()).toBe(true);
    await other.context().close();

    const note = 'Đã tổ chức hội nghị triển khai kế hoạch tại xã.';
    await stale.getByLabel('Ghi chú tiến độ').fill(note);
    await stale.getByRole('button', { name: 'Cập nhật' }).click();
    const conflict = stale.getByTestId('duty-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Người khác vừa cập nhật (trạng thái hiện tại: Đang thực hiện)');
    expect(await stale.getByLabel('Ghi chú tiến độ').inputValue()).toBe(note);

    await stale.getByRole('button', { name: 'Gửi lại' }).click();
    await stale.getByTestId('duty-saved').waitFor();
    expect(await stale.getByTestId('duty-conflict').count()).toBe(0);
    await stale.getByTestId('duty-note').filter({ hasText: note }).waitFor();
    expect(await stale.getByTestId('duty-note').count()).toBe(3);
    expect(scriptErrors).toEqual([]);
    await stale.context().close();
  });

  it('takes an evidence file checked by its content, and refuses a disguised one beside the field', async () => {
    const page = await signedIn(CAO_XA, false);
    await open(page, `/viec-cua-toi/${dutyId}`);
    const pdf = Buffer.from('%PDF-1.7\nBiên bản hội nghị\n%%EOF');
    await page.getByLabel(/Thêm tệp/).setInputFiles({ name: 'bien-ban-hoi-nghi.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu tệp' }).waitFor();
    const link = page.getByTestId('evidence').getByRole('link', { name: 'bien-ban-hoi-nghi.pdf' });
    const file = await page.request.get(new URL((await link.getAttribute('href'))!, baseUrl).href);
    expect(file.status()).toBe(200);
    expect((await file.body()).equals(pdf)).toBe(true);

    await page.getByLabel(/Thêm tệp/).setInputFiles({ name: 'khong-phai-pdf.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>x</html>') });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    const error = page.locator('#evidence-file-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Chỉ nhận PDF');
    expect(await page.getByTestId('evidence').getByRole('listitem').count()).toBe(1);
    await page.context().close();
  });

  it('shows the Tiên Kiên reporter its own duty and none of Cao Xá’s notes', async () => {
    const page = await signedIn(TIEN_KIEN, false);
    await open(page, '/viec-cua-toi');
    const duties = page.locator(`[data-plan-id="${planId}"]`).getByTestId('duty');
    expect(await duties.count()).toBe(1);
    expect(await duties.first().getAttribute('data-duty-id')).toMatch(/--xa-tien-kien-2024$/);
    expect(await duties.first().getByTestId('duty-state').textContent()).toContain('chưa bắt đầu');
    expect(await page.locator('main').textContent()).not.toContain('hội nghị triển khai');

    const refused = await open(page, `/viec-cua-toi/${dutyId}`);
    expect(refused?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toContain('Không tìm thấy nhiệm vụ này');
    expect(await page.locator('main').textContent()).not.toContain('hội nghị triển khai');
    // Nor the district's view of the whole plan.
    const above = await open(page, `/ke-hoach/${planId}/nhiem-vu`);
    expect(above?.status()).toBe(404);
    await page.context().close();
  });

  it('shows the coordinator the plan’s duties with 1 in progress, filtered by state', async () => {
    const response = await fetch(`${baseUrl}/api/v1/plans/${planId}/duties`, { headers: { cookie: await apiCookie(COORDINATOR) } });
    const total = ((await response.json()) as { items: unknown[] }).items.length;
    expect(total).toBe(35);

    const page = await signedIn(COORDINATOR, true);
    await open(page, `/ke-hoach/${planId}/nhiem-vu`);
    expect(await page.getByRole('heading', { name: 'Theo dõi nhiệm vụ', level: 1 }).isVisible()).toBe(true);
    expect(await page.getByTestId('duty-summary').textContent()).toBe(
      `${total} nhiệm vụ: 0 hoàn thành · 1 đang thực hiện · ${total - 1} chưa bắt đầu · ${total} quá hạn`,
    );
    expect(await page.getByTestId('count-dang-thuc-hien').textContent()).toBe('1');
    const communes = page.getByTestId('assignment-duties').filter({ hasText: 'UBND các xã, thị trấn' });
    expect(await communes.getByTestId('assignment-counts').textContent()).toBe('12 nhiệm vụ: 0 hoàn thành · 1 đang thực hiện · 11 chưa bắt đầu · 12 quá hạn');
    expect(await page.getByTestId('duty-row').count()).toBe(total);

    await page.getByLabel('Lọc theo trạng thái').selectOption({ label: 'Đang thực hiện' });
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL((url) => url.searchParams.get('trang-thai') === 'dang-thuc-hien');
    await page.getByText('Đang hiện 1 nhiệm vụ “Đang thực hiện”').waitFor();
    const rows = page.getByTestId('duty-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Xã Cao Xá');

    // The same filter without JavaScript, straight from the address.
    const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
    const noJs = await plain.newPage();
    await noJs.goto(`${baseUrl}/ke-hoach/${planId}/nhiem-vu?trang-thai=qua-han`);
    expect(await noJs.getByTestId('duty-row').count()).toBe(total);
    expect(await noJs.getByLabel('Lọc theo trạng thái').inputValue()).toBe('qua-han');
    await noJs.goto(`${baseUrl}/ke-hoach/${planId}/nhiem-vu?trang-thai=hoan-thanh`);
    expect(await noJs.getByTestId('duty-row').count()).toBe(0);
    expect(await noJs.getByText('Không có nhiệm vụ nào ở trạng thái này.').isVisible()).toBe(true);
    await plain.close();

    const missing = await open(page, '/ke-hoach/khong-co-ke-hoach-nay/nhiem-vu');
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không tìm thấy trang');
    await page.context().close();
  });
});

describe('the import’s errors', () => {
  it('an empty paste is explained beside the text box (without JavaScript)', async () => {
    const page = await signedIn(COORDINATOR, false);
    await open(page, '/ke-hoach/nhap');
    await page.getByRole('button', { name: 'Đọc nội dung' }).click();
    const error = page.locator('#import-text-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Vui lòng dán nội dung kế hoạch vào ô này, hoặc chọn một tệp .docx.');
    expect(await page.getByLabel('Dán nội dung kế hoạch').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Dán nội dung kế hoạch').getAttribute('aria-describedby')).toContain('import-text-error');
    await page.context().close();
  });

  it('a file that is not a .docx gets a Vietnamese explanation beside the file field', async () => {
    const page = await signedIn(COORDINATOR, true);
    await open(page, '/ke-hoach/nhap');
    await page.getByLabel('Chọn tệp Word (.docx)').setInputFiles({ name: 'ghi-chu.docx', mimeType: DOCX_TYPE, buffer: Buffer.from('Đây không phải tệp Word.') });
    await page.getByRole('button', { name: 'Đọc nội dung' }).click();
    const error = page.locator('#import-file-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Tệp không phải .docx hợp lệ.');
    expect(await page.getByLabel('Chọn tệp Word (.docx)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('import-review').count()).toBe(0);
    await page.context().close();
  });

  it('a file over 20 MB is refused in the browser before it is sent', async () => {
    const page = await signedIn(COORDINATOR, true);
    await open(page, '/ke-hoach/nhap');
    let posted = false;
    page.on('request', (request) => {
      if (request.method() === 'POST') posted = true;
    });
    const buffer = Buffer.alloc(21 * 1024 * 1024, 1);
    await page.getByLabel('Chọn tệp Word (.docx)').setInputFiles({ name: 'ke-hoach-co-anh.docx', mimeType: DOCX_TYPE, buffer });
    await page.getByRole('button', { name: 'Đọc nội dung' }).click();
    const error = page.locator('#import-file-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('vượt giới hạn 20 MB');
    expect(posted).toBe(false);
    await page.context().close();
  });

  it('a pasted plan without its header asks for what blocks saving, keeps what was typed, then saves', async () => {
    const title = `Thử nghiệm nhập văn bản dán vào năm 2024 (${Date.now()})`;
    const text = [
      'KẾ HOẠCH',
      title,
      'I. MỤC ĐÍCH, YÊU CẦU',
      '1. Nâng cao nhận thức về bình đẳng giới.',
      'II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU',
      '1. Tuyên truyền về bình đẳng giới.',
      'III. TỔ CHỨC THỰC HIỆN',
      '1. Phòng Nội vụ huyện',
      'Chủ trì tổng hợp kết quả thực hiện.',
      'Trên đây là Kế hoạch thử nghiệm./.',
    ].join('\n');
    const page = await signedIn(COORDINATOR, false);
    await open(page, '/ke-hoach/nhap');
    await page.getByLabel('Dán nội dung kế hoạch').fill(text);
    await page.getByRole('button', { name: 'Đọc nội dung' }).click();
    await page.getByTestId('import-review').waitFor();
    expect(await page.getByTestId('import-blocking').isVisible()).toBe(true);
    const flags = (await page.getByTestId('import-flags').textContent()) ?? '';
    expect(flags).toContain('Thiếu tên cơ quan ban hành');
    expect(flags).toContain('Thiếu phần chữ ký');
    expect(await page.locator('#f-header-issuingBody-error').textContent()).toContain('Chưa có cơ quan ban hành');
    expect(await page.getByLabel('Họ và tên người ký', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByTestId('import-assignment').locator('summary').textContent()).toContain('Phòng Nội vụ huyện Lâm Thao');

    // Only part of it: what is still missing is said beside its field, what was typed stays.
    await page.getByLabel('Cơ quan ban hành', { exact: true }).fill('ỦY BAN NHÂN DÂN HUYỆN LÂM THAO');
    await page.getByLabel('Họ và tên người ký', { exact: true }).fill('Nguyễn Văn Thử');
    await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await page.locator('#f-header-place-error').waitFor();
    expect(await page.locator('#f-header-place-error').textContent()).toContain('Chưa có địa danh');
    expect(await page.locator('#f-signature-title-error').textContent()).toContain('Chưa có chức vụ người ký');
    expect(await page.getByLabel('Cơ quan ban hành', { exact: true }).inputValue()).toBe('ỦY BAN NHÂN DÂN HUYỆN LÂM THAO');
    expect(await page.getByLabel('Họ và tên người ký', { exact: true }).inputValue()).toBe('Nguyễn Văn Thử');
    expect(await page.locator('#f-header-issuingBody-error').count()).toBe(0);

    await page.getByLabel('Ký hiệu cơ quan ban hành', { exact: true }).fill('UBND');
    await page.getByLabel('Địa danh', { exact: true }).fill('Lâm Thao');
    await page.getByLabel('Chức vụ người ký', { exact: true }).fill('PHÓ CHỦ TỊCH');
    await page.getByLabel('Thẩm quyền ký').fill('TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH');
    await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
    await page.waitForURL((url) => /^\/ke-hoach\/[^/]+$/.test(url.pathname) && url.pathname !== '/ke-hoach/nhap');
    const plan = await getPlan(new URL(page.url()).pathname.split('/')[2]!);
    expect(plan.title).toBe(title);
    expect(plan.header.issuingBody).toBe('ỦY BAN NHÂN DÂN HUYỆN LÂM THAO');
    expect(plan.signature).toEqual({
      authority: [
        { prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' },
        { prefix: 'KT.', text: 'CHỦ TỊCH' },
      ],
      title: 'PHÓ CHỦ TỊCH',
      name: 'Nguyễn Văn Thử',
    });
    expect(plan.implementation.assignments[0]?.units).toEqual([{ orgUnitId: 'phong-noi-vu-lam-thao', role: 'lead' }]);
    await page.context().close();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of ['/viec-cua-toi', '/ke-hoach/nhap', `/ke-hoach/${DEMO_PLAN}/nhiem-vu`]) {
      await page.goto(`${baseUrl}${path}`);
      expect(page.url(), path).toBe(`${baseUrl}/dang-nhap?next=${encodeURIComponent(path)}`);
    }
    await context.close();
  });
});
