// Data generator of the roll-up benchmark: an org tree of the whole country (34 provinces, 3,321
// communes in force) and approved reports of every commune, written through the real migrations
// into the tables the app uses (reports, report_values, approved_values), with status 'approved'.
//
// The benchmark province ("tinh-01") has depth and history: 10 districts of 15 communes (150
// reporting communes), of which 20 merged on 01/07/2025 into 10 new communes directly under the
// province (successor links inside the subtree). Its communes report every quarter of 2020–2024
// (20 periods). The other 33 provinces report the national period only (two-level, communes
// directly under the province); province "tinh-02" absorbed an abolished province ("tinh-cu",
// 2 districts, 50 communes: 40 merged into communes of tinh-02, 10 without a successor of their
// own), so its roll-up also reads units outside its path through successor links.
//
// Every commune reports 40 indicators × (total, female, male) with female + male = total.
// Values are deterministic, so totals can be checked. Bulk inserts: multi-row INSERTs inside
// write transactions (one libSQL batch per chunk); generation time is not part of the figures.
import type { Client, InStatement, InValue } from '@libsql/client';
import { indicatorCatalogue } from '@binh-dang/domain';
import { orgUnits, plans } from '../src/schema.ts';
import type { Db } from '../src/types.ts';

export const CATEGORIES = ['total', 'female', 'male'] as const;

export interface GeneratorConfig {
  /** Provinces in force (the benchmark province and the province that absorbed another included). */
  provinces: number;
  /** Communes in force in the whole country. */
  communesInForce: number;
  /** Districts of the benchmark province, and communes per district (all report). */
  benchDistricts: number;
  communesPerDistrict: number;
  /** Communes per district of the benchmark province that merged (in pairs) into new communes. */
  mergedPerDistrict: number;
  /** Districts and communes per district of the abolished province absorbed by the second one. */
  absorbedDistricts: number;
  absorbedCommunesPerDistrict: number;
  /** Communes of the absorbed province that keep no successor of their own (follow the province's). */
  absorbedWithoutSuccessor: number;
  indicators: number;
  /** Periods the benchmark province reports. */
  periods: readonly string[];
  /** Periods every other commune reports (the national roll-up reads one of them). */
  countryPeriods: readonly string[];
}

/** 20 quarters, 2020Q1 … 2024Q4. */
export const QUARTERS_2020_2024: readonly string[] = [2020, 2021, 2022, 2023, 2024].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}Q${q}`));

export const defaultConfig: GeneratorConfig = {
  provinces: 34,
  communesInForce: 3321,
  benchDistricts: 10,
  communesPerDistrict: 15,
  mergedPerDistrict: 2,
  absorbedDistricts: 2,
  absorbedCommunesPerDistrict: 25,
  absorbedWithoutSuccessor: 10,
  indicators: 40,
  periods: QUARTERS_2020_2024,
  countryPeriods: ['2024Q4'],
};

export type UnitRow = typeof orgUnits.$inferInsert & { id: string; path: string; kind: 'province' | 'district' | 'commune' | 'agency' };

export interface GeneratedTree {
  units: UnitRow[];
  benchProvince: UnitRow;
  /** The province that absorbed an abolished one (its roll-up reads units outside its path). */
  mergedProvince: UnitRow;
  /** Communes that report, with the periods they report. */
  reporters: { unit: UnitRow; periods: readonly string[] }[];
  /** Units outside mergedProvince's path whose values count for it (what the successor links reach). */
  absorbedReporters: UnitRow[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const REFORM_DAY = '2025-07-01';
const LAST_DAY_BEFORE = '2025-06-30';

function unit(
  id: string,
  parent: UnitRow | null,
  kind: UnitRow['kind'],
  extra: { validFrom?: string | null; validTo?: string | null; successorId?: string | null; sortOrder?: number } = {},
): UnitRow {
  const localKind = { province: 'tỉnh', district: 'huyện', commune: 'xã', agency: 'phòng' }[kind];
  return {
    id,
    code: null,
    name: `${localKind} ${id}`,
    shortName: id,
    kind,
    localKind,
    parentId: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    validFrom: extra.validFrom ?? null,
    validTo: extra.validTo ?? null,
    successorId: extra.successorId ?? null,
    provenance: 'demo',
    note: 'bench',
    sortOrder: extra.sortOrder ?? 0,
  };
}

/** The org tree and who reports what (pure: no database). */
export function buildTree(config: GeneratorConfig = defaultConfig): GeneratedTree {
  const units: UnitRow[] = [];
  const reporters: GeneratedTree['reporters'] = [];
  const add = (u: UnitRow) => (units.push(u), u);

  // 1. The benchmark province: districts (abolished at the reform) and their communes; in each
  //    district `mergedPerDistrict` communes merge in pairs into new communes under the province.
  const bench = add(unit('tinh-01', null, 'province', { sortOrder: 1 }));
  let benchInForce = 0;
  for (let d = 1; d <= config.benchDistricts; d++) {
    const district = add(unit(`t01-h${pad(d)}`, bench, 'district', { validTo: LAST_DAY_BEFORE, sortOrder: d }));
    const firstMerged = config.communesPerDistrict - config.mergedPerDistrict + 1;
    for (let c = 1; c <= config.communesPerDistrict; c++) {
      const merged = c >= firstMerged;
      const successorId = merged ? `t01-h${pad(d)}-moi${pad(Math.floor((c - firstMerged) / 2) + 1)}` : null;
      const commune = add(
        unit(`t01-h${pad(d)}-x${pad(c)}`, district, 'commune', merged ? { validTo: LAST_DAY_BEFORE, successorId, sortOrder: c } : { sortOrder: c }),
      );
      if (!merged) benchInForce++;
      reporters.push({ unit: commune, periods: config.periods });
    }
    for (let m = 1; m <= Math.ceil(config.mergedPerDistrict / 2); m++) {
      add(unit(`t01-h${pad(d)}-moi${pad(m)}`, bench, 'commune', { validFrom: REFORM_DAY, sortOrder: 100 + d * 10 + m }));
      benchInForce++;
    }
  }

  // 2. The other provinces, two-level (communes directly under the province), sharing the rest of
  //    the communes in force as evenly as possible.
  const others = config.provinces - 1;
  const rest = config.communesInForce - benchInForce;
  const provinces: UnitRow[] = [];
  const communesOf = new Map<string, UnitRow[]>();
  for (let p = 0; p < others; p++) {
    const province = add(unit(`tinh-${pad(p + 2)}`, null, 'province', { sortOrder: p + 2 }));
    provinces.push(province);
    const n = Math.floor(rest / others) + (p < rest % others ? 1 : 0);
    const list: UnitRow[] = [];
    for (let c = 1; c <= n; c++) {
      const commune = add(unit(`t${pad(p + 2)}-x${pad(c, 3)}`, province, 'commune', { sortOrder: c }));
      list.push(commune);
      reporters.push({ unit: commune, periods: config.countryPeriods });
    }
    communesOf.set(province.id, list);
  }

  // 3. The abolished province absorbed by the second one: its communes merge into communes of
  //    tinh-02 (two by two), except the last few, which follow the province's successor link.
  const mergedProvince = provinces[0]!;
  const targets = communesOf.get(mergedProvince.id)!;
  const old = add(unit('tinh-cu', null, 'province', { validTo: LAST_DAY_BEFORE, successorId: mergedProvince.id, sortOrder: 99 }));
  const absorbedReporters: UnitRow[] = [];
  const total = config.absorbedDistricts * config.absorbedCommunesPerDistrict;
  let k = 0;
  for (let d = 1; d <= config.absorbedDistricts; d++) {
    const district = add(unit(`tcu-h${pad(d)}`, old, 'district', { validTo: LAST_DAY_BEFORE, sortOrder: d }));
    for (let c = 1; c <= config.absorbedCommunesPerDistrict; c++, k++) {
      const withSuccessor = k < total - config.absorbedWithoutSuccessor;
      const commune = add(
        unit(`tcu-h${pad(d)}-x${pad(c)}`, district, 'commune', {
          validTo: LAST_DAY_BEFORE,
          successorId: withSuccessor ? targets[Math.floor(k / 2) % targets.length]!.id : null,
          sortOrder: c,
        }),
      );
      absorbedReporters.push(commune);
      reporters.push({ unit: commune, periods: config.countryPeriods });
    }
  }
  return { units, benchProvince: bench, mergedProvince, reporters, absorbedReporters };
}

/** The indicators reported: the first `n` codes of the built-in catalogue. */
export function indicatorCodes(n: number): string[] {
  if (n > indicatorCatalogue.length) throw new RangeError(`the catalogue has ${indicatorCatalogue.length} indicators, not ${n}`);
  return indicatorCatalogue.slice(0, n).map((i) => i.code);
}

/** Deterministic small integers (a multiplicative hash of the three indices). */
function mix(a: number, b: number, c: number): number {
  let h = (a * 2654435761) ^ (b * 40503) ^ (c * 2246822519);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The value triple of one unit, indicator and period: female + male = total. */
export function valueTriple(unitIndex: number, indicatorIndex: number, periodIndex: number): { total: number; female: number; male: number } {
  const female = mix(unitIndex + 1, indicatorIndex + 1, periodIndex + 1) % 500;
  const male = mix(periodIndex + 7, unitIndex + 3, indicatorIndex + 11) % 500;
  return { total: female + male, female, male };
}

export const BENCH_PLAN_ID = 'bench-plan';

export interface GeneratedData extends GeneratedTree {
  codes: string[];
  /** Index of every period used (for valueTriple). */
  periodIndex: Map<string, number>;
  rows: { reports: number; reportValues: number; approvedValues: number };
}

/** Statements inserting `rows` into `table` as multi-row INSERTs of at most `perStatement` rows. */
function multiRowInserts(table: string, columns: readonly string[], rows: readonly InValue[][], perStatement: number): InStatement[] {
  const out: InStatement[] = [];
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    out.push({
      sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      args: chunk.flat(),
    });
  }
  return out;
}

/**
 * Writes the tree, a plan the reports belong to, and an approved report per reporter and period
 * (report + its values + their approved copy) into a migrated database.
 */
export async function generate(db: Db, client: Client, config: GeneratorConfig = defaultConfig): Promise<GeneratedData> {
  const tree = buildTree(config);
  const codes = indicatorCodes(config.indicators);
  const periodIndex = new Map([...new Set([...config.periods, ...config.countryPeriods])].sort().map((p, i) => [p, i]));

  // Parents before children (the parent foreign key).
  const ordered = [...tree.units].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (let i = 0; i < ordered.length; i += 500) await db.insert(orgUnits).values(ordered.slice(i, i + 500));
  await db.insert(plans).values({
    id: BENCH_PLAN_ID,
    issuingUnitId: tree.benchProvince.id,
    issuingUnitPath: tree.benchProvince.path,
    year: 2024,
    status: 'issued',
    issuingBody: 'ỦY BAN NHÂN DÂN TỈNH (bench)',
    typeCode: 'KH',
    issuerCode: 'UBND',
    place: 'bench',
    docYear: 2024,
    documentType: 'KẾ HOẠCH',
    title: 'Kế hoạch đo hiệu năng',
    purposesHeading: 'I. MỤC ĐÍCH',
    purposes: [],
    tasksHeading: 'II. NHIỆM VỤ',
    tasks: [],
    implementationHeading: 'III. TỔ CHỨC THỰC HIỆN',
    provenance: 'demo',
  });

  const unitIndex = new Map(tree.units.map((u, i) => [u.id, i]));
  const rows = { reports: 0, reportValues: 0, approvedValues: 0 };
  const reportCols = ['id', 'plan_id', 'org_unit_id', 'org_unit_path', 'period', 'status', 'version', 'submitted_at', 'submitted_by', 'decided_at', 'decided_by', 'created_at', 'updated_at'];
  const valueCols = ['report_id', 'indicator_code', 'category', 'value'];
  const approvedCols = ['report_id', 'period', 'org_unit_id', 'org_unit_path', 'indicator_code', 'category', 'value', 'approved_at'];

  // One write transaction per ~100 reports (12,000 values, 24,000 value rows).
  const REPORTS_PER_TX = 100;
  const jobs = tree.reporters.flatMap((r) => r.periods.map((period) => ({ unit: r.unit, period })));
  for (let i = 0; i < jobs.length; i += REPORTS_PER_TX) {
    const reportRows: InValue[][] = [];
    const valueRows: InValue[][] = [];
    const approvedRows: InValue[][] = [];
    for (const { unit: u, period } of jobs.slice(i, i + REPORTS_PER_TX)) {
      const id = `r-${u.id}-${period}`;
      const pIndex = periodIndex.get(period)!;
      const at = new Date(Date.UTC(2020, 0, 15) + pIndex * 91 * 86_400_000 + (unitIndex.get(u.id)! % 1000) * 60_000).toISOString();
      reportRows.push([id, BENCH_PLAN_ID, u.id, u.path, period, 'approved', 4, at, 'bench', at, 'bench', at, at]);
      codes.forEach((code, c) => {
        const triple = valueTriple(unitIndex.get(u.id)!, c, pIndex);
        for (const category of CATEGORIES) {
          valueRows.push([id, code, category, triple[category]]);
          approvedRows.push([id, period, u.id, u.path, code, category, triple[category], at]);
        }
      });
    }
    await client.batch(
      [
        ...multiRowInserts('reports', reportCols, reportRows, 500),
        ...multiRowInserts('report_values', valueCols, valueRows, 2000),
        ...multiRowInserts('approved_values', approvedCols, approvedRows, 1000),
      ],
      'write',
    );
    rows.reports += reportRows.length;
    rows.reportValues += valueRows.length;
    rows.approvedValues += approvedRows.length;
  }
  return { ...tree, codes, periodIndex, rows };
}

/** The expected roll-up of a set of reporting units for a period, computed in memory: code|category → sum. */
export function expectedSums(data: Pick<GeneratedData, 'units' | 'codes' | 'periodIndex'>, reporters: readonly UnitRow[], period: string): Map<string, number> {
  const unitIndex = new Map(data.units.map((u, i) => [u.id, i]));
  const pIndex = data.periodIndex.get(period)!;
  const out = new Map<string, number>();
  for (const u of reporters)
    data.codes.forEach((code, c) => {
      const triple = valueTriple(unitIndex.get(u.id)!, c, pIndex);
      for (const category of CATEGORIES) out.set(`${code}|${category}`, (out.get(`${code}|${category}`) ?? 0) + triple[category]);
    });
  return out;
}
