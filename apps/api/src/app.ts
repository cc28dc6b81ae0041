// The API as a factory: createApp(deps) is served by node.ts (libSQL file) and worker.ts
// (Turso over HTTP), and built by tests with an in-memory database.
import { Scalar } from '@scalar/hono-api-reference';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from './env.ts';
import { createRouter } from './lib/factory.ts';
import { installVietnameseMessages } from './lib/messages.ts';
import { ProblemError, problem, problemResponse } from './lib/problem.ts';
import { createAuth, type Auth } from './auth/auth.ts';
import { viewerMiddleware } from './lib/access.ts';
import { guardRequest } from './lib/guard.ts';
import { idempotencyKeys } from './lib/idempotency.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { safeErrorSummary } from './lib/safe-error.ts';
import { auditRoutes } from './routes/audit.ts';
import { dutyRoutes } from './routes/duties.ts';
import { healthRoutes } from './routes/health.ts';
import { membershipRoutes } from './routes/memberships.ts';
import { sessionRoutes } from './routes/session.ts';
import { orgUnitRoutes } from './routes/org-units.ts';
import { planEditingRoutes } from './routes/plan-editing.ts';
import { planImportRoutes } from './routes/plan-import.ts';
import { planDocumentRoutes, planRoutes } from './routes/plans.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import { reportRoutes } from './routes/reports.ts';
import { reportXlsxRoutes } from './routes/report-xlsx.ts';
import { rollupRoutes } from './routes/rollup.ts';
import { publicRoutes } from './routes/public.ts';
import { activityRoutes } from './routes/activities.ts';
import { budgetRoutes } from './routes/budget.ts';
import { caseRoutes } from './routes/cases.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { outboxMailer } from './mailer.ts';

installVietnameseMessages();

export const OPENAPI_INFO = {
  title: 'Bình Đẳng API',
  version: '0.1.0',
  description:
    'Kế hoạch, báo cáo và số liệu bình đẳng giới của tỉnh, xã (huyện trước 01/7/2025). ' +
    'Mỗi thao tác ghi rõ ai được gọi trong trường `x-permission`. Lỗi trả về dạng application/problem+json.',
};

export function createApp(deps: AppDeps) {
  const full: Required<AppDeps> = {
    now: () => new Date(),
    logError: (message, error) => console.error(message, safeErrorSummary(error)),
    suppressionThreshold: 5,
    edgeCache: null,
    caseDataKeys: null,
    mailer: outboxMailer(deps.db),
    ...deps,
  };
  let authApi: Auth | undefined;
  const app = createRouter();
  app.use('*', async (c, next) => {
    c.set('deps', full);
    // Built on first use: public reads never need it, and an unconfigured Worker never builds it.
    c.set('authApi', () => (authApi ??= createAuth(full.db, full.auth)));
    await next();
  });
  app.use('*', securityHeaders());
  app.use('/api/*', guardRequest());
  app.use('*', viewerMiddleware());
  app.use('/api/*', idempotencyKeys());

  const routes = app
    .route('/', healthRoutes)
    .route('/', sessionRoutes)
    .route('/', orgUnitRoutes)
    .route('/', planRoutes)
    .route('/', planDocumentRoutes)
    .route('/', planEditingRoutes)
    .route('/', planImportRoutes)
    .route('/', dutyRoutes)
    .route('/', indicatorRoutes)
    .route('/', reportRoutes)
    .route('/', reportXlsxRoutes)
    .route('/', rollupRoutes)
    .route('/', publicRoutes)
    .route('/', membershipRoutes)
    .route('/', activityRoutes)
    .route('/', budgetRoutes)
    .route('/', caseRoutes)
    .route('/', auditRoutes)
    .route('/', notificationRoutes);

  app.doc31('/api/openapi.json', { openapi: '3.1.0', info: OPENAPI_INFO });
  app.get('/api/docs', Scalar({ url: '/api/openapi.json', pageTitle: 'Bình Đẳng API' }));

  app.notFound((c) => problemResponse(c, problem('not-found', { detail: `Không có địa chỉ ${c.req.path} (No such route)` })));
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.problem);
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own 4xx (malformed JSON body, …): same problem+json shape, without internals.
      const kind = error.status === 413 ? 'payload-too-large' : error.status === 401 ? 'unauthenticated' : 'validation';
      return problemResponse(c, problem(kind, { detail: 'Dữ liệu gửi lên không đọc được (Malformed request body)' }));
    }
    // Only the method and path: request bodies may hold personal data.
    full.logError(`${c.req.method} ${c.req.path} failed`, error);
    return problemResponse(c, problem('internal'));
  });
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
export type { AppDeps } from './env.ts';
export { safeErrorSummary } from './lib/safe-error.ts';
