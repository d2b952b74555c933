// Telegram Bot API: POST {apiUrl}/bot<token>/sendMessage; the outbox recipient is the chat id.
import {
  type NotificationAdapter,
  readProviderResponse,
  type SendOptions,
  signalOf,
} from '../notification-adapter';

export interface TelegramOptions {
  token: string;
  /** https://api.telegram.org unless overridden (tests use a local server). */
  apiUrl: string;
  timeoutMs: number;
}

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  result?: { message_id?: number };
}

export function createTelegramAdapter(opts: TelegramOptions): NotificationAdapter {
  const endpoint = `${opts.apiUrl.replace(/\/+$/, '')}/bot${opts.token}/sendMessage`;
  return {
    channel: 'telegram',
    async send(message, options?: SendOptions) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ chat_id: message.recipient, text: message.text }),
        signal: signalOf(options, opts.timeoutMs),
      });
      const answer = (await readProviderResponse(response, 'Telegram')) as TelegramAnswer | null;
      if (!answer?.ok) throw new Error(`Telegram refused the message: ${answer?.description ?? 'no answer'}`);
      const id = answer.result?.message_id;
      return { providerMessageId: id === undefined ? null : String(id) };
    },
  };
}
