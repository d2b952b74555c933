import { isFinalStatus } from '../../../domain/lifecycle/engine';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import { ALWAYS_CALENDAR, computeSla, type SlaResult, type SlaState } from '../../../domain/sla';
import type { AppContext } from '../../context';
import { activeStageTargets } from '../../jobs/sla-sweep';
import { slaHistoryOf } from './tickets.repository';
import type { TicketSlaView } from './tickets.schemas';

export interface SlaTicketInput {
  id: string;
  status: TicketStatus;
  createdAt: Date;
  scheduledStartAt: Date | null;
}

export interface SlaSummary {
  state: SlaState;
  targetId: string;
  dueAt: Date;
  /** Minutes until dueAt; negative once it has passed. */
  minutesLeft: number;
  percentUsed: number;
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

/**
 * The SLA summary of each ticket (null when closed or nothing runs): one query for the organisation's
 * active rules and one for the status history of every ticket given, whatever their number.
 */
export async function slaSummaries(
  ctx: AppContext,
  opts: { organizationId: string; tickets: SlaTicketInput[]; now: Date },
): Promise<Map<string, SlaSummary | null>> {
  const summaries = new Map<string, SlaSummary | null>();
  const open = opts.tickets.filter((ticket) => !isFinalStatus(visitWorkflow, ticket.status));
  for (const ticket of opts.tickets) summaries.set(ticket.id, null);
  if (open.length === 0) return summaries;

  const targets = await activeStageTargets(ctx.db, opts.organizationId);
  if (targets.length === 0) return summaries;
  const history = await slaHistoryOf(
    ctx.db,
    open.map((ticket) => ticket.id),
  );

  for (const ticket of open) {
    const results = computeSla({
      ticket: {
        createdAt: ticket.createdAt,
        status: ticket.status,
        scheduledStartAt: ticket.scheduledStartAt,
      },
      history: history.get(ticket.id) ?? [],
      targets,
      // Business calendars per organisation come later; until then every minute counts (as in the sweep).
      calendar: ALWAYS_CALENDAR,
      workflow: visitWorkflow,
      now: opts.now,
    });
    const urgent = mostUrgent(results);
    summaries.set(
      ticket.id,
      urgent
        ? {
            state: urgent.state,
            targetId: urgent.targetId,
            dueAt: urgent.dueAt,
            minutesLeft: Math.round((urgent.dueAt.getTime() - opts.now.getTime()) / MINUTE_MS),
            percentUsed: Math.round(urgent.percentUsed * 10) / 10,
          }
        : null,
    );
  }
  return summaries;
}

/** The API shape of a summary. */
export function presentSla(summary: SlaSummary | null | undefined): TicketSlaView {
  if (!summary) return null;
  return { ...summary, dueAt: summary.dueAt.toISOString() };
}
