// Runs the SLA sweep on the cron schedules of seed 000 §7.3, read on each organisation's clocks.
// Every server process may run one: the sweep is safe to run concurrently (see sla-sweep.ts).
import { asc } from 'drizzle-orm';
import type { Seed000SlaId } from '../../domain/sla';
import type { AppContext } from '../context';
import { organizations } from '../db/schema';
import { type CronSchedule, cronMatches, parseCron } from './cron';
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

const MINUTE_MS = 60_000;
/** After a long stall (a suspended laptop) only the last hour of missed minutes is caught up. */
const MAX_CATCH_UP_MINUTES = 60;

export interface SlaSchedulerOptions {
  /** Cron expression per job (defaults of seed 000 §7.3). */
  crons?: Partial<Record<SlaJobName, string>>;
  log?: (message: string, details?: Record<string, unknown>) => void;
  onError?: (error: unknown) => void;
}

export class SlaScheduler {
  private readonly jobs: Array<{ job: SlaJobName; schedule: CronSchedule; ruleIds: Seed000SlaId[] }>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastMinute: number | null = null;
  private stopped = true;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: SlaSchedulerOptions = {},
  ) {
    this.jobs = SLA_JOB_NAMES.map((job) => ({
      job,
      schedule: parseCron(opts.crons?.[job] ?? SLA_JOBS[job].cron),
      ruleIds: SLA_JOBS[job].ruleIds,
    }));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastMinute = Math.floor(this.ctx.clock.now().getTime() / MINUTE_MS) - 1;
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Wakes shortly after the next minute boundary. */
  private arm(): void {
    if (this.stopped) return;
    const now = this.ctx.clock.now().getTime();
    const delay = MINUTE_MS - (now % MINUTE_MS) + 50;
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .catch((error) => this.opts.onError?.(error))
        .finally(() => {
          this.running = null;
          this.arm();
        });
    }, delay);
    this.timer.unref();
  }

  /** Runs every job due in the minutes since the previous run (each at most once per run). */
  async runDue(): Promise<void> {
    const current = Math.floor(this.ctx.clock.now().getTime() / MINUTE_MS);
    const first = Math.max((this.lastMinute ?? current - 1) + 1, current - MAX_CATCH_UP_MINUTES + 1);
    this.lastMinute = current;
    const minutes: Date[] = [];
    for (let minute = first; minute <= current; minute++) minutes.push(new Date(minute * MINUTE_MS));
    await this.runMinutes(minutes);
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
