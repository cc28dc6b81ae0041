// A small libSQL server over HTTP (the Hrana 2 JSON protocol that Turso speaks: POST /v2/pipeline)
// on a local SQLite file, for what must be shown to work against a remote database without a Turso
// account: `npm run db:migrate` and provisioning on a libsql/http URL, the web client the Worker
// uses (@libsql/client/web), and the CPU bench, where the queries then run in another process as
// they do at Turso. Not a server to deploy: no authentication check (the token is only required),
// one connection, no interactive transactions across requests (the app uses batches only), and
// only what the clients here send: execute, batch (with step conditions), sequence, close,
// get_autocommit.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import Database from 'libsql';

type HranaValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

interface HranaStmt {
  sql?: string;
  sql_id?: number;
  args?: HranaValue[];
  named_args?: { name: string; value: HranaValue }[];
  want_rows?: boolean;
}

type Cond =
  | { type: 'ok'; step: number }
  | { type: 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and'; conds: Cond[] }
  | { type: 'or'; conds: Cond[] }
  | { type: 'is_autocommit' };

type HranaRequest =
  | { type: 'execute'; stmt: HranaStmt }
  | { type: 'batch'; batch: { steps: { condition?: Cond | null; stmt: HranaStmt }[] } }
  | { type: 'sequence'; sql: string }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number }
  | { type: 'close' }
  | { type: 'get_autocommit' };

/** A stream's state between pipelines (its baton): the SQL it stored. */
interface Stream {
  sqls: Map<number, string>;
}

type Db = InstanceType<typeof Database>;

function toJs(value: HranaValue): unknown {
  switch (value.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(value.value);
    case 'float':
      return value.value;
    case 'text':
      return value.value;
    case 'blob':
      return Buffer.from(value.base64, 'base64');
  }
}

function toHrana(value: unknown): HranaValue {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: String(value) };
  // Integers come as bigint (safeIntegers): a number is a REAL, even 2.0.
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(value).toString('base64') };
  return { type: 'text', value: String(value) };
}

class StmtError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function execute(db: Db, stmt: HranaStmt, stream: Stream) {
  const sql = typeof stmt.sql === 'string' ? stmt.sql : stmt.sql_id !== undefined ? stream.sqls.get(stmt.sql_id) : undefined;
  if (sql === undefined) throw new StmtError(`no SQL (sql_id ${String(stmt.sql_id)} not stored)`, 'SQL_NOT_FOUND');
  let prepared;
  try {
    prepared = db.prepare(sql);
  } catch (error) {
    throw new StmtError((error as Error).message, (error as { code?: string }).code ?? 'SQLITE_ERROR');
  }
  const named = Object.fromEntries((stmt.named_args ?? []).map((a) => [a.name.replace(/^[:@$]/, ''), toJs(a.value)]));
  const args: unknown[] = (stmt.args ?? []).map(toJs);
  if (Object.keys(named).length) args.push(named);
  try {
    if (prepared.reader) {
      prepared.safeIntegers(true);
      prepared.raw(true);
      const rows = prepared.all(...args) as unknown[][];
      const cols = prepared.columns().map((c: { name: string; type: string | null }) => ({ name: c.name, decltype: c.type ?? null }));
      return { cols, rows: rows.map((row) => row.map(toHrana)), affected_row_count: 0, last_insert_rowid: null };
    }
    const info = prepared.run(...args) as { changes: number; lastInsertRowid: number | bigint };
    return { cols: [], rows: [], affected_row_count: info.changes, last_insert_rowid: String(info.lastInsertRowid) };
  } catch (error) {
    throw new StmtError((error as Error).message, (error as { code?: string }).code ?? 'SQLITE_ERROR');
  }
}

function holds(cond: Cond | null | undefined, ok: (boolean | null)[], db: Db): boolean {
  if (!cond) return true;
  switch (cond.type) {
    case 'ok':
      return ok[cond.step] === true;
    case 'error':
      return ok[cond.step] === false;
    case 'not':
      return !holds(cond.cond, ok, db);
    case 'and':
      return cond.conds.every((c) => holds(c, ok, db));
    case 'or':
      return cond.conds.some((c) => holds(c, ok, db));
    case 'is_autocommit':
      return !db.inTransaction;
  }
}

function handle(db: Db, request: HranaRequest, stream: Stream) {
  try {
    switch (request.type) {
      case 'execute':
        return { type: 'ok', response: { type: 'execute', result: execute(db, request.stmt, stream) } };
      case 'store_sql':
        stream.sqls.set(request.sql_id, request.sql);
        return { type: 'ok', response: { type: 'store_sql' } };
      case 'close_sql':
        stream.sqls.delete(request.sql_id);
        return { type: 'ok', response: { type: 'close_sql' } };
      case 'batch': {
        const ok: (boolean | null)[] = [];
        const stepResults: unknown[] = [];
        const stepErrors: unknown[] = [];
        for (const step of request.batch.steps) {
          if (!holds(step.condition, ok, db)) {
            ok.push(null);
            stepResults.push(null);
            stepErrors.push(null);
            continue;
          }
          try {
            stepResults.push(execute(db, step.stmt, stream));
            stepErrors.push(null);
            ok.push(true);
          } catch (error) {
            stepResults.push(null);
            stepErrors.push({ message: (error as Error).message, code: (error as StmtError).code ?? 'SQLITE_ERROR' });
            ok.push(false);
          }
        }
        return { type: 'ok', response: { type: 'batch', result: { step_results: stepResults, step_errors: stepErrors } } };
      }
      case 'sequence':
        db.exec(request.sql);
        return { type: 'ok', response: { type: 'sequence' } };
      case 'close':
        return { type: 'ok', response: { type: 'close' } };
      case 'get_autocommit':
        return { type: 'ok', response: { type: 'get_autocommit', is_autocommit: !db.inTransaction } };
      default:
        return { type: 'error', error: { message: `unsupported request ${(request as { type: string }).type}`, code: 'UNSUPPORTED' } };
    }
  } catch (error) {
    return { type: 'error', error: { message: (error as Error).message, code: (error as StmtError).code ?? 'SQLITE_ERROR' } };
  }
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface HranaServer {
  url: string;
  /** Pipelines answered (each is one HTTP request, as each is one round trip to Turso). */
  requests: () => number;
  close(): Promise<void>;
}

/**
 * Serves `file` (a SQLite path) on 127.0.0.1 at a free port. Requests need a bearer token (any),
 * as Turso's do, so that a client that forgets it fails here too.
 */
export async function startHranaServer(file: string): Promise<HranaServer> {
  const db = new Database(file);
  db.exec('PRAGMA foreign_keys = ON');
  let count = 0;
  const streams = new Map<string, Stream>();
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.method === 'GET' && (req.url === '/v2' || req.url === '/health')) return send(200, {});
    if (req.method !== 'POST' || req.url !== '/v2/pipeline') return send(404, { error: 'not found' });
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return send(401, { error: 'Unauthorized: a token is required' });
    count++;
    let parsed: { baton?: string | null; requests: HranaRequest[] };
    try {
      parsed = JSON.parse(await body(req)) as typeof parsed;
    } catch {
      return send(400, { error: 'malformed JSON' });
    }
    const known = parsed.baton ? streams.get(parsed.baton) : undefined;
    if (parsed.baton && !known) return send(400, { error: 'unknown baton' });
    const stream = known ?? { sqls: new Map<number, string>() };
    if (parsed.baton) streams.delete(parsed.baton);
    const results = parsed.requests.map((r) => handle(db, r, stream));
    // A stream stays open (with a new baton) until the client closes it.
    const closed = parsed.requests.some((r) => r.type === 'close');
    let baton: string | null = null;
    if (!closed) {
      baton = crypto.randomUUID();
      streams.set(baton, stream);
    }
    send(200, { baton, base_url: null, results });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
