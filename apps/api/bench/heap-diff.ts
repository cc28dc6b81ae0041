// Compares two V8 heap snapshots (e.g. the two the load benchmark's --snapshots takes, after the
// warm-up and at the end of the load) by constructor: count and self size of the objects of each
// (node type, name), sorted by growth. What keeps growing under a steady load is what leaks.
//
//   node --max-old-space-size=4096 --import tsx apps/api/bench/heap-diff.ts before.heapsnapshot after.heapsnapshot [top]
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

interface Group {
  count: number;
  bytes: number;
}

function groups(path: string): { byName: Map<string, Group>; total: Group } {
  const s = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = s.snapshot.meta.node_types[0];
  const byName = new Map<string, Group>();
  const total = { count: 0, bytes: 0 };
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt]!]!;
    // Strings, code and numbers by type only; objects and closures by constructor/function name.
    const name = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${s.strings[s.nodes[i + nameAt]!]}` : `(${type})`;
    const size = s.nodes[i + sizeAt]!;
    const g = byName.get(name) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += size;
    byName.set(name, g);
    total.count++;
    total.bytes += size;
  }
  return { byName, total };
}

const [beforeFile, afterFile, topArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) throw new Error('usage: heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [top]');
const top = Number(topArg ?? 25);
const before = groups(beforeFile);
const after = groups(afterFile);
const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(2);
console.log(`total: ${before.total.count} → ${after.total.count} objects, ${mb(before.total.bytes)} → ${mb(after.total.bytes)} MB`);
const names = new Set([...before.byName.keys(), ...after.byName.keys()]);
const rows = [...names].map((name) => {
  const b = before.byName.get(name) ?? { count: 0, bytes: 0 };
  const a = after.byName.get(name) ?? { count: 0, bytes: 0 };
  return { name, count: a.count, dCount: a.count - b.count, bytes: a.bytes, dBytes: a.bytes - b.bytes };
});
console.log('\nby growth in bytes:');
for (const r of [...rows].sort((x, y) => y.dBytes - x.dBytes).slice(0, top))
  console.log(`  ${(r.dBytes >= 0 ? '+' : '') + mb(r.dBytes)} MB  ${(r.dCount >= 0 ? '+' : '') + r.dCount} objects  (now ${r.count}, ${mb(r.bytes)} MB)  ${r.name.slice(0, 100)}`);
console.log('\nby growth in count:');
for (const r of [...rows].sort((x, y) => y.dCount - x.dCount).slice(0, top))
  console.log(`  ${(r.dCount >= 0 ? '+' : '') + r.dCount} objects  ${(r.dBytes >= 0 ? '+' : '') + mb(r.dBytes)} MB  (now ${r.count})  ${r.name.slice(0, 100)}`);
