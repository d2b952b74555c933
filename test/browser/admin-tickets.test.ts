// Tickets Management (issue 7; seed 000 §3.3 step 3, §4.6) in a real Chromium, as a dispatcher on a
// desktop: the filters kept in the URL (shareable, back button), keyset pages, the filtered list
// exported as XLSX and read back with exceljs, a new ticket assigned and scheduled from its card,
// then the map with the tickets and the live technicians. Arabic first, then the English screenshots.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, desc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escalations, tickets } from '../../src/server/db/schema';
import { insertEscalation, ticketRow } from '../../src/server/modules/admin/admin-test-kit';
import {
  bearer,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
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

let app: BrowserApp;
let downloads: string;
let organizationId: string;
let escalationId: string;
let dispatcher: TestUser;
let khalid: TestUser;
let target: { id: string; number: string };
const RIYADH_NEW = 13;
const ALL_TICKETS = RIYADH_NEW + 3;

async function ticket(overrides: Parameters<typeof createTestTicket>[1]) {
  const created = await createTestTicket(app.t.ctx, overrides);
  return { id: created.id, number: (await ticketRow(app.t.ctx, created.id)).ticketNumber };
}

beforeAll(async () => {
  app = await startBrowserApp();
  downloads = await mkdtemp(path.join(tmpdir(), 'fieldline-admin-tickets-'));
  const ctx = app.t.ctx;
  organizationId = await createTestOrganization(ctx);
  const admin = await createStaff(ctx, { organizationId, role: 'admin', name: 'نورة المديرة' });
  dispatcher = await createStaff(ctx, { organizationId, role: 'dispatcher', name: 'دانة المنسقة' });
  khalid = await createStaff(ctx, {
    organizationId,
    role: 'technician',
    name: 'خالد الحربي',
    specialties: ['ac'],
    serviceAreas: ['riyadh'],
  });
  await createStaff(ctx, {
    organizationId,
    role: 'technician',
    name: 'سامي العتيبي',
    specialties: ['fridge'],
    serviceAreas: ['jeddah'],
  });
  target = await ticket({
    customerName: 'فهد الشمري',
    customerPhone: '0551000001',
    customerCity: 'riyadh',
    latitude: 24.79,
    longitude: 46.65,
    deviceType: 'ac',
  });
  for (let index = 2; index <= RIYADH_NEW; index += 1) {
    await ticket({
      customerName: `عميل الرياض ${index}`,
      customerPhone: `05510000${String(index).padStart(2, '0')}`,
      customerCity: 'riyadh',
      latitude: 24.6 + index * 0.02,
      longitude: 46.55 + index * 0.02,
    });
  }
  const urgent = await ticket({
    customerName: 'سارة جدة',
    customerPhone: '0562000001',
    customerCity: 'jeddah',
    latitude: 21.49,
    longitude: 39.19,
  });
  await ctx.db.update(tickets).set({ priority: 'urgent' }).where(eq(tickets.id, urgent.id));
  await ticket({
    customerName: 'ليلى جدة',
    customerPhone: '0562000002',
    customerCity: 'jeddah',
    latitude: 21.6,
    longitude: 39.25,
  });
  const assigned = await ticket({
    customerName: 'ماجد المسند',
    customerPhone: '0551999999',
    customerCity: 'riyadh',
  });
  await driveTicket(ctx, assigned.id, 'assigned', {
    admin: admin.principal,
    technician: khalid.principal,
    workshop: admin.principal,
  });
  escalationId = await insertEscalation(ctx, {
    organizationId,
    ticketId: assigned.id,
    type: 'schedule_delay',
    technicianId: khalid.principal.technicianId,
    reason: 'لم تُجدول الزيارة خلال 4 ساعات',
  });
  // Khalid reports a position about a kilometre from the target ticket.
  const token = await ctx.accessTokens.sign(khalid.principal, ctx.clock.now());
  const ping = await app.t.app.inject({
    method: 'POST',
    url: '/api/v1/technician/location',
    headers: bearer(token),
    payload: { latitude: 24.79, longitude: 46.66 },
  });
  expect(ping.statusCode).toBe(200);
});

afterAll(async () => {
  await app?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const newPage = (locale: 'ar' | 'en' = 'ar') =>
  app.openPage({ viewport: DESKTOP, acceptDownloads: true, timeoutMs: 15_000, locale });

async function signIn(page: Page, next: string, english = false): Promise<void> {
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(english ? 'E-mail' : 'البريد الإلكتروني').fill(dispatcher.email);
  await page.getByLabel(english ? 'Password' : 'كلمة المرور').fill(dispatcher.password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'تسجيل الدخول' }).click();
  await page.waitForURL((url) => url.pathname === '/admin/tickets');
}

const cards = (page: Page) => page.locator('.at-grid > li');
const badge = (page: Page) => page.locator('.at-count');
const searchParams = (page: Page) => new URL(page.url()).searchParams;

/** The ticket numbers in the first column of the export's sheet, header row left out. */
async function xlsxTicketNumbers(file: string): Promise<{ header: unknown; numbers: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  const [header, ...body] = rows;
  return { header: header?.[0], numbers: body.map((row) => String(row[0])) };
}

/** Tomorrow in Riyadh by the later of the browser's clock and the server's (manual) clock. */
function visitDay(): string {
  const later = Math.max(Date.now(), app.t.ctx.clock.now().getTime());
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Riyadh' }).format(
    new Date(later + 86_400_000),
  );
  return day;
}

describe('admin tickets management', () => {
  it('filters in the URL, pages by key, exports the filtered list, assigns and schedules from a card, maps, and resolves an escalation', async () => {
    const page = await newPage();
    await signIn(page, '/admin/tickets');
    await page.getByRole('heading', { level: 1, name: 'إدارة التذاكر' }).waitFor();
    await expect.poll(() => badge(page).textContent()).toBe(`${ALL_TICKETS} تذكرة`);
    await expect.poll(() => cards(page).count()).toBe(12);

    // Status (multi-select) and city: each change is in the URL.
    await page.locator('summary', { hasText: 'الحالة' }).click();
    // A controlled box whose state comes back through the URL: click, then wait for the URL.
    await page.getByRole('checkbox', { name: 'جديدة' }).click();
    await page.locator('summary', { hasText: 'الحالة' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'new');
    await page.getByLabel('المدينة').selectOption('riyadh');
    await page.waitForURL((url) => url.searchParams.get('city') === 'riyadh');
    await expect.poll(() => badge(page).textContent()).toBe(`${RIYADH_NEW} تذكرة`);

    // The back button undoes the last filter and forward brings it back.
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('city'));
    expect(await page.getByLabel('المدينة').inputValue()).toBe('');
    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get('city') === 'riyadh');
    await expect.poll(() => badge(page).textContent()).toBe(`${RIYADH_NEW} تذكرة`);

    // A shared link opens the same view.
    await page.reload();
    await expect.poll(() => badge(page).textContent()).toBe(`${RIYADH_NEW} تذكرة`);
    expect(await page.getByLabel('المدينة').inputValue()).toBe('riyadh');
    await expect.poll(() => cards(page).count()).toBe(12);

    // Keyset pages: Next carries the cursor, Previous returns to the first page.
    await page.getByRole('button', { name: 'التالي' }).click();
    await page.waitForURL((url) => url.searchParams.has('cursor'));
    await expect.poll(() => cards(page).count()).toBe(RIYADH_NEW - 12);
    await page.getByText('صفحة 2').waitFor();
    await page.getByRole('button', { name: 'السابق' }).click();
    await page.waitForURL((url) => !url.searchParams.has('cursor'));
    await expect.poll(() => cards(page).count()).toBe(12);
    expect(await axeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toEqual([]);
    await screenshot(page, 'admin-tickets-grid-ar');

    // Export the filtered list as XLSX: exactly the filtered tickets.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Excel (XLSX)' }).click(),
    ]);
    await page.getByText(`حُفظ الملف ${download.suggestedFilename()}.`).waitFor();
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const exported = await xlsxTicketNumbers(file);
    expect(exported.header).toBe('رقم التذكرة');
    const expected = await app.t.ctx.db
      .select({ number: tickets.ticketNumber })
      .from(tickets)
      .where(
        and(
          eq(tickets.organizationId, organizationId),
          eq(tickets.status, 'new'),
          eq(tickets.customerCity, 'riyadh'),
        ),
      );
    expect(exported.numbers).toHaveLength(RIYADH_NEW);
    expect(new Set(exported.numbers)).toEqual(new Set(expected.map((row) => row.number)));

    // Find the new ticket by phone, assign it to the nearest specialist from its card.
    await page.getByRole('button', { name: /مسح/ }).click();
    await page.waitForURL((url) => !url.searchParams.has('status') && !url.searchParams.has('city'));
    await page.getByLabel('بحث').fill('0551000001');
    await page.waitForURL((url) => url.searchParams.get('search') === '0551000001');
    await expect.poll(() => badge(page).textContent()).toBe('تذكرة واحدة');
    const card = cards(page).filter({ hasText: 'فهد الشمري' });
    await card.getByRole('button', { name: 'إسناد لفني' }).click();
    const dialog = page.getByRole('dialog', { name: `إسناد التذكرة ${target.number}` });
    const khalidOption = dialog.getByRole('radio', { name: /خالد الحربي/ });
    await khalidOption.waitFor();
    const firstCandidate = dialog.locator('.at-candidate').first();
    expect(await firstCandidate.textContent()).toContain('خالد الحربي');
    expect(await firstCandidate.textContent()).toContain('التخصص مطابق');
    expect(await firstCandidate.textContent()).toContain('آخر موقع');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-tickets-assign-ar');
    await khalidOption.check();
    await dialog.getByRole('button', { name: 'إسناد', exact: true }).click();
    await page.getByText(`أُسندت التذكرة ${target.number} إلى خالد الحربي.`).waitFor();
    await card.locator('.status-badge', { hasText: 'تم الإسناد' }).waitFor();

    // Schedule it from the same card: a date and the evening slot.
    await card.getByRole('button', { name: 'جدولة' }).click();
    const schedule = page.getByRole('dialog', { name: `جدولة التذكرة ${target.number}` });
    await schedule.getByLabel('تاريخ الزيارة').fill(visitDay());
    await schedule.getByRole('radio', { name: 'مساءً (5 - 11)' }).check();
    await schedule.getByRole('button', { name: 'حفظ الموعد' }).click();
    await card.locator('.status-badge', { hasText: 'مجدولة' }).waitFor();
    expect(await ticketRow(app.t.ctx, target.id)).toMatchObject({
      status: 'scheduled',
      technicianId: khalid.principal.technicianId,
      assignedById: dispatcher.principal.userId,
      scheduledDate: visitDay(),
      scheduledTimeSlot: 'evening',
    });

    // The map: every ticket (none is over the cap) and the live technician, with popups.
    await page.getByLabel('بحث').fill('');
    await page.waitForURL((url) => !url.searchParams.has('search'));
    await page.getByRole('link', { name: 'خريطة' }).click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'map');
    await page.getByText(`${ALL_TICKETS} تذكرة على الخريطة`).waitFor();
    await page.getByTestId('technicians-map').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.ticket-pin[data-ticket-id]').count()).toBe(ALL_TICKETS);
    await page.locator('.ticket-pin-urgent').first().waitFor();
    await page.locator(`.technician-pin[data-technician-id="${khalid.principal.technicianId}"]`).waitFor();
    await page.getByRole('region', { name: 'الفنيون على الخريطة' }).getByText('خالد الحربي').waitFor();
    await page.locator('.ticket-pin-urgent').first().click();
    const popup = page.locator('.leaflet-popup');
    await popup.getByText('سارة جدة').waitFor();
    await popup.getByRole('button', { name: 'إسناد لفني' }).click();
    await page
      .getByRole('dialog', { name: /إسناد التذكرة/ })
      .getByRole('radio', { name: /سامي العتيبي/ })
      .waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'إلغاء' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-tickets-map-ar');

    // The escalations centre: the dispatcher resolves the late-scheduling escalation with notes.
    await page.getByRole('link', { name: 'مركز التصعيدات' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/escalations');
    const escalationCard = page.getByRole('listitem').filter({ hasText: 'لم تُجدول الزيارة خلال 4 ساعات' });
    await escalationCard.getByRole('button', { name: /^حل / }).click();
    const resolveDialog = page.getByRole('dialog', { name: /حل تصعيد التذكرة/ });
    await resolveDialog.getByLabel('ملاحظات الحل').fill('اتصلت بالفني وحُدد موعد الزيارة');
    await resolveDialog.getByRole('button', { name: 'حل التصعيد' }).click();
    await page.getByText(/تم حل تصعيد التذكرة/).waitFor();
    const [resolved] = await app.t.ctx.db.select().from(escalations).where(eq(escalations.id, escalationId));
    expect(resolved).toMatchObject({
      isResolved: true,
      resolvedById: dispatcher.principal.userId,
      resolutionNotes: 'اتصلت بالفني وحُدد موعد الزيارة',
    });
  });

  it('shows the same views in English', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin/tickets?status=new&city=riyadh', true);
    await page.getByRole('heading', { level: 1, name: 'Tickets' }).waitFor();
    await expect.poll(() => badge(page).textContent()).toBe(`${RIYADH_NEW - 1} tickets`);
    expect(searchParams(page).get('status')).toBe('new');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-tickets-grid-en');

    // Oldest first: in the URL, the filters kept, the first card now the oldest of the list.
    const numbers = () => cards(page).locator('.at-card-number').allTextContents();
    const newest = await numbers();
    await page.getByLabel('Order').selectOption('oldest');
    await page.waitForURL((url) => url.searchParams.get('sort') === 'oldest');
    expect(searchParams(page).get('city')).toBe('riyadh');
    await expect.poll(async () => (await numbers())[0]).not.toBe(newest[0]);
    const inOrder = (order: 'asc' | 'desc') =>
      app.t.ctx.db
        .select({ number: tickets.ticketNumber })
        .from(tickets)
        .where(
          and(
            eq(tickets.organizationId, organizationId),
            eq(tickets.status, 'new'),
            eq(tickets.customerCity, 'riyadh'),
          ),
        )
        .orderBy(
          ...(order === 'asc'
            ? [asc(tickets.createdAt), asc(tickets.id)]
            : [desc(tickets.createdAt), desc(tickets.id)]),
        )
        .limit(12);
    expect(await numbers()).toEqual((await inOrder('asc')).map((row) => row.number));
    expect(newest).toEqual((await inOrder('desc')).map((row) => row.number));
    await page.getByLabel('Order').selectOption('newest');
    await page.waitForURL((url) => !url.searchParams.has('sort'));

    await page.getByRole('link', { name: 'Map', exact: true }).click();
    await page.waitForURL(
      (url) => url.searchParams.get('view') === 'map' && url.searchParams.get('city') === 'riyadh',
    );
    await page.getByText(`${RIYADH_NEW - 1} tickets on the map`).waitFor();
    await page.getByTestId('technicians-map').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.ticket-pin[data-ticket-id]').count()).toBe(RIYADH_NEW - 1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-tickets-map-en');
  });

  it('assigns the selected tickets in bulk and lists the one it refused', async () => {
    const page = await newPage();
    await signIn(page, '/admin/tickets?city=jeddah');
    await expect.poll(() => cards(page).count()).toBe(2);
    for (const name of ['سارة جدة', 'ليلى جدة']) {
      await cards(page).filter({ hasText: name }).getByRole('checkbox').check();
    }
    await page.getByText('تذكرتان محددتان').waitFor();
    // Meanwhile another dispatcher assigns one of them.
    const [taken] = await app.t.ctx.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.organizationId, organizationId), eq(tickets.customerName, 'ليلى جدة')));
    const token = await app.t.ctx.accessTokens.sign(dispatcher.principal, app.t.ctx.clock.now());
    const other = await app.t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/tickets/${taken?.id}/assign`,
      headers: bearer(token),
      payload: { technicianId: khalid.principal.technicianId },
    });
    expect(other.statusCode).toBe(200);

    await page.getByRole('button', { name: 'إسناد المحدد' }).click();
    const dialog = page.getByRole('dialog', { name: 'إسناد تذكرتين' });
    await dialog.getByLabel('الفني').selectOption({ label: 'سامي العتيبي — لا توجد تذاكر مفتوحة' });
    await dialog.getByRole('button', { name: 'إسناد', exact: true }).click();
    await page.getByText('أُسندت: 1. رُفضت: 1.').waitFor();
    await page.getByText(/ليست جديدة: أعد إسنادها من صفحة تفاصيلها/).waitFor();
    await page.getByText('لم تُحدد أي تذكرة').waitFor();
    await expect.poll(() => cards(page).locator('.status-badge', { hasText: 'تم الإسناد' }).count()).toBe(2);
    const sara = await app.t.ctx.db
      .select({ technicianId: tickets.technicianId, status: tickets.status })
      .from(tickets)
      .where(and(eq(tickets.organizationId, organizationId), eq(tickets.customerName, 'سارة جدة')));
    expect(sara[0]?.status).toBe('assigned');
    expect(sara[0]?.technicianId).not.toBe(khalid.principal.technicianId);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-tickets-bulk-ar');
  });

  it('shows the empty state when nothing matches', async () => {
    const page = await newPage();
    await signIn(page, '/admin/tickets?search=zzzz-nothing');
    await page.getByText('لا توجد تذاكر مطابقة للفلتر').waitFor();
    await expect.poll(() => badge(page).textContent()).toBe('لا توجد تذاكر');
  });

  it('shows a ticket filed and then assigned meanwhile, without a reload', async () => {
    const page = await newPage();
    await signIn(page, '/admin/tickets?city=dammam');
    await page.getByText('لا توجد تذاكر مطابقة للفلتر').waitFor();
    // Gone if the page were loaded again.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    const filed = await ticket({
      customerName: 'عميل الدمام الجديد',
      customerPhone: '0553000001',
      customerCity: 'dammam',
      latitude: 26.43,
      longitude: 50.1,
    });
    const card = cards(page).filter({ hasText: filed.number });
    await expect.poll(() => card.textContent(), { timeout: 8_000 }).toContain('جديدة');
    await expect.poll(() => badge(page).textContent(), { timeout: 10_000 }).toBe('تذكرة واحدة');

    const asked = { pages: 0, counts: 0 };
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === '/api/v1/admin/tickets') asked.pages += 1;
      if (pathname === '/api/v1/admin/tickets/count') asked.counts += 1;
    });
    await driveTicket(app.t.ctx, filed.id, 'assigned', {
      admin: dispatcher.principal,
      technician: khalid.principal,
      workshop: dispatcher.principal,
    });
    await expect.poll(() => card.textContent(), { timeout: 8_000 }).toContain('تم الإسناد');
    expect(await card.textContent()).toContain('خالد الحربي');
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
    // The page changed, so its count is read again too (within 5 s).
    await expect.poll(() => asked.counts, { timeout: 8_000 }).toBe(1);

    // A ticket of another city: the page is read again and comes back the same, so no new count.
    asked.pages = 0;
    asked.counts = 0;
    await ticket({ customerName: 'عميل الرياض الأخير', customerPhone: '0551000099', customerCity: 'riyadh' });
    await expect.poll(() => asked.pages, { timeout: 8_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(6_000);
    expect(asked.counts).toBe(0);
    expect(await cards(page).count()).toBe(1);
  });
});
