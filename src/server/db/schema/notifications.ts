// In-app notifications: one row per message delivered to a signed-in user's inbox (outbox channel 'in_app').
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns';
import { organizations } from './organizations';

export const inAppNotifications = pgTable(
  'in_app_notifications',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** A staff user's or a customer user's id (the principal's userId); not a foreign key on purpose. */
    userId: uuid('user_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    ticketId: uuid('ticket_id'),
    /** The outbox row delivered here: a retried delivery never creates a second notification. */
    outboxId: uuid('outbox_id').unique(),
    readAt: at('read_at'),
    createdAt: createdAt(),
  },
  (t) => [index('in_app_notifications_user_idx').on(t.userId, t.readAt, t.createdAt.desc())],
);
