// A unit's targets of a year are version-checked (GET/PUT /api/v1/org-units/{unitId}/targets):
// the save sends the version it read (0 before the first save); a stale one gets 409 with the
// targets as stored now and writes nothing; of concurrent saves of one version exactly one wins.
import { afterEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import type { Client, InStatement } from '@libsql/client';
import { getTargetSet, isStaleWrite, saveTargetStatements, schema } from '@binh-dang/db';
import { createTestApp } from '../../test/test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const UNIT = 'huyen-lam-thao';
const URL_2024 = `/api/v1/org-units/${UNIT}/targets?year=2024`;
const PUT_URL = `/api/v1/org-units/${UNIT}/targets`;

interface Target {
  indicatorCode: string;
  year: number;
  comparator: string;
  value: number;
}
interface TargetsBody {
  items: Target[];
  version: number | null;
}
interface Problem {
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  current?: { year: number; version: number; items: Target[] };
}

async function start(options: Parameters<typeof createTestApp>[0] = {}) {
  t = await createTestApp(options);
  return t.signIn('dieuphoi@lamthao.demo');
}

/**
 * A client whose reads of a target version wait until `parties` of them have arrived (or 5 s):
 * every save then reads version 0 before any writes, passes the route's early check, and only the
 * write guard inside the batch can stop the losers. It counts the batches that write a version.
 */
function barrierClient(parties: number) {
  const state = { reads: 0, writes: 0 };
  let release: () => void = () => {};
  const all = new Promise<void>((resolve) => (release = resolve));
  const sqlOf = (s: InStatement | string) => (typeof s === 'string' ? s : s.sql);
  const wrap = (client: Client): Client =>
    new Proxy(client, {
      get(target, prop) {
        if (prop === 'batch')
          return async (statements: InStatement[], mode?: Parameters<Client['batch']>[1]) => {
            if (statements.some((s) => /^(insert into|update) "target_sets"/i.test(sqlOf(s)))) state.writes++;
            else if (statements.some((s) => /^select .* from "target_sets"/i.test(sqlOf(s)))) {
              if (++state.reads === parties) release();
              await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 5000))]);
            }
            return target.batch(statements, mode);
          };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  return { state, wrap };
}

async function read(cookie: string, url = URL_2024): Promise<TargetsBody> {
  const res = await t.get(url, cookie);
  expect(res.status).toBe(200);
  return (await res.json()) as TargetsBody;
}

const put = (cookie: string, body: unknown) => t.send('PUT', PUT_URL, body, cookie);

/** Everything a targets save can change: the rows, the versions and the audit events. */
async function snapshot() {
  const targets = await t.db.select().from(schema.indicatorTargets).where(eq(schema.indicatorTargets.orgUnitId, UNIT));
  const versions = await t.db.select().from(schema.targetSets).where(eq(schema.targetSets.orgUnitId, UNIT));
  const [audit] = await t.db.select({ n: count() }).from(schema.auditEvents).where(eq(schema.auditEvents.action, 'targets.set'));
  return JSON.stringify({ targets, versions, audit: audit!.n });
}

describe('unit targets are version-checked', () => {
  it('happy path: version 0 before the first save, each save moves it on by one, with one audit event each', async () => {
    const coordinator = await start();
    expect(await read(coordinator)).toEqual({ items: [], version: 0 });

    const first = await put(coordinator, {
      year: 2024,
      version: 0,
      targets: [
        { indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 40 },
        { indicatorCode: 'NQ28-1.1', comparator: '>=', value: 60 },
      ],
    });
    expect(first.status).toBe(200);
    const saved = (await first.json()) as TargetsBody;
    expect(saved.version).toBe(1);
    expect(saved.items.map((i) => [i.indicatorCode, i.value])).toEqual([
      ['NQ28-1.1', 60],
      ['OP-ARTICLES', 40],
    ]);
    expect(await read(coordinator)).toEqual(saved);

    // A second save with the version just read: one target changed, one removed.
    const second = await put(coordinator, {
      year: 2024,
      version: 1,
      targets: [
        { indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 45 },
        { indicatorCode: 'NQ28-1.1', comparator: '>=', value: null },
      ],
    });
    expect(second.status).toBe(200);
    expect((await second.json()) as TargetsBody).toEqual({ items: [{ indicatorCode: 'OP-ARTICLES', year: 2024, comparator: '>=', value: 45 }], version: 2 });

    // Another year has its own version; a read without a year has none.
    expect(await read(coordinator, `/api/v1/org-units/${UNIT}/targets?year=2025`)).toEqual({ items: [], version: 0 });
    expect((await read(coordinator, `/api/v1/org-units/${UNIT}/targets`)).version).toBeNull();

    const events = await t.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'targets.set'));
    expect(events.map((e) => (JSON.parse(e.after!) as { version: number }).version)).toEqual([1, 2]);
    expect((JSON.parse(events[1]!.before!) as { version: number; targets: Target[] }).targets).toHaveLength(2);
  });

  it('refuses a save without a version (400, body.version), and writes nothing', async () => {
    const coordinator = await start();
    const before = await snapshot();
    const res = await put(coordinator, { year: 2024, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 40 }] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as Problem).errors?.map((e) => e.path)).toEqual(['body.version']);
    expect(await snapshot()).toBe(before);
  });

  it('a stale version gets 409 with the targets and version stored now, and nothing changes', async () => {
    const coordinator = await start();
    // The first coordinator saves; a second one still holds version 0.
    expect((await put(coordinator, { year: 2024, version: 0, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 40 }] })).status).toBe(200);
    const stored = await snapshot();

    for (const version of [0, 2, 7]) {
      const res = await put(coordinator, { year: 2024, version, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 99 }] });
      expect(res.status, `version ${version}`).toBe(409);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const p = (await res.json()) as Problem;
      expect(p.detail).toContain('(Someone saved these targets first)');
      expect(p.current).toEqual({ year: 2024, version: 1, items: [{ indicatorCode: 'OP-ARTICLES', year: 2024, comparator: '>=', value: 40 }] });
      expect(await snapshot()).toBe(stored);
    }

    // Targets stored before versions existed (no target_sets row) are version 0: a save with 0 goes through once.
    await t.db.insert(schema.indicatorTargets).values({ indicatorCode: 'OP-ARTICLES', orgUnitId: UNIT, year: 2023, comparator: '>=', value: 10, setBy: 'cũ' });
    expect(await read(coordinator, `/api/v1/org-units/${UNIT}/targets?year=2023`)).toMatchObject({ version: 0, items: [{ value: 10 }] });
    expect((await put(coordinator, { year: 2023, version: 0, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 12 }] })).status).toBe(200);
    expect((await put(coordinator, { year: 2023, version: 0, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 13 }] })).status).toBe(409);
    expect(await read(coordinator, `/api/v1/org-units/${UNIT}/targets?year=2023`)).toMatchObject({ version: 1, items: [{ value: 12 }] });
  });

  it('concurrent saves of one version: exactly one wins, the others get 409 and write nothing', async () => {
    const coordinator = await start();
    const second = await t.signIn('dieuphoi@lamthao.demo'); // another session of the same coordinator, as from a second browser
    const SAVES = 12;
    const results = await Promise.all(
      Array.from({ length: SAVES }, (_, i) =>
        put(i % 2 ? second : coordinator, { year: 2024, version: 0, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 100 + i }] }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(SAVES - 1);
    const winner = statuses.indexOf(200);
    expect(await read(coordinator)).toEqual({ items: [{ indicatorCode: 'OP-ARTICLES', year: 2024, comparator: '>=', value: 100 + winner }], version: 1 });
    const [audit] = await t.db.select({ n: count() }).from(schema.auditEvents).where(eq(schema.auditEvents.action, 'targets.set'));
    expect(audit!.n).toBe(1);

    // The guard inside the batch itself (past the route's early check): the second batch of one version rolls back whole.
    await t.db.batch(saveTargetStatements(t.db, UNIT, 2025, 0, [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 1 }], 'a', '2024-06-01T00:00:00.000Z') as never);
    let stale: unknown = null;
    try {
      await t.db.batch(
        saveTargetStatements(t.db, UNIT, 2025, 0, [{ indicatorCode: 'NQ28-1.1', comparator: '>=', value: 2 }, { indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 3 }], 'b', '2024-06-01T00:00:01.000Z') as never,
      );
    } catch (error) {
      stale = error;
    }
    expect(isStaleWrite(stale)).toBe(true);
    expect(await getTargetSet(t.db, UNIT, 2025)).toEqual({ year: 2025, version: 1, items: [{ indicatorCode: 'OP-ARTICLES', year: 2025, comparator: '>=', value: 1 }] });
    const [guards] = await t.db.select({ n: count() }).from(schema.writeGuards);
    expect(guards!.n).toBe(0);
    const rows2025 = await t.db.select().from(schema.indicatorTargets).where(and(eq(schema.indicatorTargets.orgUnitId, UNIT), eq(schema.indicatorTargets.year, 2025)));
    expect(rows2025).toHaveLength(1);
    console.log(
      `[issue 9] unit targets: ${SAVES} concurrent saves (through the route's early check) of version 0 → ${statuses.filter((s) => s === 200).length} × 200, ${statuses.filter((s) => s === 409).length} × 409, 1 audit event; the second of two batches of one version → rolled back by write_guards, 0 rows changed`,
    );
  });

  it('concurrent saves that all pass the early version check: the write guard in the batch stops all but one', async () => {
    const SAVES = 8;
    const barrier = barrierClient(SAVES);
    const coordinator = await start({ wrapClient: barrier.wrap });
    const results = await Promise.all(
      Array.from({ length: SAVES }, (_, i) => put(coordinator, { year: 2024, version: 0, targets: [{ indicatorCode: 'OP-ARTICLES', comparator: '>=', value: 200 + i }] })),
    );
    expect(barrier.state.writes).toBe(SAVES); // every save sent its batch: none was stopped by the early check
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(SAVES - 1);
    const loser = (await results.find((r) => r.status === 409)!.json()) as Problem;
    expect(loser.current?.version).toBe(1);
    const winner = statuses.indexOf(200);
    expect(await read(coordinator)).toEqual({ items: [{ indicatorCode: 'OP-ARTICLES', year: 2024, comparator: '>=', value: 200 + winner }], version: 1 });
    const [audit] = await t.db.select({ n: count() }).from(schema.auditEvents).where(eq(schema.auditEvents.action, 'targets.set'));
    expect(audit!.n).toBe(1);
    console.log(`[issue 9] unit targets: ${SAVES} concurrent saves of version 0 all past the early check → ${statuses.filter((s) => s === 200).length} × 200, ${statuses.filter((s) => s === 409).length} × 409 from the write guard, 1 audit event`);
  });
});
