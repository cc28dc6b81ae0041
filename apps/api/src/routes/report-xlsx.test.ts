import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const SEED = lamThaoPlan2024.id;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type Report = { report: { id: string; version: number }; values: { indicator: string; category: string; value: number }[] };

async function openReport() {
  t = await createTestApp();
  const approver = await t.signIn('pheduyet@lamthao.demo');
  expect((await t.send('POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
  const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
  const res = await t.send('POST', '/api/v1/org-units/xa-cao-xa-2024/reports', { planId: SEED, period: '2024' }, reporter);
  return { reporter, report: (await res.json()) as Report };
}

/** Fills the downloaded template as a user would: value cells in the rows of the given codes. */
async function fill(template: ArrayBuffer, cells: Record<string, { total?: unknown; female?: unknown; male?: unknown }>) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template);
  const sheet = wb.getWorksheet('Báo cáo')!;
  sheet.eachRow((row) => {
    const code = String(row.getCell(1).value ?? '');
    const v = cells[code];
    if (!v) return;
    if (v.total !== undefined) row.getCell(4).value = v.total as ExcelJS.CellValue;
    if (v.female !== undefined) row.getCell(5).value = v.female as ExcelJS.CellValue;
    if (v.male !== undefined) row.getCell(6).value = v.male as ExcelJS.CellValue;
  });
  return new Uint8Array(await wb.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
}

const upload = (id: string, version: number, bytes: Uint8Array<ArrayBuffer>, cookie: string) =>
  t.app.request(`/api/v1/reports/${id}/xlsx?version=${version}`, { method: 'POST', headers: { 'content-type': XLSX, cookie }, body: bytes });

describe('report Excel template', () => {
  it('downloads the template and fills the report from it', async () => {
    const { reporter, report } = await openReport();
    const res = await t.get(`/api/v1/reports/${report.report.id}/xlsx`, reporter);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    const filled = await fill(await res.arrayBuffer(), { 'OP-ARTICLES': { total: 7 }, 'OP-TRAINING-PARTICIPANTS': { total: 30, female: 18, male: 12 } });
    const up = await upload(report.report.id, 1, filled, reporter);
    expect(up.status, await up.clone().text()).toBe(200);
    const after = (await up.json()) as Report;
    expect(after.report.version).toBe(2);
    expect(after.values).toEqual(
      expect.arrayContaining([
        { indicator: 'OP-ARTICLES', category: 'total', value: 7 },
        { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: 18 },
      ]),
    );
    expect(after.values).toHaveLength(4);
  });

  it('refuses a file with bad cells, names every cell, and changes nothing', async () => {
    const { reporter, report } = await openReport();
    const template = await (await t.get(`/api/v1/reports/${report.report.id}/xlsx`, reporter)).arrayBuffer();
    const filled = await fill(template, { 'OP-ARTICLES': { total: 'bảy' }, 'OP-TRAINING-PARTICIPANTS': { total: 30, female: 18, male: 13 }, 'OP-INSPECTIONS': { total: -2 } });
    const up = await upload(report.report.id, 1, filled, reporter);
    expect(up.status).toBe(400);
    const body = (await up.json()) as { errors: { path: string; message: string }[] };
    expect(body.errors.length).toBeGreaterThanOrEqual(3);
    for (const e of body.errors) expect(e.message).toMatch(/^Trang 'Báo cáo', dòng \d+, cột [D-F] \(ô [D-F]\d+\): /);
    expect(body.errors.map((e) => e.path).every((p) => /^xlsx\.[D-F]\d+$/.test(p))).toBe(true);
    const now = (await (await t.get(`/api/v1/reports/${report.report.id}`, reporter)).json()) as Report;
    expect(now.report.version).toBe(1);
    expect(now.values).toEqual([]);
  });

  it('refuses a file that is not a workbook, a stale version and another unit', async () => {
    const { reporter, report } = await openReport();
    const notXlsx = await upload(report.report.id, 1, new TextEncoder().encode('%PDF-1.7 not a workbook'), reporter);
    expect(notXlsx.status).toBe(415);
    const template = await (await t.get(`/api/v1/reports/${report.report.id}/xlsx`, reporter)).arrayBuffer();
    const filled = await fill(template, { 'OP-ARTICLES': { total: 1 } });
    expect((await upload(report.report.id, 1, filled, reporter)).status).toBe(200);
    expect((await upload(report.report.id, 1, filled, reporter)).status).toBe(409);
    const other = await t.signIn('baocao.tienkien@lamthao.demo');
    expect((await upload(report.report.id, 2, filled, other)).status).toBe(404);
  });
});
