// Notification outbox for admins (issue 3 part 5): the delivery state of outgoing messages, dead letters
// included, and a retry for a message the dispatcher gave up on. Never the text or the payload: they may
// carry one-time codes and personal details.
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { notificationOutbox } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import type { OutboxListQuery, OutboxNotificationView } from './admin.schemas';
import { auditActor, iso, offsetOf } from './admin-common';

/** Every column an admin may see; text and payload are deliberately absent. */
const visibleColumns = {
  id: notificationOutbox.id,
  channel: notificationOutbox.channel,
  recipient: notificationOutbox.recipient,
  template: notificationOutbox.template,
  status: notificationOutbox.status,
  attempts: notificationOutbox.attempts,
  lastError: notificationOutbox.lastError,
  createdAt: notificationOutbox.createdAt,
  sentAt: notificationOutbox.sentAt,
  nextAttemptAt: notificationOutbox.nextAttemptAt,
};

type VisibleRow = {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
};

/**
 * E-mail addresses keep their first character and the domain (a***@example.com); phone numbers and
 * every other recipient (chat ids, user ids) keep only their last 3 characters.
 */
export function maskRecipient(channel: string, recipient: string): string {
  const at = recipient.lastIndexOf('@');
  if (channel === 'email' && at > 0) return `${recipient.slice(0, 1)}***${recipient.slice(at)}`;
  if (recipient.length <= 3) return '*'.repeat(recipient.length);
  return `${'*'.repeat(recipient.length - 3)}${recipient.slice(-3)}`;
}

function present(row: VisibleRow): OutboxNotificationView {
  return {
    id: row.id,
    channel: row.channel,
    recipient: maskRecipient(row.channel, row.recipient),
    template: row.template,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: iso(row.sentAt),
    nextAttemptAt: row.status === 'sent' ? null : iso(row.nextAttemptAt),
  };
}

export async function listOutboxNotifications(
  ctx: AppContext,
  principal: Principal,
  query: OutboxListQuery,
): Promise<{ notifications: OutboxNotificationView[]; total: number; page: number; limit: number }> {
  const conditions: SQL[] = [eq(notificationOutbox.organizationId, principal.organizationId)];
  if (query.status) conditions.push(eq(notificationOutbox.status, query.status));
  if (query.channel) conditions.push(eq(notificationOutbox.channel, query.channel));
  const where = and(...conditions) as SQL;
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select(visibleColumns)
      .from(notificationOutbox)
      .where(where)
      .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id))
      .limit(query.limit)
      .offset(offsetOf(query.page, query.limit)),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(notificationOutbox).where(where),
  ]);
  return { notifications: rows.map(present), total: count?.total ?? 0, page: query.page, limit: query.limit };
}

/** A dead message goes back to the queue: due at once, attempts from zero, its last error kept. */
export async function retryOutboxNotification(
  ctx: AppContext,
  opts: { principal: Principal; notificationId: string; meta: RequestMeta },
): Promise<OutboxNotificationView> {
  const { principal } = opts;
  const view = await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select(visibleColumns)
      .from(notificationOutbox)
      .where(
        and(
          eq(notificationOutbox.id, opts.notificationId),
          eq(notificationOutbox.organizationId, principal.organizationId),
        ),
      )
      .for('update');
    if (!current) throw new AppError('not_found', 'Notification not found.');
    if (current.status !== 'dead') {
      throw new AppError('conflict', 'Only a message the dispatcher gave up on (dead) can be retried.', {
        status: current.status,
      });
    }
    const [updated] = await tx
      .update(notificationOutbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: ctx.clock.now() })
      .where(eq(notificationOutbox.id, current.id))
      .returning(visibleColumns);
    if (!updated) throw new AppError('internal', 'The notification could not be updated.');
    await recordAudit(tx, {
      organizationId: principal.organizationId,
      action: 'notification.retry',
      entity: 'notification_outbox',
      entityId: updated.id,
      oldValue: { status: current.status, attempts: current.attempts },
      newValue: { status: updated.status, attempts: updated.attempts },
      actor: auditActor(principal, opts.meta),
    });
    return present(updated);
  });
  ctx.outbox.kick();
  return view;
}
