// The reminders of seed 000 §7.4. Each kind is a batched keyset sweep over an indexed condition that writes
// outbox rows with a deterministic dedupe_key: the outbox's UNIQUE dedupe_key (INSERT … ON CONFLICT DO
// NOTHING) is what makes every reminder go out once, however often and by however many processes it runs.
//
// - visit_24h / visit_2h: the customer of a 'scheduled' ticket whose slot starts within 24 h (but more than
//   2 h away, so a late booking gets only the 2 h reminder) / within 2 h; SMS in the organisation's default
//   locale; keyed by the slot start, so a rescheduled visit gets fresh reminders. (tickets_sla_scheduled_idx)
// - technician_day: each technician with 'scheduled' tickets on the organisation's local day gets one SMS
//   with the count and the first ticket numbers, in the technician's locale. (tickets_sla_scheduled_idx)
// - missing_photos: a ticket 'repairing' for more than 2 h without its 3 after-repair photos → the technician
//   (the before-inspection photo is a requirement of starting the inspection, so it cannot be missing).
//   (tickets_reminder_repairing_idx)
// - overdue: every active admin gets one e-mail (SMS without an e-mail) per open escalation.
//   (escalations_org_open_idx)
// - feedback: the customer of a ticket completed more than 24 h (and less than 7 days) ago without a rating.
//   (tickets_reminder_feedback_idx)
// - parts arrived: not a reminder here — the technician is told when the parts are marked received
//   (parts_received, sent by the parts workflow), so sending it again would duplicate it.
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { AppContext } from '../context';
import { escalations, notificationOutbox, organizations, technicians, tickets, users } from '../db/schema';
import { enqueueNotifications, type OutgoingNotification } from '../modules/notifications/outbox';
import { CUSTOMER_STATUS_TEXT, type NotificationLocale } from '../modules/notifications/templates';

export const REMINDER_KINDS = [
  'visit_24h',
  'visit_2h',
  'technician_day',
  'missing_photos',
  'overdue',
  'feedback',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export type ReminderCounts = Record<ReminderKind, number>;

export const REMINDER_BATCH_SIZE = 500;
const HOUR_MS = 3_600_000;
/** Ticket numbers listed in the technician's start-of-day message. */
const DAY_LIST_LENGTH = 5;
const REQUIRED_AFTER_REPAIR_PHOTOS = 3;
const MISSING_PHOTOS_AFTER_MS = 2 * HOUR_MS;
const FEEDBACK_AFTER_MS = 24 * HOUR_MS;
/** A feedback request for a visit more than a week old is pointless; the window also bounds the sweep. */
const FEEDBACK_UNTIL_MS = 7 * 24 * HOUR_MS;

export interface ReminderOptions {
  /** Only this organisation; every organisation when omitted. */
  organizationId?: string;
  now: Date;
  /** Only these kinds; every kind when omitted. */
  kinds?: readonly ReminderKind[];
  batchSize?: number;
}

interface Org {
  id: string;
  timeZone: string;
  locale: NotificationLocale;
}

interface Run {
  ctx: AppContext;
  org: Org;
  now: Date;
  batchSize: number;
}

const localeOf = (value: string | null | undefined): NotificationLocale => (value === 'en' ? 'en' : 'ar');

const emptyCounts = (): ReminderCounts =>
  Object.fromEntries(REMINDER_KINDS.map((kind) => [kind, 0])) as ReminderCounts;

export async function sendDueReminders(ctx: AppContext, opts: ReminderOptions): Promise<ReminderCounts> {
  const kinds = REMINDER_KINDS.filter((kind) => !opts.kinds || opts.kinds.includes(kind));
  const counts = emptyCounts();
  const orgRows = await ctx.db
    .select({ id: organizations.id, timeZone: organizations.timeZone, locale: organizations.defaultLocale })
    .from(organizations)
    .where(opts.organizationId ? eq(organizations.id, opts.organizationId) : undefined)
    .orderBy(asc(organizations.id));
  for (const row of orgRows) {
    const run: Run = {
      ctx,
      org: { id: row.id, timeZone: row.timeZone, locale: localeOf(row.locale) },
      now: opts.now,
      batchSize: opts.batchSize ?? REMINDER_BATCH_SIZE,
    };
    for (const kind of kinds) counts[kind] += await SENDERS[kind](run);
  }
  if (Object.values(counts).some((count) => count > 0)) ctx.outbox.kick();
  return counts;
}

const SENDERS: Record<ReminderKind, (run: Run) => Promise<number>> = {
  visit_24h: (run) => sendVisitReminders(run, 'visit_24h'),
  visit_2h: (run) => sendVisitReminders(run, 'visit_2h'),
  technician_day: sendTechnicianDay,
  missing_photos: sendMissingPhotos,
  overdue: sendOverdue,
  feedback: sendFeedback,
};

const RETRYABLE = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE.has(code)) return true;
  }
  return false;
}

/** One INSERT … ON CONFLICT DO NOTHING; returns the rows this call wrote. */
async function enqueue(ctx: AppContext, items: OutgoingNotification[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await enqueueNotifications(ctx.db, items);
    } catch (error) {
      if (attempt >= 3 || !isRetryable(error)) throw error;
    }
  }
}

interface Keyed {
  id: string;
  cursor: string;
}

/**
 * Reads `select(after)` batch by batch, `after` being the (cursor, id) of the previous batch's last row,
 * and hands every batch to `handle`. `select` must order by (cursor column, id) with the given limit.
 */
async function keyset<T extends Keyed>(
  run: Run,
  select: (after: Keyed | null, limit: number) => Promise<T[]>,
  handle: (rows: T[]) => Promise<number> | number,
): Promise<number> {
  let after: Keyed | null = null;
  let total = 0;
  for (;;) {
    const rows = await select(after, run.batchSize);
    const last = rows.at(-1);
    if (!last) break;
    after = { id: last.id, cursor: last.cursor };
    total += await handle(rows);
    if (rows.length < run.batchSize) break;
  }
  return total;
}

const keysetAfter = (column: PgColumn, id: PgColumn, after: Keyed | null) =>
  after ? sql`(${column}, ${id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)` : undefined;

/** A key that is already in the outbox: an exact match on the unique dedupe_key index. */
const alreadySent = (key: SQL) =>
  sql`EXISTS (SELECT 1 FROM ${notificationOutbox} WHERE ${notificationOutbox.dedupeKey} = ${key})`;

function localParts(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

async function sendVisitReminders(run: Run, kind: 'visit_24h' | 'visit_2h'): Promise<number> {
  const { ctx, org, now } = run;
  const from = kind === 'visit_2h' ? now : new Date(now.getTime() + 2 * HOUR_MS);
  const until = new Date(now.getTime() + (kind === 'visit_2h' ? 2 : 24) * HOUR_MS);
  const statusText = CUSTOMER_STATUS_TEXT.scheduled[org.locale];
  return keyset(
    run,
    (after, limit) =>
      ctx.db
        .select({
          id: tickets.id,
          cursor: sql<string>`${tickets.scheduledStartAt}::text`,
          ticketNumber: tickets.ticketNumber,
          customerPhone: tickets.customerPhone,
          scheduledStartAt: tickets.scheduledStartAt,
        })
        .from(tickets)
        .where(
          and(
            eq(tickets.organizationId, org.id),
            sql`${tickets.status} = 'scheduled'`,
            sql`${tickets.scheduledStartAt} > ${from}`,
            sql`${tickets.scheduledStartAt} <= ${until}`,
            keysetAfter(tickets.scheduledStartAt, tickets.id, after),
          ),
        )
        .orderBy(asc(tickets.scheduledStartAt), asc(tickets.id))
        .limit(limit),
    (rows) =>
      enqueue(
        ctx,
        rows.flatMap((row) => {
          if (!row.scheduledStartAt) return [];
          const { date, time } = localParts(row.scheduledStartAt, org.timeZone);
          return [
            {
              organizationId: org.id,
              channel: 'sms' as const,
              recipient: row.customerPhone,
              template: `reminder_${kind}`,
              locale: org.locale,
              vars: { ticketNumber: row.ticketNumber, statusText, date, time },
              ticketId: row.id,
              dedupeKey: `reminder:${kind}:${row.id}:${row.scheduledStartAt.toISOString()}`,
            },
          ];
        }),
      ),
  );
}

async function sendTechnicianDay(run: Run): Promise<number> {
  const { ctx, org, now } = run;
  const { date } = localParts(now, org.timeZone);
  const dayStart = sql`(${date}::date)::timestamp AT TIME ZONE ${org.timeZone}`;
  const dayEnd = sql`(${date}::date + 1)::timestamp AT TIME ZONE ${org.timeZone}`;
  const tasks = new Map<string, string[]>();
  await keyset(
    run,
    (after, limit) =>
      ctx.db
        .select({
          id: tickets.id,
          cursor: sql<string>`${tickets.scheduledStartAt}::text`,
          ticketNumber: tickets.ticketNumber,
          technicianId: tickets.technicianId,
        })
        .from(tickets)
        .where(
          and(
            eq(tickets.organizationId, org.id),
            sql`${tickets.status} = 'scheduled'`,
            sql`${tickets.scheduledStartAt} >= ${dayStart}`,
            sql`${tickets.scheduledStartAt} < ${dayEnd}`,
            keysetAfter(tickets.scheduledStartAt, tickets.id, after),
          ),
        )
        .orderBy(asc(tickets.scheduledStartAt), asc(tickets.id))
        .limit(limit),
    (rows) => {
      for (const row of rows) {
        if (!row.technicianId) continue;
        const list = tasks.get(row.technicianId) ?? [];
        list.push(row.ticketNumber);
        tasks.set(row.technicianId, list);
      }
      return 0;
    },
  );
  if (tasks.size === 0) return 0;
  const people = await ctx.db
    .select({ technicianId: technicians.id, phone: users.phone, locale: users.locale })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(and(inArray(technicians.id, [...tasks.keys()]), eq(users.isActive, true)))
    .orderBy(asc(technicians.id));
  const items: OutgoingNotification[] = [];
  for (const person of people) {
    const numbers = tasks.get(person.technicianId) ?? [];
    if (!person.phone || numbers.length === 0) continue;
    const shown = numbers.slice(0, DAY_LIST_LENGTH).join(', ');
    items.push({
      organizationId: org.id,
      channel: 'sms',
      recipient: person.phone,
      template: 'reminder_technician_day',
      locale: localeOf(person.locale),
      vars: {
        count: numbers.length,
        date,
        ticketNumbers: numbers.length > DAY_LIST_LENGTH ? `${shown}, …` : shown,
      },
      dedupeKey: `reminder:day:${person.technicianId}:${date}`,
    });
  }
  return enqueue(ctx, items);
}

async function sendMissingPhotos(run: Run): Promise<number> {
  const { ctx, org, now } = run;
  const cutoff = new Date(now.getTime() - MISSING_PHOTOS_AFTER_MS);
  const key = sql`'reminder:missing_photos:' || ${tickets.id}::text || ':repairing'`;
  const afterRepairPhotos = sql<number>`(SELECT count(*)::int FROM ticket_attachments a
    WHERE a.ticket_id = ${tickets.id} AND a.type = 'after_repair' AND a.deleted_at IS NULL)`;
  return keyset(
    run,
    (after, limit) =>
      ctx.db
        .select({
          id: tickets.id,
          cursor: sql<string>`${tickets.repairStartedAt}::text`,
          ticketNumber: tickets.ticketNumber,
          photos: afterRepairPhotos,
          phone: users.phone,
          locale: users.locale,
        })
        .from(tickets)
        .innerJoin(technicians, eq(technicians.id, tickets.technicianId))
        .innerJoin(users, eq(users.id, technicians.userId))
        .where(
          and(
            eq(tickets.organizationId, org.id),
            sql`${tickets.status} = 'repairing'`,
            sql`${tickets.repairStartedAt} <= ${cutoff}`,
            keysetAfter(tickets.repairStartedAt, tickets.id, after),
            sql`NOT ${alreadySent(key)}`,
            sql`${afterRepairPhotos} < ${REQUIRED_AFTER_REPAIR_PHOTOS}`,
          ),
        )
        .orderBy(asc(tickets.repairStartedAt), asc(tickets.id))
        .limit(limit),
    (rows) =>
      enqueue(
        ctx,
        rows.flatMap((row) =>
          row.phone
            ? [
                {
                  organizationId: org.id,
                  channel: 'sms' as const,
                  recipient: row.phone,
                  template: 'reminder_missing_photos',
                  locale: localeOf(row.locale),
                  vars: {
                    ticketNumber: row.ticketNumber,
                    missing: REQUIRED_AFTER_REPAIR_PHOTOS - row.photos,
                  },
                  ticketId: row.id,
                  dedupeKey: `reminder:missing_photos:${row.id}:repairing`,
                },
              ]
            : [],
        ),
      ),
  );
}

async function sendOverdue(run: Run): Promise<number> {
  const { ctx, org } = run;
  const admins = await ctx.db
    .select({ id: users.id, email: users.email, phone: users.phone, locale: users.locale })
    .from(users)
    .where(
      and(
        eq(users.organizationId, org.id),
        eq(users.role, 'admin'),
        eq(users.isActive, true),
        sql`${users.deletedAt} IS NULL`,
        sql`(${users.email} IS NOT NULL OR ${users.phone} IS NOT NULL)`,
      ),
    )
    .orderBy(asc(users.id));
  if (admins.length === 0) return 0;
  const adminIds = sql`ARRAY[${sql.join(
    admins.map((admin) => sql`${admin.id}`),
    sql`, `,
  )}]::uuid[]`;
  // An escalation is a candidate while one of today's admins has not had its reminder.
  const someAdminNotReminded = sql`EXISTS (SELECT 1 FROM unnest(${adminIds}) AS admin(id) WHERE NOT EXISTS (
    SELECT 1 FROM ${notificationOutbox}
    WHERE ${notificationOutbox.dedupeKey} = 'reminder:overdue:' || ${escalations.id}::text || ':' || admin.id::text))`;
  return keyset(
    run,
    (after, limit) =>
      ctx.db
        .select({
          id: escalations.id,
          cursor: sql<string>`${escalations.createdAt}::text`,
          ticketId: escalations.ticketId,
          ticketNumber: tickets.ticketNumber,
          level: escalations.level,
          reason: escalations.reason,
        })
        .from(escalations)
        .innerJoin(tickets, eq(tickets.id, escalations.ticketId))
        .where(
          and(
            eq(escalations.organizationId, org.id),
            eq(escalations.isResolved, false),
            keysetAfter(escalations.createdAt, escalations.id, after),
            someAdminNotReminded,
          ),
        )
        .orderBy(asc(escalations.createdAt), asc(escalations.id))
        .limit(limit),
    (rows) =>
      enqueue(
        ctx,
        rows.flatMap((row) =>
          admins.map((admin) => ({
            organizationId: org.id,
            channel: admin.email ? ('email' as const) : ('sms' as const),
            recipient: admin.email ?? admin.phone ?? '',
            template: 'reminder_overdue',
            locale: localeOf(admin.locale),
            vars: { ticketNumber: row.ticketNumber, level: row.level, reason: row.reason },
            ticketId: row.ticketId,
            dedupeKey: `reminder:overdue:${row.id}:${admin.id}`,
          })),
        ),
      ),
  );
}

async function sendFeedback(run: Run): Promise<number> {
  const { ctx, org, now } = run;
  const until = new Date(now.getTime() - FEEDBACK_AFTER_MS);
  const from = new Date(now.getTime() - FEEDBACK_UNTIL_MS);
  const statusText = CUSTOMER_STATUS_TEXT.completed[org.locale];
  const key = sql`'reminder:feedback:' || ${tickets.id}::text`;
  return keyset(
    run,
    (after, limit) =>
      ctx.db
        .select({
          id: tickets.id,
          cursor: sql<string>`${tickets.completedAt}::text`,
          ticketNumber: tickets.ticketNumber,
          trackingToken: tickets.trackingToken,
          customerPhone: tickets.customerPhone,
        })
        .from(tickets)
        .where(
          and(
            eq(tickets.organizationId, org.id),
            sql`${tickets.status} = 'completed' AND ${tickets.customerRating} IS NULL`,
            sql`${tickets.completedAt} > ${from}`,
            sql`${tickets.completedAt} <= ${until}`,
            keysetAfter(tickets.completedAt, tickets.id, after),
            sql`NOT ${alreadySent(key)}`,
          ),
        )
        .orderBy(asc(tickets.completedAt), asc(tickets.id))
        .limit(limit),
    (rows) =>
      enqueue(
        ctx,
        rows.map((row) => ({
          organizationId: org.id,
          channel: 'sms' as const,
          recipient: row.customerPhone,
          template: 'reminder_feedback',
          locale: org.locale,
          vars: { ticketNumber: row.ticketNumber, statusText, trackingToken: row.trackingToken },
          ticketId: row.id,
          dedupeKey: `reminder:feedback:${row.id}`,
        })),
      ),
  );
}
