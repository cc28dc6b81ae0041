// Preloaded into the server by the load benchmark (`node --expose-gc --import tsx --import
// ./bench/memory-probe.ts src/node.ts`): it measures the server from the inside, where RSS alone
// cannot tell a leak from a heap that is still growing into its working size.
//
//   BENCH_MEMORY_FILE        append one JSON line per sample: { at (ms since the epoch), afterGc,
//                            rss, heapUsed, heapTotal, external, arrayBuffers } (bytes)
//   BENCH_MEMORY_EVERY_MS    plain sample period (default 5000)
//   BENCH_GC_EVERY_MS        period of the after-GC samples (default 30000): a full collection
//                            (global.gc, so the server must run with --expose-gc), then a sample, so
//                            garbage not yet collected is not mistaken for growth
//   BENCH_HEAP_SNAPSHOT_DIR  on SIGUSR2: a full collection, then v8.writeHeapSnapshot into this
//                            folder (heap-<n>.heapsnapshot); the load benchmark's --snapshots
//                            sends the signal after the warm-up and at the end of the load
//
// Nothing here touches the application; without BENCH_MEMORY_FILE it does nothing.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

const file = process.env.BENCH_MEMORY_FILE;
const gc = (globalThis as { gc?: () => void }).gc;

function sample(afterGc: boolean) {
  if (afterGc && gc) gc();
  const m = process.memoryUsage();
  const line = { at: Date.now(), afterGc: afterGc && !!gc, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
  appendFileSync(file!, `${JSON.stringify(line)}\n`);
}

if (file) {
  const every = Number(process.env.BENCH_MEMORY_EVERY_MS ?? 5000);
  const gcEvery = Number(process.env.BENCH_GC_EVERY_MS ?? 30_000);
  sample(false);
  setInterval(() => sample(false), every).unref();
  if (gc) setInterval(() => sample(true), gcEvery).unref();
}

const snapshotDir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
if (snapshotDir) {
  let n = 0;
  process.on('SIGUSR2', () => {
    gc?.();
    const path = writeHeapSnapshot(join(snapshotDir, `heap-${++n}.heapsnapshot`));
    console.log(`[memory-probe] heap snapshot ${path}`);
  });
}
