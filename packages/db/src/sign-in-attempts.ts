// Sign-in attempts, counted for throttling per account and per client address.
import { and, count, eq, gte } from 'drizzle-orm';
import { signInAttempts } from './schema.ts';
import type { Db } from './types.ts';

export async function recordSignInAttempt(db: Db, attempt: { email: string; ip: string; at: Date; succeeded: boolean }) {
  await db.insert(signInAttempts).values({ ...attempt, email: attempt.email.toLowerCase(), at: attempt.at.toISOString() });
}

/** Failed attempts since `since` for the e-mail and for the address. */
export async function recentFailures(db: Db, email: string, ip: string, since: Date) {
  const from = since.toISOString();
  const [byEmail, byIp] = await db.batch([
    db
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.email, email.toLowerCase()), eq(signInAttempts.succeeded, false), gte(signInAttempts.at, from))),
    db
      .select({ n: count() })
      .from(signInAttempts)
      .where(and(eq(signInAttempts.ip, ip), eq(signInAttempts.succeeded, false), gte(signInAttempts.at, from))),
  ]);
  return { byEmail: byEmail[0]?.n ?? 0, byIp: byIp[0]?.n ?? 0 };
}
