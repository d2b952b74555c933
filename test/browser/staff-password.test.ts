// A password an administrator set must be replaced at the next sign-in, in a real Chromium: the admin
// resets a dispatcher's password, the dispatcher signs in with it and is kept on the password change
// page (another page sends them back), a mismatched confirmation and a wrong current password are
// refused on their fields, then the change takes them to the page they last asked for; they sign out and in
// again with the new password. Axe on the page; screenshots in both languages.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/server/db/schema';
import { verifyPassword } from '../../src/server/lib/password';
import {
  bearer,
  createStaff,
  createTestOrganization,
  loginStaff,
  type TestUser,
} from '../../src/server/test/factories';
import { axeViolations, type BrowserApp, DESKTOP, screenshot, signInStaff, startBrowserApp } from './helper';

let app: BrowserApp;
let admin: TestUser;
let dispatcher: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  admin = await createStaff(app.t.ctx, { organizationId, role: 'admin', name: 'Noura Admin' });
  dispatcher = await createStaff(app.t.ctx, { organizationId, role: 'dispatcher', name: 'Dana Dispatcher' });
  supervisor = await createStaff(app.t.ctx, { organizationId, role: 'supervisor', name: 'سعد المشرف' });
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const newPage = (locale: 'ar' | 'en') => app.openPage({ viewport: DESKTOP, locale });

async function signIn(page: Page, locale: 'ar' | 'en', email: string, password: string, next?: string) {
  await signInStaff(page, locale, { email, password }, next);
}

const atPath = (page: Page, pathname: string) => page.waitForURL((url) => url.pathname === pathname);

/** The text of the elements an input's aria-describedby names: what a screen reader reads after the label. */
const descriptionOf = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  );

async function userRow(id: string) {
  const [row] = await app.t.ctx.db.select().from(users).where(eq(users.id, id));
  if (!row) throw new Error('user missing');
  return row;
}

describe('a password an administrator set', () => {
  it('is changed at the next sign-in before any other page, then the new one works', async () => {
    // The admin resets Dana's password and is told she will have to change it.
    const adminPage = await newPage('en');
    await signIn(adminPage, 'en', admin.email, admin.password, '/admin/users');
    await atPath(adminPage, '/admin/users');
    const row = adminPage.getByRole('row', { name: /Dana Dispatcher/ });
    await row.getByRole('button', { name: 'Reset password — Dana Dispatcher' }).click();
    await adminPage
      .getByRole('dialog', { name: 'Reset the password of Dana Dispatcher?' })
      .getByRole('button', { name: 'Reset password' })
      .click();
    const dialog = adminPage.getByRole('dialog', { name: 'Temporary password' });
    const temporaryPassword = (await dialog.getByTestId('temporary-password').textContent()) ?? '';
    expect(temporaryPassword).toMatch(/^\S{4}-\S{4}-\S{4}$/);
    await dialog
      .getByText('When they sign in, they will be asked to choose a password of their own.')
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    // Dana signs in on her way to the tickets and lands on the password change instead.
    const page = await newPage('en');
    await signIn(page, 'en', dispatcher.email, temporaryPassword, '/admin/tickets');
    await atPath(page, '/account/password');
    await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
    await page.getByText('Your password was set by an administrator. Choose your own to continue.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-password-en');

    // Any other staff page sends her back.
    await page.goto('/admin/technicians');
    await atPath(page, '/account/password');
    await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();

    // A confirmation that does not match: refused on its field, nothing sent.
    await page.getByLabel('Current password', { exact: true }).fill(temporaryPassword);
    await page.getByLabel('New password', { exact: true }).fill('Dana#Own-Pass1');
    await page.getByLabel('Confirm the new password', { exact: true }).fill('Dana#Own-Pass2');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('The two passwords do not match.').waitFor();
    expect(await descriptionOf(page, 'Confirm the new password')).toBe('The two passwords do not match.');
    expect(
      await page.getByLabel('Confirm the new password', { exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete') ?? null)).toBe(
      'new-password',
    );
    expect((await userRow(dispatcher.principal.userId)).passwordChangeRequired).toBe(true);

    // A wrong current password: the server's refusal, on the current password's field.
    await page.getByLabel('Current password', { exact: true }).fill('not-the-password');
    await page.getByLabel('Confirm the new password', { exact: true }).fill('Dana#Own-Pass1');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('The current password is not correct.').waitFor();
    expect(await descriptionOf(page, 'Current password')).toBe('The current password is not correct.');
    expect((await userRow(dispatcher.principal.userId)).passwordChangeRequired).toBe(true);

    // The change, then on to the page she was going to.
    await page.getByLabel('Current password', { exact: true }).fill(temporaryPassword);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('status').getByText('Your password was changed.').waitFor();
    expect(await page.getByTestId('password-change-required').count()).toBe(0);
    const changed = await userRow(dispatcher.principal.userId);
    expect(changed.passwordChangeRequired).toBe(false);
    expect(await verifyPassword(changed.passwordHash ?? '', 'Dana#Own-Pass1')).toBe(true);
    // The page she tried last (the technicians) comes next.
    await page.getByRole('link', { name: 'Continue to your portal' }).click();
    await atPath(page, '/admin/technicians');
    await page.getByRole('heading', { level: 1, name: 'Technicians' }).waitFor();

    // The header offers the page beside "Sign out"; signing out and in with the new password works.
    await page.getByRole('link', { name: 'Change password' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await atPath(page, '/');
    await signIn(page, 'en', dispatcher.email, 'Dana#Own-Pass1');
    await atPath(page, '/admin');
    await page.getByText('Signed in as Dana Dispatcher').first().waitFor();
  });

  it('shows the page in Arabic, right to left, and lets a user change a password of their own', async () => {
    // A supervisor whose password the admin set through the API.
    const reset = await app.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${supervisor.principal.userId}/reset-password`,
      headers: bearer(await loginStaff(app.t, admin)),
      payload: { password: 'Set#ByAdmin1' },
    });
    expect(reset.statusCode, reset.body).toBe(200);

    const page = await newPage('ar');
    await signIn(page, 'ar', supervisor.email, 'Set#ByAdmin1');
    await atPath(page, '/account/password');
    await page.getByRole('heading', { level: 1, name: 'تغيير كلمة المرور' }).waitFor();
    await page.getByText('عيّن مسؤول النظام كلمة المرور هذه. اختر كلمة مرور خاصة بك للمتابعة.').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

    // Too short a new password: the field says so, in Arabic.
    await page.getByLabel('كلمة المرور الحالية', { exact: true }).fill('Set#ByAdmin1');
    await page.getByLabel('كلمة المرور الجديدة', { exact: true }).fill('short');
    await page.getByLabel('تأكيد كلمة المرور الجديدة', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'حفظ كلمة المرور الجديدة' }).click();
    await page.getByText('يجب أن تتكون كلمة المرور الجديدة من 8 أحرف على الأقل.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-password-ar');

    await page.getByLabel('كلمة المرور الجديدة', { exact: true }).fill('Saad#Own-Pass1');
    await page.getByLabel('تأكيد كلمة المرور الجديدة', { exact: true }).fill('Saad#Own-Pass1');
    await page.getByRole('button', { name: 'حفظ كلمة المرور الجديدة' }).click();
    await page.getByText('تم تغيير كلمة المرور.').waitFor();
    await page.getByRole('link', { name: 'المتابعة إلى بوابتك' }).click();
    await atPath(page, '/supervisor');

    // Later, by choice, from the header: the form again, without the administrator's notice.
    await page.getByRole('link', { name: 'تغيير كلمة المرور' }).click();
    await atPath(page, '/account/password');
    await page.getByLabel('كلمة المرور الحالية', { exact: true }).waitFor();
    expect(await page.getByTestId('password-change-required').count()).toBe(0);
    await page.getByLabel('كلمة المرور الحالية', { exact: true }).fill('Saad#Own-Pass1');
    await page.getByLabel('كلمة المرور الجديدة', { exact: true }).fill('Saad#Newer-Pass2');
    await page.getByLabel('تأكيد كلمة المرور الجديدة', { exact: true }).fill('Saad#Newer-Pass2');
    await page.getByRole('button', { name: 'حفظ كلمة المرور الجديدة' }).click();
    await page.getByText('تم تغيير كلمة المرور.').waitFor();
    const row = await userRow(supervisor.principal.userId);
    expect(await verifyPassword(row.passwordHash ?? '', 'Saad#Newer-Pass2')).toBe(true);
    // The tab kept its (new) session over a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'تغيير كلمة المرور' }).waitFor();
    await page.getByLabel('كلمة المرور الحالية', { exact: true }).waitFor();
  });
});
