// The supervisor portal (seed 000 §1.4) in a real Chromium: a supervisor signs in, sees only their
// team's tickets (another team's is absent from the list, its URL says not found and the API refuses
// it), opens a team ticket, and resolves a team escalation with notes. axe-core on every page;
// screenshots in Arabic and English.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escalations, teamMembers, teams } from '../../src/server/db/schema';
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
  type TestPage,
} from './helper';

let app: BrowserApp;
let open: TestPage[] = [];
let supervisor: TestUser;
const ticket = { mine: { id: '', number: '' }, theirs: { id: '', number: '' } };
let escalationId = '';

async function teamOf(
  organizationId: string,
  names: { ar: string; en: string },
  lead: TestUser,
  member: TestUser,
): Promise<void> {
  const [team] = await app.t.ctx.db
    .insert(teams)
    .values({ organizationId, nameAr: names.ar, nameEn: names.en, supervisorId: lead.principal.userId })
    .returning({ id: teams.id });
  await app.t.ctx.db.insert(teamMembers).values({
    organizationId,
    teamId: team?.id as string,
    technicianId: member.principal.technicianId as string,
  });
}

beforeAll(async () => {
  app = await startBrowserApp();
  const ctx = app.t.ctx;
  const organizationId = await createTestOrganization(ctx);
  const admin = await createStaff(ctx, { organizationId, role: 'admin', name: 'عبدالله المدير' });
  const workshop = await createStaff(ctx, { organizationId, role: 'workshop' });
  supervisor = await createStaff(ctx, { organizationId, role: 'supervisor', name: 'سارة القحطاني' });
  const otherSupervisor = await createStaff(ctx, {
    organizationId,
    role: 'supervisor',
    name: 'منصور العنزي',
  });
  const ahmad = await createStaff(ctx, {
    organizationId,
    role: 'technician',
    name: 'أحمد الغامدي',
    phone: '0551000001',
  });
  const majed = await createStaff(ctx, { organizationId, role: 'technician', name: 'ماجد الزهراني' });
  await teamOf(organizationId, { ar: 'فريق الوسط', en: 'Central team' }, supervisor, ahmad);
  await teamOf(organizationId, { ar: 'فريق الغربية', en: 'Western team' }, otherSupervisor, majed);
  const cast = { admin: admin.principal, technician: ahmad.principal, workshop: workshop.principal };
  const mine = await createTestTicket(ctx, { customerName: 'نورة السبيعي' });
  await driveTicket(ctx, mine.id, 'scheduled', cast);
  const theirs = await createTestTicket(ctx, { customerName: 'فهد الشهري' });
  await driveTicket(ctx, theirs.id, 'assigned', { ...cast, technician: majed.principal });
  ticket.mine = { id: mine.id, number: mine.ticketNumber };
  ticket.theirs = { id: theirs.id, number: theirs.ticketNumber };
  const [escalation] = await ctx.db
    .insert(escalations)
    .values({
      organizationId,
      ticketId: mine.id,
      ruleId: 'SLA-003',
      level: 'L2',
      type: 'trip_delay',
      reason: 'لم يبدأ الفني الرحلة قبل الموعد بـ 30 دقيقة',
      ownerRole: 'supervisor',
      ownerId: supervisor.principal.userId,
      ownerName: supervisor.principal.name,
    })
    .returning({ id: escalations.id });
  escalationId = escalation?.id as string;
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => {
  const problems = open.flatMap((page) => page.problems);
  for (const page of open) await page.close();
  open = [];
  expect(problems).toEqual([]);
});

async function newPage(locale: 'ar' | 'en'): Promise<Page> {
  const testPage = await app.newPage({ viewport: DESKTOP });
  testPage.page.setDefaultTimeout(10_000);
  await testPage.page.addInitScript((value) => localStorage.setItem('fieldline.locale', value), locale);
  open.push(testPage);
  return testPage.page;
}

async function signIn(page: Page, next: string, labels: { email: string; password: string; submit: string }) {
  await page.goto(`/staff/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(labels.email).fill(supervisor.email);
  await page.getByLabel(labels.password).fill(supervisor.password);
  await page.getByRole('button', { name: labels.submit }).click();
}

const ARABIC = { email: 'البريد الإلكتروني', password: 'كلمة المرور', submit: 'تسجيل الدخول' };
const ENGLISH = { email: 'E-mail', password: 'Password', submit: 'Sign in' };

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await horizontalOverflow(page)).toEqual([]);
}

describe('supervisor portal', () => {
  it("shows the team overview and only the team's tickets; another team's ticket is not found (Arabic)", async () => {
    const page = await newPage('ar');
    await signIn(page, '/supervisor', ARABIC);
    await page.waitForURL('**/supervisor');
    await page.getByRole('heading', { level: 1, name: 'لوحة المشرف' }).waitFor();
    await page.getByText('فرقك: فريق الوسط').waitFor();
    const members = page.getByRole('table', { name: 'أعضاء الفريق مع حالة التوفر وحجم العمل' });
    await members.getByRole('rowheader', { name: /أحمد الغامدي/ }).waitFor();
    expect(await members.getByText('ماجد الزهراني').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'supervisor-overview-ar');

    await page.getByRole('link', { name: 'تذاكر الفريق' }).click();
    await page.waitForURL('**/supervisor/tickets');
    await page.getByRole('link', { name: ticket.mine.number }).waitFor();
    expect(await page.getByRole('link', { name: ticket.theirs.number }).count()).toBe(0);
    expect(await page.getByText('فهد الشهري').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'supervisor-tickets-ar');

    // A filter goes into the URL and narrows the list.
    await page.getByLabel('الحالة').selectOption('assigned');
    await page.waitForURL('**/supervisor/tickets?status=assigned');
    await page.getByText('لا توجد تذاكر للفريق تطابق عوامل التصفية.').waitFor();

    await page.goto(`/supervisor/tickets/${ticket.theirs.id}`);
    await page.getByText('التذكرة غير موجودة', { exact: true }).waitFor();
    await page.getByText('التذكرة غير موجودة أو تتبع فريقًا آخر.').waitFor();
    expect(await page.getByText('فهد الشهري').count()).toBe(0);

    await page.goto(`/supervisor/tickets/${ticket.mine.id}`);
    await page.getByRole('heading', { level: 1, name: `التذكرة ${ticket.mine.number}` }).waitFor();
    await page.locator('.sv-facts').getByText('نورة السبيعي').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'supervisor-ticket-ar');
  });

  it("is refused another team's ticket by the API, through the supervisor and the admin routes", async () => {
    const token = await app.t.ctx.accessTokens.sign(supervisor.principal, app.t.ctx.clock.now());
    const get = (url: string) => app.t.app.inject({ method: 'GET', url, headers: bearer(token) });
    expect((await get(`/api/v1/supervisor/tickets/${ticket.theirs.id}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/admin/tickets/${ticket.theirs.id}`)).statusCode).toBe(403);
    expect((await get(`/api/v1/supervisor/tickets/${ticket.mine.id}`)).statusCode).toBe(200);
  });

  it('resolves a team escalation with notes (English)', async () => {
    const page = await newPage('en');
    await signIn(page, '/supervisor/escalations', ENGLISH);
    await page.waitForURL('**/supervisor/escalations');
    await page.getByRole('heading', { level: 1, name: 'Team escalations' }).waitFor();
    const card = page.locator('.sv-escalation').filter({ hasText: 'Trip start delay' });
    await card.getByRole('link', { name: ticket.mine.number }).waitFor();
    const resolve = card.getByRole('button', { name: 'Resolve the escalation' });
    expect(await resolve.isDisabled()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'supervisor-escalations-en');

    await card.getByLabel('Resolution notes').fill('Called the technician; he is on his way now.');
    await resolve.click();
    await page.getByText('No open escalations in your team.').waitFor();
    await page.getByRole('button', { name: 'Resolved', exact: true }).click();
    await page.waitForURL('**/supervisor/escalations?state=resolved');
    await page.getByText('Called the technician; he is on his way now.').waitFor();
    await page.getByText(/Resolved by سارة القحطاني/).waitFor();
    await screenshot(page, 'supervisor-escalations-resolved-en');

    const [row] = await app.t.ctx.db.select().from(escalations);
    expect(row).toMatchObject({
      id: escalationId,
      isResolved: true,
      resolvedById: supervisor.principal.userId,
      resolutionNotes: 'Called the technician; he is on his way now.',
    });
  });

  it('shows the overview and the team tickets in English', async () => {
    const page = await newPage('en');
    await signIn(page, '/supervisor/team', ENGLISH);
    await page.waitForURL('**/supervisor/team');
    await page.getByText('Your teams: Central team').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'supervisor-team-en');
    await page.goto('/supervisor');
    await page.getByRole('link', { name: /Active escalations/ }).waitFor();
    await screenshot(page, 'supervisor-overview-en');
    await page.goto('/supervisor/tickets');
    await page.getByRole('link', { name: ticket.mine.number }).waitFor();
    expect(await page.getByRole('link', { name: ticket.theirs.number }).count()).toBe(0);
    await screenshot(page, 'supervisor-tickets-en');
  });

  it('shows the team page and escalations in Arabic', async () => {
    const page = await newPage('ar');
    await signIn(page, '/supervisor/team', ARABIC);
    await page.waitForURL('**/supervisor/team');
    await page.getByText('فرقك: فريق الوسط').waitFor();
    await screenshot(page, 'supervisor-team-ar');
    await page.goto('/supervisor/escalations?state=all');
    await page.getByText('تأخر الانطلاق').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'supervisor-escalations-ar');
  });
});
