// The technician portal in a phone-sized Chromium with emulated geolocation: one ticket from
// scheduled to completed through the UI alone (trip, arrival, inspection photo, diagnosis, repair,
// three photos, the customer's OTP read from the outbox, rating), a refused OTP and a refused
// location; another through parts → parts received → repairing → complete with a drawn signature,
// and pickup → the workshop user checks in and repairs in the workshop portal (a second browser) →
// ready → delivered with the OTP; not fixed with "other". All through the UI. axe-core on the
// dashboard, the task page and every modal; screenshots of each in Arabic and English.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { technicianLocations, ticketAttachments, ticketMessages, tickets } from '../../src/server/db/schema';
import {
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  PNG_BYTES,
  type TestUser,
  ticketStatus,
} from '../../src/server/test/factories';
import {
  axeViolations,
  type BrowserApp,
  horizontalOverflow,
  type OpenPageOptions,
  screenshot,
  startBrowserApp,
} from './helper';

const HERE = { latitude: 24.7136, longitude: 46.6753 };
let app: BrowserApp;
let cast: Cast;
let technician: TestUser;
let workshopUser: TestUser;
let first: { id: string; ticketNumber: string };
let parts: { id: string; ticketNumber: string };
let pickup: { id: string; ticketNumber: string };
let notFixed: { id: string; ticketNumber: string };

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  const admin = await createStaff(app.t.ctx, { organizationId, role: 'admin' });
  technician = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'أحمد سالم' });
  workshopUser = await createStaff(app.t.ctx, { organizationId, role: 'workshop', name: 'Bench Hassan' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshopUser.principal };
  // The visits are on 25 Nov (Riyadh); it is that morning.
  app.t.clock.set(new Date('2026-11-25T05:30:00Z'));
  first = await createTestTicket(app.t.ctx, { customerName: 'سعد العميل', brand: 'LG' });
  await driveTicket(app.t.ctx, first.id, 'scheduled', cast);
  parts = await createTestTicket(app.t.ctx, { customerName: 'Parts Customer', brand: 'Samsung' });
  await driveTicket(app.t.ctx, parts.id, 'diagnosed', cast);
  pickup = await createTestTicket(app.t.ctx, { customerName: 'Pickup Customer', brand: 'Haier' });
  await driveTicket(app.t.ctx, pickup.id, 'diagnosed', cast);
  notFixed = await createTestTicket(app.t.ctx, { customerName: 'Broken Customer', brand: 'Gree' });
  await driveTicket(app.t.ctx, notFixed.id, 'diagnosed', cast);
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const newPage = (options?: OpenPageOptions) =>
  app.openPage({ geolocation: HERE, permissions: ['geolocation'], timeoutMs: 15_000, ...options });

async function signIn(page: Page, next: string, english = false, user = technician): Promise<void> {
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(english ? 'E-mail' : 'البريد الإلكتروني').fill(user.email);
  await page.getByLabel(english ? 'Password' : 'كلمة المرور').fill(user.password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'تسجيل الدخول' }).click();
  await page.waitForURL(`**${next}`);
}

const photoFiles = (count: number, prefix = 'photo') =>
  Array.from({ length: count }, (_, index) => ({
    name: `${prefix}-${index + 1}.png`,
    mimeType: 'image/png',
    buffer: PNG_BYTES,
  }));

const actionBar = (page: Page, english = false) =>
  page.getByRole('navigation', { name: english ? 'Task actions' : 'إجراءات المهمة' });
const dialog = (page: Page) => page.getByRole('dialog');
const badge = (page: Page, label: string) =>
  page.locator('.tw-task-header .status-badge', { hasText: label });

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** A modal's own screenshot (a full-page one would show the page behind it, scrolled). */
async function dialogShot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await dialog(page).screenshot({ path: `${ARTIFACTS}${name}.png` });
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

/** Opens an action's modal from the bar and checks it with axe (and keeps a screenshot when named). */
async function openModal(page: Page, button: string, shot: string | null, english = false): Promise<void> {
  await actionBar(page, english).getByRole('button', { name: button, exact: true }).click();
  await dialog(page).waitFor();
  await expectAccessible(page);
  if (shot) await dialogShot(page, shot);
}

/** Draws a signature on the modal's pad, as a finger would. */
async function sign(page: Page, english: boolean): Promise<void> {
  const pad = dialog(page).getByRole('img', {
    name: english ? 'Customer signature pad' : 'لوحة توقيع العميل',
  });
  const box = await pad.boundingBox();
  if (!box) throw new Error('no signature pad');
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 60, { steps: 8 });
  await page.mouse.move(box.x + 220, box.y + 30, { steps: 8 });
  await page.mouse.up();
  await dialog(page)
    .getByText(english ? 'Signed.' : 'تم التوقيع.')
    .waitFor();
}

/** Sends the customer's completion code from the modal and reads it from the outbox file. */
async function sendOtp(page: Page, english: boolean): Promise<string> {
  const before = (await app.t.outboxMessages()).length;
  await dialog(page)
    .getByRole('radio', { name: english ? 'Verification code' : 'رمز التحقق' })
    .check();
  await dialog(page)
    .getByRole('button', { name: english ? 'Send verification code' : 'إرسال رمز التحقق' })
    .click();
  await dialog(page)
    .getByText(
      english ? "A 6-digit code was sent to the customer's phone." : 'أُرسل رمز من 6 أرقام إلى جوال العميل.',
    )
    .waitFor();
  const sent = (await app.t.outboxMessages())
    .slice(before)
    .filter((message) => message.template === 'otp_completion');
  const code = sent.at(-1)?.payload.code;
  if (typeof code !== 'string') throw new Error('no completion code in the outbox');
  return code;
}

describe('technician portal', () => {
  it('drives a ticket from scheduled to completed through the UI (Arabic)', {
    timeout: 180_000,
  }, async () => {
    const page = await newPage();
    await signIn(page, '/technician');
    await page.getByRole('heading', { level: 1, name: 'لوحة التحكم' }).waitFor();
    const list = page.getByRole('list', { name: 'قائمة المهام' });
    await list.getByText(first.ticketNumber).waitFor();
    await expect.poll(() => page.locator('.tw-kpi-pending .tw-kpi-value').textContent()).toBe('1');
    await page.getByRole('radio', { name: 'الأقرب' }).check();
    await expectAccessible(page);
    await screenshot(page, 'technician-dashboard-ar');
    expect(await horizontalOverflow(page)).toEqual([]);
    // The map view (Leaflet, loaded on demand): one marker per task; choosing one opens it.
    await page.getByRole('radio', { name: 'خريطة' }).check();
    await expect.poll(() => page.locator('.tw-map-marker').count()).toBe(4);
    await expectAccessible(page);
    await screenshot(page, 'technician-dashboard-map-ar');
    // The tickets share one address, so the markers overlap: the keyboard reaches each one.
    await page.getByTitle(`فتح المهمة ${pickup.ticketNumber}`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/technician/tasks/${pickup.id}`);
    await page.goBack();
    await page.getByRole('radio', { name: 'قائمة' }).check();

    await page.getByRole('link', { name: `فتح المهمة ${first.ticketNumber}` }).click();
    await page.getByRole('heading', { level: 1, name: 'تفاصيل المهمة' }).waitFor();
    await badge(page, 'مجدولة').waitFor();
    await expect(page.getByRole('link', { name: 'اتصال بالعميل' }).getAttribute('href')).resolves.toMatch(
      /^tel:/,
    );
    await expect(page.getByRole('link', { name: 'ويز' }).getAttribute('href')).resolves.toContain('waze.com');
    // An attachment by type: refused without a photo, uploaded, shown, then deleted.
    const upload = page.getByRole('button', { name: 'رفع', exact: true });
    await upload.click();
    await page.getByText('اختر صورة أولاً.').waitFor();
    await page.getByLabel('نوع المرفق').selectOption('invoice_photo');
    await page.getByLabel('صورة من الكاميرا').setInputFiles(photoFiles(1, 'invoice'));
    await upload.click();
    await page.getByText('تم رفع المرفق.').waitFor();
    await page.getByRole('img', { name: 'الفاتورة — invoice-1.jpg' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'technician-task-ar');
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: 'حذف الفاتورة (invoice-1.jpg)' }).click();
    await page.getByText('تم حذف المرفق.').waitFor();
    await page.getByText('لا توجد مرفقات بعد.').waitFor();
    const deleted = await app.t.ctx.db
      .select({ id: ticketAttachments.id })
      .from(ticketAttachments)
      .where(and(eq(ticketAttachments.ticketId, first.id), isNotNull(ticketAttachments.deletedAt)));
    expect(deleted).toHaveLength(1);

    await openModal(page, 'بدء الرحلة', null);
    await dialog(page).getByRole('button', { name: 'بدء الرحلة' }).click();
    await badge(page, 'في الطريق').waitFor();
    // On the way, the phone's position is sent to the location endpoint (with its accuracy, which
    // the start-trip request does not carry).
    await expect
      .poll(
        async () =>
          (
            await app.t.ctx.db
              .select({ id: technicianLocations.id })
              .from(technicianLocations)
              .where(and(eq(technicianLocations.ticketId, first.id), isNotNull(technicianLocations.accuracy)))
          ).length,
      )
      .toBeGreaterThan(0);

    await openModal(page, 'وصلت', null);
    await dialog(page).getByRole('button', { name: 'وصلت' }).click();
    await badge(page, 'وصل الموقع').waitFor();

    await actionBar(page).getByRole('button', { name: 'بدء الفحص' }).click();
    const startInspection = dialog(page).getByRole('button', { name: 'بدء الفحص' });
    await expect(startInspection.isDisabled()).resolves.toBe(true);
    await dialog(page).locator('input[type=file]').setInputFiles(photoFiles(1, 'before'));
    await dialog(page).getByRole('img', { name: 'الصورة 1' }).waitFor();
    await expectAccessible(page);
    await dialogShot(page, 'technician-modal-inspection-filled-ar');
    await startInspection.click();
    await badge(page, 'جاري الفحص').waitFor();

    await openModal(page, 'إتمام التشخيص', null);
    const saveDiagnosis = dialog(page).getByRole('button', { name: 'حفظ التشخيص' });
    await expect(saveDiagnosis.isDisabled()).resolves.toBe(true);
    await dialog(page).getByLabel('ملاحظات التشخيص (مطلوب)').fill('تلف في مرحل الضاغط');
    await dialogShot(page, 'technician-modal-diagnosis-filled-ar');
    await saveDiagnosis.click();
    await badge(page, 'تم التشخيص').waitFor();

    await actionBar(page).getByRole('button', { name: 'بدء الإصلاح', exact: true }).click();
    await dialog(page).getByRole('button', { name: 'بدء الإصلاح' }).click();
    await badge(page, 'جاري الإصلاح').waitFor();

    await actionBar(page).getByRole('button', { name: 'تم الإصلاح', exact: true }).click();
    const finish = dialog(page).getByRole('button', { name: 'إتمام الطلب' });
    await dialog(page).locator('input[type=file]').setInputFiles(photoFiles(2, 'after'));
    await dialog(page).getByRole('img', { name: 'الصورة 2' }).waitFor();
    await dialog(page).getByRole('radio', { name: 'رمز التحقق' }).check();
    await dialog(page).getByRole('button', { name: 'إرسال رمز التحقق' }).click();
    await dialog(page).getByText('أُرسل رمز من 6 أرقام إلى جوال العميل.').waitFor();
    const code = (await app.t.outboxMessages())
      .filter((message) => message.template === 'otp_completion')
      .at(-1)?.payload.code;
    expect(typeof code).toBe('string');
    // Two photos are not enough: the button stays disabled even with a code typed in.
    await dialog(page)
      .getByLabel('الرمز المرسل إلى العميل')
      .fill(code === '000000' ? '111111' : '000000');
    await expect(finish.isDisabled()).resolves.toBe(true);
    await dialog(page).locator('input[type=file]').setInputFiles(photoFiles(1, 'after-3'));
    await dialog(page).getByRole('img', { name: 'الصورة 3' }).waitFor();
    // A wrong code: the server refuses, the modal stays open with its message, nothing changes.
    await finish.click();
    await dialog(page).getByRole('alert').waitFor();
    expect(await ticketStatus(app.t.ctx, first.id)).toBe('repairing');
    await dialog(page).getByLabel('الرمز المرسل إلى العميل').fill(String(code));
    await dialog(page).getByRole('radio', { name: '5 من 5 نجوم' }).check();
    await dialog(page).getByLabel('ملاحظات العميل (اختياري)').fill('خدمة ممتازة');
    await expectAccessible(page);
    await dialogShot(page, 'technician-modal-complete-filled-ar');
    await finish.click();
    await badge(page, 'مكتملة').waitFor();
    await expect(
      actionBar(page).getByText('لا توجد إجراءات متاحة لك في هذه الحالة.').isVisible(),
    ).resolves.toBe(true);

    const [row] = await app.t.ctx.db.select().from(tickets).where(eq(tickets.id, first.id));
    expect(row).toMatchObject({ status: 'completed', customerRating: 5, confirmationMethod: 'otp' });
    const stored = await app.t.ctx.db
      .select({ type: ticketAttachments.type, mimeType: ticketAttachments.mimeType })
      .from(ticketAttachments)
      .where(eq(ticketAttachments.ticketId, first.id));
    expect(stored.filter((item) => item.type === 'after_repair')).toHaveLength(3);
    expect(stored.filter((item) => item.type === 'before_inspection')).toHaveLength(1);
    // Photos are re-encoded as JPEG on the phone before upload.
    expect(stored.every((item) => item.mimeType === 'image/jpeg')).toBe(true);
  });

  it('says clearly when the phone refuses its location, and sends nothing', { timeout: 60_000 }, async () => {
    const other = await createTestTicket(app.t.ctx, { customerName: 'No GPS Customer' });
    await driveTicket(app.t.ctx, other.id, 'scheduled', cast);
    const page = await newPage({ permissions: [] });
    await signIn(page, `/technician/tasks/${other.id}`);
    await actionBar(page).getByRole('button', { name: 'بدء الرحلة' }).click();
    await dialog(page).getByRole('button', { name: 'بدء الرحلة' }).click();
    await dialog(page)
      .getByRole('alert')
      .getByText(/رفض الجوال مشاركة موقعك/)
      .waitFor();
    expect(await ticketStatus(app.t.ctx, other.id)).toBe('scheduled');
  });

  it('requests parts, receives them and repairs; picks up, repairs in the workshop and delivers (English)', {
    timeout: 240_000,
  }, async () => {
    const page = await newPage({ locale: 'en' });
    await signIn(page, `/technician/tasks/${parts.id}`, true);
    await badge(page, 'Diagnosed').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'technician-task-en');

    await openModal(page, 'Request parts', null, true);
    const send = dialog(page).getByRole('button', { name: 'Send request' });
    await dialog(page).getByLabel('Part name (required)').fill('Compressor relay');
    await expect(send.isDisabled()).resolves.toBe(true);
    await dialog(page).locator('input[type=file]').first().setInputFiles(photoFiles(1, 'serial'));
    await dialog(page).getByRole('img', { name: 'Photo 1' }).waitFor();
    await dialogShot(page, 'technician-modal-parts-filled-en');
    await send.click();
    await badge(page, 'Waiting for parts').waitFor();
    // The parts arrive: the technician says so from the task, which goes straight to repairing.
    await openModal(page, 'Parts received', null, true);
    await dialog(page).getByRole('button', { name: 'Parts received' }).click();
    await badge(page, 'Repairing').waitFor();
    await page.getByRole('status').getByText("The task's status was updated.").waitFor();

    await openModal(page, 'Repair complete', null, true);
    const finish = dialog(page).getByRole('button', { name: 'Complete the request' });
    await dialog(page).locator('input[type=file]').setInputFiles(photoFiles(3, 'fixed'));
    await dialog(page).getByRole('img', { name: 'Photo 3' }).waitFor();
    await expect(finish.isDisabled()).resolves.toBe(true);
    await sign(page, true);
    await dialog(page).getByRole('radio', { name: '5 of 5 stars' }).check();
    await dialog(page).getByLabel('Customer feedback (optional)').fill('Quick and tidy');
    await expectAccessible(page);
    await dialogShot(page, 'technician-modal-complete-filled-en');
    await finish.click();
    await badge(page, 'Completed').waitFor();
    const [repaired] = await app.t.ctx.db.select().from(tickets).where(eq(tickets.id, parts.id));
    expect(repaired).toMatchObject({
      status: 'completed',
      confirmationMethod: 'signature',
      customerRating: 5,
      customerFeedback: 'Quick and tidy',
    });
    expect(repaired?.partsReceivedAt).not.toBeNull();

    await page.goto(`/technician/tasks/${pickup.id}`);
    await badge(page, 'Diagnosed').waitFor();
    await openModal(page, 'Pick up device', null, true);
    const confirmPickup = dialog(page).getByRole('button', { name: 'Confirm pickup' });
    await dialog(page).getByLabel('Reason (required)').fill('Needs a bench repair');
    await expect(confirmPickup.isDisabled()).resolves.toBe(true);
    await dialog(page).getByLabel('The customer was told the device is being taken').check();
    await dialogShot(page, 'technician-modal-pickup-filled-en');
    await confirmPickup.click();
    await badge(page, 'Device picked up').waitFor();

    // The workshop, in its own browser: checks the device in, repairs it, marks it ready.
    const bench = await newPage({ locale: 'en' });
    await signIn(bench, '/workshop', true, workshopUser);
    await bench.getByRole('heading', { level: 1, name: 'Workshop dashboard' }).waitFor();
    expect(await bench.getByRole('button', { name: 'Picked up' }).getAttribute('aria-pressed')).toBe('true');
    await bench.getByRole('link', { name: pickup.ticketNumber }).click();
    await bench.waitForURL(`**/workshop/tickets/${pickup.id}`);
    await bench.getByRole('definition').filter({ hasText: 'Needs a bench repair' }).waitFor();
    await expectAccessible(bench);
    await screenshot(bench, 'workshop-ticket-picked-up-en');
    await bench.getByRole('button', { name: 'Check the device in' }).click();
    await bench.getByText('The device was checked in.').waitFor();
    await bench.getByLabel('Repair notes (optional)').fill('Relay replaced on the bench');
    await bench.getByRole('button', { name: 'Repaired — ready for delivery' }).click();
    await bench.getByText('The device is ready for delivery.').waitFor();
    await bench.getByText('The device is ready and waits for the technician to deliver it.').waitFor();
    await expectAccessible(bench);
    await screenshot(bench, 'workshop-ticket-ready-en');
    expect(await ticketStatus(app.t.ctx, pickup.id)).toBe('ready_delivery');

    // Back with the customer: the technician delivers, confirmed by the code the customer received.
    await page.reload();
    await badge(page, 'Ready for delivery').waitFor();
    await openModal(page, 'Deliver device', null, true);
    const deliver = dialog(page).getByRole('button', { name: 'Deliver device' });
    await expect(deliver.isDisabled()).resolves.toBe(true);
    const code = await sendOtp(page, true);
    await dialog(page).getByLabel('Code sent to the customer').fill(code);
    await dialog(page).getByRole('radio', { name: '4 of 5 stars' }).check();
    await expectAccessible(page);
    await dialogShot(page, 'technician-modal-deliver-filled-en');
    await deliver.click();
    await badge(page, 'Completed').waitFor();
    const [delivered] = await app.t.ctx.db.select().from(tickets).where(eq(tickets.id, pickup.id));
    expect(delivered).toMatchObject({ status: 'completed', confirmationMethod: 'otp', customerRating: 4 });
    expect(delivered?.workshopCheckedInAt).not.toBeNull();
    expect(delivered?.readyForDeliveryAt).not.toBeNull();
  });

  it('marks a task not fixed with "other" and its words (English)', { timeout: 60_000 }, async () => {
    const page = await newPage({ locale: 'en' });
    await signIn(page, `/technician/tasks/${notFixed.id}`, true);
    await badge(page, 'Diagnosed').waitFor();
    await openModal(page, 'Not fixed', null, true);
    const confirm = dialog(page).getByRole('button', { name: 'Confirm' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog(page).getByLabel('Other', { exact: true }).check();
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog(page).getByLabel('Other reason (required)').fill('Wall unit is not reachable');
    await dialogShot(page, 'technician-modal-not-fixed-filled-en');
    await confirm.click();
    await badge(page, 'Not fixed').waitFor();
    const [closed] = await app.t.ctx.db.select().from(tickets).where(eq(tickets.id, notFixed.id));
    expect(closed).toMatchObject({ status: 'not_fixed', notFixedOtherReason: 'Wall unit is not reachable' });
  });

  it('shows every modal in Arabic and English, accessible', { timeout: 240_000 }, async () => {
    // One ticket per status, so every action of the bar can be opened (and cancelled, changing nothing).
    const statuses = [
      'assigned',
      'scheduled',
      'on_route',
      'arrived',
      'inspecting',
      'diagnosed',
      'repairing',
      'waiting_parts',
    ] as const;
    const byStatus = new Map<string, string>();
    for (const status of [...statuses, 'ready_delivery' as const]) {
      const ticket = await createTestTicket(app.t.ctx, { customerName: `Screens ${status}` });
      await driveTicket(app.t.ctx, ticket.id, status, cast);
      byStatus.set(status, ticket.id);
    }
    const modals: Array<{ status: string; action: string; ar: string; en: string }> = [
      { status: 'assigned', action: 'schedule', ar: 'جدولة موعد آخر', en: 'Reschedule' },
      { status: 'scheduled', action: 'trip', ar: 'بدء الرحلة', en: 'Start trip' },
      { status: 'on_route', action: 'arrive', ar: 'وصلت', en: 'Arrived' },
      { status: 'arrived', action: 'inspection', ar: 'بدء الفحص', en: 'Start inspection' },
      { status: 'inspecting', action: 'diagnosis', ar: 'إتمام التشخيص', en: 'Complete diagnosis' },
      { status: 'diagnosed', action: 'repair', ar: 'بدء الإصلاح', en: 'Start repair' },
      { status: 'diagnosed', action: 'parts', ar: 'طلب قطع غيار', en: 'Request parts' },
      { status: 'diagnosed', action: 'not-fixed', ar: 'لم يتم الإصلاح', en: 'Not fixed' },
      { status: 'diagnosed', action: 'pickup', ar: 'سحب الجهاز', en: 'Pick up device' },
      { status: 'waiting_parts', action: 'parts-received', ar: 'استلام القطع', en: 'Parts received' },
      { status: 'repairing', action: 'complete', ar: 'تم الإصلاح', en: 'Repair complete' },
      { status: 'ready_delivery', action: 'deliver', ar: 'تسليم الجهاز', en: 'Deliver device' },
    ];
    for (const locale of ['ar', 'en'] as const) {
      const english = locale === 'en';
      const page = await newPage({ locale });
      await signIn(page, '/technician', english);
      await page.getByRole('heading', { level: 1, name: english ? 'Dashboard' : 'لوحة التحكم' }).waitFor();
      // The Arabic one is kept by the first test, with its tasks.
      if (english) {
        await page.locator('.tw-kpi-value').first().waitFor();
        await screenshot(page, 'technician-dashboard-en');
      }
      await page.getByRole('radio', { name: english ? 'This week' : 'الأسبوع' }).check();
      await expectAccessible(page);
      await screenshot(page, `technician-dashboard-week-${locale}`);
      let shown = '';
      for (const modal of modals) {
        const id = byStatus.get(modal.status) ?? '';
        if (shown !== id) {
          await page.goto(`/technician/tasks/${id}`);
          await actionBar(page, english).waitFor();
          shown = id;
        }
        await openModal(page, modal[locale], `technician-modal-${modal.action}-${locale}`, english);
        if (modal.action === 'complete' || modal.action === 'deliver') {
          // The customer's confirmation both ways, then the rating (cancelled: nothing is sent).
          await sign(page, english);
          await dialog(page)
            .getByRole('radio', { name: english ? '5 of 5 stars' : '5 من 5 نجوم' })
            .check();
          await expectAccessible(page);
          await dialogShot(page, `technician-modal-${modal.action}-signed-${locale}`);
          const code = await sendOtp(page, english);
          await dialog(page)
            .getByLabel(english ? 'Code sent to the customer' : 'الرمز المرسل إلى العميل')
            .fill(code);
          await dialog(page)
            .getByRole('radio', { name: english ? '4 of 5 stars' : '4 من 5 نجوم' })
            .check();
          await expectAccessible(page);
          await dialogShot(page, `technician-modal-${modal.action}-otp-${locale}`);
        }
        await dialog(page)
          .getByRole('button', { name: english ? 'Cancel' : 'إلغاء' })
          .click();
        await dialog(page).waitFor({ state: 'detached' });
      }
    }
    for (const status of statuses)
      expect(await ticketStatus(app.t.ctx, byStatus.get(status) ?? '')).toBe(status);
  });

  it('refuses an empty message, then writes to the customer in the app and by SMS (English)', {
    timeout: 60_000,
  }, async () => {
    const ticket = await createTestTicket(app.t.ctx, { customerName: 'Message Customer', brand: 'Carrier' });
    await driveTicket(app.t.ctx, ticket.id, 'scheduled', cast);
    const stored = () =>
      app.t.ctx.db
        .select({ content: ticketMessages.content, channel: ticketMessages.channel })
        .from(ticketMessages)
        .where(eq(ticketMessages.ticketId, ticket.id))
        .orderBy(ticketMessages.createdAt);
    const page = await newPage({ locale: 'en' });
    await signIn(page, `/technician/tasks/${ticket.id}`, true);
    const messages = page.getByRole('region', { name: 'Communication' });
    const field = messages.getByLabel('Message to the customer');
    const send = messages.getByRole('button', { name: 'Send', exact: true });
    await messages.getByText('No messages yet.').waitFor();

    // Only spaces: refused before sending, the field says why and takes the focus.
    await field.fill('   ');
    await send.click();
    await messages.getByText('Write a message first.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await stored()).toEqual([]);

    await field.fill('I will come after the next visit');
    await send.click();
    await messages.getByRole('status').getByText('The message was sent.').waitFor();
    const inApp = messages.getByRole('listitem').filter({ hasText: 'I will come after the next visit' });
    await inApp.getByText('أحمد سالم', { exact: true }).waitFor();
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('aria-invalid')).toBeNull();

    await messages.getByLabel("Send as a text message (SMS) to the customer's phone").check();
    await field.fill('Please keep the balcony door open');
    await send.click();
    const bySms = messages.getByRole('listitem').filter({ hasText: 'Please keep the balcony door open' });
    await bySms.getByText('أحمد سالم · SMS').waitFor();
    expect(await stored()).toEqual([
      { content: 'I will come after the next visit', channel: 'internal' },
      { content: 'Please keep the balcony door open', channel: 'sms' },
    ]);
    await expect
      .poll(async () =>
        (await app.t.outboxMessages())
          .filter((line) => line.template === 'customer_message' && line.ticketId === ticket.id)
          .map((line) => line.text.includes('Please keep the balcony door open')),
      )
      .toEqual([true]);
    await expectAccessible(page);
  });
});
