// The local demo's story (`npm start`, never in production): the Lâm Thao plan shown as issued
// (without a number, as in the source), its duties under way, and approved 2024 reports of ten
// communes with invented figures (dữ liệu mẫu), so that the roll-up, the compiled report and the
// public pages have something to show. Cao Xá and Tiên Kiên are left for the demo reporters.
import { and, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { defaultReporting, type DataValue } from '@binh-dang/domain';
import { dutyTrackingInserts } from '../duties.ts';
import { getPlan } from '../plans.ts';
import { bumpPublicationStatement } from '../publications.ts';
import { createReportStatements, getReport, saveReportStatements, setPlanReportingStatements, transitionReportStatements } from '../reports.ts';
import { dutyTrackings, plans } from '../schema.ts';
import type { Db } from '../types.ts';
import { demoOrgUnits } from './org-units.ts';
import { lamThaoPlan2024 } from './lam-thao-plan-2024.ts';

const LEFT_FOR_THE_DEMO = new Set(['xa-cao-xa-2024', 'xa-tien-kien-2024']);
const ISSUED_AT = '2024-04-15T02:00:00.000Z';
const APPROVED_AT = '2024-11-20T03:00:00.000Z';
const ACTOR = { userId: null, label: 'dữ liệu mẫu (demo)' };

/** A small deterministic generator (mulberry32), so that the demo is the same on every machine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Invented, plausible 2024 figures of one commune. */
export function demoValues(index: number): DataValue[] {
  const r = random(2024 + index * 97);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const split = (code: string, total: number, femaleShare: number): DataValue[] => {
    const female = Math.round(total * femaleShare);
    return [
      { indicator: code, category: 'total', value: total },
      { indicator: code, category: 'female', value: female },
      { indicator: code, category: 'male', value: total - female },
    ];
  };
  const victims = int(0, 3);
  const allocated = int(10, 30) * 1_000_000;
  return [
    { indicator: 'OP-ARTICLES', category: 'total', value: int(2, 12) },
    { indicator: 'OP-AIRTIME-MINUTES', category: 'total', value: int(30, 200) },
    { indicator: 'OP-TRAINING-CLASSES', category: 'total', value: int(1, 4) },
    ...split('OP-TRAINING-PARTICIPANTS', int(40, 200), 0.55 + r() * 0.15),
    { indicator: 'OP-DV-PREVENTION-MODELS', category: 'total', value: int(1, 2) },
    { indicator: 'OP-GBV-CASES-DETECTED', category: 'total', value: victims },
    ...split('OP-GBV-VICTIMS-DETECTED', victims, 1),
    ...split('OP-GBV-VICTIMS-SUPPORTED', victims, 1),
    { indicator: 'OP-TRAFFICKING-CASES', category: 'total', value: 0 },
    { indicator: 'OP-INSPECTIONS', category: 'total', value: int(0, 2) },
    { indicator: 'OP-VIOLATIONS-HANDLED', category: 'total', value: 0 },
    { indicator: 'OP-BUDGET-ALLOCATED', category: 'total', value: allocated },
    { indicator: 'OP-BUDGET-SPENT', category: 'total', value: Math.round((allocated * int(80, 100)) / 100 / 1000) * 1000 },
    { indicator: 'OP-WOMEN-CADRES-PLANNED', category: 'total', value: int(2, 6) },
    { indicator: 'OP-WOMEN-CADRES-APPOINTED', category: 'total', value: int(0, 2) },
  ];
}

async function run(db: Db, items: BatchItem<'sqlite'>[]) {
  const [first, ...rest] = items;
  if (first) await db.batch([first, ...rest]);
}

/** Plays the demo story once, on the seeded plan while it is still the untouched draft. */
export async function seedDemoScenario(db: Db): Promise<{ played: boolean; reports: number }> {
  const plan = await getPlan(db, lamThaoPlan2024.id);
  if (!plan || plan.status !== 'draft' || plan.version !== 1) return { played: false, reports: 0 };
  const issued = { ...plan, status: 'issued' as const, issuedAt: ISSUED_AT };
  await run(db, [
    db.update(plans).set({ status: 'issued', issuedAt: ISSUED_AT, issuedBy: ACTOR.label }).where(eq(plans.id, plan.id)),
    ...(await dutyTrackingInserts(db, issued)),
    ...setPlanReportingStatements(db, plan.id, defaultReporting(plan)),
    bumpPublicationStatement(db, '/tinh-phu-tho-1997/', ISSUED_AT),
  ]);

  const communes = demoOrgUnits.filter((u) => u.kind === 'commune' && u.parentId === 'huyen-lam-thao' && !LEFT_FOR_THE_DEMO.has(u.id));
  let n = 0;
  for (const [i, unit] of communes.entries()) {
    const id = `bao-cao-mau-${unit.id}-2024`;
    const at = (minutes: number) => new Date(Date.parse(APPROVED_AT) - (communes.length - i) * 86_400_000 + minutes * 60_000).toISOString();
    await run(db, [
      ...createReportStatements(db, { id, eventId: `${id}-1`, planId: plan.id, orgUnitId: unit.id, orgUnitPath: unit.path, period: '2024', at: at(0), actor: ACTOR }),
      ...saveReportStatements(db, { id, eventId: `${id}-2`, expectedVersion: 1, status: 'draft', values: demoValues(i), narratives: [], at: at(1), actor: ACTOR }),
    ]);
    const saved = (await getReport(db, id))!;
    await run(db, transitionReportStatements(db, { report: saved, eventId: `${id}-3`, expectedVersion: 2, action: 'submit', to: 'submitted', comment: null, at: at(2), actor: ACTOR }));
    const submitted = (await getReport(db, id))!;
    await run(db, transitionReportStatements(db, { report: submitted, eventId: `${id}-4`, expectedVersion: 3, action: 'approve', to: 'approved', comment: null, at: at(60), actor: ACTOR }));
    // Their duty is done.
    await db
      .update(dutyTrackings)
      .set({ status: 'done', version: 2 })
      .where(and(eq(dutyTrackings.planId, plan.id), eq(dutyTrackings.orgUnitId, unit.id)));
    n++;
  }
  // Some district offices are under way.
  for (const unitId of ['phong-ldtbxh-lam-thao', 'phong-vhtt-lam-thao', 'hoi-lhpn-lam-thao'])
    await db
      .update(dutyTrackings)
      .set({ status: 'in_progress', version: 2 })
      .where(and(eq(dutyTrackings.planId, plan.id), eq(dutyTrackings.orgUnitId, unitId)));
  return { played: true, reports: n };
}
