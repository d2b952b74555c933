import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { ratings, tickets } from '../../db/schema';
import { createTestTicket, driveTicket } from '../../test/factories';
import { type Crew, setupCrew } from './technician.fixtures';

let crew: Crew;
const NOW = new Date('2026-11-22T06:00:00Z'); // Sunday 09:00 in Riyadh

const at = (iso: string) => new Date(iso);

/** A finished (or open) task whose stage times are set to known values. */
async function taskWith(
  status: TicketStatus,
  times: Partial<Record<'assignedAt' | 'arrivedAt' | 'completedAt' | 'notFixedAt', Date>>,
  opts: { rating?: { score: number; at: Date }; technician?: 'technician' | 'other' } = {},
) {
  const { id } = await createTestTicket(crew.t.ctx);
  const technician = crew[opts.technician ?? 'technician'].principal;
  await driveTicket(crew.t.ctx, id, status, { ...crew.cast, technician });
  const [row] = await crew.t.ctx.db
    .update(tickets)
    .set({ assignedAt: null, arrivedAt: null, completedAt: null, notFixedAt: null, ...times })
    .where(eq(tickets.id, id))
    .returning();
  if (opts.rating && row) {
    await crew.t.ctx.db.insert(ratings).values({
      organizationId: row.organizationId,
      ticketId: id,
      customerId: row.customerId,
      technicianId: technician.technicianId ?? '',
      score: opts.rating.score,
      createdAt: opts.rating.at,
    });
  }
  return id;
}

beforeAll(async () => {
  crew = await setupCrew({ start: NOW });
  // Today: response 60 min, repair 60 min, rated 5.
  await taskWith(
    'completed',
    {
      assignedAt: at('2026-11-22T03:00:00Z'),
      arrivedAt: at('2026-11-22T04:00:00Z'),
      completedAt: at('2026-11-22T05:00:00Z'),
    },
    { rating: { score: 5, at: at('2026-11-22T05:00:00Z') } },
  );
  // Friday the 20th: response 30, repair 90, rated 3.
  await taskWith(
    'completed',
    {
      assignedAt: at('2026-11-20T06:00:00Z'),
      arrivedAt: at('2026-11-20T06:30:00Z'),
      completedAt: at('2026-11-20T08:00:00Z'),
    },
    { rating: { score: 3, at: at('2026-11-20T08:00:00Z') } },
  );
  // Saturday the 21st: not fixed, response 120.
  await taskWith('not_fixed', {
    assignedAt: at('2026-11-21T07:00:00Z'),
    arrivedAt: at('2026-11-21T09:00:00Z'),
    notFixedAt: at('2026-11-21T10:00:00Z'),
  });
  // The 1st: in the month only; response 60, repair 120, rated 4.
  await taskWith(
    'completed',
    {
      assignedAt: at('2026-11-01T06:00:00Z'),
      arrivedAt: at('2026-11-01T07:00:00Z'),
      completedAt: at('2026-11-01T09:00:00Z'),
    },
    { rating: { score: 4, at: at('2026-11-01T09:00:00Z') } },
  );
  // Assigned this morning, not visited yet.
  await taskWith('scheduled', { assignedAt: at('2026-11-22T05:30:00Z') });
  // Long ago: outside every period.
  await taskWith('completed', {
    assignedAt: at('2026-09-01T06:00:00Z'),
    arrivedAt: at('2026-09-01T07:00:00Z'),
    completedAt: at('2026-09-01T08:00:00Z'),
  });
  // Another technician's work never counts.
  await taskWith(
    'completed',
    {
      assignedAt: at('2026-11-22T03:00:00Z'),
      arrivedAt: at('2026-11-22T03:10:00Z'),
      completedAt: at('2026-11-22T03:20:00Z'),
    },
    { technician: 'other', rating: { score: 1, at: at('2026-11-22T03:20:00Z') } },
  );
});
afterAll(() => crew.t.close());

const performance = (query: string, who: keyof Crew['headers'] = 'technician') =>
  crew.t.app.inject({
    method: 'GET',
    url: `/api/v1/technician/performance${query}`,
    headers: crew.headers[who],
  });

describe('GET /api/v1/technician/performance', () => {
  it('refuses a caller without a token with 401', async () => {
    expect((await performance('?period=day', 'none')).statusCode).toBe(401);
  });

  it('refuses an unknown period with 400', async () => {
    const response = await performance('?period=year');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('refuses customer and admin tokens with 403', async () => {
    expect((await performance('?period=day', 'customer')).statusCode).toBe(403);
    expect((await performance('?period=day', 'admin')).statusCode).toBe(403);
  });

  it("reports today's work", async () => {
    const response = await performance('?period=day');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      period: 'day',
      totalTickets: 2,
      completed: 1,
      notFixed: 0,
      avgRating: 5,
      avgResponseTime: 60,
      avgRepairTime: 60,
      dailyChart: [{ date: '2026-11-22', completed: 1, notFixed: 0 }],
      ratingDistribution: [
        { score: 1, count: 0 },
        { score: 2, count: 0 },
        { score: 3, count: 0 },
        { score: 4, count: 0 },
        { score: 5, count: 1 },
      ],
    });
  });

  it('reports the last seven local days, one chart point per day', async () => {
    const body = (await performance('?period=week')).json();
    expect(body).toMatchObject({
      totalTickets: 4,
      completed: 2,
      notFixed: 1,
      avgRating: 4,
      avgResponseTime: 70,
      avgRepairTime: 75,
    });
    expect(body.dailyChart).toEqual([
      { date: '2026-11-16', completed: 0, notFixed: 0 },
      { date: '2026-11-17', completed: 0, notFixed: 0 },
      { date: '2026-11-18', completed: 0, notFixed: 0 },
      { date: '2026-11-19', completed: 0, notFixed: 0 },
      { date: '2026-11-20', completed: 1, notFixed: 0 },
      { date: '2026-11-21', completed: 0, notFixed: 1 },
      { date: '2026-11-22', completed: 1, notFixed: 0 },
    ]);
    expect(body.ratingDistribution.map((row: { count: number }) => row.count)).toEqual([0, 0, 1, 0, 1]);
  });

  it('reports the last thirty days, and defaults to the week', async () => {
    const body = (await performance('?period=month')).json();
    expect(body).toMatchObject({
      totalTickets: 5,
      completed: 3,
      notFixed: 1,
      avgRating: 4,
      avgResponseTime: 67.5,
      avgRepairTime: 90,
    });
    expect(body.dailyChart).toHaveLength(30);
    expect(body.dailyChart[0].date).toBe('2026-10-24');
    expect(body.dailyChart.find((day: { date: string }) => day.date === '2026-11-01')).toEqual({
      date: '2026-11-01',
      completed: 1,
      notFixed: 0,
    });
    expect((await performance('')).json().period).toBe('week');
  });

  it("counts only the caller's own work", async () => {
    const body = (await performance('?period=week', 'other')).json();
    expect(body).toMatchObject({ totalTickets: 1, completed: 1, avgRating: 1, avgRepairTime: 10 });
  });
});
