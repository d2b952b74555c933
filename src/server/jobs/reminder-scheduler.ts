// Runs the reminders of seed 000 §7.4 on cron schedules read on each organisation's clocks, started and
// stopped next to the SLA scheduler. Every server process may run one: each reminder is sent once whatever
// the number of processes (see reminders.ts).
import { asc } from 'drizzle-orm';
import type { AppContext } from '../context';
import { organizations } from '../db/schema';
import { type CronSchedule, cronMatches, parseCron } from './cron';
import { MinuteTicker } from './minute-ticker';
import { REMINDER_KINDS, type ReminderKind, sendDueReminders } from './reminders';

export const DEFAULT_REMINDER_CRONS: Record<ReminderKind, string> = {
  visit_24h: '*/15 * * * *',
  visit_2h: '*/15 * * * *',
  technician_day: '0 7 * * *',
  missing_photos: '0 * * * *',
  overdue: '0 * * * *',
  feedback: '0 * * * *',
};

export interface ReminderSchedulerOptions {
  crons?: Partial<Record<ReminderKind, string>>;
  log?: (message: string, details?: Record<string, unknown>) => void;
  onError?: (error: unknown) => void;
}

export class ReminderScheduler extends MinuteTicker {
  private readonly jobs: Array<{ kind: ReminderKind; schedule: CronSchedule }>;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: ReminderSchedulerOptions = {},
  ) {
    super(ctx.clock, opts.onError);
    this.jobs = REMINDER_KINDS.map((kind) => ({
      kind,
      schedule: parseCron(opts.crons?.[kind] ?? DEFAULT_REMINDER_CRONS[kind]),
    }));
  }

  /** Sends, per organisation, the reminders whose schedule matches one of `minutes` in its time zone. */
  async runMinutes(minutes: Date[]): Promise<{ organizations: number; sent: number }> {
    const orgs = await this.ctx.db
      .select({ id: organizations.id, timeZone: organizations.timeZone })
      .from(organizations)
      .orderBy(asc(organizations.id));
    let ran = 0;
    let sent = 0;
    for (const org of orgs) {
      const kinds = this.jobs
        .filter(({ schedule }) => minutes.some((minute) => cronMatches(schedule, minute, org.timeZone)))
        .map(({ kind }) => kind);
      if (kinds.length === 0) continue;
      const counts = await sendDueReminders(this.ctx, {
        organizationId: org.id,
        kinds,
        now: this.ctx.clock.now(),
      });
      ran++;
      const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
      sent += total;
      if (total > 0) this.opts.log?.('Reminders sent', { organizationId: org.id, ...counts });
    }
    return { organizations: ran, sent };
  }
}
