// Times the seed plan's export to .docx and the reading of that .docx back into lines: the median
// of 50 runs after 10 warm-up runs each, against a budget of 200 ms; and the import of a filled
// report workbook of more than 10,000 value cells (.xlsx): the median of 15 runs after 3 warm-up
// runs, against a budget of 2 s. Writes bench/results/documents.json.
// Run: cd packages/documents && npx tsx bench/documents.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { DataValue, Indicator } from '@binh-dang/domain';
import { lamThaoPlan2024 } from '../../db/src/seed/lam-thao-plan-2024.ts';
import { readDocxLines } from '../src/docx-read.ts';
import { parsePlan } from '../src/plan-import.ts';
import { planToDocx } from '../src/plan-docx.ts';
import { buildReportTemplate, readReportWorkbook } from '../src/report-xlsx.ts';

const WARM_UP = 10;
const RUNS = 50;
const BUDGET_MS = 200;

interface Timing {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  budgetMs: number;
  withinBudget: boolean;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

async function time(
  name: string,
  action: () => unknown,
  { runs = RUNS, warmUp = WARM_UP, budgetMs = BUDGET_MS }: { runs?: number; warmUp?: number; budgetMs?: number } = {},
): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await action();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await action();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = (samples[(runs - 1) >> 1]! + samples[runs >> 1]!) / 2;
  return {
    name,
    runs,
    medianMs: round(median),
    p95Ms: round(samples[Math.ceil(runs * 0.95) - 1]!),
    minMs: round(samples[0]!),
    maxMs: round(samples[runs - 1]!),
    budgetMs,
    withinBudget: median <= budgetMs,
  };
}

/** A unit reporting `count` sex-disaggregated counts, every cell filled: 3 value cells each. */
function syntheticReport(count: number): { indicators: Indicator[]; values: DataValue[] } {
  const indicators: Indicator[] = [];
  const values: DataValue[] = [];
  for (let i = 1; i <= count; i++) {
    const code = `SYN-${String(i).padStart(5, '0')}`;
    indicators.push({
      code,
      nameVi: `Số người tham gia hoạt động tổng hợp số ${i}`,
      nameEn: `Synthetic participants ${i}`,
      unit: 'người',
      aggregation: { kind: 'sum' },
      disaggregation: 'sex',
      polarity: 'higher-better',
      sensitivity: 'public',
      source: 'bench',
      objective: null,
      targets: [],
      verification: 'verified',
      note: null,
    });
    const female = (i * 7919) % 5000;
    const male = (i * 104729) % 5000;
    values.push(
      { indicator: code, category: 'total', value: female + male },
      { indicator: code, category: 'female', value: female },
      { indicator: code, category: 'male', value: male },
    );
  }
  return { indicators, values };
}

const docx = await planToDocx(lamThaoPlan2024);
const lineCount = readDocxLines(docx).length;

const XLSX_INDICATORS = 3400;
const report = syntheticReport(XLSX_INDICATORS);
const xlsx = await buildReportTemplate({
  unit: { id: 'bench-unit', name: 'Đơn vị đo hiệu năng' },
  period: { code: '2024', label: 'Năm 2024' },
  plan: { id: 'bench-plan', title: 'Kế hoạch đo hiệu năng' },
  deadline: '2025-01-15',
  indicators: report.indicators,
  values: report.values,
});
const xlsxExpected = { unitId: 'bench-unit', period: '2024', indicators: report.indicators };
const check = await readReportWorkbook(xlsx, xlsxExpected);
if (!check.ok || check.values.length !== report.values.length) throw new Error('report workbook did not read back');

const results = [
  await time('planToDocx(seed plan)', () => planToDocx(lamThaoPlan2024)),
  await time('readDocxLines(seed plan .docx)', () => readDocxLines(docx)),
  // The whole import as the API runs it: read the .docx, then recognise the plan's structure.
  await time('import: readDocxLines + parsePlan (seed plan .docx)', () => parsePlan(readDocxLines(docx))),
  await time(`readReportWorkbook(${report.values.length} value cells .xlsx)`, () => readReportWorkbook(xlsx, xlsxExpected), {
    runs: 15,
    warmUp: 3,
    budgetMs: 2000,
  }),
];

const output = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  },
  input: {
    plan: lamThaoPlan2024.id,
    docxBytes: docx.length,
    lines: lineCount,
    reportXlsx: { indicators: XLSX_INDICATORS, valueCells: report.values.length, bytes: xlsx.length },
  },
  warmUp: WARM_UP,
  results,
};

for (const r of results) {
  console.log(
    `${r.name.padEnd(34)} median ${r.medianMs.toFixed(2).padStart(7)} ms  p95 ${r.p95Ms.toFixed(2).padStart(7)} ms  ` +
      `min ${r.minMs.toFixed(2).padStart(7)} ms  (budget ${r.budgetMs} ms${r.withinBudget ? '' : ', OVER'})`,
  );
}

const out = fileURLToPath(new URL('./results/documents.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);
console.log(`wrote ${out}`);
if (results.some((r) => !r.withinBudget)) process.exitCode = 1;
