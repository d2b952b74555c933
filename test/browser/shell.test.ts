// The web app shell in a real Chromium: portal selector, staff sign-in per role, languages,
// not-found, code splitting, accessibility (axe-core) and 320 px phones.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createTestOrganization, type TestUser } from '../../src/server/test/factories';
import {
  axeViolations,
  type BrowserApp,
  DESKTOP,
  horizontalOverflow,
  NARROW,
  type OpenPageOptions,
  screenshot,
  startBrowserApp,
} from './helper';

let app: BrowserApp;
let admin: TestUser;
let technician: TestUser;

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  admin = await createStaff(app.t.ctx, { organizationId, role: 'admin', name: 'سارة الإدارية' });
  technician = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'أحمد الفني' });
});

afterAll(async () => {
  await app?.close();
});

// 30 s is Playwright's own default, which these tests have always run with.
const newPage = (options?: OpenPageOptions) => app.openPage({ timeoutMs: 30_000, ...options });

// Every page must render without console errors, uncaught exceptions or CSP refusals.
afterEach(async () => expect(await app.finishTest()).toEqual([]));

async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.getByLabel('البريد الإلكتروني').fill(user.email);
  await page.getByLabel('كلمة المرور').fill(user.password);
  await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

describe('portal selector', () => {
  it('opens in Arabic, right to left, with the customer and employee portals', async () => {
    const page = await newPage();
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await heading(page, 'مرحباً بك في فيلدلاين').waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'ar',
      'rtl',
    ]);
    await page.getByRole('link', { name: /بوابة العملاء/ }).waitFor();
    await page.getByRole('link', { name: /بوابة الموظفين/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'selector-390');
  });

  it('leads a customer to the customer portal without downloading any staff portal code', async () => {
    const page = await newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto('/');
    await page.getByRole('link', { name: /بوابة العملاء/ }).click();
    await page.waitForURL('**/customer');
    await heading(page, 'بوابة العملاء').waitFor();
    await page.getByRole('link', { name: /طلب صيانة جديد/ }).waitFor();
    expect(scripts.some((path) => path.includes('/customer-'))).toBe(true);
    expect(scripts.filter((path) => /\/(admin|technician|supervisor|workshop|staff)[-.]/.test(path))).toEqual(
      [],
    );
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('staff sign-in', () => {
  it('checks the form, then shows the server message for a wrong password', async () => {
    const page = await newPage();
    await page.goto('/');
    await page.getByRole('link', { name: /بوابة الموظفين/ }).click();
    await page.waitForURL('**/staff/login');
    await heading(page, 'تسجيل دخول الموظفين').waitFor();

    await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
    await page.getByText('أدخل البريد الإلكتروني.').waitFor();
    await page.getByText('أدخل كلمة المرور.').waitFor();
    expect(await page.getByLabel('البريد الإلكتروني').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('البريد الإلكتروني').fill(admin.email);
    await page.getByLabel('كلمة المرور').fill('not-the-password');
    await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    // The server's own message, in the page's language (Accept-Language: ar).
    expect((await alert.textContent())?.trim()).toBe('البريد الإلكتروني أو كلمة المرور غير صحيحة.');
    expect(page.url()).toMatch(/\/staff\/login$/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-login-error-390');
  });

  it('shows the server message in English when the page is in English', async () => {
    const page = await newPage();
    await page.goto('/staff/login');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await heading(page, 'Employee sign-in').waitFor();
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe('The e-mail or password is not correct.');
  });

  it('takes an admin to the admin portal, keeps the session over a reload, and signs out', async () => {
    const page = await newPage();
    await page.goto('/staff/login');
    await signIn(page, admin);
    await page.waitForURL('**/admin');
    await heading(page, 'لوحة التحكم').waitFor();
    await page.getByText('مسجل الدخول باسم سارة الإدارية').first().waitFor();
    await page.getByRole('navigation', { name: 'بوابة الإدارة والتوزيع' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-dashboard-390');

    await page.getByRole('link', { name: 'إدارة التذاكر' }).click();
    await page.waitForURL('**/admin/tickets');
    await heading(page, 'إدارة التذاكر').waitFor();

    // The access token lives in memory: after a reload the refresh token signs back in.
    await page.reload();
    await heading(page, 'إدارة التذاكر').waitFor();
    await page.getByText('مسجل الدخول باسم سارة الإدارية').first().waitFor();

    await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await heading(page, 'مرحباً بك في فيلدلاين').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('fieldline.refreshToken'))).toBeNull();

    // Signed out, a portal sends to the sign-in page and back to where the user was going.
    await page.goto('/admin/users');
    await page.waitForURL(/\/staff\/login\?next=%2Fadmin%2Fusers$/);
    await signIn(page, admin);
    await page.waitForURL('**/admin/users');
    await heading(page, 'إدارة المستخدمين').waitFor();
  });

  it('takes a technician to the technician portal and keeps them out of the admin portal', async () => {
    const page = await newPage();
    await page.goto('/staff/login');
    await signIn(page, technician);
    await page.waitForURL('**/technician');
    await heading(page, 'لوحة التحكم').waitFor();
    await page.getByRole('navigation', { name: 'بوابة الفني' }).waitFor();
    await page.getByText('مسجل الدخول باسم أحمد الفني').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto('/admin');
    await heading(page, 'لا يمكنك فتح هذه البوابة').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'الذهاب إلى بوابتي' }).click();
    await page.waitForURL('**/technician');
  });
});

describe('languages', () => {
  it('switches to English and back, and remembers the choice after a reload', async () => {
    const page = await newPage();
    await page.goto('/');
    await heading(page, 'مرحباً بك في فيلدلاين').waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await heading(page, 'Welcome to Fieldline').waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'en',
      'ltr',
    ]);
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await heading(page, 'Welcome to Fieldline').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');

    await page.getByRole('button', { name: 'التبديل إلى العربية' }).click();
    await heading(page, 'مرحباً بك في فيلدلاين').waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'ar',
      'rtl',
    ]);
    await page.reload();
    await heading(page, 'مرحباً بك في فيلدلاين').waitFor();
  });
});

describe('not found', () => {
  it('answers an unknown path with the not-found page, and an unknown API path with JSON', async () => {
    const page = await newPage();
    await page.goto('/no/such/page');
    await heading(page, 'الصفحة غير موجودة').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'not-found-390');
    await page.getByRole('link', { name: 'الصفحة الرئيسية' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    const api = await page.request.get('/api/v1/no-such-route');
    expect(api.status()).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
  });
});

describe('phones', () => {
  it('has no horizontal scroll at 320 px on any page, in both languages', async () => {
    const page = await newPage({ viewport: NARROW });
    const paths = ['/', '/customer', '/staff/login', '/no/such/page'];
    for (const language of ['ar', 'en']) {
      await page.goto('/');
      await page.evaluate((locale) => localStorage.setItem('fieldline.locale', locale), language);
      for (const path of paths) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        expect({ path, language, overflow: await horizontalOverflow(page) }).toEqual({
          path,
          language,
          overflow: [],
        });
      }
    }
    await page.evaluate(() => localStorage.setItem('fieldline.locale', 'ar'));
    await page.goto('/staff/login');
    await signIn(page, admin);
    await page.waitForURL('**/admin');
    await heading(page, 'لوحة التحكم').waitFor();
    expect(await horizontalOverflow(page)).toEqual([]);
  });

  it('lays the selector out on a desktop too, without accessibility problems', async () => {
    const page = await newPage({ viewport: DESKTOP });
    await page.goto('/customer');
    await heading(page, 'بوابة العملاء').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer-home-1280');
    await page.goto('/');
    await heading(page, 'مرحباً بك في فيلدلاين').waitFor();
    await screenshot(page, 'selector-1280');
  });
});
