// The technician's schedule, performance and profile pages and the workshop portal, in a phone-sized
// Chromium: the schedule by day and week, "My Performance" with its chart and table, the profile's
// language, availability and password change (the staff form: a mismatch and a wrong current password
// refused, then the change, the new session kept and the new password signing in), and the workshop
// driving devices through check-in → repaired and check-in → not fixed ("other" needs words).
// axe-core on every page; screenshots in Arabic and English.
import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ratings, technicians, tickets, users } from '../../src/server/db/schema';
import { verifyPassword } from '../../src/server/lib/password';
import {
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  type TestUser,
  ticketStatus,
} from '../../src/server/test/factories';
import { axeViolations, type BrowserApp, horizontalOverflow, screenshot, startBrowserApp } from './helper';

let app: BrowserApp;
let cast: Cast;
let technician: TestUser;
let workshop: TestUser;
let visit: { id: string; ticketNumber: string };
const bench: Record<'pickup' | 'repaired' | 'broken' | 'ready', { id: string; ticketNumber: string }> =
  {} as never;

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  const admin = await createStaff(app.t.ctx, { organizationId, role: 'admin' });
  technician = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'Sami Pages' });
  workshop = await createStaff(app.t.ctx, { organizationId, role: 'workshop', name: 'Bench Staff' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
  // Visits are on Wednesday 25 Nov (Riyadh); it is that morning.
  app.t.clock.set(new Date('2026-11-25T05:30:00Z'));
  visit = await createTestTicket(app.t.ctx, { customerName: 'Scheduled Customer', brand: 'LG' });
  await driveTicket(app.t.ctx, visit.id, 'scheduled', cast);
  // Two finished today, one rated 5, one rated 4.
  for (const score of [5, 4]) {
    const done = await createTestTicket(app.t.ctx, { brand: `Done ${score}` });
    await driveTicket(app.t.ctx, done.id, 'completed', cast);
    const [row] = await app.t.ctx.db.select().from(tickets).where(eq(tickets.id, done.id));
    if (!row) throw new Error('ticket missing');
    await app.t.ctx.db.insert(ratings).values({
      organizationId,
      ticketId: done.id,
      customerId: row.customerId,
      technicianId: technician.principal.technicianId ?? '',
      score,
    });
  }
  const onBench = async (
    key: keyof typeof bench,
    status: 'pickup_device' | 'in_workshop' | 'ready_delivery',
  ) => {
    bench[key] = await createTestTicket(app.t.ctx, { customerName: `Bench ${key}`, brand: 'Samsung' });
    await driveTicket(app.t.ctx, bench[key].id, status, cast);
  };
  await onBench('pickup', 'pickup_device');
  await onBench('repaired', 'in_workshop');
  await onBench('broken', 'in_workshop');
  await onBench('ready', 'ready_delivery');
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

async function newPage(locale: 'ar' | 'en' = 'ar'): Promise<Page> {
  const page = await app.openPage({ timeoutMs: 15_000, locale });
  // The phone's calendar says the same day as the server's clock.
  await page.clock.setFixedTime(app.t.clock.now());
  return page;
}

async function signIn(page: Page, user: TestUser, next: string, english: boolean): Promise<void> {
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(english ? 'E-mail' : 'البريد الإلكتروني').fill(user.email);
  await page.getByLabel(english ? 'Password' : 'كلمة المرور').fill(user.password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'تسجيل الدخول' }).click();
  await page.waitForURL(`**${next}`);
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

/** The text of the elements an input's aria-describedby names: what a screen reader reads after the label. */
const descriptionOf = (input: Locator) =>
  input.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  );

async function checkPage(page: Page, shot: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await horizontalOverflow(page)).toEqual([]);
  await screenshot(page, shot);
}

describe('technician schedule, performance and profile', () => {
  it('shows the visits of the day and of the week (Arabic), and moves between weeks', async () => {
    const page = await newPage();
    await signIn(page, technician, '/technician/schedule', false);
    await heading(page, 'جدولي').waitFor();
    const today = page.locator('.schedule-day[aria-current="date"]');
    await today.getByRole('link', { name: visit.ticketNumber }).waitFor();
    await expect.poll(() => today.textContent()).toContain('صباحاً');
    await checkPage(page, 'technician-schedule-day-ar');

    await page.getByRole('button', { name: 'أسبوع' }).click();
    await expect.poll(() => page.locator('.schedule-day').count()).toBe(7);
    await page
      .locator('.schedule-day[aria-current="date"]')
      .getByRole('link', { name: visit.ticketNumber })
      .waitFor();
    expect(page.url()).toContain('view=week');
    await checkPage(page, 'technician-schedule-week-ar');

    await page.getByRole('button', { name: 'الأسبوع التالي' }).click();
    await expect.poll(() => page.url()).toContain('date=2026-12-02');
    await expect.poll(() => page.locator('.schedule-empty').count()).toBe(7);
    await page.getByRole('link', { name: visit.ticketNumber }).waitFor({ state: 'detached' });
  });

  it('shows the schedule in English', async () => {
    const page = await newPage('en');
    await signIn(page, technician, '/technician/schedule?view=week', true);
    await heading(page, 'My schedule').waitFor();
    await page.getByRole('link', { name: visit.ticketNumber }).waitFor();
    await checkPage(page, 'technician-schedule-week-en');
  });

  it('shows my performance with totals, the daily chart as a table and the ratings (English and Arabic)', async () => {
    const page = await newPage('en');
    await signIn(page, technician, '/technician/performance', true);
    await heading(page, 'My performance').waitFor();
    const tile = (label: string) =>
      page
        .locator('.perf-tile')
        .filter({ has: page.getByText(label, { exact: true }) })
        .locator('dd');
    await expect.poll(() => tile('Fixed').textContent()).toBe('2');
    await expect.poll(() => tile('Average rating').textContent()).toBe('4.5 / 5');
    await page.getByText('Show the numbers as a table').click();
    const table = page.getByRole('table', { name: 'Tasks finished per day' });
    const todayRow = table.getByRole('row', { name: /25 Nov 2026/ });
    await expect.poll(() => todayRow.getByRole('cell').first().textContent()).toBe('2');
    const ratingsList = page.locator('.perf-ratings li');
    await expect
      .poll(() => ratingsList.allTextContents())
      .toEqual(['5 stars1', '4 stars1', '3 stars0', '2 stars0', '1 star0']);
    await checkPage(page, 'technician-performance-en');

    await page.getByRole('button', { name: 'Today' }).click();
    await expect.poll(() => page.url()).toContain('period=day');
    await expect.poll(() => tile('Fixed').textContent()).toBe('2');

    const arabic = await newPage('ar');
    await signIn(arabic, technician, '/technician/performance', false);
    await heading(arabic, 'أدائي').waitFor();
    await arabic
      .locator('.perf-tile')
      .filter({ has: arabic.getByText('تم الإصلاح', { exact: true }) })
      .locator('dd', { hasText: '2' })
      .waitFor();
    await checkPage(arabic, 'technician-performance-ar');
  });

  it('changes availability, language and the password (a mismatch and a wrong current one refused)', async () => {
    const page = await newPage('ar');
    await signIn(page, technician, '/technician/profile', false);
    await heading(page, 'الملف الشخصي والإعدادات').waitFor();
    const availability = page.getByRole('switch', { name: 'متاح لاستلام مهام جديدة' });
    await expect.poll(() => availability.getAttribute('aria-checked')).toBe('true');
    await checkPage(page, 'technician-profile-ar');
    await availability.click();
    await expect.poll(() => availability.getAttribute('aria-checked')).toBe('false');
    const technicianRow = async () =>
      (
        await app.t.ctx.db
          .select({ isAvailable: technicians.isAvailable, locale: users.locale })
          .from(technicians)
          .innerJoin(users, eq(users.id, technicians.userId))
          .where(eq(technicians.userId, technician.principal.userId))
      )[0];
    expect(await technicianRow()).toEqual({ isAvailable: false, locale: 'ar' });

    await page.getByRole('radio', { name: 'English' }).click();
    await heading(page, 'Profile & settings').waitFor();
    await expect.poll(async () => (await technicianRow())?.locale).toBe('en');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');

    // The password, with the form every staff member uses (POST /auth/staff/password).
    const section = page.getByRole('region', { name: 'Change password' });
    const field = (label: string) => section.getByLabel(label, { exact: true });
    const save = section.getByRole('button', { name: 'Save the new password' });
    await field('Current password').fill('not-my-password');
    await field('New password').fill('a-brand-new-pass');
    await field('Confirm the new password').fill('a-different-pass');
    await save.click();
    await section.getByText('The two passwords do not match.').waitFor();
    expect(await descriptionOf(field('Confirm the new password'))).toBe('The two passwords do not match.');
    expect(await field('Confirm the new password').getAttribute('aria-invalid')).toBe('true');
    await field('Confirm the new password').fill('a-brand-new-pass');
    await save.click();
    await section.getByText('The current password is not correct.').waitFor();
    expect(await descriptionOf(field('Current password'))).toBe('The current password is not correct.');
    expect(await field('Current password').getAttribute('aria-invalid')).toBe('true');
    const passwordIs = async (password: string) => {
      const [row] = await app.t.ctx.db
        .select({ passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.id, technician.principal.userId));
      return verifyPassword(row?.passwordHash ?? '', password);
    };
    expect(await passwordIs(technician.password)).toBe(true);
    await checkPage(page, 'technician-profile-en');

    await field('Current password').fill(technician.password);
    await save.click();
    await section.getByRole('status').getByText('Your password was changed.').waitFor();
    technician.password = 'a-brand-new-pass';
    expect(await passwordIs(technician.password)).toBe(true);
    // Still on the profile, signed in with the new session: it keeps working (back to what the
    // other tests expect), also after a reload (the page's start-up language is Arabic again).
    expect(new URL(page.url()).pathname).toBe('/technician/profile');
    await page.getByRole('switch', { name: 'Available for new tasks' }).click();
    await expect.poll(async () => (await technicianRow())?.isAvailable).toBe(true);
    await page.reload();
    await heading(page, 'الملف الشخصي والإعدادات').waitFor();
    await expect.poll(() => availability.getAttribute('aria-checked')).toBe('true');

    // Another device signs in with the new password.
    const other = await newPage('en');
    await signIn(other, technician, '/technician/profile', true);
    await heading(other, 'Profile & settings').waitFor();
  });
});

describe('workshop portal', () => {
  it('checks a device in and marks it repaired (Arabic)', async () => {
    const page = await newPage('ar');
    await signIn(page, workshop, '/workshop', false);
    await heading(page, 'لوحة الورشة').waitFor();
    await page.getByRole('link', { name: bench.pickup.ticketNumber }).waitFor();
    await page.getByRole('link', { name: bench.repaired.ticketNumber }).waitFor({ state: 'detached' });
    await checkPage(page, 'workshop-list-ar');

    await page.getByRole('link', { name: bench.pickup.ticketNumber }).click();
    await page.getByRole('button', { name: 'استلام الجهاز في الورشة' }).click();
    await page.getByRole('status').getByText('تم استلام الجهاز في الورشة.').waitFor();
    expect(await ticketStatus(app.t.ctx, bench.pickup.id)).toBe('in_workshop');
    await checkPage(page, 'workshop-ticket-in-workshop-ar');
    await page.getByLabel('ملاحظات الإصلاح (اختياري)').fill('تم تغيير الضاغط');
    await page.getByRole('button', { name: 'تم الإصلاح — جاهز للتسليم' }).click();
    await page.getByRole('status').getByText('الجهاز جاهز للتسليم.').waitFor();
    expect(await ticketStatus(app.t.ctx, bench.pickup.id)).toBe('ready_delivery');
    await page.getByText('الجهاز جاهز وينتظر تسليم الفني للعميل.').waitFor();

    await page.getByRole('link', { name: 'العودة إلى قائمة الورشة' }).click();
    await page.getByRole('button', { name: 'جاهزة للتسليم' }).click();
    await page.getByRole('link', { name: bench.pickup.ticketNumber }).waitFor();
    await page.getByRole('link', { name: bench.ready.ticketNumber }).waitFor();
  });

  it('marks a device not fixed only with a reason, and words for "other" (English)', async () => {
    const page = await newPage('en');
    await signIn(page, workshop, '/workshop', true);
    await heading(page, 'Workshop dashboard').waitFor();
    await page.getByRole('button', { name: 'In the workshop' }).click();
    await page.getByRole('link', { name: bench.broken.ticketNumber }).waitFor();
    await checkPage(page, 'workshop-list-en');
    await page.getByRole('link', { name: bench.broken.ticketNumber }).click();
    const submit = page.getByRole('button', { name: 'Not fixed', exact: true });
    await expect.poll(() => submit.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Other reason' }).check();
    await expect.poll(() => submit.isDisabled()).toBe(true);
    await page.getByLabel('Describe the reason').fill('The board is burnt');
    await checkPage(page, 'workshop-ticket-en');
    await submit.click();
    await page.getByRole('status').getByText('The device was recorded as not fixed.').waitFor();
    const [row] = await app.t.ctx.db.select().from(tickets).where(eq(tickets.id, bench.broken.id));
    expect(row).toMatchObject({
      status: 'not_fixed',
      notFixedReasons: ['other'],
      notFixedOtherReason: 'The board is burnt',
    });
  });

  it('keeps a technician out of the workshop portal', async () => {
    const page = await newPage('en');
    await signIn(page, technician, '/technician/profile', true);
    await page.goto('/workshop');
    await heading(page, 'You cannot open this portal').waitFor();
    expect(await page.getByRole('link', { name: bench.broken.ticketNumber }).count()).toBe(0);
  });
});
