// SLA target definitions as data, and the seed 000 §7.1 stage targets SLA-001..SLA-008.
import type { StatusCategory, TicketStatus } from '../lifecycle/types';

export type SlaStart =
  | { onCreate: true }
  | { onEnter: TicketStatus }
  | { atScheduledStart: true }
  | { atComplaint: true };

/** Any trigger that is set stops the clock; an empty object never stops it. */
export interface SlaStop {
  onEnter?: TicketStatus[];
  onLeave?: TicketStatus;
  onCategory?: StatusCategory[];
}

export interface SlaTargetDefinition {
  id: string;
  kind: 'stage' | 'response' | 'resolution';
  minutes: number;
  clock: 'business' | 'wall';
  starts: SlaStart;
  stops: SlaStop;
  /** A target that has not started is reported only while the ticket is in one of these statuses. */
  activeWhileIn?: TicketStatus[];
  pausesInPausedStatuses: boolean;
}

export const SEED_000_SLA_IDS = [
  'SLA-001',
  'SLA-002',
  'SLA-003',
  'SLA-004',
  'SLA-005',
  'SLA-006',
  'SLA-007',
  'SLA-008',
] as const;
export type Seed000SlaId = (typeof SEED_000_SLA_IDS)[number];

export const SEED_000_DEFAULT_THRESHOLDS: Record<Seed000SlaId, number> = {
  'SLA-001': 120,
  'SLA-002': 240,
  'SLA-003': 30,
  'SLA-004': 90,
  'SLA-005': 4320,
  'SLA-006': 10080,
  'SLA-007': 0,
  'SLA-008': 7200,
};

const FINISHED: StatusCategory[] = ['done', 'cancelled'];

// Office-hours work (assigning, scheduling) runs on the business calendar; field travel, complaints and
// thresholds stated in whole days (3, 5, 7 days = 24 h each) run on the wall clock.
export function seed000StageTargets(
  thresholds: Record<Seed000SlaId, number> = SEED_000_DEFAULT_THRESHOLDS,
): SlaTargetDefinition[] {
  const stage = (id: Seed000SlaId, rest: Omit<SlaTargetDefinition, 'id' | 'kind' | 'minutes'>) => ({
    id,
    kind: 'stage' as const,
    minutes: thresholds[id],
    ...rest,
  });
  return [
    stage('SLA-001', {
      clock: 'business',
      starts: { onCreate: true },
      stops: { onEnter: ['assigned'], onCategory: FINISHED },
      activeWhileIn: ['new'],
      pausesInPausedStatuses: true,
    }),
    stage('SLA-002', {
      clock: 'business',
      starts: { onEnter: 'assigned' },
      stops: { onLeave: 'assigned' },
      activeWhileIn: ['assigned'],
      pausesInPausedStatuses: true,
    }),
    stage('SLA-003', {
      clock: 'wall',
      starts: { atScheduledStart: true },
      stops: { onEnter: ['on_route'], onCategory: FINISHED },
      activeWhileIn: ['scheduled'],
      pausesInPausedStatuses: true,
    }),
    stage('SLA-004', {
      clock: 'wall',
      starts: { onEnter: 'on_route' },
      stops: { onLeave: 'on_route' },
      activeWhileIn: ['on_route'],
      pausesInPausedStatuses: true,
    }),
    stage('SLA-005', {
      clock: 'wall',
      starts: { onEnter: 'waiting_parts' },
      stops: { onLeave: 'waiting_parts' },
      activeWhileIn: ['waiting_parts'],
      // Waiting for parts is the very time this target measures.
      pausesInPausedStatuses: false,
    }),
    stage('SLA-006', {
      clock: 'wall',
      starts: { onCreate: true },
      stops: { onCategory: FINISHED },
      pausesInPausedStatuses: true,
    }),
    stage('SLA-007', {
      clock: 'wall',
      starts: { atComplaint: true },
      stops: {},
      pausesInPausedStatuses: false,
    }),
    stage('SLA-008', {
      clock: 'wall',
      starts: { onEnter: 'in_workshop' },
      stops: { onLeave: 'in_workshop' },
      activeWhileIn: ['in_workshop'],
      pausesInPausedStatuses: true,
    }),
  ];
}

export const SEED_000_STAGE_TARGETS: SlaTargetDefinition[] = seed000StageTargets();
