// Cloudflare Workers entry: the same createApp(deps) as node.ts, on Turso (libSQL over HTTP).
// Migrations and the demo seed are node-only and run from CI/the CLI, never from here.
// Without DATABASE_URL the Worker still answers /api/health and /api/openapi.json, and answers
// everything that needs the database with 503 problem+json instead of failing at start-up.
import { createWebDb } from '@binh-dang/db/client-web';
import type { Db } from '@binh-dang/db';
import { createApp } from './app.ts';
import { thresholdOf, type EdgeCache } from './env.ts';
import { mailerFromEnv, type MailEnv } from './mailer-env.ts';
import type { Mailer } from './mailer.ts';
import { runReminders } from './reminders.ts';
import { ProblemError, problem } from './lib/problem.ts';
import type { Storage } from './storage.ts';
import { r2Storage } from './storage-r2.ts';

export interface Env extends MailEnv {
  /** libsql://…, https://… or wss://… (a var, or a secret); empty or absent = not configured. */
  DATABASE_URL?: string;
  /** Turso token: a secret (`wrangler secret put DATABASE_AUTH_TOKEN`), never a committed var. */
  DATABASE_AUTH_TOKEN?: string;
  /** Signs sessions: a secret of at least 32 characters (`wrangler secret put AUTH_SECRET`). */
  AUTH_SECRET?: string;
  /** The public origin of portal + API, e.g. https://binhdang.example.gov.vn (a var). */
  PUBLIC_URL?: string;
  /** R2 bucket for attachments (evidence files). */
  ATTACHMENTS?: R2Bucket;
  /** Counts of sensitive indicators below this are shown as "<N" on public pages (a var; default 5). */
  SUPPRESSION_THRESHOLD?: string;
  /**
   * Keys of the case register's identifying fields: a secret, "v1:<base64 of 32 random bytes>"
   * (`wrangler secret put CASE_DATA_KEYS`); to rotate, append ",v2:<…>" (the last is current), then
   * run `npm run cases:rotate -w @binh-dang/db` against the database. Unset: case routes answer 503.
   */
  CASE_DATA_KEYS?: string;
}

/** Without an R2 binding, uploads answer 503 rather than vanish. */
const missingStorage: Storage = {
  put: () => Promise.reject(new ProblemError(problem('unavailable', { detail: 'Chưa cấu hình nơi lưu tệp (ATTACHMENTS is not bound)' }))),
  get: () => Promise.reject(new ProblemError(problem('unavailable', { detail: 'Chưa cấu hình nơi lưu tệp (ATTACHMENTS is not bound)' }))),
  delete: () => Promise.resolve(),
};

type App = ReturnType<typeof createApp>;

const UNCONFIGURED = problem('unavailable', {
  detail: 'Chưa cấu hình cơ sở dữ liệu hoặc khóa phiên (DATABASE_URL or AUTH_SECRET is not set)',
});

function unavailable(): Response {
  return new Response(JSON.stringify(UNCONFIGURED), {
    status: 503,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * Stands in for the database when none is configured. Routes under /api/v1/ never reach it (they
 * are answered before the app); any other route that touches it gets the same 503 through the
 * app's error handler rather than a 500.
 */
const missingDb = new Proxy({} as Db, {
  get(_target, key) {
    if (typeof key === 'symbol' || key === 'then') return undefined;
    throw new ProblemError(UNCONFIGURED);
  },
});

// One app per isolate; rebuilt only if the isolate ever sees different settings.
let cached: { key: string; app: App; configured: boolean; db: Db; mailer: Mailer; baseURL: string } | undefined;

function appFor(env: Env) {
  const url = env.DATABASE_URL?.trim() ?? '';
  const token = env.DATABASE_AUTH_TOKEN?.trim() || undefined;
  const secret = env.AUTH_SECRET?.trim() ?? '';
  const baseURL = env.PUBLIC_URL?.trim() || 'https://localhost';
  const key = `${url}\n${token ?? ''}\n${secret}\n${baseURL}\n${env.MAIL_PROVIDER ?? ''}\n${env.MAIL_API_KEY ?? ''}\n${env.MAIL_FROM ?? ''}\n${env.CASE_DATA_KEYS ?? ''}`;
  if (cached?.key !== key) {
    const configured = url !== '' && secret.length >= 32;
    const db = configured ? createWebDb(url, token) : missingDb;
    const { mailer, warning } = mailerFromEnv(db, env);
    if (warning) console.warn(warning);
    cached = {
      key,
      configured,
      db,
      mailer,
      baseURL,
      app: createApp({
        db,
        mailer,
        storage: env.ATTACHMENTS ? r2Storage(env.ATTACHMENTS) : missingStorage,
        // Unconfigured, no route that signs anything is reachable: a placeholder keeps start-up working.
        auth: { secret: configured ? secret : 'unconfigured-'.padEnd(32, '-'), baseURL },
        suppressionThreshold: thresholdOf(env.SUPPRESSION_THRESHOLD),
        caseDataKeys: env.CASE_DATA_KEYS?.trim() || null,
        // Public answers are cached at the edge under their publication generation.
        edgeCache: (globalThis as unknown as { caches?: { default?: EdgeCache } }).caches?.default ?? null,
      }),
    };
  }
  return cached;
}

export default {
  fetch(request, env, ctx) {
    const { app, configured } = appFor(env);
    if (!configured) {
      const path = new URL(request.url).pathname;
      if (path === '/api/v1' || path.startsWith('/api/v1/')) return unavailable();
    }
    return app.fetch(request, env, ctx);
  },
  /**
   * The Cron Trigger (`triggers.crons` in wrangler.jsonc, daily): deadline reminders, the same job
   * as `npm run reminders` locally. Unconfigured, it logs and does nothing.
   */
  scheduled(controller, env, ctx) {
    const { configured, db, mailer, baseURL } = appFor(env);
    if (!configured) {
      console.warn('reminders skipped: DATABASE_URL or AUTH_SECRET is not set');
      return;
    }
    ctx.waitUntil(
      runReminders(db, new Date(controller.scheduledTime), mailer, { publicUrl: baseURL }).then((result) =>
        console.log(`reminders ${controller.cron}: ${JSON.stringify(result)}`),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
