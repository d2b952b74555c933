// Email over SMTP with nodemailer; the outbox recipient is the address.
import nodemailer from 'nodemailer';
import { type NotificationAdapter, type SendOptions, subjectFor } from '../notification-adapter';

export interface SmtpOptions {
  /** smtp://user:pass@host:port (smtps:// for implicit TLS). */
  url: string;
  from: string;
  timeoutMs: number;
}

export interface SmtpAdapter extends NotificationAdapter {
  close(): void;
}

export function createSmtpAdapter(opts: SmtpOptions): SmtpAdapter {
  const transport = nodemailer.createTransport({
    url: opts.url,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  });
  return {
    channel: 'email',
    async send(message, options?: SendOptions) {
      options?.signal?.throwIfAborted();
      const info = await transport.sendMail({
        from: opts.from,
        to: message.recipient,
        subject: subjectFor(message),
        text: message.text,
        headers: { 'X-Fieldline-Outbox-Id': message.id },
      });
      if (info.rejected.length > 0) throw new Error(`SMTP server rejected ${info.rejected.join(', ')}`);
      return { providerMessageId: info.messageId ?? null };
    },
    close() {
      transport.close();
    },
  };
}
