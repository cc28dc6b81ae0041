import type { Db } from '@binh-dang/db';
import type { Grant, Permission } from '@binh-dang/domain';
import type { Auth, AuthConfig } from './auth/auth.ts';
import type { Mailer } from './mailer.ts';
import type { Storage } from './storage.ts';

/** What the app needs from the outside world; node.ts, worker.ts and tests provide it. */
export interface AppDeps {
  db: Db;
  auth: AuthConfig;
  /** Attachments (evidence files): a folder locally, R2 in production, memory in tests. */
  storage: Storage;
  /** Current time; tests pass a fixed clock. */
  now?: () => Date;
  /** Where unexpected errors are reported (never with request bodies). */
  logError?: (message: string, error: unknown) => void;
  /** Counts of sensitive indicators below this are shown as "<N" on public pages (default 5). */
  suppressionThreshold?: number;
  /** An edge cache for public responses (Workers: caches.default); null locally. */
  edgeCache?: EdgeCache | null;
  /**
   * Keys of the case register's identifying fields, "v1:<base64 32 bytes>,v2:…" (the last one
   * current): CASE_DATA_KEYS. Without them every case route answers 503; nothing is stored in clear.
   */
  caseDataKeys?: string | null;
  /** Sends e-mails (reminders): the local outbox by default, a provider in production (mailer-env.ts). */
  mailer?: Mailer;
}

/** The part of the Workers Cache API the public routes use. */
export interface EdgeCache {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

export interface Viewer {
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  /** When this session was created by signing in (UTC ISO). */
  signedInAt: string;
  twoFactorEnabled: boolean;
  /** Roles in force for this session (a role that needs two-factor is left out until it is set up). */
  grants: (Grant & { membershipId: string; orgUnitId: string; orgUnitName: string })[];
  /** Roles held but not usable until the user sets up two-factor sign-in. */
  pendingTwoFactorRoles: Grant[];
}

export type AppEnv = {
  Variables: {
    deps: Required<AppDeps>;
    /** better-auth, built on first use (public reads never need it). */
    authApi: () => Auth;
    permission: Permission;
    /** The signed-in user, resolved lazily once per request; null when not signed in. */
    viewer: () => Promise<Viewer | null>;
  };
};

/** Counts below this are suppressed on public pages: SUPPRESSION_THRESHOLD, default 5, at least 2. */
export function thresholdOf(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= 2 ? n : 5;
}
