// The tracking page of seed 000 §4.5 in a real Chromium: search by token (checked before asking),
// the summary card and status timeline with actor and time, the technician's position on a map
// (without tiles) and the ETA, live over the socket (every 15 s while it is down), the "not found" empty state, both
// languages, a 320 px phone and axe-core on each state.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { technicians } from '../../src/server/db/schema';
import { performTicketAction } from '../../src/server/modules/tickets/workflow.service';
import {
  bearer,
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  META,
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

let app: BrowserApp;
let cast: Cast;
let technicianId: string;

beforeAll(async () => {
  app = await startBrowserApp();
  const organizationId = await createTestOrganization(app.t.ctx);
  const admin = await createStaff(app.t.ctx, { organizationId, role: 'admin', name: 'نورة المشرفة' });
  const technician = await createStaff(app.t.ctx, {
    organizationId,
    role: 'technician',
    name: 'أحمد سالم الدوسري',
    phone: '0559999999',
  });
  const workshop = await createStaff(app.t.ctx, { organizationId, role: 'workshop' });
  cast = { admin: admin.principal, technician: technician.principal, workshop: workshop.principal };
  technicianId = technician.principal.technicianId ?? '';
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });
const timeline = (page: Page) => page.getByRole('region', { name: 'سجل الحالات' }).getByRole('listitem');

/** A location ping from the technician's phone, through the REST API. */
async function ping(latitude: number, longitude: number) {
  const token = await app.t.ctx.accessTokens.sign(cast.technician, app.t.ctx.clock.now());
  return app.t.app.inject({
    method: 'POST',
    url: '/api/v1/technician/location',
    headers: bearer(token),
    payload: { latitude, longitude, speed: 8 },
  });
}

async function placeTechnician(latitude: number, longitude: number): Promise<void> {
  await app.t.ctx.db
    .update(technicians)
    .set({ currentLat: latitude, currentLng: longitude, lastLocationAt: app.t.ctx.clock.now() })
    .where(eq(technicians.id, technicianId));
}

describe('tracking page', () => {
  it('finds a ticket by its token and shows the summary and timeline', { timeout: 60_000 }, async () => {
    const ticket = await createTestTicket(app.t.ctx, { problemDescription: 'المكيف لا يبرد أبداً' });
    await driveTicket(app.t.ctx, ticket.id, 'scheduled', cast);
    const page = await app.openPage();
    await page.goto('/customer/track');
    await heading(page, 'تتبع الطلب').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

    // The token is checked before the server is asked.
    const search = page.getByRole('button', { name: 'بحث' });
    await search.click();
    await page.getByText('أدخل رمز التتبع.').waitFor();
    await page.getByLabel('رمز التتبع').fill('abc');
    await search.click();
    await page.getByText('رمز التتبع يتكون من 16 إلى 64 حرفاً وأرقاماً إنجليزية.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/customer/track');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('رمز التتبع').fill(` ${ticket.trackingToken} `);
    await search.click();
    await page.waitForURL(`**/customer/track/${ticket.trackingToken}`);
    const summary = page.getByRole('region', { name: /رقم التذكرة/ });
    await summary.getByText(ticket.ticketNumber).waitFor();
    await summary.getByText('مجدولة', { exact: true }).waitFor();
    await summary.getByText('مكيف — LG Dual Inverter').waitFor();
    await summary.getByText('المكيف لا يبرد أبداً').waitFor();
    await summary.getByText('الرياض').waitFor();
    await summary.getByText(/صباحاً \(8 - 12\)/).waitFor();

    // Oldest first: created, assigned, scheduled — each with its customer text, time and actor.
    await expect.poll(() => timeline(page).count()).toBe(3);
    const entries = await timeline(page).allInnerTexts();
    expect(entries[0]).toContain('تم استلام طلبك');
    expect(entries[1]).toContain('تم تعيين فني');
    expect(entries[2]).toContain('تم تحديد موعد الزيارة');
    // Staff names stay private on the public page: the role speaks for them.
    expect(entries[1]).toContain('بواسطة: مدير النظام');
    expect(entries.join('\n')).not.toContain('نورة');
    // 06:00 UTC is 09:00 in Riyadh (the organisation's time zone).
    expect(entries[0]).toMatch(/9:00/);
    expect(await page.getByRole('heading', { name: 'موقع الفني' }).count()).toBe(0);
    await page.getByRole('heading', { name: 'هل طُلبت منك معلومات إضافية أو صورة؟' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'track-found-390');

    // A reload of the token's address finds it again; English is one click away and left-to-right.
    await page.reload();
    await summary.getByText(ticket.ticketNumber).waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await heading(page, 'Track a request').waitFor();
    await page.getByRole('region', { name: 'Status history' }).getByText('The visit was scheduled').waitFor();
    await page
      .getByRole('region', { name: /Ticket number/ })
      .getByText('Scheduled', { exact: true })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'track-found-en-390');
  });

  it('shows the empty state for an unknown or malformed token', async () => {
    const page = await app.openPage();
    await page.goto('/customer/track/AAAAAAAAAAAAAAAAAAAAAAAA');
    await page.getByText('لم يتم العثور على التذكرة. تأكد من رمز التتبع').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'track-not-found-390');
    await page.goto('/customer/track/not..a..token');
    await page.getByText('لم يتم العثور على التذكرة. تأكد من رمز التتبع').waitFor();
    expect(await page.getByLabel('رمز التتبع').inputValue()).toBe('not..a..token');
  });

  it('follows the ticket live: the trip start, then the technician moving with the ETA, no reload', async () => {
    const ticket = await createTestTicket(app.t.ctx);
    await driveTicket(app.t.ctx, ticket.id, 'scheduled', cast);
    const page = await app.openPage();
    await page.goto(`/customer/track/${ticket.trackingToken}`);
    await page.getByText(ticket.ticketNumber).first().waitFor();
    // Joined the ticket's room with its tracking token.
    await page.locator('.ticket-stack[data-live]').waitFor();
    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);

    await performTicketAction(app.t.ctx, {
      principal: cast.technician,
      ticketId: ticket.id,
      action: 'start_trip',
      input: { location: { latitude: 24.6, longitude: 46.5 } },
      meta: META,
    });
    await page.locator('.summary-card').getByText('في الطريق').waitFor();
    expect((await timeline(page).allInnerTexts()).at(-1)).toContain('الفني في الطريق إليك');

    // The technician's phone reports positions through the REST endpoint.
    const live = page.getByRole('region', { name: 'موقع الفني' });
    expect((await ping(24.6, 46.5)).statusCode).toBe(200);
    await live.getByText('موقع الفني: 24.6، 46.5').waitFor();
    const farEta = (await live.getByText(/^الوصول المتوقع/).textContent()) ?? '';
    await live.getByText('تتحدث هذه الصفحة مباشرةً عند أي تغيير.').waitFor();
    // The map is fetched when it comes near the screen.
    await live.getByRole('region', { name: 'خريطة موقع الفني' }).scrollIntoViewIfNeeded();
    const marker = live.locator('.technician-marker');
    await marker.and(page.locator('[data-position="24.6,46.5"]')).waitFor();
    await page.getByText('تعذر تحميل صور الخريطة، والإحداثيات معروضة أدناه.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'track-on-route-390');

    expect((await ping(24.79, 46.64)).statusCode).toBe(200);
    await live.getByText('موقع الفني: 24.79، 46.64').waitFor();
    await marker.and(page.locator('[data-position="24.79,46.64"]')).waitFor();
    const nearEta = (await live.getByText(/^الوصول المتوقع/).textContent()) ?? '';
    const minutes = (text: string) => Number(/(\d+) د\)/.exec(text)?.[1]);
    expect(minutes(nearEta)).toBeLessThan(minutes(farEta));
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);

    const desktop = await app.openPage({ viewport: DESKTOP });
    await desktop.goto(`/customer/track/${ticket.trackingToken}`);
    await desktop.getByText('موقع الفني: 24.79، 46.64').waitFor();
    await desktop.getByRole('region', { name: 'خريطة موقع الفني' }).scrollIntoViewIfNeeded();
    await desktop.locator('.technician-marker[data-position="24.79,46.64"]').waitFor();
    await screenshot(desktop, 'track-on-route-1280');
  });

  it('asks again every 15 s while the live connection is down', async () => {
    const ticket = await createTestTicket(app.t.ctx);
    await driveTicket(app.t.ctx, ticket.id, 'on_route', cast);
    await placeTechnician(24.7712, 46.6341);
    const page = await app.openPage();
    await page.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
    await page.clock.install();
    await page.goto(`/customer/track/${ticket.trackingToken}`);
    const live = page.getByRole('region', { name: 'موقع الفني' });
    await live.getByText('موقع الفني: 24.7712، 46.6341').waitFor();
    await live.getByText('يتم تحديث الموقع تلقائياً كل 15 ثانية.').waitFor();
    const entries = await timeline(page).allInnerTexts();
    expect(entries.at(-1)).toContain('الفني في الطريق إليك');
    expect(entries.at(-1)).toContain('الفني: أحمد');
    expect(entries.join('\n')).not.toContain('الدوسري');

    await placeTechnician(24.7801, 46.6502);
    await page.clock.fastForward(16_000);
    await live.getByText('موقع الفني: 24.7801، 46.6502').waitFor();
    expect(await page.locator('.ticket-stack[data-live]').count()).toBe(0);
  });

  it('fits a 320 px phone', async () => {
    const ticket = await createTestTicket(app.t.ctx);
    await driveTicket(app.t.ctx, ticket.id, 'on_route', cast);
    const page = await app.openPage({ viewport: NARROW });
    await page.goto(`/customer/track/${ticket.trackingToken}`);
    await page.getByRole('region', { name: 'سجل الحالات' }).waitFor();
    await page.getByRole('region', { name: 'خريطة موقع الفني' }).waitFor();
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });
});
