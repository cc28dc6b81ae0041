// A failed upload leaves nothing behind: the evidence file is stored before its row and audit
// event are written (storeThenRecord), and removed again when that write fails. Without the
// removal the storage would keep a file that nothing references (issue 9, "lose nothing and leak
// nothing"); the fault-injection suite covers the database side.
import { afterEach, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { schema } from '@binh-dang/db';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';
import { createTestApp } from './test-app.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
afterEach(() => t?.close());

const CAO_XA = 'xa-cao-xa-2024';
const pdf = new TextEncoder().encode('%PDF-1.7\nbiên bản\n%%EOF');

/** Issues the seed plan and records which keys the app stores. */
async function setUp() {
  t = await createTestApp();
  const approver = await t.signIn('pheduyet@lamthao.demo');
  expect((await t.send('POST', `/api/v1/plans/${lamThaoPlan2024.id}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
  const stored: string[] = [];
  const put = t.storage.put.bind(t.storage);
  t.storage.put = (key, bytes, type) => {
    stored.push(key);
    return put(key, bytes, type);
  };
  const reporter = await t.signIn('baocao.caoxa@lamthao.demo');
  const [duty] = await t.db.select().from(schema.dutyTrackings).where(eq(schema.dutyTrackings.orgUnitId, CAO_XA)).limit(1);
  return { reporter, dutyId: duty!.id, stored };
}

const upload = (path: string, cookie: string) =>
  t.app.request(`${path}?name=bien-ban.pdf`, { method: 'POST', headers: { 'content-type': 'application/pdf', cookie }, body: pdf });

/** Makes every insert into `table` fail, as a database failing mid-operation would. */
const failInserts = (table: string) => t.db.run(sql.raw(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected'); END`));

describe('a failed evidence upload leaves no orphan file', () => {
  it('duty evidence: 500, no row, no audit event, and the stored file removed again', async () => {
    const { reporter, dutyId, stored } = await setUp();
    const auditBefore = (await t.db.select({ n: count() }).from(schema.auditEvents))[0]!.n;
    await failInserts('duty_evidence');
    const res = await upload(`/api/v1/duties/${dutyId}/evidence`, reporter);
    expect(res.status).toBe(500);
    expect(stored).toHaveLength(1);
    expect(await t.storage.get(stored[0]!)).toBeNull();
    expect((await t.db.select({ n: count() }).from(schema.dutyEvidence))[0]!.n).toBe(0);
    expect((await t.db.select({ n: count() }).from(schema.auditEvents))[0]!.n).toBe(auditBefore);
    // Working again, the same upload is stored and kept.
    await t.db.run(sql`DROP TRIGGER fail_duty_evidence`);
    expect((await upload(`/api/v1/duties/${dutyId}/evidence`, reporter)).status).toBe(201);
    expect(await t.storage.get(stored[1]!)).not.toBeNull();
  });

  it('activity evidence: the same', async () => {
    const { reporter, dutyId, stored } = await setUp();
    const created = await t.send(
      'POST',
      `/api/v1/org-units/${CAO_XA}/activities`,
      { kind: 'communication', date: '2024-03-01', title: 'Tin bài về bình đẳng giới', dutyTrackingId: dutyId, details: { form: 'article', items: 2 } },
      reporter,
    );
    expect(created.status).toBe(201);
    const { activity } = (await created.json()) as { activity: { id: string } };
    await failInserts('activity_evidence');
    const res = await upload(`/api/v1/activities/${activity.id}/evidence`, reporter);
    expect(res.status).toBe(500);
    expect(stored).toHaveLength(1);
    expect(await t.storage.get(stored[0]!)).toBeNull();
  });
});
