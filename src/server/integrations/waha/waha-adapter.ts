// WhatsApp through WAHA (WhatsApp HTTP API): POST {url}/api/sendText.
import { normalizeSaudiMobile } from '../../../domain/validations';
import {
  type NotificationAdapter,
  readProviderResponse,
  type SendOptions,
  signalOf,
  stringField,
} from '../notification-adapter';

export interface WahaOptions {
  url: string;
  apiKey: string | null;
  session: string;
  timeoutMs: number;
}

/** WhatsApp chat id: international digits + '@c.us' (05xxxxxxxx → 9665xxxxxxxx@c.us). */
export function whatsappChatId(recipient: string): string {
  if (recipient.endsWith('@c.us')) return recipient;
  const saudi = normalizeSaudiMobile(recipient);
  const digits = saudi ? `966${saudi.slice(1)}` : recipient.replace(/\D/g, '').replace(/^00/, '');
  return `${digits}@c.us`;
}

function messageIdOf(answer: unknown): string | null {
  const id = (answer as { id?: unknown } | null)?.id;
  if (id && typeof id === 'object') return stringField(id, '_serialized') ?? stringField(id, 'id');
  return stringField(answer, 'id');
}

export function createWahaAdapter(opts: WahaOptions): NotificationAdapter {
  const endpoint = `${opts.url.replace(/\/+$/, '')}/api/sendText`;
  return {
    channel: 'whatsapp',
    async send(message, options?: SendOptions) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
      };
      if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
      const response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          session: opts.session,
          chatId: whatsappChatId(message.recipient),
          text: message.text,
        }),
        signal: signalOf(options, opts.timeoutMs),
      });
      const answer = await readProviderResponse(response, 'WAHA');
      return { providerMessageId: messageIdOf(answer) };
    },
  };
}
