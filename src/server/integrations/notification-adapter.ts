// The contract between the outbox dispatcher and a delivery provider (SMTP, SMS, WhatsApp, Telegram).

/** One claimed outbox row, as handed to a sink or an adapter. */
export interface OutboxMessage {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  text: string;
  /** The organisation's own subject for this template and language, when it set one. */
  subject?: string | null;
  payload: unknown;
  ticketId: string | null;
  createdAt: Date;
}

export interface SendOptions {
  /** Aborted when the dispatcher's timeout (FIELDLINE_OUTBOX_TIMEOUT_MS) elapses. */
  signal?: AbortSignal;
}

export interface NotificationAdapter {
  /** The outbox channel this adapter delivers ('email', 'sms', 'whatsapp', 'telegram'). */
  readonly channel: string;
  /** Hands the message to the provider; throws when the provider did not accept it. */
  send(message: OutboxMessage, options?: SendOptions): Promise<{ providerMessageId: string | null }>;
}

/** Short, template-based subject or title with the ticket number when there is one (the body is the text). */
export function subjectFor(message: OutboxMessage): string {
  if (message.subject) return message.subject;
  const subject = `Fieldline: ${message.template.replaceAll('_', ' ')}`;
  const payload = message.payload as { ticketNumber?: unknown } | null;
  return typeof payload?.ticketNumber === 'string' ? `${subject} (${payload.ticketNumber})` : subject;
}

/** Reads an HTTP answer; a non-2xx status is a failure that names the status and the start of the body. */
export async function readProviderResponse(response: Response, provider: string): Promise<unknown> {
  const body = await response.text();
  if (!response.ok) {
    throw new Error(`${provider} answered ${response.status}: ${body.slice(0, 200)}`);
  }
  if (!body) return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

export function stringField(value: unknown, key: string): string | null {
  if (value && typeof value === 'object' && key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'string' || typeof field === 'number') return String(field);
  }
  return null;
}

/** The caller's signal, or a timeout of its own when called without one. */
export function signalOf(options: SendOptions | undefined, timeoutMs: number): AbortSignal {
  return options?.signal ?? AbortSignal.timeout(timeoutMs);
}
