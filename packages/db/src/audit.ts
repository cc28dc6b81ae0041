// Storage of the audit trail: appending hash-chained events (alone, or in the same batch as the
// change they record), listing them, and verifying a chain page by page.
import { and, asc, count, desc, eq, gt, lt, max, or } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  chainOf,
  createChainVerifier,
  GENESIS_HASH,
  newId,
  sealAuditEvent,
  SYSTEM_CHAIN,
  type AuditEvent,
  type AuditEventInput,
  type VerifyChainResult,
} from '@binh-dang/domain';
import { auditEvents, orgUnits } from './schema.ts';
import type { Db } from './types.ts';

type AuditEventRow = typeof auditEvents.$inferSelect;

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    chain: row.chain,
    seq: row.seq,
    at: row.at,
    actorUserId: row.actorUserId,
    actorLabel: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    orgUnitId: row.orgUnitId,
    before: row.before,
    after: row.after,
    ip: row.ip,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/** The chain for events about a unit: its province's id, or 'system' when there is no unit. */
export async function auditChainOf(db: Db, orgUnitId: string | null): Promise<string> {
  if (orgUnitId === null) return SYSTEM_CHAIN;
  const [row] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId)).limit(1);
  if (!row) throw new RangeError(`Không tìm thấy đơn vị (org unit not found): ${orgUnitId}`);
  return chainOf(row.path);
}

interface ChainHead {
  seq: number;
  hash: string;
}

async function readHead(db: Db, chain: string): Promise<ChainHead> {
  const [row] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.chain, chain))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

export interface PrepareAuditOptions {
  now: Date;
  chain: string;
  id?: string;
}

/**
 * The next event of the chain, ready to insert (with `auditInsert`). Two writers that prepare at
 * once get the same seq; the unique (chain, seq) index then rejects the second batch — retry it,
 * or use `appendAuditEvents`, which does.
 */
export async function prepareAuditEvent(db: Db, input: AuditEventInput, options: PrepareAuditOptions): Promise<AuditEvent> {
  const head = await readHead(db, options.chain);
  return sealAuditEvent(input, {
    id: options.id ?? newId(options.now),
    chain: options.chain,
    seq: head.seq + 1,
    at: options.now.toISOString(),
    prevHash: head.hash,
  });
}

/** The insert of a prepared event, not yet run: put it in the same `db.batch` as the change. */
export function auditInsert(db: Db, event: AuditEvent) {
  return db.insert(auditEvents).values(toAuditEvent(event));
}

/** Whether an error is the unique (chain, seq) index refusing a concurrent append. */
export function isAuditSeqConflict(error: unknown): boolean {
  // drizzle wraps driver errors (DrizzleQueryError) with the driver's error as `cause`.
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (/UNIQUE constraint failed: audit_events\.chain, audit_events\.seq/.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

// Appends to one chain within this process wait for each other, so that they do not all read the
// same head and then collide; the unique index and the retries cover other processes. Keyed by
// chain alone, not by database handle, because a Worker may create a handle per request.
const chainTails = new Map<string, Promise<void>>();

async function withChainLocks<T>(chains: readonly string[], work: () => Promise<T>): Promise<T> {
  const keys = [...new Set(chains)];
  const previous = keys.map((key) => chainTails.get(key));
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  // All keys are taken in one synchronous step, so two multi-chain appends cannot deadlock.
  for (const key of keys) chainTails.set(key, done);
  try {
    await Promise.all(previous);
    return await work();
  } finally {
    release();
    for (const key of keys) if (chainTails.get(key) === done) chainTails.delete(key);
  }
}

const maxRetries = 5;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An input with its chain, when one call appends to several chains. */
export type ChainedAuditEventInput = AuditEventInput & { chain?: string };

export interface AppendAuditOptions {
  now: Date;
  /** Chain of the inputs that name none. */
  chain?: string;
  /** Statements to run in the same batch, before the events: the change they record. */
  alongside?: readonly BatchItem<'sqlite'>[];
}

/**
 * Prepares and inserts events (to one chain or several) in one atomic batch, retrying up to 5
 * times when a concurrent append took the same seq. Returns the stored events in input order.
 */
export async function appendAuditEvents(
  db: Db,
  inputs: readonly ChainedAuditEventInput[],
  options: AppendAuditOptions,
): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const chains = inputs.map((input) => {
    const chain = input.chain ?? options.chain;
    if (!chain) throw new TypeError(`Sự kiện '${input.action}' không có chuỗi (audit event has no chain)`);
    return chain;
  });

  const attempt = () =>
    withChainLocks(chains, async () => {
      const heads = new Map<string, ChainHead>();
      const events: AuditEvent[] = [];
      for (const [i, input] of inputs.entries()) {
        const chain = chains[i]!;
        const head = heads.get(chain) ?? (await readHead(db, chain));
        const event = await sealAuditEvent(input, {
          id: newId(options.now),
          chain,
          seq: head.seq + 1,
          at: options.now.toISOString(),
          prevHash: head.hash,
        });
        heads.set(chain, event);
        events.push(event);
      }
      const [first, ...rest] = [...(options.alongside ?? []), ...events.map((event) => auditInsert(db, event))];
      await db.batch([first!, ...rest]);
      return events;
    });

  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry >= maxRetries || !isAuditSeqConflict(error)) throw error;
      // Jittered, growing pause so that competing writers do not collide again in step.
      await pause((retry + 1) * (5 + Math.random() * 20));
    }
  }
}

export interface ListAuditEventsQuery {
  chain: string;
  /** 1–1,000; default 50. */
  limit?: number;
  /** Only events before this seq (for the next page). */
  beforeSeq?: number;
}

/** Events of a chain, newest first. */
export async function listAuditEvents(db: Db, query: ListAuditEventsQuery): Promise<AuditEvent[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 1000);
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, query.chain), query.beforeSeq === undefined ? undefined : lt(auditEvents.seq, query.beforeSeq)))
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
  return rows.map(toAuditEvent);
}

export interface AuditChainSummary {
  chain: string;
  events: number;
  lastSeq: number;
}

/** Every chain that has events, by name. */
export async function listAuditChains(db: Db): Promise<AuditChainSummary[]> {
  const rows = await db
    .select({ chain: auditEvents.chain, events: count(), lastSeq: max(auditEvents.seq) })
    .from(auditEvents)
    .groupBy(auditEvents.chain)
    .orderBy(asc(auditEvents.chain));
  return rows.map((row) => ({ chain: row.chain, events: row.events, lastSeq: row.lastSeq ?? 0 }));
}

export type VerifyAuditChainResult = VerifyChainResult & { chain: string };

/**
 * Verifies a stored chain from seq 1, reading `pageSize` events at a time (default 1,000) and
 * carrying only the last seq and hash between pages.
 */
export async function verifyAuditChain(db: Db, chain: string, options: { pageSize?: number } = {}): Promise<VerifyAuditChainResult> {
  const pageSize = Math.max(Math.trunc(options.pageSize ?? 1000), 1);
  const verifier = createChainVerifier(chain);
  let last: { seq: number; id: string } | null = null;
  for (;;) {
    // Paged on (seq, id) rather than seq alone, so that a duplicated seq at a page boundary (with
    // the unique index dropped) is still read and reported.
    const rows: AuditEventRow[] = await db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.chain, chain),
          last ? or(gt(auditEvents.seq, last.seq), and(eq(auditEvents.seq, last.seq), gt(auditEvents.id, last.id))) : undefined,
        ),
      )
      .orderBy(asc(auditEvents.seq), asc(auditEvents.id))
      .limit(pageSize);
    const result = await verifier.push(rows.map(toAuditEvent));
    const tail = rows.at(-1);
    if (!result.ok || !tail || rows.length < pageSize) return { chain, ...result };
    last = { seq: tail.seq, id: tail.id };
  }
}
