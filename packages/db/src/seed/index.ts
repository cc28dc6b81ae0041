// Demo data: the Lâm Thao 2024 plan and the Phú Thọ org tree before and after 01/07/2025.
// Seeding happens only into an empty database: it never overwrites or wipes data.
import { count } from 'drizzle-orm';
import { insertOrgUnits } from '../org-units.ts';
import { insertPlan } from '../plans.ts';
import { orgUnits } from '../schema.ts';
import type { Db } from '../types.ts';
import { lamThaoPlan2024 } from './lam-thao-plan-2024.ts';
import { demoOrgUnits } from './org-units.ts';

export { demoOrgUnits, lamThaoPlan2024 };
export { demoValues, seedDemoScenario } from './scenario.ts';

export type SeedResult = { seeded: true; orgUnits: number; plans: number } | { seeded: false; reason: string };

export async function seedDemoData(db: Db): Promise<SeedResult> {
  const [row] = await db.select({ n: count() }).from(orgUnits);
  if ((row?.n ?? 0) > 0) return { seeded: false, reason: 'the database already holds data' };
  await insertOrgUnits(db, demoOrgUnits);
  await insertPlan(db, lamThaoPlan2024);
  return { seeded: true, orgUnits: demoOrgUnits.length, plans: 1 };
}
