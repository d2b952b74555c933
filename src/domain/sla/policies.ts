// SLA policies: choose the most specific policy for a ticket and scale its targets by priority.
import type { Priority } from '../tickets';
import type { SlaTargetDefinition } from './targets';

export interface SlaConditions {
  contractId?: string;
  customerTier?: string;
  category?: string;
  subcategory?: string;
  ticketType?: string;
  priority?: Priority;
}

export type SlaTicketFacts = SlaConditions;

export interface SlaPolicy {
  id: string;
  name: string;
  conditions: SlaConditions;
  targets: SlaTargetDefinition[];
  /** Defaults to DEFAULT_WARNING_PERCENTS. */
  warningPercents?: [number, number];
  calendarId?: string;
  /** Seed 002 FR-010.2: multiply response and resolution targets by PRIORITY_MULTIPLIER. */
  scaleByPriority?: boolean;
}

export const DEFAULT_WARNING_PERCENTS: [number, number] = [75, 90];

export const PRIORITY_MULTIPLIER: Record<Priority, number> = { urgent: 0.25, high: 0.5, normal: 1, low: 2 };

const CONDITION_KEYS = [
  'contractId',
  'customerTier',
  'category',
  'subcategory',
  'ticketType',
  'priority',
] as const satisfies ReadonlyArray<keyof SlaConditions>;

function setConditions(policy: SlaPolicy) {
  return CONDITION_KEYS.filter((key) => policy.conditions[key] !== undefined);
}

export function policyMatches(policy: SlaPolicy, facts: SlaTicketFacts): boolean {
  return setConditions(policy).every((key) => policy.conditions[key] === facts[key]);
}

/** Most conditions set wins; among equals, the earlier policy; a policy without conditions is the fallback. */
export function selectPolicy(policies: readonly SlaPolicy[], facts: SlaTicketFacts): SlaPolicy | undefined {
  let best: SlaPolicy | undefined;
  let bestScore = -1;
  for (const policy of policies) {
    const score = setConditions(policy).length;
    if (score > bestScore && policyMatches(policy, facts)) {
      best = policy;
      bestScore = score;
    }
  }
  return best;
}

/** The policy's targets for a ticket of `priority`; stage targets are never scaled. */
export function policyTargets(policy: SlaPolicy, priority: Priority): SlaTargetDefinition[] {
  if (!policy.scaleByPriority) return policy.targets;
  const factor = PRIORITY_MULTIPLIER[priority];
  return policy.targets.map((target) =>
    target.kind === 'stage' ? target : { ...target, minutes: target.minutes * factor },
  );
}
