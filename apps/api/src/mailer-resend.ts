// The production e-mail provider behind the Mailer interface: Resend's HTTP API, called with
// fetch (no SDK; the same code runs on Workers and Node).
//   POST https://api.resend.com/emails  Authorization: Bearer <MAIL_API_KEY>
//   { from, to: [..], subject, text }  →  200 { id }
// Our outbox id goes in the Idempotency-Key header, so a retried send is not delivered twice.
// Another HTTP provider (SendGrid, Mailgun, Amazon SES) is one more MailTransport of this shape.
import { MailDeliveryError, type MailTransport } from './mailer.ts';

export const RESEND_ENDPOINT = 'https://api.resend.com/emails';

export function resendTransport(options: { apiKey: string; from: string; fetch?: typeof fetch; endpoint?: string }): MailTransport {
  const send = options.fetch ?? fetch;
  return {
    name: 'resend',
    async deliver(email) {
      const response = await send(options.endpoint ?? RESEND_ENDPOINT, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': `binh-dang-${email.id}`,
        },
        body: JSON.stringify({ from: options.from, to: [email.to], subject: email.subject, text: email.text }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json().catch(() => ({}))) as { id?: unknown; name?: unknown };
      // The provider's error name only (e.g. validation_error): its message may quote the address.
      if (!response.ok) throw new MailDeliveryError(`HTTP ${response.status}${typeof body.name === 'string' ? ` ${body.name}` : ''}`, response.status);
      return { providerId: typeof body.id === 'string' ? body.id : null };
    },
  };
}
