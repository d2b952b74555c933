// Stored business calendars and SLA policies drive the ticket SLA view and the sweep: SLA-001/002 count
// the organisation's default calendar, and the most specific matching policy adds its response and
// resolution targets (scaled by priority, with its own warning percents) to the view.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priority } from '../../../domain/tickets';
import { escalations, tickets } from '../../db/schema';
import { sweepSla } from '../../jobs/sla-sweep';
import { bearer, type TestUser } from '../../test/factories';
import { type AdminWorld, buildAdminWorld, ticketIn } from '../admin/admin-test-kit';

let w: AdminWorld;

beforeAll(async () => {
  w = await buildAdminWorld();
});

afterAll(async () => {
  await w?.t.close();
});

/** The manual clock outruns the token lifetime: each request signs a token at the current time. */
async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, user: TestUser = w.admin) {
  const token = await w.t.ctx.accessTokens.sign(user.principal, w.t.clock.now());
  return w.t.app.inject({ method, url, headers: bearer(token), payload });
}

async function ticketAt(at: string, overrides: { deviceType?: 'ac' | 'fridge'; priority?: Priority } = {}) {
  w.t.clock.set(new Date(at));
  const id = await ticketIn(w, 'new', { deviceType: overrides.deviceType ?? 'fridge' });
  if (overrides.priority) {
    await w.t.ctx.db.update(tickets).set({ priority: overrides.priority }).where(eq(tickets.id, id));
  }
  return id;
}

const sweepAt = async (at: string) => {
  w.t.clock.set(new Date(at));
  return sweepSla(w.t.ctx, { organizationId: w.organizationId, ruleIds: ['SLA-001'], now: w.t.clock.now() });
};

const sla001Of = (ticketId: string) =>
  w.t.ctx.db
    .select()
    .from(escalations)
    .where(and(eq(escalations.ticketId, ticketId), eq(escalations.ruleId, 'SLA-001')));

async function slaOf(ticketId: string) {
  const res = await call('GET', `/api/v1/admin/tickets/${ticketId}`);
  expect(res.statusCode).toBe(200);
  return res.json().ticket.sla;
}

const WORKDAY = [{ start: '08:00', end: '17:00' }];

describe('the default business calendar (Asia/Riyadh, Sunday–Thursday 08:00–17:00)', () => {
  let friday: string;
  let calendarId: string;

  beforeAll(async () => {
    w.t.clock.set(new Date('2026-11-19T08:00:00Z'));
    const res = await call('POST', '/api/v1/admin/sla/calendars', {
      name: 'Riyadh office',
      timeZone: 'Asia/Riyadh',
      weeklyHours: { '0': WORKDAY, '1': WORKDAY, '2': WORKDAY, '3': WORKDAY, '4': WORKDAY },
      isDefault: true,
    });
    expect(res.statusCode).toBe(201);
    calendarId = res.json().calendar.id;
    // Friday 20 November 2026, 19:00 in Riyadh: after hours before the weekend.
    friday = await ticketAt('2026-11-20T16:00:00Z');
  });

  it('the sweep does not escalate SLA-001 on the Saturday: no business time has passed', async () => {
    const result = await sweepAt('2026-11-21T12:00:00Z');
    expect(result.examined).toBeGreaterThanOrEqual(1);
    expect(await sla001Of(friday)).toHaveLength(0);
    // Sunday 09:59 in Riyadh: 119 business minutes.
    await sweepAt('2026-11-22T06:59:00Z');
    expect(await sla001Of(friday)).toHaveLength(0);
  });

  it('the view shows SLA-001 due at Sunday 10:00 Riyadh time, not 2 h after creation', async () => {
    w.t.clock.set(new Date('2026-11-21T12:00:00Z'));
    expect(await slaOf(friday)).toMatchObject({
      state: 'on_track',
      targetId: 'SLA-001',
      dueAt: '2026-11-22T07:00:00.000Z',
      percentUsed: 0,
    });
  });

  it('the sweep escalates SLA-001 once two business hours have passed on the Sunday', async () => {
    await sweepAt('2026-11-22T07:01:00Z');
    const rows = await sla001Of(friday);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 'L1', type: 'assignment_delay' });
    w.t.clock.set(new Date('2026-11-22T07:01:00Z'));
    expect(await slaOf(friday)).toMatchObject({ state: 'breached', targetId: 'SLA-001', minutesLeft: -1 });
  });

  it('a ticket the sweep deferred to Sunday is looked at again when the calendar stops being the default', async () => {
    // Thursday 26 November 2026, 19:00 in Riyadh; on the Friday no business time has passed.
    const thursday = await ticketAt('2026-11-26T16:00:00Z');
    await sweepAt('2026-11-27T09:00:00Z');
    expect(await sla001Of(thursday)).toHaveLength(0);
    const res = await call('PUT', `/api/v1/admin/sla/calendars/${calendarId}`, {
      name: 'Riyadh office',
      timeZone: 'Asia/Riyadh',
      weeklyHours: { '0': WORKDAY, '1': WORKDAY, '2': WORKDAY, '3': WORKDAY, '4': WORKDAY },
      isDefault: false,
    });
    expect(res.statusCode).toBe(200);
    // Without a default calendar every minute counts: 17 hours have passed.
    await sweepAt('2026-11-27T09:01:00Z');
    expect(await sla001Of(thursday)).toHaveLength(1);
  });
});

describe('SLA policies on the ticket details', () => {
  let specific: string;

  const resolution = (id: string, minutes: number) => ({
    id,
    kind: 'resolution',
    minutes,
    clock: 'wall',
    starts: { onCreate: true },
    stops: { onCategory: ['done', 'cancelled'] },
  });

  beforeAll(async () => {
    w.t.clock.set(new Date('2026-11-29T07:00:00Z'));
    const general = await call('POST', '/api/v1/admin/sla/policies', {
      name: 'Air conditioners',
      conditions: { category: 'ac' },
      targets: [resolution('AC-RESOLVE', 1440)],
      scaleByPriority: true,
    });
    expect(general.statusCode).toBe(201);
    const urgent = await call('POST', '/api/v1/admin/sla/policies', {
      name: 'Urgent air conditioners',
      conditions: { category: 'ac', priority: 'urgent' },
      targets: [resolution('AC-URGENT-RESOLVE', 240)],
      scaleByPriority: true,
      warningPercents: [50, 60],
    });
    expect(urgent.statusCode).toBe(201);
    specific = urgent.json().policy.id;
  });

  it('an urgent AC ticket gets the specific policy’s resolution target at 0.25× (60 min)', async () => {
    const id = await ticketAt('2026-11-29T07:00:00Z', { deviceType: 'ac', priority: 'urgent' });
    w.t.clock.set(new Date('2026-11-29T07:20:00Z'));
    const sla = await slaOf(id);
    expect(sla.policy).toEqual({ id: specific, name: 'Urgent air conditioners' });
    const target = sla.targets.find((item: { targetId: string }) => item.targetId === 'AC-URGENT-RESOLVE');
    expect(target).toMatchObject({
      kind: 'resolution',
      policyId: specific,
      state: 'on_track',
      dueAt: '2026-11-29T08:00:00.000Z',
      minutesLeft: 40,
    });
    expect(sla.targets.some((item: { targetId: string }) => item.targetId === 'AC-RESOLVE')).toBe(false);
    // The soonest due target is the summary; past the policy's own 50 % it warns.
    w.t.clock.set(new Date('2026-11-29T07:33:00Z'));
    expect(await slaOf(id)).toMatchObject({
      state: 'warning',
      targetId: 'AC-URGENT-RESOLVE',
      minutesLeft: 27,
    });
  });

  it('a normal-priority AC ticket falls back to the general policy, unscaled (1×)', async () => {
    const id = await ticketAt('2026-11-29T07:00:00Z', { deviceType: 'ac' });
    const sla = await slaOf(id);
    expect(sla.policy).toMatchObject({ name: 'Air conditioners' });
    expect(sla.targets.find((item: { targetId: string }) => item.targetId === 'AC-RESOLVE')).toMatchObject({
      kind: 'resolution',
      dueAt: '2026-11-30T07:00:00.000Z',
    });
  });

  it('a ticket no policy matches has only the stage targets', async () => {
    const fridge = await ticketAt('2026-11-29T07:00:00Z', { deviceType: 'fridge', priority: 'urgent' });
    const sla = await slaOf(fridge);
    expect(sla.policy).toBeNull();
    expect(sla.targets.every((item: { kind: string }) => item.kind === 'stage')).toBe(true);
  });

  it('a deactivated policy no longer applies', async () => {
    const res = await call('PUT', `/api/v1/admin/sla/policies/${specific}`, {
      name: 'Urgent air conditioners',
      conditions: { category: 'ac', priority: 'urgent' },
      targets: [resolution('AC-URGENT-RESOLVE', 240)],
      scaleByPriority: true,
      isActive: false,
    });
    expect(res.statusCode).toBe(200);
    const id = await ticketAt('2026-11-29T07:00:00Z', { deviceType: 'ac', priority: 'urgent' });
    const sla = await slaOf(id);
    expect(sla.policy).toMatchObject({ name: 'Air conditioners' });
    // The general policy scales by priority too: 1440 × 0.25 = 360 minutes.
    expect(sla.targets.find((item: { targetId: string }) => item.targetId === 'AC-RESOLVE')).toMatchObject({
      dueAt: '2026-11-29T13:00:00.000Z',
    });
  });
});
