// Delivers due outbox rows through the adapter of their channel (or the file sink); claims with SKIP LOCKED
// so several processes can share the work, and retries failures with exponential backoff.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/connection';
import type { NotificationAdapter, OutboxMessage } from '../integrations/notification-adapter';
import { type Clock, systemClock } from '../lib/clock';

export type { NotificationAdapter, OutboxMessage } from '../integrations/notification-adapter';

export interface OutboxSink {
  deliver(messages: OutboxMessage[]): Promise<void>;
}

/** Development sink: one JSON line per message, where people and tests read OTPs and texts. */
export function createFileSink(file: string): OutboxSink {
  let ready: Promise<unknown> | null = null;
  return {
    async deliver(messages) {
      ready ??= mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await ready;
      const lines = messages.map((message) =>
        JSON.stringify({
          id: message.id,
          channel: message.channel,
          recipient: message.recipient,
          template: message.template,
          locale: message.locale,
          text: message.text,
          ...(message.subject ? { subject: message.subject } : {}),
          payload: message.payload,
          ticketId: message.ticketId,
          createdAt: message.createdAt.toISOString(),
        }),
      );
      await appendFile(file, `${lines.join('\n')}\n`);
    },
  };
}

export interface RetryPolicy {
  /** A message that failed this many times is marked 'dead' and not tried again. */
  maxAttempts: number;
  /** The first retry waits this long; each further one twice as long as the previous one… */
  backoffBaseMs: number;
  /** …but never longer than this. */
  backoffMaxMs: number;
  /** An adapter that has not answered by then has failed (its request is aborted). */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  backoffBaseMs: 30_000,
  backoffMaxMs: 3_600_000,
  timeoutMs: 10_000,
};

/** How long a message waits after its n-th failed attempt (n ≥ 1). */
export function backoffMs(
  attempts: number,
  policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>,
): number {
  return Math.min(policy.backoffBaseMs * 2 ** Math.max(0, attempts - 1), policy.backoffMaxMs);
}

type ClaimedRow = {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  text: string;
  subject: string | null;
  payload: unknown;
  ticket_id: string | null;
  created_at: Date;
};

type Outcome =
  | { id: string; ok: true; providerMessageId: string | null }
  | { id: string; ok: false; error: string };

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 1000);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`.slice(0, 1000);
}

/** Runs the adapter; a send that has not settled when the timeout elapses is aborted and counts as failed. */
async function sendWithTimeout(
  adapter: NotificationAdapter,
  message: OutboxMessage,
  timeoutMs: number,
): Promise<{ providerMessageId: string | null }> {
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(new Error(`no answer within ${timeoutMs} ms`)), {
      once: true,
    });
  });
  timedOut.catch(() => undefined);
  const sending = adapter.send(message, { signal });
  sending.catch(() => undefined);
  return Promise.race([sending, timedOut]);
}

/** One-time codes are not kept in clear once a message is finished (sent or dead). */
const REDACTED_TEXT = sql`CASE WHEN o.template LIKE 'otp_%' THEN '[one-time code delivered]' ELSE o.text END`;
const REDACTED_PAYLOAD = sql`CASE WHEN o.template LIKE 'otp_%' THEN o.payload - 'code' ELSE o.payload END`;

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private scheduled: NodeJS.Timeout | null = null;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly opts: {
      db: Database;
      /** Channels without an adapter (and every channel when none is configured) are written here. */
      sink: OutboxSink;
      /** channel → adapter ('email', 'sms', 'whatsapp', 'telegram'). */
      adapters?: ReadonlyMap<string, NotificationAdapter>;
      /** Decides which retries are due and stamps sent_at / next_attempt_at. */
      clock?: Clock;
      retry?: Partial<RetryPolicy>;
      batchSize?: number;
      /** How many messages of a batch are handed to adapters at the same time. */
      concurrency?: number;
      intervalMs?: number;
      coalesceMs?: number;
    },
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  }

  start(): void {
    this.timer ??= setInterval(() => void this.runOnce(), this.opts.intervalMs ?? 1000);
    this.timer.unref();
  }

  stop(): Promise<number> | null {
    if (this.timer) clearInterval(this.timer);
    if (this.scheduled) clearTimeout(this.scheduled);
    this.timer = null;
    this.scheduled = null;
    return this.running;
  }

  /**
   * Asks for a delivery round soon. Rounds are coalesced (at most one per `coalesceMs`), so a burst
   * of changes costs one claim query, not one per change.
   */
  kick(): void {
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      void this.runOnce();
    }, this.opts.coalesceMs ?? 50);
    this.scheduled.unref();
  }

  private runOnce(): Promise<number> {
    this.running ??= this.deliverPending()
      .catch(() => 0)
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Waits for a round in progress, then delivers everything due (tests, shutdown). */
  async flush(): Promise<number> {
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = null;
    await this.running;
    return this.deliverPending();
  }

  /** Delivers everything due now, batch by batch; returns how many were sent. */
  async deliverPending(): Promise<number> {
    const limit = this.opts.batchSize ?? 100;
    let delivered = 0;
    for (;;) {
      const { claimed, sent } = await this.deliverBatch(limit);
      delivered += sent;
      // Failed messages are pushed into the future, so the next batch never claims them again.
      if (claimed < limit) return delivered;
    }
  }

  /**
   * Claims a batch (row locks held until the outcome is written, so no other dispatcher sends the same
   * message), sends every message, then records each outcome. A message never tried is due at once; a
   * retry is due when next_attempt_at has passed on the dispatcher's clock.
   */
  private async deliverBatch(limit: number): Promise<{ claimed: number; sent: number }> {
    const now = (this.opts.clock ?? systemClock).now();
    return this.opts.db.transaction(async (tx) => {
      const claimed = await tx.execute<ClaimedRow>(sql`
        SELECT id, channel, recipient, template, locale, text, subject, payload, ticket_id, created_at
        FROM notification_outbox
        WHERE status = 'pending' AND (attempts = 0 OR next_attempt_at <= ${now}::timestamptz)
        ORDER BY next_attempt_at, created_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`);
      if (claimed.rows.length === 0) return { claimed: 0, sent: 0 };
      const messages = claimed.rows.map((row) => ({
        id: row.id,
        channel: row.channel,
        recipient: row.recipient,
        template: row.template,
        locale: row.locale,
        text: row.text,
        subject: row.subject,
        payload: row.payload,
        ticketId: row.ticket_id,
        createdAt: new Date(row.created_at),
      }));
      const outcomes = await this.send(messages);
      const sent = outcomes.filter((outcome) => outcome.ok);
      const failed = outcomes.filter((outcome) => !outcome.ok);
      if (sent.length > 0) {
        await tx.execute(sql`
          UPDATE notification_outbox AS o
          SET status = 'sent', sent_at = ${now}::timestamptz, attempts = o.attempts + 1, last_error = NULL,
              provider_message_id = d.provider_message_id, text = ${REDACTED_TEXT}, payload = ${REDACTED_PAYLOAD}
          FROM unnest(${sql.param(sent.map((o) => o.id))}::uuid[],
                      ${sql.param(sent.map((o) => o.providerMessageId))}::text[]) AS d(id, provider_message_id)
          WHERE o.id = d.id`);
      }
      if (failed.length > 0) {
        const { maxAttempts, backoffBaseMs, backoffMaxMs } = this.policy;
        const dead: SQL = sql`o.attempts + 1 >= ${maxAttempts}::int`;
        await tx.execute(sql`
          UPDATE notification_outbox AS o
          SET attempts = o.attempts + 1, last_error = d.error,
              status = CASE WHEN ${dead} THEN 'dead' ELSE 'pending' END,
              next_attempt_at = ${now}::timestamptz
                + LEAST(${backoffBaseMs}::float8 * power(2, o.attempts), ${backoffMaxMs}::float8)
                  * interval '1 millisecond',
              text = CASE WHEN ${dead} THEN ${REDACTED_TEXT} ELSE o.text END,
              payload = CASE WHEN ${dead} THEN ${REDACTED_PAYLOAD} ELSE o.payload END
          FROM unnest(${sql.param(failed.map((o) => o.id))}::uuid[],
                      ${sql.param(failed.map((o) => (o.ok ? '' : o.error)))}::text[]) AS d(id, error)
          WHERE o.id = d.id`);
      }
      return { claimed: messages.length, sent: sent.length };
    });
  }

  /** Channels with an adapter are sent one by one (a few at a time); the rest go to the sink together. */
  private async send(messages: OutboxMessage[]): Promise<Outcome[]> {
    const adapters = this.opts.adapters ?? new Map<string, NotificationAdapter>();
    const viaSink = messages.filter((message) => !adapters.has(message.channel));
    const viaAdapter = messages.filter((message) => adapters.has(message.channel));
    const outcomes: Outcome[] = [];
    if (viaSink.length > 0) {
      try {
        await this.opts.sink.deliver(viaSink);
        for (const message of viaSink) outcomes.push({ id: message.id, ok: true, providerMessageId: null });
      } catch (error) {
        for (const message of viaSink)
          outcomes.push({ id: message.id, ok: false, error: describeError(error) });
      }
    }
    const queue = [...viaAdapter];
    const worker = async () => {
      for (let message = queue.shift(); message; message = queue.shift()) {
        const adapter = adapters.get(message.channel) as NotificationAdapter;
        try {
          const { providerMessageId } = await sendWithTimeout(adapter, message, this.policy.timeoutMs);
          outcomes.push({ id: message.id, ok: true, providerMessageId });
        } catch (error) {
          outcomes.push({ id: message.id, ok: false, error: describeError(error) });
        }
      }
    };
    const workers = Math.min(this.opts.concurrency ?? 8, queue.length);
    await Promise.all(Array.from({ length: workers }, worker));
    return outcomes;
  }
}
