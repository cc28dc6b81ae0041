import { afterEach, describe, expect, it } from 'vitest';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { FIXED_NOW, createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const SEED = lamThaoPlan2024.id;
type Duty = { id: string; orgUnitId: string; role: string; dueDate: string | null; status: string; state: string; version: number; text: string };

async function issuedSeed(now?: () => Date) {
  t = await createTestApp(now ? { now } : {});
  const approver = await t.signIn('pheduyet@lamthao.demo');
  const res = await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver);
  expect(res.status).toBe(200);
}

describe('duties of an issued plan', () => {
  it('tracks every duty line for each unit it is addressed to', async () => {
    await issuedSeed();
    const coordinator = await t.signIn('dieuphoi@lamthao.demo');
    const res = await t.get(`/api/v1/plans/${SEED}/duties`, coordinator);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Duty[] };
    const expected = lamThaoPlan2024.implementation.assignments.reduce((n, a) => n + a.units.length * a.duties.length, 0);
    expect(items).toHaveLength(expected);
    expect(items.every((d) => d.dueDate === '2024-11-15' && d.state === 'not_started')).toBe(true);
    // The first duty of Phòng Văn hoá và Thông tin is a support duty ("Phối hợp với …").
    expect(items.find((d) => d.orgUnitId === 'phong-vhtt-lam-thao' && d.text.startsWith('Phối hợp'))?.role).toBe('support');
  });

  it("shows a commune its own duties only, and lets its reporter report progress with a note", async () => {
    await issuedSeed();
    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    const mine = (await (await t.get('/api/v1/org-units/xa-cao-xa-2024/duties', reporter)).json()) as { items: Duty[] };
    expect(mine.items).toHaveLength(1);
    const duty = mine.items[0]!;
    expect(duty.orgUnitId).toBe('xa-cao-xa-2024');
    expect((await t.get('/api/v1/org-units/xa-tien-kien-2024/duties', reporter)).status).toBe(404);

    const res = await t.send('PATCH', `/api/v1/duties/${duty.id}`, { version: 1, status: 'in_progress', note: 'Đã xây dựng dự thảo kế hoạch của xã.' }, reporter);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { duty: Duty }).duty).toMatchObject({ status: 'in_progress', version: 2 });
    const stale = await t.send('PATCH', `/api/v1/duties/${duty.id}`, { version: 1, status: 'done' }, reporter);
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { current: Duty }).current.status).toBe('in_progress');
    const detail = (await (await t.get(`/api/v1/duties/${duty.id}`, reporter)).json()) as { notes: { text: string; authorLabel: string }[] };
    expect(detail.notes).toEqual([expect.objectContaining({ text: 'Đã xây dựng dự thảo kế hoạch của xã.', authorLabel: 'baocao.caoxa@lamthao.demo' })]);

    const other = await t.signIn('baocao.tienkien@lamthao.demo');
    expect((await t.send('PATCH', `/api/v1/duties/${duty.id}`, { version: 2, status: 'done' }, other)).status).toBe(404);
    const viewer = await t.signIn('xem@phutho.demo');
    expect((await t.send('PATCH', `/api/v1/duties/${duty.id}`, { version: 2, status: 'done' }, viewer)).status).toBe(403);
    expect((await t.send('PATCH', `/api/v1/duties/${duty.id}`, { version: 2, status: 'finished' }, reporter)).status).toBe(400);
  });

  it('marks duties not done by their due date as overdue', async () => {
    let now = FIXED_NOW;
    await issuedSeed(() => now);
    now = new Date('2024-11-20T03:00:00Z');
    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    const { items } = (await (await t.get('/api/v1/org-units/xa-cao-xa-2024/duties', reporter)).json()) as { items: Duty[] };
    expect(items[0]).toMatchObject({ status: 'not_started', state: 'overdue' });
  });

  it('has no duties before the plan is issued', async () => {
    t = await createTestApp();
    const coordinator = await t.signIn('dieuphoi@lamthao.demo');
    expect(((await (await t.get(`/api/v1/plans/${SEED}/duties`, coordinator)).json()) as { items: Duty[] }).items).toEqual([]);
  });
});

describe('evidence files', () => {
  async function upload(id: string, bytes: Uint8Array, cookie: string, name = 'bien-ban.pdf') {
    return t.app.request(`/api/v1/duties/${id}/evidence?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
  }

  it('stores a file checked by its content, lists it and serves it back to the unit', async () => {
    await issuedSeed();
    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    const { items } = (await (await t.get('/api/v1/org-units/xa-cao-xa-2024/duties', reporter)).json()) as { items: Duty[] };
    const id = items[0]!.id;
    const pdf = new TextEncoder().encode('%PDF-1.7\nbiên bản họp\n%%EOF');
    const res = await upload(id, pdf, reporter, 'Biên bản họp.pdf');
    expect(res.status).toBe(201);
    const { evidence } = (await res.json()) as { evidence: { id: string; contentType: string; size: number } };
    expect(evidence).toMatchObject({ contentType: 'application/pdf', size: pdf.length });
    const list = (await (await t.get(`/api/v1/duties/${id}/evidence`, reporter)).json()) as { items: { fileName: string }[] };
    expect(list.items.map((e) => e.fileName)).toEqual(['Biên bản họp.pdf']);
    const file = await t.get(`/api/v1/duties/${id}/evidence/${evidence.id}`, reporter);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    const other = await t.signIn('baocao.tienkien@lamthao.demo');
    expect((await t.get(`/api/v1/duties/${id}/evidence/${evidence.id}`, other)).status).toBe(404);
  });

  it('refuses a file whose content is not an accepted type, whatever its name, and empty or oversized files', async () => {
    await issuedSeed();
    const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
    const { items } = (await (await t.get('/api/v1/org-units/xa-cao-xa-2024/duties', reporter)).json()) as { items: Duty[] };
    const id = items[0]!.id;
    expect((await upload(id, new TextEncoder().encode('<script>alert(1)</script>'), reporter, 'bao-cao.pdf')).status).toBe(415);
    expect((await upload(id, new Uint8Array(), reporter)).status).toBe(400);
    expect((await upload(id, new Uint8Array(10 * 1024 * 1024 + 1), reporter)).status).toBe(413);
    const list = (await (await t.get(`/api/v1/duties/${id}/evidence`, reporter)).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });
});
