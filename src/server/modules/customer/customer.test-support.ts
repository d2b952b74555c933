// Shared by the customer API tests: the wizard's body, form bodies, and signing in the real way (OTP).
import { count, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { ticketAttachments, tickets } from '../../db/schema';
import { PNG_BYTES } from '../../test/factories';
import type { TestApp } from '../../test/helper';

export const CUSTOMER_URL = '/api/v1/customer';
export const TICKETS_URL = `${CUSTOMER_URL}/tickets`;

export const HTML_BYTES = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');

export function ticketBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerName: 'محمد العتيبي',
    customerPhone: '0551234567',
    customerCity: 'riyadh',
    customerAddress: 'حي النرجس، شارع الأمير محمد بن سعد',
    latitude: 24.8,
    longitude: 46.65,
    deviceType: 'ac',
    brand: 'LG',
    model: 'Dual Inverter',
    problemDescription: 'المكيف لا يبرد',
    preferredTimeSlot: 'morning',
    warrantyStatus: 'no',
    ...overrides,
  };
}

/** A PNG signature followed by padding, `size` bytes in all. */
export function pngOfSize(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  PNG_BYTES.copy(bytes);
  return bytes;
}

export function blob(bytes: Buffer, type = 'application/octet-stream'): Blob {
  return new Blob([new Uint8Array(bytes)], { type });
}

/** The wizard's fields as multipart text parts, with optional files. */
export function ticketForm(
  fields: Record<string, unknown>,
  files: Array<{ name: string; bytes: Buffer; filename?: string; type?: string }> = [],
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  for (const file of files)
    form.append(file.name, blob(file.bytes, file.type), file.filename ?? 'upload.png');
  return form;
}

export async function countTickets(t: TestApp): Promise<number> {
  const [row] = await t.ctx.db.select({ n: count() }).from(tickets);
  return row?.n ?? 0;
}

export async function countAttachments(t: TestApp, ticketId: string): Promise<number> {
  const [row] = await t.ctx.db
    .select({ n: count() })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, ticketId));
  return row?.n ?? 0;
}

/** Creates a ticket through the public API (as a guest unless a token is given). */
export async function createTicketOverApi(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  token?: string,
): Promise<{ id: string; ticketNumber: string; trackingToken: string }> {
  const response = await t.app.inject({
    method: 'POST',
    url: TICKETS_URL,
    payload: ticketBody(overrides),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().ticket;
}

/** Signs a customer in the way the portal does: request a code, read it from the SMS outbox, verify. */
export async function loginCustomer(
  t: TestApp,
  phone: string,
): Promise<{ accessToken: string; user: { id: string; customerId: string | null } }> {
  const requested = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/customer/request-otp',
    payload: { phone },
  });
  expect(requested.statusCode, requested.body).toBe(200);
  const messages = await t.outboxMessages();
  const sms = messages
    .filter((message) => message.template === 'otp_login' && message.recipient === phone)
    .at(-1);
  expect(sms).toBeDefined();
  const verified = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/customer/verify-otp',
    payload: { phone, otp: String(sms?.payload.code) },
  });
  expect(verified.statusCode, verified.body).toBe(200);
  return verified.json();
}
