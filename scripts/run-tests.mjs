#!/usr/bin/env node
// Runs every Vitest project of the root config once: the default reporter to the console and a
// JSON report to test-results/vitest.json. Forwards Vitest's exit code and ends with one line
//   tests: N passed, M failed, K skipped
// computed from the JSON report. Extra arguments are passed to Vitest (e.g. `--project domain`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportFile = join(root, 'test-results', 'vitest.json');
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');

function crashed(message) {
  if (message) console.error(`run-tests: ${message}`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

// A report left over from an earlier run must never be read as this run's result.
rmSync(reportFile, { force: true });
mkdirSync(dirname(reportFile), { recursive: true });

if (!existsSync(vitestBin)) crashed(`vitest is not installed (${vitestBin} is missing): run npm install`);

const args = [
  vitestBin,
  'run',
  '--config',
  join(root, 'vitest.config.ts'),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
  ...process.argv.slice(2),
];

const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });

// Let Ctrl-C reach Vitest (same process group) without killing this script before the summary.
const ignore = () => {};
process.on('SIGINT', ignore);
process.on('SIGTERM', ignore);

child.on('error', (err) => crashed(`could not start vitest: ${err.message}`));
child.on('close', (code, signal) => {
  const exitCode = code ?? (signal ? 1 : 0);
  if (signal) console.error(`run-tests: vitest was stopped by ${signal}`);

  let report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch (err) {
    crashed(existsSync(reportFile) ? `unreadable report ${reportFile}: ${err.message}` : 'vitest wrote no report');
  }

  const num = (key) => (Number.isInteger(report[key]) ? report[key] : 0);
  const passed = num('numPassedTests');
  // A test file that fails to load (syntax error, failing import, error in a hook outside any
  // test) has no failed test, but it is a failure: count it as one.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length;
  let failed = num('numFailedTests') + brokenFiles;
  // Vitest failed for a reason the report does not attribute to a test (unhandled error, no test
  // files, …): never print "0 failed" for a failing run.
  if (exitCode !== 0 && failed === 0) failed = 1;
  const skipped = num('numPendingTests') + num('numTodoTests');

  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(exitCode !== 0 ? exitCode : failed > 0 ? 1 : 0);
});
