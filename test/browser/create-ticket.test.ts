// The customer's create-ticket wizard (seed 000 §4.1–§4.4) in a real Chromium: a validation error
// on each step, a reload in the middle, the map picker without tiles, the warranty branches, the
// invoice photo, and the success page's copy buttons.
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ticketAttachments, tickets } from '../../src/server/db/schema';
import { createTestOrganization, PNG_BYTES } from '../../src/server/test/factories';
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
const RIYADH = { latitude: 24.7136, longitude: 46.6753 };

beforeAll(async () => {
  app = await startBrowserApp();
  await createTestOrganization(app.t.ctx);
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

// 30 s is Playwright's own default, which these tests have always run with.
const newPage = (options?: OpenPageOptions) =>
  app.openPage({
    permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
    geolocation: RIYADH,
    timeoutMs: 30_000,
    ...options,
  });

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const stepHeading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 2, name });
const next = (page: Page) => page.getByRole('button', { name: 'التالي' });

async function fillStepOne(page: Page): Promise<void> {
  await page.getByLabel('الاسم الكامل').fill('محمد العتيبي');
  await page.getByLabel('رقم الجوال').fill('0551234567');
  await page.getByLabel('المدينة').selectOption({ label: 'الرياض' });
  await page.getByLabel('العنوان التفصيلي').fill('حي النرجس، شارع الأمير سلطان، فيلا 12');
  await page.getByRole('button', { name: 'موقعي' }).click();
  await page.getByText('الإحداثيات: 24.7136، 46.6753').waitFor();
}

describe('create-ticket wizard', () => {
  it('checks each step, survives a reload, and creates the ticket with its invoice photo', async () => {
    const page = await newPage();
    await page.goto('/customer');
    await page.getByRole('link', { name: /طلب صيانة جديد/ }).click();
    await page.waitForURL('**/customer/create?step=1');
    await heading(page, 'طلب صيانة جديد').waitFor();
    await stepHeading(page, /بيانات العميل/).waitFor();
    await page.getByRole('application', { name: 'خريطة لاختيار الموقع' }).waitFor();
    await screenshot(page, 'create-step1-390');

    // Step 1: "Next" refuses an empty form and names every field.
    await next(page).click();
    await page.getByText('أدخل الاسم الكامل (3 أحرف على الأقل).').waitFor();
    await page.getByText('أدخل رقم جوال سعودي صحيحاً بالصيغة 05xxxxxxxx.').waitFor();
    await page.getByText('اختر المدينة من القائمة.').waitFor();
    await page.getByText('أدخل العنوان التفصيلي (10 أحرف على الأقل).').waitFor();
    await page.getByText('حدد موقعك على الخريطة.').waitFor();
    expect(new URL(page.url()).searchParams.get('step')).toBe('1');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('create-customerName');
    expect(await axeViolations(page)).toEqual([]);

    await fillStepOne(page);
    await page.getByLabel('رقم الجوال').fill('0512345');
    await next(page).click();
    await page.getByText('أدخل رقم جوال سعودي صحيحاً بالصيغة 05xxxxxxxx.').waitFor();
    expect(new URL(page.url()).searchParams.get('step')).toBe('1');
    await page.getByLabel('رقم الجوال').fill('0551234567');
    // Without map tiles the picker still works: a tap on the map moves the marker.
    await page.getByText(/تعذر تحميل صور الخريطة/).waitFor();
    await page
      .getByRole('application', { name: 'خريطة لاختيار الموقع' })
      .click({ position: { x: 60, y: 60 } });
    await page.getByText('الإحداثيات: 24.7136، 46.6753').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'موقعي' }).click();
    await page.getByText('الإحداثيات: 24.7136، 46.6753').waitFor();
    expect(await horizontalOverflow(page)).toEqual([]);
    await next(page).click();

    // Step 2, then a reload in the middle: the step and what was typed are still there.
    await page.waitForURL('**/customer/create?step=2');
    await stepHeading(page, /الجهاز والمشكلة/).waitFor();
    await page.getByLabel('الماركة').fill('سامسونج');
    await page.reload();
    await stepHeading(page, /الجهاز والمشكلة/).waitFor();
    expect(await page.getByLabel('الماركة').inputValue()).toBe('سامسونج');

    await next(page).click();
    await page.getByText('اختر نوع الجهاز.').waitFor();
    await page.getByText('صف المشكلة (5 أحرف على الأقل).').waitFor();
    await page.getByText('اختر الوقت المفضل للزيارة.').waitFor();
    expect(new URL(page.url()).searchParams.get('step')).toBe('2');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('radio', { name: 'مكيف' }).check();
    await page.getByLabel('الموديل (اختياري)').fill('AR24');
    await page.getByLabel('وصف المشكلة').fill('المكيف لا يبرد ويصدر صوتاً عالياً');
    await page.getByRole('radio', { name: 'صباحاً (8 - 12)' }).check();
    await screenshot(page, 'create-step2-390');

    // Back to step 1 and forward again: nothing typed is lost.
    await page.getByRole('button', { name: 'السابق' }).click();
    await page.waitForURL('**/customer/create?step=1');
    expect(await page.getByLabel('الاسم الكامل').inputValue()).toBe('محمد العتيبي');
    await page.getByText('الإحداثيات: 24.7136، 46.6753').waitFor();
    await next(page).click();
    await page.waitForURL('**/customer/create?step=2');
    expect(await page.getByRole('radio', { name: 'مكيف' }).isChecked()).toBe(true);
    await next(page).click();

    // Step 3: the warranty is required; each answer shows its own message or fields.
    await page.waitForURL('**/customer/create?step=3');
    await stepHeading(page, /معلومات الضمان/).waitFor();
    await page.getByRole('button', { name: 'تأكيد الطلب' }).click();
    await page.getByText('اختر حالة الضمان.').waitFor();
    await page.getByRole('radio', { name: 'لا', exact: true }).check();
    await page.getByText('الخدمة خارج الضمان - قد يتم تطبيق رسوم الصيانة').waitFor();
    await page.getByRole('radio', { name: 'لا أعلم' }).check();
    await page.getByText('سيتم التحقق من الضمان عند الزيارة').waitFor();
    await page.getByRole('radio', { name: 'نعم' }).check();
    await page.getByLabel('رقم الفاتورة').fill('INV-2026-001');
    await page.getByLabel('الرقم التسلسلي').fill('SN-99887766');
    await page.getByLabel('صورة الفاتورة').setInputFiles({
      name: 'invoice.png',
      mimeType: 'image/png',
      buffer: PNG_BYTES,
    });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'create-step3-390');
    await page.getByRole('button', { name: 'تأكيد الطلب' }).click();

    // Success: the number and token, each copied by its button.
    await page.waitForURL('**/customer/create/success');
    await heading(page, 'تم إنشاء طلبك بنجاح!').waitFor();
    await page.getByText('سيتم التواصل معك قريباً').waitFor();
    await page.getByText('احتفظ برمز التتبع لمتابعة حالة طلبك').waitFor();
    const [ticket] = await app.t.ctx.db.select().from(tickets).where(eq(tickets.customerPhone, '0551234567'));
    expect(ticket).toMatchObject({
      customerName: 'محمد العتيبي',
      customerCity: 'riyadh',
      latitude: RIYADH.latitude,
      longitude: RIYADH.longitude,
      deviceType: 'ac',
      brand: 'سامسونج',
      model: 'AR24',
      preferredTimeSlot: 'morning',
      warrantyStatus: 'yes',
      invoiceNumber: 'INV-2026-001',
      serialNumber: 'SN-99887766',
    });
    if (!ticket) throw new Error('no ticket');
    const photos = await app.t.ctx.db
      .select()
      .from(ticketAttachments)
      .where(and(eq(ticketAttachments.ticketId, ticket.id), eq(ticketAttachments.type, 'invoice_photo')));
    expect(photos).toHaveLength(1);

    await page.getByText(ticket.ticketNumber, { exact: true }).waitFor();
    await page.getByText(ticket.trackingToken, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'نسخ رمز التتبع' }).click();
    await page.getByText('تم نسخ رمز التتبع').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ticket.trackingToken);
    await page.getByRole('button', { name: 'نسخ رقم التذكرة' }).click();
    await page.getByText('تم نسخ رقم التذكرة').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ticket.ticketNumber);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'create-success-390');

    // A reload keeps the success page; the draft is gone, so a new request starts empty.
    await page.reload();
    await page.getByText(ticket.trackingToken, { exact: true }).waitFor();
    await page.getByRole('link', { name: /تتبع الطلب/ }).click();
    await page.waitForURL(`**/customer/track/${ticket.trackingToken}`);
    await page.goto('/customer/create?step=3');
    await page.waitForURL('**/customer/create?step=1');
    expect(await page.getByLabel('الاسم الكامل').inputValue()).toBe('');
  });

  it('opens the first incomplete step when a later one is asked for', async () => {
    const page = await newPage();
    await page.goto('/customer/create?step=3');
    await page.waitForURL('**/customer/create?step=1');
    await stepHeading(page, /بيانات العميل/).waitFor();
    await fillStepOne(page);
    await next(page).click();
    await page.waitForURL('**/customer/create?step=2');
    await page.goto('/customer/create?step=3');
    await page.waitForURL('**/customer/create?step=2');
  });

  it("goes back to the step of a field the server refused, showing the server's message", async () => {
    const page = await newPage();
    await page.route('**/api/v1/customer/tickets', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'validation_failed',
            message: 'البيانات المرسلة غير صحيحة.',
            details: { issues: [{ path: 'body.customerPhone', message: 'Saudi mobile format 05xxxxxxxx' }] },
          },
        }),
      }),
    );
    await page.goto('/customer/create?step=1');
    await fillStepOne(page);
    await next(page).click();
    await page.getByRole('radio', { name: 'غسالة', exact: true }).check();
    await page.getByLabel('الماركة').fill('إل جي');
    await page.getByLabel('وصف المشكلة').fill('الغسالة لا تعصر');
    await page.getByRole('radio', { name: 'مساءً (5 - 11)' }).check();
    await next(page).click();
    await page.getByRole('radio', { name: 'لا أعلم' }).check();
    await page.getByRole('button', { name: 'تأكيد الطلب' }).click();
    await page.waitForURL('**/customer/create?step=1');
    await page.getByText('أدخل رقم جوال سعودي صحيحاً بالصيغة 05xxxxxxxx.').waitFor();
    expect(await page.getByLabel('رقم الجوال').getAttribute('aria-invalid')).toBe('true');
    // Nothing typed was lost on the way back.
    expect(await page.getByLabel('الاسم الكامل').inputValue()).toBe('محمد العتيبي');
  });

  it('works in English, on a 320 px phone and on a desktop', async () => {
    const narrow = await newPage({ viewport: NARROW });
    await narrow.goto('/customer/create?step=1');
    await stepHeading(narrow, /بيانات العميل/).waitFor();
    await narrow.getByRole('button', { name: 'Switch to English' }).click();
    await heading(narrow, 'New maintenance request').waitFor();
    await narrow.getByRole('button', { name: 'Next' }).click();
    await narrow.getByText('Enter a Saudi mobile number in the form 05xxxxxxxx.').waitFor();
    expect(await horizontalOverflow(narrow)).toEqual([]);
    expect(await axeViolations(narrow)).toEqual([]);

    const desktop = await newPage({ viewport: DESKTOP });
    await desktop.goto('/customer/create?step=1');
    await stepHeading(desktop, /بيانات العميل/).waitFor();
    // The map (Leaflet) loads when it comes near the screen.
    await desktop.getByRole('application', { name: 'خريطة لاختيار الموقع' }).scrollIntoViewIfNeeded();
    await desktop.getByText(/تعذر تحميل صور الخريطة/).waitFor();
    await screenshot(desktop, 'create-step1-1280');
    expect(await axeViolations(desktop)).toEqual([]);
  });
});
