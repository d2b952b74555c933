// /api/v1/admin/teams: admins create teams, hand them to a supervisor and set their technicians.
// Refusals change nothing; a technician is in at most one team.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamMembers, teams } from '../../db/schema';
import { createStaff, type TestUser } from '../../test/factories';
import {
  type AdminWorld,
  auditRows,
  buildAdminWorld,
  NON_STAFF,
  technicianIdOf,
} from '../admin/admin-test-kit';

let w: AdminWorld;
let technician3: TestUser;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const send = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = w.as.admin,
) => w.t.app.inject({ method, url: `/api/v1/admin/teams${url}`, headers, payload: payload as object });

const teamCount = async () => (await w.t.ctx.db.select().from(teams)).length;
const membersOf = async (teamId: string) =>
  (await w.t.ctx.db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId)))
    .map((row) => row.technicianId)
    .sort();

const body = (overrides: Record<string, unknown> = {}) => ({
  nameAr: 'فريق الشمال',
  nameEn: 'North team',
  supervisorId: w.supervisor.principal.userId,
  technicianIds: [technicianIdOf(w.technician)],
  ...overrides,
});

beforeAll(async () => {
  w = await buildAdminWorld();
  technician3 = await createStaff(w.t.ctx, { organizationId: w.organizationId, role: 'technician' });
});

afterAll(async () => {
  await w.t.close();
});

describe('POST /api/v1/admin/teams', () => {
  it('401 without a token', async () => {
    expect((await send('POST', '', body(), {})).statusCode).toBe(401);
  });

  it.each(['supervisor', 'dispatcher', 'manager', ...NON_STAFF] as const)('403 for a %s', async (role) => {
    expect((await send('POST', '', body(), w.as[role])).statusCode).toBe(403);
    expect((await send('GET', '', undefined, w.as[role])).statusCode).toBe(403);
    expect(await teamCount()).toBe(0);
  });

  it.each([
    ['a missing English name', { nameEn: undefined }, 'nameEn'],
    ['a one-letter Arabic name', { nameAr: 'ف' }, 'nameAr'],
    ['a supervisor id that is not a uuid', { supervisorId: 'sara' }, 'supervisorId'],
    ['a technician listed twice', { technicianIds: [UNKNOWN, UNKNOWN] }, 'technicianIds'],
    ['an unknown field', { city: 'riyadh' }, ''],
  ])('400 for %s, and nothing is created', async (_label, overrides, path) => {
    const response = await send('POST', '', body(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(JSON.stringify(response.json().error.details)).toContain(path);
    expect(await teamCount()).toBe(0);
  });

  it('400 when the supervisor is not a supervisor, or a technician is unknown', async () => {
    const notSupervisor = await send('POST', '', body({ supervisorId: w.admin.principal.userId }));
    expect(notSupervisor.statusCode).toBe(400);
    expect(notSupervisor.json().error.details.issues[0].path).toBe('body.supervisorId');
    const unknownTechnician = await send('POST', '', body({ technicianIds: [UNKNOWN] }));
    expect(unknownTechnician.statusCode).toBe(400);
    expect(unknownTechnician.json().error.details).toMatchObject({ technicianIds: [UNKNOWN] });
    const userNotTechnician = await send(
      'POST',
      '',
      body({ technicianIds: [w.dispatcher.principal.userId] }),
    );
    expect(userNotTechnician.statusCode).toBe(400);
    expect(await teamCount()).toBe(0);
  });

  it('creates a team with its members and an audit row', async () => {
    const response = await send('POST', '', body());
    expect(response.statusCode).toBe(201);
    const { team } = response.json();
    expect(team).toMatchObject({
      nameAr: 'فريق الشمال',
      nameEn: 'North team',
      supervisor: { id: w.supervisor.principal.userId, name: 'Saad Supervisor' },
      isActive: true,
      members: [{ technicianId: technicianIdOf(w.technician), name: 'خالد الفني' }],
    });
    expect(await auditRows(w.t.ctx, team.id, 'team.create')).toHaveLength(1);
  });

  it('409 for a name already taken (any case) or a technician already in a team', async () => {
    const sameName = await send('POST', '', body({ nameEn: 'NORTH TEAM', technicianIds: [] }));
    expect(sameName.statusCode).toBe(409);
    const taken = await send('POST', '', body({ nameEn: 'South team' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.details).toEqual({ technicianIds: [technicianIdOf(w.technician)] });
    expect(await teamCount()).toBe(1);
  });
});

describe('GET /api/v1/admin/teams', () => {
  it('lists the teams with their members, paged', async () => {
    await send('POST', '', body({ nameEn: 'Alpha team', nameAr: 'فريق ألفا', technicianIds: [] }));
    const response = await send('GET', '?limit=1');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 2, page: 1, limit: 1, teams: [{ nameEn: 'Alpha team' }] });
    expect((await send('GET', '?limit=1&page=2')).json().teams[0].nameEn).toBe('North team');
    expect((await send('GET', '?limit=0')).statusCode).toBe(400);
  });
});

describe('PATCH /api/v1/admin/teams/:id and PUT /api/v1/admin/teams/:id/members', () => {
  const teamNamed = async (nameEn: string) => {
    const [row] = await w.t.ctx.db.select().from(teams).where(eq(teams.nameEn, nameEn));
    if (!row) throw new Error(`no team ${nameEn}`);
    return row;
  };

  it('400 for an empty change and a bad id; 404 for an unknown team', async () => {
    const north = await teamNamed('North team');
    expect((await send('PATCH', `/${north.id}`, {})).statusCode).toBe(400);
    expect((await send('PATCH', '/nope', { isActive: false })).statusCode).toBe(400);
    expect((await send('PATCH', `/${UNKNOWN}`, { isActive: false })).statusCode).toBe(404);
    expect((await send('PUT', `/${UNKNOWN}/members`, { technicianIds: [] })).statusCode).toBe(404);
    expect((await teamNamed('North team')).isActive).toBe(true);
  });

  it('renames and deactivates; refuses a name another team has', async () => {
    const alpha = await teamNamed('Alpha team');
    expect((await send('PATCH', `/${alpha.id}`, { nameEn: 'north team' })).statusCode).toBe(409);
    const response = await send('PATCH', `/${alpha.id}`, { nameEn: 'West team', isActive: false });
    expect(response.statusCode).toBe(200);
    expect(response.json().team).toMatchObject({ nameEn: 'West team', isActive: false });
    expect(await auditRows(w.t.ctx, alpha.id, 'team.update')).toHaveLength(1);
  });

  it('sets the members: leavers leave, joiners join; a member of another team is 409', async () => {
    const north = await teamNamed('North team');
    const west = await teamNamed('West team');
    const conflict = await send('PUT', `/${west.id}/members`, {
      technicianIds: [technicianIdOf(w.technician)],
    });
    expect(conflict.statusCode).toBe(409);
    expect(await membersOf(west.id)).toEqual([]);

    const ids = [technicianIdOf(w.technician2), technicianIdOf(technician3)];
    const response = await send('PUT', `/${north.id}/members`, { technicianIds: ids });
    expect(response.statusCode).toBe(200);
    expect(await membersOf(north.id)).toEqual([...ids].sort());
    const [audit] = await auditRows(w.t.ctx, north.id, 'team.members');
    expect(audit?.oldValue).toEqual({ technicianIds: [technicianIdOf(w.technician)] });

    // Now free, the first technician may join the other team.
    const moved = await send('PUT', `/${west.id}/members`, { technicianIds: [technicianIdOf(w.technician)] });
    expect(moved.statusCode).toBe(200);
    expect(await membersOf(west.id)).toEqual([technicianIdOf(w.technician)]);
  });

  it('moves a technician from another team in one transaction when asked to', async () => {
    const north = await teamNamed('North team');
    const west = await teamNamed('West team');
    const mover = technicianIdOf(w.technician2);
    const northBefore = await membersOf(north.id);
    expect(northBefore).toContain(mover);

    const refused = await send('PUT', `/${west.id}/members`, { technicianIds: [mover] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.technicianIds).toEqual([mover]);
    const wrongFlag = await send('PUT', `/${west.id}/members`, {
      technicianIds: [mover],
      moveFromOtherTeams: 'yes',
    });
    expect(wrongFlag.statusCode).toBe(400);
    expect(await membersOf(north.id)).toEqual(northBefore);

    const westBefore = await membersOf(west.id);
    const moved = await send('PUT', `/${west.id}/members`, {
      technicianIds: [...westBefore, mover],
      moveFromOtherTeams: true,
    });
    expect(moved.statusCode).toBe(200);
    expect(await membersOf(west.id)).toEqual([...westBefore, mover].sort());
    expect(await membersOf(north.id)).toEqual(northBefore.filter((id) => id !== mover));
    const [left] = (await auditRows(w.t.ctx, north.id, 'team.members')).slice(-1);
    expect(left?.newValue).toMatchObject({ movedOut: [mover] });

    // An unknown id refuses the whole request: the move does not happen either.
    const back = await send('PUT', `/${north.id}/members`, {
      technicianIds: [mover, UNKNOWN],
      moveFromOtherTeams: true,
    });
    expect(back.statusCode).toBe(400);
    expect(await membersOf(west.id)).toContain(mover);
    expect(await membersOf(north.id)).not.toContain(mover);
  });
});
