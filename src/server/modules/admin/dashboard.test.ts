import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '../../../domain/lifecycle/types';
import {
  type AdminWorld,
  buildAdminWorld,
  foreignTicket,
  insertEscalation,
  NON_STAFF,
  ticketIn,
} from './admin-test-kit';

let w: AdminWorld;
const open: string[] = [];

beforeAll(async () => {
  w = await buildAdminWorld();
  const statuses = [
    'new',
    'new',
    'assigned',
    'scheduled',
    'on_route',
    'waiting_parts',
    'in_workshop',
    'completed',
    'cancelled',
  ] as const;
  const ids: string[] = [];
  for (const [index, status] of statuses.entries()) {
    w.t.clock.set(new Date(Date.parse('2026-11-20T06:00:00Z') + index * 60_000));
    ids.push(await ticketIn(w, status));
  }
  for (let i = 0; i < 4; i += 1) {
    w.t.clock.set(new Date(Date.parse('2026-11-21T06:00:00Z') + i * 60_000));
    ids.push(await ticketIn(w, 'new'));
  }
  w.t.clock.set(new Date('2026-11-22T06:00:00Z'));
  for (let i = 0; i < 12; i += 1) {
    open.push(
      await insertEscalation(w.t.ctx, {
        organizationId: w.organizationId,
        ticketId: ids[i % ids.length] ?? '',
        createdAt: new Date(Date.parse('2026-11-22T00:00:00Z') + i * 60_000),
      }),
    );
  }
  await insertEscalation(w.t.ctx, {
    organizationId: w.organizationId,
    ticketId: ids[0] ?? '',
    isResolved: true,
  });
  const other = await foreignTicket(w.t.ctx);
  await insertEscalation(w.t.ctx, { organizationId: other.organizationId, ticketId: other.ticketId });
});
afterAll(() => w.t.close());

describe('GET /api/v1/admin/dashboard', () => {
  const url = '/api/v1/admin/dashboard';

  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await w.t.app.inject({ method: 'GET', url, headers: w.as[role] })).statusCode).toBe(403);
  });

  it('counts the organisation’s tickets by stage and its open escalations', async () => {
    const response = await w.t.app.inject({ method: 'GET', url, headers: w.as.manager });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.stats).toEqual({ new: 6, assigned: 2, inProgress: 3, completed: 1, escalations: 12 });
    expect(body.chartData.map((item: { status: string }) => item.status)).toEqual([...TICKET_STATUSES]);
    const chart = Object.fromEntries(
      body.chartData.map((item: { status: string; count: number }) => [item.status, item.count]),
    );
    expect(chart).toMatchObject({
      new: 6,
      assigned: 1,
      scheduled: 1,
      on_route: 1,
      waiting_parts: 1,
      in_workshop: 1,
      completed: 1,
      cancelled: 1,
      repairing: 0,
    });
  });

  it('shows the ten newest tickets and the ten newest open escalations', async () => {
    const body = (await w.t.app.inject({ method: 'GET', url, headers: w.as.dispatcher })).json();
    expect(body.recentTickets).toHaveLength(10);
    const created = body.recentTickets.map((ticket: { createdAt: string }) => ticket.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(body.recentTickets[0].createdAt).toBe('2026-11-21T06:03:00.000Z');
    expect(body.activeEscalations).toHaveLength(10);
    expect(body.activeEscalations.map((item: { id: string }) => item.id)).toEqual(open.slice(2).reverse());
    expect(body.activeEscalations.every((item: { isResolved: boolean }) => !item.isResolved)).toBe(true);
  });
});
