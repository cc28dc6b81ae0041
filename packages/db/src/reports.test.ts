import { afterEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { indicatorCatalogue, type DataValue } from '@binh-dang/domain';
import { createDb, type DbHandle } from './client.ts';
import { migrateDb } from './migrate.ts';
import { insertOrgUnits } from './org-units.ts';
import { insertPlan, isStaleWrite } from './plans.ts';
import {
  approvedByUnit,
  createReportStatements,
  ensureBuiltinIndicators,
  getReport,
  latestApproved,
  listIndicators,
  reachUnits,
  reportValuesOf,
  rollUpApproved,
  saveReportStatements,
  transitionReportStatements,
  type ReportRow,
} from './reports.ts';
import { approvedValues, reportEvents } from './schema.ts';
import { demoOrgUnits, lamThaoPlan2024 } from './seed/index.ts';
import type { Db } from './types.ts';

let handles: DbHandle[] = [];
afterEach(() => {
  for (const h of handles) h.close();
  handles = [];
});

async function fresh(): Promise<Db> {
  const h = createDb(':memory:');
  handles.push(h);
  await migrateDb(h.db);
  await insertOrgUnits(h.db, demoOrgUnits);
  await insertPlan(h.db, lamThaoPlan2024);
  return h.db;
}

const actor = { userId: null, label: 'test' };
const pathOf = (id: string) => demoOrgUnits.find((u) => u.id === id)!.path;
let seq = 0;

async function batch(db: Db, items: Parameters<Db['batch']>[0] extends infer B ? (B extends readonly unknown[] ? B[number][] : never) : never) {
  const [first, ...rest] = items;
  await db.batch([first!, ...rest]);
}

/** Creates, fills, submits and approves a report of `unitId`; returns its id. */
async function approvedReport(db: Db, unitId: string, period: string, values: DataValue[], approve = true): Promise<string> {
  const id = `r-${unitId}-${period}`;
  const at = new Date(Date.UTC(2024, 10, 1) + seq++ * 60_000).toISOString();
  await batch(db, createReportStatements(db, { id, eventId: `e${seq++}`, planId: lamThaoPlan2024.id, orgUnitId: unitId, orgUnitPath: pathOf(unitId), period, at, actor }));
  await batch(db, saveReportStatements(db, { id, eventId: `e${seq++}`, expectedVersion: 1, status: 'draft', values, narratives: [], at, actor }));
  let report = (await getReport(db, id))!;
  await batch(db, transitionReportStatements(db, { report, eventId: `e${seq++}`, expectedVersion: 2, action: 'submit', to: 'submitted', comment: null, at, actor }));
  if (approve) {
    report = (await getReport(db, id))!;
    await batch(db, transitionReportStatements(db, { report, eventId: `e${seq++}`, expectedVersion: 3, action: 'approve', to: 'approved', comment: null, at, actor }));
  }
  return id;
}

const v = (indicator: string, value: number | null, category: DataValue['category'] = 'total'): DataValue => ({ indicator, category, value });
const total = (rows: Awaited<ReturnType<typeof rollUpApproved>>, code: string, category = 'total') => rows.find((r) => r.code === code && r.category === category)?.value;

describe('indicator catalogue in the database', () => {
  it('migrating adds every built-in indicator once and never overwrites an edit', async () => {
    const db = await fresh();
    expect((await listIndicators(db)).map((r) => r.indicator.code)).toEqual(indicatorCatalogue.map((i) => i.code));
    expect(await ensureBuiltinIndicators(db)).toBe(0);
  });
});

describe('report workflow statements', () => {
  it('a stale save fails on its guard and changes nothing', async () => {
    const db = await fresh();
    const id = await approvedReport(db, 'xa-cao-xa-2024', '2024', [v('OP-ARTICLES', 3)], false);
    const error = await batch(db, saveReportStatements(db, { id, eventId: 'late', expectedVersion: 2, status: 'draft', values: [v('OP-ARTICLES', 99)], narratives: [], at: '2024-11-10T00:00:00.000Z', actor })).catch((e: unknown) => e);
    expect(isStaleWrite(error)).toBe(true);
    expect(await reportValuesOf(db, id)).toEqual([v('OP-ARTICLES', 3)]);
    expect((await db.select({ n: count() }).from(reportEvents).where(eq(reportEvents.id, 'late')))[0]!.n).toBe(0);
  });

  it('a submitted report cannot be saved even with the right version (status guard)', async () => {
    const db = await fresh();
    const id = await approvedReport(db, 'xa-cao-xa-2024', '2024', [v('OP-ARTICLES', 3)], false);
    const report = (await getReport(db, id)) as ReportRow;
    const error = await batch(db, saveReportStatements(db, { id, eventId: 'x', expectedVersion: report.version, status: 'draft', values: [v('OP-ARTICLES', 99)], narratives: [], at: '2024-11-10T00:00:00.000Z', actor })).catch((e: unknown) => e);
    expect(isStaleWrite(error)).toBe(true);
    expect(await reportValuesOf(db, id)).toEqual([v('OP-ARTICLES', 3)]);
  });

  it('approval copies the values for the roll-up and unapproval removes them', async () => {
    const db = await fresh();
    const id = await approvedReport(db, 'xa-cao-xa-2024', '2024', [v('OP-ARTICLES', 3), v('OP-TRAINING-PARTICIPANTS', 10), v('OP-TRAINING-PARTICIPANTS', 6, 'female'), v('OP-TRAINING-PARTICIPANTS', 4, 'male')]);
    expect(total(await rollUpApproved(db, pathOf('huyen-lam-thao'), '2024'), 'OP-TRAINING-PARTICIPANTS', 'female')).toBe(6);
    const report = (await getReport(db, id))!;
    await batch(db, transitionReportStatements(db, { report, eventId: 'u', expectedVersion: report.version, action: 'unapprove', to: 'returned', comment: 'sai số', at: '2024-11-12T00:00:00.000Z', actor }));
    expect(await rollUpApproved(db, pathOf('huyen-lam-thao'), '2024')).toEqual([]);
    expect((await db.select({ n: count() }).from(approvedValues))[0]!.n).toBe(0);
    expect((await getReport(db, id))!.returnComment).toBe('sai số');
  });
});

describe('roll-up', () => {
  it('sums approved values of the subtree only, and leaves submitted ones out', async () => {
    const db = await fresh();
    await approvedReport(db, 'xa-cao-xa-2024', '2024', [v('OP-ARTICLES', 3)]);
    await approvedReport(db, 'xa-tien-kien-2024', '2024', [v('OP-ARTICLES', 5)]);
    await approvedReport(db, 'xa-ban-nguyen-2024', '2024', [v('OP-ARTICLES', 100)], false);
    await approvedReport(db, 'xa-cao-xa-2024', '2023', [v('OP-ARTICLES', 1000)]);
    const rows = await rollUpApproved(db, pathOf('huyen-lam-thao'), '2024');
    expect(rows).toEqual([expect.objectContaining({ code: 'OP-ARTICLES', category: 'total', value: 8, units: 2 })]);
    expect(total(await rollUpApproved(db, pathOf('xa-cao-xa-2024'), '2024'), 'OP-ARTICLES')).toBe(3);
  });

  it('values of units that merged roll up into their successors, each counted once', async () => {
    const db = await fresh();
    await approvedReport(db, 'xa-cao-xa-2024', '2024', [v('OP-ARTICLES', 3)]);
    await approvedReport(db, 'xa-vinh-lai-2024', '2024', [v('OP-ARTICLES', 4)]);
    await approvedReport(db, 'xa-tien-kien-2024', '2024', [v('OP-ARTICLES', 5)]);
    await approvedReport(db, 'phong-ldtbxh-lam-thao', '2024', [v('OP-ARTICLES', 7)]);
    // Cao Xá and Vĩnh Lại merged into the new Bản Nguyên; Tiên Kiên into Xuân Lũng.
    expect(total(await rollUpApproved(db, pathOf('xa-ban-nguyen-2025'), '2024'), 'OP-ARTICLES')).toBe(7);
    expect(total(await rollUpApproved(db, pathOf('xa-xuan-lung-2025'), '2024'), 'OP-ARTICLES')).toBe(5);
    // The merged province holds everything of the old one: communes through their successors,
    // the district's agencies (no successor of their own) through the old province's.
    expect(total(await rollUpApproved(db, pathOf('tinh-phu-tho-2025'), '2024'), 'OP-ARTICLES')).toBe(19);
    expect(total(await rollUpApproved(db, pathOf('tinh-phu-tho-1997'), '2024'), 'OP-ARTICLES')).toBe(19);
    const reach = await reachUnits(db, pathOf('tinh-phu-tho-2025'));
    expect(new Set(reach.map((u) => u.id)).size).toBe(reach.length);
    const byUnit = await approvedByUnit(db, pathOf('tinh-phu-tho-2025'), '2024');
    expect(byUnit.map((r) => r.unitId).sort()).toEqual(['phong-ldtbxh-lam-thao', 'xa-cao-xa-2024', 'xa-tien-kien-2024', 'xa-vinh-lai-2024']);
  });

  it("'latest' indicators take the most recent approval", async () => {
    const db = await fresh();
    const latestCode = indicatorCatalogue.find((i) => i.aggregation.kind === 'latest')!.code;
    await approvedReport(db, 'xa-cao-xa-2024', '2024', [v(latestCode, 40)]);
    await approvedReport(db, 'xa-tien-kien-2024', '2024', [v(latestCode, 55)]);
    const latest = await latestApproved(db, pathOf('huyen-lam-thao'), '2024', [latestCode]);
    expect(latest.get(`${latestCode}|total`)).toBe(55);
  });
});

describe('outlier history', () => {
  it('compares a period only with earlier periods of the same type', async () => {
    const { approvedHistory } = await import('./reports.ts');
    const db = await fresh();
    await approvedReport(db, 'xa-cao-xa-2024', '2022', [v('OP-ARTICLES', 10)]);
    await approvedReport(db, 'xa-cao-xa-2024', '2023', [v('OP-ARTICLES', 12)]);
    await approvedReport(db, 'xa-cao-xa-2024', '2023Q4', [v('OP-ARTICLES', 3)]);
    await approvedReport(db, 'xa-cao-xa-2024', '2024Q1', [v('OP-ARTICLES', 4)]);
    expect((await approvedHistory(db, 'xa-cao-xa-2024', '2024'))['OP-ARTICLES']).toEqual([10, 12]);
    expect((await approvedHistory(db, 'xa-cao-xa-2024', '2024Q2'))['OP-ARTICLES']).toEqual([3, 4]);
  });
});
