// Writing audit events from routes. Events of a unit go to its province's chain; sign-in events
// of a user to the province of their first membership; the rest to the 'system' chain.
import type { Context } from 'hono';
import { appendAuditEvents, grantsOf, type AppendAuditOptions } from '@binh-dang/db';
import { chainOf } from '@binh-dang/domain';
import type { AppEnv } from '../env.ts';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string | null;
  actorLabel: string;
  actorUserId?: string | null;
  orgUnitPath?: string | null;
  orgUnitId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/** The caller's address: set by Cloudflare, or by node.ts from the socket (never the client's say). */
export function clientAddress(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
}

export async function auditChainFor(c: Context<AppEnv>, input: Pick<AuditInput, 'orgUnitPath' | 'actorUserId'>): Promise<string> {
  if (input.orgUnitPath) return chainOf(input.orgUnitPath);
  if (input.actorUserId) {
    const [first] = await grantsOf(c.var.deps.db, input.actorUserId);
    if (first) return chainOf(first.path);
  }
  return chainOf(null);
}

/**
 * Appends the event; `alongside` are the statements of the change it records, written in the
 * same atomic batch so that a change never lands without its audit event (nor the reverse).
 */
export async function recordAudit(
  c: Context<AppEnv>,
  input: AuditInput,
  alongside: NonNullable<AppendAuditOptions['alongside']> | Promise<NonNullable<AppendAuditOptions['alongside']>> = [],
): Promise<void> {
  const chain = await auditChainFor(c, input);
  await appendAuditEvents(
    c.var.deps.db,
    [
      {
        action: input.action,
        entityType: input.entityType,
        entityId: input.entityId,
        orgUnitId: input.orgUnitId ?? null,
        actorUserId: input.actorUserId ?? null,
        actorLabel: input.actorLabel,
        before: input.before ?? null,
        after: input.after ?? null,
        ip: input.ip ?? null,
      },
    ],
    { now: c.var.deps.now(), chain, alongside: await alongside },
  );
}
