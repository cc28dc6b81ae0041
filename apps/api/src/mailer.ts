// One mailer interface for every e-mail the system sends (deadline reminders today). Every e-mail
// is first written to the `email_outbox` table, which is the record of what was sent to whom:
// - outboxMailer: only that. Locally and in tests nothing leaves the machine; the portal shows
//   each user the e-mails addressed to them (/thong-bao).
// - providerMailer: also hands the e-mail to a provider's HTTP API (mailer-resend.ts) and records
//   the provider's message id, or the error, on the row; `retryPending` sends what failed.
// Configured from the environment by `mailerFromEnv` (mailer-env.ts; worker.ts, node.ts).
import { insertOutboxEmail, markOutboxEmail, pendingOutboxEmails, type Db } from '@binh-dang/db';
import { newId } from '@binh-dang/domain';

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** Plain text: no HTML is ever built from data. */
  text: string;
  /** The notification this e-mail repeats, if any. */
  notificationId?: string | null;
}

export interface SendResult {
  /** The email_outbox row. */
  id: string;
  /** Handed to a provider that accepted it (always false for the local outbox). */
  sent: boolean;
}

export interface Mailer {
  /** 'outbox' when nothing is sent (local, tests, unconfigured), else the provider's name. */
  readonly delivery: 'outbox' | string;
  /** Queues the e-mail and, with a provider, sends it. A provider's refusal is recorded on the row, not thrown. */
  send(email: OutgoingEmail, at: Date): Promise<SendResult>;
  /** Sends again what was queued since `since` and not sent (provider mailers); how many went out. */
  retryPending(since: Date, at: Date): Promise<number>;
}

/** How a provider mailer hands one e-mail over; `id` is ours (for the provider's idempotency key). */
export interface MailTransport {
  readonly name: string;
  deliver(email: { id: string; to: string; subject: string; text: string }): Promise<{ providerId: string | null }>;
}

/** Writes every e-mail to email_outbox and sends none (local runs, tests, an unconfigured Worker). */
export function outboxMailer(db: Db): Mailer {
  return {
    delivery: 'outbox',
    async send(email, at) {
      const id = newId(at);
      await insertOutboxEmail(db, outboxRow(id, email, at));
      return { id, sent: false };
    },
    retryPending: () => Promise.resolve(0),
  };
}

function outboxRow(id: string, email: OutgoingEmail, at: Date) {
  return {
    id,
    toEmail: email.to.toLowerCase(),
    subject: email.subject,
    body: email.text,
    notificationId: email.notificationId ?? null,
    createdAt: at.toISOString(),
  };
}

/** Only the error's kind and status, never an address or a message body. */
function errorSummary(error: unknown): string {
  if (error instanceof MailDeliveryError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message.split('\n')[0] ?? ''}`.slice(0, 300);
  return 'unknown error';
}

export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

/** Queues in email_outbox, then hands the e-mail to `transport`; records the outcome on the row. */
export function providerMailer(db: Db, transport: MailTransport): Mailer {
  async function deliver(row: { id: string; toEmail: string; subject: string; body: string }, at: Date): Promise<boolean> {
    try {
      const { providerId } = await transport.deliver({ id: row.id, to: row.toEmail, subject: row.subject, text: row.body });
      await markOutboxEmail(db, row.id, { sentAt: at.toISOString(), providerId });
      return true;
    } catch (error) {
      await markOutboxEmail(db, row.id, { error: `${transport.name}: ${errorSummary(error)}` });
      return false;
    }
  }
  return {
    delivery: transport.name,
    async send(email, at) {
      const id = newId(at);
      const row = outboxRow(id, email, at);
      await insertOutboxEmail(db, row);
      return { id, sent: await deliver(row, at) };
    },
    async retryPending(since, at) {
      let sent = 0;
      for (const row of await pendingOutboxEmails(db, since.toISOString())) if (await deliver(row, at)) sent++;
      return sent;
    },
  };
}
