// The KPI report against a small fixture worked out by hand. Tickets are created and driven through the
// real services with the manual clock, so their timestamps and history are what production writes.
// Organisation time zone: Asia/Riyadh (UTC+3). Report period 2026-11-02..2026-11-08 (Mon..Sun), so
// [2026-11-01T21:00Z, 2026-11-08T21:00Z); the previous period is 2026-10-26..2026-11-01.
//
// Ticket  created (UTC)        tech  city    path (UTC times)                                    escalated
// T0      10-30 06:00          A     riyadh  assigned 07:30 (previous period)                     no
// T1      11-02 06:00          A     riyadh  assigned 06:30, scheduled 11-02 noon (start 09:00),  yes
//                                            on_route 08:40, arrived 09:10, completed 10:40, ★5
// T2      11-03 06:00          A     riyadh  assigned 07:00, scheduled 11-03 noon (start 09:00),  no
//                                            arrived 09:30, parts requested 10:00, received 11-04 10:00,
//                                            completed 11-04 11:00, ★3
// T3      11-04 12:00          B     jeddah  assigned 14:00, scheduled 11-05 morning (start       no
//                                            05:00), arrived 11-05 05:05, not fixed 05:35
// T4      11-05 10:00          -     riyadh  cancelled 10:20                                      no
// T5      11-06 08:00          B     jeddah  assigned 08:50                                       yes
// T6      11-01 21:30 (11-02 00:30 local: inside the period)  riyadh  new                          no
// T7      11-08 21:30 (11-09 00:30 local: after the period)   riyadh  new                          no
//
// Period tickets: T1..T6 = 6.
//   assignment (assigned − created): T1 30, T2 60, T3 120, T5 50            → 260 / 4 = 65.0 min
//   response (arrived − assigned):   T1 160, T2 150, T3 905 (11-04 14:00 → 11-05 05:05)
//                                                                             → 1215 / 3 = 405.0 min
//   repair (completed − arrived):    T1 90, T2 1530 (11-03 09:30 → 11-04 11:00) → 1620 / 2 = 810.0 min
//   cycle (completed − created):     T1 280, T2 1740                          → 2020 / 2 = 1010.0 min
//   first-time fix: T1 only of 2 completed                                    → 50.0 %
//   SLA compliance: 4 of 6 without an escalation                              → 66.7 %
//   rating: (5 + 3) / 2                                                       → 4.00
//   cancellation 1/6, not fixed 1/6                                           → 16.7 %, 16.7 %
//   parts wait: T2 1440                                                       → 1440.0 min
// Technician A (T1, T2): 2 completed, avg ticket time 810.0, ★4.00, FTF 50.0 %, on time: T1 09:10 ≤
//   09:15 yes, T2 09:30 > 09:15 no → 50.0 %; route of T1: pings (24.70, 46.60) → (24.80, 46.60) =
//   6371 km × 0.1° × π / 180 = 11.12 km.
// Technician B (T3, T5): 0 completed, 1 not fixed, FTF none, on time: T3 05:05 ≤ 05:15 → 100.0 %.
// Cities: riyadh T1 T2 T4 T6 = 4, jeddah T3 T5 = 2. Status: completed 2, assigned 1, cancelled 1,
//   new 1, not_fixed 1. Days (local): 11-02 T1 T6 = 2, 11-03 1, 11-04 1, 11-05 1, 11-06 1.
//   11-07 and 11-08 show as 0. Weeks start on Monday 11-02: one bucket of 6. Month: 2026-11-01, 6.
//   10-28..11-10 by week: 10-26 (T0) 1, 11-02 6, 11-09 (T7, created 11-09 local) 1.
// Previous period: T0 alone: 1 ticket, assignment 90 min → changes: total +500.0 %, assignment
//   (65 − 90) / 90 = −27.8 %.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionInput, VisitAction } from '../../../domain/lifecycle/types';
import { createTestTicket, META, photos } from '../../test/factories';
import {
  type AdminWorld,
  buildAdminWorld,
  foreignTicket,
  insertEscalation,
  NON_STAFF,
} from '../admin/admin-test-kit';
import { type NewAttachment, performTicketAction, type TicketChanges } from '../tickets/workflow.service';
import { recordLocation } from '../tracking/location.service';

let w: AdminWorld;
const url = '/api/v1/admin/kpis';
const period = 'dateFrom=2026-11-02&dateTo=2026-11-08';
const ids: Record<string, string> = {};

const AT = { location: { latitude: 24.79, longitude: 46.66 } };

interface Step {
  at: string;
  action: VisitAction;
  by: 'admin' | 'technician' | 'technician2';
  input?: ActionInput;
  changes?: TicketChanges;
  files?: NewAttachment[];
}

async function ticket(name: string, createdAt: string, overrides: Record<string, unknown> = {}) {
  w.t.clock.set(new Date(createdAt));
  const { id } = await createTestTicket(w.t.ctx, overrides);
  ids[name] = id;
  return id;
}

async function run(ticketId: string, steps: Step[]) {
  for (const step of steps) {
    w.t.clock.set(new Date(step.at));
    const principal =
      step.by === 'admin'
        ? w.admin.principal
        : step.by === 'technician'
          ? w.technician.principal
          : w.technician2.principal;
    await performTicketAction(w.t.ctx, {
      principal,
      ticketId,
      action: step.action,
      input: step.input ?? {},
      files: step.files,
      changes: step.changes,
      meta: META,
    });
  }
}

const assign = (at: string, who: 'technician' | 'technician2'): Step => {
  const technicianId = w[who].principal.technicianId;
  return {
    at,
    action: 'assign',
    by: 'admin',
    input: { technicianId: technicianId ?? undefined },
    changes: { technicianId },
  };
};
const schedule = (at: string, date: string, slot: 'morning' | 'noon', startsAt: string): Step => ({
  at,
  action: 'schedule',
  by: 'admin',
  input: { scheduledDate: date, scheduledTimeSlot: slot },
  changes: { scheduledDate: date, scheduledTimeSlot: slot, scheduledStartAt: new Date(startsAt) },
});
const visit = (
  by: Step['by'],
  times: { trip: string; arrive: string; inspect: string; diagnose: string },
): Step[] => [
  { at: times.trip, action: 'start_trip', by, input: AT },
  { at: times.arrive, action: 'arrive', by, input: AT },
  { at: times.inspect, action: 'start_inspection', by, files: photos('before_inspection', 1) },
  {
    at: times.diagnose,
    action: 'complete_diagnosis',
    by,
    input: { diagnosisNotes: 'Compressor relay failed' },
  },
];
const complete = (at: string, rating: number): Step => ({
  at,
  action: 'mark_completed',
  by: 'technician',
  input: { confirmation: { method: 'signature', verified: true } },
  files: photos('after_repair', 3),
  changes: { confirmationMethod: 'signature', completionType: 'fixed', customerRating: rating },
});

beforeAll(async () => {
  w = await buildAdminWorld();

  await run(await ticket('T0', '2026-10-30T06:00:00Z'), [assign('2026-10-30T07:30:00Z', 'technician')]);

  const t1 = await ticket('T1', '2026-11-02T06:00:00Z');
  await run(t1, [
    assign('2026-11-02T06:30:00Z', 'technician'),
    schedule('2026-11-02T06:40:00Z', '2026-11-02', 'noon', '2026-11-02T09:00:00Z'),
    { at: '2026-11-02T08:40:00Z', action: 'start_trip', by: 'technician', input: AT },
  ]);
  for (const [at, latitude] of [
    ['2026-11-02T08:45:00Z', 24.7],
    ['2026-11-02T09:00:00Z', 24.8],
  ] as const) {
    w.t.clock.set(new Date(at));
    await recordLocation(w.t.ctx, {
      principal: w.technician.principal,
      latitude,
      longitude: 46.6,
      ticketId: t1,
    });
  }
  await run(t1, [
    { at: '2026-11-02T09:10:00Z', action: 'arrive', by: 'technician', input: AT },
    {
      at: '2026-11-02T09:20:00Z',
      action: 'start_inspection',
      by: 'technician',
      files: photos('before_inspection', 1),
    },
    {
      at: '2026-11-02T09:30:00Z',
      action: 'complete_diagnosis',
      by: 'technician',
      input: { diagnosisNotes: 'Relay' },
    },
    { at: '2026-11-02T09:40:00Z', action: 'start_repair', by: 'technician' },
    complete('2026-11-02T10:40:00Z', 5),
  ]);

  await run(await ticket('T2', '2026-11-03T06:00:00Z'), [
    assign('2026-11-03T07:00:00Z', 'technician'),
    schedule('2026-11-03T07:10:00Z', '2026-11-03', 'noon', '2026-11-03T09:00:00Z'),
    ...visit('technician', {
      trip: '2026-11-03T09:00:00Z',
      arrive: '2026-11-03T09:30:00Z',
      inspect: '2026-11-03T09:40:00Z',
      diagnose: '2026-11-03T09:50:00Z',
    }),
    {
      at: '2026-11-03T10:00:00Z',
      action: 'request_parts',
      by: 'technician',
      input: { partName: 'Relay' },
      files: photos('serial_photo', 1),
    },
    { at: '2026-11-04T10:00:00Z', action: 'parts_received', by: 'admin' },
    complete('2026-11-04T11:00:00Z', 3),
  ]);

  await run(await ticket('T3', '2026-11-04T12:00:00Z', { customerCity: 'jeddah' }), [
    assign('2026-11-04T14:00:00Z', 'technician2'),
    schedule('2026-11-04T14:10:00Z', '2026-11-05', 'morning', '2026-11-05T05:00:00Z'),
    ...visit('technician2', {
      trip: '2026-11-05T04:50:00Z',
      arrive: '2026-11-05T05:05:00Z',
      inspect: '2026-11-05T05:15:00Z',
      diagnose: '2026-11-05T05:25:00Z',
    }),
    {
      at: '2026-11-05T05:35:00Z',
      action: 'mark_not_fixed',
      by: 'technician2',
      input: { reasons: ['beyond_repair'] },
      changes: { notFixedReasons: ['beyond_repair'], completionType: 'not_fixed' },
    },
  ]);

  await run(await ticket('T4', '2026-11-05T10:00:00Z'), [
    {
      at: '2026-11-05T10:20:00Z',
      action: 'cancel',
      by: 'admin',
      input: { reason: 'Customer asked' },
      changes: { cancellationReason: 'Customer asked', completionType: 'cancelled' },
    },
  ]);

  await run(await ticket('T5', '2026-11-06T08:00:00Z', { customerCity: 'jeddah' }), [
    assign('2026-11-06T08:50:00Z', 'technician2'),
  ]);
  await ticket('T6', '2026-11-01T21:30:00Z');
  await ticket('T7', '2026-11-08T21:30:00Z');

  for (const name of ['T1', 'T5']) {
    await insertEscalation(w.t.ctx, { organizationId: w.organizationId, ticketId: ids[name] ?? '' });
  }
  // Another organisation's ticket and escalation in the period change nothing.
  w.t.clock.set(new Date('2026-11-03T06:00:00Z'));
  const other = await foreignTicket(w.t.ctx);
  await insertEscalation(w.t.ctx, { organizationId: other.organizationId, ticketId: other.ticketId });

  w.t.clock.set(new Date('2026-11-22T06:00:00Z'));
});
afterAll(() => w.t.close());

describe('GET /api/v1/admin/kpis', () => {
  const get = (query: string, headers = w.as.admin) =>
    w.t.app.inject({ method: 'GET', url: `${url}?${query}`, headers });

  it('refuses a request without a token with 401', async () => {
    const response = await w.t.app.inject({ method: 'GET', url: `${url}?${period}` });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['no period', ''],
    ['no dateTo', 'dateFrom=2026-11-02'],
    ['a date that is not a date', 'dateFrom=2026-02-30&dateTo=2026-03-02'],
    ['dateTo before dateFrom', 'dateFrom=2026-11-08&dateTo=2026-11-02'],
    ['a period over 366 days', 'dateFrom=2025-01-01&dateTo=2026-01-02'],
    ['an unknown grouping', `${period}&groupBy=year`],
  ])('refuses %s with 400', async (_name, query) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it.each(NON_STAFF)('refuses a %s with 403', async (role) => {
    const response = await get(period, w.as[role]);
    expect(response.statusCode).toBe(403);
  });

  it('accepts a period of exactly 366 days', async () => {
    expect((await get('dateFrom=2025-11-08&dateTo=2026-11-08')).statusCode).toBe(200);
  });

  it.each(['admin', 'dispatcher', 'manager'] as const)('serves a %s', async (role) => {
    expect((await get(period, w.as[role])).statusCode).toBe(200);
  });

  it('refuses a supervisor with 403: organisation-wide figures are not a team’s', async () => {
    expect((await get(period, w.as.supervisor)).statusCode).toBe(403);
  });

  it('computes the §8.1 summary as worked out above', async () => {
    const body = (await get(period)).json();
    expect(body.period).toEqual({
      dateFrom: '2026-11-02',
      dateTo: '2026-11-08',
      groupBy: 'day',
      timeZone: 'Asia/Riyadh',
      previous: { dateFrom: '2026-10-26', dateTo: '2026-11-01' },
    });
    expect(body.summary).toEqual({
      totalTickets: 6,
      completed: 2,
      cancelled: 1,
      notFixed: 1,
      escalated: 2,
      avgAssignmentTime: 65,
      avgArrivalTime: 405,
      avgRepairTime: 810,
      avgCycleTime: 1010,
      firstTimeFixRate: 50,
      slaCompliance: 66.7,
      avgCustomerRating: 4,
      cancellationRate: 16.7,
      notFixedRate: 16.7,
      avgPartsWaitTime: 1440,
    });
    expect(body.previous).toMatchObject({ totalTickets: 1, avgAssignmentTime: 90, slaCompliance: 100 });
    expect(body.changes).toMatchObject({ totalTickets: 500, avgAssignmentTime: -27.8, avgRepairTime: null });
    expect(body.byStatus).toEqual([
      { status: 'completed', count: 2 },
      { status: 'assigned', count: 1 },
      { status: 'cancelled', count: 1 },
      { status: 'new', count: 1 },
      { status: 'not_fixed', count: 1 },
    ]);
  });

  it('computes the §8.2 technician metrics and the city breakdown', async () => {
    const body = (await get(period)).json();
    const [a, b] = body.byTechnician;
    expect(body.byTechnician).toHaveLength(2);
    expect(a).toMatchObject({
      technicianId: w.technician.principal.technicianId,
      name: 'خالد الفني',
      totalTickets: 2,
      completed: 2,
      avgRepairTime: 810,
      avgCustomerRating: 4,
      firstTimeFixRate: 50,
      onTimeArrivalRate: 50,
      scheduledArrivals: 2,
      distanceTraveledKm: 11.12,
      escalated: 1,
    });
    expect(b).toMatchObject({
      technicianId: w.technician2.principal.technicianId,
      name: 'Omar Tech',
      totalTickets: 2,
      completed: 0,
      notFixed: 1,
      firstTimeFixRate: null,
      avgCustomerRating: null,
      avgAssignmentTime: 85,
      onTimeArrivalRate: 100,
      distanceTraveledKm: 0,
      escalated: 1,
    });
    expect(
      body.byCity.map((row: { city: string; totalTickets: number }) => [row.city, row.totalTickets]),
    ).toEqual([
      ['riyadh', 4],
      ['jeddah', 2],
    ]);
  });

  it('groups the trend by local day, week and month', async () => {
    const trend = async (groupBy: string) =>
      (await get(`${period}&groupBy=${groupBy}`))
        .json()
        .trend.map((row: { period: string; totalTickets: number }) => [row.period, row.totalTickets]);
    expect(await trend('day')).toEqual([
      ['2026-11-02', 2],
      ['2026-11-03', 1],
      ['2026-11-04', 1],
      ['2026-11-05', 1],
      ['2026-11-06', 1],
      ['2026-11-07', 0],
      ['2026-11-08', 0],
    ]);
    expect(await trend('week')).toEqual([['2026-11-02', 6]]);
    expect(await trend('month')).toEqual([['2026-11-01', 6]]);
    // A period that starts mid-week and mid-month still shows whole buckets, empty ones included.
    const wide = (await get('dateFrom=2026-10-28&dateTo=2026-11-10&groupBy=week')).json().trend;
    expect(
      wide.map((row: { period: string; totalTickets: number }) => [row.period, row.totalTickets]),
    ).toEqual([
      ['2026-10-26', 1],
      ['2026-11-02', 6],
      ['2026-11-09', 1],
    ]);
  });

  it('answers an empty period with zeros and nulls', async () => {
    const body = (await get('dateFrom=2026-01-01&dateTo=2026-01-31')).json();
    expect(body.summary).toMatchObject({ totalTickets: 0, slaCompliance: null, avgAssignmentTime: null });
    expect(body.byTechnician).toEqual([]);
    expect(body.trend).toHaveLength(31);
    expect(body.trend.every((row: { totalTickets: number }) => row.totalTickets === 0)).toBe(true);
  });
});
