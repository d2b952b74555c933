// My tasks (/technician/tasks) in a phone-sized Chromium: every task assigned to the technician
// (and no one else's), filtered by open / finished / all, sorted and paged by the server, with the
// filter, sort and page in the URL; each card opens its task. The empty state for a technician with
// nothing assigned. axe-core and screenshots in Arabic and English.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  type TestUser,
} from '../../src/server/test/factories';
import { axeViolations, type BrowserApp, horizontalOverflow, screenshot, startBrowserApp } from './helper';

let app: BrowserApp;
let technician: TestUser;
let newcomer: TestUser;
const openTasks: Array<{ id: string; ticketNumber: string }> = [];
const finishedTasks: Array<{ id: string; ticketNumber: string }> = [];
let othersTask: { id: string; ticketNumber: string };

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  const admin = await createStaff(app.t.ctx, { organizationId, role: 'admin' });
  const workshop = await createStaff(app.t.ctx, { organizationId, role: 'workshop' });
  technician = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'Omar List' });
  newcomer = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'New Starter' });
  const colleague = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'Colleague' });
  const cast: Cast = {
    admin: admin.principal,
    technician: technician.principal,
    workshop: workshop.principal,
  };
  app.t.clock.set(new Date('2026-11-25T05:30:00Z'));
  // 21 open tasks (one page of 20 and one more), created a minute apart so "oldest" has an order.
  for (let index = 0; index < 21; index += 1) {
    app.t.clock.advance(60_000);
    const ticket = await createTestTicket(app.t.ctx, { customerName: `Open Customer ${index + 1}` });
    await driveTicket(app.t.ctx, ticket.id, index % 3 === 0 ? 'assigned' : 'scheduled', cast);
    openTasks.push(ticket);
  }
  for (const status of ['completed', 'not_fixed'] as const) {
    const ticket = await createTestTicket(app.t.ctx, { customerName: `Finished ${status}` });
    await driveTicket(app.t.ctx, ticket.id, status, cast);
    finishedTasks.push(ticket);
  }
  othersTask = await createTestTicket(app.t.ctx, { customerName: 'Not Mine' });
  await driveTicket(app.t.ctx, othersTask.id, 'scheduled', { ...cast, technician: colleague.principal });
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

async function signIn(user: TestUser, next: string, locale: 'ar' | 'en'): Promise<Page> {
  const page = await app.openPage({ timeoutMs: 15_000, locale });
  const english = locale === 'en';
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(english ? 'E-mail' : 'البريد الإلكتروني').fill(user.email);
  await page.getByLabel(english ? 'Password' : 'كلمة المرور').fill(user.password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'تسجيل الدخول' }).click();
  await page.waitForURL(`**${next}`);
  return page;
}

const cards = (page: Page, english = true) =>
  page.getByRole('list', { name: english ? 'My tasks' : 'مهامي' }).locator('.tw-task-card');
const cardNumbers = (page: Page, english = true) =>
  cards(page, english).locator('.tw-task-card-number').allTextContents();

describe('My tasks', () => {
  it('lists the open tasks a page at a time, then the finished and all, with the state in the URL', {
    timeout: 120_000,
  }, async () => {
    const page = await signIn(technician, '/technician', 'en');
    // Reached from the portal's navigation.
    await page
      .getByRole('navigation', { name: 'Technician portal' })
      .getByRole('link', { name: 'My tasks' })
      .click();
    await page.waitForURL('**/technician/tasks');
    await page.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    const tabs = page.getByRole('navigation', { name: 'Show tasks' });
    expect(await tabs.getByRole('link', { name: 'Open' }).getAttribute('aria-current')).toBe('page');
    await page.getByText('21 tasks').waitFor();
    await expect.poll(() => cards(page).count()).toBe(20);
    const pager = page.getByRole('navigation', { name: 'Pages of tasks' });
    await pager.getByText('Page 1 of 2').waitFor();
    expect(await page.getByText('Not Mine').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toEqual([]);
    await screenshot(page, 'technician-tasks-en');
    const firstPage = await cardNumbers(page);

    await pager.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL('**/technician/tasks?page=2');
    await pager.getByText('Page 2 of 2').waitFor();
    await expect.poll(() => cards(page).count()).toBe(1);
    const secondPage = await cardNumbers(page);
    const everyOpen = [...firstPage, ...secondPage].sort();
    expect(everyOpen).toEqual(openTasks.map((task) => task.ticketNumber).sort());

    // Oldest first: the first task created leads; a new sort starts again at page 1.
    await page.getByLabel('Sort by').selectOption({ label: 'Oldest first' });
    await page.waitForURL('**/technician/tasks?sort=oldest');
    await expect.poll(async () => (await cardNumbers(page))[0]).toBe(openTasks[0]?.ticketNumber);

    await tabs.getByRole('link', { name: 'Finished' }).click();
    await page.waitForURL('**/technician/tasks?status=finished&sort=oldest');
    await page.getByText('2 tasks').waitFor();
    await expect
      .poll(async () => (await cardNumbers(page)).sort())
      .toEqual(finishedTasks.map((task) => task.ticketNumber).sort());
    expect(await page.getByRole('navigation', { name: 'Pages of tasks' }).count()).toBe(0);

    // A reload keeps the filter and the sort.
    await page.reload();
    await page.getByText('2 tasks').waitFor();
    expect(await tabs.getByRole('link', { name: 'Finished' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByLabel('Sort by').inputValue()).toBe('oldest');

    await tabs.getByRole('link', { name: 'All' }).click();
    await page.getByText('23 tasks').waitFor();

    // A card opens its task.
    const finished = finishedTasks[0];
    if (!finished) throw new Error('no finished task');
    await tabs.getByRole('link', { name: 'Finished' }).click();
    await page.getByRole('link', { name: `Open task ${finished.ticketNumber}` }).click();
    await page.waitForURL(`**/technician/tasks/${finished.id}`);
    await page.getByRole('heading', { level: 1, name: 'Task details' }).waitFor();
  });

  it('shows the open tasks in Arabic, and the empty state to a technician with none', {
    timeout: 60_000,
  }, async () => {
    const page = await signIn(technician, '/technician/tasks', 'ar');
    await page.getByRole('heading', { level: 1, name: 'مهامي' }).waitFor();
    await expect.poll(() => cards(page, false).count()).toBe(20);
    expect(await axeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toEqual([]);
    await screenshot(page, 'technician-tasks-ar');

    const empty = await signIn(newcomer, '/technician/tasks', 'ar');
    await empty.getByText('لا توجد مهام مفتوحة. ستظهر هنا الزيارات الجديدة المسندة إليك.').waitFor();
    expect(await axeViolations(empty)).toEqual([]);
    await screenshot(empty, 'technician-tasks-empty-ar');
    await empty.goto('/technician/tasks?status=finished');
    await empty.getByText('لا توجد مهام منتهية بعد.').waitFor();
  });
});
