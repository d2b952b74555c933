import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../domain/validations';
import { ticketMessages, tickets } from '../../db/schema';
import {
  bearer,
  type Cast,
  createStaff,
  createTestOrganization,
  driveTicket,
  loginStaff,
  PNG_BYTES,
} from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';
import {
  blob,
  countAttachments,
  createTicketOverApi,
  HTML_BYTES,
  loginCustomer,
  pngOfSize,
  TICKETS_URL,
} from './customer.test-support';

const PHONE_A = '0552000001';
const PHONE_B = '0552000002';
const UNKNOWN_ID = '5b0e7f0a-1c1d-4c8e-9f57-2d7a4f7c9e01';

let t: TestApp;
let cast: Cast;
let staffToken: string;
let tokenA: string;
let tokenB: string;
/** Customer A's tickets, oldest first: a guest ticket filed before A ever signed in, then three more. */
let ticketsA: Array<{ id: string; ticketNumber: string }>;
let ticketB: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const organizationId = await createTestOrganization(t.ctx);
  const admin = await createStaff(t.ctx, { organizationId, role: 'admin' });
  const technician = await createStaff(t.ctx, { organizationId, role: 'technician' });
  const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
  staffToken = await loginStaff(t, admin);

  const guest = await createTicketOverApi(t, { customerPhone: PHONE_A, problemDescription: 'أول طلب كضيف' });
  tokenA = (await loginCustomer(t, PHONE_A)).accessToken;
  ticketsA = [guest];
  for (const problem of ['الغسالة تسرب ماء', 'الثلاجة لا تبرد', 'الفرن لا يسخن']) {
    t.clock.advance(60_000);
    ticketsA.push(
      await createTicketOverApi(t, { customerPhone: PHONE_A, problemDescription: problem }, tokenA),
    );
  }
  ticketB = await createTicketOverApi(t, { customerPhone: PHONE_B, customerName: 'سارة القحطاني' });
  tokenB = (await loginCustomer(t, PHONE_B)).accessToken;
});
afterAll(() => t.close());

const at = (index: number) => {
  const ticket = ticketsA[index];
  if (!ticket) throw new Error(`no ticket ${index}`);
  return ticket;
};

async function ticketRow(id: string) {
  const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, id));
  if (!row) throw new Error('ticket missing');
  return row;
}

describe('GET /api/v1/customer/tickets', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: TICKETS_URL });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it.each([['limit=51'], ['limit=0'], ['page=0'], ['page=abc'], ['status=bogus'], ['status=new,bogus']])(
    'refuses ?%s with 400',
    async (query) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `${TICKETS_URL}?${query}`,
        headers: bearer(tokenA),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    },
  );

  it('refuses a staff token with 403', async () => {
    const response = await t.app.inject({ method: 'GET', url: TICKETS_URL, headers: bearer(staffToken) });
    expect(response.statusCode).toBe(403);
  });

  it("lists only the caller's tickets, newest first, including one filed as a guest before signing in", async () => {
    const response = await t.app.inject({ method: 'GET', url: TICKETS_URL, headers: bearer(tokenA) });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ total: 4, page: 1, limit: 10 });
    expect(body.tickets.map((ticket: { id: string }) => ticket.id)).toEqual(
      [...ticketsA].reverse().map((ticket) => ticket.id),
    );
    expect(body.tickets[3]).toMatchObject({
      problemDescription: 'أول طلب كضيف',
      status: 'new',
      technician: null,
    });
  });

  it('shows another customer only their own ticket', async () => {
    const response = await t.app.inject({ method: 'GET', url: TICKETS_URL, headers: bearer(tokenB) });
    expect(response.json()).toMatchObject({ total: 1, tickets: [{ id: ticketB.id }] });
  });

  it('pages with page and limit', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}?page=2&limit=3`,
      headers: bearer(tokenA),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ total: 4, page: 2, limit: 3 });
    expect(body.tickets.map((ticket: { id: string }) => ticket.id)).toEqual([at(0).id]);
  });

  it('filters by one status or a comma-separated list', async () => {
    await driveTicket(t.ctx, at(1).id, 'assigned', cast);
    const one = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}?status=assigned`,
      headers: bearer(tokenA),
    });
    expect(one.json()).toMatchObject({ total: 1, tickets: [{ id: at(1).id, status: 'assigned' }] });
    expect(one.json().tickets[0].technician).toMatchObject({ id: cast.technician.technicianId });

    const both = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}?status=${encodeURIComponent('assigned, new')}`,
      headers: bearer(tokenA),
    });
    expect(both.json().total).toBe(4);
    const none = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}?status=completed`,
      headers: bearer(tokenA),
    });
    expect(none.json()).toMatchObject({ total: 0, tickets: [] });
  });

  it('returns an empty list to a customer who has never filed a ticket', async () => {
    const { accessToken } = await loginCustomer(t, '0552000009');
    const response = await t.app.inject({ method: 'GET', url: TICKETS_URL, headers: bearer(accessToken) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ tickets: [], total: 0, page: 1, limit: 10 });
  });
});

describe('GET /api/v1/customer/tickets/:id', () => {
  it('refuses a request without a token with 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: `${TICKETS_URL}/${at(0).id}` });
    expect(response.statusCode).toBe(401);
  });

  it('refuses an id that is not a UUID with 400', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}/123`,
      headers: bearer(tokenA),
    });
    expect(response.statusCode).toBe(400);
  });

  it("answers 404 for another customer's ticket and for an unknown id", async () => {
    for (const id of [ticketB.id, UNKNOWN_ID]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `${TICKETS_URL}/${id}`,
        headers: bearer(tokenA),
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });

  it('returns the ticket with its timeline, attachments, messages and the actions the customer may take', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}/${at(0).id}`,
      headers: bearer(tokenA),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ticket).toMatchObject({
      id: at(0).id,
      ticketNumber: at(0).ticketNumber,
      status: 'new',
      customerPhone: PHONE_A,
      availableActions: ['cancel'],
    });
    expect(body.timeline).toMatchObject([{ action: 'create', toStatus: 'new', actorRole: 'customer' }]);
    expect(body.attachments).toEqual([]);
    expect(body.messages).toEqual([]);
  });
});

describe('POST /api/v1/customer/tickets/:id/attachments', () => {
  const upload = (ticketId: string, form: FormData, token: string | null = tokenA) =>
    t.app.inject({
      method: 'POST',
      url: `${TICKETS_URL}/${ticketId}/attachments`,
      body: form,
      headers: token ? bearer(token) : {},
    });
  const formWith = (type: string, bytes: Buffer | null = PNG_BYTES) => {
    const form = new FormData();
    form.append('type', type);
    if (bytes) form.append('file', blob(bytes), 'photo.png');
    return form;
  };

  it('refuses a request without a token with 401, storing nothing', async () => {
    const response = await upload(at(0).id, formWith('device_photo'), null);
    expect(response.statusCode).toBe(401);
    expect(await countAttachments(t, at(0).id)).toBe(0);
  });

  it.each([
    ['a type reserved for technicians', formWith('after_repair')],
    ['an unknown type', formWith('selfie')],
    ['no file', formWith('device_photo', null)],
  ])('refuses %s with 400, storing nothing', async (_label, form) => {
    const response = await upload(at(0).id, form);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(await countAttachments(t, at(0).id)).toBe(0);
  });

  it('refuses a JSON body with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `${TICKETS_URL}/${at(0).id}/attachments`,
      payload: { type: 'device_photo' },
      headers: bearer(tokenA),
    });
    expect(response.statusCode).toBe(415);
  });

  it('refuses an HTML file with 415, storing nothing', async () => {
    const response = await upload(at(0).id, formWith('device_photo', HTML_BYTES));
    expect(response.statusCode).toBe(415);
    expect(await countAttachments(t, at(0).id)).toBe(0);
  });

  it('refuses a file over 10 MB with 413, storing nothing', async () => {
    const response = await upload(
      at(0).id,
      formWith('device_photo', pngOfSize(LIMITS.maxAttachmentBytes + 1)),
    );
    expect(response.statusCode).toBe(413);
    expect(await countAttachments(t, at(0).id)).toBe(0);
  });

  it("answers 404 for another customer's ticket and for an unknown id", async () => {
    for (const id of [ticketB.id, UNKNOWN_ID]) {
      const response = await upload(id, formWith('device_photo'));
      expect(response.statusCode).toBe(404);
    }
    expect(await countAttachments(t, ticketB.id)).toBe(0);
  });

  it('refuses a file that would take the ticket past 50 MB with 413, storing nothing', async () => {
    const nearlyFull = LIMITS.maxTicketAttachmentBytes - 10;
    await t.ctx.db
      .update(tickets)
      .set({ attachmentBytes: nearlyFull })
      .where(eq(tickets.id, at(2).id));
    const response = await upload(at(2).id, formWith('device_photo'));
    expect(response.statusCode).toBe(413);
    expect(await countAttachments(t, at(2).id)).toBe(0);
    expect((await ticketRow(at(2).id)).attachmentBytes).toBe(nearlyFull);
    await t.ctx.db
      .update(tickets)
      .set({ attachmentBytes: 0 })
      .where(eq(tickets.id, at(2).id));
  });

  it('adds a device photo (201) that the ticket then lists', async () => {
    const response = await upload(at(0).id, formWith('device_photo'));
    expect(response.statusCode).toBe(201);
    const { attachment } = response.json();
    expect(attachment).toMatchObject({
      type: 'device_photo',
      mimeType: 'image/png',
      size: PNG_BYTES.length,
      uploadedByRole: 'customer',
      url: `/api/v1/attachments/${attachment.id}`,
    });
    expect((await ticketRow(at(0).id)).attachmentBytes).toBe(PNG_BYTES.length);
    const details = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}/${at(0).id}`,
      headers: bearer(tokenA),
    });
    expect(details.json().attachments).toMatchObject([{ id: attachment.id }]);
  });
});

describe('POST /api/v1/customer/tickets/:id/messages', () => {
  const send = (ticketId: string, payload: unknown, token: string | null = tokenA) =>
    t.app.inject({
      method: 'POST',
      url: `${TICKETS_URL}/${ticketId}/messages`,
      payload: payload as Record<string, unknown>,
      headers: token ? bearer(token) : {},
    });
  const countMessages = async () =>
    (await t.ctx.db.select({ id: ticketMessages.id }).from(ticketMessages)).length;

  it('refuses a request without a token with 401', async () => {
    const response = await send(at(0).id, { content: 'مرحبا' }, null);
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['empty content', { content: '   ' }],
    ['content over 2000 characters', { content: 'م'.repeat(LIMITS.messageMax + 1) }],
    ['an unknown field', { content: 'مرحبا', channel: 'sms' }],
    ['no content', {}],
  ])('refuses %s with 400, saving nothing', async (_label, payload) => {
    const before = await countMessages();
    const response = await send(at(0).id, payload);
    expect(response.statusCode).toBe(400);
    expect(await countMessages()).toBe(before);
  });

  it("answers 404 for another customer's ticket, saving nothing", async () => {
    const before = await countMessages();
    const response = await send(ticketB.id, { content: 'مرحبا' });
    expect(response.statusCode).toBe(404);
    expect(await countMessages()).toBe(before);
  });

  it('sends a message (201) on the ticket conversation', async () => {
    const response = await send(at(0).id, { content: '  الجهاز في المطبخ  ' });
    expect(response.statusCode).toBe(201);
    expect(response.json().message).toMatchObject({
      content: 'الجهاز في المطبخ',
      senderRole: 'customer',
      channel: 'internal',
    });
    const details = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}/${at(0).id}`,
      headers: bearer(tokenA),
    });
    expect(details.json().messages).toMatchObject([{ content: 'الجهاز في المطبخ' }]);
  });
});

describe('POST /api/v1/customer/tickets/:id/cancel', () => {
  const cancel = (ticketId: string, payload: unknown, token: string | null = tokenA) =>
    t.app.inject({
      method: 'POST',
      url: `${TICKETS_URL}/${ticketId}/cancel`,
      payload: payload as Record<string, unknown>,
      headers: token ? bearer(token) : {},
    });

  it('refuses a request without a token with 401, leaving the ticket as it was', async () => {
    const response = await cancel(at(0).id, { reason: 'لم أعد بحاجة للخدمة' }, null);
    expect(response.statusCode).toBe(401);
    expect((await ticketRow(at(0).id)).status).toBe('new');
  });

  it.each([
    ['no reason', {}],
    ['a reason shorter than 3 characters', { reason: 'لا' }],
    ['an unknown field', { reason: 'لم أعد بحاجة للخدمة', status: 'completed' }],
  ])('refuses %s with 400, leaving the ticket as it was', async (_label, payload) => {
    const response = await cancel(at(0).id, payload);
    expect(response.statusCode).toBe(400);
    expect((await ticketRow(at(0).id)).status).toBe('new');
  });

  it("answers 404 for another customer's ticket, leaving it as it was", async () => {
    const response = await cancel(ticketB.id, { reason: 'لم أعد بحاجة للخدمة' });
    expect(response.statusCode).toBe(404);
    expect((await ticketRow(ticketB.id)).status).toBe('new');
  });

  it('refuses with 409 once the technician is on the way, leaving the ticket as it was', async () => {
    const ticket = await createTicketOverApi(t, { customerPhone: PHONE_A }, tokenA);
    await driveTicket(t.ctx, ticket.id, 'on_route', cast);
    const before = await ticketRow(ticket.id);
    const response = await cancel(ticket.id, { reason: 'لم أعد بحاجة للخدمة' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'invalid_transition',
      message: expect.stringContaining('on_route'),
    });
    expect(await ticketRow(ticket.id)).toEqual(before);
  });

  it('refuses with 403 while assigned (only staff may cancel then), leaving the ticket as it was', async () => {
    const before = await ticketRow(at(1).id);
    expect(before.status).toBe('assigned');
    const response = await cancel(at(1).id, { reason: 'لم أعد بحاجة للخدمة' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('role_not_permitted');
    expect(await ticketRow(at(1).id)).toEqual(before);
  });

  it('refuses with 422 a scheduled visit less than 24 hours away, leaving the ticket as it was', async () => {
    const ticket = await createTicketOverApi(t, { customerPhone: PHONE_A }, tokenA);
    await driveTicket(t.ctx, ticket.id, 'scheduled', cast);
    const soon = new Date(t.clock.now().getTime() + 12 * 3_600_000);
    await t.ctx.db.update(tickets).set({ scheduledStartAt: soon }).where(eq(tickets.id, ticket.id));
    const before = await ticketRow(ticket.id);
    const response = await cancel(ticket.id, { reason: 'لم أعد بحاجة للخدمة' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'requirement_not_met',
      message: expect.stringContaining('24 hours'),
      details: { field: 'scheduledStartAt' },
    });
    expect(await ticketRow(ticket.id)).toEqual(before);
  });

  it('cancels a scheduled visit more than 24 hours away', async () => {
    const ticket = await createTicketOverApi(t, { customerPhone: PHONE_A }, tokenA);
    await driveTicket(t.ctx, ticket.id, 'scheduled', cast);
    const response = await cancel(ticket.id, { reason: 'سافرت خارج المدينة' });
    expect(response.statusCode).toBe(200);
    expect(response.json().ticket).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'سافرت خارج المدينة',
    });
  });

  it('cancels a new ticket, recording the reason in the ticket and its timeline', async () => {
    const response = await cancel(at(0).id, { reason: '  تم إصلاح الجهاز بنفسي  ' });
    expect(response.statusCode).toBe(200);
    const { ticket } = response.json();
    expect(ticket).toMatchObject({
      id: at(0).id,
      status: 'cancelled',
      cancellationReason: 'تم إصلاح الجهاز بنفسي',
      completionType: 'cancelled',
      availableActions: [],
    });
    expect(ticket.timestamps.cancelledAt).toBe(t.clock.now().toISOString());
    const details = await t.app.inject({
      method: 'GET',
      url: `${TICKETS_URL}/${at(0).id}`,
      headers: bearer(tokenA),
    });
    expect(details.json().timeline.at(-1)).toMatchObject({
      action: 'cancel',
      toStatus: 'cancelled',
      actorRole: 'customer',
      notes: 'تم إصلاح الجهاز بنفسي',
    });
  });

  it('refuses to cancel a cancelled ticket again with 409', async () => {
    const response = await cancel(at(0).id, { reason: 'مرة أخرى' });
    expect(response.statusCode).toBe(409);
  });
});
