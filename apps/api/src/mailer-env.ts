// Which mailer the environment asks for: MAIL_PROVIDER=resend with the secret MAIL_API_KEY and the
// var MAIL_FROM sends through Resend; without a key every e-mail stays in the outbox (locally, in
// tests, in previews).
import type { Db } from '@binh-dang/db';
import { outboxMailer, providerMailer, type Mailer } from './mailer.ts';
import { resendTransport } from './mailer-resend.ts';

export interface MailEnv {
  /** 'resend' (the only provider wired so far); empty = the local outbox. */
  MAIL_PROVIDER?: string;
  /** The provider's API key: a secret (`wrangler secret put MAIL_API_KEY`). */
  MAIL_API_KEY?: string;
  /** Sender, e.g. "Bình Đẳng <nhac-viec@binhdang.example.gov.vn>" (a var; the domain must be verified at the provider). */
  MAIL_FROM?: string;
}

/**
 * The mailer the environment asks for: the outbox alone when no provider key is set. A provider
 * set up wrong (unknown name, no sender) falls back to the outbox with a warning to log: a mail
 * setting must never take the API down, and nothing queued is lost (it stays in the outbox).
 */
export function mailerFromEnv(db: Db, env: MailEnv, fetchImpl: typeof fetch = fetch): { mailer: Mailer; warning: string | null } {
  const key = env.MAIL_API_KEY?.trim();
  const provider = (env.MAIL_PROVIDER?.trim() || 'resend').toLowerCase();
  if (!key) return { mailer: outboxMailer(db), warning: null };
  if (provider !== 'resend')
    return { mailer: outboxMailer(db), warning: `MAIL_PROVIDER "${provider}" is not supported (supported: resend): e-mails stay in the outbox` };
  const from = env.MAIL_FROM?.trim();
  if (!from) return { mailer: outboxMailer(db), warning: 'MAIL_FROM is not set: e-mails stay in the outbox' };
  return { mailer: providerMailer(db, resendTransport({ apiKey: key, from, fetch: fetchImpl })), warning: null };
}
