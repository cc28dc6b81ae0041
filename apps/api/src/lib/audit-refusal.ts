// Refusals of records the issue names (bad dates, contradictory ages, referrals without consent,
// expenses over the allocation, another commune's case worker) are audited like changes: who
// tried, on what, and why — field paths and reasons only, never the values sent.
import type { Context } from 'hono';
import type { AppEnv, Viewer } from '../env.ts';
import { recordAudit } from './audit.ts';
import { ProblemError, problem, type FieldError } from './problem.ts';

export interface Refusal {
  action: string;
  entityType: string;
  entityId: string | null;
  unit: { id: string; path: string } | null;
  viewer: Pick<Viewer, 'userId' | 'email'>;
  operation: string;
  status: number;
  reason: string;
  errors?: readonly FieldError[];
}

export async function auditRefusal(c: Context<AppEnv>, r: Refusal): Promise<void> {
  await recordAudit(c, {
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    orgUnitId: r.unit?.id ?? null,
    orgUnitPath: r.unit?.path ?? null,
    actorUserId: r.viewer.userId,
    actorLabel: r.viewer.email,
    after: { operation: r.operation, status: r.status, reason: r.reason, paths: (r.errors ?? []).map((e) => e.path) },
  });
}

/** Audits the refusal of bad input, then answers 400 with the field paths (nothing was written). */
export async function refuseInvalid(c: Context<AppEnv>, r: Omit<Refusal, 'status' | 'reason' | 'errors'> & { errors: FieldError[]; detail?: string }): Promise<never> {
  await auditRefusal(c, { ...r, status: 400, reason: 'invalid', errors: r.errors });
  throw new ProblemError(problem('validation', { detail: r.detail ?? 'Vui lòng kiểm tra các trường được nêu; chưa có gì được ghi (Please check the listed fields; nothing was saved).', errors: r.errors }));
}
