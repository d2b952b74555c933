// Writes outgoing messages into the outbox inside the caller's transaction.
import type { Executor } from '../../db/connection';
import { notificationOutbox } from '../../db/schema';
import { type NotificationLocale, renderTemplate } from './templates';

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
  const inserted = await db
    .insert(notificationOutbox)
    .values(
      items.map((item) => ({
        organizationId: item.organizationId,
        channel: item.channel,
        recipient: item.recipient,
        template: item.template,
        locale: item.locale,
        text: renderTemplate(item.template, item.locale, item.vars),
        payload: item.vars,
        ticketId: item.ticketId ?? null,
        dedupeKey: item.dedupeKey ?? null,
      })),
    )
    .onConflictDoNothing({ target: notificationOutbox.dedupeKey })
    .returning({ id: notificationOutbox.id });
  return inserted.length;
}
