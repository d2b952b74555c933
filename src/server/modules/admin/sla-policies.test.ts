import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectPolicy } from '../../../domain/sla/policies';
import { businessCalendars, slaPolicies } from '../../db/schema';
import { createTestOrganization } from '../../test/factories';
import { type AdminWorld, auditRows, buildAdminWorld, NON_STAFF } from './admin-test-kit';
import { activePolicies } from './sla-policies.service';

let w: AdminWorld;
let foreignOrganizationId: string;
let foreignCalendarId: string;
let foreignPolicyId: string;

const DAY = [{ start: '08:00', end: '17:00' }];
const WEEK = { '0': DAY, '1': DAY, '2': DAY, '3': DAY, '4': DAY, '5': [], '6': [] };
const calendarPayload = (overrides: Record<string, unknown> = {}) => ({
  name: 'Riyadh office',
  timeZone: 'Asia/Riyadh',
  weeklyHours: WEEK,
  holidays: ['2026-09-23'],
  ...overrides,
});
const TARGET = {
  id: 'response',
  kind: 'response',
  minutes: 240,
  clock: 'business',
  starts: { onCreate: true },
  stops: { onEnter: ['assigned'], onCategory: ['done', 'cancelled'] },
  pausesInPausedStatuses: true,
};
const policyPayload = (overrides: Record<string, unknown> = {}) => ({
  name: 'Standard',
  targets: [TARGET],
  ...overrides,
});

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  w = await buildAdminWorld();
  foreignOrganizationId = await createTestOrganization(w.t.ctx, 'other-sla');
  const [calendar] = await w.t.ctx.db
    .insert(businessCalendars)
    .values({
      organizationId: foreignOrganizationId,
      name: 'Foreign calendar',
      timeZone: 'Asia/Riyadh',
      weeklyHours: { 0: DAY, 1: DAY, 2: DAY, 3: DAY, 4: DAY, 5: [], 6: [] },
    })
    .returning();
  const [policy] = await w.t.ctx.db
    .insert(slaPolicies)
    .values({
      organizationId: foreignOrganizationId,
      name: 'Foreign policy',
      targets: [TARGET as never],
      calendarId: calendar?.id,
    })
    .returning();
  foreignCalendarId = calendar?.id ?? '';
  foreignPolicyId = policy?.id ?? '';
});
afterAll(() => w.t.close());

const send = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> | undefined = w.as.admin,
) =>
  w.t.app.inject({
    method,
    url: `/api/v1/admin/sla${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const calendarRows = () =>
  w.t.ctx.db.select().from(businessCalendars).where(eq(businessCalendars.organizationId, w.organizationId));
const policyRows = () =>
  w.t.ctx.db.select().from(slaPolicies).where(eq(slaPolicies.organizationId, w.organizationId));
const issueMessages = (response: { json: () => unknown }) =>
  (
    (response.json() as { error: { details: { issues?: Array<{ message: string }> } } }).error.details
      .issues ?? []
  )
    .map((issue) => issue.message)
    .join(' | ');

async function createCalendarRow(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await send('POST', '/calendars', calendarPayload(overrides));
  expect(response.statusCode).toBe(201);
  return response.json().calendar.id;
}

async function createPolicyRow(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await send('POST', '/policies', policyPayload(overrides));
  expect(response.statusCode).toBe(201);
  return response.json().policy.id;
}

describe('business calendars', () => {
  it('refuses every route without a token with 401', async () => {
    for (const [method, url, payload] of [
      ['GET', '/calendars'],
      ['POST', '/calendars', calendarPayload()],
      ['GET', `/calendars/${UNKNOWN_ID}`],
      ['PUT', `/calendars/${UNKNOWN_ID}`, calendarPayload()],
      ['DELETE', `/calendars/${UNKNOWN_ID}`],
    ] as const) {
      expect((await send(method, url, payload, {})).statusCode).toBe(401);
    }
    expect(await calendarRows()).toEqual([]);
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'Unknown time zone'],
    [
      'an interval that ends before it starts',
      { weeklyHours: { ...WEEK, 1: [{ start: '17:00', end: '08:00' }] } },
      'end after it starts',
    ],
    [
      'an empty interval',
      { weeklyHours: { ...WEEK, 1: [{ start: '08:00', end: '08:00' }] } },
      'end after it starts',
    ],
    ['a time that is not HH:MM', { weeklyHours: { ...WEEK, 1: [{ start: '8am', end: '17:00' }] } }, 'HH:MM'],
    ['a time past midnight', { weeklyHours: { ...WEEK, 1: [{ start: '08:00', end: '24:30' }] } }, 'HH:MM'],
    [
      'seven intervals in a day',
      {
        weeklyHours: {
          ...WEEK,
          1: Array.from({ length: 7 }, (_, i) => ({ start: `0${i}:00`, end: `0${i}:30` })),
        },
      },
      'At most 6',
    ],
    ['an unknown weekday', { weeklyHours: { ...WEEK, 7: DAY } }, ''],
    ['a week without working time', { weeklyHours: {} }, 'at least one working interval'],
    ['a holiday that is not a real date', { holidays: ['2026-02-30'] }, 'YYYY-MM-DD'],
    ['a holiday in another format', { holidays: ['23/09/2026'] }, 'YYYY-MM-DD'],
    ['a missing name', { name: '' }, ''],
    ['an unknown field', { organizationId: UNKNOWN_ID }, ''],
  ])('refuses %s with 400 and a clear message, storing nothing', async (_label, overrides, message) => {
    const response = await send('POST', '/calendars', calendarPayload(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(issueMessages(response)).toContain(message);
    expect(await calendarRows()).toEqual([]);
  });

  it.each(['supervisor', 'dispatcher', 'manager', ...NON_STAFF] as const)(
    'refuses a %s who writes a calendar with 403',
    async (role) => {
      expect((await send('POST', '/calendars', calendarPayload(), w.as[role])).statusCode).toBe(403);
      expect(await calendarRows()).toEqual([]);
    },
  );

  it.each(NON_STAFF)('refuses a %s who reads calendars with 403', async (role) => {
    expect((await send('GET', '/calendars', undefined, w.as[role])).statusCode).toBe(403);
  });

  it('answers 404 for an unknown calendar and for another organisation’s', async () => {
    for (const id of [UNKNOWN_ID, foreignCalendarId]) {
      expect((await send('GET', `/calendars/${id}`)).statusCode).toBe(404);
      expect((await send('PUT', `/calendars/${id}`, calendarPayload())).statusCode).toBe(404);
      expect((await send('DELETE', `/calendars/${id}`)).statusCode).toBe(404);
    }
    const [foreign] = await w.t.ctx.db
      .select()
      .from(businessCalendars)
      .where(eq(businessCalendars.id, foreignCalendarId));
    expect(foreign?.name).toBe('Foreign calendar');
  });

  it('creates, reads, lists and replaces a calendar, with an audit row per write', async () => {
    const created = await send('POST', '/calendars', calendarPayload({ isDefault: true }));
    expect(created.statusCode).toBe(201);
    const { calendar } = created.json();
    expect(calendar).toEqual({
      id: expect.any(String),
      name: 'Riyadh office',
      timeZone: 'Asia/Riyadh',
      weeklyHours: WEEK,
      holidays: ['2026-09-23'],
      isDefault: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [row] = await calendarRows();
    expect(row).toMatchObject({ name: 'Riyadh office', timeZone: 'Asia/Riyadh', isDefault: true });
    expect(row?.weeklyHours[1]).toEqual(DAY);

    const read = await send('GET', `/calendars/${calendar.id}`, undefined, w.as.dispatcher);
    expect(read.json().calendar).toEqual(calendar);
    const list = await send('GET', '/calendars?limit=10', undefined, w.as.supervisor);
    expect(list.json()).toEqual({ calendars: [calendar], total: 1, page: 1, limit: 10 });

    const replaced = await send(
      'PUT',
      `/calendars/${calendar.id}`,
      calendarPayload({ name: 'Berlin office', timeZone: 'Europe/Berlin', holidays: [] }),
    );
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().calendar).toMatchObject({
      name: 'Berlin office',
      timeZone: 'Europe/Berlin',
      isDefault: false,
    });
    const [after] = await calendarRows();
    expect(after).toMatchObject({ name: 'Berlin office', holidays: [] });

    const audits = await auditRows(w.t.ctx, calendar.id);
    expect(audits.map((audit) => audit.action)).toEqual([
      'business_calendar.create',
      'business_calendar.update',
    ]);
    expect(audits[1]?.actorId).toBe(w.admin.principal.userId);
    expect(audits[1]?.oldValue).toMatchObject({ name: 'Riyadh office' });

    expect((await send('DELETE', `/calendars/${calendar.id}`)).statusCode).toBe(204);
    expect(await calendarRows()).toEqual([]);
    expect((await auditRows(w.t.ctx, calendar.id, 'business_calendar.delete')).length).toBe(1);
  });

  it('keeps one default calendar per organisation and refuses a duplicate name with 409', async () => {
    const first = await createCalendarRow({ name: 'First', isDefault: true });
    const second = await createCalendarRow({ name: 'Second', isDefault: true });
    const rows = await calendarRows();
    expect(rows.filter((row) => row.isDefault).map((row) => row.id)).toEqual([second]);

    const clash = await send('POST', '/calendars', calendarPayload({ name: 'First' }));
    expect(clash.statusCode).toBe(409);
    expect(await calendarRows()).toHaveLength(2);

    for (const id of [first, second]) await send('DELETE', `/calendars/${id}`);
  });

  it('refuses with 409 to delete a calendar a policy uses, keeping both', async () => {
    const calendarId = await createCalendarRow({ name: 'In use' });
    const policyId = await createPolicyRow({ name: 'Uses calendar', calendarId });
    const response = await send('DELETE', `/calendars/${calendarId}`);
    expect(response.statusCode).toBe(409);
    expect(await calendarRows()).toHaveLength(1);
    expect((await auditRows(w.t.ctx, calendarId, 'business_calendar.delete')).length).toBe(0);
    await send('DELETE', `/policies/${policyId}`);
    expect((await send('DELETE', `/calendars/${calendarId}`)).statusCode).toBe(204);
  });
});

describe('SLA policies', () => {
  it('refuses every route without a token with 401', async () => {
    for (const [method, url, payload] of [
      ['GET', '/policies'],
      ['POST', '/policies', policyPayload()],
      ['GET', `/policies/${UNKNOWN_ID}`],
      ['PUT', `/policies/${UNKNOWN_ID}`, policyPayload()],
      ['DELETE', `/policies/${UNKNOWN_ID}`],
    ] as const) {
      expect((await send(method, url, payload, {})).statusCode).toBe(401);
    }
    expect(await policyRows()).toEqual([]);
  });

  it.each([
    ['a negative threshold', { targets: [{ ...TARGET, minutes: -5 }] }, 'negative threshold is not allowed'],
    ['a fractional threshold', { targets: [{ ...TARGET, minutes: 1.5 }] }, 'whole number'],
    ['a threshold over a year', { targets: [{ ...TARGET, minutes: 600_000 }] }, 'at most'],
    ['no targets', { targets: [] }, 'at least one target'],
    ['two targets with one id', { targets: [TARGET, TARGET] }, 'its own id'],
    ['an unknown target kind', { targets: [{ ...TARGET, kind: 'arrival' }] }, ''],
    ['an unknown status in a stop', { targets: [{ ...TARGET, stops: { onEnter: ['closed'] } }] }, ''],
    ['a warning percent of 0', { warningPercents: [0, 90] }, '1 to 100'],
    ['a warning percent over 100', { warningPercents: [75, 120] }, '1 to 100'],
    ['descending warning percents', { warningPercents: [90, 75] }, 'ascending'],
    ['three warning percents', { warningPercents: [50, 75, 90] }, ''],
    ['an unknown condition', { conditions: { branchId: 'b1' } }, ''],
    ['an unknown priority', { conditions: { priority: 'critical' } }, ''],
    ['a calendar id that is not a uuid', { calendarId: 'office' }, ''],
    ['an unknown field', { organizationId: UNKNOWN_ID }, ''],
  ])('refuses %s with 400 and a clear message, storing nothing', async (_label, overrides, message) => {
    const response = await send('POST', '/policies', policyPayload(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(issueMessages(response)).toContain(message);
    expect(await policyRows()).toEqual([]);
  });

  it.each(['supervisor', 'dispatcher', 'manager', ...NON_STAFF] as const)(
    'refuses a %s who writes a policy with 403',
    async (role) => {
      expect((await send('POST', '/policies', policyPayload(), w.as[role])).statusCode).toBe(403);
      expect(await policyRows()).toEqual([]);
    },
  );

  it('answers 404 for an unknown policy and for another organisation’s', async () => {
    for (const id of [UNKNOWN_ID, foreignPolicyId]) {
      expect((await send('GET', `/policies/${id}`)).statusCode).toBe(404);
      expect((await send('PUT', `/policies/${id}`, policyPayload())).statusCode).toBe(404);
      expect((await send('DELETE', `/policies/${id}`)).statusCode).toBe(404);
    }
    const [foreign] = await w.t.ctx.db.select().from(slaPolicies).where(eq(slaPolicies.id, foreignPolicyId));
    expect(foreign?.name).toBe('Foreign policy');
  });

  it('refuses with 422 a calendar of another organisation or an unknown one', async () => {
    for (const calendarId of [foreignCalendarId, UNKNOWN_ID]) {
      const response = await send('POST', '/policies', policyPayload({ calendarId }));
      expect(response.statusCode).toBe(422);
      expect(response.json().error.details).toEqual({ field: 'calendarId' });
    }
    expect(await policyRows()).toEqual([]);
  });

  it('refuses a duplicate name with 409, changing nothing', async () => {
    const id = await createPolicyRow({ name: 'Unique' });
    const clash = await send('POST', '/policies', policyPayload({ name: 'Unique' }));
    expect(clash.statusCode).toBe(409);
    const other = await createPolicyRow({ name: 'Other' });
    const before = await policyRows();
    expect((await send('PUT', `/policies/${other}`, policyPayload({ name: 'Unique' }))).statusCode).toBe(409);
    expect(await policyRows()).toEqual(before);
    for (const policyId of [id, other]) await send('DELETE', `/policies/${policyId}`);
  });

  it('creates, reads, lists, replaces and deletes a policy, with an audit row per write', async () => {
    const calendarId = await createCalendarRow({ name: 'Policy calendar' });
    const created = await send(
      'POST',
      '/policies',
      policyPayload({
        name: 'Gold urgent',
        conditions: { customerTier: 'gold', priority: 'urgent' },
        warningPercents: [60, 85],
        scaleByPriority: true,
        calendarId,
        rank: 2,
      }),
    );
    expect(created.statusCode).toBe(201);
    const { policy } = created.json();
    expect(policy).toEqual({
      id: expect.any(String),
      name: 'Gold urgent',
      conditions: { customerTier: 'gold', priority: 'urgent' },
      targets: [TARGET],
      warningPercents: [60, 85],
      scaleByPriority: true,
      calendarId,
      isActive: true,
      rank: 2,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [row] = await policyRows();
    expect(row).toMatchObject({ warningPercents: [60, 85], calendarId, conditions: policy.conditions });

    expect((await send('GET', `/policies/${policy.id}`, undefined, w.as.manager)).json().policy).toEqual(
      policy,
    );
    expect((await send('GET', '/policies', undefined, w.as.supervisor)).json()).toEqual({
      policies: [policy],
      total: 1,
      page: 1,
      limit: 20,
    });

    const replaced = await send(
      'PUT',
      `/policies/${policy.id}`,
      policyPayload({ name: 'Default', isActive: false }),
    );
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().policy).toMatchObject({
      name: 'Default',
      conditions: {},
      warningPercents: [75, 90],
      scaleByPriority: false,
      calendarId: null,
      isActive: false,
    });

    expect((await send('DELETE', `/policies/${policy.id}`)).statusCode).toBe(204);
    expect(await policyRows()).toEqual([]);
    const audits = await auditRows(w.t.ctx, policy.id);
    expect(audits.map((audit) => audit.action)).toEqual([
      'sla_policy.create',
      'sla_policy.update',
      'sla_policy.delete',
    ]);
    await send('DELETE', `/calendars/${calendarId}`);
  });

  it('round trip: selectPolicy picks the most specific stored active policy', async () => {
    const ids = {
      fallback: await createPolicyRow({ name: 'Fallback' }),
      gold: await createPolicyRow({ name: 'Gold', conditions: { customerTier: 'gold' } }),
      goldUrgent: await createPolicyRow({
        name: 'Gold urgent',
        conditions: { customerTier: 'gold', priority: 'urgent' },
        targets: [{ ...TARGET, minutes: 60 }],
      }),
      goldUrgentAc: await createPolicyRow({
        name: 'Gold urgent AC (inactive)',
        conditions: { customerTier: 'gold', priority: 'urgent', category: 'ac' },
        isActive: false,
      }),
      tieLater: await createPolicyRow({ name: 'Tie later', conditions: { category: 'fridge' }, rank: 5 }),
      tieFirst: await createPolicyRow({ name: 'Tie first', conditions: { ticketType: 'install' }, rank: 1 }),
    };

    const policies = await activePolicies(w.t.ctx.db, w.organizationId);
    expect(policies.map((policy) => policy.id)).not.toContain(ids.goldUrgentAc);
    const chosen = selectPolicy(policies, { customerTier: 'gold', priority: 'urgent', category: 'ac' });
    expect(chosen).toMatchObject({
      id: ids.goldUrgent,
      conditions: { customerTier: 'gold', priority: 'urgent' },
      warningPercents: [75, 90],
      scaleByPriority: false,
    });
    expect(chosen?.targets[0]?.minutes).toBe(60);
    expect(selectPolicy(policies, { customerTier: 'gold', priority: 'low' })?.id).toBe(ids.gold);
    expect(selectPolicy(policies, { customerTier: 'silver' })?.id).toBe(ids.fallback);
    expect(selectPolicy(policies, { category: 'fridge', ticketType: 'install' })?.id).toBe(ids.tieFirst);
    expect(await activePolicies(w.t.ctx.db, foreignOrganizationId)).toHaveLength(1);
  });
});
