// Appends to an audit chain hold the chain's lock while the event is hashed (packages/db
// appendAuditEvents). If the hash waited for an event-loop turn, as Web Crypto's digest does, a
// busy server would append one event per province per turn (the load benchmark, issue 9).
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './audit.ts';

// This package has no Node types; the test runs on Node.
const node = globalThis as unknown as { setImmediate(fn: () => void): void; performance: { now(): number }; console: { log(line: string): void } };

describe('sha256Hex on Node', () => {
  it('settles without giving the event loop a turn', async () => {
    let turned = false;
    node.setImmediate(() => (turned = true));
    const started = node.performance.now();
    const hashes = [];
    for (let i = 0; i < 50; i++) hashes.push(await sha256Hex(`sự kiện ${i}`));
    expect(hashes[0]).toBe(await sha256Hex('sự kiện 0'));
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(turned).toBe(false);
    node.console.log(`[issue 9] audit hash: 52 SHA-256 hashes in ${(node.performance.now() - started).toFixed(2)} ms with no event-loop turn`);
  });
});
