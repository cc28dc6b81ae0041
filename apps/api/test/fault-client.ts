// Fault injection for tests: a libSQL client that forwards to a real one (which can be swapped
// for a fresh copy of a snapshot between runs) and, once armed, makes the k-th SQL statement of an
// operation fail. A statement inside a batch is replaced by one that fails when SQLite runs it,
// so the statements before it in the batch really ran and the rollback is exercised.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createClient, type Client, type InArgs, type InStatement, type Transaction, type TransactionMode } from '@libsql/client';

/** Fails when run ("no such table"): a real driver error, raised by SQLite itself. */
export const FAULT_SQL = 'SELECT * FROM __fault_injected__';

export interface LoggedStatement {
  /** 1-based position in the run. */
  n: number;
  via: 'execute' | 'batch' | 'transaction' | 'executeMultiple' | 'migrate';
  /** Which call of the run the statement belongs to (statements of one batch share it). */
  call: number;
  sql: string;
}

export interface FaultRun<T> {
  result: T;
  /** Statements the operation sent (the injected one included). */
  statements: LoggedStatement[];
  /** Whether the armed statement was reached (and replaced). */
  fired: boolean;
}

type BatchEntry = InStatement | [string, InArgs?];
const sqlOf = (s: BatchEntry | string): string => (typeof s === 'string' ? s : Array.isArray(s) ? s[0] : s.sql);

export function faultClient(initial: Client) {
  let target = initial;
  let counting = false;
  let armedAt = 0;
  let fired = false;
  let calls = 0;
  let log: LoggedStatement[] = [];

  /** Counts one statement; true when it is the one to fail. */
  function tick(via: LoggedStatement['via'], call: number, sql: string): boolean {
    if (!counting) return false;
    const n = log.length + 1;
    log.push({ n, via, call, sql });
    if (n !== armedAt) return false;
    fired = true;
    return true;
  }

  const batchOf = (via: LoggedStatement['via'], stmts: BatchEntry[]) => {
    const call = ++calls;
    return stmts.map((s) => (tick(via, call, sqlOf(s)) ? FAULT_SQL : s));
  };

  function wrapTransaction(tx: Transaction): Transaction {
    return new Proxy(tx, {
      get(t, prop) {
        if (prop === 'execute') return (stmt: InStatement) => (tick('transaction', ++calls, sqlOf(stmt)) ? t.execute(FAULT_SQL) : t.execute(stmt));
        if (prop === 'batch') return (stmts: InStatement[]) => t.batch(batchOf('transaction', stmts) as InStatement[]);
        if (prop === 'executeMultiple') return (sql: string) => (tick('transaction', ++calls, sql) ? t.execute(FAULT_SQL).then(() => undefined) : t.executeMultiple(sql));
        const value = Reflect.get(t, prop, t) as unknown;
        return typeof value === 'function' ? value.bind(t) : value;
      },
    });
  }

  const client = new Proxy({} as Client, {
    get(_, prop) {
      const t = target;
      switch (prop) {
        case 'execute':
          return (stmt: InStatement | string, args?: InArgs) =>
            tick('execute', ++calls, sqlOf(stmt)) ? t.execute(FAULT_SQL) : typeof stmt === 'string' ? t.execute(stmt, args) : t.execute(stmt);
        case 'batch':
          return (stmts: BatchEntry[], mode?: TransactionMode) => t.batch(batchOf('batch', stmts), mode);
        case 'migrate':
          return (stmts: InStatement[]) => t.migrate(batchOf('migrate', stmts) as InStatement[]);
        case 'executeMultiple':
          return (sql: string) => (tick('executeMultiple', ++calls, sql) ? t.execute(FAULT_SQL).then(() => undefined) : t.executeMultiple(sql));
        case 'transaction':
          return async (mode?: TransactionMode) => wrapTransaction(await t.transaction(mode));
        default: {
          const value = Reflect.get(t, prop, t) as unknown;
          return typeof value === 'function' ? value.bind(t) : value;
        }
      }
    },
  });

  return {
    /** Give this to drizzle. */
    client,
    /** The real client behind it right now (for reading the database without counting). */
    get raw() {
      return target;
    },
    /** Puts another real client behind the proxy (a restored snapshot); closes the previous one. */
    swap(next: Client) {
      const previous = target;
      target = next;
      previous.close();
    },
    /**
     * Runs `operation`, counting its statements; with `failAt` (1-based), that statement fails.
     * Not reentrant: one run at a time.
     */
    async run<T>(failAt: number | null, operation: () => Promise<T>): Promise<FaultRun<T>> {
      log = [];
      calls = 0;
      fired = false;
      armedAt = failAt ?? 0;
      counting = true;
      try {
        const result = await operation();
        return { result, statements: log, fired };
      } finally {
        counting = false;
        armedAt = 0;
      }
    },
  };
}

export type FaultClient = ReturnType<typeof faultClient>;

/**
 * Snapshots of a database, restored as fresh file databases: `take` copies the current state
 * (VACUUM INTO), `open` makes a new client on a private copy of it.
 */
export function snapshots() {
  const dir = mkdtempSync(join(tmpdir(), 'binh-dang-faults-'));
  let copies = 0;
  return {
    async take(client: Client, name: string): Promise<string> {
      const file = join(dir, `${name}.db`);
      await client.execute({ sql: 'VACUUM INTO ?', args: [file] });
      return file;
    },
    open(file: string): Client {
      const copy = join(dir, `run-${++copies}.db`);
      copyFileSync(file, copy);
      return createClient({ url: `file:${copy}` });
    },
    /** Deletes the copies and snapshots (their clients must be closed first). */
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function cellText(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return { blob: Buffer.from(value).toString('hex') };
  if (ArrayBuffer.isView(value)) return { blob: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') };
  if (typeof value === 'bigint') return { int: value.toString() };
  return value;
}

export interface DatabaseDigest {
  /** sha256 over every table's digest, in table-name order. */
  all: string;
  /** sha256 over the table's rows (each row's cells as JSON; rows sorted), by table name. */
  tables: Record<string, string>;
}

/**
 * A digest of every table's rows (schema tables and sqlite_sequence, whose counters roll back with
 * the rest), independent of row order. Tables in `exclude` are left out. With `maskClock`, the
 * cells of columns that SQLite fills from its own wall clock (default `strftime(…, 'now')`, e.g.
 * `plans.created_at`) count only as present, not by value: two runs of the same operation a few
 * milliseconds apart then give the same digest.
 */
export async function databaseDigest(client: Client, options: { exclude?: readonly string[]; maskClock?: boolean } = {}): Promise<DatabaseDigest> {
  const names = (
    await client.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence') ORDER BY name")
  ).rows
    .map((r) => String(r[0]))
    .filter((name) => !(options.exclude ?? []).includes(name));
  const tables: Record<string, string> = {};
  const all = createHash('sha256');
  for (const name of names) {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const clockColumns = new Set<string>();
    if (options.maskClock)
      for (const col of (await client.execute(`PRAGMA table_info(${quoted})`)).rows)
        if (/'now'/i.test(String(col.dflt_value ?? ''))) clockColumns.add(String(col.name));
    const rs = await client.execute(`SELECT * FROM ${quoted}`);
    const rows = rs.rows
      .map((row) => JSON.stringify(rs.columns.map((column, i) => (clockColumns.has(column) ? row[i] !== null : cellText(row[i])))))
      .sort();
    const h = createHash('sha256').update(JSON.stringify(rs.columns));
    for (const row of rows) h.update(row).update('\n');
    tables[name] = h.digest('hex');
    all.update(`${name}:${tables[name]}\n`);
  }
  return { all: all.digest('hex'), tables };
}

/** Tables whose digests differ between two digests. */
export function changedTables(a: DatabaseDigest, b: DatabaseDigest): string[] {
  const names = new Set([...Object.keys(a.tables), ...Object.keys(b.tables)]);
  return [...names].filter((n) => a.tables[n] !== b.tables[n]).sort();
}
