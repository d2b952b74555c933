export type StatusCategory = 'open' | 'active' | 'paused' | 'done' | 'cancelled';

export const ROLES = [
  'admin',
  'supervisor',
  'dispatcher',
  'manager',
  'technician',
  'workshop',
  'customer',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

export const TICKET_STATUSES = [
  'new',
  'assigned',
  'scheduled',
  'on_route',
  'arrived',
  'inspecting',
  'diagnosed',
  'repairing',
  'waiting_parts',
  'pickup_device',
  'in_workshop',
  'ready_delivery',
  'completed',
  'not_fixed',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const VISIT_ACTIONS = [
  'assign',
  'cancel',
  'schedule',
  'start_trip',
  'arrive',
  'start_inspection',
  'complete_diagnosis',
  'start_repair',
  'request_parts',
  'mark_not_fixed',
  'pickup_device',
  'mark_completed',
  'parts_received',
  'check_in_workshop',
  'repair_complete',
  'deliver_device',
] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

export const ATTACHMENT_TYPES = [
  'before_inspection',
  'after_repair',
  'serial_photo',
  'invoice_photo',
  'parts_photo',
  'device_photo',
  'signature',
  'other',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Seed 000 §4.9 "Not Fixed" checklist, in screen order. */
export const NOT_FIXED_REASONS = [
  'customer_absent',
  'customer_refused_cost',
  'out_of_scope',
  'beyond_repair',
  'parts_unavailable',
  'other',
] as const;
export type NotFixedReason = (typeof NOT_FIXED_REASONS)[number];

export const TIMESTAMP_FIELDS = [
  'assignedAt',
  'scheduledAt',
  'startedTripAt',
  'arrivedAt',
  'inspectionStartedAt',
  'diagnosedAt',
  'repairStartedAt',
  'partsRequestedAt',
  'partsReceivedAt',
  'pickedUpAt',
  'workshopCheckedInAt',
  'readyForDeliveryAt',
  'completedAt',
  'notFixedAt',
  'cancelledAt',
] as const;
export type TimestampField = (typeof TIMESTAMP_FIELDS)[number];

export type TextField = 'diagnosisNotes' | 'reason';

export type Requirement =
  | { kind: 'technician' }
  | { kind: 'schedule' }
  | { kind: 'location' }
  | { kind: 'photos'; type: AttachmentType; min: number; max?: number }
  | { kind: 'text'; field: TextField; minLength: number }
  | { kind: 'partsRequest' }
  | { kind: 'notFixedReasons' }
  | { kind: 'customerAcknowledged' }
  | { kind: 'customerConfirmation' }
  | { kind: 'advanceNotice'; hours: number; roles: Role[] };

export type RequirementKind = Requirement['kind'];

export interface Transition {
  from: TicketStatus;
  to: TicketStatus;
  roles: Role[];
  requirements: Requirement[];
}

export interface ActionDefinition {
  transitions: Transition[];
  /** Timestamps the action stamps with `now`, unless the ticket already has them. */
  sets: TimestampField[];
}

export interface WorkflowDefinition {
  id: string;
  initialStatus: TicketStatus;
  statuses: Record<TicketStatus, { category: StatusCategory }>;
  actions: Record<VisitAction, ActionDefinition>;
}

export type TimeSlotName = 'morning' | 'noon' | 'evening';

export interface ActionInput {
  technicianId?: string;
  scheduledDate?: string;
  scheduledTimeSlot?: TimeSlotName;
  location?: { latitude: number; longitude: number };
  photos?: Array<{ type: AttachmentType }>;
  notes?: string;
  diagnosisNotes?: string;
  reason?: string;
  reasons?: string[];
  otherReason?: string;
  partName?: string;
  customerAcknowledged?: boolean;
  confirmation?: { method: 'signature' | 'otp'; verified: boolean };
}

export type Timestamps = Partial<Record<TimestampField, Date>>;

export interface TicketState {
  status: TicketStatus;
  timestamps: Timestamps;
  scheduledStartAt?: Date | null;
}

export interface Actor {
  role: Role;
}

export interface HistoryEntry {
  fromStatus: TicketStatus;
  toStatus: TicketStatus;
  actorRole: Role;
  notes: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface TimeLogChange {
  close: TicketStatus;
  /** Null when the new status is final (category done or cancelled). */
  open: TicketStatus | null;
}

export type ApplyErrorCode =
  | 'unknown_action'
  | 'invalid_transition'
  | 'role_not_permitted'
  | 'requirement_not_met';

export interface ApplyErrorDetails {
  action: string;
  status: TicketStatus;
  role?: Role;
  requirement?: RequirementKind;
  field?: string;
}

export interface ApplySuccess {
  ok: true;
  from: TicketStatus;
  to: TicketStatus;
  action: VisitAction;
  /** Only the fields this action newly sets; fields already on the ticket are never overwritten. */
  timestamps: Timestamps;
  history: HistoryEntry;
  timeLog: TimeLogChange;
}

export interface ApplyFailure {
  ok: false;
  code: ApplyErrorCode;
  message: string;
  details: ApplyErrorDetails;
}

export type ApplyResult = ApplySuccess | ApplyFailure;

export interface ApplyOptions {
  workflow: WorkflowDefinition;
  ticket: TicketState;
  action: string;
  actor: Actor;
  input: ActionInput;
  now: Date;
}
