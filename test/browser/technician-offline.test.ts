// The technician portal without a connection (issue 6 item 6), in a phone-sized Chromium: the
// installable PWA (manifest, service worker), then the browser goes offline mid-task, the
// technician takes an action and a photo, both wait in the IndexedDB queue as "waiting to send",
// and when the connection returns both reach the server in order (each with its Idempotency-Key)
// and the task shows them. A second test has the server refuse a queued action (the dispatcher
// gave that visit to another technician meanwhile): the technician reads why, and the rest of the queue still arrives.
// A reload without a connection keeps the technician in (the cached identity) with the task, the
// dashboard and the queue as they were; back online the session is refreshed and the queue sent,
// and a refresh the server refuses still signs out (and forgets the cached reads).
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, refreshTokens, ticketAttachments } from '../../src/server/db/schema';
import { assignTechnician } from '../../src/server/modules/admin/admin-tickets.service';
import {
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  META,
  PNG_BYTES,
  type TestUser,
  ticketStatus,
} from '../../src/server/test/factories';
import { axeViolations, type BrowserApp, type OpenPageOptions, screenshot, startBrowserApp } from './helper';

let app: BrowserApp;
let cast: Cast;
let technician: TestUser;
let colleague: TestUser;

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  const admin = await createStaff(app.t.ctx, { organizationId, role: 'admin' });
  technician = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'Khalid Offline' });
  const workshop = await createStaff(app.t.ctx, { organizationId, role: 'workshop' });
  colleague = await createStaff(app.t.ctx, { organizationId, role: 'technician', name: 'Colleague' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
  app.t.clock.set(new Date('2026-11-25T05:30:00Z'));
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => {
  // Requests the browser could not send while offline are the point of these tests.
  const problems = (await app.finishTest()).filter(
    (problem) => !/ERR_INTERNET_DISCONNECTED|net::ERR_FAILED/.test(problem),
  );
  expect(problems).toEqual([]);
});

async function newPage(
  locale: 'ar' | 'en',
  options?: OpenPageOptions,
): Promise<{ page: Page; context: BrowserContext }> {
  const page = await app.openPage({ ...options, timeoutMs: 15_000, locale });
  return { page, context: page.context() };
}

async function signIn(page: Page, next: string, english: boolean): Promise<void> {
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(english ? 'E-mail' : 'البريد الإلكتروني').fill(technician.email);
  await page.getByLabel(english ? 'Password' : 'كلمة المرور').fill(technician.password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'تسجيل الدخول' }).click();
  await page.waitForURL(`**${next}`);
}

/**
 * Like a phone that has opened the portal before: the service worker is installed and controls the
 * page, so the task reads it caches are there when the connection drops.
 */
async function untilInstalled(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await page.reload();
}

/** The POSTs the page sends with an Idempotency-Key, in the order it sends them. */
function recordQueuedSends(page: Page): Array<{ path: string; key: string }> {
  const sent: Array<{ path: string; key: string }> = [];
  page.on('request', (request) => {
    const key = request.headers()['idempotency-key'];
    if (request.method() === 'POST' && key) sent.push({ path: new URL(request.url()).pathname, key });
  });
  return sent;
}

const actionBar = (page: Page, english: boolean) =>
  page.getByRole('navigation', { name: english ? 'Task actions' : 'إجراءات المهمة' });
const queue = (page: Page) => page.locator('.offline-status');

async function confirmAction(page: Page, name: string, english: boolean): Promise<void> {
  await actionBar(page, english).getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  // A confirmation's submit button carries the action's name.
  await dialog.getByRole('button', { name, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

const QUEUED_ACTION =
  'No connection: the action is saved on this phone and waiting to send. It will be sent when the connection returns.';
const QUEUED_PHOTO = 'No connection: the photo is saved on this phone and waiting to send.';

async function uploadPhoto(page: Page): Promise<void> {
  await page.getByLabel('Attachment type').selectOption({ label: 'After repair' });
  await page.getByLabel('Photo from the camera').setInputFiles({
    name: 'unit.png',
    mimeType: 'image/png',
    buffer: PNG_BYTES,
  });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
}

const attachmentsOf = (ticketId: string) =>
  app.t.ctx.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId));

describe('technician portal offline', () => {
  it('is an installable PWA: manifest, icons and a service worker served fresh', async () => {
    const manifest = await fetch(`${app.baseUrl}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const body = (await manifest.json()) as {
      start_url: string;
      display: string;
      icons: Array<{ src: string }>;
    };
    expect(body).toMatchObject({ start_url: '/technician', display: 'standalone' });
    for (const icon of body.icons) expect((await fetch(`${app.baseUrl}${icon.src}`)).status).toBe(200);
    const worker = await fetch(`${app.baseUrl}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');

    const { page } = await newPage('en');
    await signIn(page, '/technician/profile', true);
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state))
      .toBe('activated');
    expect(
      await page.evaluate(() => document.querySelector('link[rel="manifest"]')?.getAttribute('href')),
    ).toBe('/manifest.webmanifest');
  });

  it('queues an action and a photo taken offline and sends both in order when back online', {
    timeout: 120_000,
  }, async () => {
    const task = await createTestTicket(app.t.ctx, { customerName: 'Offline Customer', brand: 'LG' });
    await driveTicket(app.t.ctx, task.id, 'diagnosed', cast);
    // Driving it to "diagnosed" stored the inspection photo.
    const photosBefore = (await attachmentsOf(task.id)).map((row) => row.type);
    const { page, context } = await newPage('en');
    const sent = recordQueuedSends(page);
    await signIn(page, `/technician/tasks/${task.id}`, true);
    await untilInstalled(page);
    await page.getByRole('heading', { level: 1, name: 'Task details' }).waitFor();

    await context.setOffline(true);
    await queue(page).getByText('No internet connection').waitFor();
    await confirmAction(page, 'Start repair', true);
    // Only queued: the page says it waits to be sent, not that the status changed.
    await page.getByRole('status').getByText(QUEUED_ACTION).waitFor();
    expect(await page.getByText("The task's status was updated.").count()).toBe(0);
    await uploadPhoto(page);
    await page.getByRole('status').getByText(QUEUED_PHOTO).waitFor();
    expect(await page.getByText('The attachment was uploaded.').count()).toBe(0);

    const waiting = queue(page).locator('.offline-pending');
    await waiting.getByText('2 actions waiting to send').waitFor();
    const items = waiting.locator('.offline-item');
    await expect
      .poll(() => items.allTextContents())
      .toEqual([expect.stringContaining('Start repair'), expect.stringMatching(/Add a photo.*1 photo/)]);
    expect(await items.first().getByText('Waiting to send').count()).toBe(1);
    // Nothing has reached the server yet.
    expect(await ticketStatus(app.t.ctx, task.id)).toBe('diagnosed');
    expect((await attachmentsOf(task.id)).map((row) => row.type)).toEqual(photosBefore);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'technician-offline-queued-en');

    await context.setOffline(false);
    await expect.poll(() => ticketStatus(app.t.ctx, task.id)).toBe('repairing');
    await expect
      .poll(async () => (await attachmentsOf(task.id)).map((row) => row.type).sort())
      .toEqual([...photosBefore, 'after_repair'].sort());
    await queue(page).waitFor({ state: 'detached' });
    // In order: the action first, then the photo; each once, with its own key.
    const base = `/api/v1/technician/tasks/${task.id}`;
    const paths = [...new Map(sent.map((entry) => [entry.key, entry.path])).values()];
    expect(paths).toEqual([`${base}/start-repair`, `${base}/attachments`]);
    const keys = await app.t.ctx.db
      .select()
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.userId, technician.principal.userId));
    expect(keys.filter((row) => row.path.startsWith(base)).map((row) => row.statusCode)).toEqual([200, 201]);

    // The task shows them: the new status in the header and the timeline, the photo in the grid.
    await page.locator('.tw-task-header').getByText('Repairing').waitFor();
    await page.getByRole('region', { name: 'Attachments' }).getByText('After repair').first().waitFor();
    await screenshot(page, 'technician-offline-sent-en');
  });

  it('shows why the server refused a queued action and still sends the rest of the queue', {
    timeout: 120_000,
  }, async () => {
    // Both are today's visits; the first is given to another technician while this one is offline.
    const reassigned = await createTestTicket(app.t.ctx, { customerName: 'عميل منقول', brand: 'Gree' });
    await driveTicket(app.t.ctx, reassigned.id, 'scheduled', cast);
    const other = await createTestTicket(app.t.ctx, { customerName: 'عميل آخر', brand: 'Haier' });
    await driveTicket(app.t.ctx, other.id, 'diagnosed', cast);
    const { page, context } = await newPage('ar', {
      geolocation: { latitude: 24.7136, longitude: 46.6753 },
      permissions: ['geolocation'],
    });
    await signIn(page, '/technician', false);
    await untilInstalled(page);
    // The portal moves between today's tasks without loading a page; both were opened online.
    const openTask = (ticketNumber: string) =>
      page.getByRole('link', { name: `فتح المهمة ${ticketNumber}` }).click();
    const backToDashboard = () => page.getByRole('link', { name: 'العودة إلى لوحة التحكم' }).click();
    await openTask(other.ticketNumber);
    await actionBar(page, false).getByRole('button', { name: 'بدء الإصلاح' }).waitFor();
    await backToDashboard();
    await openTask(reassigned.ticketNumber);
    await actionBar(page, false).getByRole('button', { name: 'بدء الرحلة' }).waitFor();

    await context.setOffline(true);
    await confirmAction(page, 'بدء الرحلة', false);
    await backToDashboard();
    await openTask(other.ticketNumber);
    await actionBar(page, false).getByRole('button', { name: 'بدء الإصلاح' }).waitFor();
    await confirmAction(page, 'بدء الإصلاح', false);
    await queue(page).getByText('إجراءان بانتظار الإرسال').waitFor();
    await screenshot(page, 'technician-offline-queued-ar');

    // Meanwhile the dispatcher gives the first visit to another technician.
    await assignTechnician(app.t.ctx, {
      principal: cast.admin,
      ticketId: reassigned.id,
      technicianId: colleague.principal.technicianId ?? '',
      reason: 'Closer to the customer',
      meta: META,
    });

    await context.setOffline(false);
    const refused = queue(page).locator('.offline-refused');
    await refused.waitFor();
    // The action and the server's reason (the task is no longer this technician's).
    await expect.poll(() => refused.locator('.offline-item').textContent()).toMatch(/^بدء الرحلة: \S/);
    await expect.poll(() => ticketStatus(app.t.ctx, other.id)).toBe('repairing');
    expect(await ticketStatus(app.t.ctx, reassigned.id)).toBe('scheduled');
    await expect.poll(() => queue(page).locator('.offline-pending').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'technician-offline-refused-ar');

    await refused.getByRole('button', { name: 'تم' }).click();
    await queue(page).waitFor({ state: 'detached' });
    const stored = await app.t.ctx.db
      .select()
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.userId, technician.principal.userId),
          eq(idempotencyKeys.path, `/api/v1/technician/tasks/${reassigned.id}/start-trip`),
        ),
      );
    // A refused request keeps no key: nothing was applied.
    expect(stored).toHaveLength(0);
  });

  it('keeps the technician signed in on a reload without a connection: cached task, dashboard and queue', {
    timeout: 120_000,
  }, async () => {
    const task = await createTestTicket(app.t.ctx, { customerName: 'Basement Customer', brand: 'Carrier' });
    await driveTicket(app.t.ctx, task.id, 'diagnosed', cast);
    const photosBefore = (await attachmentsOf(task.id)).map((row) => row.type);
    const { page, context } = await newPage('en');
    await signIn(page, '/technician', true);
    await untilInstalled(page);
    await page.getByRole('link', { name: `Open task ${task.ticketNumber}` }).click();
    await actionBar(page, true).getByRole('button', { name: 'Start repair' }).waitFor();

    await context.setOffline(true);
    await confirmAction(page, 'Start repair', true);
    await page.getByRole('status').getByText(QUEUED_ACTION).waitFor();
    await page.reload();

    // Still signed in (from the cached identity): the task as last read, and the queue kept.
    await page.getByRole('heading', { level: 1, name: 'Task details' }).waitFor();
    expect(page.url()).toContain(`/technician/tasks/${task.id}`);
    await page.locator('.tw-task-header').getByText('Diagnosed').waitFor();
    await page.getByText('Signed in as Khalid Offline').waitFor();
    const waiting = queue(page).locator('.offline-pending');
    await waiting.getByText('1 action waiting to send').waitFor();
    await waiting.locator('.offline-item').getByText('Start repair').waitFor();
    // What is done after the reload joins the same queue.
    await uploadPhoto(page);
    await page.getByRole('status').getByText(QUEUED_PHOTO).waitFor();
    await waiting.getByText('2 actions waiting to send').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'technician-offline-reload-task-en');
    // The dashboard as last read.
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: `Open task ${task.ticketNumber}` }).waitFor();
    await screenshot(page, 'technician-offline-reload-dashboard-en');
    expect(await ticketStatus(app.t.ctx, task.id)).toBe('diagnosed');

    // Back online: the session is refreshed and the queue goes out in order.
    await context.setOffline(false);
    await expect.poll(() => ticketStatus(app.t.ctx, task.id)).toBe('repairing');
    await expect
      .poll(async () => (await attachmentsOf(task.id)).map((row) => row.type).sort())
      .toEqual([...photosBefore, 'after_repair'].sort());
    await queue(page).waitFor({ state: 'detached' });
    expect(page.url()).not.toContain('/staff/login');
  });

  it('signs out when the refresh after an offline reload is refused', { timeout: 60_000 }, async () => {
    const { page, context } = await newPage('en');
    await signIn(page, '/technician', true);
    await untilInstalled(page);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // Meanwhile the session was ended on the server (a password change elsewhere, an admin).
    await app.t.ctx.db
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(eq(refreshTokens.userId, technician.principal.userId));
    await context.setOffline(false);
    await page.waitForURL('**/staff/login?next=%2Ftechnician');
    expect(await page.evaluate(() => localStorage.getItem('fieldline.sessionUser'))).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('fieldline.refreshToken'))).toBeNull();
    // And the task reads cached for the portal are forgotten with the session.
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).join())).not.toContain('api');
  });
});
