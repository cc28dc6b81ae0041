import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainOf,
  createChainVerifier,
  GENESIS_HASH,
  hashEvent,
  sealAuditEvent,
  sha256Hex,
  verifyChain,
  type AuditEvent,
  type AuditEventInput,
} from './audit.ts';
import { newId } from './ids.ts';

function input(n: number): AuditEventInput {
  return {
    action: 'plan.update',
    entityType: 'plan',
    entityId: `plan-${n}`,
    orgUnitId: 'huyen-lam-thao',
    actorUserId: 'user-1',
    actorLabel: 'can.bo@phutho.gov.vn',
    before: { title: `Kế hoạch ${n}`, version: n },
    after: { title: `Kế hoạch ${n} (sửa)`, version: n + 1 },
    ip: '203.0.113.7',
  };
}

async function buildChain(length: number, chain = 'tinh-phu-tho-1997'): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const event = await sealAuditEvent(input(seq), {
      id: `ev-${seq}`,
      chain,
      seq,
      at: new Date(Date.UTC(2025, 6, 1, 8, 0, seq)).toISOString(),
      prevHash,
    });
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

describe('canonicalJson', () => {
  it('spells equal values the same whatever the key order', () => {
    const a = { b: 1, a: [{ y: true, x: null }], c: { e: 'é', d: -0.5 } };
    const b = { c: { d: -0.5, e: 'é' }, a: [{ x: null, y: true }], b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":[{"x":null,"y":true}],"b":1,"c":{"d":-0.5,"e":"é"}}');
  });

  it('keeps array order and writes no whitespace', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ a: [1, { b: 'x y' }] })).toBe('{"a":[1,{"b":"x y"}]}');
  });

  it('escapes quotes, backslashes, control characters and lone surrogates', () => {
    const tricky = 'a"b\\c\nd\te\u0001f\u2028g\ud800';
    const json = canonicalJson({ [tricky]: tricky });
    expect(json).toBe('{"a\\"b\\\\c\\nd\\te\\u0001f\u2028g\\ud800":"a\\"b\\\\c\\nd\\te\\u0001f\u2028g\\ud800"}');
    expect(JSON.parse(json)).toEqual({ [tricky]: tricky });
  });

  it('writes dates through toJSON', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2025, 0, 2)) })).toBe('{"at":"2025-01-02T00:00:00.000Z"}');
  });

  it.each([
    ['undefined', undefined, /undefined tại \$/],
    ['undefined in an object', { a: { b: undefined } }, /undefined tại \$\.a\.b/],
    ['undefined in an array', [1, undefined], /undefined tại \$\[1\]/],
    ['a hole in a sparse array', [1, , 3], /undefined tại \$\[1\]/], // eslint-disable-line no-sparse-arrays
    ['NaN', { n: Number.NaN }, /NaN tại \$\.n/],
    ['Infinity', [Number.POSITIVE_INFINITY], /Infinity tại \$\[0\]/],
    ['-Infinity', Number.NEGATIVE_INFINITY, /-Infinity/],
    ['a function', { f: () => 1 }, /function tại \$\.f/],
    ['a bigint', { n: 1n }, /bigint/],
    ['a symbol', Symbol('s'), /symbol/],
    ['a Map', new Map(), /Map/],
  ])('rejects %s with a clear message', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson(value)).toThrow(message);
    expect(() => canonicalJson(value)).toThrow(/canonical JSON cannot represent/);
  });

  it('rejects cycles but allows the same object twice', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });
});

describe('chainOf', () => {
  it('is the root of the path, or system without one', () => {
    expect(chainOf('/tinh-phu-tho-1997/huyen-lam-thao/')).toBe('tinh-phu-tho-1997');
    expect(chainOf('/tinh-phu-tho-1997/')).toBe('tinh-phu-tho-1997');
    expect(chainOf(null)).toBe('system');
  });

  it('refuses an empty path', () => {
    expect(() => chainOf('/')).toThrow(RangeError);
  });
});

describe('hashEvent', () => {
  it('is SHA-256 hex of the canonical JSON of every field but hash', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const [event] = await buildChain(1);
    const { hash, ...fields } = event!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashEvent(fields)).toBe(hash);
    expect(await sha256Hex(canonicalJson(fields))).toBe(hash);
    // The stored hash passed back in is not part of what is hashed.
    expect(await hashEvent(event!)).toBe(hash);
  });

  it('changes when any field changes', async () => {
    const [event] = await buildChain(1);
    const { hash, ...fields } = event!;
    const changes: Partial<Record<keyof typeof fields, unknown>> = {
      id: 'ev-x',
      chain: 'system',
      seq: 2,
      at: '2025-07-01T08:00:02.000Z',
      actorUserId: null,
      actorLabel: 'ke.gian@example.com',
      action: 'plan.delete',
      entityType: 'report',
      entityId: 'plan-2',
      orgUnitId: null,
      before: null,
      after: '{"title":"khác"}',
      ip: '198.51.100.1',
      prevHash: 'f'.repeat(64),
    };
    expect(Object.keys(changes).sort()).toEqual(Object.keys(fields).sort());
    for (const [key, value] of Object.entries(changes)) {
      expect(await hashEvent({ ...fields, [key]: value }), key).not.toBe(hash);
    }
  });
});

describe('sealAuditEvent', () => {
  it('stores before and after as canonical JSON and null as null', async () => {
    const event = await sealAuditEvent(
      { ...input(1), before: null, after: { z: 1, a: 'x' } },
      { id: 'ev-1', chain: 'system', seq: 1, at: '2025-07-01T00:00:00.000Z', prevHash: GENESIS_HASH },
    );
    expect(event.before).toBeNull();
    expect(event.after).toBe('{"a":"x","z":1}');
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and an empty one', async () => {
    const events = await buildChain(5);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    expect(await verifyChain(events)).toEqual({ ok: true, checked: 5 });
    expect(await verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  it('names an altered row (hash mismatch)', async () => {
    const events = await buildChain(5);
    events[2] = { ...events[2]!, after: '{"title":"giả mạo"}' };
    const result = await verifyChain(events);
    expect(result).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, id: 'ev-3', kind: 'hash' } });
    expect(!result.ok && result.firstBroken.reason).toMatch(/^Mã băm không khớp.*\(hash mismatch/);
  });

  it('names a gap where an event was removed', async () => {
    const events = await buildChain(5);
    events.splice(2, 1);
    const result = await verifyChain(events);
    expect(result).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 4, id: 'ev-4', kind: 'seq' } });
    expect(!result.ok && result.firstBroken.reason).toMatch(/Thiếu seq 3.*\(gap: seq 3 missing/);
  });

  it('names a broken link where an event was removed and the rest renumbered', async () => {
    const events = await buildChain(5);
    events.splice(2, 1);
    const renumbered = events.map((e, i) => ({ ...e, seq: i + 1 }));
    const result = await verifyChain(renumbered);
    expect(result).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, id: 'ev-4', kind: 'prevHash' } });
    expect(!result.ok && result.firstBroken.reason).toMatch(/^prevHash khác.*\(prevHash does not match/);
  });

  it('names a forged event inserted with a valid hash of its own', async () => {
    const events = await buildChain(5);
    const forged = await sealAuditEvent(input(99), {
      id: 'forged',
      chain: 'tinh-phu-tho-1997',
      seq: 3,
      at: events[2]!.at,
      prevHash: events[1]!.hash,
    });
    const tampered = [...events.slice(0, 2), forged, ...events.slice(2).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect(await verifyChain(tampered)).toMatchObject({ ok: false, checked: 3, firstBroken: { seq: 4, id: 'ev-3', kind: 'prevHash' } });
  });

  it('names reordered events', async () => {
    const events = await buildChain(5);
    [events[1], events[2]] = [events[2]!, events[1]!];
    expect(await verifyChain(events)).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 3, kind: 'seq' } });
  });

  it('names a chain that does not start at seq 1', async () => {
    const events = (await buildChain(3)).slice(1);
    const result = await verifyChain(events);
    expect(result).toMatchObject({ ok: false, checked: 0, firstBroken: { seq: 2, kind: 'seq' } });
    expect(!result.ok && result.firstBroken.reason).toMatch(/không bắt đầu từ seq 1.*\(chain does not start at seq 1/);
  });

  it('names an event of another chain', async () => {
    const events = await buildChain(3);
    events[1] = { ...events[1]!, chain: 'system' };
    const result = await verifyChain(events);
    expect(result).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 2, kind: 'chain' } });
    expect(!result.ok && result.firstBroken.reason).toMatch(/thuộc chuỗi 'system'.*\(event belongs to chain 'system'/);
    expect(await verifyChain(await buildChain(1), 'system')).toMatchObject({ ok: false, firstBroken: { kind: 'chain' } });
  });

  it('gives the same answer page by page as in one go', async () => {
    const events = await buildChain(7);
    const verifier = createChainVerifier('tinh-phu-tho-1997');
    expect(await verifier.push(events.slice(0, 3))).toEqual({ ok: true, checked: 3 });
    expect(await verifier.push(events.slice(3))).toEqual({ ok: true, checked: 7 });

    events[4] = { ...events[4]!, actorLabel: 'ai đó' };
    const paged = createChainVerifier();
    await paged.push(events.slice(0, 3));
    const broken = await paged.push(events.slice(3));
    expect(broken).toEqual(await verifyChain(events));
    expect(broken).toMatchObject({ ok: false, checked: 4, firstBroken: { seq: 5 } });
    // Once broken, later pages change nothing.
    expect(await paged.push(await buildChain(2))).toEqual(broken);
  });
});

describe('newId', () => {
  const crockford = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{26}$/;

  it('makes 26-character Crockford base32 ids with the time as prefix', () => {
    expect(newId(0)).toMatch(/^0{10}[0-9A-Z]{16}$/);
    expect(newId(new Date('2025-07-01T00:00:00Z'))).toMatch(crockford);
    expect(newId(2 ** 48 - 1).slice(0, 10)).toBe('7ZZZZZZZZZ');
    expect(() => newId(-1)).toThrow(RangeError);
    expect(() => newId(2 ** 48)).toThrow(RangeError);
  });

  it('sorts by time', () => {
    const earlier = newId(new Date('2025-07-01T00:00:00Z'));
    const later = newId(new Date('2025-07-01T00:00:00.001Z'));
    expect(earlier < later).toBe(true);
  });

  it('stays unique and in creation order within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newId(1_750_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
