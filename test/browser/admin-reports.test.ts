// The admin dashboard, KPI dashboard, SLA compliance report and reports/exports page (issue 7,
// seed 000 §1.2, §8.3) in a desktop Chromium, signed in as a manager. The server's clock and the
// browser's both say Sunday 22 Nov 2026, 09:00 in Riyadh.
//
// Fixture: 12 Nov (10 days ago) — T1 completed, T2 cancelled (jeddah).
//          22 Nov (today)       — T3 new, T4 assigned, T5 new and escalated (SLA-001 L1, open).
// So: last 30 days 5 tickets, today 3; the dashboard counts new 2, assigned 1, completed 1, one
// active escalation.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escalations } from '../../src/server/db/schema';
import {
  bearer,
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  loginStaff,
  type TestUser,
} from '../../src/server/test/factories';
import {
  axeViolations,
  type BrowserApp,
  DESKTOP,
  horizontalOverflow,
  screenshot,
  startBrowserApp,
} from './helper';

const NOW = new Date('2026-11-22T06:00:00Z');
const LOGIN = {
  ar: { email: 'البريد الإلكتروني', password: 'كلمة المرور', submit: 'تسجيل الدخول' },
  en: { email: 'E-mail', password: 'Password', submit: 'Sign in' },
};

let app: BrowserApp;
let manager: TestUser;
let managerAuth: Record<string, string>;
let escalated: { id: string; ticketNumber: string };
let downloads: string;

beforeAll(async () => {
  app = await startBrowserApp();
  downloads = await mkdtemp(path.join(tmpdir(), 'fieldline-reports-'));
  const organizationId = await createTestOrganization(app.t.ctx);
  const admin = await createStaff(app.t.ctx, { organizationId, role: 'admin' });
  manager = await createStaff(app.t.ctx, { organizationId, role: 'manager', name: 'Mona Manager' });
  const technician = await createStaff(app.t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Khalid Reports',
  });
  const workshop = await createStaff(app.t.ctx, { organizationId, role: 'workshop' });
  const cast: Cast = {
    admin: admin.principal,
    technician: technician.principal,
    workshop: workshop.principal,
  };

  app.t.clock.set(new Date('2026-11-12T06:00:00Z'));
  const done = await createTestTicket(app.t.ctx, { customerName: 'Old Completed' });
  await driveTicket(app.t.ctx, done.id, 'completed', cast);
  app.t.clock.set(new Date('2026-11-12T07:00:00Z'));
  const cancelled = await createTestTicket(app.t.ctx, {
    customerName: 'Old Cancelled',
    customerCity: 'jeddah',
  });
  await driveTicket(app.t.ctx, cancelled.id, 'cancelled', cast);

  app.t.clock.set(new Date(NOW.getTime() - 30 * 60_000));
  await createTestTicket(app.t.ctx, { customerName: 'Today New' });
  app.t.clock.set(new Date(NOW.getTime() - 20 * 60_000));
  const assigned = await createTestTicket(app.t.ctx, { customerName: 'Today Assigned' });
  await driveTicket(app.t.ctx, assigned.id, 'assigned', cast);
  app.t.clock.set(new Date(NOW.getTime() - 10 * 60_000));
  escalated = await createTestTicket(app.t.ctx, { customerName: 'Today Escalated' });
  app.t.clock.set(NOW);
  await app.t.ctx.db.insert(escalations).values({
    organizationId,
    ticketId: escalated.id,
    ruleId: 'SLA-001',
    level: 'L1',
    type: 'assignment_delay',
    reason: 'Not assigned within 2 hours',
    ownerRole: 'supervisor',
    createdAt: NOW,
  });
  managerAuth = bearer(await loginStaff(app.t, manager));
});

afterAll(async () => {
  await app?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

/** In Arabic unless told: the app's own default, so no language is stored for it. */
async function newPage(locale?: 'ar' | 'en'): Promise<Page> {
  const page = await app.openPage({ viewport: DESKTOP, acceptDownloads: true, locale });
  await page.clock.setFixedTime(new Date('2026-11-22T06:00:00Z'));
  return page;
}

async function signIn(page: Page, next: string, locale: 'ar' | 'en' = 'ar'): Promise<void> {
  const words = LOGIN[locale];
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(words.email).fill(manager.email);
  await page.getByLabel(words.password).fill(manager.password);
  await page.getByRole('button', { name: words.submit }).click();
  await waitForPath(page, next);
}

/** Waits until the address bar holds exactly `pathAndQuery`. */
async function waitForPath(page: Page, pathAndQuery: string): Promise<void> {
  await page.waitForURL((url) => `${url.pathname}${url.search}` === pathAndQuery);
}

async function api<T>(url: string): Promise<T> {
  const response = await app.t.app.inject({ method: 'GET', url, headers: managerAuth });
  expect(response.statusCode).toBe(200);
  return response.json() as T;
}

const cardValue = (page: Page, attribute: string, key: string) =>
  page.locator(`[${attribute}="${key}"] .metric-value`);

/** Text without the bidirectional marks Arabic number formats put around signs and percent. */
const plain = (text: string | null) => (text ?? '').replace(/[\u200e\u200f\u061c]/g, '');

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await horizontalOverflow(page)).toEqual([]);
  await screenshot(page, name);
}

describe('admin dashboard', () => {
  it('shows the API’s counts, the escalation alert, the status chart, recent tickets and quick actions', async () => {
    const dashboard = await api<{ stats: Record<string, number> }>('/api/v1/admin/dashboard');
    expect(dashboard.stats).toEqual({ new: 2, assigned: 1, inProgress: 0, completed: 1, escalations: 1 });
    const page = await newPage();
    await signIn(page, '/admin');
    await page.getByRole('heading', { level: 1, name: 'لوحة التحكم' }).waitFor();
    for (const [key, value] of Object.entries(dashboard.stats)) {
      await expect.poll(() => cardValue(page, 'data-stat', key).textContent()).toBe(String(value));
    }
    const alert = page.getByRole('region', { name: 'تصعيد نشط واحد' });
    await alert.getByRole('link', { name: escalated.ticketNumber }).waitFor();
    expect(await alert.getByRole('link', { name: 'فتح مركز التصعيدات' }).getAttribute('href')).toBe(
      '/admin/escalations',
    );
    await page.getByRole('img', { name: /التذاكر حسب الحالة: .*جديدة: 2/ }).waitFor();
    const recent = page.getByRole('table', { name: 'أحدث التذاكر' });
    expect(await recent.getByRole('row').count()).toBe(6);
    expect(await recent.getByRole('link', { name: escalated.ticketNumber }).getAttribute('href')).toBe(
      `/admin/tickets/${escalated.id}`,
    );
    const actions = page.getByRole('navigation', { name: 'إجراءات سريعة' });
    expect(await actions.getByRole('link', { name: 'التذاكر الجديدة (2)' }).getAttribute('href')).toBe(
      '/admin/tickets?status=new',
    );
    await cardValue(page, 'data-metric', 'totalTickets').filter({ hasText: '5' }).waitFor();
    await checkPage(page, 'admin-dashboard-ar');

    const english = await newPage('en');
    await signIn(english, '/admin', 'en');
    await english.getByRole('region', { name: '1 active escalation' }).waitFor();
    await cardValue(english, 'data-metric', 'totalTickets').filter({ hasText: '5' }).waitFor();
    await checkPage(english, 'admin-dashboard-en');
  });
});

describe('KPI dashboard', () => {
  it('switches the period in the URL and shows the API’s numbers for it', async () => {
    type Kpis = { summary: { totalTickets: number; slaCompliance: number | null } };
    const month = await api<Kpis>('/api/v1/admin/kpis?dateFrom=2026-10-24&dateTo=2026-11-22');
    const today = await api<Kpis>('/api/v1/admin/kpis?dateFrom=2026-11-22&dateTo=2026-11-22');
    expect(month.summary.totalTickets).toBe(5);
    expect(today.summary.totalTickets).toBe(3);
    expect(today.summary.slaCompliance).toBe(66.7);

    const page = await newPage();
    await signIn(page, '/admin/reports/kpi');
    await page.locator('[data-period="2026-10-24/2026-11-22"]').waitFor();
    expect(await cardValue(page, 'data-metric', 'totalTickets').textContent()).toBe('5');
    await page.getByRole('img', { name: /التذاكر حسب المدينة: .*/ }).waitFor();
    await page.getByRole('table', { name: 'ترتيب الفنيين' }).getByText('Khalid Reports').waitFor();
    await checkPage(page, 'admin-kpi-ar');

    await page.getByRole('button', { name: 'اليوم' }).click();
    await waitForPath(page, '/admin/reports/kpi?period=today');
    await page.locator('[data-period="2026-11-22/2026-11-22"]').waitFor();
    expect(await cardValue(page, 'data-metric', 'totalTickets').textContent()).toBe('3');
    expect(plain(await cardValue(page, 'data-metric', 'slaCompliance').textContent())).toBe('66.7%');
    expect(await page.getByRole('button', { name: 'اليوم' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByLabel('التجميع حسب').selectOption('week');
    await waitForPath(page, '/admin/reports/kpi?period=today&groupBy=week');
    await page.goBack();
    await waitForPath(page, '/admin/reports/kpi?period=today');

    await page.getByRole('button', { name: 'فترة مخصصة' }).click();
    await page.getByLabel('من', { exact: true }).fill('2026-11-20');
    await page.getByLabel('إلى', { exact: true }).fill('2026-11-10');
    await page.getByRole('button', { name: 'تطبيق' }).click();
    await page.getByRole('alert').filter({ hasText: 'يجب ألا يسبق تاريخ النهاية تاريخ البداية.' }).waitFor();

    const english = await newPage('en');
    await signIn(english, '/admin/reports/kpi?period=7d', 'en');
    await english.locator('[data-period="2026-11-16/2026-11-22"]').waitFor();
    expect(await cardValue(english, 'data-metric', 'totalTickets').textContent()).toBe('3');
    await checkPage(english, 'admin-kpi-en');
  });
});

describe('SLA compliance report', () => {
  it('shows compliance per priority and rule, and lists the breached ticket with a link', async () => {
    const page = await newPage();
    await signIn(page, '/admin/reports/sla?period=7d');
    const compliance = cardValue(page, 'data-metric', 'slaCompliance');
    await expect.poll(async () => plain(await compliance.textContent())).toBe('66.7%');
    const rule = page.locator('[data-rule="SLA-001"]');
    await expect
      .poll(async () => (await rule.locator('td').allTextContents()).map(plain))
      .toEqual(['1', '66.7%']);
    const breaches = page.getByRole('table', { name: 'مخالفات مستوى الخدمة في هذه الفترة' });
    const link = breaches.getByRole('link', { name: escalated.ticketNumber });
    expect(await link.getAttribute('href')).toBe(`/admin/tickets/${escalated.id}`);
    const pending = page.getByRole('table', { name: 'التصعيدات المعلّقة' });
    await pending.getByRole('link', { name: escalated.ticketNumber }).waitFor();
    await checkPage(page, 'admin-sla-ar');

    const english = await newPage('en');
    await signIn(english, '/admin/reports/sla?period=7d', 'en');
    await english
      .getByRole('table', { name: 'SLA breaches in this period' })
      .getByRole('link', { name: escalated.ticketNumber })
      .waitFor();
    await checkPage(english, 'admin-sla-en');
  });
});

describe('reports and exports', () => {
  it('downloads the KPI report as XLSX with progress, and refuses a bad period clearly', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin/reports', 'en');
    expect(await page.getByRole('link', { name: /KPI dashboard/ }).getAttribute('href')).toBe(
      '/admin/reports/kpi',
    );
    expect(await page.getByRole('link', { name: /SLA compliance/ }).getAttribute('href')).toBe(
      '/admin/reports/sla',
    );

    await page.getByLabel('To', { exact: true }).fill('2026-10-01');
    await page.getByRole('button', { name: 'Download' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The end date must not be before the start date.' })
      .waitFor();
    await page.getByLabel('To', { exact: true }).fill('2026-11-22');

    await page.getByRole('radio', { name: 'KPI report' }).check();
    await page.getByRole('radio', { name: 'Excel (XLSX)' }).check();
    await page.getByRole('radio', { name: 'English' }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('kpis-2026-10-24-2026-11-22.xlsx');
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    await page
      .getByRole('status')
      .filter({ hasText: /Downloaded kpis-2026-10-24-2026-11-22\.xlsx/ })
      .waitFor();

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const summary = workbook.getWorksheet('Summary');
    if (!summary) throw new Error(`no Summary sheet in ${workbook.worksheets.map((sheet) => sheet.name)}`);
    const rows = new Map<string, unknown>();
    summary.eachRow((row) => {
      const values = row.values as unknown[];
      rows.set(String(values[1]), values[2]);
    });
    expect(rows.get('Total tickets')).toBe(5);
    expect(rows.get('Escalated')).toBe(1);
    await checkPage(page, 'admin-reports-en');

    const arabic = await newPage();
    await signIn(arabic, '/admin/reports');
    await arabic.getByRole('heading', { level: 2, name: 'تصدير تقرير' }).waitFor();
    await checkPage(arabic, 'admin-reports-ar');
  });
});
