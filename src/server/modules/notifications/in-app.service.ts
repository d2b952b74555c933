// A signed-in user's in-app inbox: list, unread count, mark read. Every query is scoped to the caller's
// own user id and organisation, so another user's notification is simply not found.
import { and, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { inAppNotifications } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { InAppListQuery, InAppNotificationView } from './in-app.schemas';

type Row = typeof inAppNotifications.$inferSelect;

function present(row: Row): InAppNotificationView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    ticketId: row.ticketId,
    readAt: row.readAt ? row.readAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

const own = (principal: Principal): SQL =>
  and(
    eq(inAppNotifications.userId, principal.userId),
    eq(inAppNotifications.organizationId, principal.organizationId),
  ) as SQL;

export async function unreadCount(ctx: AppContext, principal: Principal): Promise<number> {
  const [row] = await ctx.db
    .select({ unread: sql<number>`count(*)::int` })
    .from(inAppNotifications)
    .where(and(own(principal), isNull(inAppNotifications.readAt)));
  return row?.unread ?? 0;
}

export async function listInAppNotifications(
  ctx: AppContext,
  principal: Principal,
  query: InAppListQuery,
): Promise<{
  notifications: InAppNotificationView[];
  total: number;
  page: number;
  limit: number;
  unread: number;
}> {
  const where = query.unreadOnly
    ? (and(own(principal), isNull(inAppNotifications.readAt)) as SQL)
    : own(principal);
  const [rows, [count], unread] = await Promise.all([
    ctx.db
      .select()
      .from(inAppNotifications)
      .where(where)
      .orderBy(desc(inAppNotifications.createdAt), desc(inAppNotifications.id))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(inAppNotifications).where(where),
    unreadCount(ctx, principal),
  ]);
  return {
    notifications: rows.map(present),
    total: count?.total ?? 0,
    page: query.page,
    limit: query.limit,
    unread,
  };
}

/** Marks one of the caller's notifications read; reading it again keeps the first read time. */
export async function markRead(
  ctx: AppContext,
  principal: Principal,
  notificationId: string,
): Promise<InAppNotificationView> {
  const [updated] = await ctx.db
    .update(inAppNotifications)
    .set({ readAt: sql`coalesce(${inAppNotifications.readAt}, ${ctx.clock.now()}::timestamptz)` })
    .where(and(eq(inAppNotifications.id, notificationId), own(principal)))
    .returning();
  if (!updated) throw new AppError('not_found', 'Notification not found.');
  return present(updated);
}

export async function markAllRead(ctx: AppContext, principal: Principal): Promise<number> {
  const updated = await ctx.db
    .update(inAppNotifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(own(principal), isNull(inAppNotifications.readAt)))
    .returning({ id: inAppNotifications.id });
  return updated.length;
}
