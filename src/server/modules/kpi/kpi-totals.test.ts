// kpi_daily_totals, the pre-computed sums the KPI report reads (migration 0017): after every workflow
// event, a cancellation, escalations, across the organisation's midnight, a change of time zone and
// concurrent writers, the totals must equal what the tickets themselves add up to (`drift()` recomputes
// them from scratch) and the report must show the figures worked out by hand below.
//
// Organisation time zone: Asia/Riyadh (UTC+3). Each test uses days of its own.
// Ticket P (2026-11-10, technician A, riyadh): created 06:00, assigned 06:30, scheduled noon (start 09:00),
//   on route 08:40, arrived 09:05, parts requested 09:30, received 11-11 09:30, completed 11-11 10:05 ★4.
//   assignment 30 min; response 06:30 → 09:05 = 155; repair 09:05 → 11-11 10:05 = 1500; cycle 06:00 →
//   11-11 10:05 = 1685; parts wait 1440; first-time fix 0 % (parts were needed); on time 09:05 ≤ 09:15.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionInput, VisitAction } from '../../../domain/lifecycle/types';
import { createTestTicket, META, photos } from '../../test/factories';
import { type AdminWorld, buildAdminWorld, insertEscalation } from '../admin/admin-test-kit';
import { type NewAttachment, performTicketAction, type TicketChanges } from '../tickets/workflow.service';

let w: AdminWorld;

const METRICS = [
  'tickets',
  'completed',
  'cancelled',
  'not_fixed',
  'escalated',
  'first_time_fixed',
  'on_time_arrivals',
  'scheduled_arrivals',
  'assign_seconds',
  'assign_count',
  'arrival_seconds',
  'arrival_count',
  'repair_seconds',
  'repair_count',
  'cycle_seconds',
  'cycle_count',
  'parts_wait_seconds',
  'parts_wait_count',
  'rating_sum',
  'rating_count',
];

/**
 * Totals (summed over the stripes) that differ from the tickets' own figures, both ways: [] when the
 * totals are right. Totals a ticket has left add up to zeros and count as absent.
 */
async function drift(): Promise<unknown[]> {
  const sums = (prefix: string) => METRICS.map((name) => `sum(${prefix}${name}) AS ${name}`).join(', ');
  const result = await w.t.ctx.pool.query(`
    WITH kept AS (
      SELECT * FROM (
        SELECT organization_id, day, dimension, key, ${sums('')} FROM kpi_daily_totals GROUP BY 1, 2, 3, 4
      ) k
      WHERE (${METRICS.join(', ')}) <> (${METRICS.map(() => '0').join(', ')})
    ), fresh AS (
      SELECT t.organization_id, f.day, f.dimension, f.key, ${sums('f.')}
      FROM tickets t
      JOIN organizations o ON o.id = t.organization_id
      CROSS JOIN LATERAL kpi_ticket_facts(1, o.time_zone, t.created_at, t.status, t.customer_city, t.technician_id,
        t.assigned_at, t.arrived_at, t.completed_at, t.scheduled_start_at, t.parts_requested_at,
        t.parts_received_at, t.customer_rating, EXISTS (SELECT 1 FROM escalations e WHERE e.ticket_id = t.id)) f
      GROUP BY 1, 2, 3, 4
    )
    SELECT 'only in the totals' AS side, * FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) a
    UNION ALL
    SELECT 'only in the tickets', * FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) b`);
  return result.rows;
}

const report = async (dateFrom: string, dateTo = dateFrom) => {
  const response = await w.t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/kpis?dateFrom=${dateFrom}&dateTo=${dateTo}`,
    headers: w.as.admin,
  });
  expect(response.statusCode).toBe(200);
  return response.json();
};

async function ticketAt(createdAt: string, overrides: Record<string, unknown> = {}): Promise<string> {
  w.t.clock.set(new Date(createdAt));
  const { id } = await createTestTicket(w.t.ctx, overrides);
  return id;
}

interface Step {
  at: string;
  action: VisitAction;
  by: 'admin' | 'technician' | 'technician2';
  input?: ActionInput;
  changes?: TicketChanges;
  files?: NewAttachment[];
}

async function act(ticketId: string, step: Step): Promise<void> {
  w.t.clock.set(new Date(step.at));
  await performTicketAction(w.t.ctx, {
    principal: w[step.by].principal,
    ticketId,
    action: step.action,
    input: step.input ?? {},
    files: step.files,
    changes: step.changes,
    meta: META,
  });
}

const assign = (at: string, who: 'technician' | 'technician2' = 'technician'): Step => ({
  at,
  action: 'assign',
  by: 'admin',
  input: { technicianId: w[who].principal.technicianId ?? undefined },
  changes: { technicianId: w[who].principal.technicianId },
});
const AT = { location: { latitude: 24.79, longitude: 46.66 } };

/** A connection of its own, outside the app's pool, for transactions held open across statements. */
async function connect(): Promise<pg.Client & { pid: number }> {
  const client = new pg.Client({ connectionString: w.t.ctx.pool.options.connectionString });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return Object.assign(client, { pid: rows[0]?.pid ?? 0 });
}

/** Whether `pending` is still waiting after a moment (blocked on a lock). */
async function stillWaiting(pending: Promise<unknown>): Promise<boolean> {
  const wait = new Promise((resolve) => setTimeout(() => resolve('waiting'), 300));
  return (await Promise.race([pending.then(() => 'done'), wait])) === 'waiting';
}

const cancelSql = `UPDATE tickets SET status = 'cancelled', completion_type = 'cancelled',
  cancellation_reason = 'Customer asked', cancelled_at = created_at + interval '1 hour' WHERE id = $1`;

beforeAll(async () => {
  w = await buildAdminWorld();
});
afterAll(() => w.t.close());

describe('kpi_daily_totals', () => {
  it('stays equal to the tickets after every workflow event of a visit with parts', async () => {
    const ticket = await ticketAt('2026-11-10T06:00:00Z');
    expect(await drift()).toEqual([]);
    expect((await report('2026-11-10')).byStatus).toEqual([{ status: 'new', count: 1 }]);

    const steps: Step[] = [
      assign('2026-11-10T06:30:00Z'),
      {
        at: '2026-11-10T06:40:00Z',
        action: 'schedule',
        by: 'admin',
        input: { scheduledDate: '2026-11-10', scheduledTimeSlot: 'noon' },
        changes: {
          scheduledDate: '2026-11-10',
          scheduledTimeSlot: 'noon',
          scheduledStartAt: new Date('2026-11-10T09:00:00Z'),
        },
      },
      { at: '2026-11-10T08:40:00Z', action: 'start_trip', by: 'technician', input: AT },
      { at: '2026-11-10T09:05:00Z', action: 'arrive', by: 'technician', input: AT },
      {
        at: '2026-11-10T09:10:00Z',
        action: 'start_inspection',
        by: 'technician',
        files: photos('before_inspection', 1),
      },
      {
        at: '2026-11-10T09:20:00Z',
        action: 'complete_diagnosis',
        by: 'technician',
        input: { diagnosisNotes: 'Relay' },
      },
      {
        at: '2026-11-10T09:30:00Z',
        action: 'request_parts',
        by: 'technician',
        input: { partName: 'Relay' },
        files: photos('serial_photo', 1),
      },
      { at: '2026-11-11T09:30:00Z', action: 'parts_received', by: 'admin' },
      {
        at: '2026-11-11T10:05:00Z',
        action: 'mark_completed',
        by: 'technician',
        input: { confirmation: { method: 'signature', verified: true } },
        files: photos('after_repair', 3),
        changes: { confirmationMethod: 'signature', completionType: 'fixed', customerRating: 4 },
      },
    ];
    for (const step of steps) {
      await act(ticket, step);
      expect({ after: step.action, drift: await drift() }).toEqual({ after: step.action, drift: [] });
      if (step.action === 'assign') {
        const body = await report('2026-11-10');
        expect(body.byStatus).toEqual([{ status: 'assigned', count: 1 }]);
        expect(body.summary.avgAssignmentTime).toBe(30);
      }
    }

    const body = await report('2026-11-10');
    expect(body.summary).toEqual({
      totalTickets: 1,
      completed: 1,
      cancelled: 0,
      notFixed: 0,
      escalated: 0,
      avgAssignmentTime: 30,
      avgArrivalTime: 155,
      avgRepairTime: 1500,
      avgCycleTime: 1685,
      firstTimeFixRate: 0,
      slaCompliance: 100,
      avgCustomerRating: 4,
      cancellationRate: 0,
      notFixedRate: 0,
      avgPartsWaitTime: 1440,
    });
    expect(body.byStatus).toEqual([{ status: 'completed', count: 1 }]);
    expect(body.byTechnician).toHaveLength(1);
    expect(body.byTechnician[0]).toMatchObject({
      technicianId: w.technician.principal.technicianId,
      completed: 1,
      onTimeArrivalRate: 100,
      scheduledArrivals: 1,
    });
    // The day the ticket was completed on is not the day it counts on.
    expect((await report('2026-11-11')).summary.totalTickets).toBe(0);
  });

  it('moves a cancelled ticket to the cancelled figures and out of its former technician and status', async () => {
    const ticket = await ticketAt('2026-11-12T06:00:00Z');
    await act(ticket, assign('2026-11-12T06:20:00Z', 'technician2'));
    await act(ticket, {
      at: '2026-11-12T07:00:00Z',
      action: 'cancel',
      by: 'admin',
      input: { reason: 'Customer asked' },
      changes: { cancellationReason: 'Customer asked', completionType: 'cancelled' },
    });
    expect(await drift()).toEqual([]);
    const body = await report('2026-11-12');
    expect(body.summary).toMatchObject({
      totalTickets: 1,
      cancelled: 1,
      cancellationRate: 100,
      completed: 0,
    });
    expect(body.byStatus).toEqual([{ status: 'cancelled', count: 1 }]);
    const technicians = body.byTechnician.map((row: { technicianId: string }) => row.technicianId);
    const { rows } = await w.t.ctx.pool.query<{ technician_id: string | null }>(
      'SELECT technician_id FROM tickets WHERE id = $1',
      [ticket],
    );
    expect(technicians).toEqual(rows[0]?.technician_id ? [rows[0].technician_id] : []);
  });

  it("counts a ticket on the organisation's local day and regroups every ticket when the zone changes", async () => {
    // 20:59:59Z is 23:59:59 in Riyadh; 21:00Z is the next local day.
    await ticketAt('2026-11-13T20:59:59Z');
    await ticketAt('2026-11-13T21:00:00Z');
    expect(await drift()).toEqual([]);
    expect((await report('2026-11-13')).summary.totalTickets).toBe(1);
    expect((await report('2026-11-14')).summary.totalTickets).toBe(1);

    const days = async () =>
      (
        await w.t.ctx.pool.query<{ day: string; tickets: number }>(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(tickets)::int AS tickets FROM kpi_daily_totals
           WHERE organization_id = $1 AND dimension = 'all' AND day IN ('2026-11-13', '2026-11-14')
           GROUP BY day HAVING sum(tickets) <> 0 ORDER BY day`,
          [w.organizationId],
        )
      ).rows;
    expect(await days()).toEqual([
      { day: '2026-11-13', tickets: 1 },
      { day: '2026-11-14', tickets: 1 },
    ]);

    // (The report reads the zone through the app's organisation cache, so the rows are checked here.)
    await w.t.ctx.pool.query(`UPDATE organizations SET time_zone = 'UTC' WHERE id = $1`, [w.organizationId]);
    try {
      expect(await drift()).toEqual([]);
      expect(await days()).toEqual([{ day: '2026-11-13', tickets: 2 }]);
    } finally {
      await w.t.ctx.pool.query(`UPDATE organizations SET time_zone = 'Asia/Riyadh' WHERE id = $1`, [
        w.organizationId,
      ]);
    }
    expect(await drift()).toEqual([]);
    expect((await report('2026-11-14')).summary.totalTickets).toBe(1);
  });

  it('counts a ticket as escalated once, however many escalations it has', async () => {
    const escalated = await ticketAt('2026-11-15T06:00:00Z');
    await ticketAt('2026-11-15T07:00:00Z');
    for (const level of ['L1', 'L2'] as const) {
      await insertEscalation(w.t.ctx, { organizationId: w.organizationId, ticketId: escalated, level });
    }
    expect(await drift()).toEqual([]);
    expect((await report('2026-11-15')).summary).toMatchObject({
      totalTickets: 2,
      escalated: 1,
      slaCompliance: 50,
    });
  });

  it('loses no update when two transactions add to the same totals at once', async () => {
    const clients = await Promise.all(Array.from({ length: 9 }, () => connect()));
    try {
      // Nine connections over eight stripes: two of them share one, and the second writer must wait.
      const [first, second] = sameStripe(clients);
      const [a, b] = [await ticketAt('2026-11-16T06:00:00Z'), await ticketAt('2026-11-16T07:00:00Z')];
      await first.query('BEGIN');
      await second.query('BEGIN');
      await first.query(cancelSql, [a]);
      const pending = second.query(cancelSql, [b]);
      expect(await stillWaiting(pending)).toBe(true);
      await first.query('COMMIT');
      await pending;
      await second.query('COMMIT');

      expect(await drift()).toEqual([]);
      const body = await report('2026-11-16');
      expect(body.summary).toMatchObject({ totalTickets: 2, cancelled: 2 });
      expect(body.byStatus).toEqual([{ status: 'cancelled', count: 2 }]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it.each([
    ['the escalation first', true],
    ['the technician change first', false],
  ])(
    'keeps a ticket escalated in the right technician when %s and a technician change race',
    async (_name, escalationFirst) => {
      const day = escalationFirst ? '2026-11-17' : '2026-11-18';
      const ticket = await ticketAt(`${day}T06:00:00Z`);
      await act(ticket, assign(`${day}T06:10:00Z`, 'technician'));
      const [escalating, moving] = [await connect(), await connect()];
      const escalate = () =>
        escalating.query(
          `INSERT INTO escalations (organization_id, ticket_id, level, type, reason)
         VALUES ($1, $2, 'L1', 'arrival_delay', 'Late')`,
          [w.organizationId, ticket],
        );
      const move = () =>
        moving.query('UPDATE tickets SET technician_id = $2 WHERE id = $1', [
          ticket,
          w.technician2.principal.technicianId,
        ]);
      try {
        await escalating.query('BEGIN');
        await moving.query('BEGIN');
        const [holder, waiter] = escalationFirst ? [escalating, moving] : [moving, escalating];
        await (escalationFirst ? escalate() : move());
        const pending = escalationFirst ? move() : escalate();
        expect(await stillWaiting(pending)).toBe(true);
        await holder.query('COMMIT');
        await pending;
        await waiter.query('COMMIT');
      } finally {
        await Promise.all([escalating.end(), moving.end()]);
      }
      expect(await drift()).toEqual([]);
      const body = await report(day);
      expect(body.summary).toMatchObject({ totalTickets: 1, escalated: 1 });
      expect(body.byTechnician).toHaveLength(1);
      expect(body.byTechnician[0]).toMatchObject({
        technicianId: w.technician2.principal.technicianId,
        escalated: 1,
      });
    },
  );

  it('stays right under many workflow actions at once through the pool', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 12; index += 1) ids.push(await ticketAt(`2026-11-19T0${index % 10}:00:00Z`));
    w.t.clock.set(new Date('2026-11-19T12:00:00Z'));
    await Promise.all(
      ids.map((ticketId, index) =>
        act(
          ticketId,
          index % 3 === 0
            ? {
                at: '2026-11-19T12:00:00Z',
                action: 'cancel',
                by: 'admin',
                input: { reason: 'Customer asked' },
                changes: { cancellationReason: 'Customer asked', completionType: 'cancelled' },
              }
            : assign('2026-11-19T12:00:00Z', index % 2 === 0 ? 'technician' : 'technician2'),
        ),
      ),
    );
    expect(await drift()).toEqual([]);
    const body = await report('2026-11-19');
    expect(body.summary).toMatchObject({ totalTickets: 12, cancelled: 4 });
    expect(body.byStatus).toEqual([
      { status: 'assigned', count: 8 },
      { status: 'cancelled', count: 4 },
    ]);
  });
});

function sameStripe<T extends { pid: number }>(clients: T[]): [T, T] {
  for (const [index, client] of clients.entries()) {
    const partner = clients.slice(index + 1).find((other) => other.pid % 8 === client.pid % 8);
    if (partner) return [client, partner];
  }
  throw new Error('No two connections share a stripe.');
}
