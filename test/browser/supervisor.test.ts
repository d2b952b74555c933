// The supervisor portal (seed 000 §1.4) in a real Chromium: a supervisor signs in, sees only their
// team's tickets (another team's is absent from the list, its URL says not found and the API refuses
// it), opens a team ticket, and resolves a team escalation with notes. On a team ticket they reassign
// within their team (the picker lists only its members; a technician who left the team is refused by
// the server), schedule the visit and add an internal note (seed 000 §2.4). axe-core on every page;
// screenshots in Arabic and English.
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escalations, teamMembers, teams, ticketNotes } from '../../src/server/db/schema';
import { historyRows, ticketRow } from '../../src/server/modules/admin/admin-test-kit';
import {
  bearer,
  type Cast,
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
let supervisor: TestUser;
/** Ahmad and Khalid are the supervisor's Central team; Majed is the Western team of another one. */
let ahmad: TestUser;
let khalid: TestUser;
let cast: Cast;
let centralTeamId = '';
const ticket = { mine: { id: '', number: '' }, theirs: { id: '', number: '' } };
let escalationId = '';

async function teamOf(
  organizationId: string,
  names: { ar: string; en: string },
  lead: TestUser,
  members: TestUser[],
): Promise<string> {
  const [team] = await app.t.ctx.db
    .insert(teams)
    .values({ organizationId, nameAr: names.ar, nameEn: names.en, supervisorId: lead.principal.userId })
    .returning({ id: teams.id });
  for (const member of members) await joinTeam(team?.id as string, member);
  return team?.id as string;
}

const joinTeam = (teamId: string, member: TestUser) =>
  app.t.ctx.db.insert(teamMembers).values({
    organizationId: member.principal.organizationId,
    teamId,
    technicianId: member.principal.technicianId as string,
  });

const leaveTeam = (teamId: string, member: TestUser) =>
  app.t.ctx.db
    .delete(teamMembers)
    .where(
      and(
        eq(teamMembers.teamId, teamId),
        eq(teamMembers.technicianId, member.principal.technicianId as string),
      ),
    );

/** Tomorrow in Riyadh by the later of the browser's clock and the server's (manual) clock. */
function visitDay(): string {
  const later = Math.max(Date.now(), app.t.ctx.clock.now().getTime());
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Riyadh' }).format(new Date(later + 86_400_000));
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
  ahmad = await createStaff(ctx, {
    organizationId,
    role: 'technician',
    name: 'أحمد الغامدي',
    phone: '0551000001',
  });
  khalid = await createStaff(ctx, {
    organizationId,
    role: 'technician',
    name: 'خالد الحربي',
    phone: '0551000002',
  });
  const majed = await createStaff(ctx, { organizationId, role: 'technician', name: 'ماجد الزهراني' });
  centralTeamId = await teamOf(organizationId, { ar: 'فريق الوسط', en: 'Central team' }, supervisor, [
    ahmad,
    khalid,
  ]);
  await teamOf(organizationId, { ar: 'فريق الغربية', en: 'Western team' }, otherSupervisor, [majed]);
  cast = { admin: admin.principal, technician: ahmad.principal, workshop: workshop.principal };
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

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const newPage = (locale: 'ar' | 'en') => app.openPage({ viewport: DESKTOP, locale });

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
    await page.getByRole('region', { name: 'العميل والجهاز' }).getByText('نورة السبيعي').waitFor();
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
    await page.getByRole('link', { name: ticket.mine.number }).click();
    await page.getByRole('heading', { level: 1, name: `Ticket ${ticket.mine.number}` }).waitFor();
    await page.getByRole('region', { name: 'Customer and device' }).getByText('نورة السبيعي').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'supervisor-ticket-en');
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

  it('reassigns a team ticket within the team, schedules it and adds an internal note', async () => {
    const ctx = app.t.ctx;
    const work = await createTestTicket(ctx, { customerName: 'ريم العتيبي' });
    await driveTicket(ctx, work.id, 'assigned', cast);
    const page = await newPage('ar');
    await signIn(page, `/supervisor/tickets/${work.id}`, ARABIC);
    await page.getByRole('heading', { level: 1, name: `التذكرة ${work.ticketNumber}` }).waitFor();
    await page.getByText('الفني: أحمد الغامدي').first().waitFor();
    await page.getByRole('form', { name: 'إلغاء التذكرة' }).waitFor();
    // Seed 000 §2.4 gives a supervisor no priority change.
    expect(await page.getByRole('form', { name: 'تغيير الأولوية' }).count()).toBe(0);

    // The picker offers the team's other member only: not the current technician, not another team's.
    const reassign = page.getByRole('form', { name: 'إعادة الإسناد لفني آخر' });
    const picker = reassign.getByLabel('الفني');
    await picker.selectOption({ label: 'خالد الحربي — لا تذاكر مفتوحة' });
    expect(await picker.locator('option').allTextContents()).toEqual([
      'اختر فنيًا',
      'خالد الحربي — لا تذاكر مفتوحة',
    ]);
    await reassign.getByRole('button', { name: 'إعادة الإسناد' }).click();
    await reassign.getByText('اكتب سبب إعادة الإسناد (3 أحرف على الأقل).').waitFor();
    await reassign.getByLabel('سبب إعادة الإسناد').fill('أحمد في إجازة اليوم');

    // Khalid leaves the team while the page is open: the server refuses, the form says why, nothing changes.
    await leaveTeam(centralTeamId, khalid);
    await reassign.getByRole('button', { name: 'إعادة الإسناد' }).click();
    await reassign.getByRole('alert').getByText('الفني المختار ليس من فريقك.').waitFor();
    expect((await ticketRow(ctx, work.id)).technicianId).toBe(ahmad.principal.technicianId);
    await joinTeam(centralTeamId, khalid);

    await reassign.getByRole('button', { name: 'إعادة الإسناد' }).click();
    await reassign.getByRole('status').getByText('تمت إعادة إسناد التذكرة.').waitFor();
    await page.getByText('الفني: خالد الحربي').first().waitFor();
    await page.getByText('أُعيد الإسناد لفني آخر').waitFor();
    expect(await ticketRow(ctx, work.id)).toMatchObject({
      status: 'assigned',
      technicianId: khalid.principal.technicianId,
      assignedById: supervisor.principal.userId,
    });
    expect((await historyRows(ctx, work.id)).find((row) => row.action === 'reassign')).toMatchObject({
      actorId: supervisor.principal.userId,
      actorRole: 'supervisor',
      notes: 'أحمد في إجازة اليوم',
    });

    // Schedule the visit.
    const day = visitDay();
    const schedule = page.getByRole('form', { name: 'جدولة الزيارة' });
    await schedule.getByLabel('تاريخ الزيارة').fill(day);
    await schedule.getByLabel('الفترة').selectOption('evening');
    await schedule.getByRole('button', { name: 'حفظ الموعد' }).click();
    await page.getByText('تمت جدولة الزيارة.').waitFor();
    await page.getByRole('form', { name: 'إعادة جدولة الزيارة' }).waitFor();
    expect(await ticketRow(ctx, work.id)).toMatchObject({
      status: 'scheduled',
      scheduledDate: day,
      scheduledTimeSlot: 'evening',
      technicianId: khalid.principal.technicianId,
    });
    expect((await historyRows(ctx, work.id)).find((row) => row.action === 'schedule')).toMatchObject({
      actorRole: 'supervisor',
    });

    // An internal note.
    const notes = page.getByRole('region', { name: 'ملاحظات داخلية' });
    await notes.getByLabel('الملاحظة').fill('اتصل بالعميل قبل الزيارة بساعة');
    await notes.getByRole('button', { name: 'إضافة الملاحظة' }).click();
    await notes.getByRole('status').getByText('تمت إضافة الملاحظة.').waitFor();
    await notes.getByText('اتصل بالعميل قبل الزيارة بساعة').waitFor();
    const saved = await ctx.db.select().from(ticketNotes).where(eq(ticketNotes.ticketId, work.id));
    expect(saved.find((note) => note.kind === 'note')).toMatchObject({
      content: 'اتصل بالعميل قبل الزيارة بساعة',
      authorId: supervisor.principal.userId,
      authorRole: 'supervisor',
    });
    await expectAccessible(page);
    await screenshot(page, 'supervisor-ticket-actions-ar');

    // The same page in English.
    const english = await newPage('en');
    await signIn(english, `/supervisor/tickets/${work.id}`, ENGLISH);
    await english.getByRole('heading', { level: 1, name: `Ticket ${work.ticketNumber}` }).waitFor();
    await english.getByRole('form', { name: 'Reschedule the visit' }).waitFor();
    const picker2 = english
      .getByRole('form', { name: 'Reassign to another technician' })
      .getByLabel('Technician');
    await picker2.locator('option', { hasText: 'أحمد الغامدي' }).waitFor({ state: 'attached' });
    expect(await picker2.locator('option').allTextContents()).toEqual([
      'Choose a technician',
      'أحمد الغامدي — 1 open ticket',
    ]);
    expect(await english.getByRole('form', { name: 'Change priority' }).count()).toBe(0);
    await english.getByText('اتصل بالعميل قبل الزيارة بساعة').waitFor();
    await expectAccessible(english);
    await screenshot(english, 'supervisor-ticket-actions-en');
  });
});
