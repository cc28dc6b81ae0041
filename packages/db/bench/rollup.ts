// Roll-up benchmark: our roll-up queries against the best raw SQLite query over the same rows, in
// the same run, on a libSQL file database built by the real migrations (see ./generate.ts for the
// data: a province of 150 communes × 40 indicators × 3 categories × 20 quarters, and the whole
// country of 3,321 communes for one quarter). Each figure is the median and p95 of N runs after
// warm-up runs. Goals: province roll-up ≤ 2× the raw query; national roll-up ≤ 2 s; an approval
// visible in the roll-up < 1 s after the approval batch starts.
// Writes bench/results/rollup.json. Run: cd packages/db && npx tsx bench/rollup.ts
// (KEEP_DB=1 keeps the generated database and prints its path.)
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, InValue } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { subtreeRange } from '@binh-dang/domain';
import { createDb } from '../src/client.ts';
import { migrateDb } from '../src/migrate.ts';
import { approvedByUnit, getReport, rollUpApproved, transitionReportStatements, type RolledValue } from '../src/reports.ts';
import * as schema from '../src/schema.ts';
import type { Db } from '../src/types.ts';
import { CATEGORIES, defaultConfig, expectedSums, generate, type GeneratedData } from './generate.ts';

const PERIOD = '2024Q4';

interface Timing {
  name: string;
  runs: number;
  warmUp: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

const round = (ms: number, digits = 3) => Math.round(ms * 10 ** digits) / 10 ** digits;

function summarise(name: string, samples: number[], warmUp: number): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  return {
    name,
    runs: n,
    warmUp,
    medianMs: round((s[(n - 1) >> 1]! + s[n >> 1]!) / 2),
    p95Ms: round(s[Math.ceil(n * 0.95) - 1]!),
    minMs: round(s[0]!),
    maxMs: round(s[n - 1]!),
  };
}

async function time(name: string, action: () => Promise<unknown>, runs: number, warmUp: number): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await action();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await action();
    samples.push(performance.now() - start);
  }
  return summarise(name, samples, warmUp);
}

/** Runs `a` and `b` interleaved (a, b, a, b, …) so both see the same machine state. */
async function timePair(names: [string, string], a: () => Promise<unknown>, b: () => Promise<unknown>, runs: number, warmUp: number): Promise<[Timing, Timing]> {
  for (let i = 0; i < warmUp; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    await a();
    sa.push(performance.now() - start);
    start = performance.now();
    await b();
    sb.push(performance.now() - start);
  }
  return [summarise(names[0], sa, warmUp), summarise(names[1], sb, warmUp)];
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${message}`);
}

/** EXPLAIN QUERY PLAN as indented lines. */
async function queryPlan(client: Client, sqlText: string, args: InValue[]): Promise<string[]> {
  const rs = await client.execute({ sql: `EXPLAIN QUERY PLAN ${sqlText}`, args });
  const depth = new Map<number, number>([[0, -1]]);
  return rs.rows.map((row) => {
    const d = (depth.get(Number(row.parent)) ?? -1) + 1;
    depth.set(Number(row.id), d);
    return `${'  '.repeat(d)}${String(row.detail)}`;
  });
}

/** The SQL and parameters a query function sends (captured through a drizzle logger). */
async function capture(client: Client, run: (db: Db) => Promise<unknown>): Promise<{ sql: string; args: InValue[] }> {
  const captured: { sql: string; args: InValue[] }[] = [];
  const db = drizzle(client, { schema, casing: 'snake_case', logger: { logQuery: (q, p) => captured.push({ sql: q, args: p as InValue[] }) } });
  await run(db);
  check(captured.length === 1, `expected one query, got ${captured.length}`);
  return captured[0]!;
}

const toMap = (rows: readonly RolledValue[]) => new Map(rows.map((r) => [`${r.code}|${r.category}`, r.value]));

function sameSums(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, what: string): void {
  check(a.size === b.size, `${what}: ${a.size} sums vs ${b.size}`);
  for (const [k, v] of a) check(b.get(k) === v, `${what}: ${k} ${v} vs ${b.get(k)}`);
}

// ---------------------------------------------------------------------------------------------
// Raw baselines (the best plain SQLite query for the same rows, through the same libSQL client)

const RAW_SUBTREE = `SELECT indicator_code, category, sum(value) AS value FROM approved_values
  WHERE period = ? AND org_unit_path >= ? AND org_unit_path < ? GROUP BY indicator_code, category`;

const rawSubtree = (client: Client, path: string, period: string) => {
  const { lower, upper } = subtreeRange(path);
  return client.execute({ sql: RAW_SUBTREE, args: [period, lower, upper] });
};

/** Same rows as our roll-up of a province that absorbed units outside its path, their ids known beforehand. */
const rawSubtreePlusUnits = (client: Client, path: string, period: string, outsideIds: readonly string[]) => {
  const { lower, upper } = subtreeRange(path);
  return client.execute({
    sql: `SELECT indicator_code, category, sum(value) AS value FROM (
        SELECT indicator_code, category, value FROM approved_values WHERE period = ? AND org_unit_path >= ? AND org_unit_path < ?
        UNION ALL
        SELECT indicator_code, category, value FROM approved_values WHERE period = ? AND org_unit_id IN (${outsideIds.map(() => '?').join(', ')})
      ) GROUP BY indicator_code, category`,
    args: [period, lower, upper, period, ...outsideIds],
  });
};

const RAW_BY_UNIT = `SELECT org_unit_path, indicator_code, category, sum(value) AS value FROM approved_values
  WHERE period = ? AND org_unit_path >= ? AND org_unit_path < ? GROUP BY org_unit_path, indicator_code, category`;

const rawByUnit = (client: Client, path: string, period: string) => {
  const { lower, upper } = subtreeRange(path);
  return client.execute({ sql: RAW_BY_UNIT, args: [period, lower, upper] });
};

const rawMap = (rs: { rows: readonly Record<string, unknown>[] }) => new Map(rs.rows.map((r) => [`${String(r.indicator_code)}|${String(r.category)}`, Number(r.value)]));

// ---------------------------------------------------------------------------------------------
// Prototypes of alternative roll-up SQL (compared in the same run; packages/db/src is unchanged)

/**
 * The reach of `path` as reports.ts computes it (copied by hand, for the prototypes). With
 * `fixed`, the third arm's `successor_id IS NULL` is written `+c.successor_id IS NULL`: the unary
 * plus keeps SQLite from answering that term through org_units_successor_idx (which, without
 * statistics, it prefers to org_units_parent_idx, and which then returns every unit that has no
 * successor, for every row of the recursion's queue).
 */
function reachCteSql(lower: string, upper: string, fixed: boolean) {
  return {
    sql: `WITH RECURSIVE reach(id, path) AS (
      SELECT id, path FROM org_units WHERE path >= ? AND path < ?
      UNION
      SELECT o.id, o.path FROM org_units o JOIN reach r ON o.successor_id = r.id
      UNION
      SELECT c.id, c.path FROM org_units c JOIN reach r ON c.parent_id = r.id WHERE ${fixed ? '+' : ''}c.successor_id IS NULL
    ),
    outside(id) AS (SELECT id FROM reach WHERE NOT (path >= ? AND path < ?))`,
    args: [lower, upper, lower, upper] as InValue[],
  };
}

interface Prototype {
  name: string;
  note: string;
  /** What it is compared with: the raw roll-up query, or the raw per-unit query (coordinator view). */
  baseline: 'rollup' | 'byUnit';
  /** Whether it is also timed on the whole country (the per-unit ones return 400k rows there). */
  national: boolean;
  /** An index the prototype needs (created for it, after every other figure). */
  index?: string;
  build(path: string, period: string): { sql: string; args: InValue[] };
}

const rollupBody = (cte: { sql: string; args: InValue[] }, lower: string, upper: string, period: string, o: { latestAt: boolean; preAggregate: boolean }) => {
  const at = o.latestAt ? ', approved_at' : '';
  const arm = (where: string) =>
    o.preAggregate
      ? `SELECT indicator_code, category, sum(value) AS value, count(*) AS units${o.latestAt ? ', max(approved_at) AS approved_at' : ''} FROM approved_values WHERE ${where} GROUP BY indicator_code, category`
      : `SELECT indicator_code, category, value${at} FROM approved_values WHERE ${where}`;
  return {
    sql: `${cte.sql}
      SELECT indicator_code AS code, category, sum(value) AS value, ${o.preAggregate ? 'sum(units)' : 'count(*)'} AS units${o.latestAt ? ', max(approved_at) AS latest_at' : ''} FROM (
        ${arm('period = ? AND org_unit_path >= ? AND org_unit_path < ?')}
        UNION ALL
        ${arm('period = ? AND org_unit_id IN (SELECT id FROM outside)')}
      ) GROUP BY indicator_code, category`,
    args: [...cte.args, period, lower, upper, period],
  };
};

const prototypes: Prototype[] = [
  {
    name: 'reach CTE alone, as in reports.ts',
    note: 'the recursive CTE over org_units by itself (SELECT count(*) FROM outside)',
    baseline: 'rollup',
    national: true,
    build(path) {
      const { lower, upper } = subtreeRange(path);
      const cte = reachCteSql(lower, upper, false);
      return { sql: `${cte.sql} SELECT count(*) AS n FROM outside`, args: cte.args };
    },
  },
  {
    name: 'reach CTE alone, +c.successor_id',
    note: 'the same CTE with the unary plus in its third arm (parent index used)',
    baseline: 'rollup',
    national: true,
    build(path) {
      const { lower, upper } = subtreeRange(path);
      const cte = reachCteSql(lower, upper, true);
      return { sql: `${cte.sql} SELECT count(*) AS n FROM outside`, args: cte.args };
    },
  },
  {
    name: 'A: rollUpApproved with +c.successor_id only',
    note: 'reports.ts SQL unchanged except the unary plus (same output, latestAt included)',
    baseline: 'rollup',
    national: true,
    build(path, period) {
      const { lower, upper } = subtreeRange(path);
      return rollupBody(reachCteSql(lower, upper, true), lower, upper, period, { latestAt: true, preAggregate: false });
    },
  },
  {
    name: 'B: A without max(approved_at)',
    note: 'latestAt dropped (no caller reads it): both arms become covering-index scans',
    baseline: 'rollup',
    national: true,
    build(path, period) {
      const { lower, upper } = subtreeRange(path);
      return rollupBody(reachCteSql(lower, upper, true), lower, upper, period, { latestAt: false, preAggregate: false });
    },
  },
  {
    name: 'C: B with each arm aggregated first',
    note: 'GROUP BY inside each UNION ALL arm, the outer query sums at most 2 × 120 rows',
    baseline: 'rollup',
    national: true,
    build(path, period) {
      const { lower, upper } = subtreeRange(path);
      return rollupBody(reachCteSql(lower, upper, true), lower, upper, period, { latestAt: false, preAggregate: true });
    },
  },
  {
    name: 'D: approvedByUnit with +c.successor_id only',
    note: 'reports.ts approvedByUnit SQL unchanged except the unary plus',
    baseline: 'byUnit',
    national: false,
    build(path, period) {
      const { lower, upper } = subtreeRange(path);
      const cte = reachCteSql(lower, upper, true);
      return {
        sql: `${cte.sql}
          SELECT v.org_unit_id AS unit_id, v.org_unit_path AS unit_path, o.successor_id AS successor_id,
                 v.indicator_code AS code, v.category AS category, sum(v.value) AS value
          FROM approved_values v JOIN org_units o ON o.id = v.org_unit_id
          WHERE v.period = ? AND ((v.org_unit_path >= ? AND v.org_unit_path < ?) OR v.org_unit_id IN (SELECT id FROM outside))
          GROUP BY v.org_unit_id, v.indicator_code, v.category`,
        args: [...cte.args, period, lower, upper],
      };
    },
  },
  {
    name: 'E: approvedByUnit as UNION ALL of two index ranges',
    note: 'the subtree through approved_values_rollup_idx (grouped by path), the units outside through approved_values_unit_idx; org_units joined after grouping; same rows as approvedByUnit',
    baseline: 'byUnit',
    national: false,
    build(path, period) {
      const { lower, upper } = subtreeRange(path);
      const cte = reachCteSql(lower, upper, true);
      return {
        sql: `${cte.sql},
          sums AS (
            SELECT org_unit_path, indicator_code, category, sum(value) AS value FROM approved_values
              WHERE period = ? AND org_unit_path >= ? AND org_unit_path < ? GROUP BY org_unit_path, indicator_code, category
            UNION ALL
            SELECT org_unit_path, indicator_code, category, sum(value) AS value FROM approved_values
              WHERE period = ? AND org_unit_id IN (SELECT id FROM outside) GROUP BY org_unit_id, indicator_code, category)
          SELECT o.id AS unit_id, s.org_unit_path AS unit_path, o.successor_id AS successor_id, s.indicator_code AS code, s.category AS category, s.value AS value
          FROM sums s JOIN org_units o ON o.path = s.org_unit_path`,
        args: [...cte.args, period, lower, upper, period],
      };
    },
  },
  {
    name: "F: E, 'total' only",
    note: "E restricted to category = 'total' (the API's child contributions read only totals): a third of the rows",
    baseline: 'byUnit',
    national: false,
    build(path, period) {
      const e = prototypes.find((p) => p.name.startsWith('E:'))!.build(path, period);
      return { sql: e.sql.replaceAll('WHERE period = ?', "WHERE period = ? AND category = 'total'"), args: e.args };
    },
  },
  {
    name: 'G: A, with approved_at added to the roll-up index',
    note: 'latestAt kept: rollUpApproved SQL with the unary plus, and an index (period, org_unit_path, indicator_code, category, value, approved_at)',
    baseline: 'rollup',
    national: true,
    index: 'CREATE INDEX bench_rollup_at_idx ON approved_values (period, org_unit_path, indicator_code, category, value, approved_at)',
    build(path, period) {
      const { lower, upper } = subtreeRange(path);
      return rollupBody(reachCteSql(lower, upper, true), lower, upper, period, { latestAt: true, preAggregate: false });
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Setup: generate into a fresh file database (not timed), then reopen it as the app would.

const loadAtStart = os.loadavg().map((l) => round(l, 2));
const dir = mkdtempSync(join(os.tmpdir(), 'binh-dang-rollup-bench-'));
const file = join(dir, 'bench.db');
const url = `file:${file}`;

const genStart = performance.now();
let data: GeneratedData;
{
  const gen = createDb(url);
  await migrateDb(gen.db);
  // Only for loading: the measured handle below runs with libSQL's defaults, like the app.
  await gen.client.execute('PRAGMA synchronous = OFF');
  data = await generate(gen.db, gen.client, defaultConfig);
  gen.close();
}
const generationSeconds = round((performance.now() - genStart) / 1000, 1);

const handle = createDb(url);
const { db, client } = handle;
const count = async (sqlText: string, args: InValue[] = []) => Number((await client.execute({ sql: sqlText, args })).rows[0]![0]);

const provincePath = data.benchProvince.path;
const mergedPath = data.mergedProvince.path;
const provinces = data.units.filter((u) => u.kind === 'province' && u.validTo == null);
const reportersIn = (path: string, period: string) => data.reporters.filter((r) => r.unit.path.startsWith(path) && r.periods.includes(period)).map((r) => r.unit);

const sizes = {
  approvedValues: await count('SELECT count(*) FROM approved_values'),
  reportValues: await count('SELECT count(*) FROM report_values'),
  reports: await count('SELECT count(*) FROM reports'),
  orgUnits: await count('SELECT count(*) FROM org_units'),
  provincesInForce: provinces.length,
  communesInForce: await count("SELECT count(*) FROM org_units WHERE kind = 'commune' AND valid_to IS NULL"),
  communesReporting: data.reporters.length,
  unitsWithSuccessor: await count('SELECT count(*) FROM org_units WHERE successor_id IS NOT NULL'),
  indicators: data.codes.length,
  categories: CATEGORIES.length,
  province: {
    path: provincePath,
    districts: data.units.filter((u) => u.kind === 'district' && u.path.startsWith(provincePath)).length,
    communesReporting: reportersIn(provincePath, PERIOD).length,
    communesMergedIntoSuccessors: data.units.filter((u) => u.path.startsWith(provincePath) && u.successorId).length,
    periods: defaultConfig.periods.length,
    approvedValues: await count('SELECT count(*) FROM approved_values WHERE org_unit_path >= ? AND org_unit_path < ?', [provincePath, subtreeRange(provincePath).upper]),
    approvedValuesInPeriod: await count('SELECT count(*) FROM approved_values WHERE period = ? AND org_unit_path >= ? AND org_unit_path < ?', [PERIOD, provincePath, subtreeRange(provincePath).upper]),
  },
  nationalPeriodApprovedValues: await count('SELECT count(*) FROM approved_values WHERE period = ?', [PERIOD]),
  databaseBytes: statSync(file).size,
};

console.log(
  `Generated in ${generationSeconds} s: ${sizes.approvedValues.toLocaleString('en')} approved values (${sizes.province.approvedValues.toLocaleString('en')} in the province), ` +
    `${sizes.orgUnits} units, ${sizes.communesInForce} communes in force, ${(sizes.databaseBytes / 1024 ** 2).toFixed(0)} MiB`,
);

// ---------------------------------------------------------------------------------------------
// Correctness first: every figure below is of a query that returned the right totals.

const expectedProvince = expectedSums(data, reportersIn(provincePath, PERIOD), PERIOD);
sameSums(toMap(await rollUpApproved(db, provincePath, PERIOD)), expectedProvince, 'rollUpApproved(province)');
sameSums(rawMap(await rawSubtree(client, provincePath, PERIOD)), expectedProvince, 'raw province');
check(expectedProvince.size === data.codes.length * CATEGORIES.length, 'province: 120 sums');
for (const code of data.codes) check(expectedProvince.get(`${code}|female`)! + expectedProvince.get(`${code}|male`)! === expectedProvince.get(`${code}|total`), 'female + male = total');

const outsideIds = data.absorbedReporters.map((u) => u.id);
const expectedMerged = expectedSums(data, [...reportersIn(mergedPath, PERIOD), ...data.absorbedReporters], PERIOD);
sameSums(toMap(await rollUpApproved(db, mergedPath, PERIOD)), expectedMerged, 'rollUpApproved(merged province)');
sameSums(rawMap(await rawSubtreePlusUnits(client, mergedPath, PERIOD, outsideIds)), expectedMerged, 'raw merged province');

const expectedNational = expectedSums(data, data.reporters.filter((r) => r.periods.includes(PERIOD)).map((r) => r.unit), PERIOD);
sameSums(toMap(await rollUpApproved(db, '/', PERIOD)), expectedNational, "rollUpApproved('/')");
sameSums(rawMap(await rawSubtree(client, '/', PERIOD)), expectedNational, 'raw national');

async function sumOfProvinces(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const p of provinces) for (const r of await rollUpApproved(db, p.path, PERIOD)) out.set(`${r.code}|${r.category}`, (out.get(`${r.code}|${r.category}`) ?? 0) + r.value);
  return out;
}
sameSums(await sumOfProvinces(), expectedNational, 'sum of the 34 provinces');

const byUnitRows = await approvedByUnit(db, provincePath, PERIOD);
check(byUnitRows.length === sizes.province.approvedValuesInPeriod, 'approvedByUnit: one row per unit, indicator and category');

// ---------------------------------------------------------------------------------------------
// Query plans

const ourProvince = await capture(client, (d) => rollUpApproved(d, provincePath, PERIOD));
const ourByUnit = await capture(client, (d) => approvedByUnit(d, provincePath, PERIOD));
const { lower: pLower, upper: pUpper } = subtreeRange(provincePath);
const plans = {
  rawProvince: { sql: RAW_SUBTREE.replace(/\s+/g, ' '), plan: await queryPlan(client, RAW_SUBTREE, [PERIOD, pLower, pUpper]) },
  rollUpApproved: { sql: ourProvince.sql.replace(/\s+/g, ' '), plan: await queryPlan(client, ourProvince.sql, ourProvince.args) },
  rawByUnit: { sql: RAW_BY_UNIT.replace(/\s+/g, ' '), plan: await queryPlan(client, RAW_BY_UNIT, [PERIOD, pLower, pUpper]) },
  approvedByUnit: { sql: ourByUnit.sql.replace(/\s+/g, ' '), plan: await queryPlan(client, ourByUnit.sql, ourByUnit.args) },
};
check(
  plans.rawProvince.plan.some((line) => line.includes('USING COVERING INDEX approved_values_rollup_idx')),
  `the raw query does not use the covering index:\n${plans.rawProvince.plan.join('\n')}`,
);

// ---------------------------------------------------------------------------------------------
// Timings

const PROVINCE_RUNS = 150;
const PROVINCE_WARM_UP = 15;
const BY_UNIT_RUNS = 30;
const BY_UNIT_WARM_UP = 3;
const NATIONAL_RUNS = 10;
const NATIONAL_WARM_UP = 2;

console.log('Timing the province roll-up …');
const [provinceOurs, provinceRaw] = await timePair(
  ['rollUpApproved(province)', 'raw covering-index query (province)'],
  () => rollUpApproved(db, provincePath, PERIOD),
  () => rawSubtree(client, provincePath, PERIOD),
  PROVINCE_RUNS,
  PROVINCE_WARM_UP,
);
const [byUnitOurs, byUnitRaw] = await timePair(
  ['approvedByUnit(province)', 'raw per-unit query (province)'],
  () => approvedByUnit(db, provincePath, PERIOD),
  () => rawByUnit(client, provincePath, PERIOD),
  BY_UNIT_RUNS,
  BY_UNIT_WARM_UP,
);
const [mergedOurs, mergedRaw] = await timePair(
  ['rollUpApproved(province that absorbed another)', 'raw: range + unit lookups of the absorbed units'],
  () => rollUpApproved(db, mergedPath, PERIOD),
  () => rawSubtreePlusUnits(client, mergedPath, PERIOD, outsideIds),
  PROVINCE_RUNS,
  PROVINCE_WARM_UP,
);

console.log('Timing the national roll-up …');
const [nationalOurs, nationalRaw] = await timePair(
  ["rollUpApproved('/') (whole country)", 'raw covering-index query (whole country)'],
  () => rollUpApproved(db, '/', PERIOD),
  () => rawSubtree(client, '/', PERIOD),
  NATIONAL_RUNS,
  NATIONAL_WARM_UP,
);
const nationalSum = await time('sum of rollUpApproved over the 34 provinces', sumOfProvinces, NATIONAL_RUNS, NATIONAL_WARM_UP);

// Approval → visible: a commune's report is taken back to 'submitted' (not timed), then the
// clock runs from reading the report and starting the approval batch to the roll-up read that
// shows the new total; the total must have grown by the report's value.
console.log('Timing approval → visible …');
const APPROVAL_RUNS = 30;
const APPROVAL_WARM_UP = 5;
const actor = { userId: null, label: 'bench' };
let eventSeq = 0;
const event = () => `bench-e${++eventSeq}`;
const stamp = () => new Date(Date.UTC(2025, 0, 20) + eventSeq * 1000).toISOString();
const probeCode = data.codes[data.codes.length - 1]!;
const communes = reportersIn(provincePath, PERIOD);
async function move(reportId: string, action: 'unapprove' | 'submit' | 'approve', to: 'returned' | 'submitted' | 'approved') {
  const report = (await getReport(db, reportId))!;
  const [first, ...rest] = transitionReportStatements(db, {
    report,
    eventId: event(),
    expectedVersion: report.version,
    action,
    to,
    comment: action === 'unapprove' ? 'bench' : null,
    at: stamp(),
    actor,
  });
  await db.batch([first!, ...rest]);
}
const approveSamples: number[] = [];
const approveBatchSamples: number[] = [];
const visibleReadSamples: number[] = [];
for (let i = 0; i < APPROVAL_WARM_UP + APPROVAL_RUNS; i++) {
  const commune = communes[(i * 37) % communes.length]!;
  const reportId = `r-${commune.id}-${PERIOD}`;
  await move(reportId, 'unapprove', 'returned');
  await move(reportId, 'submit', 'submitted');
  const before = toMap(await rollUpApproved(db, provincePath, PERIOD)).get(`${probeCode}|total`)!;
  const own = expectedSums(data, [commune], PERIOD).get(`${probeCode}|total`)!;
  const start = performance.now();
  await move(reportId, 'approve', 'approved');
  const committed = performance.now();
  const after = toMap(await rollUpApproved(db, provincePath, PERIOD)).get(`${probeCode}|total`)!;
  const end = performance.now();
  check(after - before === own, `approval of ${commune.id}: total grew by ${after - before}, expected ${own}`);
  if (i >= APPROVAL_WARM_UP) {
    approveSamples.push(end - start);
    approveBatchSamples.push(committed - start);
    visibleReadSamples.push(end - committed);
  }
}
sameSums(toMap(await rollUpApproved(db, provincePath, PERIOD)), expectedProvince, 'province after the approval runs');
const approval = summarise('approve (getReport + batch) → rollUpApproved shows the new total', approveSamples, APPROVAL_WARM_UP);
const approvalBatch = summarise('… of which the approval (getReport + batch)', approveBatchSamples, APPROVAL_WARM_UP);
const approvalRead = summarise('… of which the roll-up read', visibleReadSamples, APPROVAL_WARM_UP);

// Prototypes of alternative SQL, each interleaved with its raw baseline, after the figures above
// (the one index a prototype needs is created last and dropped at the end).
console.log('Timing the prototypes …');
const prototypeResults = [];
for (const proto of prototypes) {
  if (proto.index) await client.execute(proto.index);
  const p = proto.build(provincePath, PERIOD);
  const rs = await client.execute(p);
  if (proto.baseline === 'rollup' && rs.columns.includes('code')) sameSums(new Map(rs.rows.map((r) => [`${String(r.code)}|${String(r.category)}`, Number(r.value)])), expectedProvince, proto.name);
  if (proto.baseline === 'byUnit' && !proto.name.includes("'total'")) check(rs.rows.length === byUnitRows.length, `${proto.name}: ${rs.rows.length} rows, approvedByUnit ${byUnitRows.length}`);
  const [province, raw] =
    proto.baseline === 'rollup'
      ? await timePair([`${proto.name} (province)`, 'raw covering-index query (province)'], () => client.execute(p), () => rawSubtree(client, provincePath, PERIOD), PROVINCE_RUNS, PROVINCE_WARM_UP)
      : await timePair([`${proto.name} (province)`, 'raw per-unit query (province)'], () => client.execute(p), () => rawByUnit(client, provincePath, PERIOD), BY_UNIT_RUNS, BY_UNIT_WARM_UP);
  let national: Timing | null = null;
  if (proto.national) {
    const n = proto.build('/', PERIOD);
    national = await time(`${proto.name} (whole country)`, () => client.execute(n), NATIONAL_RUNS, NATIONAL_WARM_UP);
  }
  prototypeResults.push({
    name: proto.name,
    note: proto.note,
    index: proto.index ?? null,
    province,
    rawInSameRun: raw,
    ratioToRaw: round(province.medianMs / raw.medianMs, 2),
    national,
    plan: await queryPlan(client, p.sql, p.args),
  });
}

handle.close();
if (process.env.KEEP_DB) {
  // A fresh connection: the measuring one may still hold statements on the table.
  const again = createDb(url);
  for (const proto of prototypes) if (proto.index) await again.client.execute(`DROP INDEX IF EXISTS ${proto.index.split(' ')[2]}`);
  again.close();
  console.log(`Database kept: ${file}`);
}
else rmSync(dir, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// Results

const ratio = (a: Timing, b: Timing) => round(a.medianMs / b.medianMs, 2);
const provinceRatio = ratio(provinceOurs, provinceRaw);
const nationalBest = nationalOurs.medianMs <= nationalSum.medianMs ? nationalOurs : nationalSum;
const goals = {
  provinceRatio: { goal: 'rollUpApproved(province) median ≤ 2 × the raw covering-index query', value: provinceRatio, limit: 2, pass: provinceRatio <= 2 },
  national: {
    goal: 'national roll-up p95 ≤ 2 s (the slower of the two ways measured: the root path, and the sum of the 34 provinces)',
    valueMs: Math.max(nationalOurs.medianMs, nationalSum.medianMs),
    p95Ms: Math.max(nationalOurs.p95Ms, nationalSum.p95Ms),
    limitMs: 2000,
    pass: Math.max(nationalOurs.p95Ms, nationalSum.p95Ms) <= 2000,
  },
  approvalVisible: { goal: 'approval → visible in the roll-up: p95 < 1 s', valueMs: approval.medianMs, p95Ms: approval.p95Ms, limitMs: 1000, pass: approval.p95Ms < 1000 },
};

const output = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 2),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    /** 1/5/15-minute load averages when the run started and ended (other work on the machine adds noise). */
    loadAverage: { start: loadAtStart, end: os.loadavg().map((l) => round(l, 2)) },
  },
  database: 'libSQL file (@libsql/client, default pragmas as the app runs it), built by the real migrations',
  period: PERIOD,
  setup: [
    'tinh-01 (the province measured): 10 districts × 15 communes, all reporting 2020Q1–2024Q4; 20 of them merged into 10 new communes under the province (successor links inside its path)',
    'tinh-02 … tinh-34: communes directly under the province, reporting the national period only; tinh-02 absorbed the abolished tinh-cu (2 districts, 50 communes: 40 with successors in tinh-02, 10 following the province link), read through the successor links',
    'each commune and period: one approved report, 40 indicators × total/female/male (female + male = total) in report_values and approved_values',
    'raw baselines run through the same libSQL client; each timed pair is interleaved (ours, raw, ours, raw, …); every query is checked against totals computed in memory first',
  ],
  sizes,
  generationSeconds,
  goals,
  ratios: {
    provinceOursToRaw: provinceRatio,
    byUnitOursToRaw: ratio(byUnitOurs, byUnitRaw),
    mergedProvinceOursToRaw: ratio(mergedOurs, mergedRaw),
    nationalRootOursToRaw: ratio(nationalOurs, nationalRaw),
    nationalSumOfProvincesToRaw: ratio(nationalSum, nationalRaw),
  },
  results: {
    province: { ours: provinceOurs, raw: provinceRaw },
    coordinatorView: { ours: byUnitOurs, raw: byUnitRaw },
    mergedProvince: { ours: mergedOurs, raw: mergedRaw, unitsOutsidePath: outsideIds.length },
    national: { root: nationalOurs, sumOfProvinces: nationalSum, raw: nationalRaw, best: nationalBest.name },
    approvalVisible: { total: approval, approvalBatch, rollUpRead: approvalRead, probe: probeCode },
  },
  prototypes: prototypeResults,
  plans,
};

const line = (t: Timing) => `${t.name.padEnd(62)} median ${t.medianMs.toFixed(2).padStart(8)} ms  p95 ${t.p95Ms.toFixed(2).padStart(8)} ms  (n=${t.runs})`;
console.log('\nProvince roll-up');
console.log(line(provinceOurs));
console.log(line(provinceRaw));
console.log(`  ratio ours/raw ${provinceRatio}× (goal ≤ 2×: ${goals.provinceRatio.pass ? 'pass' : 'FAIL'})`);
console.log(line(byUnitOurs));
console.log(line(byUnitRaw));
console.log(`  ratio ${output.ratios.byUnitOursToRaw}×`);
console.log(line(mergedOurs));
console.log(line(mergedRaw));
console.log(`  ratio ${output.ratios.mergedProvinceOursToRaw}×`);
console.log('National roll-up');
console.log(line(nationalOurs));
console.log(line(nationalSum));
console.log(line(nationalRaw));
console.log(`  goal p95 ≤ 2 s: ${goals.national.pass ? 'pass' : 'FAIL'}`);
console.log('Approval → visible');
for (const t of [approval, approvalBatch, approvalRead]) console.log(line(t));
console.log(`  goal p95 < 1 s: ${goals.approvalVisible.pass ? 'pass' : 'FAIL'}`);
console.log('Prototypes (province; whole country)');
for (const p of prototypeResults) {
  console.log(`${line(p.province)}  ${p.ratioToRaw}× raw (raw ${p.rawInSameRun.medianMs.toFixed(2)} ms)`);
  if (p.national) console.log(line(p.national));
}
console.log('\nPlan of the raw province query:\n  ' + plans.rawProvince.plan.join('\n  '));
console.log('Plan of rollUpApproved:\n  ' + plans.rollUpApproved.plan.join('\n  '));

const out = fileURLToPath(new URL('./results/rollup.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\nWrote ${out}`);
