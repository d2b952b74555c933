// Admin Teams page (issue 7) in a real Chromium on a desktop: an admin is refused a team without
// names or supervisor and one whose English name is taken, creates a team for a supervisor, adds two
// technicians (one moved, explicitly, from another team) and sees the count; the supervisor then
// finds both on /supervisor/team. A dispatcher sees neither Users nor Teams in the navigation, the
// page says it is for admins and the API refuses them. Axe on each page; screenshots in both languages.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { teamMembers, teams } from '../../src/server/db/schema';
import {
  bearer,
  createStaff,
  createTestOrganization,
  loginStaff,
  type TestUser,
} from '../../src/server/test/factories';
import { axeViolations, type BrowserApp, DESKTOP, screenshot, signInStaff, startBrowserApp } from './helper';

let app: BrowserApp;
let admin: TestUser;
let supervisor: TestUser;
let dispatcher: TestUser;
let westernTeamId = '';

beforeAll(async () => {
  app = await startBrowserApp();
  const ctx = app.t.ctx;
  const organizationId = await createTestOrganization(ctx);
  admin = await createStaff(ctx, { organizationId, role: 'admin', name: 'Noura Admin' });
  dispatcher = await createStaff(ctx, { organizationId, role: 'dispatcher', name: 'Dana Dispatcher' });
  supervisor = await createStaff(ctx, { organizationId, role: 'supervisor', name: 'Salma Alqahtani' });
  const westernLead = await createStaff(ctx, { organizationId, role: 'supervisor', name: 'Mansour Alanazi' });
  await createStaff(ctx, { organizationId, role: 'technician', name: 'Ahmad Alghamdi' });
  const majed = await createStaff(ctx, { organizationId, role: 'technician', name: 'Majed Alzahrani' });
  await createStaff(ctx, { organizationId, role: 'technician', name: 'Khalid Alharbi' });
  const [western] = await ctx.db
    .insert(teams)
    .values({
      organizationId,
      nameAr: 'فريق الغربية',
      nameEn: 'Western team',
      supervisorId: westernLead.principal.userId,
    })
    .returning({ id: teams.id });
  westernTeamId = western?.id as string;
  await ctx.db.insert(teamMembers).values({
    organizationId,
    teamId: westernTeamId,
    technicianId: majed.principal.technicianId as string,
  });
});

afterAll(async () => {
  await app?.close();
});

afterEach(async () => expect(await app.finishTest()).toEqual([]));

const newPage = (locale: 'ar' | 'en') => app.openPage({ viewport: DESKTOP, locale });

async function signIn(page: Page, next: string, locale: 'ar' | 'en', who: TestUser) {
  await signInStaff(page, locale, who, next);
  await page.waitForURL((url) => `${url.pathname}${url.search}` === next);
}

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

async function memberIdsOf(teamId: string): Promise<string[]> {
  const rows = await app.t.ctx.db
    .select({ technicianId: teamMembers.technicianId })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, teamId));
  return rows.map((row) => row.technicianId);
}

describe('admin teams', () => {
  it('creates a team, adds two technicians (moving one), and its supervisor sees them', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin/teams', 'en', admin);
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await page
      .getByRole('row', { name: /Western team/ })
      .getByText('1 member', { exact: true })
      .waitFor();

    await page.getByRole('button', { name: 'Add team' }).click();
    const form = page.getByRole('dialog', { name: 'New team' });
    await form.getByRole('button', { name: 'Save' }).click();
    // Checked before anything is sent.
    expect(await form.getByText('Enter a name of 2 to 100 characters.').count()).toBe(2);
    await form.getByText('Choose the team’s supervisor.').waitFor();
    await form.getByLabel('Name in Arabic').fill('فريق الوسط');
    await form.getByLabel('Name in English').fill('western TEAM');
    await form.getByLabel('Supervisor').selectOption({ label: 'Salma Alqahtani' });
    await form.getByRole('button', { name: 'Save' }).click();
    // The server refuses a name another team has; nothing is created.
    await form.getByRole('alert').getByText('Another team already has this English name.').waitFor();
    expect(await app.t.ctx.db.select({ id: teams.id }).from(teams)).toHaveLength(1);

    await form.getByLabel('Name in English').fill('Central team');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Central team was created.').waitFor();
    const row = page.getByRole('row', { name: /Central team/ });
    await row.getByRole('cell', { name: 'Salma Alqahtani' }).waitFor();
    await row.getByText('0 members', { exact: true }).waitFor();

    await row.getByRole('button', { name: 'Members — Central team' }).click();
    const members = page.getByRole('dialog', { name: 'Members of Central team' });
    await members.getByText('No technician chosen yet', { exact: false }).waitFor();
    await members.getByRole('checkbox', { name: /Ahmad Alghamdi/ }).check();
    const majed = members.getByRole('checkbox', { name: /Majed Alzahrani/ });
    // A technician of another team says so, and choosing them is spelled out as a move.
    await members.getByText('In Western team', { exact: true }).waitFor();
    await majed.check();
    await members.getByText('Majed Alzahrani leaves Western team and joins this team.').waitFor();
    await screenshot(page, 'admin-teams-members-en');
    await members.getByRole('button', { name: 'Save and move 1 technician' }).click();

    await page.getByRole('status').getByText('Team members saved.').waitFor();
    await row.getByText('2 members', { exact: true }).waitFor();
    await page
      .getByRole('row', { name: /Western team/ })
      .getByText('0 members', { exact: true })
      .waitFor();
    const [central] = await app.t.ctx.db.select().from(teams).where(eq(teams.nameEn, 'Central team'));
    expect(central?.supervisorId).toBe(supervisor.principal.userId);
    expect(await memberIdsOf(central?.id as string)).toHaveLength(2);
    expect(await memberIdsOf(westernTeamId)).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'admin-teams-en');

    const supervisorPage = await newPage('en');
    await signIn(supervisorPage, '/supervisor/team', 'en', supervisor);
    await supervisorPage.getByRole('heading', { level: 1, name: 'Team overview' }).waitFor();
    await supervisorPage.getByRole('row', { name: /Ahmad Alghamdi/ }).waitFor();
    await supervisorPage.getByRole('row', { name: /Majed Alzahrani/ }).waitFor();
    expect(await supervisorPage.getByRole('row', { name: /Khalid Alharbi/ }).count()).toBe(0);
  });

  it('deactivates a team in Arabic, right to left', async () => {
    const page = await newPage('ar');
    await signIn(page, '/admin/teams', 'ar', admin);
    await page.getByRole('heading', { level: 1, name: 'الفرق' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const row = page.getByRole('row', { name: /فريق الغربية/ });
    await row.getByRole('button', { name: 'تعطيل — فريق الغربية' }).click();
    await page
      .getByRole('dialog', { name: 'تعطيل فريق الغربية؟' })
      .getByRole('button', { name: 'تعطيل' })
      .click();
    await page.getByRole('status').getByText('تم تعطيل فريق الغربية.').waitFor();
    await row.getByText('معطّل', { exact: true }).waitFor();
    const [western] = await app.t.ctx.db.select().from(teams).where(eq(teams.id, westernTeamId));
    expect(western?.isActive).toBe(false);
    await expectAccessible(page);
    await screenshot(page, 'admin-teams-ar');
  });

  it('shows a dispatcher neither Users nor Teams, and the server refuses them', async () => {
    const page = await newPage('en');
    await signIn(page, '/admin', 'en', dispatcher);
    const nav = page.getByRole('navigation', { name: 'Admin & dispatch portal' });
    await nav.getByRole('link', { name: 'Tickets' }).waitFor();
    await nav.getByRole('link', { name: 'System settings' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Teams' }).count()).toBe(0);

    await page.goto('/admin/teams');
    await page.getByText('Only administrators manage teams.').waitFor();
    const token = await loginStaff(app.t, dispatcher);
    const list = await app.t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/teams',
      headers: bearer(token),
    });
    expect(list.statusCode).toBe(403);

    const adminPage = await newPage('en');
    await signIn(adminPage, '/admin', 'en', admin);
    const adminNav = adminPage.getByRole('navigation', { name: 'Admin & dispatch portal' });
    await adminNav.getByRole('link', { name: 'Users' }).waitFor();
    await adminNav.getByRole('link', { name: 'Teams' }).click();
    await adminPage.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
  });
});
