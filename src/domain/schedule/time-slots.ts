// Visit time slots (seed 000 §4.2 preferred time slot), as local wall-clock hours in the organisation's zone.
export const TIME_SLOTS = {
  morning: { startHour: 8, endHour: 12 },
  noon: { startHour: 12, endHour: 17 },
  evening: { startHour: 17, endHour: 23 },
} as const;

export type TimeSlot = keyof typeof TIME_SLOTS;

export interface SlotOptions {
  date: string;
  slot: TimeSlot;
  timeZone: string;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isTimeSlot(value: unknown): value is TimeSlot {
  return typeof value === 'string' && Object.hasOwn(TIME_SLOTS, value);
}

/** Parses a YYYY-MM-DD calendar date; undefined when malformed or not a real day (2025-02-30). */
export function parseDateOnly(value: unknown): { year: number; month: number; day: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  const real =
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  return real ? { year, month, day } : undefined;
}

export function isDateOnly(value: unknown): value is string {
  return parseDateOnly(value) !== undefined;
}

export function slotStartsAt(opts: SlotOptions): Date {
  return zonedWallTime(opts.date, TIME_SLOTS[opts.slot].startHour, opts.timeZone);
}

export function slotEndsAt(opts: SlotOptions): Date {
  return zonedWallTime(opts.date, TIME_SLOTS[opts.slot].endHour, opts.timeZone);
}

/** The instant at which clocks in `timeZone` read `date` `hour`:00. */
export function zonedWallTime(date: string, hour: number, timeZone: string): Date {
  const parts = parseDateOnly(date);
  if (!parts) throw new RangeError(`Invalid date "${date}", expected YYYY-MM-DD.`);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, hour);
  // Two passes settle on the offset in force at that wall time. A wall time skipped by a spring-forward
  // gap does not exist; it is read with the offset from before the gap (so 02:30 becomes 03:30).
  const first = wall - offsetMs(wall, timeZone);
  const second = wall - offsetMs(first, timeZone);
  return new Date(offsetMs(second, timeZone) === wall - second ? second : Math.max(first, second));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** UTC offset of `timeZone` at `instant`, in milliseconds (east positive). */
export function offsetMs(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}
