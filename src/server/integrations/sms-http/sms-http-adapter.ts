// SMS through an HTTP provider with a Twilio-style form post (To, From, Body).
import {
  type NotificationAdapter,
  readProviderResponse,
  type SendOptions,
  signalOf,
  stringField,
} from '../notification-adapter';

export interface SmsHttpOptions {
  url: string;
  /** Full Authorization header value, e.g. 'Basic …' or 'Bearer …'. */
  authHeader: string | null;
  from: string;
  timeoutMs: number;
}

export function createSmsHttpAdapter(opts: SmsHttpOptions): NotificationAdapter {
  return {
    channel: 'sms',
    async send(message, options?: SendOptions) {
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        // Providers that honour it drop a resend of the same outbox row (at-least-once delivery).
        'idempotency-key': message.id,
      };
      if (opts.authHeader) headers.authorization = opts.authHeader;
      const response = await fetch(opts.url, {
        method: 'POST',
        headers,
        body: new URLSearchParams({ To: message.recipient, From: opts.from, Body: message.text }).toString(),
        signal: signalOf(options, opts.timeoutMs),
      });
      const answer = await readProviderResponse(response, 'SMS provider');
      return { providerMessageId: stringField(answer, 'sid') };
    },
  };
}
