// Calendar dates (YYYY-MM-DD) for the schedule: today in the organisation's time zone, days and
// weeks around it. Dates are handled as UTC midnights, so no local time zone shifts them.
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export const isDateOnly = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/** The seven days of the week holding `date`; weeks start on Sunday, as in Saudi Arabia. */
export function weekOf(date: string): string[] {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const sunday = addDays(date, -weekday);
  return Array.from({ length: 7 }, (_, index) => addDays(sunday, index));
}
