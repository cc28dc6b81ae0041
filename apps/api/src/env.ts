import type { Db } from '@binh-dang/db';

/** What the app needs from the outside world; node.ts, worker.ts and tests provide it. */
export interface AppDeps {
  db: Db;
  /** Current time; tests pass a fixed clock. */
  now?: () => Date;
  /** Where unexpected errors are reported (never with request bodies). */
  logError?: (message: string, error: unknown) => void;
}

export type AppEnv = { Variables: { deps: Required<AppDeps> } };
