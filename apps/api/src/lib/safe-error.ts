// What the API may write to its logs: never a request body, a query's SQL or its parameters
// (they may hold personal data of case files, passwords or session tokens).

/**
 * What may be logged of an error: its name and code, and the driver's own message. Never the
 * message of a failed query, which quotes the SQL and its parameters (possibly personal data).
 */
export function safeErrorSummary(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const cause = error.cause instanceof Error ? error.cause : null;
  const code = (cause ?? error) as Error & { code?: unknown };
  const parts = [error.name, typeof code.code === 'string' ? code.code : null];
  if (cause) parts.push(cause.message.split('\n')[0] ?? '');
  else if (!/failed query/i.test(error.message)) parts.push(error.message.split('\n')[0] ?? '');
  return parts.filter(Boolean).join(': ');
}

/**
 * better-auth's logger: its errors carry the failed query (with the session token or e-mail among
 * the parameters), so only the level, the first line of its own message and a safe summary of
 * each error argument are printed. Warnings such as "Invalid password" are kept at warn level.
 */
export function authLog(level: 'debug' | 'info' | 'warn' | 'error', message: string, ...args: unknown[]): void {
  const line = /failed query|params:/i.test(message) ? '(query failed)' : (message.split('\n')[0] ?? '');
  const details = args.map((arg) => (arg instanceof Error ? safeErrorSummary(arg) : typeof arg));
  const out = level === 'error' ? console.error : console.warn;
  out(`better-auth ${level}: ${line}`, ...details);
}
