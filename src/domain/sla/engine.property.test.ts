// Properties of the SLA engine: pauses and holidays never bring a due time forward, business due times sit in
// working hours, history order does not matter, and addWorkingMinutes is monotonic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../lifecycle/types';
import { visitWorkflow } from '../lifecycle/visit-workflow';
import { addWorkingMinutes, type BusinessCalendar, isWorkingInstant, SAUDI_CALENDAR } from './calendar';
import { computeSla, type SlaHistoryRow } from './engine';
import { SEED_000_STAGE_TARGETS, type SlaTargetDefinition } from './targets';

const MIN = 60_000;
const DAY = 1440 * MIN;
const EARLY = [{ start: '06:00', end: '10:00' }];
const LATE = [{ start: '13:30', end: '22:15' }];
const BERLIN: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weeklyHours: { 0: [], 1: EARLY, 2: [...EARLY, ...LATE], 3: LATE, 4: EARLY, 5: LATE, 6: [] },
  holidays: ['2026-03-30'],
};
const calendars = fc.constantFrom(SAUDI_CALENDAR, BERLIN);
// Spans both 2026 DST transitions in Berlin.
const instant = fc.integer({ min: Date.UTC(2026, 2, 1), max: Date.UTC(2026, 10, 30) });
const minutes = fc.integer({ min: 0, max: 6000 });

const target = (mins: number, clock: 'business' | 'wall'): SlaTargetDefinition => ({
  id: 'resolution',
  kind: 'resolution',
  minutes: mins,
  clock,
  starts: { onCreate: true },
  stops: {},
  pausesInPausedStatuses: true,
});

function dueOf(
  calendar: BusinessCalendar,
  created: number,
  history: SlaHistoryRow[],
  t: SlaTargetDefinition,
) {
  const last = history.at(-1);
  const [result] = computeSla({
    ticket: { createdAt: new Date(created), status: last?.toStatus ?? 'new' },
    history,
    targets: [t],
    calendar,
    workflow: visitWorkflow,
    now: new Date(last ? last.at.getTime() + MIN : created),
  });
  return result?.dueAt?.getTime() ?? Number.NaN;
}

const row = (fromStatus: TicketStatus, toStatus: TicketStatus, at: number): SlaHistoryRow => ({
  fromStatus,
  toStatus,
  at: new Date(at),
});

describe('SLA engine properties', () => {
  it('(a) adding a pause interval never makes a due time earlier', () => {
    fc.assert(
      fc.property(
        calendars,
        instant,
        minutes,
        fc.constantFrom('business' as const, 'wall' as const),
        fc.tuple(fc.integer({ min: 1, max: 10 * DAY }), fc.integer({ min: 1, max: 10 * DAY })),
        (calendar, created, mins, clock, [gap, length]) => {
          const base = [row('new', 'repairing', created + MIN)];
          const pauseStart = created + MIN + gap;
          const paused = [
            ...base,
            row('repairing', 'waiting_parts', pauseStart),
            row('waiting_parts', 'repairing', pauseStart + length),
          ];
          const withoutPause = dueOf(
            calendar,
            created,
            [...base, row('repairing', 'repairing', pauseStart + length)],
            target(mins, clock),
          );
          expect(dueOf(calendar, created, paused, target(mins, clock))).toBeGreaterThanOrEqual(withoutPause);
        },
      ),
    );
  });

  it('(b) adding a holiday never makes a due time earlier', () => {
    fc.assert(
      fc.property(
        calendars,
        instant,
        minutes,
        fc.integer({ min: 0, max: 40 }),
        (calendar, created, mins, offset) => {
          const holiday = new Date(created + offset * DAY).toISOString().slice(0, 10);
          const withHoliday = { ...calendar, holidays: [...calendar.holidays, holiday] };
          const t = target(mins, 'business');
          expect(dueOf(withHoliday, created, [], t)).toBeGreaterThanOrEqual(dueOf(calendar, created, [], t));
        },
      ),
    );
  });

  it('(c) a business due time falls inside working hours or at the end of an interval', () => {
    fc.assert(
      fc.property(
        calendars,
        instant,
        minutes,
        fc.integer({ min: 1, max: 5 * DAY }),
        (calendar, created, mins, gap) => {
          const history = [
            row('new', 'waiting_parts', created + gap),
            row('waiting_parts', 'repairing', created + 2 * gap),
          ];
          const due = dueOf(calendar, created, history, target(mins, 'business'));
          const inside =
            isWorkingInstant(calendar, new Date(due)) || isWorkingInstant(calendar, new Date(due - 1));
          expect(inside).toBe(true);
        },
      ),
    );
  });

  it('(d) shuffling the history rows gives the same results', () => {
    const statuses: TicketStatus[] = [
      'assigned',
      'scheduled',
      'on_route',
      'waiting_parts',
      'in_workshop',
      'repairing',
    ];
    const rows = fc
      .uniqueArray(
        fc.record({ at: fc.integer({ min: 0, max: 20 * DAY }), toStatus: fc.constantFrom(...statuses) }),
        { selector: (r) => r.at, maxLength: 8 },
      )
      .chain((raw) => fc.tuple(fc.constant(raw), fc.shuffledSubarray(raw, { minLength: raw.length })));
    fc.assert(
      fc.property(
        instant,
        rows,
        fc.integer({ min: 0, max: 30 * DAY }),
        (created, [raw, shuffled], nowOffset) => {
          const toRows = (list: typeof raw): SlaHistoryRow[] =>
            list.map((r) => ({ fromStatus: null, toStatus: r.toStatus, at: new Date(created + r.at) }));
          const input = (history: SlaHistoryRow[]) => ({
            ticket: {
              createdAt: new Date(created),
              status: 'repairing' as const,
              complaintAt: new Date(created + DAY),
            },
            history,
            targets: SEED_000_STAGE_TARGETS,
            calendar: SAUDI_CALENDAR,
            workflow: visitWorkflow,
            now: new Date(created + nowOffset),
          });
          expect(computeSla(input(toRows(shuffled)))).toEqual(computeSla(input(toRows(raw))));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('(e) addWorkingMinutes is monotonic in minutes', () => {
    fc.assert(
      fc.property(calendars, instant, minutes, minutes, (calendar, start, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const early = addWorkingMinutes(calendar, new Date(start), low).getTime();
        expect(addWorkingMinutes(calendar, new Date(start), high).getTime()).toBeGreaterThanOrEqual(early);
      }),
    );
  });
});
