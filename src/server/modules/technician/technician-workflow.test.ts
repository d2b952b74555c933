import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { otpCodes, partsRequests, ratings, ticketLocations } from '../../db/schema';
import { PNG_BYTES } from '../../test/factories';
import {
  attachmentRowsOf,
  type Crew,
  form,
  historyOf,
  PNG_DATA_URL,
  setupCrew,
  storedFiles,
  storedPath,
  taskAt,
  technicianRow,
  ticketRow,
  timeLogsOf,
} from './technician.fixtures';

let crew: Crew;
const NOW = new Date('2026-11-22T06:00:00Z');

beforeAll(async () => {
  crew = await setupCrew({ start: NOW });
});
beforeEach(() => crew.t.clock.set(NOW));
afterAll(() => crew.t.close());

type Who = keyof Crew['headers'];
const url = (id: string, action: string) => `/api/v1/technician/tasks/${id}/${action}`;

function post(id: string, action: string, who: Who, body?: Record<string, unknown> | FormData) {
  const headers = crew.headers[who];
  if (body instanceof FormData)
    return crew.t.app.inject({ method: 'POST', url: url(id, action), headers, body });
  return crew.t.app.inject({ method: 'POST', url: url(id, action), headers, payload: body });
}

/** Asserts a refusal left the ticket exactly as it was. */
async function expectUnchanged(id: string, before: Awaited<ReturnType<typeof ticketRow>>) {
  const after = await ticketRow(crew, id);
  expect(after.status).toBe(before.status);
  expect(after.version).toBe(before.version);
  expect(after.updatedAt).toEqual(before.updatedAt);
}

/** The timeline row of an action (rows written at one clock time have no reliable order). */
const entry = async (id: string, action: string) =>
  (await historyOf(crew, id)).find((row) => row.action === action);

/** Stages whose time log is still open: exactly one while the ticket lives, none once it is final. */
const openLogs = async (id: string) =>
  (await timeLogsOf(crew, id)).filter((log) => log.endedAt === null).map((log) => log.stage);

const GPS = { latitude: 24.7136, longitude: 46.6753 };

async function sendOtp(id: string): Promise<string> {
  const response = await post(id, 'send-completion-otp', 'technician');
  expect(response.statusCode).toBe(200);
  const ticket = await ticketRow(crew, id);
  const sent = (await crew.t.outboxMessages()).filter(
    (line) => line.template === 'otp_completion' && line.ticketId === id,
  );
  const last = sent.at(-1);
  expect(last?.recipient).toBe(ticket.customerPhone);
  expect(last?.payload.ticketNumber).toBe(ticket.ticketNumber);
  return String(last?.payload.code);
}

describe('POST /api/v1/technician/tasks/:id/start-trip', () => {
  it('refuses a caller without a token with 401', async () => {
    const id = await taskAt(crew, 'scheduled');
    const response = await post(id, 'start-trip', 'none', GPS);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('refuses a malformed GPS point and unknown fields with 400', async () => {
    const id = await taskAt(crew, 'scheduled');
    const before = await ticketRow(crew, id);
    const text = await post(id, 'start-trip', 'technician', { latitude: 'north', longitude: 46.6 });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.code).toBe('validation_failed');
    const outOfRange = await post(id, 'start-trip', 'technician', { latitude: 91, longitude: 46.6 });
    expect(outOfRange.statusCode).toBe(400);
    const smuggled = await post(id, 'start-trip', 'technician', { ...GPS, status: 'completed' });
    expect(smuggled.statusCode).toBe(400);
    const badId = await post('not-a-uuid', 'start-trip', 'technician', GPS);
    expect(badId.statusCode).toBe(400);
    await expectUnchanged(id, before);
  });

  it('refuses customer, admin and workshop tokens with 403', async () => {
    const id = await taskAt(crew, 'scheduled');
    const before = await ticketRow(crew, id);
    for (const who of ['customer', 'admin', 'workshop'] as const) {
      const response = await post(id, 'start-trip', who, GPS);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    await expectUnchanged(id, before);
  });

  it("answers 404 for another technician's task and leaves it untouched", async () => {
    const id = await taskAt(crew, 'scheduled');
    const before = await ticketRow(crew, id);
    const response = await post(id, 'start-trip', 'other', GPS);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    await expectUnchanged(id, before);
    expect(await historyOf(crew, id)).toHaveLength(3);
  });

  it('answers 409 while the visit is not scheduled yet', async () => {
    const id = await taskAt(crew, 'assigned');
    const before = await ticketRow(crew, id);
    const response = await post(id, 'start-trip', 'technician', GPS);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('invalid_transition');
    await expectUnchanged(id, before);
  });

  it('answers 422 without a GPS location', async () => {
    const id = await taskAt(crew, 'scheduled');
    const before = await ticketRow(crew, id);
    const response = await post(id, 'start-trip', 'technician', { latitude: 24.7 });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'requirement_not_met',
      details: { field: 'location', requirement: 'location' },
    });
    await expectUnchanged(id, before);
  });

  it('starts the trip: status, timestamp, timeline, time logs, trail and live position', async () => {
    const id = await taskAt(crew, 'scheduled');
    crew.t.clock.set(new Date('2026-11-22T06:30:00Z'));
    const response = await post(id, 'start-trip', 'technician', GPS);
    expect(response.statusCode).toBe(200);
    const { task } = response.json();
    expect(task).toMatchObject({ id, status: 'on_route', availableActions: ['arrive'] });
    expect(task.timestamps.startedTripAt).toBe('2026-11-22T06:30:00.000Z');

    const row = await ticketRow(crew, id);
    expect(row.status).toBe('on_route');
    expect(row.startedTripAt).toEqual(new Date('2026-11-22T06:30:00Z'));
    expect(await entry(id, 'start_trip')).toMatchObject({
      fromStatus: 'scheduled',
      toStatus: 'on_route',
      actorRole: 'technician',
      actorName: 'Fahad Technician',
      latitude: GPS.latitude,
      longitude: GPS.longitude,
    });
    const logs = await timeLogsOf(crew, id);
    const scheduled = logs.find((log) => log.stage === 'scheduled');
    expect(scheduled?.endedAt).toEqual(new Date('2026-11-22T06:30:00Z'));
    expect(scheduled?.durationMinutes).toBe(30);
    expect(await openLogs(id)).toEqual(['on_route']);
    const trail = await crew.t.ctx.db.select().from(ticketLocations).where(eq(ticketLocations.ticketId, id));
    expect(trail).toMatchObject([{ status: 'on_route', latitude: GPS.latitude, longitude: GPS.longitude }]);
    const technician = await technicianRow(crew, crew.technician.principal.technicianId);
    expect(technician).toMatchObject({
      currentLat: GPS.latitude,
      currentLng: GPS.longitude,
      currentTicketId: id,
      lastLocationAt: new Date('2026-11-22T06:30:00Z'),
    });
  });
});

describe('POST /api/v1/technician/tasks/:id/arrive', () => {
  it('answers 422 without a GPS location and 409 before the trip', async () => {
    const onRoute = await taskAt(crew, 'on_route');
    const before = await ticketRow(crew, onRoute);
    const missing = await post(onRoute, 'arrive', 'technician', {});
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.field).toBe('location');
    await expectUnchanged(onRoute, before);

    const scheduled = await taskAt(crew, 'scheduled');
    const early = await post(scheduled, 'arrive', 'technician', GPS);
    expect(early.statusCode).toBe(409);
    expect((await ticketRow(crew, scheduled)).status).toBe('scheduled');
  });

  it('records the arrival with its location', async () => {
    const id = await taskAt(crew, 'on_route');
    const response = await post(id, 'arrive', 'technician', { latitude: '24.8', longitude: '46.7' });
    expect(response.statusCode).toBe(200);
    expect(response.json().task.status).toBe('arrived');
    const row = await ticketRow(crew, id);
    expect(row.arrivedAt).toEqual(NOW);
    expect(await entry(id, 'arrive')).toMatchObject({
      latitude: 24.8,
      longitude: 46.7,
    });
  });
});

describe('POST /api/v1/technician/tasks/:id/start-inspection', () => {
  it('answers 422 with no photo and with six photos, storing nothing', async () => {
    const id = await taskAt(crew, 'arrived');
    const before = await ticketRow(crew, id);
    const files = await storedFiles(crew);
    const none = await post(id, 'start-inspection', 'technician', form({ notes: 'Looks dusty' }));
    expect(none.statusCode).toBe(422);
    expect(none.json().error.details.field).toBe('photos.before_inspection');
    const six = await post(id, 'start-inspection', 'technician', form({}, { 'photos[]': 6 }));
    expect(six.statusCode).toBe(422);
    expect(six.json().error.details.field).toBe('photos.before_inspection');
    await expectUnchanged(id, before);
    expect(await attachmentRowsOf(crew, id)).toHaveLength(0);
    expect(await storedFiles(crew)).toEqual(files);
  });

  it('refuses a file that is not an image by its bytes with 415, and an unknown field with 400', async () => {
    const id = await taskAt(crew, 'arrived');
    const html = new Blob(['<html><script>alert(1)</script></html>'], { type: 'image/png' });
    const fake = await post(id, 'start-inspection', 'technician', form({}, { photos: [html] }));
    expect(fake.statusCode).toBe(415);
    const unknown = await post(
      id,
      'start-inspection',
      'technician',
      form({ status: 'completed' }, { photos: 1 }),
    );
    expect(unknown.statusCode).toBe(400);
    const wrongField = await post(id, 'start-inspection', 'technician', form({}, { signature: 1 }));
    expect(wrongField.statusCode).toBe(400);
    expect((await ticketRow(crew, id)).status).toBe('arrived');
  });

  it('starts the inspection with its photos stored as before_inspection', async () => {
    const id = await taskAt(crew, 'arrived');
    const response = await post(
      id,
      'start-inspection',
      'technician',
      form({ notes: 'Outdoor unit iced' }, { 'photos[]': 2 }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().task.status).toBe('inspecting');
    const row = await ticketRow(crew, id);
    expect(row.inspectionStartedAt).toEqual(NOW);
    expect(row.attachmentBytes).toBe(2 * PNG_BYTES.length);
    expect(await entry(id, 'start_inspection')).toMatchObject({
      notes: 'Outdoor unit iced',
    });
    const attachments = await attachmentRowsOf(crew, id);
    expect(attachments.map((a) => a.type)).toEqual(['before_inspection', 'before_inspection']);
    for (const attachment of attachments) {
      expect(attachment).toMatchObject({ mimeType: 'image/png', uploadedByRole: 'technician' });
      expect(await readFile(storedPath(crew, attachment.storageKey))).toEqual(PNG_BYTES);
    }
  });
});

describe('POST /api/v1/technician/tasks/:id/complete-diagnosis', () => {
  it('refuses a checklist that is not an object or list with 400', async () => {
    const id = await taskAt(crew, 'inspecting');
    const response = await post(id, 'complete-diagnosis', 'technician', {
      diagnosisNotes: 'Relay',
      checklist: 'all good',
    });
    expect(response.statusCode).toBe(400);
    expect((await ticketRow(crew, id)).status).toBe('inspecting');
  });

  it('answers 422 without diagnosis notes', async () => {
    const id = await taskAt(crew, 'inspecting');
    const before = await ticketRow(crew, id);
    const response = await post(id, 'complete-diagnosis', 'technician', { diagnosisNotes: '  ' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details.field).toBe('diagnosisNotes');
    await expectUnchanged(id, before);
  });

  it('records the diagnosis and its checklist', async () => {
    const id = await taskAt(crew, 'inspecting');
    const checklist = { compressor: 'ok', fan: 'noisy', gasPressure: 42 };
    const response = await post(id, 'complete-diagnosis', 'technician', {
      diagnosisNotes: 'Fan bearing worn',
      checklist,
    });
    expect(response.statusCode).toBe(200);
    const { task } = response.json();
    expect(task).toMatchObject({ status: 'diagnosed', diagnosisNotes: 'Fan bearing worn' });
    expect(task.availableActions).toEqual([
      'start_repair',
      'request_parts',
      'mark_not_fixed',
      'pickup_device',
    ]);
    const row = await ticketRow(crew, id);
    expect(row.diagnosisChecklist).toEqual(checklist);
    expect(row.diagnosedAt).toEqual(NOW);
    expect((await entry(id, 'complete_diagnosis'))?.notes).toBe('Fan bearing worn');
  });
});

describe('POST /api/v1/technician/tasks/:id/start-repair', () => {
  it('refuses a body with fields with 400 and a wrong status with 409', async () => {
    const id = await taskAt(crew, 'inspecting');
    const before = await ticketRow(crew, id);
    const smuggled = await post(id, 'start-repair', 'technician', { status: 'completed' });
    expect(smuggled.statusCode).toBe(400);
    const early = await post(id, 'start-repair', 'technician');
    expect(early.statusCode).toBe(409);
    await expectUnchanged(id, before);
  });

  it('starts the repair', async () => {
    const id = await taskAt(crew, 'diagnosed');
    const response = await post(id, 'start-repair', 'technician');
    expect(response.statusCode).toBe(200);
    expect(response.json().task.status).toBe('repairing');
    expect((await ticketRow(crew, id)).repairStartedAt).toEqual(NOW);
    expect(await openLogs(id)).toEqual(['repairing']);
  });
});

describe('POST /api/v1/technician/tasks/:id/request-parts', () => {
  it('refuses a quantity out of 1..100 with 400', async () => {
    const id = await taskAt(crew, 'diagnosed');
    for (const quantity of ['0', '101', 'two']) {
      const response = await post(
        id,
        'request-parts',
        'technician',
        form({ partName: 'Fan motor', quantity }, { serialPhotos: 1 }),
      );
      expect(response.statusCode).toBe(400);
    }
    expect((await ticketRow(crew, id)).status).toBe('diagnosed');
  });

  it('answers 422 without a part name, without a serial photo, or with three serial photos', async () => {
    const id = await taskAt(crew, 'diagnosed');
    const before = await ticketRow(crew, id);
    const files = await storedFiles(crew);
    const noName = await post(id, 'request-parts', 'technician', form({}, { serialPhotos: 1 }));
    expect(noName.statusCode).toBe(422);
    expect(noName.json().error.details.field).toBe('partName');
    const noPhoto = await post(id, 'request-parts', 'technician', form({ partName: 'Fan motor' }));
    expect(noPhoto.statusCode).toBe(422);
    expect(noPhoto.json().error.details.field).toBe('photos.serial_photo');
    const three = await post(
      id,
      'request-parts',
      'technician',
      form({ partName: 'Fan motor' }, { serialPhotos: 3 }),
    );
    expect(three.statusCode).toBe(422);
    expect(three.json().error.details.field).toBe('serialPhotos');
    const fourExtra = await post(
      id,
      'request-parts',
      'technician',
      form({ partName: 'Fan motor' }, { serialPhotos: 1, additionalPhotos: 4 }),
    );
    expect(fourExtra.statusCode).toBe(422);
    await expectUnchanged(id, before);
    expect(await storedFiles(crew)).toEqual(files);
    expect(await crew.t.ctx.db.select().from(partsRequests).where(eq(partsRequests.ticketId, id))).toEqual(
      [],
    );
  });

  it('orders the part: waiting_parts, a parts request holding the photo ids', async () => {
    const id = await taskAt(crew, 'diagnosed');
    const response = await post(
      id,
      'request-parts',
      'technician',
      form(
        { partName: 'Fan motor 1/4 HP', quantity: '2', notes: 'Original only' },
        { 'serialPhotos[]': 1, 'additionalPhotos[]': 2 },
      ),
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.task.status).toBe('waiting_parts');
    expect(body.partsRequest).toMatchObject({
      partName: 'Fan motor 1/4 HP',
      quantity: 2,
      notes: 'Original only',
      status: 'pending',
      requestedByName: 'Fahad Technician',
    });
    const attachments = (await attachmentRowsOf(crew, id)).filter((a) => a.type !== 'before_inspection');
    expect(attachments.map((a) => a.type).sort()).toEqual(['parts_photo', 'parts_photo', 'serial_photo']);
    expect([...body.partsRequest.photoAttachmentIds].sort()).toEqual(attachments.map((a) => a.id).sort());
    const [stored] = await crew.t.ctx.db.select().from(partsRequests).where(eq(partsRequests.ticketId, id));
    expect(stored?.id).toBe(body.partsRequest.id);
    expect((await ticketRow(crew, id)).partsRequestedAt).toEqual(NOW);
    expect(await openLogs(id)).toEqual(['waiting_parts']);
  });
});

describe('POST /api/v1/technician/tasks/:id/parts-received', () => {
  it('answers 409 unless waiting for parts', async () => {
    const id = await taskAt(crew, 'repairing');
    const before = await ticketRow(crew, id);
    const response = await post(id, 'parts-received', 'technician');
    expect(response.statusCode).toBe(409);
    await expectUnchanged(id, before);
  });

  it('resumes the repair and marks the open parts request received', async () => {
    const id = await taskAt(crew, 'diagnosed');
    await post(id, 'request-parts', 'technician', form({ partName: 'Relay' }, { serialPhotos: 1 }));
    crew.t.clock.set(new Date('2026-11-23T06:00:00Z'));
    const response = await post(id, 'parts-received', 'technician');
    expect(response.statusCode).toBe(200);
    expect(response.json().task.status).toBe('repairing');
    const row = await ticketRow(crew, id);
    expect(row.partsReceivedAt).toEqual(new Date('2026-11-23T06:00:00Z'));
    expect(row.repairStartedAt).toEqual(new Date('2026-11-23T06:00:00Z'));
    const [request] = await crew.t.ctx.db.select().from(partsRequests).where(eq(partsRequests.ticketId, id));
    expect(request).toMatchObject({ status: 'received', receivedAt: new Date('2026-11-23T06:00:00Z') });
  });
});

describe('POST /api/v1/technician/tasks/:id/not-fixed', () => {
  it('refuses an unknown reason with 400', async () => {
    const id = await taskAt(crew, 'diagnosed');
    const response = await post(id, 'not-fixed', 'technician', { reasons: ['lazy'] });
    expect(response.statusCode).toBe(400);
    expect((await ticketRow(crew, id)).status).toBe('diagnosed');
  });

  it('answers 422 without a reason, and for "other" without its text', async () => {
    const id = await taskAt(crew, 'diagnosed');
    const before = await ticketRow(crew, id);
    const none = await post(id, 'not-fixed', 'technician', { reasons: [] });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.details.field).toBe('reasons');
    const other = await post(id, 'not-fixed', 'technician', { reasons: ['other'] });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.details.field).toBe('otherReason');
    await expectUnchanged(id, before);
  });

  it('closes the visit as not fixed from JSON', async () => {
    const id = await taskAt(crew, 'repairing');
    const response = await post(id, 'not-fixed', 'technician', {
      reasons: ['customer_refused_cost', 'other'],
      otherReason: 'Wants a new unit',
      notes: 'Quoted 900 SAR',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().task).toMatchObject({
      status: 'not_fixed',
      completionType: 'not_fixed',
      notFixedReasons: ['customer_refused_cost', 'other'],
      notFixedOtherReason: 'Wants a new unit',
      availableActions: [],
    });
    const row = await ticketRow(crew, id);
    expect(row.notFixedAt).toEqual(NOW);
    expect(row.completionNotes).toBe('Quoted 900 SAR');
    expect((await timeLogsOf(crew, id)).every((log) => log.endedAt !== null)).toBe(true);
  });

  it('accepts a form with reasons[] and an evidence photo stored as other', async () => {
    const id = await taskAt(crew, 'diagnosed');
    const response = await post(
      id,
      'not-fixed',
      'technician',
      form({ 'reasons[]': ['customer_absent', 'parts_unavailable'] }, { evidencePhoto: 1 }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().task.notFixedReasons).toEqual(['customer_absent', 'parts_unavailable']);
    expect((await attachmentRowsOf(crew, id)).map((a) => a.type).sort()).toEqual([
      'before_inspection',
      'other',
    ]);
  });
});

describe('POST /api/v1/technician/tasks/:id/pickup-device', () => {
  it('answers 422 without the customer acknowledgement, or with four photos', async () => {
    const id = await taskAt(crew, 'diagnosed');
    const before = await ticketRow(crew, id);
    const unacknowledged = await post(
      id,
      'pickup-device',
      'technician',
      form({ reason: 'Needs bench work', customerAcknowledged: 'false' }),
    );
    expect(unacknowledged.statusCode).toBe(422);
    expect(unacknowledged.json().error.details.field).toBe('customerAcknowledged');
    const noReason = await post(id, 'pickup-device', 'technician', { customerAcknowledged: true });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.details.field).toBe('reason');
    const four = await post(
      id,
      'pickup-device',
      'technician',
      form({ reason: 'Needs bench work', customerAcknowledged: 'true' }, { photos: 4 }),
    );
    expect(four.statusCode).toBe(422);
    await expectUnchanged(id, before);
  });

  it('takes the device to the workshop with documentation photos', async () => {
    const id = await taskAt(crew, 'diagnosed');
    const response = await post(
      id,
      'pickup-device',
      'technician',
      form(
        { reason: 'Compressor must be replaced on the bench', customerAcknowledged: 'true' },
        { photos: 2 },
      ),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().task).toMatchObject({
      status: 'pickup_device',
      pickupReason: 'Compressor must be replaced on the bench',
    });
    expect((await ticketRow(crew, id)).pickedUpAt).toEqual(NOW);
    const types = (await attachmentRowsOf(crew, id)).map((a) => a.type);
    expect(types.filter((type) => type === 'device_photo')).toHaveLength(2);
  });
});

describe('POST /api/v1/technician/tasks/:id/send-completion-otp', () => {
  it("answers 404 for another technician's task and 409 before the repair", async () => {
    const id = await taskAt(crew, 'repairing');
    expect((await post(id, 'send-completion-otp', 'other')).statusCode).toBe(404);
    const diagnosed = await taskAt(crew, 'diagnosed');
    const early = await post(diagnosed, 'send-completion-otp', 'technician');
    expect(early.statusCode).toBe(409);
    const codes = await crew.t.ctx.db.select().from(otpCodes).where(eq(otpCodes.ticketId, id));
    expect(codes).toEqual([]);
  });

  it('texts a code to the customer, at most five times an hour per task', async () => {
    const id = await taskAt(crew, 'repairing');
    for (let i = 0; i < 5; i += 1) {
      const response = await post(id, 'send-completion-otp', 'technician');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ message: expect.any(String), expiresIn: 300 });
    }
    const sixth = await post(id, 'send-completion-otp', 'technician');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('rate_limited');
    const codes = await crew.t.ctx.db.select().from(otpCodes).where(eq(otpCodes.ticketId, id));
    expect(codes).toHaveLength(5);
    const sms = (await crew.t.outboxMessages()).filter(
      (line) => line.template === 'otp_completion' && line.ticketId === id,
    );
    expect(sms).toHaveLength(5);
    expect(String(sms[0]?.payload.code)).toMatch(/^\d{6}$/);
  });
});

describe('POST /api/v1/technician/tasks/:id/complete-repair', () => {
  const signed = (photos: number, extra: Record<string, string> = {}) =>
    form({ confirmationType: 'signature', signature: PNG_DATA_URL, ...extra }, { 'photos[]': photos });

  it('refuses a malformed code or rating with 400', async () => {
    const id = await taskAt(crew, 'repairing');
    const badCode = await post(
      id,
      'complete-repair',
      'technician',
      form({ confirmationType: 'otp', otp: '12ab56' }, { photos: 3 }),
    );
    expect(badCode.statusCode).toBe(400);
    const badRating = await post(id, 'complete-repair', 'technician', signed(3, { customerRating: '6' }));
    expect(badRating.statusCode).toBe(400);
    expect((await ticketRow(crew, id)).status).toBe('repairing');
  });

  it("answers 404 for another technician's task and 409 before the repair", async () => {
    const id = await taskAt(crew, 'repairing');
    const before = await ticketRow(crew, id);
    expect((await post(id, 'complete-repair', 'other', signed(3))).statusCode).toBe(404);
    await expectUnchanged(id, before);
    const diagnosed = await taskAt(crew, 'diagnosed');
    const early = await post(diagnosed, 'complete-repair', 'technician', signed(3));
    expect(early.statusCode).toBe(409);
    expect((await ticketRow(crew, diagnosed)).status).toBe('diagnosed');
  });

  it('answers 422 with two photos, with seven photos, and without a confirmation, storing nothing', async () => {
    const id = await taskAt(crew, 'repairing');
    const before = await ticketRow(crew, id);
    const files = await storedFiles(crew);
    const two = await post(id, 'complete-repair', 'technician', signed(2));
    expect(two.statusCode).toBe(422);
    expect(two.json().error.details.field).toBe('photos.after_repair');
    const seven = await post(id, 'complete-repair', 'technician', signed(7));
    expect(seven.statusCode).toBe(422);
    expect(seven.json().error.details.field).toBe('photos.after_repair');
    const unconfirmed = await post(id, 'complete-repair', 'technician', form({}, { photos: 3 }));
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json().error.details.field).toBe('confirmation');
    const noSignature = await post(
      id,
      'complete-repair',
      'technician',
      form({ confirmationType: 'signature' }, { photos: 3 }),
    );
    expect(noSignature.statusCode).toBe(422);
    const noCode = await post(
      id,
      'complete-repair',
      'technician',
      form({ confirmationType: 'otp' }, { photos: 3 }),
    );
    expect(noCode.statusCode).toBe(422);
    await expectUnchanged(id, before);
    expect(await storedFiles(crew)).toEqual(files);
    expect((await attachmentRowsOf(crew, id)).map((a) => a.type)).toEqual(['before_inspection']);
  });

  it('answers 422 for a signature that is not an image', async () => {
    const id = await taskAt(crew, 'repairing');
    const before = await ticketRow(crew, id);
    for (const signature of [
      `data:image/png;base64,${Buffer.from('<svg onload="alert(1)"/>').toString('base64')}`,
      'not base64 at all!',
      `data:text/html;base64,${Buffer.from('<html></html>').toString('base64')}`,
    ]) {
      const response = await post(
        id,
        'complete-repair',
        'technician',
        form({ confirmationType: 'signature', signature }, { photos: 3 }),
      );
      expect(response.statusCode).toBe(422);
      expect(response.json().error.details.field).toBe('signature');
    }
    await expectUnchanged(id, before);
  });

  it('counts wrong codes: 422 each, and after five the right one is refused too', async () => {
    const id = await taskAt(crew, 'repairing');
    const before = await ticketRow(crew, id);
    const code = await sendOtp(id);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await post(
        id,
        'complete-repair',
        'technician',
        form({ confirmationType: 'otp', otp: wrong }, { photos: 3 }),
      );
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'otp_invalid',
        details: { attemptsLeft: 5 - attempt },
      });
    }
    const locked = await post(
      id,
      'complete-repair',
      'technician',
      form({ confirmationType: 'otp', otp: code }, { photos: 3 }),
    );
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('otp_locked');
    await expectUnchanged(id, before);
    const [otp] = await crew.t.ctx.db.select().from(otpCodes).where(eq(otpCodes.ticketId, id));
    expect(otp).toMatchObject({ attempts: 5, consumedAt: null });
  });

  it('refuses an expired code with 422', async () => {
    const id = await taskAt(crew, 'repairing');
    const code = await sendOtp(id);
    crew.t.clock.advance(301_000);
    const response = await post(
      id,
      'complete-repair',
      'technician',
      form({ confirmationType: 'otp', otp: code }, { photos: 3 }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('otp_expired');
    expect((await ticketRow(crew, id)).status).toBe('repairing');
  });

  it('keeps the code usable when the action fails for another reason', async () => {
    const id = await taskAt(crew, 'repairing');
    const code = await sendOtp(id);
    const tooFew = await post(
      id,
      'complete-repair',
      'technician',
      form({ confirmationType: 'otp', otp: code }, { photos: 2 }),
    );
    expect(tooFew.statusCode).toBe(422);
    const done = await post(
      id,
      'complete-repair',
      'technician',
      form({ confirmationType: 'otp', otp: code }, { photos: 3 }),
    );
    expect(done.statusCode).toBe(200);
  });

  it('completes with the customer code, the photos and a rating', async () => {
    const id = await taskAt(crew, 'repairing');
    crew.t.clock.set(new Date('2026-11-22T07:15:00Z'));
    const code = await sendOtp(id);
    const response = await post(
      id,
      'complete-repair',
      'technician',
      form(
        {
          confirmationType: 'otp',
          otp: code,
          notes: 'Replaced the fan motor',
          customerRating: '5',
          customerFeedback: 'Quick and tidy',
        },
        { 'photos[]': 3 },
      ),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().task).toMatchObject({
      status: 'completed',
      completionType: 'fixed',
      confirmationMethod: 'otp',
      customerRating: 5,
      customerFeedback: 'Quick and tidy',
      completionNotes: 'Replaced the fan motor',
      availableActions: [],
    });
    const row = await ticketRow(crew, id);
    expect(row.completedAt).toEqual(new Date('2026-11-22T07:15:00Z'));
    expect(row.signatureAttachmentId).toBeNull();
    const [otp] = await crew.t.ctx.db.select().from(otpCodes).where(eq(otpCodes.ticketId, id));
    expect(otp?.consumedAt).toEqual(new Date('2026-11-22T07:15:00Z'));
    const [rating] = await crew.t.ctx.db.select().from(ratings).where(eq(ratings.ticketId, id));
    expect(rating).toMatchObject({
      score: 5,
      feedback: 'Quick and tidy',
      technicianId: crew.technician.principal.technicianId,
      customerId: row.customerId,
    });
    expect(await entry(id, 'mark_completed')).toMatchObject({
      fromStatus: 'repairing',
      toStatus: 'completed',
    });
    const logs = await timeLogsOf(crew, id);
    expect(logs.every((log) => log.endedAt !== null)).toBe(true);
    expect(logs.find((log) => log.stage === 'repairing')?.durationMinutes).toBe(75);
    const photos = (await attachmentRowsOf(crew, id)).filter((a) => a.type === 'after_repair');
    expect(photos).toHaveLength(3);

    const reused = await post(
      id,
      'complete-repair',
      'technician',
      form({ confirmationType: 'otp', otp: code }, { photos: 3 }),
    );
    expect(reused.statusCode).toBe(409);
  });

  it("completes with the customer's signature, stored as an attachment", async () => {
    const id = await taskAt(crew, 'repairing');
    const response = await post(id, 'complete-repair', 'technician', signed(3));
    expect(response.statusCode).toBe(200);
    expect(response.json().task.confirmationMethod).toBe('signature');
    const row = await ticketRow(crew, id);
    const attachments = await attachmentRowsOf(crew, id);
    const signature = attachments.find((a) => a.type === 'signature');
    expect(signature).toMatchObject({ mimeType: 'image/png', filename: 'signature.png' });
    expect(row.signatureAttachmentId).toBe(signature?.id);
    expect(await readFile(storedPath(crew, signature?.storageKey ?? ''))).toEqual(PNG_BYTES);
    expect(await crew.t.ctx.db.select().from(ratings).where(eq(ratings.ticketId, id))).toEqual([]);
    const technician = await technicianRow(crew, crew.technician.principal.technicianId);
    expect(technician.currentTicketId).not.toBe(id);
  });
});

describe('POST /api/v1/technician/tasks/:id/deliver-device', () => {
  it('answers 409 before the workshop is done and 422 without a confirmation', async () => {
    const inWorkshop = await taskAt(crew, 'in_workshop');
    const early = await post(inWorkshop, 'deliver-device', 'technician', {
      confirmationType: 'signature',
      signature: PNG_DATA_URL,
    });
    expect(early.statusCode).toBe(409);

    const id = await taskAt(crew, 'ready_delivery');
    const before = await ticketRow(crew, id);
    const unconfirmed = await post(id, 'deliver-device', 'technician', {});
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json().error.details.field).toBe('confirmation');
    await expectUnchanged(id, before);
  });

  it('hands the device back against the customer code', async () => {
    const id = await taskAt(crew, 'ready_delivery');
    const code = await sendOtp(id);
    const response = await post(id, 'deliver-device', 'technician', {
      confirmationType: 'otp',
      otp: code,
      customerRating: 4,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().task).toMatchObject({
      status: 'completed',
      confirmationMethod: 'otp',
      customerRating: 4,
    });
    expect(await entry(id, 'deliver_device')).toMatchObject({
      fromStatus: 'ready_delivery',
      toStatus: 'completed',
    });
    const [rating] = await crew.t.ctx.db.select().from(ratings).where(eq(ratings.ticketId, id));
    expect(rating?.score).toBe(4);
  });
});

describe('POST /api/v1/technician/tasks/:id/schedule', () => {
  it('refuses a malformed date or slot with 400', async () => {
    const id = await taskAt(crew, 'assigned');
    const badDate = await post(id, 'schedule', 'technician', {
      scheduledDate: '2026-02-30',
      scheduledTimeSlot: 'noon',
    });
    expect(badDate.statusCode).toBe(400);
    const badSlot = await post(id, 'schedule', 'technician', {
      scheduledDate: '2026-11-24',
      scheduledTimeSlot: 'night',
    });
    expect(badSlot.statusCode).toBe(400);
    expect((await ticketRow(crew, id)).status).toBe('assigned');
  });

  it('answers 409 once scheduled and 422 for a past date or a missing slot', async () => {
    const scheduled = await taskAt(crew, 'scheduled');
    const again = await post(scheduled, 'schedule', 'technician', {
      scheduledDate: '2026-11-24',
      scheduledTimeSlot: 'noon',
    });
    expect(again.statusCode).toBe(409);

    const id = await taskAt(crew, 'assigned');
    const before = await ticketRow(crew, id);
    const past = await post(id, 'schedule', 'technician', {
      scheduledDate: '2026-11-21',
      scheduledTimeSlot: 'noon',
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().error.details.field).toBe('scheduledDate');
    const noSlot = await post(id, 'schedule', 'technician', { scheduledDate: '2026-11-24' });
    expect(noSlot.statusCode).toBe(422);
    expect(noSlot.json().error.details.field).toBe('scheduledTimeSlot');
    await expectUnchanged(id, before);
  });

  it("schedules the visit, its start computed in the organisation's time zone", async () => {
    const id = await taskAt(crew, 'assigned');
    const response = await post(id, 'schedule', 'technician', {
      scheduledDate: '2026-11-22',
      scheduledTimeSlot: 'evening',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().task).toMatchObject({
      status: 'scheduled',
      scheduledDate: '2026-11-22',
      scheduledTimeSlot: 'evening',
    });
    const row = await ticketRow(crew, id);
    // 17:00 in Riyadh (UTC+3).
    expect(row.scheduledStartAt).toEqual(new Date('2026-11-22T14:00:00Z'));
    expect(row.scheduledAt).toEqual(NOW);
    expect(await entry(id, 'schedule')).toMatchObject({
      actorRole: 'technician',
      actorName: 'Fahad Technician',
    });
  });
});
