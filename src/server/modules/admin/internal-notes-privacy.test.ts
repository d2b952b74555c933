// Internal notes are for staff only: the customer's own view and the public tracking page never show them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminWorld, buildAdminWorld, technicianIdOf, ticketIn, ticketRow } from './admin-test-kit';

let w: AdminWorld;
let ticketId: string;
let customerToken: string;
const SECRET = 'Internal only: customer disputed the last invoice';
const REASSIGN_REASON = 'Internal only: first technician complained';

async function loginCustomer(phone: string): Promise<string> {
  const requested = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/customer/request-otp',
    payload: { phone },
  });
  expect(requested.statusCode, requested.body).toBe(200);
  const sms = (await w.t.outboxMessages())
    .filter((message) => message.template === 'otp_login' && message.recipient === phone)
    .at(-1);
  const verified = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/customer/verify-otp',
    payload: { phone, otp: String(sms?.payload.code) },
  });
  expect(verified.statusCode, verified.body).toBe(200);
  return verified.json().accessToken;
}

beforeAll(async () => {
  w = await buildAdminWorld();
  ticketId = await ticketIn(w, 'assigned', { customerPhone: '0551239999' });
  const note = await w.t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/tickets/${ticketId}/notes`,
    headers: w.as.admin,
    payload: { content: SECRET },
  });
  expect(note.statusCode).toBe(200);
  const reassign = await w.t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/tickets/${ticketId}/assign`,
    headers: w.as.admin,
    payload: { technicianId: technicianIdOf(w.technician2), reason: REASSIGN_REASON },
  });
  expect(reassign.statusCode).toBe(200);
  customerToken = await loginCustomer('0551239999');
});
afterAll(() => w.t.close());

describe('internal notes stay internal', () => {
  it('the admin view shows them', async () => {
    const response = await w.t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/tickets/${ticketId}`,
      headers: w.as.admin,
    });
    expect(response.body).toContain(SECRET);
  });

  it('the customer’s ticket details do not', async () => {
    const response = await w.t.app.inject({
      method: 'GET',
      url: `/api/v1/customer/tickets/${ticketId}`,
      headers: { authorization: `Bearer ${customerToken}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain('Reassigned from');
  });

  it('the public tracking page does not', async () => {
    const { trackingToken } = await ticketRow(w.t.ctx, ticketId);
    const response = await w.t.app.inject({
      method: 'GET',
      url: `/api/v1/customer/tickets/track/${trackingToken}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain('Internal only');
    expect(response.body).not.toContain('Reassigned from');
  });
});
