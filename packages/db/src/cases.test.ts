import { afterEach, describe, expect, it } from 'vitest';
import { caseAad, caseEventAad, createCaseCipher, generateCaseKey, parseCaseKeys, type CaseFacts } from '@binh-dang/domain';
import { createDb, type DbHandle } from './client.ts';
import { migrateDb } from './migrate.ts';
import { insertOrgUnits } from './org-units.ts';
import {
  addCaseEventStatements,
  caseCountRows,
  caseEventRows,
  caseKeyVersionsInUse,
  getCaseRow,
  insertCaseStatement,
  listCases,
  rotateCaseKeys,
} from './cases.ts';
import { demoOrgUnits } from './seed/index.ts';
import type { Db } from './types.ts';

let handles: DbHandle[] = [];
afterEach(() => {
  for (const h of handles) h.close();
  handles = [];
});

async function fresh(): Promise<{ db: Db; handle: DbHandle }> {
  const handle = createDb(':memory:');
  handles.push(handle);
  await migrateDb(handle.db);
  await insertOrgUnits(handle.db, demoOrgUnits);
  return { db: handle.db, handle };
}

const CANARY = 'Nguyễn Thị Canary Hoa';
const PHONE = '0912 345 678';
const NARRATIVE = 'Bị chồng đánh tại nhà riêng ở xóm Đình';
const V1 = generateCaseKey('v1');
const V2 = generateCaseKey('v2');
const commune = demoOrgUnits.find((u) => u.id === 'xa-cao-xa-2024')!;
const facts: CaseFacts = {
  intakeDate: '2024-03-10',
  type: 'physical_assault',
  contexts: ['intimate_partner'],
  victimSex: 'female',
  victimAgeGroup: '26_40',
  relationship: 'spouse',
};

async function recordCase(db: Db, id: string, keys: string) {
  const cipher = createCaseCipher(parseCaseKeys(keys));
  const sealed = await cipher.sealJson({ victimName: CANARY, contact: PHONE, address: 'Xóm Đình', perpetratorName: null, narrative: NARRATIVE }, caseAad(id));
  await db.batch([insertCaseStatement(db, { id, orgUnitId: commune.id, orgUnitPath: commune.path, facts, sealed, createdBy: 'vuviec@test', at: '2024-03-10T02:00:00.000Z' })]);
  const note = await cipher.seal(`Đã gặp ${CANARY} tại trạm y tế`, caseEventAad(id, `${id}-e1`));
  const [first, ...rest] = addCaseEventStatements(db, {
    caseId: id,
    expectedVersion: 1,
    event: { id: `${id}-e1`, kind: 'support', date: '2024-03-11', service: 'health' },
    note,
    createdBy: 'vuviec@test',
    at: '2024-03-11T02:00:00.000Z',
  });
  await db.batch([first!, ...rest]);
}

describe('case register storage', () => {
  it('the raw tables hold no name, phone or narrative in clear text', async () => {
    const { db, handle } = await fresh();
    await recordCase(db, 'case-1', V1);
    const raw = JSON.stringify([
      ...(await handle.client.execute('SELECT * FROM cases')).rows,
      ...(await handle.client.execute('SELECT * FROM case_events')).rows,
    ]);
    expect(raw).toContain('case-1');
    for (const secret of [CANARY, 'Canary', PHONE, '0912', NARRATIVE, 'xóm Đình', 'Xóm Đình']) expect(raw).not.toContain(secret);
    // And the whole database file's content, every table, says nothing either.
    const dump = await handle.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const row of dump.rows) {
      const rows = (await handle.client.execute(`SELECT * FROM "${String(row.name)}"`)).rows;
      expect(JSON.stringify(rows), String(row.name)).not.toContain('Canary');
    }
  });

  it('lists carry no sealed field at all', async () => {
    const { db } = await fresh();
    await recordCase(db, 'case-1', V1);
    const [item] = await listCases(db, '/tinh-phu-tho-1997/');
    expect(item).toMatchObject({ id: 'case-1', victimSex: 'female', supportCount: 1, steps: [] });
    expect(Object.keys(item!)).not.toContain('identifying');
    expect(JSON.stringify(item)).not.toContain('key');
  });

  it('counts cases for the GBV indicators from non-identifying columns', async () => {
    const { db } = await fresh();
    await recordCase(db, 'case-1', V1);
    expect(await caseCountRows(db, commune.id, '2023-12-15', '2024-12-14')).toEqual([
      { id: 'case-1', intakeDate: '2024-03-10', victimSex: 'female', contexts: ['intimate_partner'], firstSupportDate: '2024-03-11' },
    ]);
    expect(await caseCountRows(db, commune.id, '2024-12-15', '2025-12-14')).toEqual([]);
  });

  it('a stale or closed case refuses new events (version guard)', async () => {
    const { db } = await fresh();
    await recordCase(db, 'case-1', V1);
    const [first, ...rest] = addCaseEventStatements(db, {
      caseId: 'case-1',
      expectedVersion: 1,
      event: { id: 'late', kind: 'follow_up', date: '2024-03-12', nextOn: null },
      note: null,
      createdBy: 'x',
      at: '2024-03-12T00:00:00.000Z',
    });
    await expect(db.batch([first!, ...rest])).rejects.toThrow();
    expect((await caseEventRows(db, 'case-1')).map((e) => e.id)).toEqual(['case-1-e1']);
  });
});

describe('key rotation', () => {
  it('re-seals every value of an older key in batches; the new key alone then opens them', async () => {
    const { db } = await fresh();
    for (const id of ['c1', 'c2', 'c3']) await recordCase(db, id, V1);
    expect(await caseKeyVersionsInUse(db)).toEqual({ v1: 6 });
    const cipher = createCaseCipher(parseCaseKeys(`${V1},${V2}`));
    const first = await rotateCaseKeys(db, cipher, { batchSize: 2, maxBatches: 1 });
    expect(first.cases + first.events).toBe(2);
    expect(first.remaining).toBe(4);
    const rest = await rotateCaseKeys(db, cipher, { batchSize: 2 });
    expect(rest).toMatchObject({ skipped: 0, remaining: 0 });
    expect(await caseKeyVersionsInUse(db)).toEqual({ v2: 6 });

    const onlyV2 = createCaseCipher(parseCaseKeys(V2));
    const row = (await getCaseRow(db, 'c2'))!;
    expect(await onlyV2.openJson<{ victimName: string }>({ keyVersion: row.keyVersion, ciphertext: row.identifying }, caseAad('c2'))).toMatchObject({ victimName: CANARY });
    const [event] = await caseEventRows(db, 'c2');
    expect(await onlyV2.open({ keyVersion: event!.keyVersion!, ciphertext: event!.note! }, caseEventAad('c2', event!.id))).toContain(CANARY);
    // Nothing left to do: a second run changes nothing.
    expect(await rotateCaseKeys(db, cipher)).toEqual({ cases: 0, events: 0, skipped: 0, remaining: 0 });
  });
});
