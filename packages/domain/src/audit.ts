// The audit trail's rules: what an event records, how it is hashed and how a chain of events is
// verified. Events are hash-chained per province ("chain"), so a hand edit, removal or insertion
// of a stored event is found and named. Pure: Web Crypto only, no I/O.
import { pathIds } from './org-unit.ts';

/** What a caller records about one change (or one attempt). */
export interface AuditEventInput {
  /** Dotted verb, e.g. 'plan.update', 'auth.sign_in', 'auth.sign_in_failed', 'membership.create'. */
  action: string;
  entityType: string;
  entityId: string | null;
  orgUnitId: string | null;
  actorUserId: string | null;
  /** How the actor is shown: the e-mail, or 'hệ thống' for the system itself. */
  actorLabel: string;
  /** State before / after the change; stored as canonical JSON. */
  before: unknown | null;
  after: unknown | null;
  ip: string | null;
}

/** An event as stored: its input plus its place in the chain and the hashes that seal it. */
export interface AuditEvent {
  id: string;
  /** Province org unit id, or 'system' for events of no province. */
  chain: string;
  /** 1, 2, 3, … without gaps within the chain. */
  seq: number;
  /** UTC ISO timestamp. */
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  orgUnitId: string | null;
  /** Canonical JSON, or null. */
  before: string | null;
  after: string | null;
  ip: string | null;
  /** Hash of the previous event in the chain; GENESIS_HASH for seq 1. */
  prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  hash: string;
}

export type AuditEventFields = Omit<AuditEvent, 'hash'>;

/** Where a new event goes: everything stored that does not come from the input. */
export type AuditEventPosition = Pick<AuditEvent, 'id' | 'chain' | 'seq' | 'at' | 'prevHash'>;

export const GENESIS_HASH = '0'.repeat(64);
export const SYSTEM_CHAIN = 'system';
export const SYSTEM_ACTOR_LABEL = 'hệ thống';

// ---------------------------------------------------------------------------------------------
// Canonical JSON: one spelling per value, so that the same data always hashes the same.

function canonicalError(what: string, at: string): TypeError {
  return new TypeError(`JSON chuẩn tắc không biểu diễn được ${what} tại ${at} (canonical JSON cannot represent ${what} at ${at})`);
}

function writeCanonical(value: unknown, at: string, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      // JSON.stringify escapes quotes, backslashes, control characters and lone surrogates.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw canonicalError(String(value), at);
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      throw canonicalError(typeof value, at);
  }
  const object = value as object;
  if (seen.has(object)) throw canonicalError('a circular reference', at);
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return writeCanonical(toJSON.call(object), at, seen);
  if (object instanceof Map || object instanceof Set || ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    throw canonicalError(object.constructor.name, at);
  }
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      // Indexed access (not map) so that holes in sparse arrays are seen as undefined.
      const items: string[] = [];
      for (let i = 0; i < object.length; i++) items.push(writeCanonical(object[i], `${at}[${i}]`, seen));
      return `[${items.join(',')}]`;
    }
    const record = object as Record<string, unknown>;
    // Default sort compares UTF-16 code units, the order RFC 8785 uses.
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${writeCanonical(record[key], `${at}.${key}`, seen)}`).join(',')}}`;
  } finally {
    seen.delete(object);
  }
}

/**
 * JSON with object keys sorted (recursively) and no whitespace. Throws a TypeError naming the place
 * of anything JSON cannot hold faithfully: undefined, functions, symbols, bigints, NaN, ±Infinity,
 * Maps, Sets, binary data and cycles. Objects with toJSON (Date) are written as its result.
 */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value, '$', new Set());
}

// ---------------------------------------------------------------------------------------------
// Chains and hashes

/** The chain of a unit: the id at the root of its path (its province), or 'system' for none. */
export function chainOf(path: string | null): string {
  if (path === null) return SYSTEM_CHAIN;
  const root = pathIds(path)[0];
  if (root === undefined) throw new RangeError(`Đường dẫn đơn vị rỗng (empty org unit path): '${path}'`);
  return root;
}

interface WebCrypto {
  subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> };
}
interface Utf8Encoder {
  encode(text: string): Uint8Array;
}

// Web Crypto and TextEncoder are globals in Workers, browsers and Node ≥ 19; this package's lib
// has no DOM types, hence the narrow local shapes.
const runtime = globalThis as unknown as { crypto?: WebCrypto; TextEncoder?: new () => Utf8Encoder };

// Node (and Workers with nodejs_compat) hash synchronously with node:crypto, reached without an
// import so that browsers can still load this package. Web Crypto's digest runs on a thread pool
// and resumes an event-loop turn later; an append to an audit chain holds the chain's lock across
// this hash, so under load one write per province per busy turn was all the server could do.
interface NodeHash {
  createHash(algorithm: 'sha256'): { update(text: string, encoding: 'utf8'): { digest(encoding: 'hex'): string } };
}
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as NodeHash | undefined;

/** SHA-256 of the UTF-8 bytes of `text`, as lower-case hex. */
export async function sha256Hex(text: string): Promise<string> {
  if (nodeCrypto?.createHash) return nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
  if (!runtime.crypto?.subtle || !runtime.TextEncoder) {
    throw new Error('Web Crypto không có sẵn (Web Crypto is not available)');
  }
  const digest = await runtime.crypto.subtle.digest('SHA-256', new runtime.TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The hash that seals an event: SHA-256 of the canonical JSON of every stored field but `hash`
 * itself. Fields are picked by name, so a `hash` (or any extra property) passed in is ignored.
 */
export async function hashEvent(fields: AuditEventFields): Promise<string> {
  const sealed: AuditEventFields = {
    id: fields.id,
    chain: fields.chain,
    seq: fields.seq,
    at: fields.at,
    actorUserId: fields.actorUserId,
    actorLabel: fields.actorLabel,
    action: fields.action,
    entityType: fields.entityType,
    entityId: fields.entityId,
    orgUnitId: fields.orgUnitId,
    before: fields.before,
    after: fields.after,
    ip: fields.ip,
    prevHash: fields.prevHash,
  };
  return sha256Hex(canonicalJson(sealed));
}

/** Turns an input into the stored event at the given position, hash included. */
export async function sealAuditEvent(input: AuditEventInput, position: AuditEventPosition): Promise<AuditEvent> {
  const fields: AuditEventFields = {
    id: position.id,
    chain: position.chain,
    seq: position.seq,
    at: position.at,
    actorUserId: input.actorUserId,
    actorLabel: input.actorLabel,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    orgUnitId: input.orgUnitId,
    before: input.before === null ? null : canonicalJson(input.before),
    after: input.after === null ? null : canonicalJson(input.after),
    ip: input.ip,
    prevHash: position.prevHash,
  };
  return { ...fields, hash: await hashEvent(fields) };
}

// ---------------------------------------------------------------------------------------------
// Verification

/**
 * Why a link is broken:
 * - 'chain': the event names another chain;
 * - 'seq': the chain does not start at 1, or a seq is missing, repeated or out of order;
 * - 'prevHash': the event does not point at the previous event's hash (one removed, inserted or
 *   reordered);
 * - 'hash': the event's fields no longer match its hash (the row was altered).
 */
export type AuditBreakKind = 'chain' | 'seq' | 'prevHash' | 'hash';

export interface AuditBrokenLink {
  seq: number;
  id: string;
  kind: AuditBreakKind;
  /** Vietnamese first, English in parentheses. */
  reason: string;
}

/** `checked`: how many events, from seq 1, were verified before the first broken link (if any). */
export type VerifyChainResult = { ok: true; checked: number } | { ok: false; checked: number; firstBroken: AuditBrokenLink };

/** Verifies a long chain page by page, carrying only the last seq and hash between pages. */
export interface ChainVerifier {
  /** Verifies the next events (in seq order); after a break, further pages are ignored. */
  push(events: readonly AuditEvent[]): Promise<VerifyChainResult>;
  result(): VerifyChainResult;
}

function seqProblem(seq: number, expected: number): string {
  if (!Number.isInteger(seq)) {
    return `seq ${seq} không phải số nguyên, mong đợi ${expected} (seq is not an integer, expected ${expected})`;
  }
  if (expected === 1) return `Chuỗi không bắt đầu từ seq 1 mà từ ${seq} (chain does not start at seq 1 but at ${seq})`;
  if (seq > expected) {
    const missing = seq - 1 === expected ? `seq ${expected}` : `seq ${expected}–${seq - 1}`;
    return `Thiếu ${missing}: sự kiện đã bị xoá (gap: ${missing} missing — events removed)`;
  }
  return `seq ${seq} lặp lại hoặc sai thứ tự, mong đợi ${expected} (seq repeated or out of order, expected ${expected})`;
}

/** A verifier for one chain; `chain` defaults to the chain of the first event it sees. */
export function createChainVerifier(chain?: string): ChainVerifier {
  let expectedChain = chain;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  let checked = 0;
  let firstBroken: AuditBrokenLink | null = null;

  const result = (): VerifyChainResult => (firstBroken ? { ok: false, checked, firstBroken } : { ok: true, checked });
  const broken = (event: AuditEvent, kind: AuditBreakKind, reason: string) => {
    firstBroken = { seq: event.seq, id: event.id, kind, reason };
  };

  async function check(event: AuditEvent): Promise<boolean> {
    expectedChain ??= event.chain;
    if (event.chain !== expectedChain) {
      broken(
        event,
        'chain',
        `Sự kiện thuộc chuỗi '${event.chain}', không phải '${expectedChain}' (event belongs to chain '${event.chain}', not '${expectedChain}')`,
      );
      return false;
    }
    if (event.seq !== lastSeq + 1) {
      broken(event, 'seq', seqProblem(event.seq, lastSeq + 1));
      return false;
    }
    if (event.prevHash !== lastHash) {
      broken(
        event,
        'prevHash',
        'prevHash khác mã băm của sự kiện liền trước: có sự kiện bị xoá, chèn hoặc đổi thứ tự ' +
          "(prevHash does not match the previous event's hash: an event was removed, inserted or reordered)",
      );
      return false;
    }
    if ((await hashEvent(event)) !== event.hash) {
      broken(event, 'hash', 'Mã băm không khớp: dòng đã bị sửa (hash mismatch: the row was altered)');
      return false;
    }
    lastSeq = event.seq;
    lastHash = event.hash;
    checked++;
    return true;
  }

  return {
    async push(events) {
      for (const event of events) {
        if (firstBroken || !(await check(event))) break;
      }
      return result();
    },
    result,
  };
}

/** Verifies the events of one chain, sorted by seq, from seq 1. */
export async function verifyChain(events: readonly AuditEvent[], chain?: string): Promise<VerifyChainResult> {
  return createChainVerifier(chain).push(events);
}
