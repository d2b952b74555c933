// Writes outgoing messages into the outbox inside the caller's transaction.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection';
import { notificationOutbox } from '../../db/schema';
import { loadTemplateOverrides, overrideFor } from './template-overrides';
import { type NotificationLocale, renderNotification } from './templates';

export interface OutgoingNotification {
  organizationId: string;
  channel: 'sms' | 'email' | 'whatsapp' | 'telegram' | 'push' | 'in_app';
  recipient: string;
  template: string;
  locale: NotificationLocale;
  vars: Record<string, string | number>;
  ticketId?: string | null;
  dedupeKey?: string;
}

/** Returns how many rows were written: a message whose dedupeKey is already in the outbox is skipped. */
export async function enqueueNotifications(db: Executor, items: OutgoingNotification[]): Promise<number> {
  if (items.length === 0) return 0;
  const overrides = await loadTemplateOverrides(db, items);
  const rendered = items.map((item) =>
    renderNotification(item.template, item.locale, item.vars, overrideFor(overrides, item)),
  );
  // One array per column (unnest) rather than a VALUES row per message: the statement's size and the
  // time to build it stay flat when a sweep enqueues thousands of messages.
  const column = <T>(pick: (item: OutgoingNotification, index: number) => T) => sql.param(items.map(pick));
  const inserted = await db.execute<{ id: string }>(sql`
    INSERT INTO ${notificationOutbox} (organization_id, channel, recipient, template, locale, text, subject,
                                       payload, ticket_id, dedupe_key)
    SELECT * FROM unnest(
      ${column((item) => item.organizationId)}::uuid[], ${column((item) => item.channel)}::text[],
      ${column((item) => item.recipient)}::text[], ${column((item) => item.template)}::text[],
      ${column((item) => item.locale)}::text[],
      ${column((_, index) => rendered[index]?.text)}::text[], ${column((_, index) => rendered[index]?.subject ?? null)}::text[],
      ${column((item) => JSON.stringify(item.vars))}::jsonb[], ${column((item) => item.ticketId ?? null)}::uuid[],
      ${column((item) => item.dedupeKey ?? null)}::text[])
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`);
  return inserted.rows.length;
}
