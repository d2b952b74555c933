// The signed-in customer in a real Chromium: sign-in by phone and the SMS code read from the
// outbox, "My tickets" with its status filter and server-side pages, a ticket's details with a
// message sent, and cancelling — refused by the server less than 24 hours before the visit (and
// nothing changes), allowed for a new ticket. axe-core on each page, and a 320 px phone.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ticketAttachments, ticketMessages, tickets } from '../../src/server/db/schema';
import {
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  PNG_BYTES,
  ticketStatus,
} from '../../src/server/test/factories';
import {
  axeViolations,
  type BrowserApp,
  DESKTOP,
  horizontalOverflow,
  NARROW,
  screenshot,
  startBrowserApp,
} from './helper';

const PHONE = '0554443322';
let app: BrowserApp;
let cast: Cast;
const created: Array<{ id: string; ticketNumber: string }> = [];
let scheduled: { id: string; ticketNumber: string };
let cancelled: { id: string; ticketNumber: string };

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  const admin = await createStaff(app.t.ctx, { organizationId, role: 'admin' });
  const technician = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'أحمد سالم' });
  const workshop = await createStaff(app.t.ctx, { organizationId, role: 'workshop' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
  // Twelve tickets filed as a guest with this number: ten new, one scheduled, one cancelled.
  for (let index = 0; index < 10; index += 1) {
    created.push(await createTestTicket(app.t.ctx, { customerPhone: PHONE, brand: `Brand ${index}` }));
    app.t.clock.advance(60_000);
  }
  scheduled = await createTestTicket(app.t.ctx, { customerPhone: PHONE, brand: 'Scheduled brand' });
  await driveTicket(app.t.ctx, scheduled.id, 'scheduled', cast);
  app.t.clock.advance(60_000);
  cancelled = await createTestTicket(app.t.ctx, { customerPhone: PHONE, brand: 'Cancelled brand' });
  await driveTicket(app.t.ctx, cancelled.id, 'cancelled', cast);
  // Somebody else's ticket never shows.
  await createTestTicket(app.t.ctx, { customerPhone: '0551112223', brand: 'Other customer' });
  // The visit is on 25 Nov at 08:00 Riyadh time; it is now 24 Nov 15:00, less than 24 hours before.
  app.t.clock.set(new Date('2026-11-24T12:00:00Z'));
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

async function lastCode(phone: string): Promise<string> {
  const messages = (await app.t.outboxMessages()).filter(
    (message) => message.template === 'otp_login' && message.recipient === phone,
  );
  const code = messages.at(-1)?.payload.code;
  if (typeof code !== 'string') throw new Error(`no OTP for ${phone}`);
  return code;
}

/** Signs in through the page (from wherever the page is) and waits for "My tickets". */
async function signIn(page: Page): Promise<void> {
  await page.getByLabel('رقم الجوال').fill(PHONE);
  await page.getByRole('button', { name: 'إرسال رمز التحقق' }).click();
  await page.getByText(/أرسلنا رمز تحقق من 6 أرقام/).waitFor();
  await page.getByLabel('رمز التحقق').fill(await lastCode(PHONE));
  await page.getByRole('button', { name: 'تأكيد' }).click();
}

const items = (page: Page) => page.getByRole('list', { name: 'قائمة الطلبات' }).getByRole('listitem');

describe('customer sign-in and "My tickets"', () => {
  it('signs in by OTP, lists, filters and pages the tickets', { timeout: 90_000 }, async () => {
    const page = await app.openPage();
    await page.clock.install();
    await page.goto('/customer/dashboard');
    // A guest is sent to sign in first, and comes back afterwards.
    await page.waitForURL('**/customer/login?next=%2Fcustomer%2Fdashboard');
    await heading(page, 'تسجيل دخول العملاء').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer-login-390');

    const send = page.getByRole('button', { name: 'إرسال رمز التحقق' });
    await page.getByLabel('رقم الجوال').fill('0512');
    await send.click();
    await page.getByText('أدخل رقم جوال سعودي صحيحاً بالصيغة 05xxxxxxxx.').waitFor();
    const before = (await app.t.outboxMessages()).length;

    await page.getByLabel('رقم الجوال').fill(PHONE);
    await send.click();
    await page.getByText(`أرسلنا رمز تحقق من 6 أرقام إلى \u2066${PHONE}\u2069.`).waitFor();
    expect((await app.t.outboxMessages()).length).toBe(before + 1);
    // Resending waits for the countdown.
    await page.getByText(/يمكنك إعادة الإرسال بعد \d+ ثانية/).waitFor();
    expect(await page.getByRole('button', { name: 'إعادة إرسال الرمز' }).isDisabled()).toBe(true);
    await page.clock.fastForward(61_000);
    await page.getByRole('button', { name: 'إعادة إرسال الرمز' }).click();
    await page.getByText(/أرسلنا رمزاً جديداً\./).waitFor();
    expect((await app.t.outboxMessages()).length).toBe(before + 2);

    const confirm = page.getByRole('button', { name: 'تأكيد' });
    await page.getByLabel('رمز التحقق').fill('12');
    await confirm.click();
    await page.getByText('أدخل الرمز المكون من 6 أرقام.').waitFor();
    const code = await lastCode(PHONE);
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByLabel('رمز التحقق').fill(wrong);
    await confirm.click();
    // The server's own words for a wrong code.
    await page.getByRole('alert').getByText('رمز التحقق غير صحيح.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer-login-code-390');

    await page.getByLabel('رمز التحقق').fill(code);
    await confirm.click();
    await page.waitForURL('**/customer/dashboard');
    await heading(page, 'طلباتي').waitFor();

    // Newest first, ten a page: the cancelled and scheduled tickets lead, page 2 has the rest.
    await page.getByText('عدد الطلبات: 12').waitFor();
    await expect.poll(() => items(page).count()).toBe(10);
    expect(await items(page).first().innerText()).toContain(cancelled.ticketNumber);
    expect(await page.getByText('Other customer').count()).toBe(0);
    await page.getByText('الصفحة 1 من 2').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer-dashboard-390');
    await page.getByRole('button', { name: 'التالي' }).click();
    await page.getByText('الصفحة 2 من 2').waitFor();
    await expect.poll(() => items(page).count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    expect(await page.getByRole('button', { name: 'التالي' }).isDisabled()).toBe(true);

    // The filter asks the server for those statuses only, back on page 1.
    await page.getByLabel('الحالة').selectOption({ label: 'ملغاة' });
    await page.getByText('عدد الطلبات: 1').waitFor();
    await expect.poll(() => items(page).count()).toBe(1);
    expect(await items(page).first().innerText()).toContain(cancelled.ticketNumber);
    expect(await items(page).first().innerText()).toContain('ملغاة');
    expect(new URL(page.url()).search).toBe('?status=cancelled');
    await page.getByLabel('الحالة').selectOption({ label: 'منتهية' });
    await page.getByText('لا توجد طلبات بهذه الحالة').waitFor();
    await page.getByLabel('الحالة').selectOption({ label: 'قيد التنفيذ' });
    await page.getByText('عدد الطلبات: 11').waitFor();

    // A reload keeps the session (refresh token) and the filter.
    await page.reload();
    await page.getByText('عدد الطلبات: 11').waitFor();
    expect(await page.getByLabel('الحالة').inputValue()).toBe('active');

    // Signed in, the portal's home is "My tickets" (seed 000 §3.1).
    await page.goto('/customer');
    await page.waitForURL('**/customer/dashboard');
    await heading(page, 'طلباتي').waitFor();

    const desktop = await app.openPage({ viewport: DESKTOP });
    await desktop.goto('/customer/login');
    await signIn(desktop);
    await desktop.waitForURL('**/customer/dashboard');
    await desktop.getByText('عدد الطلبات: 12').waitFor();
    await screenshot(desktop, 'customer-dashboard-1280');
  });

  it('shows a ticket, sends a message, and cancels only when the rules allow it', async () => {
    const page = await app.openPage();
    await page.goto(`/customer/tickets/${scheduled.id}`);
    await page.waitForURL('**/customer/login?next=*');
    await signIn(page);
    await page.waitForURL(`**/customer/tickets/${scheduled.id}`);
    await heading(page, 'تفاصيل الطلب').waitFor();
    const summary = page.getByRole('region', { name: /رقم التذكرة/ });
    await summary.getByText(scheduled.ticketNumber).waitFor();
    await summary.getByText('مجدولة', { exact: true }).waitFor();
    await summary.getByText('أحمد سالم').waitFor();
    await page.getByRole('region', { name: 'سجل الحالات' }).getByText('تم تحديد موعد الزيارة').waitFor();

    // Messages: an empty one is refused here; a real one is stored and listed.
    const messages = page.getByRole('region', { name: 'الرسائل' });
    await messages.getByText('لا توجد رسائل بعد.').waitFor();
    await messages.getByRole('button', { name: 'إرسال' }).click();
    await messages.getByText('اكتب رسالتك.').waitFor();
    await messages.getByLabel('رسالتك').fill('البوابة الخلفية مفتوحة بعد العصر');
    await messages.getByRole('button', { name: 'إرسال' }).click();
    await messages.getByText('تم إرسال رسالتك.').waitFor();
    await messages.getByRole('listitem').getByText('البوابة الخلفية مفتوحة بعد العصر').waitFor();
    expect(await messages.getByLabel('رسالتك').inputValue()).toBe('');
    const stored = await app.t.ctx.db
      .select()
      .from(ticketMessages)
      .where(eq(ticketMessages.ticketId, scheduled.id));
    expect(stored.map((message) => message.content)).toEqual(['البوابة الخلفية مفتوحة بعد العصر']);
    // A photo for the technician: listed on the page and stored with the ticket.
    const attachments = page.getByRole('region', { name: 'الصور والمرفقات' });
    await attachments.getByRole('button', { name: 'رفع المرفق' }).click();
    await attachments.getByText('اختر الملف.').waitFor();
    await attachments.getByLabel('نوع المرفق').selectOption({ label: 'صورة الجهاز' });
    await attachments
      .getByLabel('الملف')
      .setInputFiles({ name: 'device.png', mimeType: 'image/png', buffer: PNG_BYTES });
    await attachments.getByRole('button', { name: 'رفع المرفق' }).click();
    await attachments.getByText('تمت إضافة المرفق.').waitFor();
    await attachments.getByText('device.png').waitFor();
    const files = await app.t.ctx.db
      .select()
      .from(ticketAttachments)
      .where(eq(ticketAttachments.ticketId, scheduled.id));
    expect(files.map((file) => file.type)).toEqual(['device_photo']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer-ticket-390');

    // Less than 24 hours before the visit: the server refuses, in its words, and nothing changes.
    const cancelSection = page.getByRole('region', { name: 'إلغاء الطلب' });
    await cancelSection.getByRole('button', { name: 'تأكيد الإلغاء' }).click();
    await cancelSection.getByText('اكتب سبب الإلغاء (3 أحرف على الأقل).').waitFor();
    await cancelSection.getByLabel('سبب الإلغاء').fill('لم أعد بحاجة للزيارة');
    await cancelSection.getByRole('button', { name: 'تأكيد الإلغاء' }).click();
    await cancelSection.getByRole('alert').getByText('متطلبات هذا الإجراء غير مكتملة.').waitFor();
    expect(await ticketStatus(app.t.ctx, scheduled.id)).toBe('scheduled');
    await summary.getByText('مجدولة', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A new ticket may be cancelled: the page shows the new status and the reason.
    const fresh = created.at(-1);
    if (!fresh) throw new Error('no ticket');
    await page.goto('/customer/dashboard');
    await page.getByRole('link', { name: fresh.ticketNumber }).click();
    await page.waitForURL(`**/customer/tickets/${fresh.id}`);
    await summary.getByText(fresh.ticketNumber).waitFor();
    await page.getByLabel('سبب الإلغاء').fill('تم إصلاح الجهاز بنفسي');
    await page.getByRole('button', { name: 'تأكيد الإلغاء' }).click();
    await summary.getByText('ملغاة', { exact: true }).waitFor();
    await summary.getByText('تم إصلاح الجهاز بنفسي').waitFor();
    await page.getByRole('region', { name: 'سجل الحالات' }).getByText('بواسطة: العميل').last().waitFor();
    expect(await page.getByRole('region', { name: 'إلغاء الطلب' }).count()).toBe(0);
    const [row] = await app.t.ctx.db.select().from(tickets).where(eq(tickets.id, fresh.id));
    expect(row).toMatchObject({ status: 'cancelled', cancellationReason: 'تم إصلاح الجهاز بنفسي' });

    // Another customer's ticket is "not found".
    const other = await createTestTicket(app.t.ctx, { customerPhone: '0551112224' });
    await page.goto(`/customer/tickets/${other.id}`);
    await page.getByText('لم يتم العثور على الطلب.').waitFor();
  });

  it('fits a 320 px phone in English', async () => {
    const page = await app.openPage({ viewport: NARROW });
    // A "next" outside the customer portal is not followed after sign-in.
    await page.goto('/customer/login?next=%2F%2Fevil.example%2F');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await heading(page, 'Customer sign-in').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.getByLabel('Mobile number').fill(PHONE);
    await page.getByRole('button', { name: 'Send the code' }).click();
    await page.getByText(/We sent a 6-digit code/).waitFor();
    await page.getByLabel('Verification code').fill(await lastCode(PHONE));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/customer/dashboard');
    await page.getByText('Requests: 12').waitFor();
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: scheduled.ticketNumber }).click();
    await page.getByRole('region', { name: 'Messages' }).waitFor();
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'customer-ticket-en-320');
  });
});
