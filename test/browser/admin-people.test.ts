// Admin Technicians and Users pages (issue 7, seed 000 §1.2) in a real Chromium on a desktop: an admin
// creates a technician, edits their specialties and finds them in the list; creates a dispatcher,
// resets their password and the dispatcher signs in with it in a fresh context; the admin's attempt
// to deactivate themselves is refused in the page. Axe on each page; screenshots in both languages.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { technicians, users } from '../../src/server/db/schema';
import {
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  type TestUser,
} from '../../src/server/test/factories';
import { axeViolations, type BrowserApp, DESKTOP, screenshot, signInStaff, startBrowserApp } from './helper';

let app: BrowserApp;
let admin: TestUser;
let organizationId: string;

beforeAll(async () => {
  app = await startBrowserApp();
  organizationId = await createTestOrganization(app.t.ctx);
  admin = await createStaff(app.t.ctx, { organizationId, role: 'admin', name: 'Noura Admin' });
  await createStaff(app.t.ctx, {
    organizationId,
    role: 'technician',
    name: 'خالد الحربي',
    phone: '0501234567',
    specialties: ['ac', 'washer'],
    serviceAreas: ['riyadh', 'jeddah'],
  });
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const newPage = (locale: 'ar' | 'en') => app.openPage({ viewport: DESKTOP, locale });

async function signIn(
  page: Page,
  next: string,
  locale: 'ar' | 'en',
  who = { email: '', password: '' },
  landing = next,
) {
  await signInStaff(
    page,
    locale,
    { email: who.email || admin.email, password: who.password || admin.password },
    next,
  );
  await page.waitForURL((url) => `${url.pathname}${url.search}` === landing);
}

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

describe('admin technicians and users', () => {
  it('creates a technician, edits their specialties and finds them in the list', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin/technicians', 'en');
    await page.getByRole('heading', { level: 1, name: 'Technicians' }).waitFor();
    await page.getByRole('row', { name: /خالد الحربي/ }).waitFor();

    await page.getByRole('button', { name: 'Add technician' }).click();
    const form = page.getByRole('dialog', { name: 'New technician' });
    await form.getByRole('button', { name: 'Save' }).click();
    // Checked before anything is sent: the name is focused and every problem is named.
    await form.getByText('Enter a name of 3 to 100 characters.').waitFor();
    await form.getByText('Choose at least one specialty.').waitFor();
    expect(await form.getByLabel('Name').evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Name').fill('Fahad Alqahtani');
    await form.getByLabel('E-mail').fill('fahad@example.test');
    await form.getByLabel('Mobile').fill('0551112233');
    await form.getByRole('checkbox', { name: 'Air conditioner' }).check();
    await form.getByRole('checkbox', { name: 'Riyadh' }).check();
    await form.getByRole('button', { name: 'Save' }).click();

    const secret = page.getByRole('dialog', { name: 'Temporary password' });
    await expect
      .poll(() => secret.getByTestId('temporary-password').textContent())
      .toMatch(/^\S{4}-\S{4}-\S{4}$/);
    await secret.getByRole('button', { name: 'Close' }).last().click();
    await page.getByRole('status').getByText('Technician Fahad Alqahtani was created.').waitFor();
    const row = page.getByRole('row', { name: /Fahad Alqahtani/ });
    await row.getByText('Air conditioner').waitFor();

    await row.getByRole('link', { name: 'Fahad Alqahtani' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fahad Alqahtani' }).waitFor();
    await page.getByText('No tickets yet.').waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit technician' });
    await edit.getByRole('checkbox', { name: 'Fridge' }).check();
    await edit.getByRole('checkbox', { name: 'Air conditioner' }).uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Changes saved.').waitFor();
    await page.getByRole('definition').getByText('Fridge', { exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-technician-en');

    const [saved] = await app.t.ctx.db
      .select({ specialties: technicians.specialties })
      .from(technicians)
      .innerJoin(users, eq(users.id, technicians.userId))
      .where(eq(users.email, 'fahad@example.test'));
    expect(saved?.specialties).toEqual(['fridge']);

    await page.getByRole('link', { name: 'All technicians' }).click();
    await page.getByLabel('Search').fill('Fahad');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL('**/admin/technicians?search=Fahad');
    await page.getByText('1 technician', { exact: true }).waitFor();
    await page
      .getByRole('row', { name: /Fahad Alqahtani/ })
      .getByText('Fridge')
      .waitFor();
    expect(await page.getByRole('row', { name: /خالد الحربي/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('row', { name: /خالد الحربي/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-technicians-en');
  });

  it('creates a dispatcher, resets their password, and the dispatcher signs in with it', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin/users', 'en');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();

    await page.getByRole('button', { name: 'Add user' }).click();
    const form = page.getByRole('dialog', { name: 'New user' });
    await form.getByLabel('Name').fill('Dana Dispatcher');
    await form.getByLabel('E-mail').fill('dana@example.test');
    await form.getByLabel('Role').selectOption('dispatcher');
    await form.getByRole('button', { name: 'Save' }).click();
    const created = page.getByRole('dialog', { name: 'Temporary password' });
    await created.getByTestId('temporary-password').waitFor();
    await created.getByRole('button', { name: 'Close' }).last().click();
    const row = page.getByRole('row', { name: /Dana Dispatcher/ });
    await row.getByRole('cell', { name: 'Dispatcher', exact: true }).waitFor();

    await row.getByRole('button', { name: 'Reset password — Dana Dispatcher' }).click();
    await page
      .getByRole('dialog', { name: 'Reset the password of Dana Dispatcher?' })
      .getByRole('button', {
        name: 'Reset password',
      })
      .click();
    const reset = page.getByRole('dialog', { name: 'Temporary password' });
    const temporaryPassword = (await reset.getByTestId('temporary-password').textContent()) ?? '';
    expect(temporaryPassword).toMatch(/^\S{4}-\S{4}-\S{4}$/);
    await reset.getByRole('button', { name: 'Close' }).last().click();

    const dispatcherPage = await newPage('en');
    await signIn(
      dispatcherPage,
      '/admin/technicians',
      'en',
      { email: 'dana@example.test', password: temporaryPassword },
      '/account/password?next=%2Fadmin%2Ftechnicians',
    );
    // A password the admin set is replaced first (test/browser/staff-password.test.ts), then on.
    await dispatcherPage.getByLabel('Current password').fill(temporaryPassword);
    await dispatcherPage.getByLabel('New password', { exact: true }).fill('Dana#Own-Pass1');
    await dispatcherPage.getByLabel('Confirm the new password').fill('Dana#Own-Pass1');
    await dispatcherPage.getByRole('button', { name: 'Save the new password' }).click();
    await dispatcherPage.getByRole('link', { name: 'Continue to your portal' }).click();
    await dispatcherPage.waitForURL((url) => url.pathname === '/admin/technicians');
    // A dispatcher reads technicians but does not manage them.
    await dispatcherPage.getByRole('row', { name: /Fahad Alqahtani/ }).waitFor();
    expect(await dispatcherPage.getByRole('button', { name: 'Add technician' }).count()).toBe(0);
  });

  it('refuses the admin’s attempt to deactivate themselves, and says why', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin/users', 'en');
    const own = page.getByRole('row', { name: /Noura Admin/ });
    await own.getByText('You', { exact: true }).waitFor();
    await own.getByRole('button', { name: 'Deactivate — Noura Admin' }).click();
    const confirm = page.getByRole('dialog', { name: 'Deactivate Noura Admin?' });
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await confirm
      .getByRole('alert')
      .getByText('You cannot deactivate your own account. Ask another administrator to do it.')
      .waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await own.getByText('Active', { exact: true }).waitFor();
    const [row] = await app.t.ctx.db.select().from(users).where(eq(users.id, admin.principal.userId));
    expect(row?.isActive).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'admin-users-en');
  });

  it('refuses to deactivate a technician with an open ticket, links to it and keeps them active', async () => {
    const ctx = app.t.ctx;
    const busy = await createStaff(ctx, { organizationId, role: 'technician', name: 'Busy Bader' });
    const ticket = await createTestTicket(ctx, { customerName: 'Waiting Customer' });
    const cast = { admin: admin.principal, technician: busy.principal, workshop: admin.principal };
    await driveTicket(ctx, ticket.id, 'assigned', cast);

    const page = await newPage('en');
    await signIn(page, `/admin/technicians/${busy.principal.technicianId}`, 'en');
    await page.getByRole('heading', { level: 1, name: 'Busy Bader' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const confirm = page.getByRole('dialog', { name: 'Deactivate Busy Bader?' });
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await confirm
      .getByRole('alert')
      .getByText('This technician still has one open ticket. Reassign it first, then deactivate.')
      .waitFor();
    await expectAccessible(page);
    const [row] = await ctx.db
      .select({ isActive: users.isActive })
      .from(users)
      .where(eq(users.id, busy.principal.userId));
    expect(row?.isActive).toBe(true);

    await confirm.getByRole('link', { name: 'Show their open tickets' }).click();
    await page.waitForURL(`**/admin/tickets?technicianId=${busy.principal.technicianId}`);
    // The confirmation closes with the page it belongs to, which unmounts after the URL changes.
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('shows the three pages in Arabic, right to left (screenshots)', async () => {
    const page = await newPage('ar');
    await signIn(page, '/admin/technicians', 'ar');
    await page.getByRole('heading', { level: 1, name: 'إدارة الفنيين' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page
      .getByRole('row', { name: /Fahad Alqahtani/ })
      .getByText('ثلاجة')
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-technicians-ar');

    await page
      .getByRole('row', { name: /خالد الحربي/ })
      .getByRole('link', { name: 'خالد الحربي' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'خالد الحربي' }).waitFor();
    await page.getByRole('heading', { name: 'أحدث التذاكر' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-technician-ar');

    await page.getByRole('link', { name: 'إدارة المستخدمين' }).click();
    await page.getByRole('heading', { level: 1, name: 'إدارة المستخدمين' }).waitFor();
    const own = page.getByRole('row', { name: /Noura Admin/ });
    await own.getByRole('button', { name: 'تعطيل — Noura Admin' }).click();
    const confirm = page.getByRole('dialog', { name: 'تعطيل Noura Admin؟' });
    await confirm.getByRole('button', { name: 'تعطيل' }).click();
    await confirm
      .getByRole('alert')
      .getByText('لا يمكنك تعطيل حسابك بنفسك. اطلب ذلك من مسؤول آخر.')
      .waitFor();
    await confirm.getByRole('button', { name: 'إلغاء' }).click();
    await expectAccessible(page);
    await screenshot(page, 'admin-users-ar');
  });
});
