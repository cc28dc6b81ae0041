// Times the seed plan's export to .docx and the reading of that .docx back into lines: the median
// of 50 runs after 10 warm-up runs each, against a budget of 200 ms. Writes bench/results/documents.json.
// Run: cd packages/documents && npx tsx bench/documents.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { lamThaoPlan2024 } from '../../db/src/seed/lam-thao-plan-2024.ts';
import { readDocxLines } from '../src/docx-read.ts';
import { parsePlan } from '../src/plan-import.ts';
import { planToDocx } from '../src/plan-docx.ts';

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

async function time(name: string, action: () => unknown): Promise<Timing> {
  for (let i = 0; i < WARM_UP; i++) await action();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await action();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = (samples[(RUNS - 1) >> 1]! + samples[RUNS >> 1]!) / 2;
  return {
    name,
    runs: RUNS,
    medianMs: round(median),
    p95Ms: round(samples[Math.ceil(RUNS * 0.95) - 1]!),
    minMs: round(samples[0]!),
    maxMs: round(samples[RUNS - 1]!),
    budgetMs: BUDGET_MS,
    withinBudget: median <= BUDGET_MS,
  };
}

const docx = await planToDocx(lamThaoPlan2024);
const lineCount = readDocxLines(docx).length;

const results = [
  await time('planToDocx(seed plan)', () => planToDocx(lamThaoPlan2024)),
  await time('readDocxLines(seed plan .docx)', () => readDocxLines(docx)),
  // The whole import as the API runs it: read the .docx, then recognise the plan's structure.
  await time('import: readDocxLines + parsePlan (seed plan .docx)', () => parsePlan(readDocxLines(docx))),
];

const report = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  },
  input: { plan: lamThaoPlan2024.id, docxBytes: docx.length, lines: lineCount },
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
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${out}`);
if (results.some((r) => !r.withinBudget)) process.exitCode = 1;
