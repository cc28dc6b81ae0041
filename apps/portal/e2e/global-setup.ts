// Starts `node --import tsx apps/api/src/node.ts --with-portal` (what `npm start` runs) on a free
// port with a database in a fresh temporary folder, waits for /api/health, gives the tests its
// URL (inject('portalUrl')), and stops it afterwards.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the server under test, e.g. http://127.0.0.1:41234 */
    portalUrl: string;
  }
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const portalHandler = fileURLToPath(new URL('../build/handler.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port found'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function setup(project: TestProject) {
  if (!existsSync(portalHandler)) {
    throw new Error(
      `The portal's Node build is missing (${portalHandler}).\n` +
        'Build it first: npm run build:node -w @binh-dang/portal',
    );
  }

  const port = await freePort();
  const portalUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'binh-dang-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${join(dataDir, 'e2e.db')}`,
    // adapter-node takes a request's origin from ORIGIN, else assumes https: without it, the
    // portal's own form posts (sign-in) would fail its cross-site check over plain http.
    ORIGIN: portalUrl,
    // The tests write their own stories; the seed plan stays the untouched draft.
    DEMO_SCENARIO: 'off',
  };
  // node.ts derives these from its own port; values inherited from the shell would point elsewhere.
  delete env.API_ORIGIN;
  delete env.PORTAL_HANDLER;

  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/node.ts', '--with-portal'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited: string | null = null;
  server.once('exit', (code, signal) => (exited = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`));

  const stop = async () => {
    if (exited === null) {
      server.kill('SIGTERM');
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) server.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`The server stopped before answering (${exited}). Its output:\n${output}`);
    }
    try {
      const response = await fetch(`${portalUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch (_error) {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer ${portalUrl}/api/health within ${STARTUP_TIMEOUT_MS / 1000} s. Its output:\n${output}`);
    }
    await sleep(250);
  }

  project.provide('portalUrl', portalUrl);
  return stop;
}
