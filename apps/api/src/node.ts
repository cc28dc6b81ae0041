// Local entry: Node 22 + libSQL file. Migrates, seeds demo data into an empty database, and
// serves the API under /api. With --with-portal it also serves the built portal (adapter-node)
// on the same origin, so `npm start` needs one process and one port.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { createDb } from '@binh-dang/db/client';
import { migrateDb } from '@binh-dang/db/migrate';
import { seedDemoData, seedDemoScenario } from '@binh-dang/db/seed';
import { createApp } from './app.ts';
import { thresholdOf } from './env.ts';
import { createAuth } from './auth/auth.ts';
import { seedDemoAccounts } from './auth/demo-accounts.ts';
import { folderStorage } from './storage-folder.ts';
import { localCaseKeys } from '@binh-dang/db/case-keys';
import { mailerFromEnv } from './mailer-env.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const databaseUrl = process.env.DATABASE_URL ?? `file:${repoRoot}data/binh-dang.db`;
const port = Number(process.env.PORT ?? 8123);
const host = process.env.HOST ?? '0.0.0.0';
const withPortal = process.argv.includes('--with-portal');

if (databaseUrl.startsWith('file:')) mkdirSync(dirname(databaseUrl.slice('file:'.length)), { recursive: true });
const { db, close } = createDb(databaseUrl, process.env.DATABASE_AUTH_TOKEN);
await migrateDb(db);
const seed = await seedDemoData(db);
console.log(seed.seeded ? `Đã nạp dữ liệu mẫu: ${seed.orgUnits} đơn vị, ${seed.plans} kế hoạch` : `Giữ nguyên dữ liệu hiện có (${seed.reason})`);
// The demo story (issued plan, approved reports with invented figures): local only, once.
if (seed.seeded && process.env.DEMO_SCENARIO !== 'off' && process.env.NODE_ENV !== 'production') {
  const story = await seedDemoScenario(db);
  if (story.played) console.log(`Đã dựng kịch bản mẫu: kế hoạch đã ban hành, ${story.reports} báo cáo năm 2024 đã duyệt (số liệu mẫu)`);
}

// Sessions are signed with AUTH_SECRET; locally one is made on first start and kept beside the database.
function localSecret(): string {
  const file = `${repoRoot}data/auth-secret`;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
const auth = { secret: process.env.AUTH_SECRET ?? localSecret(), baseURL: process.env.PUBLIC_URL ?? `http://localhost:${port}` };
if (process.env.DEMO_ACCOUNTS !== 'off' && process.env.NODE_ENV !== 'production') {
  const created = await seedDemoAccounts(db, createAuth(db, auth), new Date());
  if (created) console.log(`Đã tạo ${created} tài khoản mẫu (xem README)`);
}

const storage = folderStorage(process.env.UPLOADS_DIR ?? `${repoRoot}data/uploads`);
// E-mails stay in the local outbox (shown on /thong-bao) unless MAIL_API_KEY names a provider.
const { mailer, warning: mailWarning } = mailerFromEnv(db, process.env);
if (mailWarning) console.warn(mailWarning);
// Keys of the case register's identifying fields: CASE_DATA_KEYS, else data/case-data-key (made on first start).
const caseDataKeys = localCaseKeys({ env: process.env.CASE_DATA_KEYS, file: `${repoRoot}data/case-data-key` });
const api = getRequestListener(createApp({ db, auth, storage, mailer, caseDataKeys, suppressionThreshold: thresholdOf(process.env.SUPPRESSION_THRESHOLD) }).fetch);
let portal: NodeHandler | null = null;
if (withPortal) {
  // The portal's server-side loads reach the API through this same server.
  process.env.API_ORIGIN ??= `http://127.0.0.1:${port}`;
  // adapter-node: derive the origin from Host and this protocol header unless ORIGIN is fixed.
  process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
  // Plan imports take .docx files up to 20 MB (adapter-node's default is 512 KB).
  process.env.BODY_SIZE_LIMIT ??= String(21 * 1024 * 1024);
  process.env.HOST_HEADER ??= 'host';
  const handlerFile = process.env.PORTAL_HANDLER ?? `${repoRoot}apps/portal/build/handler.js`;
  ({ handler: portal } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler });
}

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  if (!portal || path === '/api' || path.startsWith('/api/')) {
    // Nothing stands in front of this server: the caller's address is the socket's, whatever
    // the request claims (it feeds sign-in throttling per address). Only the portal, calling
    // from this machine, may name the browser's address it acts for.
    const peer = req.socket.remoteAddress ?? 'unknown';
    const loopback = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
    if (!loopback || !req.headers['x-forwarded-for']) req.headers['x-forwarded-for'] = peer;
    delete req.headers['cf-connecting-ip'];
    void api(req, res);
    return;
  }
  // SvelteKit checks form posts against the request's origin: this server speaks plain http and
  // the portal reads the protocol from this header (PROTOCOL_HEADER below).
  req.headers['x-forwarded-proto'] = 'http';
  portal(req, res, () => {
    res.statusCode = 404;
    res.end('Không tìm thấy (Not found)');
  });
});

server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://localhost:${actualPort}/`;
  console.log(withPortal ? `Bình Đẳng đang chạy tại ${url}  (API ${url}api/health, tài liệu ${url}api/docs)` : `Bình Đẳng API: ${url}api/health`);
});

function shutdown() {
  server.close(() => {
    close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
