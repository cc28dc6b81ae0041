import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, eq, getTableColumns } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, sealAuditEvent, type AuditEvent, type AuditEventInput } from '@binh-dang/domain';
import {
  appendAuditEvents,
  auditChainOf,
  auditInsert,
  isAuditSeqConflict,
  listAuditChains,
  listAuditEvents,
  prepareAuditEvent,
  verifyAuditChain,
} from './audit.ts';
import { createDb, type DbHandle } from './client.ts';
import { migrateDb } from './migrate.ts';
import { insertOrgUnits } from './org-units.ts';
import { auditEvents, orgUnits } from './schema.ts';
import { demoOrgUnits } from './seed/index.ts';
import type { Db } from './types.ts';

const PROVINCE = 'tinh-phu-tho-1997';
const now = new Date('2025-07-01T08:00:00.000Z');

let handles: DbHandle[] = [];
afterEach(() => {
  for (const handle of handles) handle.close();
  handles = [];
});

async function freshDb(url = ':memory:'): Promise<DbHandle> {
  const handle = createDb(url);
  handles.push(handle);
  await migrateDb(handle.db);
  return handle;
}

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

async function appendN(db: Db, chain: string, n: number): Promise<AuditEvent[]> {
  return appendAuditEvents(
    db,
    Array.from({ length: n }, (_, i) => input(i + 1)),
    { now, chain },
  );
}

/** A hand edit must first drop the triggers that keep the table append-only. */
async function dropTriggers(handle: DbHandle) {
  await handle.client.execute('DROP TRIGGER audit_events_no_update');
  await handle.client.execute('DROP TRIGGER audit_events_no_delete');
}

/** The message of an error and of its causes (drizzle wraps the driver's error). */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) parts.push(e.message);
  return parts.join(' <- ');
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function countEvents(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditEvents);
  return row?.n ?? 0;
}

describe('appendAuditEvents', () => {
  it('numbers each chain from 1 and links every event to the one before', async () => {
    const { db } = await freshDb();
    const events = await appendAuditEvents(
      db,
      [
        { ...input(1), chain: PROVINCE },
        { ...input(2), chain: 'system' },
        { ...input(3), chain: PROVINCE },
        { ...input(4), chain: 'system' },
        { ...input(5), chain: PROVINCE },
      ],
      { now },
    );
    expect(events.map((e) => [e.chain, e.seq])).toEqual([
      [PROVINCE, 1],
      ['system', 1],
      [PROVINCE, 2],
      ['system', 2],
      [PROVINCE, 3],
    ]);

    const province = await listAuditEvents(db, { chain: PROVINCE });
    expect(province.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(province[2]!.prevHash).toBe(GENESIS_HASH);
    expect(province[1]!.prevHash).toBe(province[2]!.hash);
    expect(province[0]!.prevHash).toBe(province[1]!.hash);
    const system = await listAuditEvents(db, { chain: 'system' });
    expect(system.map((e) => e.seq)).toEqual([2, 1]);
    expect(system[0]!.prevHash).toBe(system[1]!.hash);
    expect(province.toReversed()).toEqual(events.filter((e) => e.chain === PROVINCE));

    expect(await verifyAuditChain(db, PROVINCE)).toEqual({ chain: PROVINCE, ok: true, checked: 3 });
    expect(await verifyAuditChain(db, 'system')).toEqual({ chain: 'system', ok: true, checked: 2 });
  });

  it('continues a chain across calls and stores the input faithfully', async () => {
    const { db } = await freshDb();
    await appendN(db, PROVINCE, 2);
    const [event] = await appendAuditEvents(db, [{ ...input(9), before: null }], { now, chain: PROVINCE });
    expect(event).toMatchObject({
      chain: PROVINCE,
      seq: 3,
      at: '2025-07-01T08:00:00.000Z',
      action: 'plan.update',
      entityId: 'plan-9',
      before: null,
      after: '{"title":"Kế hoạch 9 (sửa)","version":10}',
    });
    expect(event!.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(await listAuditEvents(db, { chain: PROVINCE, limit: 1 })).toEqual([event]);
  });

  it('refuses an input without a chain', async () => {
    const { db } = await freshDb();
    await expect(appendAuditEvents(db, [input(1)], { now })).rejects.toThrow(/không có chuỗi/);
    expect(await appendAuditEvents(db, [], { now })).toEqual([]);
  });

  it('lands 20 concurrent appends to one chain without gaps', async () => {
    const { db } = await freshDb();
    let batches = 0;
    const counting = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'batch') return Reflect.get(target, prop, receiver);
        return (items: Parameters<Db['batch']>[0]) => {
          batches++;
          return target.batch(items);
        };
      },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendAuditEvents(counting, [input(i + 1)], { now, chain: PROVINCE })),
    );
    expect(results.flat().map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Appends within one process wait for each other instead of colliding and retrying.
    expect(batches).toBe(20);
    expect(await countEvents(db)).toBe(20);
    expect(await verifyAuditChain(db, PROVINCE)).toEqual({ chain: PROVINCE, ok: true, checked: 20 });
  });

  it('retries when another writer took the same seq meanwhile', async () => {
    const { db } = await freshDb();
    await appendN(db, PROVINCE, 2);
    // Another process appends seq 3 between this call's read of the head and its batch.
    const competitor = await prepareAuditEvent(db, input(50), { now, chain: PROVINCE });
    let batches = 0;
    const racing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'batch') return Reflect.get(target, prop, receiver);
        return async (items: Parameters<Db['batch']>[0]) => {
          if (batches++ === 0) await auditInsert(target, competitor);
          return target.batch(items);
        };
      },
    });
    const [event] = await appendAuditEvents(racing, [input(3)], { now, chain: PROVINCE });
    expect(batches).toBe(2);
    expect(event).toMatchObject({ seq: 4, prevHash: competitor.hash });
    expect(await verifyAuditChain(db, PROVINCE)).toEqual({ chain: PROVINCE, ok: true, checked: 4 });
  });

  it('gives up after 5 retries', async () => {
    const { db } = await freshDb();
    let batches = 0;
    const alwaysBeaten = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'batch') return Reflect.get(target, prop, receiver);
        return async (items: Parameters<Db['batch']>[0]) => {
          batches++;
          await auditInsert(target, await prepareAuditEvent(target, input(99), { now, chain: PROVINCE }));
          return target.batch(items);
        };
      },
    });
    const error = await caught(appendAuditEvents(alwaysBeaten, [input(1)], { now, chain: PROVINCE }));
    expect(isAuditSeqConflict(error)).toBe(true);
    expect(batches).toBe(6);
  });
});

describe('auditInsert in a batch', () => {
  const province = demoOrgUnits.find((u) => u.id === PROVINCE)!;

  it('lands with the change it records, or not at all', async () => {
    const { db } = await freshDb();
    const event = await prepareAuditEvent(
      db,
      { ...input(1), action: 'org_unit.create', entityType: 'org_unit', entityId: PROVINCE, after: province },
      { now, chain: PROVINCE },
    );
    const error = await caught(
      db.batch([db.insert(orgUnits).values(province), auditInsert(db, event), db.insert(orgUnits).values(province)]),
    );
    expect(errorText(error)).toMatch(/UNIQUE constraint failed: org_units\./);
    expect(await db.select().from(orgUnits)).toEqual([]);
    expect(await countEvents(db)).toBe(0);

    await db.batch([db.insert(orgUnits).values(province), auditInsert(db, event)]);
    expect(await db.select({ id: orgUnits.id }).from(orgUnits)).toEqual([{ id: PROVINCE }]);
    expect(await listAuditEvents(db, { chain: PROVINCE })).toEqual([event]);
  });

  it('appendAuditEvents runs statements alongside the events atomically', async () => {
    const { db } = await freshDb();
    const failing = appendAuditEvents(db, [input(1)], {
      now,
      chain: PROVINCE,
      alongside: [db.insert(orgUnits).values(province), db.insert(orgUnits).values(province)],
    });
    await expect(failing).rejects.toThrow();
    expect(await countEvents(db)).toBe(0);

    const [event] = await appendAuditEvents(db, [input(1)], { now, chain: PROVINCE, alongside: [db.insert(orgUnits).values(province)] });
    expect(event!.seq).toBe(1);
    expect(await db.select({ id: orgUnits.id }).from(orgUnits)).toEqual([{ id: PROVINCE }]);
  });

  it('is refused when another event already holds its seq', async () => {
    const { db } = await freshDb();
    const first = await prepareAuditEvent(db, input(1), { now, chain: PROVINCE });
    const second = await prepareAuditEvent(db, input(2), { now, chain: PROVINCE });
    expect([first.seq, second.seq]).toEqual([1, 1]);
    await auditInsert(db, first);
    const conflict = await caught(auditInsert(db, second));
    expect(isAuditSeqConflict(conflict)).toBe(true);
    const sameId = await caught(auditInsert(db, { ...second, seq: 2 }).then(() => auditInsert(db, { ...second, seq: 3 })));
    expect(isAuditSeqConflict(sameId)).toBe(false);
  });
});

describe('append-only', () => {
  it('refuses updates and deletes from application code', async () => {
    const { db } = await freshDb();
    const [event] = await appendN(db, PROVINCE, 1);
    const update = await caught(db.update(auditEvents).set({ actorLabel: 'ai đó' }).where(eq(auditEvents.id, event!.id)));
    expect(errorText(update)).toMatch(/audit events are append-only/);
    const remove = await caught(db.delete(auditEvents).where(eq(auditEvents.id, event!.id)));
    expect(errorText(remove)).toMatch(/audit events are append-only/);
    expect(await listAuditEvents(db, { chain: PROVINCE })).toEqual([event]);
    expect(await verifyAuditChain(db, PROVINCE)).toMatchObject({ ok: true, checked: 1 });
  });
});

describe('editing any audit row by hand is detected', () => {
  // [column, SET clause, args, seq reported, kind]
  const edits: [string, string, unknown[], number, string][] = [
    ['id', 'id = ?', ['forged-id'], 3, 'hash'],
    ['chain', 'chain = ?', ['tinh-khac'], 4, 'seq'],
    ['seq', 'seq = seq + 100', [], 4, 'seq'],
    ['at', 'at = ?', ['2030-01-01T00:00:00.000Z'], 3, 'hash'],
    ['actor_user_id', 'actor_user_id = ?', ['user-forged'], 3, 'hash'],
    ['actor_label', 'actor_label = ?', ['ke.gian@example.com'], 3, 'hash'],
    ['action', 'action = ?', ['plan.approve'], 3, 'hash'],
    ['entity_type', 'entity_type = ?', ['report'], 3, 'hash'],
    ['entity_id', 'entity_id = ?', ['plan-other'], 3, 'hash'],
    ['org_unit_id', 'org_unit_id = ?', [null], 3, 'hash'],
    ['before', 'before = ?', [null], 3, 'hash'],
    ['after', 'after = ?', ['{"title":"Kế hoạch giả","version":4}'], 3, 'hash'],
    ['ip', 'ip = ?', ['198.51.100.66'], 3, 'hash'],
    ['prev_hash', 'prev_hash = ?', ['f'.repeat(64)], 3, 'prevHash'],
    ['hash', 'hash = ?', ['a'.repeat(64)], 3, 'hash'],
  ];

  it('covers every stored column', () => {
    const stored = Object.values(getTableColumns(auditEvents)).map((column) => column.name);
    expect(edits.map(([column]) => column).sort()).toEqual(stored.sort());
  });

  it.each(edits)('an edit of %s in event 3', async (column, set, args, seq, kind) => {
    const handle = await freshDb();
    const events = await appendN(handle.db, PROVINCE, 5);
    await appendN(handle.db, 'system', 2);
    await dropTriggers(handle);
    const edited = await handle.client.execute({
      sql: `UPDATE audit_events SET ${set} WHERE chain = ? AND seq = 3`,
      args: [...(args as (string | null)[]), PROVINCE],
    });
    expect(edited.rowsAffected).toBe(1);

    const result = await verifyAuditChain(handle.db, PROVINCE);
    // Events 1 and 2 still verify, whichever link is reported.
    expect(result).toMatchObject({ chain: PROVINCE, ok: false, checked: 2, firstBroken: { seq, kind } });
    if (!result.ok) expect(result.firstBroken.id).toBe(column === 'id' ? 'forged-id' : events[seq - 1]!.id);
    // The other chain is untouched.
    expect(await verifyAuditChain(handle.db, 'system')).toMatchObject({ ok: true, checked: 2 });
  });

  it('a deleted event: the next one reports the gap', async () => {
    const handle = await freshDb();
    const events = await appendN(handle.db, PROVINCE, 5);
    await dropTriggers(handle);
    await handle.client.execute({ sql: 'DELETE FROM audit_events WHERE chain = ? AND seq = 3', args: [PROVINCE] });
    const result = await verifyAuditChain(handle.db, PROVINCE);
    expect(result).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 4, id: events[3]!.id, kind: 'seq' } });
    expect(!result.ok && result.firstBroken.reason).toMatch(/Thiếu seq 3/);
  });

  it('a deleted event with the rest renumbered: the broken link is reported', async () => {
    const handle = await freshDb();
    const events = await appendN(handle.db, PROVINCE, 5);
    await dropTriggers(handle);
    await handle.client.batch([
      { sql: 'DELETE FROM audit_events WHERE chain = ? AND seq = 3', args: [PROVINCE] },
      { sql: 'UPDATE audit_events SET seq = seq + 100 WHERE chain = ? AND seq > 3', args: [PROVINCE] },
      { sql: 'UPDATE audit_events SET seq = seq - 101 WHERE chain = ? AND seq > 100', args: [PROVINCE] },
    ]);
    expect(await verifyAuditChain(handle.db, PROVINCE)).toMatchObject({
      ok: false,
      checked: 2,
      firstBroken: { seq: 3, id: events[3]!.id, kind: 'prevHash' },
    });
  });

  it('a forged event inserted in the middle, even with a valid hash of its own', async () => {
    const handle = await freshDb();
    const events = await appendN(handle.db, PROVINCE, 5);
    await dropTriggers(handle);
    await handle.client.batch([
      { sql: 'UPDATE audit_events SET seq = seq + 100 WHERE chain = ? AND seq >= 3', args: [PROVINCE] },
      { sql: 'UPDATE audit_events SET seq = seq - 99 WHERE chain = ? AND seq > 100', args: [PROVINCE] },
    ]);
    const forged = await sealAuditEvent(
      { ...input(3), actorLabel: 'giam.doc@phutho.gov.vn', action: 'plan.approve' },
      { id: 'forged', chain: PROVINCE, seq: 3, at: events[2]!.at, prevHash: events[1]!.hash },
    );
    await auditInsert(handle.db, forged); // inserts are allowed: the triggers refuse only UPDATE and DELETE
    expect(await verifyAuditChain(handle.db, PROVINCE)).toMatchObject({
      ok: false,
      checked: 3,
      firstBroken: { seq: 4, id: events[2]!.id, kind: 'prevHash' },
    });
  });

  it('a forged event appended with a made-up hash', async () => {
    const handle = await freshDb();
    const events = await appendN(handle.db, PROVINCE, 5);
    const forged: AuditEvent = { ...events[4]!, id: 'forged', seq: 6, prevHash: events[4]!.hash, hash: 'b'.repeat(64) };
    await auditInsert(handle.db, forged);
    expect(await verifyAuditChain(handle.db, PROVINCE)).toMatchObject({ ok: false, checked: 5, firstBroken: { seq: 6, kind: 'hash' } });
  });
});

describe('verifyAuditChain over many pages', () => {
  async function insertLongChain(db: Db, length: number): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= length; seq++) {
      const event = await sealAuditEvent(input(seq), { id: `ev-${String(seq).padStart(5, '0')}`, chain: PROVINCE, seq, at: now.toISOString(), prevHash });
      events.push(event);
      prevHash = event.hash;
    }
    for (let i = 0; i < events.length; i += 500) await db.insert(auditEvents).values(events.slice(i, i + 500));
    return events;
  }

  it('verifies 2,500 events and finds a break after the first page', async () => {
    const handle = await freshDb();
    await insertLongChain(handle.db, 2500);
    expect(await verifyAuditChain(handle.db, PROVINCE)).toEqual({ chain: PROVINCE, ok: true, checked: 2500 });
    expect(await verifyAuditChain(handle.db, PROVINCE, { pageSize: 7 })).toEqual({ chain: PROVINCE, ok: true, checked: 2500 });
    expect(await verifyAuditChain(handle.db, PROVINCE, { pageSize: 2500 })).toEqual({ chain: PROVINCE, ok: true, checked: 2500 });

    await dropTriggers(handle);
    await handle.client.execute({ sql: "UPDATE audit_events SET ip = '10.0.0.1' WHERE seq = 1500", args: [] });
    expect(await verifyAuditChain(handle.db, PROVINCE)).toMatchObject({
      ok: false,
      checked: 1499,
      firstBroken: { seq: 1500, id: 'ev-01500', kind: 'hash' },
    });
  });

  it('reads a duplicated seq at a page boundary', async () => {
    const handle = await freshDb();
    const events = await insertLongChain(handle.db, 12);
    await handle.client.execute('DROP INDEX audit_events_chain_seq_uq');
    await auditInsert(handle.db, { ...events[9]!, id: 'ev-00010-copy' });
    expect(await verifyAuditChain(handle.db, PROVINCE, { pageSize: 10 })).toMatchObject({
      ok: false,
      checked: 10,
      firstBroken: { seq: 10, id: 'ev-00010-copy', kind: 'seq' },
    });
  });
});

describe('listAuditEvents and listAuditChains', () => {
  it('pages newest first and summarises every chain', async () => {
    const { db } = await freshDb();
    expect(await listAuditChains(db)).toEqual([]);
    await appendN(db, PROVINCE, 7);
    await appendN(db, 'system', 2);
    const page1 = await listAuditEvents(db, { chain: PROVINCE, limit: 3 });
    expect(page1.map((e) => e.seq)).toEqual([7, 6, 5]);
    const page2 = await listAuditEvents(db, { chain: PROVINCE, limit: 3, beforeSeq: page1.at(-1)!.seq });
    expect(page2.map((e) => e.seq)).toEqual([4, 3, 2]);
    expect(await listAuditEvents(db, { chain: 'nowhere' })).toEqual([]);
    expect(await listAuditChains(db)).toEqual([
      { chain: 'system', events: 2, lastSeq: 2 },
      { chain: PROVINCE, events: 7, lastSeq: 7 },
    ]);
  });
});

describe('auditChainOf', () => {
  it("is the unit's province, or system without a unit", async () => {
    const { db } = await freshDb();
    await insertOrgUnits(db, demoOrgUnits);
    expect(await auditChainOf(db, 'huyen-lam-thao')).toBe(PROVINCE);
    expect(await auditChainOf(db, PROVINCE)).toBe(PROVINCE);
    expect(await auditChainOf(db, null)).toBe('system');
    await expect(auditChainOf(db, 'khong-co')).rejects.toThrow(RangeError);
  });
});

describe('npm run audit:verify', () => {
  const packageDir = fileURLToPath(new URL('..', import.meta.url));

  function runVerify(url: string, ...args: string[]) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'audit-verify', ...args], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status, out: run.stdout, err: run.stderr };
  }

  it('exits 0 while the chains hold and 1 naming the first broken link after a hand edit', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'binh-dang-audit-'));
    try {
      const url = `file:${join(dir, 'audit.db')}`;
      const handle = await freshDb(url);
      const events = await appendN(handle.db, PROVINCE, 3);
      await appendN(handle.db, 'system', 2);
      handle.close();

      const intact = runVerify(url);
      expect(intact.err).toBe('');
      expect(intact.status).toBe(0);
      expect(intact.out).toContain(`Chuỗi ${PROVINCE}: 3 sự kiện, hợp lệ (valid)`);
      expect(intact.out).toContain('Chuỗi system: 2 sự kiện, hợp lệ (valid)');

      const editor = createDb(url);
      handles.push(editor);
      await dropTriggers(editor);
      await editor.client.execute({ sql: "UPDATE audit_events SET actor_label = 'ai đó' WHERE chain = ? AND seq = 2", args: [PROVINCE] });
      editor.close();

      const broken = runVerify(url);
      expect(broken.status).toBe(1);
      expect(broken.out).toContain(`Chuỗi ${PROVINCE}: HỎNG (broken) tại seq 2, id ${events[1]!.id}`);
      expect(broken.out).toMatch(/hash mismatch/);
      expect(broken.out).toContain('Chuỗi system: 2 sự kiện, hợp lệ (valid)');

      const systemOnly = runVerify(url, 'system');
      expect(systemOnly.status).toBe(0);
      expect(systemOnly.out).not.toContain(PROVINCE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
