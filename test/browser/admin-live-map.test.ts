// The admin's live technicians map (issue 5 "live views"; seed 000 §4.6 map view, §6.4 live tracking)
// in a real Chromium: the positions of the live-technicians endpoint as markers and as a list, a
// marker that moves after a REST location ping without a reload, axe-core, both screen sizes.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createStaff, createTestOrganization, type TestUser } from '../../src/server/test/factories';
import {
  axeViolations,
  type BrowserApp,
  DESKTOP,
  horizontalOverflow,
  screenshot,
  startBrowserApp,
} from './helper';

let app: BrowserApp;
let admin: TestUser;
let khalid: TestUser;
let sami: TestUser;

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  admin = await createStaff(app.t.ctx, { organizationId, role: 'admin', name: 'نورة المشرفة' });
  khalid = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'خالد الحربي' });
  sami = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'سامي العتيبي' });
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

async function ping(technician: TestUser, latitude: number, longitude: number) {
  const token = await app.t.ctx.accessTokens.sign(technician.principal, app.t.ctx.clock.now());
  const response = await app.t.app.inject({
    method: 'POST',
    url: '/api/v1/technician/location',
    headers: bearer(token),
    payload: { latitude, longitude },
  });
  expect(response.statusCode).toBe(200);
}

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('البريد الإلكتروني').fill(admin.email);
  await page.getByLabel('كلمة المرور').fill(admin.password);
  await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
}

const marker = (page: Page, technician: TestUser, position: string) =>
  page.locator(
    `.technician-pin[data-technician-id="${technician.principal.technicianId}"][data-position="${position}"]`,
  );

describe('admin live technicians map', () => {
  it('shows the technicians as markers and a list, and moves a marker on a REST ping', async () => {
    await ping(khalid, 24.71, 46.67);
    await ping(sami, 24.75, 46.7);
    const page = await app.openPage();
    await signIn(page, '/admin/tickets?view=map');
    await page.waitForURL('**/admin/tickets?view=map');
    await page.getByRole('heading', { level: 1, name: 'إدارة التذاكر' }).waitFor();
    await page.getByRole('link', { name: 'خريطة' }).and(page.locator('[aria-current="page"]')).waitFor();
    const list = page.getByRole('region', { name: 'الفنيون على الخريطة' });
    await list.getByText('خالد الحربي').waitFor();
    await list.getByText('الموقع: 24.71، 46.67').waitFor();
    await list.getByText('سامي العتيبي').waitFor();
    await page.getByText('تتحدث المواقع مباشرةً.').waitFor();

    await page.getByRole('region', { name: 'خريطة مواقع الفنيين' }).scrollIntoViewIfNeeded();
    await marker(page, khalid, '24.71,46.67').waitFor();
    await marker(page, sami, '24.75,46.7').waitFor();
    const before = await marker(page, khalid, '24.71,46.67').evaluate((pin) => pin.getBoundingClientRect().x);
    expect(await axeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toEqual([]);
    await screenshot(page, 'admin-live-map-390');

    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    await ping(khalid, 24.73, 46.72);
    await list.getByText('الموقع: 24.73، 46.72').waitFor();
    const moved = marker(page, khalid, '24.73,46.72');
    await moved.waitFor();
    expect(await moved.evaluate((pin) => pin.getBoundingClientRect().x)).not.toBe(before);
    expect(await marker(page, sami, '24.75,46.7').count()).toBe(1);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);

    const desktop = await app.openPage({ viewport: DESKTOP });
    await signIn(desktop, '/admin/tickets?view=map');
    await marker(desktop, khalid, '24.73,46.72').waitFor();
    expect(await axeViolations(desktop)).toEqual([]);
    await screenshot(desktop, 'admin-live-map-1280');
  });

  it('is for staff: a signed-out visitor is sent to sign in', async () => {
    const page = await app.openPage();
    await page.goto('/admin/tickets?view=map');
    await page.waitForURL('**/staff/login?next=**');
    expect(await page.locator('.technician-pin').count()).toBe(0);
  });
});
