// Watches the test database for changes: AFTER INSERT/UPDATE/DELETE triggers on every table write
// into a change log, so "this refused request changed nothing" is exact and costs one query; and
// a full content digest (sha256 over every table's rows in rowid order) for the start and end of
// each batch of requests. Test-only: the triggers are created in the in-memory test database.
import { createHash } from 'node:crypto';
import type { Client } from '@libsql/client';

const LOG = 'bad_input_change_log';

export interface Change {
  table: string;
  op: 'I' | 'U' | 'D';
  rowid: number;
}

export interface DbWatch {
  /** Changes recorded since the last call (and clears the log). */
  take(): Promise<Change[]>;
  /** sha256 over every table's rows in rowid order; `filter` may leave some rows out. */
  digest(): Promise<string>;
  tables: string[];
}

/** Rows a refusal may legitimately add; the digest leaves them out so that it compares the rest. */
export interface DigestExclusions {
  /** SQL condition per table selecting the rows the digest keeps (e.g. audit events that are not refusals). */
  keep: Record<string, string>;
}

export async function watchDb(client: Client, exclusions: DigestExclusions = { keep: {} }): Promise<DbWatch> {
  const rows = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")).rows;
  const tables = rows.map((r) => String(r.name)).filter((n) => n !== LOG);
  await client.execute(`CREATE TABLE IF NOT EXISTS ${LOG} (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, op TEXT NOT NULL, rid INTEGER)`);
  const statements: string[] = [];
  for (const t of tables) {
    for (const [event, op, ref] of [
      ['INSERT', 'I', 'NEW'],
      ['UPDATE', 'U', 'NEW'],
      ['DELETE', 'D', 'OLD'],
    ] as const) {
      statements.push(
        `CREATE TRIGGER IF NOT EXISTS bad_input_${t}_${op} AFTER ${event} ON "${t}" BEGIN INSERT INTO ${LOG} (tbl, op, rid) VALUES ('${t}', '${op}', ${ref}.rowid); END`,
      );
    }
  }
  await client.batch(statements, 'write');

  return {
    tables,
    async take() {
      const res = await client.execute(`SELECT tbl, op, rid FROM ${LOG} ORDER BY seq`);
      if (res.rows.length === 0) return [];
      await client.execute(`DELETE FROM ${LOG}`);
      return res.rows.map((r) => ({ table: String(r.tbl), op: String(r.op) as Change['op'], rowid: Number(r.rid) }));
    },
    async digest() {
      const hash = createHash('sha256');
      for (const t of tables) {
        const where = exclusions.keep[t] ? ` WHERE ${exclusions.keep[t]}` : '';
        const res = await client.execute(`SELECT * FROM "${t}"${where} ORDER BY rowid`);
        hash.update(`\u0000table ${t} ${res.columns.join(',')}\n`);
        for (const row of res.rows) {
          hash.update(JSON.stringify(Array.from(row as ArrayLike<unknown>, (v) => (v instanceof ArrayBuffer ? Buffer.from(v).toString('base64') : typeof v === 'bigint' ? v.toString() : v))));
          hash.update('\n');
        }
      }
      return hash.digest('hex');
    },
  };
}
