// Backup and restore of a province's database (`npm run backup` / `npm run restore`, see
// ./backup-cli.ts and the README section "Backup and restore").
//
// One file: gzip of JSON lines. Line 1 is the header (format, version, when, province, the applied
// migrations, and for each table its columns, row count and the sha256 of its lines); then one
// line per row, table by table in foreign-key order, rows by primary key; the last line is a
// trailer holding the sha256 of the header line. Tables are read from sqlite_master, not from a
// hand list: every table is backed up unless EXCLUDED_TABLES says why not (a test fails on a table
// that is neither). Evidence files are indexed (storage key, name, type, size, sha256 rows of
// duty_evidence and activity_evidence); their bytes stay in storage (R2 or the evidence folder).
// Case-register fields stay sealed as stored; the keys (CASE_DATA_KEYS) are not in the file.
//
// A restore goes only into an empty database: it checks the file (every table's count and
// sha256, the header's own hash, the audit chains), refuses a file whose migrations the code does
// not know, migrates the target to the file's schema level, inserts every row in one batch (one
// transaction, foreign keys deferred, a write_guards row re-checking emptiness inside it),
// re-reads every table and compares the hashes, verifies the audit chains in the database, and
// finally applies the code's newer migrations, if any, as a deploy would.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Client, InStatement, InValue } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { createChainVerifier, type AuditEvent } from '@binh-dang/domain';
import { listAuditChains, verifyAuditChain } from './audit.ts';
import { migrateDb, migrationsFolder } from './migrate.ts';
import type { Db } from './types.ts';

export const BACKUP_FORMAT = 'binh-dang-backup';
export const BACKUP_VERSION = 1;

/**
 * Tables that are deliberately not in a backup, and why. Every other table of the database is
 * backed up: a new table is included unless it is added here.
 */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  sessions: 'phiên đăng nhập đang mở: là bí mật, người dùng đăng nhập lại sau khi khôi phục (live sessions are secrets; users sign in again)',
  verifications: 'mã xác minh tạm thời của better-auth (transient verification tokens)',
  write_guards: 'hàng tạm trong một lô ghi, luôn rỗng giữa các lô (transient guard rows, empty between batches)',
  __drizzle_migrations: 'danh sách migration ghi trong phần đầu tệp; đích có nó khi chạy migration (recorded in the header; the target gets it by migrating)',
};

/** SQLite's, libSQL's and tools' own tables: never data of the application. */
export function isInternalTable(name: string): boolean {
  return /^(sqlite_|libsql_|_litestream|_cf_)/.test(name);
}

/** A refusal or failure, with a Vietnamese message first and the English in parentheses. */
export class BackupError extends Error {
  constructor(
    readonly code: 'usage' | 'province' | 'corrupt' | 'schema' | 'not-empty' | 'audit' | 'verify',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
  sha256: string;
}

export interface BackupMigration {
  /** The migration's tag in this code's journal; null when this code does not know it. */
  tag: string | null;
  hash: string;
  createdAt: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  province: { id: string; name: string; family: string[]; units: number };
  migrations: BackupMigration[];
  tables: BackupTable[];
  excluded: string[];
  attachments: { tables: string[]; files: number; bytes: number; note: string };
  audit: { chain: string; events: number; ok: boolean }[];
}

export interface BackupResult {
  bytes: Uint8Array;
  header: BackupHeader;
  totalRows: number;
}

type Cell = string | number | null | { b64: string } | { real: string };

const ATTACHMENT_TABLES = ['duty_evidence', 'activity_evidence'];
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------------------
// Reading the database

/** The libSQL client under a drizzle handle (drizzle() keeps it as `$client`). */
function clientOf(db: Db): Client {
  const client = (db as Db & { $client?: Client }).$client;
  if (!client) throw new TypeError('Cần một cơ sở dữ liệu dựng trên libSQL client (a drizzle handle over a libSQL client is required)');
  return client;
}

/** The application's tables of the database (not internal ones), alphabetically. */
export async function listTables(client: Client): Promise<string[]> {
  const rs = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return rs.rows.map((r) => String(r.name)).filter((name) => !isInternalTable(name));
}

/** The tables a backup holds: every table but the internal and the excluded ones, parents first. */
export async function backedUpTables(client: Client): Promise<string[]> {
  const names = (await listTables(client)).filter((name) => !(name in EXCLUDED_TABLES));
  const parents = new Map<string, Set<string>>();
  for (const name of names) {
    const rs = await client.execute({ sql: 'SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)', args: [name] });
    parents.set(name, new Set(rs.rows.map((r) => String(r.parent)).filter((p) => p !== name && names.includes(p))));
  }
  // Topological order, alphabetical among equals; a cycle (none today) falls back to alphabetical.
  const ordered: string[] = [];
  const left = new Set(names);
  while (left.size > 0) {
    const ready = [...left].filter((name) => [...parents.get(name)!].every((p) => !left.has(p)));
    const next = ready.length > 0 ? ready : [...left];
    for (const name of next.sort()) {
      ordered.push(name);
      left.delete(name);
    }
  }
  return ordered;
}

async function columnsOf(client: Client, table: string): Promise<{ columns: string[]; primaryKey: string[] }> {
  const rs = await client.execute({ sql: 'SELECT name, pk FROM pragma_table_info(?) ORDER BY cid', args: [table] });
  const columns = rs.rows.map((r) => String(r.name));
  const primaryKey = rs.rows
    .filter((r) => Number(r.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((r) => String(r.name));
  return { columns, primaryKey };
}

function encodeCell(value: unknown): Cell {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { real: String(value) };
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof ArrayBuffer) return { b64: Buffer.from(value).toString('base64') };
  if (ArrayBuffer.isView(value)) return { b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  throw new TypeError(`Giá trị không lưu được (unsupported value): ${typeof value}`);
}

function decodeCell(cell: Cell): InValue {
  if (cell === null || typeof cell === 'string' || typeof cell === 'number') return cell;
  if ('b64' in cell) return Buffer.from(cell.b64, 'base64');
  return Number(cell.real);
}

/** One line per row, as written to the file: the column values in the header's order. */
async function tableLines(client: Client, table: string, columns: string[], primaryKey: string[]): Promise<string[]> {
  const order = (primaryKey.length > 0 ? primaryKey : ['rowid']).map(quote).join(', ');
  const rs = await client.execute(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${order}`);
  return rs.rows.map((row) => JSON.stringify({ t: table, r: columns.map((_, i) => encodeCell(row[i])) }));
}

const linesHash = (lines: readonly string[]) => {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest('hex');
};

/** The migrations the database has applied (drizzle's table), oldest first, named by this code's journal. */
async function appliedMigrations(client: Client): Promise<BackupMigration[]> {
  const exists = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
  if (exists.rows.length === 0) return [];
  const rs = await client.execute('SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at, id');
  const known = codeMigrations();
  return rs.rows.map((r) => {
    const hash = String(r.hash);
    const createdAt = Number(r.created_at);
    return { tag: known.find((m) => m.hash === hash && m.createdAt === createdAt)?.tag ?? null, hash, createdAt };
  });
}

/** The migrations of this code, in order. */
export function codeMigrations(): { tag: string; hash: string; createdAt: number }[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  const files = readMigrationFiles({ migrationsFolder });
  return journal.entries.map((entry, i) => ({ tag: entry.tag, hash: files[i]!.hash, createdAt: entry.when }));
}

// ---------------------------------------------------------------------------------------------
// Backup

interface UnitRow {
  id: string;
  name: string;
  parentId: string | null;
  successorId: string | null;
  root: string;
}

/**
 * The province and the provinces merged into it or out of it (root units linked by successor_id,
 * either way): one deployment's database holds that family and nothing else.
 */
function provinceFamily(units: UnitRow[], provinceId: string): Set<string> {
  const roots = units.filter((u) => u.parentId === null);
  const family = new Set([provinceId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of roots) {
      if (family.has(r.id)) continue;
      const linked = (r.successorId !== null && family.has(r.successorId)) || roots.some((f) => family.has(f.id) && f.successorId === r.id);
      if (linked) {
        family.add(r.id);
        grew = true;
      }
    }
  }
  return family;
}

async function checkProvince(db: Db, client: Client, provinceId: string) {
  const rs = await client.execute('SELECT id, name, kind, parent_id, successor_id, path FROM org_units');
  const units: UnitRow[] = rs.rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    parentId: r.parent_id === null ? null : String(r.parent_id),
    successorId: r.successor_id === null ? null : String(r.successor_id),
    root: String(r.path).split('/').filter(Boolean)[0] ?? '',
  }));
  const province = rs.rows.find((r) => r.id === provinceId);
  if (!province || province.kind !== 'province' || province.parent_id !== null)
    throw new BackupError(
      'province',
      `Không có tỉnh '${provinceId}' (đơn vị gốc loại tỉnh) trong cơ sở dữ liệu (no province '${provinceId}', a root unit of kind province, in the database)`,
    );
  const family = provinceFamily(units, provinceId);
  const strangers = units.filter((u) => !family.has(u.root));
  const chains = (await listAuditChains(db)).map((c) => c.chain);
  const strangeChains = chains.filter((c) => c !== 'system' && !family.has(c));
  const published = await client.execute('SELECT province_id FROM publications');
  const strangePublications = published.rows.map((r) => String(r.province_id)).filter((p) => !family.has(p));
  if (strangers.length > 0 || strangeChains.length > 0 || strangePublications.length > 0) {
    const others = [...new Set([...strangers.map((u) => u.root), ...strangeChains, ...strangePublications])].sort();
    throw new BackupError(
      'province',
      `Cơ sở dữ liệu còn chứa dữ liệu của tỉnh khác (${others.join(', ')}): sao lưu một tỉnh cần cơ sở dữ liệu riêng của tỉnh đó, không sao lưu (` +
        `the database also holds data of another province (${others.join(', ')}); a province backup needs that province's own database; nothing written)`,
    );
  }
  return { id: provinceId, name: String(province.name), family: [...family].sort(), units: units.length };
}

export interface CreateBackupOptions {
  provinceId: string;
  now?: Date;
}

/** Reads the whole database into one backup file (not yet written anywhere). */
export async function createBackup(db: Db, options: CreateBackupOptions): Promise<BackupResult> {
  const client = clientOf(db);
  const province = await checkProvince(db, client, options.provinceId);
  const names = await backedUpTables(client);
  const tables: BackupTable[] = [];
  const body: string[] = [];
  let totalRows = 0;
  for (const name of names) {
    const { columns, primaryKey } = await columnsOf(client, name);
    const lines = await tableLines(client, name, columns, primaryKey);
    tables.push({ name, columns, rows: lines.length, sha256: linesHash(lines) });
    totalRows += lines.length;
    body.push(...lines);
  }
  const files = await client.execute(
    ATTACHMENT_TABLES.filter((t) => names.includes(t))
      .map((t) => `SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM ${quote(t)}`)
      .join(' UNION ALL '),
  );
  const audit = [];
  for (const { chain } of await listAuditChains(db)) {
    const result = await verifyAuditChain(db, chain);
    audit.push({ chain, events: result.checked, ok: result.ok });
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    province,
    migrations: await appliedMigrations(client),
    tables,
    excluded: (await listTables(client)).filter((name) => name in EXCLUDED_TABLES),
    attachments: {
      tables: ATTACHMENT_TABLES,
      files: files.rows.reduce((sum: number, r) => sum + Number(r.n), 0),
      bytes: files.rows.reduce((sum: number, r) => sum + Number(r.bytes), 0),
      note: 'Tệp đính kèm nằm trong kho lưu trữ (R2 hoặc thư mục), tệp sao lưu chỉ giữ danh mục (the files stay in storage; the backup holds their index)',
    },
    audit,
  };
  const headerLine = JSON.stringify(header);
  const text = [headerLine, ...body, JSON.stringify({ end: true, headerSha256: sha256(headerLine) })].join('\n') + '\n';
  return { bytes: gzipSync(text, { level: 9 }), header, totalRows };
}

// ---------------------------------------------------------------------------------------------
// Reading a backup file

export interface ParsedBackup {
  header: BackupHeader;
  /** Rows per table, as stored in the file. */
  rows: Map<string, Cell[][]>;
  totalRows: number;
}

const corrupt = (why: string, whyEn: string) =>
  new BackupError('corrupt', `Tệp sao lưu hỏng hoặc đã bị sửa: ${why}; không khôi phục (the backup file is damaged or was edited: ${whyEn}; nothing restored)`);

/** Checks and reads a backup file: gzip, header, trailer, and every table's row count and sha256. */
export function readBackup(bytes: Uint8Array): ParsedBackup {
  let text: string;
  try {
    text = gunzipSync(bytes).toString('utf8');
  } catch (error) {
    throw corrupt(`không giải nén được (${(error as Error).message})`, `it does not decompress (${(error as Error).message})`);
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const parse = (line: string | undefined, where: string): unknown => {
    try {
      return JSON.parse(line ?? '');
    } catch {
      throw corrupt(`dòng ${where} không phải JSON`, `line ${where} is not JSON`);
    }
  };
  const header = parse(lines[0], '1') as BackupHeader;
  if (header?.format !== BACKUP_FORMAT) throw corrupt('không phải tệp sao lưu Bình Đẳng', 'not a Bình Đẳng backup');
  if (header.version !== BACKUP_VERSION)
    throw new BackupError(
      'schema',
      `Tệp sao lưu định dạng ${header.version}, mã nguồn này đọc định dạng ${BACKUP_VERSION}; không khôi phục (backup format ${header.version}, this code reads format ${BACKUP_VERSION}; nothing restored)`,
    );
  const trailer = parse(lines.at(-1), String(lines.length)) as { end?: boolean; headerSha256?: string };
  if (lines.length < 2 || trailer?.end !== true) throw corrupt('thiếu dòng kết thúc (tệp bị cắt?)', 'the end line is missing (truncated?)');
  if (trailer.headerSha256 !== sha256(lines[0]!)) throw corrupt('mã băm phần đầu không khớp', 'the header hash does not match');

  const rows = new Map<string, Cell[][]>();
  const hashes = new Map<string, ReturnType<typeof createHash>>();
  const known = new Map(header.tables.map((t) => [t.name, t]));
  let tableIndex = 0;
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i]!;
    const row = parse(line, String(i + 1)) as { t?: string; r?: Cell[] };
    const table = row?.t === undefined ? undefined : known.get(row.t);
    if (!table || !Array.isArray(row.r) || row.r.length !== table.columns.length)
      throw corrupt(`dòng ${i + 1} không thuộc bảng nào trong phần đầu`, `line ${i + 1} belongs to no table of the header`);
    // Tables come in the header's order, each in one run.
    while (header.tables[tableIndex]?.name !== table.name) {
      tableIndex++;
      if (tableIndex >= header.tables.length) throw corrupt(`bảng ${table.name} không theo thứ tự`, `table ${table.name} is out of order`);
    }
    if (!rows.has(table.name)) {
      rows.set(table.name, []);
      hashes.set(table.name, createHash('sha256'));
    }
    rows.get(table.name)!.push(row.r);
    hashes.get(table.name)!.update(`${line}\n`);
  }
  let totalRows = 0;
  for (const table of header.tables) {
    const got = rows.get(table.name)?.length ?? 0;
    const hash = hashes.get(table.name)?.digest('hex') ?? linesHash([]);
    if (got !== table.rows) throw corrupt(`bảng ${table.name} có ${got} dòng, phần đầu ghi ${table.rows}`, `table ${table.name} has ${got} rows, the header says ${table.rows}`);
    if (hash !== table.sha256) throw corrupt(`mã băm sha256 của bảng ${table.name} không khớp`, `the sha256 of table ${table.name} does not match`);
    totalRows += got;
  }
  return { header, rows, totalRows };
}

// ---------------------------------------------------------------------------------------------
// Restore

export interface RestoreResult {
  tables: number;
  rows: number;
  migrationsApplied: number;
  auditChains: { chain: string; events: number }[];
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Verifies the audit chains held in the file, before anything is written. */
async function verifyFileAudit(parsed: ParsedBackup) {
  const table = parsed.header.tables.find((t) => t.name === 'audit_events');
  if (!table) return [];
  const events = (parsed.rows.get('audit_events') ?? []).map(
    (row) => Object.fromEntries(table.columns.map((c, i) => [camel(c), decodeCell(row[i]!)])) as unknown as AuditEvent,
  );
  const byChain = new Map<string, AuditEvent[]>();
  for (const e of events) byChain.set(e.chain, [...(byChain.get(e.chain) ?? []), e]);
  const out = [];
  for (const [chain, list] of [...byChain].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));
    const result = await createChainVerifier(chain).push(list);
    if (!result.ok)
      throw new BackupError(
        'audit',
        `Chuỗi nhật ký ${chain} trong tệp sao lưu bị hỏng tại seq ${result.firstBroken.seq}: ${result.firstBroken.reason}; không khôi phục (audit chain ${chain} in the backup is broken; nothing restored)`,
      );
    out.push({ chain, events: result.checked });
  }
  return out;
}

/** Rows of data already in the target (built-in indicators, which migrating adds, do not count). */
async function existingData(client: Client): Promise<{ table: string; rows: number }[]> {
  const found = [];
  for (const name of await listTables(client)) {
    if (name in EXCLUDED_TABLES && name !== 'sessions' && name !== 'verifications') continue;
    const { columns } = await columnsOf(client, name);
    const where = name === 'indicators' && columns.includes('builtin') ? ' WHERE builtin = 0' : '';
    const rs = await client.execute(`SELECT count(*) AS n FROM ${quote(name)}${where}`);
    const n = Number(rs.rows[0]?.n ?? 0);
    if (n > 0) found.push({ table: name, rows: n });
  }
  return found;
}

/** Applies the first `count` migrations of this code only (a restore migrates to the file's level first). */
export async function migrateToLevel(db: Db, count: number): Promise<void> {
  const journalPath = join(migrationsFolder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const dir = mkdtempSync(join(tmpdir(), 'binh-dang-restore-'));
  try {
    mkdirSync(join(dir, 'meta'));
    const entries = journal.entries.slice(0, count);
    writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const e of entries) copyFileSync(join(migrationsFolder, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
    await migrate(db, { migrationsFolder: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many rows go into one INSERT: few enough bound values for any SQLite build. */
const MAX_VALUES_PER_STATEMENT = 900;

/** Restores a backup file into an empty database. Throws BackupError, having written nothing, when it refuses. */
export async function restoreBackup(db: Db, bytes: Uint8Array): Promise<RestoreResult> {
  const client = clientOf(db);
  const parsed = readBackup(bytes);
  const { header } = parsed;

  // The file's migrations must be this code's first migrations, in order.
  const code = codeMigrations();
  const fileLevel = header.migrations.length;
  const unknown = header.migrations.findIndex((m, i) => code[i]?.hash !== m.hash || code[i]?.createdAt !== m.createdAt);
  if (unknown >= 0)
    throw new BackupError(
      'schema',
      fileLevel > code.length || unknown >= code.length
        ? `Tệp sao lưu có lược đồ mới hơn mã nguồn (${fileLevel} migration, mã nguồn có ${code.length}): khôi phục bằng phiên bản mã nguồn đã tạo ra nó; không khôi phục (the backup's schema is newer than this code (${fileLevel} migrations, the code has ${code.length}): restore with the version that made it; nothing restored)`
        : `Migration thứ ${unknown + 1} của tệp sao lưu khác với mã nguồn này; không khôi phục (migration ${unknown + 1} of the backup differs from this code's; nothing restored)`,
    );
  const auditInFile = await verifyFileAudit(parsed);

  // The target: empty, and not migrated past the file's level.
  const data = await existingData(client);
  if (data.length > 0)
    throw new BackupError(
      'not-empty',
      `Cơ sở dữ liệu đích đã có dữ liệu (${data.map((d) => `${d.table}: ${d.rows}`).join(', ')}): chỉ khôi phục vào cơ sở dữ liệu trống; không ghi gì (the target database already holds data; restore only into an empty database; nothing written)`,
    );
  const targetMigrations = await appliedMigrations(client);
  if (targetMigrations.length > fileLevel || targetMigrations.some((m, i) => m.hash !== header.migrations[i]?.hash))
    throw new BackupError(
      'schema',
      `Cơ sở dữ liệu đích đã chạy ${targetMigrations.length} migration, khác hoặc mới hơn tệp sao lưu (${fileLevel}): dùng một cơ sở dữ liệu mới tạo; không ghi gì (the target has ${targetMigrations.length} migrations applied, different from or newer than the backup's ${fileLevel}: use a newly created database; nothing written)`,
    );

  await migrateToLevel(db, fileLevel);

  // The target's tables must be exactly the file's, with the same columns.
  const targetTables = await backedUpTables(client);
  const fileTables = header.tables.map((t) => t.name);
  const missing = fileTables.filter((t) => !targetTables.includes(t));
  const extra = targetTables.filter((t) => !fileTables.includes(t));
  if (missing.length > 0 || extra.length > 0)
    throw new BackupError('schema', `Bảng của tệp sao lưu khác bảng của lược đồ (tables differ from the schema): thiếu (missing) ${missing.join(', ') || '—'}; thừa (extra) ${extra.join(', ') || '—'}`);
  for (const table of header.tables) {
    const { columns } = await columnsOf(client, table.name);
    if ([...columns].sort().join() !== [...table.columns].sort().join())
      throw new BackupError('schema', `Cột của bảng ${table.name} khác lược đồ (the columns of ${table.name} differ from the schema)`);
  }

  // One batch: one transaction. Foreign keys are checked at commit; the guard row re-checks, inside
  // the transaction, that nothing was written to the target since the check above.
  const emptiness = header.tables
    .map((t) => `(SELECT count(*) FROM ${quote(t.name)}${t.name === 'indicators' ? ' WHERE builtin = 0' : ''})`)
    .join(' + ');
  const statements: InStatement[] = [
    'PRAGMA defer_foreign_keys = ON',
    `INSERT INTO write_guards (changed) SELECT CASE WHEN ${emptiness || '0'} = 0 THEN 1 ELSE 0 END`,
    'DELETE FROM write_guards',
  ];
  if (fileTables.includes('indicators')) statements.push('DELETE FROM indicators WHERE builtin = 1');
  for (const table of header.tables) {
    const rows = parsed.rows.get(table.name) ?? [];
    const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / table.columns.length));
    const columnList = table.columns.map(quote).join(', ');
    const tuple = `(${table.columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      statements.push({
        sql: `INSERT INTO ${quote(table.name)} (${columnList}) VALUES ${chunk.map(() => tuple).join(', ')}`,
        args: chunk.flatMap((row) => row.map(decodeCell)),
      });
    }
  }
  try {
    await client.batch(statements, 'write');
  } catch (error) {
    const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    if (/write_guards_changed|CHECK constraint failed/.test(message))
      throw new BackupError('not-empty', 'Cơ sở dữ liệu đích vừa có dữ liệu được ghi vào trong lúc khôi phục; không ghi gì (data was written to the target during the restore; nothing written)');
    throw new BackupError('verify', `Ghi dữ liệu khôi phục thất bại, giao dịch đã huỷ, không ghi gì (the restore's write failed and was rolled back; nothing written): ${message.split('\n')[0]}`);
  }

  // Read everything back: the same rows, byte for byte, in every table.
  for (const table of header.tables) {
    const { primaryKey } = await columnsOf(client, table.name);
    const lines = await tableLines(client, table.name, table.columns, primaryKey);
    if (lines.length !== table.rows || linesHash(lines) !== table.sha256)
      throw new BackupError(
        'verify',
        `Bảng ${table.name} sau khi khôi phục khác tệp sao lưu (${lines.length}/${table.rows} dòng) (table ${table.name} differs from the backup after the restore)`,
      );
  }
  const auditChains = [];
  for (const { chain } of await listAuditChains(db)) {
    const result = await verifyAuditChain(db, chain);
    if (!result.ok)
      throw new BackupError('audit', `Chuỗi nhật ký ${chain} hỏng sau khi khôi phục tại seq ${result.firstBroken.seq} (audit chain ${chain} is broken after the restore)`);
    auditChains.push({ chain, events: result.checked });
  }
  if (JSON.stringify(auditChains) !== JSON.stringify(auditInFile))
    throw new BackupError('audit', 'Chuỗi nhật ký sau khi khôi phục khác tệp sao lưu (the audit chains after the restore differ from the backup)');

  // Bring the schema to this code's level, as a deploy would (and add missing built-in indicators).
  const before = (await appliedMigrations(client)).length;
  await migrateDb(db);
  const after = (await appliedMigrations(client)).length;
  return { tables: header.tables.length, rows: parsed.totalRows, migrationsApplied: after - before, auditChains };
}
