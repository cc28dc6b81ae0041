// Sign-in is better-auth's (e-mail + password, sessions in libSQL, TOTP second factor). Our own
// routes call its server API so that every operation is validated, throttled, audited and listed
// in the OpenAPI document with its permission; better-auth's HTTP handler is not exposed.
import { betterAuth } from 'better-auth/minimal';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { schema, type Db } from '@binh-dang/db';
import { authLog } from '../lib/safe-error.ts';

export interface AuthConfig {
  /** At least 32 random characters; from a secret in production. */
  secret: string;
  /** Public origin, e.g. https://binhdang.phutho.gov.vn; cookies are Secure when it is https. */
  baseURL: string;
}

export const SESSION_IDLE_SECONDS = 8 * 3600;
/** A session ends this long after sign-in however active it is. */
export const SESSION_ABSOLUTE_SECONDS = 24 * 3600;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function createAuth(db: Db, config: AuthConfig) {
  if (config.secret.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters');
  return betterAuth({
    appName: 'Bình Đẳng',
    secret: config.secret,
    baseURL: config.baseURL,
    basePath: '/api/auth',
    telemetry: { enabled: false },
    // Its own messages quote failed queries with their parameters (session tokens, e-mails).
    logger: { level: 'error', log: authLog },
    database: drizzleAdapter(db, {
      provider: 'sqlite',
      schema: {
        user: schema.users,
        session: schema.sessions,
        account: schema.accounts,
        verification: schema.verifications,
        twoFactor: schema.twoFactors,
      },
    }),
    emailAndPassword: {
      enabled: true,
      // Accounts come from invitations and the demo seed, never from open sign-up.
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
    },
    session: { expiresIn: SESSION_IDLE_SECONDS, updateAge: 15 * 60 },
    // Throttling is ours (per account and per address, audited): see routes/session.ts.
    rateLimit: { enabled: false },
    advanced: {
      useSecureCookies: config.baseURL.startsWith('https://'),
      cookiePrefix: 'binh-dang',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', path: '/' },
      ipAddress: { ipAddressHeaders: ['cf-connecting-ip', 'x-forwarded-for'] },
    },
    plugins: [twoFactor({ issuer: 'Bình Đẳng' })],
  });
}

export type Auth = ReturnType<typeof createAuth>;
