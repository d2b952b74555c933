// Issue 3 "done when", end to end with the real delivery adapters pointed at local servers: a ticket
// left unassigned for more than 2 hours is escalated once (L1, assignment_delay); its owners — the
// supervisors (seed 000 §7.1) — hear of it by SMS (a phone) or e-mail (only an address); the ticket
// shows the escalation note and a breached SLA; resolving the escalation tells the assigned technician
// the resolution notes; sweeping again creates and sends nothing new.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalations, notificationOutbox } from '../../src/server/db/schema';
import {
  type HttpEndpoint,
  type ReceivedMail,
  type RecordedRequest,
  type SmtpEndpoint,
  startHttpEndpoint,
  startSmtpEndpoint,
} from '../../src/server/integrations/test-endpoints';
import {
  bearer,
  createStaff,
  createTestOrganization,
  loginStaff,
  type TestUser,
} from '../../src/server/test/factories';
import { buildTestApp, type TestApp } from '../../src/server/test/helper';

const MINUTE = 60_000;
const SUPERVISOR_PHONE = '0507770001';
const SUPERVISOR_EMAIL = 'sara.supervisor@fieldline.test';
const TECHNICIAN_PHONE = '0507770003';
const CUSTOMER_PHONE = '0551234567';
const RESOLUTION = 'Called the customer and sent Khalid; visit booked for this afternoon';

let t: TestApp;
let sms: HttpEndpoint;
let smtp: SmtpEndpoint;
let admin: TestUser;
let technician: TestUser;

beforeAll(async () => {
  sms = await startHttpEndpoint((request) => ({
    status: 201,
    json: { sid: `SM-${request.headers['idempotency-key']}` },
  }));
  smtp = await startSmtpEndpoint();
  t = await buildTestApp({
    env: {
      FIELDLINE_SMS_URL: `${sms.url}/messages`,
      FIELDLINE_SMS_FROM: 'Fieldline',
      FIELDLINE_SMS_AUTH_HEADER: 'Basic ZmllbGRsaW5lOnNlY3JldA==',
      FIELDLINE_SMTP_URL: smtp.url,
      FIELDLINE_SMTP_FROM: 'Fieldline <noreply@fieldline.test>',
    },
  });
  const organizationId = await createTestOrganization(t.ctx);
  admin = await createStaff(t.ctx, { organizationId, role: 'admin', name: 'Aisha Admin' });
  await createStaff(t.ctx, {
    organizationId,
    role: 'supervisor',
    name: 'Saad Supervisor',
    phone: SUPERVISOR_PHONE,
  });
  await createStaff(t.ctx, {
    organizationId,
    role: 'supervisor',
    name: 'Sara Supervisor',
    email: SUPERVISOR_EMAIL,
  });
  technician = await createStaff(t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Khalid Tech',
    phone: TECHNICIAN_PHONE,
  });
});

afterAll(async () => {
  await t?.close();
  await sms?.close();
  await smtp?.close();
});

const smsTo = (phone: string): Array<Record<string, string>> =>
  sms.requests
    .map((request: RecordedRequest) => Object.fromEntries(new URLSearchParams(request.body)))
    .filter((form) => form.To === phone);

/** The text of a received mail, whatever transfer encoding nodemailer chose for it. */
function mailText(mail: ReceivedMail): string {
  const encoding = (mail.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(mail.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = mail.body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes);
  }
  return mail.body;
}

async function post(url: string, payload?: object) {
  const token = await loginStaff(t, admin);
  return t.app.inject({
    method: 'POST',
    url,
    headers: bearer(token),
    ...(payload ? { payload } : {}),
  });
}

async function get(url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: bearer(await loginStaff(t, admin)) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('a ticket left unassigned for more than 2 hours', () => {
  let ticketId: string;
  let ticketNumber: string;
  let escalationId: string;

  it('is created by a customer through the public API', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customer/tickets',
      payload: {
        customerName: 'عبدالله القحطاني',
        customerPhone: CUSTOMER_PHONE,
        customerCity: 'riyadh',
        customerAddress: 'حي الملقا، شارع أنس بن مالك، مبنى 12',
        latitude: 24.81,
        longitude: 46.61,
        deviceType: 'ac',
        brand: 'Gree',
        problemDescription: 'المكيف يصدر صوتاً ولا يبرد',
        preferredTimeSlot: 'morning',
        warrantyStatus: 'no',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    ({ id: ticketId, ticketNumber } = response.json().ticket);
  });

  it('is not escalated at 1 h 59 min', async () => {
    t.clock.advance(119 * MINUTE);
    const response = await post('/api/v1/admin/sla/sweep', { ruleIds: ['SLA-001'] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().escalated).toBe(0);
    await t.ctx.outbox.flush();
    expect(smsTo(SUPERVISOR_PHONE)).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
  });

  it('is escalated once at 2 h 1 min: L1 assignment_delay', async () => {
    t.clock.advance(2 * MINUTE);
    const response = await post('/api/v1/admin/sla/sweep');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ escalated: 1 });

    const rows = await t.ctx.db.select().from(escalations).where(eq(escalations.ticketId, ticketId));
    expect(rows).toEqual([
      expect.objectContaining({
        ruleId: 'SLA-001',
        level: 'L1',
        type: 'assignment_delay',
        ownerRole: 'supervisor',
        isResolved: false,
      }),
    ]);
    escalationId = rows[0]?.id ?? '';

    const list = await get('/api/v1/admin/escalations?isResolved=false');
    expect(list.escalations).toEqual([
      expect.objectContaining({ id: escalationId, ticketNumber, level: 'L1', type: 'assignment_delay' }),
    ]);
  });

  it('reaches the supervisor with a phone by SMS and the one with only an e-mail by SMTP', async () => {
    await t.ctx.outbox.flush();

    const texts = smsTo(SUPERVISOR_PHONE);
    expect(texts).toHaveLength(1);
    expect(texts[0]?.From).toBe('Fieldline');
    expect(texts[0]?.Body).toContain(ticketNumber);
    expect(texts[0]?.Body).toContain('L1');

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail?.to).toEqual([SUPERVISOR_EMAIL]);
    expect(mail?.headers.subject).toBe(`Fieldline: escalation created (${ticketNumber})`);
    expect(mailText(mail as ReceivedMail)).toContain(ticketNumber);

    const outbox = await t.ctx.db
      .select({ channel: notificationOutbox.channel, status: notificationOutbox.status })
      .from(notificationOutbox)
      .where(eq(notificationOutbox.template, 'escalation_created'));
    expect(outbox.sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: 'email', status: 'sent' },
      { channel: 'sms', status: 'sent' },
    ]);
  });

  it('shows the escalation note and a breached SLA on the ticket details', async () => {
    const detail = await get(`/api/v1/admin/tickets/${ticketId}`);
    expect(detail.ticket.sla).toMatchObject({ state: 'breached', targetId: 'SLA-001' });
    expect(detail.notes).toEqual([
      expect.objectContaining({
        kind: 'escalation',
        authorRole: 'system',
        content: expect.stringContaining('L1'),
      }),
    ]);
    expect(detail.escalations).toEqual([expect.objectContaining({ id: escalationId, isResolved: false })]);
  });

  it('once assigned and resolved with notes, tells the technician the resolution by SMS', async () => {
    const assigned = await post(`/api/v1/admin/tickets/${ticketId}/assign`, {
      technicianId: technician.principal.technicianId,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);

    const resolved = await post(`/api/v1/admin/escalations/${escalationId}/resolve`, {
      resolutionNotes: RESOLUTION,
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().escalation).toMatchObject({ isResolved: true, resolutionNotes: RESOLUTION });

    await t.ctx.outbox.flush();
    const withNotes = smsTo(TECHNICIAN_PHONE).filter((form) => form.Body?.includes(RESOLUTION));
    expect(withNotes).toHaveLength(1);
    expect(withNotes[0]?.Body).toContain(ticketNumber);
  });

  it('creates and delivers nothing more when swept again', async () => {
    const requestsBefore = sms.requests.length;
    const mailsBefore = smtp.mails.length;
    const outboxBefore = (await t.ctx.db.select({ id: notificationOutbox.id }).from(notificationOutbox))
      .length;

    const response = await post('/api/v1/admin/sla/sweep');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().escalated).toBe(0);
    await t.ctx.outbox.flush();

    expect(await t.ctx.db.select().from(escalations).where(eq(escalations.ticketId, ticketId))).toHaveLength(
      1,
    );
    expect((await t.ctx.db.select({ id: notificationOutbox.id }).from(notificationOutbox)).length).toBe(
      outboxBefore,
    );
    expect(sms.requests.length).toBe(requestsBefore);
    expect(smtp.mails.length).toBe(mailsBefore);
    const detail = await get(`/api/v1/admin/tickets/${ticketId}`);
    expect(detail.notes.filter((note: { kind: string }) => note.kind === 'escalation')).toHaveLength(1);
  });
});
