// Seed 000 §7.2 "autoReassign?" for L3 rules with auto_reassign: the sweep's escalation moves an assigned
// or scheduled ticket to the least busy available technician of its city, or, when there is none, hands the
// escalation to a supervisor; statuses that allow no reassignment are left alone.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escalations,
  notificationOutbox,
  slaConfigs,
  technicians,
  ticketNotes,
  ticketStatusHistory,
  tickets,
} from '../db/schema';
import { type AdminWorld, buildAdminWorld, technicianIdOf, ticketIn } from '../modules/admin/admin-test-kit';
import { createStaff, type TestUser } from '../test/factories';
import { sweepSla } from './sla-sweep';

const DAY = 86_400_000;
let w: AdminWorld;
let idle: TestUser;
let busy: TestUser;
let away: TestUser;

beforeAll(async () => {
  w = await buildAdminWorld();
  const organizationId = w.organizationId;
  idle = await createStaff(w.t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Idle Riyadh Tech',
    phone: '0504440001',
    serviceAreas: ['riyadh'],
  });
  busy = await createStaff(w.t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Busy Riyadh Tech',
    phone: '0504440002',
    serviceAreas: ['riyadh', 'buraidah'],
  });
  away = await createStaff(w.t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Away Riyadh Tech',
    serviceAreas: ['riyadh'],
  });
  await w.t.ctx.db
    .update(technicians)
    .set({ isAvailable: false })
    .where(eq(technicians.id, technicianIdOf(away)));
});

afterAll(async () => {
  await w?.t.close();
});

const sla006 = () => and(eq(slaConfigs.organizationId, w.organizationId), eq(slaConfigs.ruleId, 'SLA-006'));

const sweep006 = () =>
  sweepSla(w.t.ctx, { organizationId: w.organizationId, ruleIds: ['SLA-006'], now: w.t.clock.now() });

async function ticketRow(id: string) {
  const [row] = await w.t.ctx.db.select().from(tickets).where(eq(tickets.id, id));
  if (!row) throw new Error('no ticket');
  return row;
}

const escalationOf = async (ticketId: string) => {
  const rows = await w.t.ctx.db.select().from(escalations).where(eq(escalations.ticketId, ticketId));
  expect(rows).toHaveLength(1);
  return rows[0];
};

const notesOf = (ticketId: string) =>
  w.t.ctx.db.select().from(ticketNotes).where(eq(ticketNotes.ticketId, ticketId));

/** A ticket assigned to `technician` directly: load for the open-ticket count. */
async function loadOn(technician: TestUser) {
  const id = await ticketIn(w, 'new');
  await w.t.ctx.db
    .update(tickets)
    .set({ status: 'assigned', technicianId: technicianIdOf(technician) })
    .where(eq(tickets.id, id));
}

describe('L3 automatic reassignment (SLA-006, open more than 7 days)', () => {
  it('does nothing to the technician while auto_reassign is off (the default)', async () => {
    w.t.clock.set(new Date('2026-10-01T06:00:00Z'));
    const id = await ticketIn(w, 'assigned');
    w.t.clock.set(new Date(w.t.clock.now().getTime() + 7 * DAY + 60_000));
    await sweep006();
    expect(await escalationOf(id)).toMatchObject({ level: 'L3', ruleId: 'SLA-006', ownerRole: 'admin' });
    expect((await ticketRow(id)).technicianId).toBe(technicianIdOf(w.technician));
  });

  describe('with auto_reassign on', () => {
    let assigned: string;
    let scheduled: string;
    let stranded: string;
    let onRoute: string;

    beforeAll(async () => {
      await w.t.ctx.db.update(slaConfigs).set({ autoReassign: true }).where(sla006());
      w.t.clock.set(new Date('2026-11-01T06:00:00Z'));
      assigned = await ticketIn(w, 'assigned');
      scheduled = await ticketIn(w, 'scheduled');
      stranded = await ticketIn(w, 'assigned', { customerCity: 'dammam' });
      onRoute = await ticketIn(w, 'on_route');
      w.t.clock.set(new Date(w.t.clock.now().getTime() + 7 * DAY + 60_000));
      // Fresh tickets (not overdue): the busy technician has two open, the idle one none.
      await loadOn(busy);
      await loadOn(busy);
      await sweep006();
    });

    afterAll(async () => {
      await w.t.ctx.db.update(slaConfigs).set({ autoReassign: false }).where(sla006());
    });

    it('moves an assigned ticket to the available technician of its city with the fewest open tickets', async () => {
      const escalation = await escalationOf(assigned);
      expect(escalation).toMatchObject({ level: 'L3', ownerRole: 'admin' });
      const row = await ticketRow(assigned);
      expect(row.status).toBe('assigned');
      expect(row.technicianId).toBe(technicianIdOf(idle));
      expect(row.assignedById).toBeNull();
      const history = await w.t.ctx.db
        .select()
        .from(ticketStatusHistory)
        .where(and(eq(ticketStatusHistory.ticketId, assigned), eq(ticketStatusHistory.action, 'reassign')));
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ actorRole: 'system', fromStatus: 'assigned', toStatus: 'assigned' });
      expect(history[0]?.notes).toContain('L3 escalation (SLA-006');
      const notes = (await notesOf(assigned)).map((note) => note.content);
      expect(notes).toContainEqual(
        expect.stringMatching(
          /^Reassigned from خالد الفني to Idle Riyadh Tech: Automatic reassignment after L3/,
        ),
      );
      // What happened, kept apart from the English sentence so each reader gets their language.
      const events = (await notesOf(assigned)).map((note) => note.event);
      expect(events).toContainEqual({
        type: 'reassigned',
        from: 'خالد الفني',
        to: 'Idle Riyadh Tech',
        reason: expect.stringContaining('L3 escalation (SLA-006'),
      });
      const sms = await w.t.ctx.db
        .select()
        .from(notificationOutbox)
        .where(
          and(
            eq(notificationOutbox.ticketId, assigned),
            eq(notificationOutbox.template, 'technician_assigned'),
          ),
        );
      expect(sms.map((message) => message.recipient)).toContain('0504440001');
    });

    it('moves a scheduled ticket too, by open-ticket count, never to an unavailable technician', async () => {
      const row = await ticketRow(scheduled);
      expect(row.status).toBe('scheduled');
      // After the first move the idle technician has 1 open ticket, the busy one 2: idle again.
      expect(row.technicianId).toBe(technicianIdOf(idle));
      expect(row.technicianId).not.toBe(technicianIdOf(away));
    });

    it('with no available technician in the city, a supervisor owns the escalation and the note says so', async () => {
      const escalation = await escalationOf(stranded);
      expect(escalation).toMatchObject({
        level: 'L3',
        ownerRole: 'supervisor',
        ownerId: w.supervisor.principal.userId,
        ownerName: 'Saad Supervisor',
      });
      expect((await ticketRow(stranded)).technicianId).toBe(technicianIdOf(w.technician));
      const notes = (await notesOf(stranded)).map((note) => note.content);
      expect(notes).toContainEqual(
        expect.stringContaining(
          'No available technician in dammam for automatic reassignment; the L3 escalation now belongs to supervisor Saad Supervisor.',
        ),
      );
      expect((await notesOf(stranded)).map((note) => note.event)).toContainEqual({
        type: 'no_technician_for_reassign',
        city: 'dammam',
        level: 'L3',
        supervisor: 'Saad Supervisor',
      });
      const told = await w.t.ctx.db
        .select()
        .from(notificationOutbox)
        .where(
          and(
            eq(notificationOutbox.ticketId, stranded),
            eq(
              notificationOutbox.dedupeKey,
              `escalation_created:${escalation?.id}:${w.supervisor.principal.userId}`,
            ),
          ),
        );
      expect(told).toHaveLength(1);
    });

    it('leaves a ticket whose status allows no reassignment (on route) with its technician', async () => {
      const escalation = await escalationOf(onRoute);
      expect(escalation).toMatchObject({ level: 'L3', ownerRole: 'admin' });
      const row = await ticketRow(onRoute);
      expect(row.status).toBe('on_route');
      expect(row.technicianId).toBe(technicianIdOf(w.technician));
      const history = await w.t.ctx.db
        .select()
        .from(ticketStatusHistory)
        .where(and(eq(ticketStatusHistory.ticketId, onRoute), eq(ticketStatusHistory.action, 'reassign')));
      expect(history).toHaveLength(0);
    });
  });
});
