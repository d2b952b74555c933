// Business calendars: working intervals per weekday in an IANA zone, holidays, and working-time arithmetic.
import { offsetMs, parseDateOnly } from '../schedule/time-slots';

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WorkingInterval {
  start: string;
  end: string;
}

export interface BusinessCalendar {
  timeZone: string;
  /** 0 = Sunday. An end of '24:00' means midnight at the end of that day. */
  weeklyHours: Record<Weekday, WorkingInterval[]>;
  /** 'YYYY-MM-DD' local dates in `timeZone` with no working time. */
  holidays: string[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS: Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
// A calendar with weekly hours can only run out of working days through holidays; ten idle years means a bug.
const MAX_IDLE_DAYS = 3660;

const SAUDI_DAY = [{ start: '08:00', end: '17:00' }];
const FULL_DAY = [{ start: '00:00', end: '24:00' }];

export const SAUDI_CALENDAR: BusinessCalendar = {
  timeZone: 'Asia/Riyadh',
  weeklyHours: { 0: SAUDI_DAY, 1: SAUDI_DAY, 2: SAUDI_DAY, 3: SAUDI_DAY, 4: SAUDI_DAY, 5: [], 6: [] },
  holidays: [],
};

/** Wall-clock targets: every minute counts. */
export const ALWAYS_CALENDAR: BusinessCalendar = {
  timeZone: 'UTC',
  weeklyHours: { 0: FULL_DAY, 1: FULL_DAY, 2: FULL_DAY, 3: FULL_DAY, 4: FULL_DAY, 5: FULL_DAY, 6: FULL_DAY },
  holidays: [],
};

interface PreparedCalendar {
  timeZone: string;
  /** Per weekday, merged [startMinute, endMinute) pairs of local wall time. */
  weekly: Array<Array<[number, number]>>;
  holidays: Set<string>;
  /** Every day fully working and no holidays: working time is wall time, no calendar walk needed. */
  continuous: boolean;
}

type Span = [number, number];

const knownZones = new Set<string>();

function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(`Unknown time zone "${timeZone}", expected an IANA name such as "Asia/Riyadh".`);
  }
  knownZones.add(timeZone);
}

function parseMinute(value: string, isEnd: boolean): number {
  if (isEnd && value === '24:00') return 24 * 60;
  const match = HHMM.exec(value);
  if (!match) throw new RangeError(`Invalid working time "${value}", expected HH:MM (00:00–23:59).`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function prepareDay(day: Weekday, intervals: WorkingInterval[] | undefined): Span[] {
  const spans = (intervals ?? []).map(({ start, end }): Span => {
    const span: Span = [parseMinute(start, false), parseMinute(end, true)];
    if (span[1] <= span[0]) {
      throw new RangeError(`Working interval ${start}–${end} on weekday ${day} must end after it starts.`);
    }
    return span;
  });
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

// Calendars are values: prepared once per object (a changed calendar is a new object).
const prepared = new WeakMap<BusinessCalendar, PreparedCalendar>();

function prepare(calendar: BusinessCalendar): PreparedCalendar {
  let cal = prepared.get(calendar);
  if (!cal) {
    cal = prepareCalendar(calendar);
    prepared.set(calendar, cal);
  }
  return cal;
}

function prepareCalendar(calendar: BusinessCalendar): PreparedCalendar {
  assertTimeZone(calendar.timeZone);
  for (const holiday of calendar.holidays) {
    if (!parseDateOnly(holiday)) throw new RangeError(`Invalid holiday "${holiday}", expected YYYY-MM-DD.`);
  }
  const weekly = WEEKDAYS.map((day) => prepareDay(day, calendar.weeklyHours[day]));
  if (weekly.every((spans) => spans.length === 0)) {
    throw new RangeError('A business calendar needs at least one working interval in the week.');
  }
  const continuous =
    calendar.holidays.length === 0 &&
    weekly.every((spans) => spans.length === 1 && spans[0]?.[0] === 0 && spans[0]?.[1] === 24 * 60);
  return { timeZone: calendar.timeZone, weekly, holidays: new Set(calendar.holidays), continuous };
}

/** The instant at which clocks in `timeZone` show `wall` (a local time encoded as UTC epoch ms). */
function wallToInstant(wall: number, timeZone: string): number {
  const first = wall - offsetMs(wall, timeZone);
  const second = wall - offsetMs(first, timeZone);
  // Same rule as zonedWallTime: a wall time skipped by a spring-forward gap lands after the gap.
  return offsetMs(second, timeZone) === wall - second ? second : Math.max(first, second);
}

/** Local midnight of the day containing `instant`, encoded as UTC epoch ms. */
function localDay(instant: number, timeZone: string): number {
  const wall = instant + offsetMs(instant, timeZone);
  return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Working spans of one local day as instants; DST can shrink a span to nothing, which is dropped. */
function daySpans(cal: PreparedCalendar, day: number): Span[] {
  const date = new Date(day);
  if (cal.holidays.has(date.toISOString().slice(0, 10))) return [];
  const spans = cal.weekly[date.getUTCDay()] ?? [];
  return spans
    .map(
      ([s, e]): Span => [
        wallToInstant(day + s * MINUTE_MS, cal.timeZone),
        wallToInstant(day + e * MINUTE_MS, cal.timeZone),
      ],
    )
    .filter(([s, e]) => e > s);
}

/** Visits working spans from the day containing `from`, in order, until `visit` returns true. */
function eachSpan(cal: PreparedCalendar, from: number, visit: (span: Span) => boolean): void {
  let idle = 0;
  for (let day = localDay(from, cal.timeZone); idle < MAX_IDLE_DAYS; day += DAY_MS) {
    const spans = daySpans(cal, day);
    idle = spans.length === 0 ? idle + 1 : 0;
    for (const span of spans) if (visit(span)) return;
  }
  throw new RangeError(`No working time found within ${MAX_IDLE_DAYS} days; check the calendar's holidays.`);
}

function assertDate(value: Date, name: string): number {
  const time = value.getTime();
  if (Number.isNaN(time)) throw new RangeError(`${name} is not a valid date.`);
  return time;
}

export function addWorkingMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`Working minutes must be a finite number ≥ 0, got ${minutes}.`);
  }
  const cal = prepare(calendar);
  const from = assertDate(start, 'start');
  let remaining = Math.round(minutes * MINUTE_MS);
  if (cal.continuous) return new Date(from + remaining);
  let result = from;
  eachSpan(cal, from, ([s, e]) => {
    const begin = Math.max(s, from);
    // Zero minutes at the very end of a span may stay there; otherwise an exhausted span is skipped.
    if (e < begin || (e === begin && remaining > 0)) return false;
    if (remaining <= e - begin) {
      result = begin + remaining;
      return true;
    }
    remaining -= e - begin;
    return false;
  });
  return new Date(result);
}

export function workingMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const cal = prepare(calendar);
  const a = assertDate(from, 'from');
  const b = assertDate(to, 'to');
  if (b <= a) return 0;
  if (cal.continuous) return (b - a) / MINUTE_MS;
  let total = 0;
  eachSpan(cal, a, ([s, e]) => {
    if (s >= b) return true;
    total += Math.max(0, Math.min(e, b) - Math.max(s, a));
    return false;
  });
  return total / MINUTE_MS;
}

export function isWorkingInstant(calendar: BusinessCalendar, at: Date): boolean {
  const cal = prepare(calendar);
  const t = assertDate(at, 'at');
  return daySpans(cal, localDay(t, cal.timeZone)).some(([s, e]) => s <= t && t < e);
}
