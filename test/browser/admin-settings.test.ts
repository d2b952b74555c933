// Admin settings page (issue 7 item 4, seed 000 §1.2 "System Settings") in a real Chromium on a desktop:
// an admin changes an SLA threshold (a negative one is refused with the server's message, a valid one
// survives a reload), moves between tabs with the keyboard, is refused an unknown time zone, adds a
// holiday to a business calendar, adds a city and edits an English notification template with its
// preview. Axe on every tab; screenshots of every tab in both languages.
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { businessCalendars, cities, settings, slaConfigs } from '../../src/server/db/schema';
import { bearer, createStaff, createTestOrganization, type TestUser } from '../../src/server/test/factories';
import {
  axeViolations,
  type BrowserApp,
  DESKTOP,
  horizontalOverflow,
  screenshot,
  signInStaff,
  startBrowserApp,
} from './helper';

let app: BrowserApp;
let admin: TestUser;
let organizationId: string;

const WEEKDAY = [{ start: '08:00', end: '17:00' }];

beforeAll(async () => {
  app = await startBrowserApp();
  organizationId = await createTestOrganization(app.t.ctx);
  admin = await createStaff(app.t.ctx, { organizationId, role: 'admin', name: 'Noura Admin' });
  const headers = bearer(await app.t.ctx.accessTokens.sign(admin.principal, app.t.ctx.clock.now()));
  const calendar = await app.t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/sla/calendars',
    headers,
    payload: {
      name: 'Riyadh office',
      timeZone: 'Asia/Riyadh',
      weeklyHours: { '0': WEEKDAY, '1': WEEKDAY, '2': WEEKDAY, '3': WEEKDAY, '4': WEEKDAY },
      holidays: ['2026-12-01'],
      isDefault: true,
    },
  });
  expect(calendar.statusCode).toBe(201);
  const policy = await app.t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/sla/policies',
    headers,
    payload: {
      name: 'Standard service',
      calendarId: calendar.json().calendar.id,
      targets: [
        {
          id: 'response',
          kind: 'response',
          minutes: 240,
          clock: 'business',
          starts: { onCreate: true },
          stops: { onEnter: ['assigned'] },
        },
        {
          id: 'resolution',
          kind: 'resolution',
          minutes: 2880,
          clock: 'business',
          starts: { onCreate: true },
          stops: { onCategory: ['done'] },
        },
      ],
    },
  });
  expect(policy.statusCode).toBe(201);
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const newPage = (locale: 'ar' | 'en') => app.openPage({ viewport: DESKTOP, locale });

async function signIn(page: Page, next: string, locale: 'ar' | 'en') {
  await signInStaff(page, locale, admin, next);
  await page.waitForURL((url) => `${url.pathname}${url.search}` === next);
}

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await horizontalOverflow(page)).toEqual([]);
}

const ruleThreshold = async (ruleId: string) => {
  const [row] = await app.t.ctx.db
    .select({ thresholdMinutes: slaConfigs.thresholdMinutes })
    .from(slaConfigs)
    .where(and(eq(slaConfigs.organizationId, organizationId), eq(slaConfigs.ruleId, ruleId)));
  return row?.thresholdMinutes;
};

describe('admin settings', () => {
  it('edits an SLA threshold, a calendar, a city and an English template', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin/settings', 'en');
    await page.getByRole('heading', { level: 1, name: 'System settings' }).waitFor();
    await page.getByRole('tab', { name: 'SLA rules', selected: true }).waitFor();

    // SLA-001: a negative threshold is refused with the server's message and changes nothing.
    const rule = page.getByRole('form', { name: /SLA-001/ });
    const threshold = rule.getByLabel('Threshold (minutes)');
    await threshold.fill('-5');
    await rule.getByRole('button', { name: 'Save' }).click();
    await rule
      .getByText('The threshold must be 0 minutes or more: a negative threshold is not allowed.')
      .first()
      .waitFor();
    await expect.poll(() => threshold.getAttribute('aria-invalid')).toBe('true');
    expect(await ruleThreshold('SLA-001')).toBe(120);
    await expectAccessible(page);

    await threshold.fill('150');
    await rule.getByRole('button', { name: 'Save' }).click();
    await rule.getByRole('status').getByText('Saved').waitFor();
    expect(await ruleThreshold('SLA-001')).toBe(150);
    await screenshot(page, 'admin-settings-sla-en');
    await page.reload();
    await expect
      .poll(() =>
        page
          .getByRole('form', { name: /SLA-001/ })
          .getByLabel('Threshold (minutes)')
          .inputValue(),
      )
      .toBe('150');

    // The tabs follow the arrow keys, and the tab is kept in the URL.
    await page.getByRole('tab', { name: 'SLA rules' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL('**/admin/settings?tab=policies');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('SLA policies & calendars');

    // Business calendar: an unknown time zone is refused by the server and shown; then a holiday is added.
    await page.getByRole('button', { name: /Riyadh office/ }).click();
    const calendarForm = page.getByRole('form', { name: 'Edit calendar' });
    const zone = calendarForm.getByLabel('Time zone');
    await zone.fill('Mars/Olympus_Mons');
    await calendarForm.getByRole('button', { name: 'Save calendar' }).click();
    await calendarForm
      .getByText('Unknown time zone: use an IANA name such as "Asia/Riyadh".')
      .first()
      .waitFor();
    await zone.fill('Asia/Riyadh');
    await calendarForm.getByLabel('Holiday date').fill('2026-12-02');
    await calendarForm.getByRole('button', { name: 'Add holiday' }).click();
    await calendarForm.getByRole('button', { name: 'Remove the holiday 2026-12-02' }).waitFor();
    await calendarForm.getByRole('button', { name: 'Save calendar' }).click();
    await calendarForm.getByRole('status').getByText('Saved').waitFor();
    const [calendar] = await app.t.ctx.db
      .select()
      .from(businessCalendars)
      .where(eq(businessCalendars.organizationId, organizationId));
    expect(calendar?.holidays).toEqual(['2026-12-01', '2026-12-02']);
    expect(calendar?.timeZone).toBe('Asia/Riyadh');
    await page.getByRole('button', { name: /Standard service/ }).click();
    await page.getByRole('form', { name: 'Edit policy: Standard service' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-settings-policies-en');

    // Cities: a code the server refuses, then a new city in both languages.
    await page.getByRole('tab', { name: 'Cities' }).click();
    await page.waitForURL('**/admin/settings?tab=cities');
    const addCity = page.getByRole('form', { name: 'Add city' });
    await addCity.getByLabel('Code').fill('AlUla');
    await addCity.getByLabel('Name in Arabic').fill('العلا');
    await addCity.getByLabel('Name in English').fill('AlUla');
    await addCity.getByLabel('Latitude (optional)').fill('26.6');
    await addCity.getByLabel('Longitude (optional)').fill('37.92');
    await addCity.getByRole('button', { name: 'Add city' }).click();
    await addCity
      .getByText(/The code is 2 to 40 lowercase Latin letters/)
      .first()
      .waitFor();
    await addCity.getByLabel('Code').fill('alula');
    await addCity.getByRole('button', { name: 'Add city' }).click();
    await addCity.getByRole('status').getByText('Saved').waitFor();
    await page.getByRole('button', { name: 'Edit AlUla' }).waitFor();
    const [alula] = await app.t.ctx.db
      .select()
      .from(cities)
      .where(and(eq(cities.organizationId, organizationId), eq(cities.code, 'alula')));
    expect(alula).toMatchObject({ nameAr: 'العلا', nameEn: 'AlUla', latitude: 26.6, isActive: true });
    await expectAccessible(page);
    await screenshot(page, 'admin-settings-cities-en');

    for (const [tab, name] of [
      ['Device types', 'devices'],
      ['Time slots', 'slots'],
    ] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForURL(`**/admin/settings?tab=${name}`);
      await page.getByRole('heading', { level: 2, name: tab }).waitFor();
      await expectAccessible(page);
      await screenshot(page, `admin-settings-${name}-en`);
    }

    // Notification template: an unknown placeholder is refused; the English text is saved with a preview.
    await page.getByRole('tab', { name: 'Notification templates' }).click();
    await page.getByLabel('Event').selectOption({ label: 'Request received' });
    await page.getByRole('radio', { name: 'English' }).check();
    const editor = page.getByRole('form', { name: 'Request received · English' });
    const body = editor.getByLabel('Message text');
    await body.fill('Hello {{customerName}}');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await editor
      .getByText(/Unknown placeholder \{\{customerName\}\}/)
      .first()
      .waitFor();
    await body.fill('Request ');
    await editor.getByRole('button', { name: 'Insert the placeholder ticketNumber' }).click();
    await expect.poll(() => body.inputValue()).toBe('Request {{ticketNumber}}');
    await body.press('End');
    await body.pressSequentially(' is in. Follow it with code {{trackingToken}}.');
    await editor.getByLabel('Subject (e-mail and in-app title)').fill('Request {{ticketNumber}}');
    await expect
      .poll(() => editor.getByTestId('template-preview').textContent())
      .toBe('Request TK-000123 is in. Follow it with code q7Hk2xPz9Lm4.');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await editor.getByRole('status').getByText('Saved').waitFor();
    await editor.getByText('Your text is sent for this event and language.').waitFor();
    const [saved] = await app.t.ctx.db
      .select()
      .from(settings)
      .where(
        and(
          eq(settings.organizationId, organizationId),
          eq(settings.key, 'notification_template:ticket_created:en'),
        ),
      );
    expect(saved?.value).toEqual({
      subject: 'Request {{ticketNumber}}',
      body: 'Request {{ticketNumber}} is in. Follow it with code {{trackingToken}}.',
    });
    expect(page.url()).toContain('tab=templates');
    await expectAccessible(page);
    await screenshot(page, 'admin-settings-templates-en');
  });

  it('shows every tab in Arabic, right to left, with the arrow keys mirrored', async () => {
    const page = await newPage('ar');
    await signIn(page, '/admin/settings', 'ar');
    await page.getByRole('heading', { level: 1, name: 'إعدادات النظام' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page
      .getByRole('form', { name: /SLA-001/ })
      .getByLabel('الحد (بالدقائق)')
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-settings-sla-ar');

    // In right-to-left the next tab is to the left.
    await page.getByRole('tab', { name: 'قواعد SLA' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL('**/admin/settings?tab=policies');
    await page.getByRole('button', { name: /Riyadh office/ }).click();
    await page.getByRole('form', { name: 'تعديل التقويم' }).getByText('الإجازات').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-settings-policies-ar');

    const tabs = [
      ['المدن', 'cities', 'إضافة مدينة'],
      ['أنواع الأجهزة', 'devices', 'مكيف'],
      ['الفترات الزمنية', 'slots', '08:00 – 12:00'],
      ['قوالب الإشعارات', 'templates', 'النص المدمج'],
    ] as const;
    for (const [tab, name, text] of tabs) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForURL(`**/admin/settings?tab=${name}`);
      await page.getByText(text).first().waitFor();
      await expectAccessible(page);
      await screenshot(page, `admin-settings-${name}-ar`);
    }
  });

  it('renames a device type and deactivates a time slot; a customer’s wizard follows', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin/settings?tab=devices', 'en');
    await page.getByRole('button', { name: 'Rename Air conditioner' }).click();
    const rename = page.getByRole('form', { name: 'Rename ac' });
    await rename.getByLabel('Name in Arabic').fill('Split');
    await rename.getByLabel('Name in English').fill('Split AC');
    await rename.getByRole('button', { name: 'Save' }).click();
    await rename.getByText('Write the Arabic name in Arabic letters.').first().waitFor();
    await rename.getByLabel('Name in Arabic').fill('مكيف سبليت');
    await rename.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Rename Split AC' }).waitFor();

    await page.getByRole('tab', { name: 'Time slots' }).click();
    await page.getByRole('button', { name: 'Deactivate Evening (5 - 11)' }).click();
    await page.getByRole('button', { name: 'Reactivate Evening (5 - 11)' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-settings-slots-edited-en');

    // The staff screens name device types the organisation's way too: the technician form's specialties.
    await page.goto('/admin/technicians');
    await page.getByRole('button', { name: 'Add technician' }).click();
    const form = page.getByRole('dialog', { name: 'New technician' });
    await form.getByRole('checkbox', { name: 'Split AC' }).waitFor();
    expect(await form.getByRole('checkbox', { name: 'Air conditioner' }).count()).toBe(0);

    // A customer in a fresh browser context, with the first step already filled in.
    const customer = await newPage('en');
    await customer.addInitScript(() =>
      sessionStorage.setItem(
        'fieldline.createDraft',
        JSON.stringify({
          customerName: 'Noura Customer',
          customerPhone: '0551234567',
          customerCity: 'riyadh',
          customerAddress: 'King Fahd Road, Olaya district',
          latitude: 24.7,
          longitude: 46.68,
        }),
      ),
    );
    await customer.goto('/customer/create?step=2');
    await customer.getByRole('radio', { name: 'Split AC' }).waitFor();
    await customer.getByRole('radio', { name: 'Morning (8 - 12)' }).waitFor();
    expect(await customer.getByRole('radio', { name: 'Air conditioner' }).count()).toBe(0);
    expect(await customer.getByRole('radio', { name: 'Evening (5 - 11)' }).count()).toBe(0);
  });
});
