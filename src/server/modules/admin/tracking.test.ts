import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicians, users } from '../../db/schema';
import { createStaff } from '../../test/factories';
import {
  type AdminWorld,
  buildAdminWorld,
  foreignTicket,
  NON_STAFF,
  technicianIdOf,
  ticketIn,
} from './admin-test-kit';

let w: AdminWorld;
let ticketId: string;

beforeAll(async () => {
  w = await buildAdminWorld();
  ticketId = await ticketIn(w, 'on_route');
  await w.t.ctx.db
    .update(technicians)
    .set({
      currentLat: 24.71,
      currentLng: 46.67,
      lastLocationAt: new Date('2026-11-22T05:58:00Z'),
      currentTicketId: ticketId,
    })
    .where(eq(technicians.id, technicianIdOf(w.technician)));
  const disabled = await createStaff(w.t.ctx, { organizationId: w.organizationId, role: 'technician' });
  await w.t.ctx.db
    .update(technicians)
    .set({ currentLat: 1, currentLng: 1 })
    .where(eq(technicians.id, technicianIdOf(disabled)));
  await w.t.ctx.db.update(users).set({ isActive: false }).where(eq(users.id, disabled.principal.userId));
  const other = await foreignTicket(w.t.ctx);
  const stranger = await createStaff(w.t.ctx, { organizationId: other.organizationId, role: 'technician' });
  await w.t.ctx.db
    .update(technicians)
    .set({ currentLat: 2, currentLng: 2 })
    .where(eq(technicians.id, technicianIdOf(stranger)));
});
afterAll(() => w.t.close());

describe('GET /api/v1/admin/tracking/technicians', () => {
  const url = '/api/v1/admin/tracking/technicians';

  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    expect((await w.t.app.inject({ method: 'GET', url, headers: w.as[role] })).statusCode).toBe(403);
  });

  it('shows only the organisation’s active technicians with a known position', async () => {
    const response = await w.t.app.inject({ method: 'GET', url, headers: w.as.dispatcher });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      technicians: [
        {
          id: technicianIdOf(w.technician),
          name: 'خالد الفني',
          lat: 24.71,
          lng: 46.67,
          currentTicketId: ticketId,
          lastUpdate: '2026-11-22T05:58:00.000Z',
          isAvailable: true,
        },
      ],
    });
  });
});
