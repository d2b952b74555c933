import { readdir } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, ticketAttachments, ticketStatusHistory, tickets } from '../../db/schema';
import { bearer, createStaff, createTestOrganization, loginStaff, PNG_BYTES } from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';
import {
  CUSTOMER_URL,
  countTickets,
  HTML_BYTES,
  loginCustomer,
  pngOfSize,
  TICKETS_URL,
  ticketBody,
  ticketForm,
} from './customer.test-support';

let t: TestApp;
let staffToken: string;

beforeAll(async () => {
  t = await buildTestApp();
  const organizationId = await createTestOrganization(t.ctx);
  staffToken = await loginStaff(t, await createStaff(t.ctx, { organizationId, role: 'dispatcher' }));
});
afterAll(() => t.close());

async function storedFiles(): Promise<string[]> {
  return readdir(t.ctx.config.uploadDir, { recursive: true }).catch(() => []);
}

async function ticketRow(id: string) {
  const [row] = await t.ctx.db.select().from(tickets).where(eq(tickets.id, id));
  return row;
}

describe('GET /api/v1/customer/cities', () => {
  it('lists the active service cities for the wizard, without signing in', async () => {
    const response = await t.app.inject({ method: 'GET', url: `${CUSTOMER_URL}/cities` });
    expect(response.statusCode).toBe(200);
    const { cities } = response.json();
    expect(cities.length).toBeGreaterThan(0);
    expect(cities).toContainEqual(
      expect.objectContaining({ code: 'riyadh', nameAr: expect.any(String), nameEn: expect.any(String) }),
    );
  });
});

describe('POST /api/v1/customer/tickets', () => {
  it('refuses a broken bearer token with 401 and creates nothing', async () => {
    const before = await countTickets(t);
    const response = await t.app.inject({
      method: 'POST',
      url: TICKETS_URL,
      payload: ticketBody(),
      headers: bearer('not-a-token'),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
    expect(await countTickets(t)).toBe(before);
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['a name shorter than 3 characters', { customerName: 'مح' }, 'body.customerName'],
    ['a phone that is not a Saudi mobile', { customerPhone: '0112345678' }, 'body.customerPhone'],
    ['a phone with letters', { customerPhone: '05abcdefgh' }, 'body.customerPhone'],
    ['a city outside the list', { customerCity: 'atlantis' }, 'body.customerCity'],
    ['an address shorter than 10 characters', { customerAddress: 'الرياض' }, 'body.customerAddress'],
    ['latitude 91', { latitude: 91 }, 'body.latitude'],
    ['longitude -181', { longitude: -181 }, 'body.longitude'],
    ['latitude as text', { latitude: '24.8' }, 'body.latitude'],
    ['an unknown device type', { deviceType: 'tv' }, 'body.deviceType'],
    ['an unknown time slot', { preferredTimeSlot: 'night' }, 'body.preferredTimeSlot'],
    ['an unknown warranty status', { warrantyStatus: 'maybe' }, 'body.warrantyStatus'],
    ['a problem shorter than 5 characters', { problemDescription: 'خرب' }, 'body.problemDescription'],
    [
      'a problem longer than 2000 characters',
      { problemDescription: 'أ'.repeat(2001) },
      'body.problemDescription',
    ],
    ['a missing brand', { brand: undefined }, 'body.brand'],
  ];
  it.each(invalid)('refuses %s with 400 and creates nothing', async (_label, overrides, path) => {
    const before = await countTickets(t);
    const response = await t.app.inject({ method: 'POST', url: TICKETS_URL, payload: ticketBody(overrides) });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(await countTickets(t)).toBe(before);
  });

  const smuggled: Array<[string, unknown]> = [
    ['status', 'completed'],
    ['technicianId', '8d6f7d2e-4a57-4b1f-9d55-0d3d0f8b8a11'],
    ['priority', 'urgent'],
    ['organizationId', '8d6f7d2e-4a57-4b1f-9d55-0d3d0f8b8a11'],
    ['customerId', '8d6f7d2e-4a57-4b1f-9d55-0d3d0f8b8a11'],
    ['trackingToken', 'chosen-by-the-client-123'],
  ];
  it.each(smuggled)('refuses a body that sets %s with 400 and creates nothing', async (name, value) => {
    const before = await countTickets(t);
    const response = await t.app.inject({
      method: 'POST',
      url: TICKETS_URL,
      payload: ticketBody({ [name]: value }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(await countTickets(t)).toBe(before);
  });

  it('refuses an empty JSON body with 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: TICKETS_URL,
      payload: 'null',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
  });

  describe('as multipart/form-data', () => {
    it('refuses a latitude that is not a number with 400', async () => {
      const before = await countTickets(t);
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        body: ticketForm(ticketBody({ latitude: 'north' })),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues[0].path).toBe('body.latitude');
      expect(await countTickets(t)).toBe(before);
    });

    it('refuses an unknown field (status) with 400', async () => {
      const before = await countTickets(t);
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        body: ticketForm(ticketBody({ status: 'completed' })),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
      expect(await countTickets(t)).toBe(before);
    });

    it('refuses a file in any field but invoicePhoto with 400', async () => {
      const before = await countTickets(t);
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        body: ticketForm(ticketBody({ warrantyStatus: 'yes' }), [{ name: 'photo', bytes: PNG_BYTES }]),
      });
      expect(response.statusCode).toBe(400);
      expect(await countTickets(t)).toBe(before);
    });

    it('refuses an HTML page sent as the invoice photo with 415, storing nothing', async () => {
      const before = await countTickets(t);
      const filesBefore = await storedFiles();
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        body: ticketForm(ticketBody({ warrantyStatus: 'yes' }), [
          { name: 'invoicePhoto', bytes: HTML_BYTES, filename: 'invoice.png', type: 'image/png' },
        ]),
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().error.code).toBe('unsupported_media_type');
      expect(await countTickets(t)).toBe(before);
      expect(await storedFiles()).toEqual(filesBefore);
    });

    it('refuses an invoice photo over 10 MB with 413, storing nothing', async () => {
      const before = await countTickets(t);
      const filesBefore = await storedFiles();
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        body: ticketForm(ticketBody({ warrantyStatus: 'yes' }), [
          { name: 'invoicePhoto', bytes: pngOfSize(10 * 1024 * 1024 + 1) },
        ]),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('payload_too_large');
      expect(await countTickets(t)).toBe(before);
      expect(await storedFiles()).toEqual(filesBefore);
    });

    it('creates the ticket with its invoice photo, reading numbers from text', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        body: ticketForm(
          ticketBody({
            customerPhone: '0551000001',
            warrantyStatus: 'yes',
            invoiceNumber: 'INV-2026-118',
            serialNumber: 'SN-55',
            model: '',
            latitude: '24.7136',
            longitude: '46.6753',
          }),
          [{ name: 'invoicePhoto', bytes: PNG_BYTES, filename: 'invoice.png' }],
        ),
      });
      expect(response.statusCode, response.body).toBe(201);
      const { ticket } = response.json();
      const row = await ticketRow(ticket.id);
      expect(row).toMatchObject({
        latitude: 24.7136,
        longitude: 46.6753,
        model: null,
        warrantyStatus: 'yes',
        invoiceNumber: 'INV-2026-118',
        serialNumber: 'SN-55',
        attachmentBytes: PNG_BYTES.length,
      });
      const attachments = await t.ctx.db
        .select()
        .from(ticketAttachments)
        .where(eq(ticketAttachments.ticketId, ticket.id));
      expect(attachments).toHaveLength(1);
      expect(attachments[0]).toMatchObject({ type: 'invoice_photo', mimeType: 'image/png' });
    });
  });

  it('creates a guest ticket: 201 with its number and tracking token, history and an SMS', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: TICKETS_URL,
      payload: ticketBody({ customerPhone: '+966 55 100 0002', formattedAddress: 'Al Narjis, Riyadh' }),
    });
    expect(response.statusCode).toBe(201);
    const { ticket } = response.json();
    expect(Object.keys(ticket).sort()).toEqual(['id', 'ticketNumber', 'trackingToken']);
    expect(ticket.ticketNumber).toMatch(/^TK-\d{6,}$/);
    expect(ticket.trackingToken).toMatch(/^[A-Za-z0-9_-]{22,}$/);

    const row = await ticketRow(ticket.id);
    expect(row).toMatchObject({
      status: 'new',
      priority: 'normal',
      customerPhone: '0551000002',
      customerCity: 'riyadh',
      formattedAddress: 'Al Narjis, Riyadh',
      createdById: null,
      technicianId: null,
    });
    const history = await t.ctx.db
      .select()
      .from(ticketStatusHistory)
      .where(eq(ticketStatusHistory.ticketId, ticket.id));
    expect(history).toMatchObject([{ action: 'create', toStatus: 'new', actorRole: 'customer' }]);
    const sms = (await t.outboxMessages()).find(
      (message) => message.template === 'ticket_created' && message.ticketId === ticket.id,
    );
    expect(sms?.recipient).toBe('0551000002');
    expect(sms?.text).toContain(ticket.trackingToken);
  });

  it('numbers tickets with six digits at least and keeps every digit past TK-999999', async () => {
    await t.ctx.pool.query(`SELECT setval('ticket_number_seq', 999998)`);
    const numbers: string[] = [];
    for (const phone of ['0551000101', '0551000102']) {
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        payload: ticketBody({ customerPhone: phone }),
      });
      expect(response.statusCode).toBe(201);
      numbers.push(response.json().ticket.ticketNumber);
    }
    expect(numbers).toEqual(['TK-999999', 'TK-1000000']);
  });

  it('treats a staff token on the public form as a guest', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: TICKETS_URL,
      payload: ticketBody({ customerPhone: '0551000003' }),
      headers: bearer(staffToken),
    });
    expect(response.statusCode).toBe(201);
    const row = await ticketRow(response.json().ticket.id);
    expect(row?.createdById).toBeNull();
    const [customer] = await t.ctx.db.select().from(customers).where(eq(customers.phone, '0551000003'));
    expect(customer?.userId).toBeNull();
  });

  describe('signed in as a customer', () => {
    it('refuses a phone other than the one signed in with (400), creating nothing', async () => {
      const { accessToken } = await loginCustomer(t, '0551000004');
      const before = await countTickets(t);
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        payload: ticketBody({ customerPhone: '0551000005' }),
        headers: bearer(accessToken),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues[0].path).toBe('body.customerPhone');
      expect(await countTickets(t)).toBe(before);
    });

    it('files the ticket under the account, and it shows in My tickets at once', async () => {
      const { accessToken, user } = await loginCustomer(t, '0551000006');
      expect(user.customerId).toBeNull();
      const response = await t.app.inject({
        method: 'POST',
        url: TICKETS_URL,
        payload: ticketBody({ customerPhone: '+966551000006' }),
        headers: bearer(accessToken),
      });
      expect(response.statusCode).toBe(201);
      const { ticket } = response.json();
      const row = await ticketRow(ticket.id);
      expect(row?.createdById).toBe(user.id);
      const [customer] = await t.ctx.db.select().from(customers).where(eq(customers.phone, '0551000006'));
      expect(customer?.userId).toBe(user.id);

      const mine = await t.app.inject({ method: 'GET', url: TICKETS_URL, headers: bearer(accessToken) });
      expect(mine.statusCode).toBe(200);
      expect(mine.json().tickets.map((item: { id: string }) => item.id)).toEqual([ticket.id]);
    });
  });
});
