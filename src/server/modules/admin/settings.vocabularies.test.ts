// Issue 7: device types and time slots keep their codes, but each organisation names them and stops
// offering some; the customer catalogue and ticket creation follow at once.
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings, tickets } from '../../db/schema';
import { CUSTOMER_URL, TICKETS_URL, ticketBody } from '../customer/customer.test-support';
import { type AdminWorld, auditRows, buildAdminWorld, foreignTicket } from './admin-test-kit';

let w: AdminWorld;
let foreignOrganizationId: string;

beforeAll(async () => {
  w = await buildAdminWorld();
  foreignOrganizationId = (await foreignTicket(w.t.ctx)).organizationId;
});
afterAll(() => w.t.close());

const URL = '/api/v1/admin/vocabularies';
const put = (path: string, payload: object, headers = w.as.admin) =>
  w.t.app.inject({ method: 'PUT', url: `${URL}/${path}`, headers, payload });

const vocabularyRows = (organizationId = w.organizationId) =>
  w.t.ctx.db
    .select()
    .from(settings)
    .where(
      and(eq(settings.organizationId, organizationId), inArray(settings.key, ['device_types', 'time_slots'])),
    );

const ticketCount = async () =>
  (
    await w.t.ctx.db.select({ n: count() }).from(tickets).where(eq(tickets.organizationId, w.organizationId))
  )[0]?.n;

const catalog = async () => {
  const response = await w.t.app.inject({ method: 'GET', url: `${CUSTOMER_URL}/catalog` });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    deviceTypes: Array<{ code: string; nameAr: string | null; nameEn: string | null }>;
    timeSlots: Array<{ code: string; nameAr: string | null; nameEn: string | null; startHour: number }>;
  };
};

const keep = { nameAr: null, nameEn: null, isActive: true };

describe('admin device types and time slots: refusals', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
    expect(
      (await w.t.app.inject({ method: 'PUT', url: `${URL}/device-types/ac`, payload: keep })).statusCode,
    ).toBe(401);
  });

  it('refuses a technician reading and a dispatcher or manager writing with 403, changing nothing', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: URL, headers: w.as.technician })).statusCode).toBe(
      403,
    );
    const renamed = { nameAr: 'مكيف هواء', nameEn: 'Cooling', isActive: true };
    expect((await put('device-types/ac', renamed, w.as.dispatcher)).statusCode).toBe(403);
    expect((await put('device-types/ac', renamed, w.as.manager)).statusCode).toBe(403);
    expect(await vocabularyRows()).toHaveLength(0);
  });

  it.each([
    ['an empty Arabic name', { ...keep, nameAr: '   ' }, 'body.nameAr'],
    ['an English name of 61 characters', { ...keep, nameEn: 'A'.repeat(61) }, 'body.nameEn'],
    ['an Arabic name in Latin letters', { ...keep, nameAr: 'Mukayyif' }, 'body.nameAr'],
    ['an English name in Arabic letters', { ...keep, nameEn: 'مكيف' }, 'body.nameEn'],
    ['a missing isActive', { nameAr: null, nameEn: null }, 'body.isActive'],
    ['an unknown field', { ...keep, code: 'tv' }, 'body'],
  ])('refuses %s with 400 and saves nothing', async (_label, payload, path) => {
    const response = await put('device-types/ac', payload);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(await vocabularyRows()).toHaveLength(0);
  });

  it('says which rule an Arabic name in Latin letters breaks', async () => {
    const response = await put('time-slots/morning', { ...keep, nameAr: 'Sabah' });
    expect(response.json().error.details.issues).toEqual([
      { path: 'body.nameAr', message: 'Write the Arabic name in Arabic letters.' },
    ]);
  });

  it('refuses a code outside the fixed list with 404 and an unknown list with 400', async () => {
    const unknownCode = await put('device-types/tv', keep);
    expect(unknownCode.statusCode).toBe(404);
    expect(unknownCode.json().error.message).toBe('There is no device type "tv".');
    expect((await put('colours/ac', keep)).statusCode).toBe(400);
    expect(await vocabularyRows()).toHaveLength(0);
  });
});

describe('admin device types and time slots: changes', () => {
  it('lists every fixed code with its built-in names and hours to staff who plan work', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: URL, headers: w.as.dispatcher });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.deviceTypes.map((entry: { code: string }) => entry.code)).toEqual([
      'ac',
      'washer',
      'fridge',
      'oven',
      'dishwasher',
      'other',
    ]);
    expect(body.timeSlots[0]).toEqual({
      code: 'morning',
      nameAr: null,
      nameEn: null,
      isActive: true,
      startHour: 8,
      endHour: 12,
    });
  });

  it('renames a device type in both languages, audited; the customer catalogue shows the names', async () => {
    const response = await put('device-types/ac', {
      nameAr: ' مكيف سبليت ',
      nameEn: 'Split air conditioner',
      isActive: true,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().deviceTypes[0]).toEqual({
      code: 'ac',
      nameAr: 'مكيف سبليت',
      nameEn: 'Split air conditioner',
      isActive: true,
    });
    const [row] = await vocabularyRows();
    const [audit] = await auditRows(w.t.ctx, row?.id ?? '', 'vocabulary.update');
    expect(audit?.oldValue).toEqual({
      key: 'device_types',
      code: 'ac',
      nameAr: null,
      nameEn: null,
      isActive: true,
    });
    expect(audit?.newValue).toMatchObject({
      key: 'device_types',
      code: 'ac',
      nameEn: 'Split air conditioner',
    });
    expect((await catalog()).deviceTypes[0]).toEqual({
      code: 'ac',
      nameAr: 'مكيف سبليت',
      nameEn: 'Split air conditioner',
    });
  });

  it('stores the names in the admin’s organisation only', async () => {
    expect(await vocabularyRows()).toHaveLength(1);
    expect(await vocabularyRows(foreignOrganizationId)).toHaveLength(0);
  });

  it('deactivates a time slot and a device type: the catalogue leaves them out', async () => {
    expect((await put('time-slots/evening', { ...keep, isActive: false })).statusCode).toBe(200);
    expect((await put('device-types/oven', { ...keep, isActive: false })).statusCode).toBe(200);
    const offered = await catalog();
    expect(offered.timeSlots.map((slot) => slot.code)).toEqual(['morning', 'noon']);
    expect(offered.timeSlots[0]).toEqual({
      code: 'morning',
      nameAr: null,
      nameEn: null,
      startHour: 8,
      endHour: 12,
    });
    expect(offered.deviceTypes.map((type) => type.code)).not.toContain('oven');
  });

  it('still names codes no longer offered in the public names, which old tickets show', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: '/api/v1/organization/names' });
    expect(response.statusCode).toBe(200);
    const names = response.json() as {
      deviceTypes: Array<Record<string, unknown>>;
      timeSlots: Array<Record<string, unknown>>;
    };
    expect(names.deviceTypes.map((type) => type.code)).toEqual([
      'ac',
      'washer',
      'fridge',
      'oven',
      'dishwasher',
      'other',
    ]);
    expect(names.deviceTypes[0]).toEqual({
      code: 'ac',
      nameAr: 'مكيف سبليت',
      nameEn: 'Split air conditioner',
    });
    expect(names.timeSlots.find((slot) => slot.code === 'evening')).toEqual({
      code: 'evening',
      nameAr: null,
      nameEn: null,
    });
  });

  it('refuses a new ticket with an inactive device type or time slot with 422 naming the field', async () => {
    const before = await ticketCount();
    const oven = await w.t.app.inject({
      method: 'POST',
      url: TICKETS_URL,
      payload: ticketBody({ deviceType: 'oven' }),
    });
    expect(oven.statusCode).toBe(422);
    expect(oven.json().error).toMatchObject({
      code: 'unprocessable',
      message: 'The device type "oven" is not offered; choose another.',
      details: { field: 'deviceType', issues: [{ path: 'body.deviceType' }] },
    });
    const evening = await w.t.app.inject({
      method: 'POST',
      url: TICKETS_URL,
      payload: ticketBody({ preferredTimeSlot: 'evening' }),
    });
    expect(evening.statusCode).toBe(422);
    expect(evening.json().error.details.issues).toEqual([
      { path: 'body.preferredTimeSlot', message: 'The time slot "evening" is not offered; choose another.' },
    ]);
    expect(await ticketCount()).toBe(before);
  });

  it('still creates a ticket with an offered device type and slot', async () => {
    const response = await w.t.app.inject({ method: 'POST', url: TICKETS_URL, payload: ticketBody() });
    expect(response.statusCode).toBe(201);
  });

  it('refuses to deactivate the last active time slot with 422, changing nothing', async () => {
    expect((await put('time-slots/noon', { ...keep, isActive: false })).statusCode).toBe(200);
    const before = await vocabularyRows();
    const response = await put('time-slots/morning', { ...keep, isActive: false });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'unprocessable',
      message: 'At least one time slot must stay active: customers could not file a request otherwise.',
      details: { field: 'isActive' },
    });
    expect(await vocabularyRows()).toEqual(before);
    expect((await catalog()).timeSlots.map((slot) => slot.code)).toEqual(['morning']);
  });

  it('reactivates a time slot and drops a name override back to the built-in one', async () => {
    expect((await put('time-slots/evening', { ...keep, isActive: true })).statusCode).toBe(200);
    const response = await put('device-types/ac', keep);
    expect(response.statusCode).toBe(200);
    const offered = await catalog();
    expect(offered.timeSlots.map((slot) => slot.code)).toEqual(['morning', 'evening']);
    expect(offered.deviceTypes[0]).toEqual({ code: 'ac', nameAr: null, nameEn: null });
    const created = await w.t.app.inject({
      method: 'POST',
      url: TICKETS_URL,
      payload: ticketBody({ preferredTimeSlot: 'evening', customerPhone: '0551234568' }),
    });
    expect(created.statusCode).toBe(201);
  });
});
