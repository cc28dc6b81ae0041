// Issue 9, item 2: 100 concurrent conflicting writes of one plan and one report, and idempotency
// keys. The concurrent tests run on a libSQL *file* database shared by four app instances (each
// with its own connection, as several Worker isolates share one Turso database); every batch is
// counted, so that the test shows the losers were stopped by the write guard inside the atomic
// batch and not only by the early version check of the route.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { isStaleWrite, schema } from '@binh-dang/db';
import { createDb, type DbHandle } from '@binh-dang/db/client';
import { migrateDb } from '@binh-dang/db/migrate';
import { lamThaoPlan2024, seedDemoData } from '@binh-dang/db/seed';
import type { Plan, PlanContent } from '@binh-dang/domain';
import { createApp } from '../src/app.ts';
import { createAuth } from '../src/auth/auth.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../src/auth/demo-accounts.ts';
import { memoryStorage } from '../src/storage.ts';
import { FIXED_NOW, TEST_AUTH, TEST_CASE_KEYS, createTestApp } from './test-app.ts';
import { ACTIVITY, CASE_INTAKE } from './records.ts';

const SEED = lamThaoPlan2024.id;
const N = 100;
const ROUNDS = 3;

type ReportBody = {
  report: { id: string; status: string; version: number };
  values: { indicator: string; category: string; value: number | null }[];
  history: { action: string }[];
};
type ProblemBody = { type: string; status: number; current?: unknown; errors?: { path: string }[] };

function contentOf(plan: Plan): PlanContent {
  const { id: _id, issuingUnitId: _u, year: _y, status: _s, version: _v, provenance: _p, parentPlanId: _pp, amendsPlanId: _a, issuedAt: _i, updatedAt: _t, ...content } = plan;
  return content;
}

const participants = (total: number, female: number, male: number) => [
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total', value: total },
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female', value: female },
  { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male', value: male },
];


const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** Four app instances on one libSQL file in a temp dir, with a count of batches and guard refusals. */
async function sharedFileApps(instances = 4) {
  const dir = mkdtempSync(join(tmpdir(), 'bd-concurrency-'));
  const url = `file:${join(dir, 'binh-dang.db')}`;
  const setup = createDb(url);
  await migrateDb(setup.db);
  await seedDemoData(setup.db);
  await seedDemoAccounts(setup.db, createAuth(setup.db, TEST_AUTH), FIXED_NOW);
  setup.close();
  const counters = { batches: 0, guardRefusals: 0 };
  const errors: unknown[] = [];
  const handles: DbHandle[] = Array.from({ length: instances }, () => createDb(url));
  // The write gate: armed for a round, it holds every version-guarded write batch until the database has been
  // idle for 50 ms, i.e. until every request has done its reads (and its version check) and waits
  // to write. In-process requests would otherwise partly run one after another; with the gate
  // every request reads the same version before any write lands, as parallel isolates can.
  let lastRead = 0;
  let gate: Promise<void> | null = null;
  let held = 0;
  const arm = () => {
    gate = new Promise<void>((open) => {
      const tick = () => {
        if (held > 0 && performance.now() - lastRead > 50) {
          gate = null;
          held = 0;
          open();
        } else setTimeout(tick, 10);
      };
      setTimeout(tick, 10);
    });
  };
  for (const h of handles) {
    const execute = h.client.execute.bind(h.client);
    h.client.execute = ((...args: Parameters<typeof execute>) => {
      lastRead = performance.now();
      return execute(...args);
    }) as typeof execute;
    const batch = h.client.batch.bind(h.client);
    h.client.batch = (async (...args: Parameters<typeof batch>) => {
      // Only version-guarded writes wait (other batches, e.g. of reads' side effects, go on).
      if (gate && JSON.stringify(args[0]).includes('write_guards')) {
        held++;
        await gate;
      }
      counters.batches++;
      try {
        return await batch(...args);
      } catch (error) {
        if (isStaleWrite(error)) counters.guardRefusals++;
        throw error;
      }
    }) as typeof batch;
  }
  cleanups.push(() => {
    for (const h of handles) h.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const apps = handles.map((h) =>
    createApp({ db: h.db, auth: TEST_AUTH, storage: memoryStorage(), now: () => FIXED_NOW, caseDataKeys: TEST_CASE_KEYS, logError: (_m, e) => errors.push(e) }),
  );
  const db = handles[0]!.db;
  /** Request i goes to instance i mod 4. */
  const send = (i: number, method: string, path: string, body: unknown, cookie: string, headers: Record<string, string> = {}) =>
    apps[i % apps.length]!.request(path, {
      method,
      headers: { 'content-type': 'application/json', cookie, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  async function signIn(email: string) {
    const res = await apps[0]!.request('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }
  return { db, counters, errors, arm, send, signIn, get: (path: string, cookie: string) => apps[1]!.request(path, { headers: { cookie } }) };
}

/** Statuses of a batch of answers, and their bodies parsed. */
async function answers(responses: Response[]) {
  return Promise.all(responses.map(async (r) => ({ status: r.status, type: r.headers.get('content-type') ?? '', headers: r.headers, text: await r.text() })));
}

const reportEventCount = async (db: Awaited<ReturnType<typeof sharedFileApps>>['db'], reportId: string, action: 'submit' | 'save') =>
  (await db.select({ n: count() }).from(schema.reportEvents).where(and(eq(schema.reportEvents.reportId, reportId), eq(schema.reportEvents.action, action))))[0]!.n;

describe('100 concurrent conflicting writes (file database, 4 app instances)', () => {
  it('plan and report: exactly one save per version wins, 99 get 409 with the current version, nothing lost or mixed', async () => {
    const s = await sharedFileApps();
    const coordinator = await s.signIn('dieuphoi@lamthao.demo');
    const approver = await s.signIn('pheduyet@lamthao.demo');
    const caoXa = await s.signIn('baocao.caoxa@lamthao.demo');
    const figures: string[] = [];
    const started = performance.now();

    // The draft plan: three rounds, each from the version the previous winner returned.
    let version = 1;
    let planGuard = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const before = { ...s.counters };
      s.arm();
      const title = (i: number) => `Kế hoạch vòng ${round}, bản ${i}`;
      const results = await answers(
        await Promise.all(
          Array.from({ length: N }, (_, i) => s.send(i, 'PUT', `/api/v1/plans/${SEED}`, { version, content: { ...contentOf(lamThaoPlan2024), title: title(i) } }, coordinator)),
        ),
      );
      const winners = results.filter((r) => r.status === 200);
      const losers = results.filter((r) => r.status === 409);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(N - 1);
      const won = (JSON.parse(winners[0]!.text) as { plan: Plan }).plan;
      expect(won.version).toBe(version + 1);
      for (const l of losers) {
        expect(l.type).toContain('application/problem+json');
        const p = JSON.parse(l.text) as ProblemBody & { current: Plan };
        expect(p.current.version).toBe(version + 1);
        expect(p.current.title).toBe(won.title);
      }
      // No lost update, no mix: what is stored is the winner's body, whole.
      const stored = ((await (await s.get(`/api/v1/plans/${SEED}`, coordinator)).json()) as { plan: Plan }).plan;
      expect(stored).toEqual(won);
      // …and that body is the one of the request that got the 200.
      expect(stored.title).toBe(title(results.findIndex((r) => r.status === 200)));
      expect(stored.tasks).toEqual(won.tasks);
      const guard = s.counters.guardRefusals - before.guardRefusals;
      planGuard += guard;
      // Most losers read the same version and were stopped by the guard inside the batch.
      expect(guard).toBeGreaterThanOrEqual(90);
      version = won.version;
    }
    const planEvents = (await s.db.select({ n: count() }).from(schema.auditEvents).where(and(eq(schema.auditEvents.entityId, SEED), eq(schema.auditEvents.action, 'plan.update'))))[0]!.n;
    expect(planEvents).toBe(ROUNDS);
    figures.push(`plan: ${ROUNDS} rounds × ${N} saves → ${ROUNDS} × (1 × 200 + ${N - 1} × 409), ${planGuard} of ${ROUNDS * (N - 1)} losers stopped by the write guard inside the batch, ${planEvents} plan.update audit events`);

    // The plan is issued, a commune opens its report; three rounds of 100 saves with different values.
    expect((await s.send(0, 'POST', `/api/v1/plans/${SEED}/issue`, { version, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
    const opened = await s.send(0, 'POST', '/api/v1/org-units/xa-cao-xa-2024/reports', { planId: SEED, period: '2024' }, caoXa);
    expect(opened.status).toBeLessThan(300);
    let report = (await opened.json()) as ReportBody;
    const id = report.report.id;
    let reportGuard = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const before = { ...s.counters };
      s.arm();
      const values = (i: number) => participants(1000 * round + 100 + i, 1000 * round + 60 + i, 40);
      const results = await answers(
        await Promise.all(Array.from({ length: N }, (_, i) => s.send(i, 'PUT', `/api/v1/reports/${id}`, { version: report.report.version, values: values(i), narratives: [] }, caoXa))),
      );
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(N - 1);
      const won = JSON.parse(winners[0]!.text) as ReportBody;
      expect(won.report.version).toBe(report.report.version + 1);
      for (const l of results.filter((r) => r.status === 409)) {
        const p = JSON.parse(l.text) as ProblemBody & { current: ReportBody };
        expect(l.type).toContain('application/problem+json');
        expect(p.current.report.version).toBe(won.report.version);
      }
      const stored = (await (await s.get(`/api/v1/reports/${id}`, caoXa)).json()) as ReportBody;
      const pick = (r: Pick<ReportBody, 'values'>) => r.values.filter((v) => v.indicator === 'OP-TRAINING-PARTICIPANTS').map((v) => `${v.category}=${v.value}`).sort();
      // All three cells are those of the request that got the 200: no value of another save mixed in.
      expect(pick(stored)).toEqual(pick({ values: values(results.findIndex((r) => r.status === 200)) }));
      expect(pick(won)).toEqual(pick(stored));
      expect(stored.report.version).toBe(won.report.version);
      const guard = s.counters.guardRefusals - before.guardRefusals;
      reportGuard += guard;
      expect(guard).toBeGreaterThanOrEqual(90);
      report = stored;
    }
    expect(await reportEventCount(s.db, id, 'save')).toBe(ROUNDS);

    // 100 concurrent submissions of the same version: one transition in the history.
    const before = { ...s.counters };
    s.arm();
    const submits = await answers(await Promise.all(Array.from({ length: N }, (_, i) => s.send(i, 'POST', `/api/v1/reports/${id}/submit`, { version: report.report.version }, caoXa))));
    expect(submits.filter((r) => r.status === 200)).toHaveLength(1);
    expect(submits.filter((r) => r.status === 409)).toHaveLength(N - 1);
    for (const l of submits.filter((r) => r.status === 409)) expect((JSON.parse(l.text) as { current: ReportBody }).current.report.status).toBe('submitted');
    const submitGuard = s.counters.guardRefusals - before.guardRefusals;
    expect(submitGuard).toBeGreaterThanOrEqual(90);
    expect(await reportEventCount(s.db, id, 'submit')).toBe(1);
    const history = ((await (await s.get(`/api/v1/reports/${id}`, caoXa)).json()) as ReportBody).history;
    expect(history.filter((h) => h.action === 'submit')).toHaveLength(1);
    expect(s.errors).toEqual([]);
    figures.push(
      `report: ${ROUNDS} rounds × ${N} saves → ${ROUNDS} × (1 × 200 + ${N - 1} × 409), ${reportGuard} of ${ROUNDS * (N - 1)} stopped by the guard`,
      `${N} concurrent submits → 1 × 200, ${N - 1} × 409 (${submitGuard} by the guard), 1 submit event in the history`,
      `${s.counters.batches} batches, 0 × 5xx, ${Math.round(performance.now() - started)} ms`,
    );
    console.log(`[issue 9] concurrency (libSQL file, 4 app instances): ${figures.join('; ')}`);
  }, 120_000);
});

describe('Idempotency-Key', () => {
  it('100 concurrent submissions with one key: one submission; every answer the same 200 or 409 in progress; a later repeat replays it', async () => {
    const s = await sharedFileApps();
    const approver = await s.signIn('pheduyet@lamthao.demo');
    const caoXa = await s.signIn('baocao.caoxa@lamthao.demo');
    expect((await s.send(0, 'POST', `/api/v1/plans/${SEED}/issue`, { version: 1, number: '12', date: '2024-04-05' }, approver)).status).toBe(200);
    const opened = (await (await s.send(0, 'POST', '/api/v1/org-units/xa-cao-xa-2024/reports', { planId: SEED, period: '2024' }, caoXa)).json()) as ReportBody;
    const id = opened.report.id;
    const saved = await s.send(0, 'PUT', `/api/v1/reports/${id}`, { version: opened.report.version, values: participants(120, 70, 50), narratives: [] }, caoXa);
    expect(saved.status).toBe(200);
    const version = ((await saved.json()) as ReportBody).report.version;

    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const results = await answers(await Promise.all(Array.from({ length: N }, (_, i) => s.send(i, 'POST', `/api/v1/reports/${id}/submit`, { version }, caoXa, key))));
    const ok = results.filter((r) => r.status === 200);
    const inProgress = results.filter((r) => r.status === 409);
    expect(ok.length + inProgress.length).toBe(N);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const first = ok.find((r) => r.headers.get('idempotent-replayed') === null);
    expect(first).toBeDefined();
    expect(ok.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    for (const r of ok) expect(r.text).toBe(first!.text);
    for (const r of inProgress) {
      expect((JSON.parse(r.text) as ProblemBody).type).toBe('https://binh-dang.vn/problems/idempotency-key-in-use');
      expect(r.headers.get('retry-after')).toBe('1');
    }
    expect(await reportEventCount(s.db, id, 'submit')).toBe(1);

    // Later, the same key and body (a resend on a slow connection): the same answer, nothing new.
    const later = await s.send(3, 'POST', `/api/v1/reports/${id}/submit`, { version }, caoXa, key);
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.headers.get('content-type')).toBe(first!.type);
    expect(await later.text()).toBe(first!.text);
    expect(await reportEventCount(s.db, id, 'submit')).toBe(1);
    // Without the key, the same resend is refused as stale: the key is what makes it safe.
    expect((await s.send(3, 'POST', `/api/v1/reports/${id}/submit`, { version }, caoXa)).status).toBe(409);
    expect(s.errors).toEqual([]);
    console.log(
      `[issue 9] idempotency: ${N} concurrent submits with one key → ${ok.length} × 200 (${ok.length - 1} replayed, identical bodies), ${inProgress.length} × 409 in progress (Retry-After: 1), 1 submit event; a later repeat replays 200 byte for byte`,
    );
  }, 60_000);

  it('creating an activity twice with one key makes one; another body 422; another user is independent; a bad key 400; no key, no change', async () => {
    const t = await createTestApp();
    cleanups.push(t.close);
    const caoXa = await t.signIn('baocao.caoxa@lamthao.demo');
    const coordinator = await t.signIn('dieuphoi@lamthao.demo');
    const path = '/api/v1/org-units/xa-cao-xa-2024/activities';
    const post = (body: unknown, cookie: string, headers: Record<string, string> = {}) =>
      t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify(body) });
    const activities = async () => (await t.db.select({ n: count() }).from(schema.activities).where(eq(schema.activities.orgUnitId, 'xa-cao-xa-2024')))[0]!.n;
    const start = await activities();

    const key = { 'Idempotency-Key': 'hoat-dong-7f3c1e' };
    const one = await post(ACTIVITY, caoXa, key);
    expect(one.status).toBe(201);
    const oneText = await one.text();
    const two = await post(ACTIVITY, caoXa, key);
    expect(two.status).toBe(201);
    expect(two.headers.get('idempotent-replayed')).toBe('true');
    expect(await two.text()).toBe(oneText);
    expect(await activities()).toBe(start + 1);
    // The draft's quoted form of the same key is the same key.
    const quoted = await post(ACTIVITY, caoXa, { 'Idempotency-Key': '"hoat-dong-7f3c1e"' });
    expect(quoted.headers.get('idempotent-replayed')).toBe('true');

    const other = await post({ ...ACTIVITY, title: 'Một hoạt động khác' }, caoXa, key);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(((await other.json()) as ProblemBody).type).toBe('https://binh-dang.vn/problems/idempotency-key-reused');
    expect(await activities()).toBe(start + 1);

    // The same key from another user (who may also record activities of this commune): its own request.
    const theirs = await post(ACTIVITY, coordinator, key);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(await activities()).toBe(start + 2);

    for (const bad of ['', 'co dau cach', 'caf\u00e9', 'x'.repeat(256), 'tab\there']) {
      const res = await post(ACTIVITY, caoXa, { 'Idempotency-Key': bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(((await res.json()) as ProblemBody).errors?.map((e) => e.path)).toEqual(['headers.idempotency-key']);
    }
    expect(await activities()).toBe(start + 2);

    // Without the header nothing changes: two posts, two activities, nothing remembered.
    const rows = async () => (await t.db.select({ n: count() }).from(schema.idempotencyKeys))[0]!.n;
    const remembered = await rows();
    expect((await post(ACTIVITY, caoXa)).status).toBe(201);
    const plain = await post(ACTIVITY, caoXa);
    expect(plain.status).toBe(201);
    expect(plain.headers.get('idempotent-replayed')).toBeNull();
    expect(await activities()).toBe(start + 4);
    expect(await rows()).toBe(remembered);
  });

  it('a running claim answers 409 with Retry-After; a stale claim is taken over; keys expire after 24 hours', async () => {
    let now = FIXED_NOW;
    const t = await createTestApp({ now: () => now });
    cleanups.push(t.close);
    const caoXa = await t.signIn('baocao.caoxa@lamthao.demo');
    const path = '/api/v1/org-units/xa-cao-xa-2024/activities';
    const post = (key: string) =>
      t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: caoXa, 'Idempotency-Key': key }, body: JSON.stringify(ACTIVITY) });
    const activities = async () => (await t.db.select({ n: count() }).from(schema.activities).where(eq(schema.activities.orgUnitId, 'xa-cao-xa-2024')))[0]!.n;
    const start = await activities();
    const created = await post('k-1');
    expect(created.status).toBe(201);
    const [row] = await t.db.select().from(schema.idempotencyKeys);
    expect(row).toMatchObject({ method: 'POST', path, key: 'k-1', status: 201 });
    expect(row!.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    // A claim of another request still running (same body): 409, Retry-After: 1, nothing written.
    await t.db.insert(schema.idempotencyKeys).values({ ...row!, key: 'k-2', claim: 'other', claimedAt: now.toISOString(), status: null, body: null, contentType: null, bodyEncoding: null, completedAt: null });
    const busy = await post('k-2');
    expect(busy.status).toBe(409);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(await activities()).toBe(start + 1);
    // Three minutes later the claim's request is taken for dead: the retry runs.
    now = new Date(FIXED_NOW.getTime() + 3 * 60_000);
    const takenOver = await post('k-2');
    expect(takenOver.status).toBe(201);
    expect(takenOver.headers.get('idempotent-replayed')).toBeNull();
    expect(await activities()).toBe(start + 2);

    // 24 hours later the key is forgotten: the same key makes a new activity, the old rows are gone.
    now = new Date(FIXED_NOW.getTime() + 24 * 3600_000 + 60_000);
    const again = await post('k-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await activities()).toBe(start + 3);
    expect((await t.db.select({ key: schema.idempotencyKeys.key }).from(schema.idempotencyKeys)).map((r) => r.key)).toEqual(['k-1']);
  });

  it('case routes: a replay carries ids only, never the case data; a 5xx answer is not kept', async () => {
    const t = await createTestApp();
    cleanups.push(t.close);
    const worker = await t.signIn('vuviec.caoxa@lamthao.demo');
    const post = (key: string) =>
      t.app.request('/api/v1/org-units/xa-cao-xa-2024/cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: worker, 'Idempotency-Key': key },
        body: JSON.stringify(CASE_INTAKE),
      });
    const first = await post('vu-viec-1');
    expect(first.status).toBe(201);
    const created = (await first.json()) as { case: { id: string; version: number }; identifying: { victimName: string } };
    expect(created.identifying.victimName).toBe(CASE_INTAKE.identifying.victimName);
    const replayed = await post('vu-viec-1');
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    const replayBody = (await replayed.json()) as { case: { id: string; version: number }; note: string };
    expect(replayBody.case).toEqual({ id: created.case.id, version: created.case.version });
    expect(replayBody.note).toMatch(/GET \/api\/v1\/cases/);
    const stored = await t.db.select().from(schema.idempotencyKeys);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toMatch(/Nạn nhân|victim|spouse|physical_assault/);
    const cases = (await t.db.select({ n: count() }).from(schema.cases))[0]!.n;

    // Without the register's keys the route answers 503: the claim is released, a retry runs again.
    const keyless = await createTestApp({ caseDataKeys: null });
    cleanups.push(keyless.close);
    const cookie = await keyless.signIn('vuviec.caoxa@lamthao.demo');
    const send = () =>
      keyless.app.request('/api/v1/org-units/xa-cao-xa-2024/cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'Idempotency-Key': 'vu-viec-2' },
        body: JSON.stringify(CASE_INTAKE),
      });
    expect((await send()).status).toBe(503);
    expect(await keyless.db.select().from(schema.idempotencyKeys)).toEqual([]);
    const retry = await send();
    expect(retry.status).toBe(503);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect((await t.db.select({ n: count() }).from(schema.cases))[0]!.n).toBe(cases);
  });

  it('is documented as a shared header parameter of the write operations', async () => {
    const t = await createTestApp({ seed: false });
    cleanups.push(t.close);
    const doc = (await (await t.get('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { $ref?: string }[] }>>;
      components: { parameters: Record<string, { name: string; in: string }> };
    };
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
    const refs = (path: string, method: string) => (doc.paths[path]?.[method]?.parameters ?? []).map((p) => p.$ref);
    expect(refs('/api/v1/reports/{id}/submit', 'post')).toContain('#/components/parameters/IdempotencyKey');
    expect(refs('/api/v1/org-units/{unitId}/activities', 'post')).toContain('#/components/parameters/IdempotencyKey');
    expect(refs('/api/v1/org-units/{unitId}/activities', 'get')).not.toContain('#/components/parameters/IdempotencyKey');
    expect(refs('/api/v1/session', 'post')).not.toContain('#/components/parameters/IdempotencyKey');
  });
});
