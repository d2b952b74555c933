import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAction, availableActions } from './engine';
import {
  type ActionInput,
  type Role,
  TICKET_STATUSES,
  type TicketState,
  type TicketStatus,
  type Timestamps,
  VISIT_ACTIONS,
  type VisitAction,
} from './types';
import { visitWorkflow } from './visit-workflow';

const ROLES: Role[] = [
  'admin',
  'supervisor',
  'dispatcher',
  'manager',
  'technician',
  'workshop',
  'customer',
  'system',
];

// Seed 000 §2.3/§2.4 written out independently of visit-workflow.ts; dispatchers also assign and
// schedule (issue 7).
const ROWS: Array<[TicketStatus, VisitAction, TicketStatus, Role[]]> = [
  ['new', 'assign', 'assigned', ['admin', 'supervisor', 'dispatcher']],
  ['new', 'cancel', 'cancelled', ['admin', 'supervisor', 'customer']],
  ['assigned', 'schedule', 'scheduled', ['admin', 'supervisor', 'dispatcher', 'technician']],
  ['assigned', 'cancel', 'cancelled', ['admin', 'supervisor']],
  ['scheduled', 'start_trip', 'on_route', ['technician']],
  ['scheduled', 'cancel', 'cancelled', ['admin', 'supervisor', 'customer']],
  ['on_route', 'arrive', 'arrived', ['technician']],
  ['arrived', 'start_inspection', 'inspecting', ['technician']],
  ['inspecting', 'complete_diagnosis', 'diagnosed', ['technician']],
  ['diagnosed', 'start_repair', 'repairing', ['technician']],
  ['diagnosed', 'request_parts', 'waiting_parts', ['technician']],
  ['diagnosed', 'mark_not_fixed', 'not_fixed', ['technician']],
  ['diagnosed', 'pickup_device', 'pickup_device', ['technician']],
  ['repairing', 'mark_completed', 'completed', ['technician']],
  ['repairing', 'mark_not_fixed', 'not_fixed', ['technician']],
  ['repairing', 'request_parts', 'waiting_parts', ['technician']],
  ['waiting_parts', 'parts_received', 'repairing', ['admin', 'technician']],
  ['waiting_parts', 'cancel', 'cancelled', ['admin', 'supervisor']],
  ['pickup_device', 'check_in_workshop', 'in_workshop', ['workshop', 'admin']],
  ['in_workshop', 'repair_complete', 'ready_delivery', ['workshop']],
  ['in_workshop', 'mark_not_fixed', 'not_fixed', ['workshop']],
  ['ready_delivery', 'deliver_device', 'completed', ['technician']],
];
const WITHOUT_REQUIREMENTS = new Set<VisitAction>([
  'start_repair',
  'parts_received',
  'check_in_workshop',
  'repair_complete',
]);
const FINAL = new Set<TicketStatus>(['completed', 'not_fixed', 'cancelled']);
const HOUR = 3_600_000;

const COMPLETE: ActionInput = {
  technicianId: 'tech-7',
  scheduledDate: '2025-06-01',
  scheduledTimeSlot: 'noon',
  location: { latitude: 52.52, longitude: 13.405 },
  photos: [
    { type: 'before_inspection' },
    { type: 'after_repair' },
    { type: 'after_repair' },
    { type: 'after_repair' },
    { type: 'serial_photo' },
  ],
  diagnosisNotes: 'Fan motor seized',
  reason: 'Needs bench test',
  reasons: ['beyond_repair'],
  partName: 'Fan motor',
  customerAcknowledged: true,
  confirmation: { method: 'signature', verified: true },
};

const stepArb = fc.record({
  guided: fc.nat({ max: 3 }).map((n) => n > 0),
  pick: fc.nat(),
  action: fc.constantFrom<string>(...VISIT_ACTIONS, 'teleport'),
  role: fc.constantFrom(...ROLES),
  complete: fc.nat({ max: 3 }).map((n) => n > 0),
  advanceMs: fc.integer({ min: 1, max: 30 * HOUR }),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

// Guided steps pick a permitted (action, role) of the current status so sequences reach deep statuses.
function choose(step: Step, status: TicketStatus): { action: string; role: Role } {
  const rows = ROWS.filter(([from]) => from === status);
  if (!step.guided || rows.length === 0) return { action: step.action, role: step.role };
  const row = rows[step.pick % rows.length] as (typeof ROWS)[number];
  const roles = row[3];
  return { action: row[1], role: roles[Math.floor(step.pick / rows.length) % roles.length] as Role };
}

function expectedAccepted(
  ticket: TicketState,
  action: string,
  role: Role,
  complete: boolean,
  now: Date,
): TicketStatus | null {
  const row = ROWS.find(([from, a]) => from === ticket.status && a === action);
  if (!row?.[3].includes(role)) return null;
  if (!complete && !WITHOUT_REQUIREMENTS.has(row[1])) return null;
  const start = ticket.scheduledStartAt?.getTime();
  const customerNotice = role === 'customer' && ticket.status === 'scheduled';
  if (customerNotice && (start === undefined || start - now.getTime() <= 24 * HOUR)) return null;
  return row[2];
}

describe('lifecycle properties', () => {
  it('random action sequences from new only ever follow the table', () => {
    const scheduledInHours = fc.integer({ min: 0, max: 120 });
    const reached = new Set<TicketStatus>();
    const reapplied = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }),
        scheduledInHours,
        (steps, inHours) => {
          let clock = Date.parse('2025-05-01T06:00:00Z');
          const scheduledStartAt = new Date(clock + inHours * HOUR);
          let ticket: TicketState = { status: visitWorkflow.initialStatus, timestamps: {}, scheduledStartAt };
          for (const step of steps) {
            clock += step.advanceMs;
            const now = new Date(clock);
            const { action, role } = choose(step, ticket.status);
            const before = structuredClone(ticket);
            const expected = expectedAccepted(ticket, action, role, step.complete, now);
            const input = step.complete ? COMPLETE : {};
            const result = applyAction({
              workflow: visitWorkflow,
              ticket,
              action,
              actor: { role },
              input,
              now,
            });

            expect(ticket).toEqual(before);
            if (FINAL.has(ticket.status)) expect(result.ok).toBe(false);
            if (!result.ok) {
              expect(expected).toBeNull();
              continue;
            }
            expect(result.to).toBe(expected);
            expect(
              ROWS.some(([f, a, t]) => f === result.from && a === result.action && t === result.to),
            ).toBe(true);
            expect(result.from).toBe(ticket.status);
            expect(result.timeLog).toEqual({
              close: ticket.status,
              open: FINAL.has(result.to) ? null : result.to,
            });
            for (const [field, value] of Object.entries(result.timestamps)) {
              expect(ticket.timestamps[field as keyof Timestamps]).toBeUndefined();
              expect(value).toEqual(now);
            }
            const timestamps = { ...ticket.timestamps, ...result.timestamps };
            for (const [field, value] of Object.entries(ticket.timestamps)) {
              expect(timestamps[field as keyof Timestamps]).toBe(value);
            }
            ticket = { ...ticket, status: result.to, timestamps };
            expect(TICKET_STATUSES).toContain(ticket.status);
            reached.add(ticket.status);
            if (Object.keys(result.timestamps).length < visitWorkflow.actions[result.action].sets.length) {
              reapplied.add(result.action);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
    // Guard against a generator too weak to reach deep statuses or to re-run a stamping action.
    expect([...reached].sort()).toEqual(TICKET_STATUSES.filter((s) => s !== 'new').sort());
    expect(reapplied).toContain('parts_received');
  });

  it('terminal statuses accept no action from anyone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TicketStatus>('completed', 'not_fixed', 'cancelled'),
        fc.constantFrom<string>(...VISIT_ACTIONS),
        fc.constantFrom(...ROLES),
        fc.boolean(),
        (status, action, role, complete) => {
          const ticket: TicketState = { status, timestamps: {}, scheduledStartAt: new Date(8.64e15) };
          const input = complete ? COMPLETE : {};
          const result = applyAction({
            workflow: visitWorkflow,
            ticket,
            action,
            actor: { role },
            input,
            now: new Date(0),
          });
          expect(result).toMatchObject({ ok: false, code: 'invalid_transition' });
        },
      ),
    );
  });

  it('availableActions is exactly what passes the transition and role checks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_STATUSES), fc.constantFrom(...ROLES), (status, role) => {
        const offered = availableActions({ workflow: visitWorkflow, status, role });
        const passing = VISIT_ACTIONS.filter((action) => {
          const ticket: TicketState = { status, timestamps: {}, scheduledStartAt: new Date(8.64e15) };
          const result = applyAction({
            workflow: visitWorkflow,
            ticket,
            action,
            actor: { role },
            input: COMPLETE,
            now: new Date(0),
          });
          return result.ok || result.code === 'requirement_not_met';
        });
        expect(offered).toEqual(passing);
      }),
    );
  });
});
