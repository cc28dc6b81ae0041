// `npm run backup -- --db <url> [--auth-token-env VAR] --province <unitId> --out <file>`
// `npm run restore -- --db <url> [--auth-token-env VAR] --in <file>`
// Backs up a province's database into one file, or restores such a file into an empty database
// (./backup.ts; README "Backup and restore"). The token of a remote database (libsql://…) is read
// from the environment variable named by --auth-token-env (default DATABASE_AUTH_TOKEN), never
// from the command line. Exit codes: 0 done, 1 refused or failed (nothing written), 2 bad usage.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, createBackup, restoreBackup } from './backup.ts';
import { createDb } from './client.ts';

const USAGE = `Cách dùng (usage):
  npm run backup -- --db <url> [--auth-token-env VAR] --province <unitId> --out <file>
  npm run restore -- --db <url> [--auth-token-env VAR] --in <file>`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

/** The URL as it may be printed: no user info, no query (where a token could be). */
function redact(url: string): string {
  if (url.startsWith('file:') || url === ':memory:') return url;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '<URL không đọc được (unreadable URL)>';
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'backup' && command !== 'restore') fail(USAGE, 2);

let values: { db?: string; 'auth-token-env'?: string; province?: string; out?: string; in?: string };
try {
  ({ values } = parseArgs({
    args: rest,
    options: { db: { type: 'string' }, 'auth-token-env': { type: 'string' }, province: { type: 'string' }, out: { type: 'string' }, in: { type: 'string' } },
    strict: true,
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}

const url = values.db?.trim();
if (!url) fail(`Thiếu --db (--db is required)\n${USAGE}`, 2);
if (!/^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(url)) fail(`--db phải là file:…, libsql://…, https://… hoặc wss://… (--db must be file:, libsql:, https: or wss:): ${redact(url)}`, 2);
const tokenVar = values['auth-token-env'] ?? 'DATABASE_AUTH_TOKEN';
const token = process.env[tokenVar]?.trim() || undefined;
if (values['auth-token-env'] && !token) fail(`Biến môi trường ${tokenVar} trống (the environment variable ${tokenVar} is empty)`, 2);
if (/\.turso\.io(:\d+)?(\/|$)/.test(url.replace(/^[a-z]+:\/\//, '')) && !token)
  fail(`Thiếu token cho ${redact(url)}: đặt ${tokenVar} (no token for ${redact(url)}: set ${tokenVar}; turso db tokens create <db>)`, 2);

if (command === 'backup') {
  if (!values.province || !values.out) fail(`Thiếu --province hoặc --out (--province and --out are required)\n${USAGE}`, 2);
  const out = resolve(values.out);
  if (existsSync(out)) fail(`Tệp ${out} đã có; không ghi đè (${out} exists; not overwritten)`, 2);
  if (url.startsWith('file:') && !existsSync(url.slice('file:'.length).split('?')[0]!)) fail(`Không có cơ sở dữ liệu ${url} (no database at ${url})`, 2);
} else {
  if (!values.in) fail(`Thiếu --in (--in is required)\n${USAGE}`, 2);
  if (!existsSync(values.in)) fail(`Không có tệp ${values.in} (no file ${values.in})`, 2);
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice('file:'.length).split('?')[0]!)), { recursive: true });
}

const handle = createDb(url, token);
try {
  if (command === 'backup') {
    const out = resolve(values.out!);
    const result = await createBackup(handle.db, { provinceId: values.province! });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.partial`, result.bytes, { flag: 'wx' });
    renameSync(`${out}.partial`, out);
    const { header } = result;
    console.log(
      `Đã sao lưu (backed up) ${header.province.name} (${header.province.family.join(', ')}) từ (from) ${redact(url)} vào (to) ${out}: ` +
        `${header.tables.length} bảng (tables), ${result.totalRows} dòng (rows), ${result.bytes.byteLength} byte; ` +
        `${header.migrations.length} migration; không gồm (excluded): ${header.excluded.join(', ')}`,
    );
    console.log(
      `Danh mục ${header.attachments.files} tệp đính kèm (${header.attachments.bytes} byte) có trong bản sao lưu; nội dung tệp vẫn nằm trong kho lưu trữ R2/thư mục, sao lưu riêng ` +
        `(the index of ${header.attachments.files} attachments is in the backup; their bytes stay in storage: back up the R2 bucket or folder separately)`,
    );
    for (const chain of header.audit.filter((c) => !c.ok))
      console.warn(`Cảnh báo: chuỗi nhật ký ${chain.chain} đã hỏng trong cơ sở dữ liệu nguồn (warning: audit chain ${chain.chain} is already broken in the source)`);
  } else {
    const result = await restoreBackup(handle.db, readFileSync(values.in!));
    console.log(
      `Đã khôi phục (restored) ${values.in} vào (into) ${redact(url)}: ${result.tables} bảng (tables), ${result.rows} dòng (rows); ` +
        `chuỗi nhật ký hợp lệ (audit chains valid): ${result.auditChains.map((c) => `${c.chain} ${c.events}`).join(', ') || '—'}` +
        (result.migrationsApplied > 0 ? `; thêm ${result.migrationsApplied} migration mới (applied ${result.migrationsApplied} newer migrations)` : ''),
    );
    console.log('Người dùng cần đăng nhập lại; khoá CASE_DATA_KEYS và tệp đính kèm không nằm trong bản sao lưu (users sign in again; CASE_DATA_KEYS and the attachment files are not in the backup)');
  }
} catch (error) {
  if (error instanceof BackupError) {
    console.error(error.message);
  } else {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    console.error(`${command} thất bại (failed) trên (on) ${redact(url)}: ${cause instanceof Error ? `${cause.name}: ${cause.message.split('\n')[0]}` : String(cause)}`);
  }
  process.exitCode = 1;
} finally {
  handle.close();
}
