import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../client.ts';
import { migrateDb } from '../migrate.ts';
import { getPlan, listPlans } from '../plans.ts';
import { insertOrgUnits, listOrgUnits } from '../org-units.ts';
import { plans } from '../schema.ts';
import { indicatorCatalogue, validateReport } from '@binh-dang/domain';
import { demoOrgUnits, demoValues, lamThaoPlan2024, seedDemoData, seedDemoScenario } from './index.ts';

let handle: DbHandle | undefined;
afterEach(() => handle?.close());

async function freshDb() {
  handle = createDb(':memory:');
  await migrateDb(handle.db);
  return handle.db;
}

describe('seedDemoData', () => {
  it('fills an empty database with the org tree and the Lâm Thao plan', async () => {
    const db = await freshDb();
    expect(await seedDemoData(db)).toEqual({ seeded: true, orgUnits: demoOrgUnits.length, plans: 1 });
    expect(await listOrgUnits(db)).toHaveLength(demoOrgUnits.length);
    expect(await getPlan(db, lamThaoPlan2024.id)).toEqual(lamThaoPlan2024);
  });

  it('never overwrites or wipes data that is already there', async () => {
    const db = await freshDb();
    await seedDemoData(db);
    await db.update(plans).set({ title: 'Tiêu đề đã sửa' }).where(eq(plans.id, lamThaoPlan2024.id));
    expect(await seedDemoData(db)).toEqual({ seeded: false, reason: 'the database already holds data' });
    expect((await getPlan(db, lamThaoPlan2024.id))?.title).toBe('Tiêu đề đã sửa');
    expect(await listOrgUnits(db)).toHaveLength(demoOrgUnits.length);
  });

  it('applies migrations twice without harm', async () => {
    const db = await freshDb();
    await migrateDb(db);
    expect(await seedDemoData(db)).toMatchObject({ seeded: true });
  });
});

describe('subtree scoping', () => {
  it('does not treat a unit whose path merely starts with the same characters as inside the scope', async () => {
    const db = await freshDb();
    await seedDemoData(db);
    const district = demoOrgUnits.find((u) => u.id === 'huyen-lam-thao')!;
    await insertOrgUnits(db, [
      { ...district, id: 'huyen-lam-thao2', code: null, path: '/tinh-phu-tho-1997/huyen-lam-thao2/', name: 'Huyện thử', provenance: 'demo' },
    ]);
    const inScope = await listOrgUnits(db, district.path);
    expect(inScope.some((u) => u.id === 'huyen-lam-thao2')).toBe(false);
    expect(inScope.every((u) => u.path.startsWith(district.path))).toBe(true);
    expect(inScope.length).toBeGreaterThan(12);
    expect(await listPlans(db, { scopePath: '/tinh-phu-tho-1997/huyen-lam-thao2/' })).toEqual([]);
  });
});

describe('seedDemoScenario (local demo only)', () => {
  it('shows the plan as issued and approves ten communes’ 2024 reports with valid figures, once', async () => {
    const db = await freshDb();
    await seedDemoData(db);
    expect(await seedDemoScenario(db)).toEqual({ played: true, reports: 10 });
    const plan = await getPlan(db, lamThaoPlan2024.id);
    expect(plan?.status).toBe('issued');
    expect(plan?.header.number).toBeNull();
    const { rollUpApproved } = await import('../reports.ts');
    const totals = await rollUpApproved(db, '/tinh-phu-tho-1997/huyen-lam-thao/', '2024');
    expect(totals.find((r) => r.code === 'OP-ARTICLES' && r.category === 'total')?.units).toBe(10);
    // Every commune's figures pass the checks a reporter's would.
    for (let i = 0; i < 10; i++) expect(validateReport(indicatorCatalogue, demoValues(i)).errors).toEqual([]);
    expect(await seedDemoScenario(db)).toEqual({ played: false, reports: 0 });
  });
});
