// Local entry: Node 22 + libSQL file. Migrates, seeds demo data into an empty database, and
// serves the API under /api. With --with-portal it also serves the built portal (adapter-node)
// on the same origin, so `npm start` needs one process and one port.
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { createDb } from '@binh-dang/db/client';
import { migrateDb } from '@binh-dang/db/migrate';
import { seedDemoData } from '@binh-dang/db/seed';
import { createApp } from './app.ts';

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

const api = getRequestListener(createApp({ db }).fetch);
let portal: NodeHandler | null = null;
if (withPortal) {
  // The portal's server-side loads reach the API through this same server.
  process.env.API_ORIGIN ??= `http://127.0.0.1:${port}`;
  const handlerFile = process.env.PORTAL_HANDLER ?? `${repoRoot}apps/portal/build/handler.js`;
  ({ handler: portal } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler });
}

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  if (!portal || path === '/api' || path.startsWith('/api/')) {
    void api(req, res);
    return;
  }
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
