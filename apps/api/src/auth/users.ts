// Creating accounts. Open sign-up is off: users arrive by invitation (and, locally, the demo
// seed). Passwords are hashed with better-auth's own hasher (scrypt).
import { passwordProblems } from '@binh-dang/domain';
import { schema, type Db } from '@binh-dang/db';
import type { Auth } from './auth.ts';

export class PasswordRejected extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

export async function createUserWithPassword(
  db: Db,
  auth: Auth,
  input: { id: string; email: string; name: string; password: string; now: Date },
): Promise<void> {
  const problems = passwordProblems(input.password, input.email);
  if (problems.length) throw new PasswordRejected(problems.map((p) => p.message));
  const context = await auth.$context;
  const hash = await context.password.hash(input.password);
  await db.batch([
    db.insert(schema.users).values({
      id: input.id,
      email: input.email.toLowerCase(),
      name: input.name,
      emailVerified: true,
      createdAt: input.now,
      updatedAt: input.now,
    }),
    db.insert(schema.accounts).values({
      id: `${input.id}-credential`,
      accountId: input.id,
      providerId: 'credential',
      userId: input.id,
      password: hash,
      createdAt: input.now,
      updatedAt: input.now,
    }),
  ]);
}
