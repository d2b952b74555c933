import { describe, expect, it } from 'vitest';
import { applyAction, availableActions, canRoleEverPerform, findTransition } from './engine';
import {
  type ActionInput,
  type ApplyResult,
  type Role,
  TICKET_STATUSES,
  type TicketState,
  type TicketStatus,
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

// Seed 000 §2.3/§2.4, written out independently of visit-workflow.ts; dispatchers also assign and
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

const NOW = new Date('2025-03-10T09:00:00Z');
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * 3_600_000);

const COMPLETE: ActionInput = {
  technicianId: 'tech-1',
  scheduledDate: '2025-03-12',
  scheduledTimeSlot: 'morning',
  location: { latitude: 24.7136, longitude: 46.6753 },
  photos: [
    { type: 'before_inspection' },
    { type: 'after_repair' },
    { type: 'after_repair' },
    { type: 'after_repair' },
    { type: 'serial_photo' },
  ],
  notes: 'free notes',
  diagnosisNotes: 'Compressor relay burnt',
  reason: 'Customer travelling',
  reasons: ['other'],
  otherReason: 'Landlord refused access',
  partName: 'Start relay',
  customerAcknowledged: true,
  confirmation: { method: 'otp', verified: true },
};

function ticket(status: TicketStatus, extra: Partial<TicketState> = {}): TicketState {
  return { status, timestamps: {}, scheduledStartAt: hoursFromNow(48), ...extra };
}

function run(
  status: TicketStatus,
  action: string,
  role: Role,
  input: ActionInput = COMPLETE,
  extra: Partial<TicketState> = {},
): ApplyResult {
  return applyAction({
    workflow: visitWorkflow,
    ticket: ticket(status, extra),
    action,
    actor: { role },
    input,
    now: NOW,
  });
}

function expectRefused(result: ApplyResult, requirement: string, field: string) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe('requirement_not_met');
  expect(result.details).toMatchObject({ requirement, field });
  expect(result.message).toMatch(/^[A-Z].*\.$/);
}

const TRIPLES = TICKET_STATUSES.flatMap((status) =>
  VISIT_ACTIONS.flatMap((action) => ROLES.map((role) => [status, action, role] as const)),
);

describe('every (status, action, role) against the literal table', () => {
  it('covers 15 × 16 × 8 triples', () => {
    expect(TRIPLES).toHaveLength(1920);
  });

  it.each(TRIPLES)('%s + %s by %s', (status, action, role) => {
    const row = ROWS.find(([from, a]) => from === status && a === action);
    const result = run(status, action, role);
    if (!row) {
      expect(result).toMatchObject({ ok: false, code: 'invalid_transition' });
    } else if (!row[3].includes(role)) {
      expect(result).toMatchObject({ ok: false, code: 'role_not_permitted', details: { role } });
    } else {
      expect(result).toMatchObject({ ok: true, from: status, to: row[2], action });
    }
  });
});

describe('workflow shape', () => {
  it('has exactly the 22 transitions of the table', () => {
    const actual = VISIT_ACTIONS.flatMap((action) =>
      visitWorkflow.actions[action].transitions.map((t) => `${t.from}|${action}|${t.to}`),
    );
    expect(actual).toHaveLength(22);
    expect(new Set(actual)).toEqual(new Set(ROWS.map(([from, a, to]) => `${from}|${a}|${to}`)));
  });

  it('categorises statuses as seed 000 describes them', () => {
    const categories = Object.fromEntries(
      TICKET_STATUSES.map((s) => [s, visitWorkflow.statuses[s].category]),
    );
    expect(categories).toMatchObject({
      new: 'open',
      waiting_parts: 'paused',
      completed: 'done',
      not_fixed: 'done',
      cancelled: 'cancelled',
      pickup_device: 'active',
      ready_delivery: 'active',
    });
    expect(Object.values(categories).filter((c) => c === 'active')).toHaveLength(10);
    expect(visitWorkflow.initialStatus).toBe('new');
  });

  it('findTransition and canRoleEverPerform read the table', () => {
    expect(findTransition(visitWorkflow, 'diagnosed', 'request_parts')?.to).toBe('waiting_parts');
    expect(findTransition(visitWorkflow, 'new', 'start_trip')).toBeUndefined();
    expect(findTransition(visitWorkflow, 'new', 'toString')).toBeUndefined();
    expect(canRoleEverPerform(visitWorkflow, 'cancel', 'customer')).toBe(true);
    expect(canRoleEverPerform(visitWorkflow, 'check_in_workshop', 'supervisor')).toBe(false);
    expect(canRoleEverPerform(visitWorkflow, 'mark_not_fixed', 'workshop')).toBe(true);
    expect(canRoleEverPerform(visitWorkflow, 'nope', 'admin')).toBe(false);
  });
});

describe('applyAction check order', () => {
  it('refuses an unknown action before anything else', () => {
    const result = run('completed', 'explode', 'system', {});
    expect(result).toMatchObject({ ok: false, code: 'unknown_action', details: { action: 'explode' } });
    expect(run('new', '__proto__', 'admin')).toMatchObject({ code: 'unknown_action' });
  });

  it('checks the transition before the role, and the role before requirements', () => {
    expect(run('completed', 'assign', 'customer', {})).toMatchObject({ code: 'invalid_transition' });
    expect(run('new', 'assign', 'customer', {})).toMatchObject({ code: 'role_not_permitted' });
    expect(run('new', 'assign', 'admin', {})).toMatchObject({ code: 'requirement_not_met' });
  });

  it('reports the first failing requirement in order', () => {
    const result = run('repairing', 'mark_completed', 'technician', {});
    expectRefused(result, 'photos', 'photos.after_repair');
  });

  it('lets a customer cancel only from new and scheduled', () => {
    for (const status of ['assigned', 'waiting_parts'] as const) {
      expect(run(status, 'cancel', 'customer')).toMatchObject({ code: 'role_not_permitted' });
    }
    expect(run('new', 'cancel', 'customer').ok).toBe(true);
    expect(run('scheduled', 'cancel', 'customer').ok).toBe(true);
  });
});

describe('requirements', () => {
  const without = (patch: Partial<Record<keyof ActionInput, unknown>>): ActionInput =>
    ({ ...COMPLETE, ...patch }) as ActionInput;

  it('technician: needs a technician id', () => {
    expectRefused(
      run('new', 'assign', 'admin', without({ technicianId: undefined })),
      'technician',
      'technicianId',
    );
    expectRefused(
      run('new', 'assign', 'admin', without({ technicianId: '  ' })),
      'technician',
      'technicianId',
    );
  });

  it('schedule: needs a real date and a known slot', () => {
    const cases: Array<[unknown, unknown, string]> = [
      [undefined, 'morning', 'scheduledDate'],
      ['12/03/2025', 'morning', 'scheduledDate'],
      ['2025-02-30', 'morning', 'scheduledDate'],
      ['2025-03-12', undefined, 'scheduledTimeSlot'],
      ['2025-03-12', 'night', 'scheduledTimeSlot'],
    ];
    for (const [scheduledDate, scheduledTimeSlot, field] of cases) {
      const input = without({ scheduledDate, scheduledTimeSlot });
      expectRefused(run('assigned', 'schedule', 'technician', input), 'schedule', field);
    }
    expect(run('assigned', 'schedule', 'admin', without({ scheduledTimeSlot: 'evening' })).ok).toBe(true);
  });

  it('location: needs finite coordinates in range', () => {
    const bad: unknown[] = [
      undefined,
      null,
      { latitude: 91, longitude: 0 },
      { latitude: -90.5, longitude: 0 },
      { latitude: 0, longitude: 181 },
      { latitude: Number.NaN, longitude: 0 },
      { latitude: 0, longitude: Number.POSITIVE_INFINITY },
      { latitude: '24', longitude: 46 },
    ];
    for (const location of bad) {
      expectRefused(
        run('scheduled', 'start_trip', 'technician', without({ location })),
        'location',
        'location',
      );
      expectRefused(run('on_route', 'arrive', 'technician', without({ location })), 'location', 'location');
    }
    const edge = without({ location: { latitude: -90, longitude: 180 } });
    expect(run('on_route', 'arrive', 'technician', edge)).toMatchObject({
      ok: true,
      history: { latitude: -90, longitude: 180 },
    });
  });

  it('photos: before_inspection between 1 and 5', () => {
    const photos = (n: number) => Array.from({ length: n }, () => ({ type: 'before_inspection' as const }));
    const field = 'photos.before_inspection';
    const zero = run('arrived', 'start_inspection', 'technician', without({ photos: [{ type: 'other' }] }));
    expectRefused(zero, 'photos', field);
    if (!zero.ok) expect(zero.message).toBe('At least 1 photo of type before_inspection is required.');
    expectRefused(
      run('arrived', 'start_inspection', 'technician', without({ photos: photos(6) })),
      'photos',
      field,
    );
    expect(run('arrived', 'start_inspection', 'technician', without({ photos: photos(5) })).ok).toBe(true);
  });

  it('photos: after_repair between 3 and 6', () => {
    const photos = (n: number) => Array.from({ length: n }, () => ({ type: 'after_repair' as const }));
    const field = 'photos.after_repair';
    for (const n of [0, 2, 7]) {
      const result = run('repairing', 'mark_completed', 'technician', without({ photos: photos(n) }));
      expectRefused(result, 'photos', field);
    }
    for (const n of [3, 6]) {
      expect(run('repairing', 'mark_completed', 'technician', without({ photos: photos(n) })).ok).toBe(true);
    }
  });

  it('text: diagnosis notes and reasons need 3 characters after trimming', () => {
    const diag = without({ diagnosisNotes: '  ab  ' });
    expectRefused(run('inspecting', 'complete_diagnosis', 'technician', diag), 'text', 'diagnosisNotes');
    for (const status of ['new', 'assigned', 'scheduled', 'waiting_parts'] as const) {
      expectRefused(run(status, 'cancel', 'admin', without({ reason: undefined })), 'text', 'reason');
    }
    expectRefused(
      run('diagnosed', 'pickup_device', 'technician', without({ reason: 'x' })),
      'text',
      'reason',
    );
  });

  it('partsRequest: needs a part name and a serial photo', () => {
    const noName = without({ partName: ' ' });
    expectRefused(run('diagnosed', 'request_parts', 'technician', noName), 'partsRequest', 'partName');
    const noSerial = without({ photos: [{ type: 'parts_photo' }] });
    expectRefused(
      run('repairing', 'request_parts', 'technician', noSerial),
      'partsRequest',
      'photos.serial_photo',
    );
  });

  it('notFixedReasons: at least one known reason, and text for other', () => {
    const cases: Array<[unknown, unknown, string]> = [
      [undefined, undefined, 'reasons'],
      [[], undefined, 'reasons'],
      [['beyond_repair', 'aliens'], undefined, 'reasons'],
      [['other'], undefined, 'otherReason'],
      [['other'], '   ', 'otherReason'],
    ];
    for (const [reasons, otherReason, field] of cases) {
      const input = without({ reasons, otherReason });
      expectRefused(run('diagnosed', 'mark_not_fixed', 'technician', input), 'notFixedReasons', field);
      expectRefused(run('in_workshop', 'mark_not_fixed', 'workshop', input), 'notFixedReasons', field);
    }
    const known = without({ reasons: ['customer_absent', 'parts_unavailable'], otherReason: undefined });
    expect(run('repairing', 'mark_not_fixed', 'technician', known).ok).toBe(true);
  });

  it('customerAcknowledged: must be exactly true', () => {
    for (const customerAcknowledged of [undefined, false, 'true']) {
      const input = without({ customerAcknowledged });
      const result = run('diagnosed', 'pickup_device', 'technician', input);
      expectRefused(result, 'customerAcknowledged', 'customerAcknowledged');
    }
  });

  it('customerConfirmation: signature or OTP, verified', () => {
    const bad: unknown[] = [
      undefined,
      { method: 'otp', verified: false },
      { method: 'signature' },
      { method: 'email', verified: true },
    ];
    for (const confirmation of bad) {
      const input = without({ confirmation });
      expectRefused(
        run('ready_delivery', 'deliver_device', 'technician', input),
        'customerConfirmation',
        'confirmation',
      );
      expectRefused(
        run('repairing', 'mark_completed', 'technician', input),
        'customerConfirmation',
        'confirmation',
      );
    }
    const signed = without({ confirmation: { method: 'signature', verified: true } });
    expect(run('ready_delivery', 'deliver_device', 'technician', signed).ok).toBe(true);
  });

  it('advanceNotice: a customer needs more than 24 h, staff do not', () => {
    const at = (h: number | null) => ({ scheduledStartAt: h === null ? null : hoursFromNow(h) });
    expectRefused(
      run('scheduled', 'cancel', 'customer', COMPLETE, at(23)),
      'advanceNotice',
      'scheduledStartAt',
    );
    expectRefused(
      run('scheduled', 'cancel', 'customer', COMPLETE, at(24)),
      'advanceNotice',
      'scheduledStartAt',
    );
    expectRefused(
      run('scheduled', 'cancel', 'customer', COMPLETE, at(null)),
      'advanceNotice',
      'scheduledStartAt',
    );
    expect(run('scheduled', 'cancel', 'customer', COMPLETE, at(25)).ok).toBe(true);
    expect(run('scheduled', 'cancel', 'admin', COMPLETE, at(1)).ok).toBe(true);
    expect(run('scheduled', 'cancel', 'supervisor', COMPLETE, at(null)).ok).toBe(true);
    expect(run('new', 'cancel', 'customer', COMPLETE, at(1)).ok).toBe(true);
  });

  it('checks the reason before the notice period', () => {
    const result = run('scheduled', 'cancel', 'customer', without({ reason: '' }), {
      scheduledStartAt: null,
    });
    expectRefused(result, 'text', 'reason');
  });
});

describe('timestamps', () => {
  it('stamps the action fields with now', () => {
    const result = run('new', 'assign', 'admin');
    expect(result).toMatchObject({ ok: true, timestamps: { assignedAt: NOW } });
    if (result.ok) expect(Object.keys(result.timestamps)).toEqual(['assignedAt']);
  });

  it('never overwrites a timestamp that is already set', () => {
    const earlier = new Date('2025-03-01T00:00:00Z');
    const result = run('repairing', 'request_parts', 'technician', COMPLETE, {
      timestamps: { partsRequestedAt: earlier },
    });
    expect(result).toMatchObject({ ok: true, timestamps: {} });
  });

  it('parts_received also starts the repair when it had not started', () => {
    const fresh = run('waiting_parts', 'parts_received', 'admin');
    expect(fresh).toMatchObject({ ok: true, timestamps: { partsReceivedAt: NOW, repairStartedAt: NOW } });
    const earlier = new Date('2025-03-01T00:00:00Z');
    const resumed = run(
      'waiting_parts',
      'parts_received',
      'technician',
      {},
      {
        timestamps: { repairStartedAt: earlier },
      },
    );
    expect(resumed.ok && resumed.timestamps).toEqual({ partsReceivedAt: NOW });
  });

  it('sets the terminal timestamps', () => {
    expect(run('new', 'cancel', 'admin')).toMatchObject({ timestamps: { cancelledAt: NOW } });
    expect(run('in_workshop', 'mark_not_fixed', 'workshop')).toMatchObject({
      timestamps: { notFixedAt: NOW },
    });
    expect(run('ready_delivery', 'deliver_device', 'technician')).toMatchObject({
      timestamps: { completedAt: NOW },
    });
  });

  it('returns copies, not the caller clock', () => {
    const result = run('scheduled', 'start_trip', 'technician');
    expect(result.ok && result.timestamps.startedTripAt).not.toBe(NOW);
  });
});

describe('history and time log', () => {
  it('records role, location and free notes', () => {
    expect(
      run('scheduled', 'start_trip', 'technician', { ...COMPLETE, notes: '  leaving now ' }),
    ).toMatchObject({
      history: {
        fromStatus: 'scheduled',
        toStatus: 'on_route',
        actorRole: 'technician',
        notes: 'leaving now',
        latitude: 24.7136,
        longitude: 46.6753,
      },
    });
  });

  it('uses the reason or the diagnosis as the notes of cancel, diagnosis and pickup', () => {
    expect(run('new', 'cancel', 'customer')).toMatchObject({ history: { notes: 'Customer travelling' } });
    expect(run('inspecting', 'complete_diagnosis', 'technician')).toMatchObject({
      history: { notes: 'Compressor relay burnt' },
    });
    expect(run('diagnosed', 'pickup_device', 'technician')).toMatchObject({
      history: { notes: 'Customer travelling' },
    });
  });

  it('has null notes and coordinates when none are given', () => {
    expect(run('diagnosed', 'start_repair', 'technician', { notes: '   ' })).toMatchObject({
      history: { notes: null, latitude: null, longitude: null },
    });
  });

  it('closes the old stage and opens the new one unless it is final', () => {
    expect(run('diagnosed', 'request_parts', 'technician')).toMatchObject({
      timeLog: { close: 'diagnosed', open: 'waiting_parts' },
    });
    expect(run('repairing', 'mark_completed', 'technician')).toMatchObject({
      timeLog: { close: 'repairing', open: null },
    });
    expect(run('repairing', 'mark_not_fixed', 'technician')).toMatchObject({
      timeLog: { close: 'repairing', open: null },
    });
    expect(run('waiting_parts', 'cancel', 'supervisor')).toMatchObject({
      timeLog: { close: 'waiting_parts', open: null },
    });
  });
});

describe('availableActions', () => {
  const available = (status: TicketStatus, role: Role) =>
    availableActions({ workflow: visitWorkflow, status, role });

  it('lists what each role may do in a status', () => {
    expect(available('scheduled', 'technician')).toEqual(['start_trip']);
    expect(available('new', 'customer')).toEqual(['cancel']);
    expect(available('new', 'admin')).toEqual(['assign', 'cancel']);
    expect(available('scheduled', 'customer')).toEqual(['cancel']);
    expect(available('assigned', 'customer')).toEqual([]);
    expect(available('diagnosed', 'technician')).toEqual([
      'start_repair',
      'request_parts',
      'mark_not_fixed',
      'pickup_device',
    ]);
    expect(available('waiting_parts', 'admin')).toEqual(['cancel', 'parts_received']);
    expect(available('pickup_device', 'admin')).toEqual(['check_in_workshop']);
    expect(available('pickup_device', 'supervisor')).toEqual([]);
    expect(available('in_workshop', 'workshop')).toEqual(['mark_not_fixed', 'repair_complete']);
  });

  it('offers nothing in final statuses or to roles outside the lifecycle', () => {
    for (const role of ROLES) {
      for (const status of ['completed', 'not_fixed', 'cancelled'] as const) {
        expect(available(status, role)).toEqual([]);
      }
    }
    for (const status of TICKET_STATUSES) {
      for (const role of ['manager', 'system'] as const) {
        expect(available(status, role)).toEqual([]);
      }
    }
  });

  it('lets a dispatcher assign and schedule, and nothing else (issue 7 widens seed 000 §2.4)', () => {
    for (const status of TICKET_STATUSES) {
      const expected = status === 'new' ? ['assign'] : status === 'assigned' ? ['schedule'] : [];
      expect(available(status, 'dispatcher')).toEqual(expected);
    }
  });
});
