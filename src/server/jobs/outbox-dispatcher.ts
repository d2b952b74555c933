// Delivers pending outbox rows through a sink; claims with SKIP LOCKED so several processes can share the work.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/connection';

export interface OutboxMessage {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  text: string;
  payload: unknown;
  ticketId: string | null;
  createdAt: Date;
}

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
          payload: message.payload,
          ticketId: message.ticketId,
          createdAt: message.createdAt.toISOString(),
        }),
      );
      await appendFile(file, `${lines.join('\n')}\n`);
    },
  };
}

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private scheduled: NodeJS.Timeout | null = null;

  constructor(
    private readonly opts: {
      db: Database;
      sink: OutboxSink;
      batchSize?: number;
      intervalMs?: number;
      coalesceMs?: number;
    },
  ) {}

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

  /** Waits for a round in progress, then delivers everything still pending (tests, shutdown). */
  async flush(): Promise<number> {
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = null;
    await this.running;
    return this.deliverPending();
  }

  /** Delivers everything pending now, batch by batch; returns how many were sent. */
  async deliverPending(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const sent = await this.deliverBatch();
      delivered += sent;
      if (sent < (this.opts.batchSize ?? 100)) return delivered;
    }
  }

  private async deliverBatch(): Promise<number> {
    const limit = this.opts.batchSize ?? 100;
    return this.opts.db.transaction(async (tx) => {
      const claimed = await tx.execute<{
        id: string;
        channel: string;
        recipient: string;
        template: string;
        locale: string;
        text: string;
        payload: unknown;
        ticket_id: string | null;
        created_at: Date;
      }>(sql`
        SELECT id, channel, recipient, template, locale, text, payload, ticket_id, created_at
        FROM notification_outbox
        WHERE status = 'pending'
        ORDER BY created_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`);
      if (claimed.rows.length === 0) return 0;
      const messages = claimed.rows.map((row) => ({
        id: row.id,
        channel: row.channel,
        recipient: row.recipient,
        template: row.template,
        locale: row.locale,
        text: row.text,
        payload: row.payload,
        ticketId: row.ticket_id,
        createdAt: new Date(row.created_at),
      }));
      const ids = messages.map((message) => message.id);
      try {
        await this.opts.sink.deliver(messages);
      } catch (error) {
        await tx.execute(sql`
          UPDATE notification_outbox
          SET attempts = attempts + 1, last_error = ${String(error)}
          WHERE id = ANY(${sql.param(ids)}::uuid[])`);
        return 0;
      }
      await tx.execute(sql`
        UPDATE notification_outbox
        SET status = 'sent', sent_at = now(), attempts = attempts + 1,
            -- one-time codes are not kept in clear once delivered
            text = CASE WHEN template LIKE 'otp_%' THEN '[one-time code delivered]' ELSE text END,
            payload = CASE WHEN template LIKE 'otp_%' THEN payload - 'code' ELSE payload END
        WHERE id = ANY(${sql.param(ids)}::uuid[])`);
      return messages.length;
    });
  }
}
