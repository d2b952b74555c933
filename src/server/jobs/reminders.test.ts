// Reminders of seed 000 §7.4: each is written to the outbox once when due — not before, not twice, in the
// recipient's language — however often and by however many processes the reminders run.
import { and, eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import type { AppContext } from '../context';
import { createContext } from '../create-context';
import { escalations, notificationOutbox, ticketAttachments, tickets, users } from '../db/schema';
import { CUSTOMER_STATUS_TEXT } from '../modules/notifications/templates';
import {
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  type TestUser,
} from '../test/factories';
import { buildTestApp, type TestApp } from '../test/helper';
import { DEFAULT_REMINDER_CRONS, ReminderScheduler } from './reminder-scheduler';
import { type ReminderKind, sendDueReminders } from './reminders';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const TECHNICIAN_PHONE = '0507770011';
const TECHNICIAN_AR_PHONE = '0507770012';
const TECHNICIAN_EN_PHONE = '0507770013';

let t: TestApp;
let organizationId: string;
let admin: TestUser;
let cast: Cast;
let technicianAr: TestUser;
let technicianEn: TestUser;

beforeAll(async () => {
  t = await buildTestApp();
  organizationId = await createTestOrganization(t.ctx);
  admin = await createStaff(t.ctx, { organizationId, role: 'admin', name: 'Aisha Admin' });
  const technician = await createStaff(t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Khalid Tech',
    phone: TECHNICIAN_PHONE,
  });
  technicianAr = await createStaff(t.ctx, { organizationId, role: 'technician', phone: TECHNICIAN_AR_PHONE });
  technicianEn = await createStaff(t.ctx, { organizationId, role: 'technician', phone: TECHNICIAN_EN_PHONE });
  await t.ctx.db.update(users).set({ locale: 'en' }).where(eq(users.id, technicianEn.principal.userId));
  const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
});

afterAll(async () => {
  await t.close();
});

const remind = (kinds?: ReminderKind[], ctx: AppContext = t.ctx, batchSize?: number) =>
  sendDueReminders(ctx, { organizationId, now: ctx.clock.now(), kinds, batchSize });

const outboxOf = (ticketId: string, template: string) =>
  t.ctx.db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.ticketId, ticketId), eq(notificationOutbox.template, template)));

const outboxByKey = (prefix: string) =>
  t.ctx.db
    .select()
    .from(notificationOutbox)
    .where(like(notificationOutbox.dedupeKey, `${prefix}%`));

/** A ticket driven to `scheduled`, its slot then moved to `startAt` (a reschedule of the fixture). */
async function scheduledTicket(startAt: Date, technician: Cast['technician'] = cast.technician) {
  const { id } = await createTestTicket(t.ctx);
  await driveTicket(t.ctx, id, 'scheduled', { ...cast, technician });
  await moveSlot(id, startAt);
  return ticketRow(id);
}

const moveSlot = (ticketId: string, startAt: Date) =>
  t.ctx.db.update(tickets).set({ scheduledStartAt: startAt }).where(eq(tickets.id, ticketId));

async function ticketRow(ticketId: string) {
  const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!row) throw new Error('no ticket');
  return row;
}

describe('visit reminders (customer, SMS, 24 h and 2 h before the slot)', () => {
  it('sends each once when due, never for a past slot, and again after a reschedule', async () => {
    const start = new Date(t.clock.now().getTime() + 30 * HOUR);
    const ticket = await scheduledTicket(start);
    const past = await scheduledTicket(new Date(t.clock.now().getTime() - HOUR));

    await remind(['visit_24h', 'visit_2h']);
    t.clock.advance(6 * HOUR - MINUTE); // 24 h 1 min before the slot
    await remind(['visit_24h', 'visit_2h']);
    expect(await outboxOf(ticket.id, 'reminder_visit_24h')).toHaveLength(0);

    t.clock.advance(2 * MINUTE); // 23 h 59 min before
    const first = await remind(['visit_24h', 'visit_2h']);
    expect(first.visit_24h).toBeGreaterThanOrEqual(1);
    await remind(['visit_24h', 'visit_2h']);
    const day = await outboxOf(ticket.id, 'reminder_visit_24h');
    expect(day).toEqual([
      expect.objectContaining({
        channel: 'sms',
        recipient: ticket.customerPhone,
        locale: 'ar',
        dedupeKey: `reminder:visit_24h:${ticket.id}:${start.toISOString()}`,
      }),
    ]);
    expect(day[0]?.text).toContain(CUSTOMER_STATUS_TEXT.scheduled.ar);
    expect(day[0]?.text).toContain(ticket.ticketNumber);
    expect(await outboxOf(ticket.id, 'reminder_visit_2h')).toHaveLength(0);

    t.clock.advance(21 * HOUR + 58 * MINUTE); // 2 h 1 min before
    await remind(['visit_2h']);
    expect(await outboxOf(ticket.id, 'reminder_visit_2h')).toHaveLength(0);
    t.clock.advance(2 * MINUTE); // 1 h 59 min before
    await remind(['visit_24h', 'visit_2h']);
    await remind(['visit_24h', 'visit_2h']);
    expect(await outboxOf(ticket.id, 'reminder_visit_2h')).toEqual([
      expect.objectContaining({ channel: 'sms', recipient: ticket.customerPhone, locale: 'ar' }),
    ]);
    expect(await outboxOf(ticket.id, 'reminder_visit_24h')).toHaveLength(1);

    // Rescheduled to tomorrow: a fresh 24 h reminder for the new slot.
    const moved = new Date(t.clock.now().getTime() + 20 * HOUR);
    await moveSlot(ticket.id, moved);
    await remind(['visit_24h', 'visit_2h']);
    const after = await outboxOf(ticket.id, 'reminder_visit_24h');
    expect(after.map((row) => row.dedupeKey).sort()).toEqual(
      [
        `reminder:visit_24h:${ticket.id}:${start.toISOString()}`,
        `reminder:visit_24h:${ticket.id}:${moved.toISOString()}`,
      ].sort(),
    );

    expect(await outboxOf(past.id, 'reminder_visit_24h')).toHaveLength(0);
    expect(await outboxOf(past.id, 'reminder_visit_2h')).toHaveLength(0);
  });
});

describe('technician start-of-day list (SMS in the technician’s language)', () => {
  it('sends one list per technician at 07:00 local time, not before, not twice', async () => {
    // The next 04:00 UTC is 07:00 in Riyadh.
    const now = t.clock.now();
    const seven = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 4));
    if (seven <= now) seven.setUTCDate(seven.getUTCDate() + 1);
    t.clock.set(new Date(seven.getTime() - 2 * MINUTE));

    const enFirst = await scheduledTicket(new Date(seven.getTime() + 3 * HOUR), technicianEn.principal);
    const enSecond = await scheduledTicket(new Date(seven.getTime() + 5 * HOUR), technicianEn.principal);
    const enTomorrow = await scheduledTicket(new Date(seven.getTime() + 27 * HOUR), technicianEn.principal);
    const arOnly = await scheduledTicket(new Date(seven.getTime() + 4 * HOUR), technicianAr.principal);
    const date = seven.toISOString().slice(0, 10);
    const enKey = `reminder:day:${technicianEn.principal.technicianId}:${date}`;
    const arKey = `reminder:day:${technicianAr.principal.technicianId}:${date}`;

    const scheduler = new ReminderScheduler(t.ctx);
    await scheduler.runMinutes([new Date(seven.getTime() - MINUTE)]);
    expect(await outboxByKey('reminder:day:')).toHaveLength(0);

    t.clock.set(seven);
    await scheduler.runMinutes([seven]);
    await scheduler.runMinutes([seven]);
    await remind(['technician_day']);
    const en = await outboxByKey(enKey);
    expect(en).toEqual([
      expect.objectContaining({
        channel: 'sms',
        recipient: expect.stringContaining('507770013'),
        locale: 'en',
      }),
    ]);
    expect(en[0]?.text).toContain('You have 2 task(s) scheduled today');
    expect(en[0]?.text).toContain(`${enFirst.ticketNumber}, ${enSecond.ticketNumber}`);
    expect(en[0]?.text).not.toContain(enTomorrow.ticketNumber);
    const ar = await outboxByKey(arKey);
    expect(ar).toEqual([expect.objectContaining({ locale: 'ar' })]);
    expect(ar[0]?.text).toContain('لديك 1 مهمة');
    expect(ar[0]?.text).toContain(arOnly.ticketNumber);
  });
});

describe('missing after-repair photos (technician)', () => {
  it('reminds once after 2 h of repair without 3 after-repair photos, not with the photos', async () => {
    const { id } = await createTestTicket(t.ctx);
    await driveTicket(t.ctx, id, 'repairing', cast);
    const { id: withPhotos } = await createTestTicket(t.ctx);
    await driveTicket(t.ctx, withPhotos, 'repairing', cast);
    await t.ctx.db.insert(ticketAttachments).values(
      [1, 2, 3].map((n) => ({
        organizationId,
        ticketId: withPhotos,
        type: 'after_repair' as const,
        storageKey: `reminders-test/${withPhotos}/${n}.png`,
        filename: `${n}.png`,
        mimeType: 'image/png',
        size: 10,
        uploadedByName: 'Khalid Tech',
        uploadedByRole: 'technician' as const,
      })),
    );

    t.clock.advance(2 * HOUR - MINUTE);
    await remind(['missing_photos']);
    expect(await outboxOf(id, 'reminder_missing_photos')).toHaveLength(0);

    t.clock.advance(2 * MINUTE);
    await remind(['missing_photos']);
    await remind(['missing_photos']);
    const rows = await outboxOf(id, 'reminder_missing_photos');
    expect(rows).toEqual([
      expect.objectContaining({
        channel: 'sms',
        recipient: expect.stringContaining('507770011'),
        locale: 'ar',
        dedupeKey: `reminder:missing_photos:${id}:repairing`,
      }),
    ]);
    expect(await outboxOf(withPhotos, 'reminder_missing_photos')).toHaveLength(0);
  });
});

describe('overdue escalations (admins, e-mail)', () => {
  it('reminds each admin once per open escalation, never for a resolved one', async () => {
    const { id: ticketId } = await createTestTicket(t.ctx);
    const [open, resolved] = await t.ctx.db
      .insert(escalations)
      .values([
        { organizationId, ticketId, level: 'L2', type: 'sla_breach', reason: 'SLA-006: open too long' },
        { organizationId, ticketId, level: 'L1', type: 'sla_breach', reason: 'done', isResolved: true },
      ])
      .returning({ id: escalations.id });

    await remind(['overdue']);
    await remind(['overdue']);
    expect(await outboxByKey(`reminder:overdue:${open?.id}`)).toEqual([
      expect.objectContaining({
        channel: 'email',
        recipient: admin.email,
        locale: 'ar',
        dedupeKey: `reminder:overdue:${open?.id}:${admin.principal.userId}`,
      }),
    ]);
    expect(await outboxByKey(`reminder:overdue:${resolved?.id}`)).toHaveLength(0);
  });
});

describe('feedback request (customer, 24 h after completion)', () => {
  it('asks once 24 h after completion, never when the customer already rated', async () => {
    const { id } = await createTestTicket(t.ctx);
    await driveTicket(t.ctx, id, 'completed', cast);
    const { id: rated } = await createTestTicket(t.ctx);
    await driveTicket(t.ctx, rated, 'completed', cast);
    await t.ctx.db.update(tickets).set({ customerRating: 5 }).where(eq(tickets.id, rated));

    t.clock.advance(24 * HOUR - MINUTE);
    await remind(['feedback']);
    expect(await outboxOf(id, 'reminder_feedback')).toHaveLength(0);

    t.clock.advance(2 * MINUTE);
    await remind(['feedback']);
    await remind(['feedback']);
    const ticket = await ticketRow(id);
    const rows = await outboxOf(id, 'reminder_feedback');
    expect(rows).toEqual([
      expect.objectContaining({
        channel: 'sms',
        recipient: ticket.customerPhone,
        locale: 'ar',
        dedupeKey: `reminder:feedback:${id}`,
      }),
    ]);
    expect(rows[0]?.text).toContain(CUSTOMER_STATUS_TEXT.completed.ar);
    expect(await outboxOf(rated, 'reminder_feedback')).toHaveLength(0);
  });
});

describe('several processes sending reminders on one database at the same moment', () => {
  it('writes each reminder exactly once', async () => {
    const start = new Date(t.clock.now().getTime() + 10 * HOUR);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await scheduledTicket(start)).id);
    const { connectionString } = (t.ctx.pool as unknown as { options: { connectionString: string } }).options;
    const other = await createContext({
      config: t.ctx.config,
      databaseUrl: connectionString,
      clock: t.clock,
      secret: t.ctx.secret,
    });
    const allDayReminders = async () => (await outboxByKey('reminder:visit_24h:')).length;
    const before = await allDayReminders();
    try {
      const results = await Promise.all([
        remind(['visit_24h'], t.ctx, 5),
        remind(['visit_24h'], other, 5),
        remind(['visit_24h'], t.ctx),
        remind(['visit_24h'], other, 3),
      ]);
      const reported = results.reduce((sum, counts) => sum + counts.visit_24h, 0);
      const rows = await t.ctx.db
        .select()
        .from(notificationOutbox)
        .where(
          and(
            inArray(notificationOutbox.ticketId, ids),
            eq(notificationOutbox.template, 'reminder_visit_24h'),
          ),
        );
      expect(rows).toHaveLength(12);
      expect(new Set(rows.map((row) => row.ticketId)).size).toBe(12);
      // Visits of earlier tests may come due too; what the runs report is what the outbox gained.
      expect(reported).toBeGreaterThanOrEqual(12);
      expect(await allDayReminders()).toBe(before + reported);
    } finally {
      await other.outbox.stop();
      await other.pool.end();
    }
  });
});

describe('configuration', () => {
  it('defaults to the reminder schedules and reads FIELDLINE_REMINDER_CRON_*', () => {
    expect(loadConfig({}).reminderCrons).toEqual(DEFAULT_REMINDER_CRONS);
    expect(DEFAULT_REMINDER_CRONS).toEqual({
      visit_24h: '*/15 * * * *',
      visit_2h: '*/15 * * * *',
      technician_day: '0 7 * * *',
      missing_photos: '0 * * * *',
      overdue: '0 * * * *',
      feedback: '0 * * * *',
    });
    const custom = loadConfig({ FIELDLINE_REMINDER_CRON_TECHNICIAN_DAY: '30 6 * * *' });
    expect(custom.reminderCrons.technician_day).toBe('30 6 * * *');
    expect(() => loadConfig({ FIELDLINE_REMINDER_CRON_FEEDBACK: 'hourly' })).toThrow(
      /FIELDLINE_REMINDER_CRON_FEEDBACK/,
    );
  });
});
