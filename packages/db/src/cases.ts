// The case register's storage. Identifying fields arrive here already sealed (AES-GCM, see domain
// case-crypto.ts) and leave sealed; lists and counts never select them. Writes are version-guarded;
// `rotateCaseKeys` re-seals rows of older key versions in batches.
import { and, asc, desc, eq, gte, lt, lte, ne, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  caseAad,
  caseEventAad,
  subtreeRange,
  type CaseCipher,
  type CaseContext,
  type CaseCountRow,
  type CaseEventFacts,
  type CaseFacts,
  type SealedValue,
  type VictimSex,
} from '@binh-dang/domain';
import { caseEvents, cases, orgUnits, writeGuards } from './schema.ts';
import type { Db } from './types.ts';

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;

/** The non-identifying columns: everything a list, an export or a coordinator may receive. */
const summaryColumns = {
  id: cases.id,
  orgUnitId: cases.orgUnitId,
  orgUnitName: orgUnits.name,
  orgUnitPath: cases.orgUnitPath,
  intakeDate: cases.intakeDate,
  type: cases.type,
  contexts: cases.contexts,
  victimSex: cases.victimSex,
  victimAgeGroup: cases.victimAgeGroup,
  relationship: cases.relationship,
  status: cases.status,
  closedOn: cases.closedOn,
  version: cases.version,
  updatedAt: cases.updatedAt,
  /** Handling steps and support recorded, as "kind:sub" markers (no notes). */
  // Correlated subqueries spelled out with table names: drizzle leaves columns unqualified in a
  // one-table select, and "id" inside the subquery would then be the event's own.
  steps: sql<string | null>`(SELECT group_concat(json_extract(ce.facts, '$.step'), ',') FROM case_events ce WHERE ce.case_id = "cases"."id" AND ce.kind = 'step')`,
  supportCount: sql<number>`(SELECT count(*) FROM case_events ce WHERE ce.case_id = "cases"."id" AND ce.kind = 'support')`.mapWith(Number),
  consentCount: sql<number>`(SELECT count(*) FROM case_events ce WHERE ce.case_id = "cases"."id" AND ce.kind = 'consent')`.mapWith(Number),
  nextFollowUp: sql<string | null>`(SELECT max(json_extract(ce.facts, '$.nextOn')) FROM case_events ce WHERE ce.case_id = "cases"."id" AND ce.kind = 'follow_up')`,
};

export interface CaseSummary {
  id: string;
  orgUnitId: string;
  orgUnitName: string;
  orgUnitPath: string;
  intakeDate: string;
  type: string;
  contexts: string[];
  victimSex: VictimSex;
  victimAgeGroup: string;
  relationship: string;
  status: 'open' | 'closed';
  closedOn: string | null;
  version: number;
  updatedAt: string;
  steps: string[];
  supportCount: number;
  consentCount: number;
  nextFollowUp: string | null;
}

function toSummary(row: Omit<CaseSummary, 'steps'> & { steps: string | null }): CaseSummary {
  return { ...row, steps: row.steps ? [...new Set(row.steps.split(','))] : [] };
}

/** Cases of the units within `scopePath`, newest intake first; never an identifying field. */
export async function listCases(db: Db, scopePath: string, filter: { from?: string; to?: string; status?: 'open' | 'closed' } = {}, limit = 1000): Promise<CaseSummary[]> {
  const { lower, upper } = subtreeRange(scopePath);
  const rows = await db
    .select(summaryColumns)
    .from(cases)
    .innerJoin(orgUnits, eq(orgUnits.id, cases.orgUnitId))
    .where(
      and(
        gte(cases.orgUnitPath, lower),
        lt(cases.orgUnitPath, upper),
        filter.from ? gte(cases.intakeDate, filter.from) : undefined,
        filter.to ? lte(cases.intakeDate, filter.to) : undefined,
        filter.status ? eq(cases.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(cases.intakeDate), desc(cases.id))
    .limit(limit);
  return rows.map(toSummary);
}

export async function getCaseSummary(db: Db, id: string): Promise<CaseSummary | null> {
  const [row] = await db.select(summaryColumns).from(cases).innerJoin(orgUnits, eq(orgUnits.id, cases.orgUnitId)).where(eq(cases.id, id)).limit(1);
  return row ? toSummary(row) : null;
}

/** The whole row, sealed identifying fields included: for the routes that may open them. */
export async function getCaseRow(db: Db, id: string): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id)).limit(1);
  return row ?? null;
}

export async function caseEventRows(db: Db, caseId: string): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.date), asc(caseEvents.createdAt), asc(caseEvents.id));
}

export function eventFactsOf(row: Pick<CaseEventRow, 'id' | 'kind' | 'date' | 'facts'>): CaseEventFacts {
  return { ...(row.facts as object), id: row.id, kind: row.kind, date: row.date } as CaseEventFacts;
}

export function insertCaseStatement(db: Db, c: { id: string; orgUnitId: string; orgUnitPath: string; facts: CaseFacts; sealed: SealedValue; createdBy: string; at: string }) {
  return db.insert(cases).values({
    id: c.id,
    orgUnitId: c.orgUnitId,
    orgUnitPath: c.orgUnitPath,
    intakeDate: c.facts.intakeDate,
    type: c.facts.type,
    contexts: [...c.facts.contexts],
    victimSex: c.facts.victimSex,
    victimAgeGroup: c.facts.victimAgeGroup,
    relationship: c.facts.relationship,
    keyVersion: c.sealed.keyVersion,
    identifying: c.sealed.ciphertext,
    createdBy: c.createdBy,
    createdAt: c.at,
    updatedAt: c.at,
  });
}

/** Version-guarded replacement of the intake fields (and the sealed identifying fields). */
export function updateCaseStatements(db: Db, u: { id: string; expectedVersion: number; facts: CaseFacts; sealed: SealedValue; at: string }): BatchItem<'sqlite'>[] {
  return [
    db
      .update(cases)
      .set({
        intakeDate: u.facts.intakeDate,
        type: u.facts.type,
        contexts: [...u.facts.contexts],
        victimSex: u.facts.victimSex,
        victimAgeGroup: u.facts.victimAgeGroup,
        relationship: u.facts.relationship,
        keyVersion: u.sealed.keyVersion,
        identifying: u.sealed.ciphertext,
        version: u.expectedVersion + 1,
        updatedAt: u.at,
      })
      .where(and(eq(cases.id, u.id), eq(cases.version, u.expectedVersion), eq(cases.status, 'open'))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    db.delete(writeGuards),
  ];
}

/** A new event, guarded by the case's version and open status; a closure closes the case. */
export function addCaseEventStatements(
  db: Db,
  e: { caseId: string; expectedVersion: number; event: CaseEventFacts; note: SealedValue | null; createdBy: string; at: string },
): BatchItem<'sqlite'>[] {
  const { id, kind, date, ...facts } = e.event;
  return [
    db
      .update(cases)
      .set({ version: e.expectedVersion + 1, updatedAt: e.at, ...(kind === 'closure' ? { status: 'closed' as const, closedOn: date } : {}) })
      .where(and(eq(cases.id, e.caseId), eq(cases.version, e.expectedVersion), eq(cases.status, 'open'))),
    db.insert(writeGuards).values({ changed: sql`changes()` }),
    db.insert(caseEvents).values({
      id,
      caseId: e.caseId,
      kind,
      date,
      facts,
      keyVersion: e.note?.keyVersion ?? null,
      note: e.note?.ciphertext ?? null,
      createdBy: e.createdBy,
      createdAt: e.at,
    }),
    db.delete(writeGuards),
  ];
}

/** What the GBV indicators of a unit count (no identifying field): cases taken in within the window. */
export async function caseCountRows(db: Db, orgUnitId: string, from: string, to: string): Promise<CaseCountRow[]> {
  const rows = await db
    .select({
      id: cases.id,
      intakeDate: cases.intakeDate,
      victimSex: cases.victimSex,
      contexts: cases.contexts,
      firstSupportDate: sql<string | null>`(SELECT min(ce.date) FROM case_events ce WHERE ce.case_id = "cases"."id" AND ce.kind = 'support')`,
    })
    .from(cases)
    .where(and(eq(cases.orgUnitId, orgUnitId), gte(cases.intakeDate, from), lte(cases.intakeDate, to)))
    .orderBy(asc(cases.intakeDate), asc(cases.id));
  return rows.map((r) => ({ ...r, contexts: r.contexts as CaseContext[] }));
}

// ---------------------------------------------------------------------------------------------
// Key rotation

export interface RotationResult {
  cases: number;
  events: number;
  /** Rows that changed while being re-sealed (left for the next run). */
  skipped: number;
  /** Rows still sealed with an older key version after this run. */
  remaining: number;
}

async function remainingOld(db: Db, current: string): Promise<number> {
  const [a] = await db.select({ n: sql<number>`count(*)` }).from(cases).where(ne(cases.keyVersion, current));
  const [b] = await db.select({ n: sql<number>`count(*)` }).from(caseEvents).where(and(sql`${caseEvents.keyVersion} IS NOT NULL`, ne(caseEvents.keyVersion, current)));
  return Number(a?.n ?? 0) + Number(b?.n ?? 0);
}

/**
 * Re-seals every value of an older key version with the cipher's current key, `batchSize` rows
 * per atomic batch. Each update is guarded by the old ciphertext, so a row written meanwhile is
 * left alone (counted in `skipped`) rather than overwritten. Run it until `remaining` is 0; then
 * the old key can leave CASE_DATA_KEYS.
 */
export async function rotateCaseKeys(db: Db, cipher: CaseCipher, options: { batchSize?: number; maxBatches?: number } = {}): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const current = cipher.currentVersion;
  const result: RotationResult = { cases: 0, events: 0, skipped: 0, remaining: 0 };
  const skippedIds = new Set<string>();
  for (let batches = 0; batches < maxBatches; batches++) {
    const caseRows = await db
      .select({ id: cases.id, keyVersion: cases.keyVersion, identifying: cases.identifying })
      .from(cases)
      .where(and(ne(cases.keyVersion, current), skippedIds.size ? sql`${cases.id} NOT IN (${sql.join([...skippedIds].map((id) => sql`${id}`), sql`, `)})` : undefined))
      .limit(batchSize);
    const room = batchSize - caseRows.length;
    const eventRows =
      room > 0
        ? await db
            .select({ id: caseEvents.id, caseId: caseEvents.caseId, keyVersion: caseEvents.keyVersion, note: caseEvents.note })
            .from(caseEvents)
            .where(
              and(
                sql`${caseEvents.keyVersion} IS NOT NULL`,
                ne(caseEvents.keyVersion, current),
                skippedIds.size ? sql`${caseEvents.id} NOT IN (${sql.join([...skippedIds].map((id) => sql`${id}`), sql`, `)})` : undefined,
              ),
            )
            .limit(room)
        : [];
    if (caseRows.length === 0 && eventRows.length === 0) break;
    const statements: BatchItem<'sqlite'>[] = [];
    const targets: { id: string; table: 'cases' | 'events' }[] = [];
    for (const row of caseRows) {
      const sealed = await cipher.seal(await cipher.open({ keyVersion: row.keyVersion, ciphertext: row.identifying }, caseAad(row.id)), caseAad(row.id));
      statements.push(
        db
          .update(cases)
          .set({ keyVersion: sealed.keyVersion, identifying: sealed.ciphertext })
          .where(and(eq(cases.id, row.id), eq(cases.keyVersion, row.keyVersion), eq(cases.identifying, row.identifying))),
      );
      targets.push({ id: row.id, table: 'cases' });
    }
    for (const row of eventRows) {
      if (row.note === null || row.keyVersion === null) continue;
      const aad = caseEventAad(row.caseId, row.id);
      const sealed = await cipher.seal(await cipher.open({ keyVersion: row.keyVersion, ciphertext: row.note }, aad), aad);
      statements.push(
        db
          .update(caseEvents)
          .set({ keyVersion: sealed.keyVersion, note: sealed.ciphertext })
          .where(and(eq(caseEvents.id, row.id), eq(caseEvents.keyVersion, row.keyVersion), eq(caseEvents.note, row.note))),
      );
      targets.push({ id: row.id, table: 'events' });
    }
    const [first, ...rest] = statements;
    if (first) {
      const outcomes = await db.batch([first, ...rest]);
      outcomes.forEach((outcome, i) => {
        const changed = (outcome as { rowsAffected?: number }).rowsAffected ?? 0;
        const target = targets[i]!;
        if (changed === 0) {
          skippedIds.add(target.id);
          result.skipped += 1;
        } else if (target.table === 'cases') result.cases += 1;
        else result.events += 1;
      });
    }
  }
  result.remaining = await remainingOld(db, current);
  return result;
}

/** Key versions in use and how many values each seals (to know when an old key may go). */
export async function caseKeyVersionsInUse(db: Db): Promise<Record<string, number>> {
  const rows = await db.all<{ v: string; n: number }>(sql`
    SELECT key_version AS v, count(*) AS n FROM (
      SELECT key_version FROM cases UNION ALL SELECT key_version FROM case_events WHERE key_version IS NOT NULL
    ) GROUP BY key_version`);
  return Object.fromEntries(rows.map((r) => [r.v, Number(r.n)]));
}
