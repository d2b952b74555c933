// computeSla: each seed 000 stage target with hand-computed due times, pauses, met/breached and warning states.
import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../lifecycle/types';
import { visitWorkflow } from '../lifecycle/visit-workflow';
import { SAUDI_CALENDAR } from './calendar';
import { type ComputeSlaInput, computeSla, type SlaHistoryRow, type SlaResult } from './engine';
import { SEED_000_STAGE_TARGETS, type SlaTargetDefinition } from './targets';

const MIN = 60_000;
const t = (iso: string) => new Date(iso);
// Sunday 2026-11-22 09:00 in Riyadh.
const CREATED = t('2026-11-22T06:00:00Z');
const plus = (minutes: number, from = CREATED) => new Date(from.getTime() + minutes * MIN);

function row(fromStatus: TicketStatus | null, toStatus: TicketStatus, at: Date): SlaHistoryRow {
  return { fromStatus, toStatus, at };
}

function run(overrides: Partial<ComputeSlaInput> & { status?: TicketStatus; extra?: object }): SlaResult[] {
  const { status = 'new', extra = {}, ...rest } = overrides;
  return computeSla({
    ticket: { createdAt: CREATED, status, priority: 'normal', ...extra },
    history: [],
    targets: SEED_000_STAGE_TARGETS,
    calendar: SAUDI_CALENDAR,
    workflow: visitWorkflow,
    now: plus(30),
    ...rest,
  });
}

function result(results: SlaResult[], id: string): SlaResult {
  const found = results.find((r) => r.targetId === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}

const ids = (results: SlaResult[]) => results.map((r) => r.targetId);

describe('seed 000 stage targets', () => {
  it('reports only the targets that apply to a new ticket', () => {
    expect(ids(run({}))).toEqual(['SLA-001', 'SLA-006']);
  });

  it('SLA-001: 2 business hours to assign, met when assigned in time', () => {
    const open = result(run({}), 'SLA-001');
    expect(open).toMatchObject({ dueAt: t('2026-11-22T08:00:00Z'), elapsedMinutes: 30, state: 'on_track' });
    const assigned = run({ status: 'assigned', history: [row('new', 'assigned', plus(60))], now: plus(600) });
    expect(result(assigned, 'SLA-001')).toMatchObject({
      stoppedAt: plus(60),
      elapsedMinutes: 60,
      state: 'met',
    });
  });

  it('SLA-001: a Thursday-afternoon ticket is due Sunday morning, breached if nobody assigns it', () => {
    const createdAt = t('2026-11-26T13:00:00Z'); // Thursday 16:00 local
    const results = run({ extra: { createdAt }, now: t('2026-11-29T06:30:00Z') });
    expect(result(results, 'SLA-001')).toMatchObject({ dueAt: t('2026-11-29T06:00:00Z'), state: 'breached' });
  });

  it('SLA-001: cancelling stops the clock', () => {
    const results = run({
      status: 'cancelled',
      history: [row('new', 'cancelled', plus(200))],
      now: plus(300),
    });
    expect(result(results, 'SLA-001')).toMatchObject({ stoppedAt: plus(200), state: 'breached' });
  });

  it('SLA-002: 4 business hours from assignment to scheduling', () => {
    const history = [row('new', 'assigned', plus(60))];
    const results = run({ status: 'assigned', history, now: plus(180) });
    expect(result(results, 'SLA-002')).toMatchObject({
      startedAt: plus(60),
      dueAt: t('2026-11-22T11:00:00Z'),
      elapsedMinutes: 120,
      percentUsed: 50,
      state: 'on_track',
    });
  });

  it('SLA-003: trip must start within 30 minutes of the slot start', () => {
    const slot = t('2026-11-23T09:00:00Z');
    const history = [row('new', 'assigned', plus(10)), row('assigned', 'scheduled', plus(20))];
    const waiting = run({
      status: 'scheduled',
      history,
      extra: { scheduledStartAt: slot },
      now: plus(20, slot),
    });
    expect(result(waiting, 'SLA-003')).toMatchObject({ dueAt: plus(30, slot), elapsedMinutes: 20 });
    const before = run({
      status: 'scheduled',
      history,
      extra: { scheduledStartAt: slot },
      now: plus(-60, slot),
    });
    expect(result(before, 'SLA-003')).toMatchObject({
      startedAt: slot,
      elapsedMinutes: 0,
      state: 'on_track',
    });
    const late = run({
      status: 'scheduled',
      history,
      extra: { scheduledStartAt: slot },
      now: plus(30, slot),
    });
    expect(result(late, 'SLA-003').state).toBe('breached');
    const onRoute = [...history, row('scheduled', 'on_route', plus(25, slot))];
    const met = run({
      status: 'on_route',
      history: onRoute,
      extra: { scheduledStartAt: slot },
      now: plus(60, slot),
    });
    expect(result(met, 'SLA-003')).toMatchObject({ stoppedAt: plus(25, slot), state: 'met' });
  });

  it('SLA-004: 90 wall-clock minutes on route', () => {
    const trip = t('2026-11-22T20:00:00Z'); // 23:00 local: wall clock, not business hours
    const results = run({
      status: 'on_route',
      history: [row('scheduled', 'on_route', trip)],
      now: plus(80, trip),
    });
    expect(result(results, 'SLA-004')).toMatchObject({ dueAt: plus(90, trip), percentUsed: (80 / 90) * 100 });
    expect(result(results, 'SLA-004').state).toBe('warning');
  });

  it('SLA-005: three days in waiting_parts, which does not pause this target', () => {
    const parts = plus(120);
    const history = [row('repairing', 'waiting_parts', parts)];
    const results = run({ status: 'waiting_parts', history, now: plus(4000, parts) });
    expect(result(results, 'SLA-005')).toMatchObject({
      dueAt: plus(4320, parts),
      pausedMinutes: 0,
      state: 'critical',
    });
  });

  it('SLA-006: seven days to finish, paused while waiting for parts', () => {
    const history = [
      row('new', 'repairing', plus(60)),
      row('repairing', 'waiting_parts', plus(1440)),
      row('waiting_parts', 'repairing', plus(3 * 1440)),
    ];
    const results = run({ status: 'repairing', history, now: plus(4 * 1440) });
    expect(result(results, 'SLA-006')).toMatchObject({
      dueAt: plus(9 * 1440),
      elapsedMinutes: 2 * 1440,
      pausedMinutes: 2 * 1440,
      state: 'on_track',
    });
  });

  it('SLA-007: a complaint is breached immediately', () => {
    const complaintAt = plus(10);
    const results = run({ extra: { complaintAt }, now: plus(10) });
    expect(result(results, 'SLA-007')).toMatchObject({
      startedAt: complaintAt,
      dueAt: complaintAt,
      stoppedAt: null,
      percentUsed: 100,
      state: 'breached',
    });
  });

  it('SLA-008: five days in the workshop', () => {
    const inWorkshop = plus(300);
    const history = [row('pickup_device', 'in_workshop', inWorkshop)];
    const open = run({ status: 'in_workshop', history, now: plus(1440, inWorkshop) });
    expect(result(open, 'SLA-008')).toMatchObject({ dueAt: plus(7200, inWorkshop), state: 'on_track' });
    const done = [...history, row('in_workshop', 'ready_delivery', plus(7300, inWorkshop))];
    const late = run({ status: 'ready_delivery', history: done, now: plus(9000, inWorkshop) });
    expect(result(late, 'SLA-008')).toMatchObject({ stoppedAt: plus(7300, inWorkshop), state: 'breached' });
  });
});

const hundred: SlaTargetDefinition = {
  id: 'resolution',
  kind: 'resolution',
  minutes: 100,
  clock: 'wall',
  starts: { onCreate: true },
  stops: { onCategory: ['done', 'cancelled'] },
  pausesInPausedStatuses: true,
};

describe('custom targets', () => {
  const at = (minutes: number, history: SlaHistoryRow[] = [], status: TicketStatus = 'repairing') =>
    run({ targets: [hundred], history, status, now: plus(minutes) })[0];

  it('moves through on_track, warning, critical and breached at 74, 75, 90 and 100 %', () => {
    expect(at(74)?.state).toBe('on_track');
    expect(at(75)?.state).toBe('warning');
    expect(at(89)?.state).toBe('warning');
    expect(at(90)?.state).toBe('critical');
    expect(at(100)?.state).toBe('breached');
  });

  it('honours custom warning percents', () => {
    const results = run({ targets: [hundred], now: plus(60), warningPercents: [50, 60] });
    expect(results[0]?.state).toBe('critical');
  });

  it('pauses while waiting for parts and resumes afterwards', () => {
    const pause = [row('repairing', 'waiting_parts', plus(30))];
    expect(at(60, pause, 'waiting_parts')).toMatchObject({
      state: 'paused',
      elapsedMinutes: 30,
      pausedMinutes: 30,
      dueAt: plus(130),
    });
    const resumed = [...pause, row('waiting_parts', 'repairing', plus(90))];
    expect(at(100, resumed)).toMatchObject({ state: 'on_track', elapsedMinutes: 40, dueAt: plus(160) });
  });

  it('is met when stopped at the due time and breached one minute later', () => {
    expect(at(200, [row('repairing', 'completed', plus(100))], 'completed')?.state).toBe('met');
    expect(at(200, [row('repairing', 'completed', plus(101))], 'completed')?.state).toBe('breached');
  });

  it('reads history in time order whatever order it arrives in', () => {
    const history = [
      row('waiting_parts', 'repairing', plus(90)),
      row('new', 'repairing', plus(10)),
      row('repairing', 'waiting_parts', plus(30)),
    ];
    expect(at(100, history)).toEqual(at(100, [...history].reverse()));
    expect(at(100, history)).toMatchObject({ elapsedMinutes: 40, pausedMinutes: 60 });
  });

  it('ignores history rows later than now', () => {
    expect(at(50, [row('repairing', 'completed', plus(60))])).toMatchObject({
      stoppedAt: null,
      elapsedMinutes: 50,
    });
  });

  it('reports an active stage target that has not started yet without times', () => {
    const stage: SlaTargetDefinition = { ...hundred, kind: 'stage', starts: { onEnter: 'repairing' } };
    const [pending] = run({ targets: [{ ...stage, activeWhileIn: ['new'] }] });
    expect(pending).toMatchObject({ startedAt: null, dueAt: null, state: 'on_track' });
    expect(run({ targets: [stage] })).toEqual([]);
  });
});
