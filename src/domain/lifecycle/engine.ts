import { isDateOnly, isTimeSlot } from '../schedule/time-slots';
import {
  type ActionDefinition,
  type ActionInput,
  type Actor,
  type ApplyErrorCode,
  type ApplyErrorDetails,
  type ApplyFailure,
  type ApplyOptions,
  type ApplyResult,
  type AttachmentType,
  NOT_FIXED_REASONS,
  type Requirement,
  type RequirementKind,
  type Role,
  type StatusCategory,
  type TextField,
  type TicketState,
  type TicketStatus,
  type Timestamps,
  type Transition,
  VISIT_ACTIONS,
  type VisitAction,
  type WorkflowDefinition,
} from './types';

interface Problem {
  field: string;
  message: string;
}

interface CheckContext {
  ticket: TicketState;
  actor: Actor;
  input: ActionInput;
  now: Date;
}

type Checker<K extends RequirementKind> = (
  requirement: Extract<Requirement, { kind: K }>,
  ctx: CheckContext,
) => Problem | null;

const HOUR_MS = 3_600_000;
const TEXT_LABELS: Record<TextField, string> = { reason: 'A reason', diagnosisNotes: 'Diagnosis notes' };

export function findTransition(
  workflow: WorkflowDefinition,
  status: TicketStatus,
  action: string,
): Transition | undefined {
  return actionDefinition(workflow, action)?.transitions.find((t) => t.from === status);
}

export function canRoleEverPerform(workflow: WorkflowDefinition, action: string, role: Role): boolean {
  return actionDefinition(workflow, action)?.transitions.some((t) => t.roles.includes(role)) ?? false;
}

/** Actions offered to `role` in `status`; requirements are not checked. */
export function availableActions(opts: {
  workflow: WorkflowDefinition;
  status: TicketStatus;
  role: Role;
}): VisitAction[] {
  return VISIT_ACTIONS.filter((action) =>
    findTransition(opts.workflow, opts.status, action)?.roles.includes(opts.role),
  );
}

export function statusCategory(workflow: WorkflowDefinition, status: TicketStatus): StatusCategory {
  return workflow.statuses[status].category;
}

/** Done and cancelled statuses end the ticket's life: no stage is open after them. */
export function isFinalStatus(workflow: WorkflowDefinition, status: TicketStatus): boolean {
  const category = statusCategory(workflow, status);
  return category === 'done' || category === 'cancelled';
}

export function applyAction(opts: ApplyOptions): ApplyResult {
  const { workflow, ticket, action, actor, now } = opts;
  const input: ActionInput = opts.input ?? {};
  const base: ApplyErrorDetails = { action, status: ticket.status };
  const definition = actionDefinition(workflow, action);
  if (!definition) return fail('unknown_action', `Unknown action "${action}".`, base);
  const withRole = { ...base, role: actor.role };
  const transition = definition.transitions.find((t) => t.from === ticket.status);
  if (!transition) {
    const message = `Action ${action} is not possible while the ticket is ${ticket.status}.`;
    return fail('invalid_transition', message, withRole);
  }
  if (!transition.roles.includes(actor.role)) {
    const message = `Role ${actor.role} may not perform ${action} while the ticket is ${ticket.status}.`;
    return fail('role_not_permitted', message, withRole);
  }
  for (const requirement of transition.requirements) {
    const problem = checkRequirement(requirement, { ticket, actor, input, now });
    if (problem) {
      const details = { ...withRole, requirement: requirement.kind, field: problem.field };
      return fail('requirement_not_met', problem.message, details);
    }
  }
  return {
    ok: true,
    from: ticket.status,
    to: transition.to,
    action: action as VisitAction,
    timestamps: newTimestamps(definition, ticket.timestamps, now),
    history: historyEntry(transition, actor, input),
    timeLog: { close: ticket.status, open: isFinalStatus(workflow, transition.to) ? null : transition.to },
  };
}

function actionDefinition(workflow: WorkflowDefinition, action: string): ActionDefinition | undefined {
  return Object.hasOwn(workflow.actions, action) ? workflow.actions[action as VisitAction] : undefined;
}

function fail(code: ApplyErrorCode, message: string, details: ApplyErrorDetails): ApplyFailure {
  return { ok: false, code, message, details };
}

function newTimestamps(definition: ActionDefinition, existing: Timestamps, now: Date): Timestamps {
  const added: Timestamps = {};
  for (const field of definition.sets) {
    if (existing?.[field] == null) added[field] = new Date(now.getTime());
  }
  return added;
}

function historyEntry(transition: Transition, actor: Actor, input: ActionInput) {
  // The action's own text (cancel reason, diagnosis) is what the timeline should show; free notes otherwise.
  const text = transition.requirements.find((r) => r.kind === 'text');
  const notes = (text && trimmed(input[text.field])) || trimmed(input.notes) || null;
  const location = isValidLocation(input.location) ? input.location : null;
  return {
    fromStatus: transition.from,
    toStatus: transition.to,
    actorRole: actor.role,
    notes,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
  };
}

function checkRequirement(requirement: Requirement, ctx: CheckContext): Problem | null {
  const checker = CHECKERS[requirement.kind] as Checker<RequirementKind>;
  return checker(requirement as never, ctx);
}

const CHECKERS: { [K in RequirementKind]: Checker<K> } = {
  technician: (_, { input }) =>
    trimmed(input.technicianId) ? null : problem('technicianId', 'A technician must be chosen.'),
  schedule: (_, { input }) => {
    if (!isDateOnly(input.scheduledDate)) {
      return problem('scheduledDate', 'A visit date in the format YYYY-MM-DD is required.');
    }
    if (!isTimeSlot(input.scheduledTimeSlot)) {
      return problem('scheduledTimeSlot', 'A time slot (morning, noon or evening) is required.');
    }
    return null;
  },
  location: (_, { input }) =>
    isValidLocation(input.location)
      ? null
      : problem('location', 'A GPS location (latitude -90 to 90, longitude -180 to 180) is required.'),
  photos: (requirement, { input }) => checkPhotos(input, requirement.type, requirement.min, requirement.max),
  text: ({ field, minLength }, { input }) => {
    if ((trimmed(input[field])?.length ?? 0) >= minLength) return null;
    const verb = field === 'reason' ? 'is' : 'are';
    return problem(field, `${TEXT_LABELS[field]} of at least ${minLength} characters ${verb} required.`);
  },
  partsRequest: (_, { input }) =>
    trimmed(input.partName)
      ? checkPhotos(input, 'serial_photo', 1)
      : problem('partName', 'The name of the requested part is required.'),
  notFixedReasons: (_, { input }) => checkNotFixedReasons(input),
  customerAcknowledged: (_, { input }) =>
    input.customerAcknowledged === true
      ? null
      : problem('customerAcknowledged', 'The customer must be informed that the device is being picked up.'),
  customerConfirmation: (_, { input }) =>
    isVerifiedConfirmation(input.confirmation)
      ? null
      : problem('confirmation', "The customer's verified signature or one-time code is required."),
  advanceNotice: ({ hours, roles }, { ticket, actor, now }) => {
    if (!roles.includes(actor.role)) return null;
    const start = ticket.scheduledStartAt;
    if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
      return problem(
        'scheduledStartAt',
        `The visit has no scheduled start, so ${hours} hours' notice cannot be confirmed.`,
      );
    }
    if (start.getTime() - now.getTime() > hours * HOUR_MS) return null;
    return problem(
      'scheduledStartAt',
      `This requires more than ${hours} hours' notice before the scheduled visit.`,
    );
  },
};

function checkPhotos(input: ActionInput, type: AttachmentType, min: number, max?: number): Problem | null {
  const photos = Array.isArray(input.photos) ? input.photos : [];
  const count = photos.filter((photo) => photo?.type === type).length;
  const field = `photos.${type}`;
  if (count < min) {
    const noun = min === 1 ? `photo of type ${type} is` : `photos of type ${type} are`;
    return problem(field, `At least ${min} ${noun} required.`);
  }
  if (max !== undefined && count > max) {
    return problem(field, `At most ${max} photos of type ${type} are allowed; ${count} were given.`);
  }
  return null;
}

function checkNotFixedReasons(input: ActionInput): Problem | null {
  const reasons = input.reasons;
  if (!Array.isArray(reasons) || reasons.length === 0) {
    return problem('reasons', 'At least one reason why the device could not be fixed is required.');
  }
  const unknown = reasons.filter((r) => !(NOT_FIXED_REASONS as readonly unknown[]).includes(r));
  if (unknown.length > 0) {
    const allowed = NOT_FIXED_REASONS.join(', ');
    return problem(
      'reasons',
      `Unknown reason ${JSON.stringify(unknown[0])}; allowed reasons are ${allowed}.`,
    );
  }
  if (reasons.includes('other') && !trimmed(input.otherReason)) {
    return problem('otherReason', 'Please describe the other reason.');
  }
  return null;
}

function isValidLocation(location: unknown): location is { latitude: number; longitude: number } {
  if (typeof location !== 'object' || location === null) return false;
  const { latitude, longitude } = location as Record<string, unknown>;
  return inRange(latitude, 90) && inRange(longitude, 180);
}

function inRange(value: unknown, limit: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
}

function isVerifiedConfirmation(confirmation: unknown): boolean {
  if (typeof confirmation !== 'object' || confirmation === null) return false;
  const { method, verified } = confirmation as Record<string, unknown>;
  return (method === 'signature' || method === 'otp') && verified === true;
}

function trimmed(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

function problem(field: string, message: string): Problem {
  return { field, message };
}
