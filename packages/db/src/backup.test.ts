// Backup and restore at the database level: every table is either backed up or excluded on purpose;
// a round trip gives the same rows (file: and libsql:// targets, and from a file one migration
// behind the code); refusals (non-empty target, damaged or edited file, newer schema, broken audit
// chain, a database holding another province) write nothing. The API-level proof is
// apps/api/test/backup.test.ts.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { getTableName, isTable } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startHranaServer } from '../../../infra/lib/hrana-server.ts';
import { appendAuditEvents } from './audit.ts';
import { BackupError, codeMigrations, createBackup, EXCLUDED_TABLES, listTables, migrateToLevel, readBackup, restoreBackup } from './backup.ts';
import { createDb, type DbHandle } from './client.ts';
import { migrateDb } from './migrate.ts';
import { insertOrgUnits } from './org-units.ts';
import * as schema from './schema.ts';
import { demoOrgUnits, seedDemoData } from './seed/index.ts';

const PROVINCE = 'tinh-phu-tho-1997';
const now = new Date('2024-06-01T03:00:00.000Z');
const work = mkdtempSync(join(tmpdir(), 'binh-dang-backup-db-'));
let serial = 0;
let handles: DbHandle[] = [];
afterEach(() => {
  for (const h of handles) h.close();
  handles = [];
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function open(url = `file:${join(work, `db-${++serial}.db`)}`, token?: string): DbHandle {
  const handle = createDb(url, token);
  handles.push(handle);
  return handle;
}

/** A migrated database with the demo seed and a few audit events in two chains. */
async function source(): Promise<DbHandle> {
  const h = open();
  await migrateDb(h.db);
  await seedDemoData(h.db);
  const input = { entityType: 'plan', entityId: 'p1', orgUnitId: null, actorUserId: null, actorLabel: 'hệ thống', before: null, after: { n: 1 }, ip: null };
  await appendAuditEvents(h.db, [{ ...input, action: 'plan.create' }, { ...input, action: 'plan.update' }], { now, chain: PROVINCE });
  await appendAuditEvents(h.db, [{ ...input, action: 'auth.sign_in' }], { now, chain: 'system' });
  return h;
}

/** Every table's rows, through the backup's own serializer (its per-table sha256). */
async function fingerprint(h: DbHandle) {
  const { header } = await createBackup(h.db, { provinceId: PROVINCE, now });
  return Object.fromEntries(header.tables.map((t) => [t.name, `${t.rows}:${t.sha256}`]));
}

const text = (bytes: Uint8Array) => gunzipSync(bytes).toString('utf8').split('\n').filter(Boolean);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Rewrites a backup's lines, then makes every hash consistent again (a deliberate, well-formed edit). */
function rewrite(bytes: Uint8Array, edit: (header: ReturnType<typeof readBackup>['header'], rows: string[]) => void): Uint8Array {
  const lines = text(bytes);
  const header = JSON.parse(lines[0]!) as ReturnType<typeof readBackup>['header'];
  const rows = lines.slice(1, -1);
  edit(header, rows);
  for (const table of header.tables) {
    const own = rows.filter((line) => (JSON.parse(line) as { t: string }).t === table.name);
    table.rows = own.length;
    table.sha256 = sha(own.map((line) => `${line}\n`).join(''));
  }
  const headerLine = JSON.stringify(header);
  return gzipSync([headerLine, ...rows, JSON.stringify({ end: true, headerSha256: sha(headerLine) })].join('\n') + '\n');
}

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

describe('what a backup holds', () => {
  it('backs up every table of the database except the listed exclusions, a new table included', async () => {
    const h = await source();
    const all = await listTables(h.client);
    const { header } = await createBackup(h.db, { provinceId: PROVINCE, now });
    const backedUp = header.tables.map((t) => t.name);
    // Every table is one or the other, never both, never neither.
    expect([...backedUp, ...header.excluded].sort()).toEqual(all);
    expect(backedUp.filter((t) => header.excluded.includes(t))).toEqual([]);
    // Exclusions name real tables (a renamed table would otherwise slip in unnoticed) and no data tables.
    for (const name of Object.keys(EXCLUDED_TABLES)) expect(all, `excluded table ${name} exists`).toContain(name);
    expect(header.excluded.sort()).toEqual(['__drizzle_migrations', 'sessions', 'verifications', 'write_guards']);
    // Every table of the drizzle schema is in the database and in the backup (unless excluded).
    const declared = Object.values(schema).filter((v) => isTable(v)).map((t) => getTableName(t));
    for (const name of declared) expect([...backedUp, ...header.excluded], `schema table ${name}`).toContain(name);
    expect(header.attachments.tables).toEqual(['duty_evidence', 'activity_evidence']);
    for (const t of header.attachments.tables) expect(backedUp).toContain(t);

    // A table added later (no edit of the backup code) is backed up with its rows.
    await h.client.execute('CREATE TABLE zz_added_later (id TEXT PRIMARY KEY, note TEXT)');
    await h.client.execute("INSERT INTO zz_added_later VALUES ('a', 'mới')");
    const again = await createBackup(h.db, { provinceId: PROVINCE, now });
    expect(again.header.tables.find((t) => t.name === 'zz_added_later')).toMatchObject({ rows: 1, columns: ['id', 'note'] });
    expect(again.header.migrations.map((m) => m.tag)).toEqual(codeMigrations().map((m) => m.tag));
  });

  it('writes the same file twice from the same data (deterministic order), sessions left out', async () => {
    const h = await source();
    const at = new Date();
    await h.db.insert(schema.users).values({ id: 'u1', name: 'A', email: 'a@x.vn', createdAt: at, updatedAt: at });
    await h.db.insert(schema.sessions).values({ id: 's1', token: 'bi-mat-phien', userId: 'u1', expiresAt: at, createdAt: at, updatedAt: at });
    await h.db.insert(schema.verifications).values({ id: 'v1', identifier: 'x', value: 'bi-mat-xac-minh', expiresAt: at, createdAt: at, updatedAt: at });
    const a = await createBackup(h.db, { provinceId: PROVINCE, now });
    const b = await createBackup(h.db, { provinceId: PROVINCE, now });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const body = gunzipSync(a.bytes).toString('utf8');
    expect(body).not.toContain('bi-mat-phien');
    expect(body).not.toContain('bi-mat-xac-minh');
    expect(body).toContain('a@x.vn');
  });

  it('refuses a database that also holds another province, and an unknown province', async () => {
    const h = await source();
    const province = demoOrgUnits.find((u) => u.id === PROVINCE)!;
    await insertOrgUnits(h.db, [{ ...province, id: 'tinh-khac', code: '99', name: 'Tỉnh khác', path: '/tinh-khac/', successorId: null }]);
    const other = await refusal(createBackup(h.db, { provinceId: PROVINCE, now }));
    expect(other.code).toBe('province');
    expect(other.message).toMatch(/tỉnh khác \(tinh-khac\).*another province/);
    const unknown = await refusal(createBackup(h.db, { provinceId: 'huyen-lam-thao', now }));
    expect(unknown.message).toContain("Không có tỉnh 'huyen-lam-thao'");
  });

  it('takes the merged province (successor) and its predecessor as one family', async () => {
    const h = await source();
    const { header } = await createBackup(h.db, { provinceId: 'tinh-phu-tho-2025', now });
    expect(header.province.family).toEqual(['tinh-phu-tho-1997', 'tinh-phu-tho-2025']);
  });
});

describe('restore', () => {
  it('restores into an empty file: database and into a libsql:// server, rows identical, chains verified', async () => {
    const src = await source();
    const before = await fingerprint(src);
    const { bytes, totalRows } = await createBackup(src.db, { provinceId: PROVINCE, now });

    const local = open();
    const result = await restoreBackup(local.db, bytes);
    expect(result.rows).toBe(totalRows);
    expect(result.auditChains).toEqual([
      { chain: 'system', events: 1 },
      { chain: PROVINCE, events: 2 },
    ]);
    expect(await fingerprint(local)).toEqual(before);

    const server = await startHranaServer(join(work, `remote-${++serial}.db`));
    try {
      const remote = open(`libsql://${new URL(server.url).host}?tls=0`, 'any-token');
      await restoreBackup(remote.db, bytes);
      expect(await fingerprint(remote)).toEqual(before);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('accepts a target that was only migrated (provisioning), and one a migration behind: then migrates it', async () => {
    const src = await source();
    const { bytes } = await createBackup(src.db, { provinceId: PROVINCE, now });
    const migrated = open();
    await migrateDb(migrated.db); // built-in indicators only: still empty
    await restoreBackup(migrated.db, bytes);
    expect(await fingerprint(migrated)).toEqual(await fingerprint(src));

    // A backup made by the previous release (one migration fewer) restores into this code.
    const level = codeMigrations().length - 1;
    const old = open();
    await migrateToLevel(old.db, level);
    await old.client.execute(
      "INSERT INTO org_units (id, name, short_name, kind, local_kind, path, provenance) VALUES ('tinh-phu-tho-1997', 'Tỉnh Phú Thọ', 'Phú Thọ', 'province', 'tỉnh', '/tinh-phu-tho-1997/', 'demo')",
    );
    const oldBackup = await createBackup(old.db, { provinceId: PROVINCE, now });
    expect(oldBackup.header.migrations).toHaveLength(level);
    const target = open();
    const result = await restoreBackup(target.db, oldBackup.bytes);
    expect(result.migrationsApplied).toBe(1);
    const rs = await target.client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
    expect(Number(rs.rows[0]!.n)).toBe(codeMigrations().length);
    expect((await target.client.execute('SELECT name FROM org_units')).rows.map((r) => r.name)).toEqual(['Tỉnh Phú Thọ']);
  }, 60_000);

  it('refuses a target that holds data, and changes nothing in it', async () => {
    const src = await source();
    const { bytes } = await createBackup(src.db, { provinceId: PROVINCE, now });
    const target = open();
    await migrateDb(target.db);
    await target.db.insert(schema.publications).values({ provinceId: 'x', generation: 1, publishedAt: '2024-01-01' });
    const rowsBefore = await allRows(target);
    const error = await refusal(restoreBackup(target.db, bytes));
    expect(error.code).toBe('not-empty');
    expect(error.message).toMatch(/^Cơ sở dữ liệu đích đã có dữ liệu \(publications: 1\).*\(the target database already holds data/);
    expect(await allRows(target)).toEqual(rowsBefore);
  });

  it('refuses a damaged or edited file before touching the target', async () => {
    const src = await source();
    const { bytes } = await createBackup(src.db, { provinceId: PROVINCE, now });
    const flipped = Uint8Array.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    const rowEdited = gzipSync(gunzipSync(bytes).toString('utf8').replace('"Huyện Lâm Thao"', '"Huyện Lâm Thao (sửa)"'));
    expect(gunzipSync(rowEdited).toString('utf8')).toContain('Huyện Lâm Thao (sửa)');
    const truncated = gzipSync(text(bytes).slice(0, -5).join('\n'));
    const headerEdited = gzipSync(gunzipSync(bytes).toString('utf8').replace('"name":"Tỉnh Phú Thọ"', '"name":"Tỉnh khác"'));
    const cases: [string, Uint8Array, RegExp][] = [
      ['one byte flipped', flipped, /không giải nén được|không phải JSON/],
      ['a row edited', rowEdited, /mã băm sha256 của bảng org_units không khớp/],
      ['truncated', truncated, /thiếu dòng kết thúc/],
      ['header edited', headerEdited, /mã băm phần đầu không khớp/],
    ];
    for (const [what, file, message] of cases) {
      const target = open();
      const error = await refusal(restoreBackup(target.db, file));
      expect(error.code, what).toBe('corrupt');
      expect(error.message, what).toMatch(message);
      expect(error.message, what).toContain('(the backup file is damaged or was edited');
      expect(await listTables(target.client), `${what}: nothing written`).toEqual([]);
    }
  });

  it('refuses a file whose schema is newer than the code, or whose audit chain is broken', async () => {
    const src = await source();
    const { bytes } = await createBackup(src.db, { provinceId: PROVINCE, now });
    const newer = rewrite(bytes, (header) => header.migrations.push({ tag: null, hash: 'f'.repeat(64), createdAt: 4_102_444_800_000 }));
    const target = open();
    const error = await refusal(restoreBackup(target.db, newer));
    expect(error.code).toBe('schema');
    expect(error.message).toMatch(/^Tệp sao lưu có lược đồ mới hơn mã nguồn .*\(the backup's schema is newer than this code/);
    expect(await listTables(target.client)).toEqual([]);

    // An audit event's content changed, every hash of the file recomputed to match: the chain says no.
    const forged = rewrite(bytes, (_header, rows) => {
      const i = rows.findIndex((line) => line.includes('"plan.create"'));
      rows[i] = rows[i]!.replace('{\\"n\\":1}', '{\\"n\\":2}');
    });
    expect(gunzipSync(forged).toString('utf8')).toContain('{\\"n\\":2}');
    const broken = await refusal(restoreBackup(target.db, forged));
    expect(broken.code).toBe('audit');
    expect(broken.message).toMatch(new RegExp(`^Chuỗi nhật ký ${PROVINCE} trong tệp sao lưu bị hỏng tại seq 1`));
    expect(await listTables(target.client)).toEqual([]);
  });
});

async function allRows(h: DbHandle) {
  const out: Record<string, unknown[]> = {};
  for (const name of await listTables(h.client)) out[name] = (await h.client.execute(`SELECT * FROM "${name}"`)).rows.map((r) => ({ ...r }));
  return out;
}

describe('npm run backup / npm run restore', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  /** Runs the CLI asynchronously (a libsql:// server may answer from this process). */
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'packages/db/src/backup-cli.ts', ...args],
        { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: work, ...env }, timeout: 90_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` }),
      );
    });

  it('backs up a file: database, restores it into a libsql:// one, then refuses to restore twice', async () => {
    const src = await source();
    src.close();
    const srcUrl = `file:${join(work, `db-${serial}.db`)}`;
    const out = join(work, `cli-${++serial}.bdb.gz`);
    const backup = await cli(['backup', '--db', srcUrl, '--province', PROVINCE, '--out', out]);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/^Đã sao lưu \(backed up\) Tỉnh Phú Thọ \(tinh-phu-tho-1997, tinh-phu-tho-2025\) .*: \d+ bảng \(tables\), \d+ dòng \(rows\), \d+ byte;/m);
    expect(backup.out).toContain('không gồm (excluded): __drizzle_migrations, sessions, verifications, write_guards');
    expect(backup.out).toContain('their bytes stay in storage');
    expect(readBackup(readFileSync(out)).header.province.id).toBe(PROVINCE);
    expect((await cli(['backup', '--db', srcUrl, '--province', PROVINCE, '--out', out])).code).toBe(2); // never overwrites

    const server = await startHranaServer(join(work, `cli-remote-${serial}.db`));
    try {
      const url = `libsql://${new URL(server.url).host}?tls=0`;
      const env = { BD_RESTORE_TOKEN: 'cli-token-7f3a' };
      const restored = await cli(['restore', '--db', url, '--auth-token-env', 'BD_RESTORE_TOKEN', '--in', out], env);
      expect(restored.code, restored.out).toBe(0);
      expect(restored.out).toMatch(/^Đã khôi phục \(restored\) .* vào \(into\) libsql:\/\/127\.0\.0\.1:\d+: \d+ bảng \(tables\), \d+ dòng \(rows\); chuỗi nhật ký hợp lệ \(audit chains valid\): system 1, tinh-phu-tho-1997 2$/m);
      const again = await cli(['restore', '--db', url, '--auth-token-env', 'BD_RESTORE_TOKEN', '--in', out], env);
      expect(again.code).toBe(1);
      expect(again.out).toMatch(/^Cơ sở dữ liệu đích đã có dữ liệu \(.*\): chỉ khôi phục vào cơ sở dữ liệu trống; không ghi gì \(the target database already holds data/m);
      for (const run of [restored, again]) expect(run.out).not.toContain('cli-token-7f3a');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('says how to call it, and refuses a damaged file with exit code 1', async () => {
    const usage = await cli(['restore', '--in', 'x']);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('Thiếu --db (--db is required)');
    const damaged = join(work, `damaged-${++serial}.bdb.gz`);
    writeFileSync(damaged, gzipSync('{"format":"binh-dang-backup","version":1}\n'));
    const run = await cli(['restore', '--db', `file:${join(work, `never-${serial}.db`)}`, '--in', damaged]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('Tệp sao lưu hỏng hoặc đã bị sửa: thiếu dòng kết thúc');
  }, 60_000);
});
