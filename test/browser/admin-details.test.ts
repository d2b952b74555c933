// Admin ticket details, escalations centre and parts queue (issue 7; seed 000 §3.3 steps 4–5, §6.4)
// in a real Chromium, as an admin on a desktop: an internal note, a reassignment with a reason (first
// refused by the server, then done), a priority change; an escalation resolved with notes after the
// empty notes are refused; parts received moving the ticket back to repairing; the attachments
// gallery opened full size from the keyboard. Arabic first, then the English screenshots.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escalations, technicians, ticketMessages, ticketNotes } from '../../src/server/db/schema';
import {
  insertEscalation,
  insertPartsRequest,
  ticketRow,
} from '../../src/server/modules/admin/admin-test-kit';
import {
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  type TestUser,
} from '../../src/server/test/factories';
import { axeViolations, type BrowserApp, DESKTOP, screenshot, startBrowserApp } from './helper';

let app: BrowserApp;
let admin: TestUser;
let khalid: TestUser;
let sami: TestUser;
let assignedTicket: { id: string; number: string };
let waitingTicket: { id: string; number: string };
let escalationId: string;

async function ticketIn(status: 'assigned' | 'waiting_parts', cast: Cast, customerName: string) {
  const created = await createTestTicket(app.t.ctx, { customerName });
  await driveTicket(app.t.ctx, created.id, status, cast);
  return { id: created.id, number: (await ticketRow(app.t.ctx, created.id)).ticketNumber };
}

beforeAll(async () => {
  app = await startBrowserApp();
  const ctx = app.t.ctx;
  const organizationId = await createTestOrganization(ctx);
  admin = await createStaff(ctx, { organizationId, role: 'admin', name: 'نورة المديرة' });
  khalid = await createStaff(ctx, { organizationId, role: 'technician', name: 'خالد الحربي' });
  sami = await createStaff(ctx, { organizationId, role: 'technician', name: 'سامي العتيبي' });
  const workshop = await createStaff(ctx, { organizationId, role: 'workshop', name: 'ورشة الرياض' });
  const cast = { admin: admin.principal, technician: khalid.principal, workshop: workshop.principal };
  assignedTicket = await ticketIn('assigned', cast, 'عبدالله القحطاني');
  waitingTicket = await ticketIn('waiting_parts', cast, 'منى الشهري');
  escalationId = await insertEscalation(ctx, {
    organizationId,
    ticketId: assignedTicket.id,
    level: 'L1',
    type: 'schedule_delay',
    technicianId: khalid.principal.technicianId,
    reason: 'لم تُجدول الزيارة خلال 4 ساعات',
    createdAt: new Date(Date.now() - 95 * 60_000),
  });
  await ctx.db.insert(ticketMessages).values({
    organizationId,
    ticketId: assignedTicket.id,
    senderName: 'عبدالله القحطاني',
    senderRole: 'customer',
    content: 'The gate code is 4411',
    channel: 'internal',
  });
  await insertPartsRequest(ctx, {
    organizationId,
    ticketId: waitingTicket.id,
    requestedBy: khalid,
    status: 'ordered',
    partName: 'مرحّل الضاغط',
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
  labels = { email: 'البريد الإلكتروني', password: 'كلمة المرور', submit: 'تسجيل الدخول' },
) {
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(labels.email).fill(admin.email);
  await page.getByLabel(labels.password).fill(admin.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.waitForURL((url) => `${url.pathname}${url.search}` === next);
}

const setAvailable = (user: TestUser, isAvailable: boolean) =>
  app.t.ctx.db
    .update(technicians)
    .set({ isAvailable })
    .where(eq(technicians.id, user.principal.technicianId ?? ''));

describe('admin ticket details', () => {
  it('adds an internal note, reassigns with a reason and changes the priority', async () => {
    const page = await newPage('ar');
    await signIn(page, `/admin/tickets/${assignedTicket.id}`);
    await page.getByRole('heading', { level: 1, name: `التذكرة ${assignedTicket.number}` }).waitFor();
    await page.getByText('الفني: خالد الحربي').first().waitFor();
    await page.getByRole('heading', { name: 'السجل الكامل' }).waitFor();
    await page.getByText('أُسند فني').waitFor();

    // Internal note
    const notes = page.getByRole('region', { name: 'ملاحظات داخلية' });
    await notes.getByRole('button', { name: 'إضافة الملاحظة' }).click();
    await notes.getByText('اكتب الملاحظة أولًا.').waitFor();
    await notes.getByLabel('الملاحظة').fill('العميل يفضل الاتصال بعد العصر');
    await notes.getByRole('button', { name: 'إضافة الملاحظة' }).click();
    await notes.getByRole('status').getByText('تمت إضافة الملاحظة.').waitFor();
    await notes.getByText('العميل يفضل الاتصال بعد العصر').waitFor();
    const saved = await app.t.ctx.db
      .select()
      .from(ticketNotes)
      .where(eq(ticketNotes.ticketId, assignedTicket.id));
    expect(saved.map((note) => note.content)).toContain('العميل يفضل الاتصال بعد العصر');

    // Reassign: the reason is required; a refusal of the server is shown; then it succeeds.
    const reassign = page.getByRole('form', { name: 'إعادة الإسناد لفني آخر' });
    await reassign.getByRole('button', { name: 'إعادة الإسناد' }).click();
    await reassign.getByText('اختر فنيًا.').waitFor();
    await reassign.getByLabel('الفني').selectOption({ label: 'سامي العتيبي — لا تذاكر مفتوحة' });
    await reassign.getByRole('button', { name: 'إعادة الإسناد' }).click();
    await reassign.getByText('اكتب سبب إعادة الإسناد (3 أحرف على الأقل).').waitFor();
    await reassign.getByLabel('سبب إعادة الإسناد').fill('خالد في إجازة مرضية');
    await setAvailable(sami, false);
    await reassign.getByRole('button', { name: 'إعادة الإسناد' }).click();
    await reassign.getByRole('alert').waitFor();
    expect((await ticketRow(app.t.ctx, assignedTicket.id)).technicianId).toBe(khalid.principal.technicianId);
    await setAvailable(sami, true);
    await reassign.getByRole('button', { name: 'إعادة الإسناد' }).click();
    await page.getByText('تمت إعادة إسناد التذكرة.').waitFor();
    await page.getByText('الفني: سامي العتيبي').first().waitFor();
    await page.getByText('أُعيد الإسناد لفني آخر').waitFor();
    await page.getByText('خالد في إجازة مرضية').first().waitFor();
    // The system note reads in Arabic, though stored with an English sentence for API clients.
    await page
      .getByRole('region', { name: 'ملاحظات داخلية' })
      .getByText(/^أُعيد الإسناد من .+ إلى سامي العتيبي: خالد في إجازة مرضية$/)
      .waitFor();
    expect((await ticketRow(app.t.ctx, assignedTicket.id)).technicianId).toBe(sami.principal.technicianId);

    // Priority
    const priority = page.getByRole('form', { name: 'تغيير الأولوية' });
    await priority.getByLabel('الأولوية').selectOption('urgent');
    await priority.getByRole('button', { name: 'تغيير الأولوية' }).click();
    await priority.getByText('تم تغيير الأولوية.').waitFor();
    await page.getByText('الأولوية: عاجلة').waitFor();
    expect((await ticketRow(app.t.ctx, assignedTicket.id)).priority).toBe('urgent');

    await page.getByRole('region', { name: 'سجل التصعيدات' }).getByText('تأخر الجدولة').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-ticket-ar');
  });
});

describe('escalations center', () => {
  it('filters in the URL and resolves an escalation only with notes', async () => {
    const page = await newPage('ar');
    await signIn(page, '/admin/escalations');
    const card = page.getByRole('listitem').filter({ hasText: `التذكرة ${assignedTicket.number}` });
    await card.getByText('لم تُجدول الزيارة خلال 4 ساعات').waitFor();
    await card.getByText(/منذ 1 ساعة 3\d دقيقة/).waitFor();
    await page.getByLabel('المستوى').selectOption('L1');
    await page.waitForURL((url) => url.searchParams.get('level') === 'L1');
    await card.waitFor();
    await page.getByLabel('المستوى').selectOption('L3');
    await page.getByText('لا توجد تصعيدات مطابقة للفلتر.').waitFor();
    await page.getByLabel('المستوى').selectOption('');
    await card.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-escalations-ar');

    await card.getByRole('button', { name: `حل ${assignedTicket.number}` }).click();
    const dialog = page.getByRole('dialog', { name: `حل تصعيد التذكرة ${assignedTicket.number}` });
    await dialog.getByRole('button', { name: 'حل التصعيد' }).click();
    await dialog.getByText('اكتب ملاحظات الحل (3 أحرف على الأقل).').waitFor();
    expect(await dialog.getByLabel('ملاحظات الحل').getAttribute('aria-invalid')).toBe('true');
    const [unresolved] = await app.t.ctx.db
      .select()
      .from(escalations)
      .where(eq(escalations.id, escalationId));
    expect(unresolved?.isResolved).toBe(false);

    await dialog.getByLabel('ملاحظات الحل').fill('تم الاتصال بالعميل وحُدد موعد');
    await dialog.getByRole('button', { name: 'حل التصعيد' }).click();
    await page.getByText(`تم حل تصعيد التذكرة ${assignedTicket.number}.`).waitFor();
    await page.getByText('لا توجد تصعيدات مطابقة للفلتر.').waitFor();
    const [resolved] = await app.t.ctx.db.select().from(escalations).where(eq(escalations.id, escalationId));
    expect(resolved).toMatchObject({ isResolved: true, resolutionNotes: 'تم الاتصال بالعميل وحُدد موعد' });

    await page.getByLabel('الحالة').selectOption('resolved');
    await page.waitForURL((url) => url.searchParams.get('resolved') === 'resolved');
    await card.getByText('تم الاتصال بالعميل وحُدد موعد').waitFor();
  });
});

describe('parts requests queue', () => {
  it('marks ordered parts received and the ticket waiting for them goes back to repairing', async () => {
    const page = await newPage('ar');
    await signIn(page, '/admin/parts-requests');
    await page.getByRole('link', { name: 'تم الطلب', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'ordered');
    const card = page.getByRole('listitem').filter({ hasText: 'مرحّل الضاغط' });
    await card.getByText('بانتظار قطع', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-parts-ar');

    await card.getByRole('button', { name: /^تم الاستلام/ }).click();
    await page
      .getByRole('status')
      .getByText(`حالة التذكرة ${waitingTicket.number} الآن: جاري الإصلاح`)
      .waitFor();
    expect((await ticketRow(app.t.ctx, waitingTicket.id)).status).toBe('repairing');

    await page.getByRole('link', { name: 'تم الاستلام', exact: true }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'مرحّل الضاغط' })
      .getByRole('link', { name: `التذكرة ${waitingTicket.number}` })
      .click();
    await page.getByRole('heading', { level: 1, name: `التذكرة ${waitingTicket.number}` }).waitFor();
    await page.locator('.ad-badges').getByText('جاري الإصلاح').waitFor();
    await page.getByText('وصلت قطع الغيار').waitFor();

    // The attachments gallery: a photo opens full size from the keyboard and Escape closes it.
    const thumb = page.getByRole('button', { name: 'فتح قبل الفحص بالحجم الكامل' });
    await thumb.focus();
    await page.keyboard.press('Enter');
    const full = page.getByRole('dialog', { name: 'قبل الفحص' });
    await full.locator('img[alt="قبل الفحص بالحجم الكامل"]').waitFor();
    await page.keyboard.press('Escape');
    await full.waitFor({ state: 'detached' });
  });
});

describe('in English', () => {
  it('shows the three pages in English (screenshots)', async () => {
    const page = await newPage('en');
    await signIn(page, `/admin/tickets/${assignedTicket.id}`, {
      email: 'E-mail',
      password: 'Password',
      submit: 'Sign in',
    });
    await page.getByRole('heading', { level: 1, name: `Ticket ${assignedTicket.number}` }).waitFor();
    await page.getByText('Technician reassigned').waitFor();
    await page.getByText('Internal notes', { exact: true }).waitFor();
    // The customer's messages, read-only: the text under its sender and time.
    const message = page
      .getByRole('region', { name: 'Customer messages' })
      .getByRole('listitem')
      .filter({ hasText: 'The gate code is 4411' });
    await message.getByText('عبدالله القحطاني', { exact: true }).waitFor();
    expect(
      await page.getByRole('region', { name: 'Full timeline' }).getByRole('listitem').count(),
    ).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-ticket-en');

    await page.getByRole('link', { name: 'Escalations center', exact: true }).click();
    await page.getByLabel('State').selectOption('all');
    await page.getByRole('heading', { name: 'Not scheduled in time' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-escalations-en');

    await page.getByRole('link', { name: 'Parts requests', exact: true }).click();
    await page.getByText('مرحّل الضاغط').first().waitFor();
    await page.getByText('Received', { exact: true }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-parts-en');
  });
});
