// Business calendar arithmetic: Riyadh week, holidays, DST, validation and the add/between round trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS_CALENDAR,
  addWorkingMinutes,
  type BusinessCalendar,
  isWorkingInstant,
  SAUDI_CALENDAR,
  workingMinutesBetween,
} from './calendar';

const at = (iso: string) => new Date(iso);
const add = (cal: BusinessCalendar, iso: string, minutes: number) =>
  addWorkingMinutes(cal, at(iso), minutes).toISOString();

const NINE_TO_FIVE = [{ start: '09:00', end: '17:00' }];
const berlinWeekdays: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    0: [],
    1: NINE_TO_FIVE,
    2: NINE_TO_FIVE,
    3: NINE_TO_FIVE,
    4: NINE_TO_FIVE,
    5: NINE_TO_FIVE,
    6: [],
  },
  holidays: [],
};
const allDay = (timeZone: string): BusinessCalendar => ({ ...ALWAYS_CALENDAR, timeZone });

describe('Saudi calendar (Sunday–Thursday 08:00–17:00, Asia/Riyadh = UTC+3)', () => {
  it('counts a working day of 540 minutes and rolls into the next morning', () => {
    // 2026-11-22 is a Sunday; 08:00 in Riyadh is 05:00Z.
    expect(add(SAUDI_CALENDAR, '2026-11-22T05:00:00Z', 540)).toBe('2026-11-22T14:00:00.000Z');
    expect(add(SAUDI_CALENDAR, '2026-11-22T05:00:00Z', 541)).toBe('2026-11-23T05:01:00.000Z');
  });

  it('skips the Friday–Saturday weekend', () => {
    expect(add(SAUDI_CALENDAR, '2026-11-22T05:00:00Z', 5 * 540)).toBe('2026-11-26T14:00:00.000Z');
    expect(add(SAUDI_CALENDAR, '2026-11-22T05:00:00Z', 5 * 540 + 1)).toBe('2026-11-29T05:01:00.000Z');
  });

  it('starts a Friday request on Sunday morning', () => {
    expect(add(SAUDI_CALENDAR, '2026-11-27T10:00:00Z', 60)).toBe('2026-11-29T06:00:00.000Z');
    expect(isWorkingInstant(SAUDI_CALENDAR, at('2026-11-27T10:00:00Z'))).toBe(false);
  });

  it('starts an overnight request at the next opening', () => {
    // Monday 23:00 local → Tuesday 08:30 local.
    expect(add(SAUDI_CALENDAR, '2026-11-23T20:00:00Z', 30)).toBe('2026-11-24T05:30:00.000Z');
    expect(add(SAUDI_CALENDAR, '2026-11-23T20:00:00Z', 0)).toBe('2026-11-24T05:00:00.000Z');
  });

  it('skips a holiday', () => {
    const cal = { ...SAUDI_CALENDAR, holidays: ['2026-11-24'] };
    // Monday 16:00 local: one hour Monday, Tuesday off, one hour Wednesday.
    expect(add(cal, '2026-11-23T13:00:00Z', 120)).toBe('2026-11-25T06:00:00.000Z');
    expect(workingMinutesBetween(cal, at('2026-11-23T05:00:00Z'), at('2026-11-26T05:00:00Z'))).toBe(1080);
    expect(isWorkingInstant(cal, at('2026-11-24T08:00:00Z'))).toBe(false);
  });

  it('reports working instants with the interval end excluded', () => {
    expect(isWorkingInstant(SAUDI_CALENDAR, at('2026-11-22T05:00:00Z'))).toBe(true);
    expect(isWorkingInstant(SAUDI_CALENDAR, at('2026-11-22T13:59:59Z'))).toBe(true);
    expect(isWorkingInstant(SAUDI_CALENDAR, at('2026-11-22T14:00:00Z'))).toBe(false);
  });

  it('jumps interval by interval: a 30-day wall target and a long business target are fast', () => {
    const started = performance.now();
    expect(add(ALWAYS_CALENDAR, '2026-01-01T00:00:00Z', 43_200)).toBe('2026-01-31T00:00:00.000Z');
    // 43,200 / 540 = 80 working days = 16 weeks, ending on the Thursday 15 weeks + 4 days later.
    expect(add(SAUDI_CALENDAR, '2026-11-22T05:00:00Z', 43_200)).toBe('2027-03-11T14:00:00.000Z');
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('daylight saving time', () => {
  it('keeps local opening hours across the Berlin spring-forward weekend', () => {
    // Friday 16:00 CET (15:00Z) + 2 h → Monday 10:00 CEST (08:00Z).
    expect(add(berlinWeekdays, '2026-03-27T15:00:00Z', 120)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('counts a 23-hour day in Berlin and a 25-hour day in New York', () => {
    const berlin = allDay('Europe/Berlin');
    expect(workingMinutesBetween(berlin, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(1380);
    const newYork = allDay('America/New_York');
    expect(workingMinutesBetween(newYork, at('2026-11-01T04:00:00Z'), at('2026-11-02T05:00:00Z'))).toBe(1500);
  });

  it('measures a 01:00–03:00 shift on the New York fall-back night as three hours', () => {
    const night = [{ start: '01:00', end: '03:00' }];
    const cal: BusinessCalendar = {
      timeZone: 'America/New_York',
      weeklyHours: { 0: night, 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] },
      holidays: [],
    };
    expect(workingMinutesBetween(cal, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z'))).toBe(180);
    expect(add(cal, '2026-11-01T00:00:00Z', 180)).toBe('2026-11-01T08:00:00.000Z');
  });
});

describe('validation', () => {
  const withMonday = (intervals: Array<{ start: string; end: string }>): BusinessCalendar => ({
    ...SAUDI_CALENDAR,
    weeklyHours: { ...SAUDI_CALENDAR.weeklyHours, 1: intervals },
  });
  const now = at('2026-11-22T05:00:00Z');

  it('rejects an interval that does not end after it starts', () => {
    expect(() => addWorkingMinutes(withMonday([{ start: '17:00', end: '08:00' }]), now, 1)).toThrow(
      /end after/,
    );
  });

  it('rejects a malformed time', () => {
    expect(() => addWorkingMinutes(withMonday([{ start: '8:00', end: '17:00' }]), now, 1)).toThrow(
      RangeError,
    );
    expect(() => addWorkingMinutes(withMonday([{ start: '08:00', end: '25:00' }]), now, 1)).toThrow(/HH:MM/);
  });

  it('rejects an unknown time zone, a bad holiday and negative minutes', () => {
    expect(() => isWorkingInstant({ ...SAUDI_CALENDAR, timeZone: 'Mars/Olympus' }, now)).toThrow(/time zone/);
    expect(() => isWorkingInstant({ ...SAUDI_CALENDAR, holidays: ['2026-02-30'] }, now)).toThrow(/holiday/);
    expect(() => addWorkingMinutes(SAUDI_CALENDAR, now, -1)).toThrow(RangeError);
  });

  it('rejects a week without working time', () => {
    const empty = { ...SAUDI_CALENDAR, weeklyHours: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] } };
    expect(() => addWorkingMinutes(empty, now, 1)).toThrow(/at least one/);
  });
});

describe('round trip', () => {
  it('workingMinutesBetween(start, addWorkingMinutes(start, m)) = m', () => {
    const calendars = [SAUDI_CALENDAR, berlinWeekdays, allDay('America/New_York')];
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.integer({ min: 0, max: 20_000 }),
        (cal, start, minutes) => {
          const due = addWorkingMinutes(cal, new Date(start), minutes);
          expect(workingMinutesBetween(cal, new Date(start), due)).toBe(minutes);
        },
      ),
    );
  });
});
