import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDateOnly,
  isTimeSlot,
  offsetMs,
  slotEndsAt,
  slotStartsAt,
  TIME_SLOTS,
  type TimeSlot,
  zonedWallTime,
} from './time-slots';

const iso = (d: Date) => d.toISOString();

function wallClock(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

describe('slotStartsAt / slotEndsAt', () => {
  it('uses the fixed UTC+3 offset in Asia/Riyadh', () => {
    const timeZone = 'Asia/Riyadh';
    expect(iso(slotStartsAt({ date: '2025-03-12', slot: 'morning', timeZone }))).toBe(
      '2025-03-12T05:00:00.000Z',
    );
    expect(iso(slotStartsAt({ date: '2025-03-12', slot: 'noon', timeZone }))).toBe(
      '2025-03-12T09:00:00.000Z',
    );
    expect(iso(slotStartsAt({ date: '2025-07-01', slot: 'evening', timeZone }))).toBe(
      '2025-07-01T14:00:00.000Z',
    );
    expect(iso(slotEndsAt({ date: '2025-07-01', slot: 'evening', timeZone }))).toBe(
      '2025-07-01T20:00:00.000Z',
    );
    expect(iso(slotEndsAt({ date: '2025-07-01', slot: 'morning', timeZone }))).toBe(
      '2025-07-01T09:00:00.000Z',
    );
  });

  it('follows Europe/Berlin across the spring-forward day', () => {
    const timeZone = 'Europe/Berlin';
    expect(iso(slotStartsAt({ date: '2025-03-29', slot: 'morning', timeZone }))).toBe(
      '2025-03-29T07:00:00.000Z',
    );
    expect(iso(slotStartsAt({ date: '2025-03-30', slot: 'morning', timeZone }))).toBe(
      '2025-03-30T06:00:00.000Z',
    );
    expect(iso(slotEndsAt({ date: '2025-03-30', slot: 'evening', timeZone }))).toBe(
      '2025-03-30T21:00:00.000Z',
    );
  });

  it('follows Europe/Berlin across the fall-back day', () => {
    const timeZone = 'Europe/Berlin';
    expect(iso(slotStartsAt({ date: '2025-10-25', slot: 'noon', timeZone }))).toBe(
      '2025-10-25T10:00:00.000Z',
    );
    expect(iso(slotStartsAt({ date: '2025-10-26', slot: 'noon', timeZone }))).toBe(
      '2025-10-26T11:00:00.000Z',
    );
  });

  it('handles half-hour offsets and the southern hemisphere', () => {
    const morning = (date: string, timeZone: string) =>
      iso(slotStartsAt({ date, slot: 'morning', timeZone }));
    expect(morning('2025-01-15', 'Asia/Kolkata')).toBe('2025-01-15T02:30:00.000Z');
    expect(morning('2025-01-15', 'Australia/Sydney')).toBe('2025-01-14T21:00:00.000Z');
    expect(morning('2025-07-15', 'Australia/Sydney')).toBe('2025-07-14T22:00:00.000Z');
    expect(morning('2025-03-09', 'America/New_York')).toBe('2025-03-09T12:00:00.000Z');
  });

  it('reads a wall time skipped by a DST gap with the offset from before the gap', () => {
    expect(iso(zonedWallTime('2025-03-30', 2, 'Europe/Berlin'))).toBe('2025-03-30T01:00:00.000Z');
  });

  it('lands on the slot hour of the requested local day, for any day and zone', () => {
    const zones = [
      'Asia/Riyadh',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Sydney',
      'Asia/Kolkata',
      'UTC',
    ];
    const day = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2040-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        fc.constantFrom(...(Object.keys(TIME_SLOTS) as TimeSlot[])),
        fc.constantFrom(...zones),
        (date, slot, timeZone) => {
          const start = slotStartsAt({ date, slot, timeZone });
          const hour = String(TIME_SLOTS[slot].startHour).padStart(2, '0');
          expect(wallClock(start, timeZone)).toBe(`${date} ${hour}:00`);
          expect(slotEndsAt({ date, slot, timeZone }).getTime()).toBeGreaterThan(start.getTime());
        },
      ),
    );
  });

  it('rejects malformed dates and unknown zones', () => {
    expect(() => slotStartsAt({ date: '2025-02-29', slot: 'noon', timeZone: 'UTC' })).toThrow(RangeError);
    expect(() => slotStartsAt({ date: '2025-3-1', slot: 'noon', timeZone: 'UTC' })).toThrow(RangeError);
    expect(() => slotStartsAt({ date: '2025-03-01', slot: 'noon', timeZone: 'Mars/Olympus' })).toThrow(
      RangeError,
    );
  });
});

describe('helpers', () => {
  it('isDateOnly accepts real calendar days only', () => {
    expect(isDateOnly('2024-02-29')).toBe(true);
    expect(isDateOnly('2025-02-29')).toBe(false);
    expect(isDateOnly('2025-13-01')).toBe(false);
    expect(isDateOnly('2025-01-01T00:00')).toBe(false);
    expect(isDateOnly(20250101)).toBe(false);
  });

  it('isTimeSlot knows the three slots', () => {
    expect(['morning', 'noon', 'evening'].every(isTimeSlot)).toBe(true);
    expect(isTimeSlot('night')).toBe(false);
    expect(isTimeSlot('toString')).toBe(false);
  });

  it('offsetMs reports east-positive offsets', () => {
    expect(offsetMs(Date.parse('2025-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(offsetMs(Date.parse('2025-01-01T00:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
  });
});
