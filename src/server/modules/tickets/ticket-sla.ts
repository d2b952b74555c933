import { isFinalStatus } from '../../../domain/lifecycle/engine';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import type { SlaHistoryRow, SlaResult, SlaState } from '../../../domain/sla';
import type { AppContext } from '../../context';
import {
  loadSlaSetup,
  type SlaSetup,
  type SlaTicketFacts,
  type TicketSlaTarget,
  ticketSlaTargets,
} from './sla-setup';
import { slaHistoryOf } from './tickets.repository';
import type { TicketSlaView } from './tickets.schemas';

export interface SlaTicketInput extends SlaTicketFacts {
  id: string;
}

export interface SlaTargetSummary {
  targetId: string;
  kind: TicketSlaTarget['kind'];
  policyId: string | null;
  state: SlaState;
  dueAt: Date | null;
  stoppedAt: Date | null;
  /** Minutes until dueAt; negative once it has passed; null when stopped or not started. */
  minutesLeft: number | null;
  percentUsed: number;
}

export interface SlaSummary {
  state: SlaState;
  targetId: string;
  dueAt: Date;
  /** Minutes until dueAt; negative once it has passed. */
  minutesLeft: number;
  percentUsed: number;
  /** The stored policy that adds response/resolution targets, if one matches. */
  policy: { id: string; name: string } | null;
  /** Every applicable target, stage rules first. */
  targets: SlaTargetSummary[];
}

/** Lower is more urgent. */
const URGENCY: Record<SlaState, number> = {
  breached: 0,
  critical: 1,
  warning: 2,
  on_track: 3,
  paused: 4,
  met: 5,
};

const MINUTE_MS = 60_000;

type Running = SlaResult & { dueAt: Date };

/** A target still counting: started (or waiting to), not stopped, with a due time. */
const isRunning = (result: SlaResult): result is Running =>
  result.stoppedAt === null && result.dueAt !== null && result.state !== 'met';

function mostUrgent(results: SlaResult[]): Running | undefined {
  return results
    .filter(isRunning)
    .sort((a, b) => URGENCY[a.state] - URGENCY[b.state] || a.dueAt.getTime() - b.dueAt.getTime())[0];
}

const minutesUntil = (at: Date, now: Date) => Math.round((at.getTime() - now.getTime()) / MINUTE_MS);
const percent = (value: number) => Math.round(value * 10) / 10;

function summarizeTarget(target: TicketSlaTarget, now: Date): SlaTargetSummary {
  return {
    targetId: target.targetId,
    kind: target.kind,
    policyId: target.policyId,
    state: target.state,
    dueAt: target.dueAt,
    stoppedAt: target.stoppedAt,
    minutesLeft: target.dueAt && target.stoppedAt === null ? minutesUntil(target.dueAt, now) : null,
    percentUsed: percent(target.percentUsed),
  };
}

/**
 * The SLA summary of each ticket (null when closed or nothing runs): the organisation's rules, calendars
 * and policies (three queries) and the status history of every ticket given (one query), whatever their
 * number.
 */
export async function slaSummaries(
  ctx: AppContext,
  opts: { organizationId: string; tickets: SlaTicketInput[]; now: Date },
): Promise<Map<string, SlaSummary | null>> {
  const open = opts.tickets.filter((ticket) => !isFinalStatus(visitWorkflow, ticket.status));
  if (open.length === 0) return new Map(opts.tickets.map((ticket) => [ticket.id, null]));
  const [setup, history] = await Promise.all([
    loadSlaSetup(ctx.db, opts.organizationId),
    slaHistoryOf(
      ctx.db,
      open.map((ticket) => ticket.id),
    ),
  ]);
  const withHistory = opts.tickets.map((ticket) => ({ ...ticket, history: history.get(ticket.id) ?? [] }));
  return summarizeSla(setup, withHistory, opts.now);
}

/**
 * The SLA summaries of tickets whose status history is already at hand, under `setup`. No query.
 */
export function summarizeSla(
  setup: SlaSetup,
  tickets: Array<SlaTicketInput & { history: SlaHistoryRow[] }>,
  now: Date,
): Map<string, SlaSummary | null> {
  const summaries = new Map<string, SlaSummary | null>(tickets.map((ticket) => [ticket.id, null]));
  if (setup.stageTargets.length === 0 && setup.policies.length === 0) return summaries;
  for (const ticket of tickets) {
    if (isFinalStatus(visitWorkflow, ticket.status)) continue;
    const { policy, targets } = ticketSlaTargets(setup, ticket, ticket.history, now);
    const urgent = mostUrgent(targets);
    if (!urgent) continue;
    summaries.set(ticket.id, {
      state: urgent.state,
      targetId: urgent.targetId,
      dueAt: urgent.dueAt,
      minutesLeft: minutesUntil(urgent.dueAt, now),
      percentUsed: percent(urgent.percentUsed),
      policy: policy ? { id: policy.id, name: policy.name } : null,
      targets: targets.map((target) => summarizeTarget(target, now)),
    });
  }
  return summaries;
}

/** The API shape of a summary. */
export function presentSla(summary: SlaSummary | null | undefined): TicketSlaView {
  if (!summary) return null;
  return {
    ...summary,
    dueAt: summary.dueAt.toISOString(),
    targets: summary.targets.map((target) => ({
      ...target,
      dueAt: target.dueAt?.toISOString() ?? null,
      stoppedAt: target.stoppedAt?.toISOString() ?? null,
    })),
  };
}
