// The figures of issue 9's suites in one results file: runs the suites that prove a claim
// (generated bad input, concurrency and idempotency keys, fault injection, backup and restore,
// limits, evidence without orphans, version-checked targets), collects the `[issue 9] …` lines they print and writes them,
// with the machine and the vitest result, to bench/results/robustness.json (and .md).
// The same suites run in `npm test`; this command only records their figures.
//   npm run bench:robustness
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const SUITES = [
  'apps/api/test/bad-input.test.ts',
  'apps/api/test/concurrency.test.ts',
  'apps/api/test/faults.test.ts',
  'apps/api/test/backup.test.ts',
  'apps/api/test/limits.test.ts',
  'apps/api/test/evidence-orphans.test.ts',
  'apps/api/src/routes/targets.test.ts',
];

const started = new Date();
const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
const output = await new Promise<{ code: number; text: string }>((resolve) => {
  const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'api', ...SUITES], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
    process.stdout.write(d);
  });
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  child.on('close', (code) => resolve({ code: code ?? 1, text }));
});

// eslint-disable-next-line no-control-regex
const plain = output.text.replace(/\u001b\[[0-9;]*m/g, '');
const figures = plain
  .split('\n')
  .map((line) => line.slice(line.indexOf('[issue 9]')))
  .filter((line) => line.startsWith('[issue 9]'))
  .map((line) => line.slice('[issue 9] '.length).trim());
const summary = /Tests\s+(.+)/.exec(plain)?.[1]?.trim() ?? 'unknown';

const result = {
  ranAt: started.toISOString(),
  command: 'npm run bench:robustness',
  suites: SUITES,
  passed: output.code === 0,
  vitest: summary,
  seconds: Math.round((Date.now() - started.getTime()) / 1000),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 100) / 100,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: { start: loadAtStart, end: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  },
  figures,
};
const out = join(here, 'results');
writeFileSync(join(out, 'robustness.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(
  join(out, 'robustness.md'),
  [
    '# Robustness figures (issue 9)',
    '',
    `Run ${result.ranAt} by \`${result.command}\` (apps/api/bench/robustness.ts): ${result.passed ? 'all suites passed' : 'SUITES FAILED'} (${summary}) in ${result.seconds} s.`,
    `Machine: ${result.machine.cpu}, ${result.machine.cpus} cores, ${result.machine.memoryGiB} GiB, ${result.machine.platform}, Node ${result.machine.node}; load average ${loadAtStart.join(' / ')} at the start.`,
    '',
    ...figures.map((f) => `- ${f}`),
    '',
  ].join('\n'),
);
console.log(`\nrobustness: ${figures.length} figures from ${SUITES.length} suites written to apps/api/bench/results/robustness.json (${summary})`);
process.exit(output.code === 0 && figures.length > 0 ? 0 : 1);
