// Runs the SLA sweep on the cron schedules of seed 000 §7.3, read on each organisation's clocks.
// Every server process may run one: the sweep is safe to run concurrently (see sla-sweep.ts).
import { asc } from 'drizzle-orm';
import type { Seed000SlaId } from '../../domain/sla';
import type { AppContext } from '../context';
import { organizations } from '../db/schema';
import { type CronSchedule, cronMatches, parseCron } from './cron';
import { MinuteTicker } from './minute-ticker';
import { sweepSla } from './sla-sweep';

export const SLA_JOB_NAMES = ['assignment', 'schedule', 'trip', 'parts', 'ticket_age'] as const;
export type SlaJobName = (typeof SLA_JOB_NAMES)[number];

/** Seed 000 §7.3; SLA-008 (in the workshop, counted in days) runs with the daily parts check. */
export const SLA_JOBS: Record<SlaJobName, { name: string; cron: string; ruleIds: Seed000SlaId[] }> = {
  assignment: { name: 'check-assignment-sla', cron: '*/15 * * * *', ruleIds: ['SLA-001'] },
  schedule: { name: 'check-schedule-sla', cron: '*/30 * * * *', ruleIds: ['SLA-002'] },
  trip: { name: 'check-trip-sla', cron: '*/10 * * * *', ruleIds: ['SLA-003', 'SLA-004'] },
  parts: { name: 'check-parts-sla', cron: '0 9 * * *', ruleIds: ['SLA-005', 'SLA-008'] },
  ticket_age: { name: 'check-ticket-age-sla', cron: '0 10 * * *', ruleIds: ['SLA-006'] },
};

export const DEFAULT_SLA_CRONS = Object.fromEntries(
  SLA_JOB_NAMES.map((job) => [job, SLA_JOBS[job].cron]),
) as Record<SlaJobName, string>;

export interface SlaSchedulerOptions {
  /** Cron expression per job (defaults of seed 000 §7.3). */
  crons?: Partial<Record<SlaJobName, string>>;
  log?: (message: string, details?: Record<string, unknown>) => void;
  onError?: (error: unknown) => void;
}

export class SlaScheduler extends MinuteTicker {
  private readonly jobs: Array<{ job: SlaJobName; schedule: CronSchedule; ruleIds: Seed000SlaId[] }>;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: SlaSchedulerOptions = {},
  ) {
    super(ctx.clock, opts.onError);
    this.jobs = SLA_JOB_NAMES.map((job) => ({
      job,
      schedule: parseCron(opts.crons?.[job] ?? SLA_JOBS[job].cron),
      ruleIds: SLA_JOBS[job].ruleIds,
    }));
  }

  /** Sweeps, per organisation, the rules of the jobs whose schedule matches one of `minutes` in its zone. */
  async runMinutes(minutes: Date[]): Promise<{ organizations: number; escalated: number }> {
    const orgs = await this.ctx.db
      .select({ id: organizations.id, timeZone: organizations.timeZone })
      .from(organizations)
      .orderBy(asc(organizations.id));
    let swept = 0;
    let escalated = 0;
    for (const org of orgs) {
      const due = this.jobs.filter(({ schedule }) =>
        minutes.some((minute) => cronMatches(schedule, minute, org.timeZone)),
      );
      if (due.length === 0) continue;
      const ruleIds = due.flatMap((job) => job.ruleIds);
      const result = await sweepSla(this.ctx, { organizationId: org.id, ruleIds, now: this.ctx.clock.now() });
      swept++;
      escalated += result.escalated;
      if (result.escalated > 0) {
        this.opts.log?.('SLA sweep escalated tickets', {
          organizationId: org.id,
          jobs: due.map(({ job }) => SLA_JOBS[job].name),
          ...result,
        });
      }
    }
    return { organizations: swept, escalated };
  }
}
