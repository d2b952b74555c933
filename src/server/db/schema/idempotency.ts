// Idempotency keys of retried requests (the technician's offline queue): the first request with a
// key runs and its answer is kept; a retry with the same key gets that answer back instead of
// applying the action twice. Keys are per user, so one user's key never touches another's.
import { integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns';
import { organizations } from './organizations';
import { users } from './users';

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    // Null while the first request is still running.
    statusCode: integer('status_code'),
    response: jsonb('response'),
    completedAt: at('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idempotency_keys_user_key').on(t.userId, t.key)],
);
