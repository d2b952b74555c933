// Five-field cron expressions (minute hour day-of-month month day-of-week), matched on an
// organisation's clock by croner.
import { Cron } from 'croner';

export interface CronSchedule {
  source: string;
}

export function parseCron(source: string): CronSchedule {
  const trimmed = source.trim();
  if (trimmed.split(/\s+/).length !== 5) {
    throw new RangeError(`Invalid cron "${source}": expected 5 fields (minute hour day month weekday).`);
  }
  try {
    new Cron(trimmed, { paused: true }).stop();
  } catch (error) {
    throw new RangeError(`Invalid cron "${source}": ${(error as Error).message}`);
  }
  return { source: trimmed };
}

export function isValidCron(source: string): boolean {
  try {
    parseCron(source);
    return true;
  } catch {
    return false;
  }
}

const matchers = new Map<string, Cron>();

/** Whether the minute that contains `at` matches the schedule in `timeZone`. */
export function cronMatches(schedule: CronSchedule, at: Date, timeZone: string): boolean {
  const key = `${timeZone} ${schedule.source}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = new Cron(schedule.source, { timezone: timeZone, paused: true });
    matchers.set(key, matcher);
  }
  return matcher.match(new Date(Math.floor(at.getTime() / 60_000) * 60_000));
}
