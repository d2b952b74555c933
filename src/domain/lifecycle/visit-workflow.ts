import type { Requirement, Role, WorkflowDefinition } from './types';

// Seed 000 §2.3 (rows), §2.4 (roles, narrowed per row where §2.3 names fewer actors), §3.2/§4.9 (requirements).
const ADMINS: Role[] = ['admin', 'supervisor'];
// Dispatchers assign and schedule all day (issue 7, DESIGN.md), though §2.4 names only admin and supervisor.
const DISPATCHERS: Role[] = [...ADMINS, 'dispatcher'];
const CANCEL_REASON: Requirement = { kind: 'text', field: 'reason', minLength: 3 };
const GPS: Requirement = { kind: 'location' };
const PARTS: Requirement = { kind: 'partsRequest' };
const NOT_FIXED: Requirement = { kind: 'notFixedReasons' };
const CONFIRMATION: Requirement = { kind: 'customerConfirmation' };

export const visitWorkflow: WorkflowDefinition = {
  id: 'visit',
  initialStatus: 'new',
  statuses: {
    new: { category: 'open' },
    assigned: { category: 'active' },
    scheduled: { category: 'active' },
    on_route: { category: 'active' },
    arrived: { category: 'active' },
    inspecting: { category: 'active' },
    diagnosed: { category: 'active' },
    repairing: { category: 'active' },
    waiting_parts: { category: 'paused' },
    pickup_device: { category: 'active' },
    in_workshop: { category: 'active' },
    ready_delivery: { category: 'active' },
    completed: { category: 'done' },
    not_fixed: { category: 'done' },
    cancelled: { category: 'cancelled' },
  },
  actions: {
    assign: {
      transitions: [
        { from: 'new', to: 'assigned', roles: DISPATCHERS, requirements: [{ kind: 'technician' }] },
      ],
      sets: ['assignedAt'],
    },
    cancel: {
      transitions: [
        { from: 'new', to: 'cancelled', roles: [...ADMINS, 'customer'], requirements: [CANCEL_REASON] },
        { from: 'assigned', to: 'cancelled', roles: ADMINS, requirements: [CANCEL_REASON] },
        {
          from: 'scheduled',
          to: 'cancelled',
          roles: [...ADMINS, 'customer'],
          requirements: [CANCEL_REASON, { kind: 'advanceNotice', hours: 24, roles: ['customer'] }],
        },
        { from: 'waiting_parts', to: 'cancelled', roles: ADMINS, requirements: [CANCEL_REASON] },
      ],
      sets: ['cancelledAt'],
    },
    schedule: {
      transitions: [
        {
          from: 'assigned',
          to: 'scheduled',
          roles: [...DISPATCHERS, 'technician'],
          requirements: [{ kind: 'schedule' }],
        },
      ],
      sets: ['scheduledAt'],
    },
    start_trip: {
      transitions: [{ from: 'scheduled', to: 'on_route', roles: ['technician'], requirements: [GPS] }],
      sets: ['startedTripAt'],
    },
    arrive: {
      transitions: [{ from: 'on_route', to: 'arrived', roles: ['technician'], requirements: [GPS] }],
      sets: ['arrivedAt'],
    },
    start_inspection: {
      transitions: [
        {
          from: 'arrived',
          to: 'inspecting',
          roles: ['technician'],
          requirements: [{ kind: 'photos', type: 'before_inspection', min: 1, max: 5 }],
        },
      ],
      sets: ['inspectionStartedAt'],
    },
    complete_diagnosis: {
      transitions: [
        {
          from: 'inspecting',
          to: 'diagnosed',
          roles: ['technician'],
          requirements: [{ kind: 'text', field: 'diagnosisNotes', minLength: 3 }],
        },
      ],
      sets: ['diagnosedAt'],
    },
    start_repair: {
      transitions: [{ from: 'diagnosed', to: 'repairing', roles: ['technician'], requirements: [] }],
      sets: ['repairStartedAt'],
    },
    request_parts: {
      transitions: [
        { from: 'diagnosed', to: 'waiting_parts', roles: ['technician'], requirements: [PARTS] },
        { from: 'repairing', to: 'waiting_parts', roles: ['technician'], requirements: [PARTS] },
      ],
      sets: ['partsRequestedAt'],
    },
    mark_not_fixed: {
      transitions: [
        { from: 'diagnosed', to: 'not_fixed', roles: ['technician'], requirements: [NOT_FIXED] },
        { from: 'repairing', to: 'not_fixed', roles: ['technician'], requirements: [NOT_FIXED] },
        { from: 'in_workshop', to: 'not_fixed', roles: ['workshop'], requirements: [NOT_FIXED] },
      ],
      sets: ['notFixedAt'],
    },
    pickup_device: {
      transitions: [
        {
          from: 'diagnosed',
          to: 'pickup_device',
          roles: ['technician'],
          requirements: [{ kind: 'text', field: 'reason', minLength: 3 }, { kind: 'customerAcknowledged' }],
        },
      ],
      sets: ['pickedUpAt'],
    },
    mark_completed: {
      transitions: [
        {
          from: 'repairing',
          to: 'completed',
          roles: ['technician'],
          requirements: [{ kind: 'photos', type: 'after_repair', min: 3, max: 6 }, CONFIRMATION],
        },
      ],
      sets: ['completedAt'],
    },
    parts_received: {
      transitions: [
        { from: 'waiting_parts', to: 'repairing', roles: ['admin', 'technician'], requirements: [] },
      ],
      // repairStartedAt only lands when the repair had not started before the parts were ordered.
      sets: ['partsReceivedAt', 'repairStartedAt'],
    },
    check_in_workshop: {
      transitions: [
        { from: 'pickup_device', to: 'in_workshop', roles: ['workshop', 'admin'], requirements: [] },
      ],
      sets: ['workshopCheckedInAt'],
    },
    repair_complete: {
      transitions: [{ from: 'in_workshop', to: 'ready_delivery', roles: ['workshop'], requirements: [] }],
      sets: ['readyForDeliveryAt'],
    },
    deliver_device: {
      transitions: [
        { from: 'ready_delivery', to: 'completed', roles: ['technician'], requirements: [CONFIRMATION] },
      ],
      sets: ['completedAt'],
    },
  },
};
