// `node --import tsx infra/hrana-serve.ts <file.db>`: serves a SQLite file over libSQL's HTTP
// protocol (infra/lib/hrana-server.ts) on a free local port and prints its URL; until stopped.
// Used by the CPU bench, so that the queries run in this process as they run at Turso.
import { startHranaServer } from './lib/hrana-server.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: node --import tsx infra/hrana-serve.ts <file.db>');
  process.exit(2);
}
const server = await startHranaServer(file);
console.log(server.url);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
