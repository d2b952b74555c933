// Seed 000 §3.2 driven through the HTTP API alone: every branch of the visit lifecycle, and every
// forbidden step refused without changing the ticket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStaff,
  createTestOrganization,
  loginStaff,
  PNG_BYTES,
  type TestUser,
} from '../../src/server/test/factories';
import { buildTestApp, type TestApp } from '../../src/server/test/helper';

let t: TestApp;
let adminToken: string;
let techToken: string;
let otherTechToken: string;
let workshopToken: string;
let technician: TestUser;

const json = (token: string) => ({ authorization: `Bearer ${token}` });
const GPS = { latitude: 24.7136, longitude: 46.6753 };

function photoForm(field: string, count: number, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (let index = 0; index < count; index++) {
    form.append(field, new Blob([PNG_BYTES], { type: 'image/png' }), `photo-${index}.png`);
  }
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  return form;
}

async function createTicket(
  phone = '0551234567',
): Promise<{ id: string; ticketNumber: string; trackingToken: string }> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/customer/tickets',
    payload: {
      customerName: 'عبدالله القحطاني',
      customerPhone: phone,
      customerCity: 'riyadh',
      customerAddress: 'حي الملقا، شارع أنس بن مالك، مبنى 12',
      latitude: 24.81,
      longitude: 46.61,
      deviceType: 'ac',
      brand: 'Gree',
      model: 'Pular',
      problemDescription: 'المكيف يصدر صوتاً ولا يبرد',
      preferredTimeSlot: 'morning',
      warrantyStatus: 'no',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().ticket;
}

async function post(url: string, token: string, payload?: unknown) {
  return t.app.inject({ method: 'POST', url, headers: json(token), payload: payload as never });
}

async function postForm(url: string, token: string, form: FormData) {
  return t.app.inject({ method: 'POST', url, headers: json(token), body: form as never });
}

async function adminTicket(id: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/admin/tickets/${id}`,
    headers: json(adminToken),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Asserts a refused request left the ticket exactly as it was. */
async function expectRefusedUnchanged(
  id: string,
  request: () => Promise<{ statusCode: number; body: string }>,
  status: number,
) {
  const before = await adminTicket(id);
  const response = await request();
  expect(response.statusCode, response.body).toBe(status);
  expect(JSON.parse(response.body).error.code).toBeTypeOf('string');
  const after = await adminTicket(id);
  expect(after.ticket).toEqual(before.ticket);
  expect(after.timeline).toHaveLength(before.timeline.length);
  expect(after.attachments).toHaveLength(before.attachments.length);
}

async function assignAndSchedule(id: string) {
  const assigned = await post(`/api/v1/admin/tickets/${id}/assign`, adminToken, {
    technicianId: technician.principal.technicianId,
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  const scheduled = await post(`/api/v1/admin/tickets/${id}/schedule`, adminToken, {
    scheduledDate: '2026-11-25',
    scheduledTimeSlot: 'morning',
  });
  expect(scheduled.statusCode, scheduled.body).toBe(200);
}

async function toDiagnosed(id: string) {
  await assignAndSchedule(id);
  expect((await post(`/api/v1/technician/tasks/${id}/start-trip`, techToken, GPS)).statusCode).toBe(200);
  expect((await post(`/api/v1/technician/tasks/${id}/arrive`, techToken, GPS)).statusCode).toBe(200);
  const inspection = await postForm(
    `/api/v1/technician/tasks/${id}/start-inspection`,
    techToken,
    photoForm('photos[]', 1),
  );
  expect(inspection.statusCode, inspection.body).toBe(200);
  const diagnosis = await post(`/api/v1/technician/tasks/${id}/complete-diagnosis`, techToken, {
    diagnosisNotes: 'Fan motor capacitor failed',
  });
  expect(diagnosis.statusCode, diagnosis.body).toBe(200);
}

async function completionOtp(ticketId: string): Promise<string> {
  const sent = await post(`/api/v1/technician/tasks/${ticketId}/send-completion-otp`, techToken);
  expect(sent.statusCode, sent.body).toBe(200);
  const messages = await t.outboxMessages();
  const otp = messages.filter((m) => m.template === 'otp_completion' && m.ticketId === ticketId).at(-1);
  expect(otp).toBeDefined();
  return String(otp?.payload.code);
}

beforeAll(async () => {
  t = await buildTestApp();
  const organizationId = await createTestOrganization(t.ctx);
  const admin = await createStaff(t.ctx, { organizationId, role: 'admin' });
  technician = await createStaff(t.ctx, { organizationId, role: 'technician', phone: '0500000001' });
  const otherTechnician = await createStaff(t.ctx, {
    organizationId,
    role: 'technician',
    phone: '0500000002',
  });
  const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop' });
  adminToken = await loginStaff(t, admin);
  techToken = await loginStaff(t, technician);
  otherTechToken = await loginStaff(t, otherTechnician);
  workshopToken = await loginStaff(t, workshop);
});
afterAll(() => t.close());

describe('the visit lifecycle over HTTP', () => {
  it('goes from public creation to completion with photos and the OTP, and tracking shows every step', async () => {
    const created = await createTicket();
    expect(created.ticketNumber).toMatch(/^TK-\d{6,}$/);
    const id = created.id;

    // Forbidden before assignment: the technician cannot act, and a start-trip is refused.
    await expectRefusedUnchanged(
      id,
      () => post(`/api/v1/technician/tasks/${id}/start-trip`, techToken, GPS),
      404,
    );
    await expectRefusedUnchanged(
      id,
      () =>
        post(`/api/v1/admin/tickets/${id}/schedule`, adminToken, {
          scheduledDate: '2026-11-25',
          scheduledTimeSlot: 'morning',
        }),
      409,
    );

    await assignAndSchedule(id);
    // Another technician cannot see or act on the task.
    await expectRefusedUnchanged(
      id,
      () => post(`/api/v1/technician/tasks/${id}/start-trip`, otherTechToken, GPS),
      404,
    );
    // GPS is required to start the trip.
    await expectRefusedUnchanged(
      id,
      () => post(`/api/v1/technician/tasks/${id}/start-trip`, techToken, {}),
      422,
    );
    expect((await post(`/api/v1/technician/tasks/${id}/start-trip`, techToken, GPS)).statusCode).toBe(200);
    expect((await post(`/api/v1/technician/tasks/${id}/arrive`, techToken, GPS)).statusCode).toBe(200);

    // Inspection needs at least one photo.
    await expectRefusedUnchanged(
      id,
      () =>
        postForm(
          `/api/v1/technician/tasks/${id}/start-inspection`,
          techToken,
          photoForm('photos', 0, { notes: 'x' }),
        ),
      422,
    );
    expect(
      (await postForm(`/api/v1/technician/tasks/${id}/start-inspection`, techToken, photoForm('photos[]', 1)))
        .statusCode,
    ).toBe(200);
    await expectRefusedUnchanged(
      id,
      () => post(`/api/v1/technician/tasks/${id}/complete-diagnosis`, techToken, { diagnosisNotes: '' }),
      422,
    );
    expect(
      (
        await post(`/api/v1/technician/tasks/${id}/complete-diagnosis`, techToken, {
          diagnosisNotes: 'Capacitor failed',
        })
      ).statusCode,
    ).toBe(200);
    expect((await post(`/api/v1/technician/tasks/${id}/start-repair`, techToken)).statusCode).toBe(200);

    // Completion: two photos are not enough; a wrong OTP is refused; three photos and the OTP complete it.
    const otp = await completionOtp(id);
    await expectRefusedUnchanged(
      id,
      () =>
        postForm(
          `/api/v1/technician/tasks/${id}/complete-repair`,
          techToken,
          photoForm('photos', 2, { confirmationType: 'otp', otp }),
        ),
      422,
    );
    const wrong = otp === '000000' ? '111111' : '000000';
    await expectRefusedUnchanged(
      id,
      () =>
        postForm(
          `/api/v1/technician/tasks/${id}/complete-repair`,
          techToken,
          photoForm('photos', 3, { confirmationType: 'otp', otp: wrong }),
        ),
      422,
    );
    const completed = await postForm(
      `/api/v1/technician/tasks/${id}/complete-repair`,
      techToken,
      photoForm('photos', 3, {
        confirmationType: 'otp',
        otp,
        customerRating: '5',
        customerFeedback: 'ممتاز',
      }),
    );
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().task.status).toBe('completed');

    const tracking = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customer/tickets/track/${created.trackingToken}`,
    });
    expect(tracking.statusCode).toBe(200);
    const body = tracking.json();
    expect(body.ticket.status).toBe('completed');
    expect(body.timeline.map((entry: { toStatus: string }) => entry.toStatus)).toEqual([
      'new',
      'assigned',
      'scheduled',
      'on_route',
      'arrived',
      'inspecting',
      'diagnosed',
      'repairing',
      'completed',
    ]);
    expect(tracking.body).not.toContain('0551234567');

    const detail = await adminTicket(id);
    expect(detail.attachments.filter((a: { type: string }) => a.type === 'after_repair')).toHaveLength(3);
    expect(detail.ticket.timestamps.completedAt).not.toBeNull();
    expect(detail.ticket.customerRating).toBe(5);
  });

  it('waits for parts and returns to the repair when the parts are received', async () => {
    const { id } = await createTicket('0552222222');
    await toDiagnosed(id);
    await expectRefusedUnchanged(
      id,
      () =>
        postForm(
          `/api/v1/technician/tasks/${id}/request-parts`,
          techToken,
          photoForm('additionalPhotos', 1, { partName: 'Capacitor 45uF' }),
        ),
      422,
    );
    const requested = await postForm(
      `/api/v1/technician/tasks/${id}/request-parts`,
      techToken,
      photoForm('serialPhotos[]', 1, { partName: 'Capacitor 45uF', quantity: '2' }),
    );
    expect(requested.statusCode, requested.body).toBe(200);
    expect(requested.json().task.status).toBe('waiting_parts');
    const requestId = requested.json().partsRequest.id;
    expect((await post(`/api/v1/admin/parts-requests/${requestId}/approve`, adminToken)).statusCode).toBe(
      200,
    );
    const received = await post(`/api/v1/admin/parts-requests/${requestId}/received`, adminToken);
    expect(received.statusCode, received.body).toBe(200);
    expect((await adminTicket(id)).ticket.status).toBe('repairing');
  });

  it('takes the device to the workshop and delivers it back with a signature', async () => {
    const { id } = await createTicket('0553333333');
    await toDiagnosed(id);
    await expectRefusedUnchanged(
      id,
      () =>
        post(`/api/v1/technician/tasks/${id}/pickup-device`, techToken, {
          reason: 'Needs bench repair',
          customerAcknowledged: false,
        }),
      422,
    );
    const picked = await post(`/api/v1/technician/tasks/${id}/pickup-device`, techToken, {
      reason: 'Needs bench repair',
      customerAcknowledged: true,
    });
    expect(picked.statusCode, picked.body).toBe(200);
    // Only the workshop (or an admin) checks it in; the technician may not.
    await expectRefusedUnchanged(
      id,
      () => post(`/api/v1/technician/tasks/${id}/repair-complete`, techToken),
      404,
    );
    expect((await post(`/api/v1/workshop/tickets/${id}/check-in`, workshopToken)).statusCode).toBe(200);
    expect((await post(`/api/v1/workshop/tickets/${id}/repair-complete`, workshopToken, {})).statusCode).toBe(
      200,
    );
    const signature = `data:image/png;base64,${PNG_BYTES.toString('base64')}`;
    const delivered = await post(`/api/v1/technician/tasks/${id}/deliver-device`, techToken, {
      confirmationType: 'signature',
      signature,
    });
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect(delivered.json().task.status).toBe('completed');
  });

  it('records why a device could not be fixed', async () => {
    const { id } = await createTicket('0554444444');
    await toDiagnosed(id);
    await expectRefusedUnchanged(
      id,
      () => post(`/api/v1/technician/tasks/${id}/not-fixed`, techToken, { reasons: ['other'] }),
      422,
    );
    const notFixed = await post(`/api/v1/technician/tasks/${id}/not-fixed`, techToken, {
      reasons: ['other'],
      otherReason: 'Board discontinued by the maker',
    });
    expect(notFixed.statusCode, notFixed.body).toBe(200);
    expect(notFixed.json().task.status).toBe('not_fixed');
    await expectRefusedUnchanged(
      id,
      () => post(`/api/v1/admin/tickets/${id}/cancel`, adminToken, { reason: 'Too late' }),
      409,
    );
  });

  it('cancels with a reason, and refuses a cancel without one', async () => {
    const { id } = await createTicket('0555555555');
    await expectRefusedUnchanged(id, () => post(`/api/v1/admin/tickets/${id}/cancel`, adminToken, {}), 400);
    const cancelled = await post(`/api/v1/admin/tickets/${id}/cancel`, adminToken, {
      reason: 'Duplicate request',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().ticket.status).toBe('cancelled');
    await expectRefusedUnchanged(
      id,
      () =>
        post(`/api/v1/admin/tickets/${id}/assign`, adminToken, {
          technicianId: technician.principal.technicianId,
        }),
      409,
    );
  });
});
