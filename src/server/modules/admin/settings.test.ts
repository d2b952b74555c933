import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cities, notificationOutbox, settings, slaConfigs } from '../../db/schema';
import { createTestTicket } from '../../test/factories';
import { enqueueNotifications } from '../notifications/outbox';
import { type AdminWorld, auditRows, buildAdminWorld, foreignTicket } from './admin-test-kit';

let w: AdminWorld;
let foreignOrganizationId: string;

beforeAll(async () => {
  w = await buildAdminWorld();
  foreignOrganizationId = (await foreignTicket(w.t.ctx)).organizationId;
});
afterAll(() => w.t.close());

const CITIES_URL = '/api/v1/admin/cities';
const TEMPLATES_URL = '/api/v1/admin/notification-templates';

const cityCount = async () =>
  (
    await w.t.ctx.db
      .select({ total: count() })
      .from(cities)
      .where(eq(cities.organizationId, w.organizationId))
  )[0]?.total;

const templateRows = () =>
  w.t.ctx.db
    .select()
    .from(settings)
    .where(and(eq(settings.organizationId, w.organizationId), like(settings.key, 'notification_template:%')));

const publicCityCodes = async () => {
  const response = await w.t.app.inject({ method: 'GET', url: '/api/v1/customer/cities' });
  return (response.json().cities as Array<{ code: string }>).map((city) => city.code);
};

const validCity = { code: 'alula', nameAr: 'العلا', nameEn: 'AlUla', latitude: 26.6, longitude: 37.92 };

describe('admin cities', () => {
  it('refuses a request without a token with 401', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: CITIES_URL })).statusCode).toBe(401);
  });

  it('refuses a technician reading and a dispatcher writing with 403', async () => {
    const read = await w.t.app.inject({ method: 'GET', url: CITIES_URL, headers: w.as.technician });
    expect(read.statusCode).toBe(403);
    const write = await w.t.app.inject({
      method: 'POST',
      url: CITIES_URL,
      headers: w.as.dispatcher,
      payload: validCity,
    });
    expect(write.statusCode).toBe(403);
  });

  it.each([
    ['a code with capitals and spaces', { ...validCity, code: 'AlUla Governorate' }, 'body.code'],
    ['an Arabic name in Latin letters', { ...validCity, nameAr: 'Abha' }, 'body.nameAr'],
    ['an English name in Arabic letters', { ...validCity, nameEn: 'أبها' }, 'body.nameEn'],
    ['a latitude without a longitude', { ...validCity, longitude: null }, 'body.longitude'],
    ['a latitude out of range', { ...validCity, latitude: 123 }, 'body.latitude'],
    ['an unknown field', { ...validCity, population: 5 }, 'body'],
  ])('refuses %s with 400 and saves nothing', async (_label, payload, path) => {
    const before = await cityCount();
    const response = await w.t.app.inject({ method: 'POST', url: CITIES_URL, headers: w.as.admin, payload });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(await cityCount()).toBe(before);
  });

  it('adds a city, audits it, and the customer wizard lists it at once', async () => {
    const response = await w.t.app.inject({
      method: 'POST',
      url: CITIES_URL,
      headers: w.as.admin,
      payload: validCity,
    });
    expect(response.statusCode).toBe(201);
    const { city } = response.json();
    expect(city).toEqual({
      id: expect.any(String),
      ...validCity,
      isActive: true,
      createdAt: expect.any(String),
    });
    expect(await auditRows(w.t.ctx, city.id, 'city.create')).toHaveLength(1);
    expect(await publicCityCodes()).toContain('alula');
  });

  it('refuses a second city with the same code in the organisation with 409', async () => {
    const before = await cityCount();
    const response = await w.t.app.inject({
      method: 'POST',
      url: CITIES_URL,
      headers: w.as.admin,
      payload: { ...validCity, nameEn: 'AlUla again' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details).toEqual({ field: 'code' });
    expect(await cityCount()).toBe(before);
  });

  it('lists the organisation’s cities only, filtered by status, paginated', async () => {
    const response = await w.t.app.inject({
      method: 'GET',
      url: `${CITIES_URL}?status=active&limit=2&page=1`,
      headers: w.as.dispatcher,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.cities).toHaveLength(2);
    expect(body.total).toBe(await cityCount());
    const all = await w.t.app.inject({ method: 'GET', url: `${CITIES_URL}?limit=100`, headers: w.as.admin });
    const ids = (all.json().cities as Array<{ id: string }>).map((city) => city.id);
    const foreign = await w.t.ctx.db
      .select({ id: cities.id })
      .from(cities)
      .where(eq(cities.organizationId, foreignOrganizationId));
    expect(foreign.length).toBeGreaterThan(0);
    for (const row of foreign) expect(ids).not.toContain(row.id);
  });

  it('renames a city; another organisation’s city is 404', async () => {
    const [alula] = await w.t.ctx.db.select().from(cities).where(eq(cities.code, 'alula'));
    const response = await w.t.app.inject({
      method: 'PUT',
      url: `${CITIES_URL}/${alula?.id}`,
      headers: w.as.admin,
      payload: { nameAr: 'محافظة العلا', nameEn: 'AlUla Governorate', latitude: null, longitude: null },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().city).toMatchObject({
      code: 'alula',
      nameEn: 'AlUla Governorate',
      latitude: null,
    });
    const [foreign] = await w.t.ctx.db
      .select({ id: cities.id })
      .from(cities)
      .where(eq(cities.organizationId, foreignOrganizationId));
    const refused = await w.t.app.inject({
      method: 'PUT',
      url: `${CITIES_URL}/${foreign?.id}`,
      headers: w.as.admin,
      payload: { nameAr: 'الرياض', nameEn: 'Hijacked' },
    });
    expect(refused.statusCode).toBe(404);
    const [unchanged] = await w.t.ctx.db
      .select()
      .from(cities)
      .where(eq(cities.id, foreign?.id ?? ''));
    expect(unchanged?.nameEn).not.toBe('Hijacked');
  });

  it('deletes a city nothing refers to', async () => {
    const [alula] = await w.t.ctx.db.select().from(cities).where(eq(cities.code, 'alula'));
    const response = await w.t.app.inject({
      method: 'DELETE',
      url: `${CITIES_URL}/${alula?.id}`,
      headers: w.as.admin,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().outcome).toBe('deleted');
    expect(
      await w.t.ctx.db
        .select()
        .from(cities)
        .where(eq(cities.id, alula?.id ?? '')),
    ).toHaveLength(0);
    expect(await auditRows(w.t.ctx, alula?.id ?? '', 'city.delete')).toHaveLength(1);
  });

  it('deactivates a city tickets use instead of deleting it; new tickets cannot choose it', async () => {
    await createTestTicket(w.t.ctx, { customerCity: 'dammam' });
    const [dammam] = await w.t.ctx.db
      .select()
      .from(cities)
      .where(and(eq(cities.organizationId, w.organizationId), eq(cities.code, 'dammam')));
    const response = await w.t.app.inject({
      method: 'DELETE',
      url: `${CITIES_URL}/${dammam?.id}`,
      headers: w.as.admin,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      outcome: 'deactivated',
      city: { code: 'dammam', isActive: false },
    });
    expect(await publicCityCodes()).not.toContain('dammam');
    await expect(createTestTicket(w.t.ctx, { customerCity: 'dammam' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('admin notification templates', () => {
  const put = (name: string, locale: string, payload: object, headers = w.as.admin) =>
    w.t.app.inject({ method: 'PUT', url: `${TEMPLATES_URL}/${name}/${locale}`, headers, payload });

  it('refuses a request without a token with 401 and a technician with 403', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: TEMPLATES_URL })).statusCode).toBe(401);
    const technician = await w.t.app.inject({ method: 'GET', url: TEMPLATES_URL, headers: w.as.technician });
    expect(technician.statusCode).toBe(403);
  });

  it('lists every event with its placeholders and built-in texts in both languages', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: TEMPLATES_URL, headers: w.as.admin });
    expect(response.statusCode).toBe(200);
    const created = response
      .json()
      .templates.find((template: { name: string }) => template.name === 'ticket_created');
    expect(created).toEqual({
      name: 'ticket_created',
      placeholders: ['ticketNumber', 'trackingToken'],
      requiredPlaceholders: [],
      locales: {
        ar: { builtIn: 'تم استلام طلبك {{ticketNumber}}. رمز التتبع: {{trackingToken}}', override: null },
        en: {
          builtIn: 'We received your request {{ticketNumber}}. Tracking code: {{trackingToken}}',
          override: null,
        },
      },
    });
  });

  it.each([
    ['an unknown placeholder', 'ticket_created', 'en', { body: 'Hi {{customerName}} {{ticketNumber}}' }, 400],
    ['an unknown placeholder in the subject', 'ticket_created', 'en', { subject: '{{x}}', body: 'ok' }, 400],
    ['a broken placeholder', 'ticket_created', 'en', { body: 'Request {{ticketNumber} received' }, 400],
    ['a sign-in code text without the code', 'otp_login', 'ar', { body: 'مرحباً بك في فيلدلاين' }, 400],
    ['a code in the subject', 'otp_login', 'en', { subject: 'Code {{code}}', body: 'Code {{code}}' }, 400],
    ['an empty body', 'ticket_created', 'en', { body: '   ' }, 400],
    ['a language other than ar and en', 'ticket_created', 'fr', { body: 'Bonjour' }, 400],
    ['an unknown event', 'ticket_exploded', 'en', { body: 'Boom' }, 404],
  ])('refuses %s and saves nothing', async (_label, name, locale, payload, status) => {
    const response = await put(name, locale, payload);
    expect(response.statusCode).toBe(status);
    expect(await templateRows()).toHaveLength(0);
  });

  it('names the placeholders the event allows when one is unknown', async () => {
    const response = await put('ticket_created', 'en', { body: 'Hi {{customerName}}' });
    expect(response.json().error.details.issues).toEqual([
      {
        path: 'body.body',
        message:
          'Unknown placeholder {{customerName}}: this message can use {{ticketNumber}}, {{trackingToken}}.',
      },
    ]);
  });

  it('refuses a dispatcher with 403', async () => {
    expect(
      (await put('ticket_created', 'en', { body: 'x {{ticketNumber}}' }, w.as.dispatcher)).statusCode,
    ).toBe(403);
  });

  it('saves an override per language, audited; the new ticket’s SMS is delivered with it', async () => {
    const english = await put('ticket_created', 'en', { body: 'Request {{ticketNumber}} received.' });
    expect(english.statusCode).toBe(200);
    const response = await put('ticket_created', 'ar', {
      subject: 'طلبك {{ticketNumber}}',
      body: 'شكراً! طلبك {{ticketNumber}} وصلنا. تتبعه بالرمز {{trackingToken}}',
    });
    expect(response.statusCode).toBe(200);
    const { locales } = response.json().template;
    expect(locales.ar.override).toMatchObject({
      subject: 'طلبك {{ticketNumber}}',
      body: 'شكراً! طلبك {{ticketNumber}} وصلنا. تتبعه بالرمز {{trackingToken}}',
    });
    expect(locales.en.override).toMatchObject({ subject: null, body: 'Request {{ticketNumber}} received.' });
    for (const row of await templateRows()) {
      expect(await auditRows(w.t.ctx, row.id, 'notification_template.save')).toHaveLength(1);
    }

    // The organisation writes to its customers in Arabic (its default language).
    const ticket = await createTestTicket(w.t.ctx, { customerPhone: '0551112233' });
    const delivered = (await w.t.outboxMessages()).find((line) => line.ticketId === ticket.id);
    expect(delivered).toMatchObject({
      template: 'ticket_created',
      locale: 'ar',
      text: `شكراً! طلبك ${ticket.ticketNumber} وصلنا. تتبعه بالرمز ${ticket.trackingToken}`,
      subject: `طلبك ${ticket.ticketNumber}`,
    });
  });

  it('sends the built-in text again once the override is reset', async () => {
    const response = await w.t.app.inject({
      method: 'DELETE',
      url: `${TEMPLATES_URL}/ticket_created/ar`,
      headers: w.as.admin,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().template.locales.ar.override).toBeNull();
    const ticket = await createTestTicket(w.t.ctx, { customerPhone: '0551112244' });
    const delivered = (await w.t.outboxMessages()).find((line) => line.ticketId === ticket.id);
    expect(delivered?.text).toBe(
      `تم استلام طلبك ${ticket.ticketNumber}. رمز التتبع: ${ticket.trackingToken}`,
    );
    expect(delivered).not.toHaveProperty('subject');
  });

  it('uses the override for messages written through the outbox, with the built-in text elsewhere', async () => {
    const saved = await put('parts_received', 'ar', { body: 'قطع الغيار وصلت للطلب {{ticketNumber}} ✅' });
    expect(saved.statusCode).toBe(200);
    const message = {
      channel: 'sms' as const,
      recipient: '0501110001',
      template: 'parts_received',
      vars: { ticketNumber: 'TK-777777' },
    };
    await enqueueNotifications(w.t.ctx.db, [
      { ...message, organizationId: w.organizationId, locale: 'ar', dedupeKey: 'settings-test-ar' },
      { ...message, organizationId: w.organizationId, locale: 'en', dedupeKey: 'settings-test-en' },
      { ...message, organizationId: foreignOrganizationId, locale: 'ar', dedupeKey: 'settings-test-foreign' },
    ]);
    const rows = await w.t.ctx.db
      .select({ dedupeKey: notificationOutbox.dedupeKey, text: notificationOutbox.text })
      .from(notificationOutbox)
      .where(like(notificationOutbox.dedupeKey, 'settings-test-%'));
    const textOf = (key: string) => rows.find((row) => row.dedupeKey === key)?.text;
    expect(textOf('settings-test-ar')).toBe('قطع الغيار وصلت للطلب TK-777777 ✅');
    expect(textOf('settings-test-en')).toBe('The spare parts for ticket TK-777777 have arrived.');
    expect(textOf('settings-test-foreign')).toBe('وصلت قطع الغيار للتذكرة TK-777777.');
  });

  it('resets the other override too', async () => {
    const response = await w.t.app.inject({
      method: 'DELETE',
      url: `${TEMPLATES_URL}/parts_received/ar`,
      headers: w.as.admin,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().template.locales.ar.override).toBeNull();
    const keys = (await templateRows()).map((row) => row.key);
    expect(keys).toEqual(['notification_template:ticket_created:en']);
  });
});

describe('SLA rules on the settings page', () => {
  const ruleRow = async (ruleId: string) => {
    const [row] = await w.t.ctx.db
      .select()
      .from(slaConfigs)
      .where(and(eq(slaConfigs.organizationId, w.organizationId), eq(slaConfigs.ruleId, ruleId)));
    if (!row) throw new Error(`no ${ruleId}`);
    return row;
  };
  const put = async (ruleId: string, payload: object) =>
    w.t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/sla-configs/${(await ruleRow(ruleId)).id}`,
      headers: w.as.admin,
      payload,
    });

  it('refuses a negative threshold with a message that says so, and changes nothing', async () => {
    const response = await put('SLA-002', { thresholdMinutes: -5, ownerRole: 'manager' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues).toEqual([
      {
        path: 'body.thresholdMinutes',
        message: 'The threshold must be 0 minutes or more: a negative threshold is not allowed.',
      },
    ]);
    expect(await ruleRow('SLA-002')).toMatchObject({ thresholdMinutes: 240, ownerRole: 'supervisor' });
  });

  it('refuses an owner role that cannot own escalations', async () => {
    const response = await put('SLA-002', { ownerRole: 'technician' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].path).toBe('body.ownerRole');
    expect((await ruleRow('SLA-002')).ownerRole).toBe('supervisor');
  });

  it('changes the owner role with the threshold, audited', async () => {
    const response = await put('SLA-002', { thresholdMinutes: 300, ownerRole: 'manager' });
    expect(response.statusCode).toBe(200);
    expect(response.json().config).toMatchObject({ thresholdMinutes: 300, ownerRole: 'manager' });
    const row = await ruleRow('SLA-002');
    const [audit] = await auditRows(w.t.ctx, row.id, 'sla_config.update');
    expect(audit?.oldValue).toMatchObject({ thresholdMinutes: 240, ownerRole: 'supervisor' });
    expect(audit?.newValue).toMatchObject({ thresholdMinutes: 300, ownerRole: 'manager' });
  });
});
