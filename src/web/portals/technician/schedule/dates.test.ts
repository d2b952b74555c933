import { describe, expect, it } from 'vitest';
import { addDays, isDateOnly, todayIn, weekOf } from './dates';

describe('schedule dates', () => {
  it('reads today in the organisation time zone', () => {
    // 22:30 UTC on the 21st is already the 22nd in Riyadh (UTC+3).
    expect(todayIn('Asia/Riyadh', new Date('2026-11-21T22:30:00Z'))).toBe('2026-11-22');
    expect(todayIn('UTC', new Date('2026-11-21T22:30:00Z'))).toBe('2026-11-21');
  });

  it('moves by days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('gives the Sunday-to-Saturday week of a date', () => {
    expect(weekOf('2026-11-25')).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
    ]);
    expect(weekOf('2026-11-22')[0]).toBe('2026-11-22');
  });

  it('accepts only real dates', () => {
    expect(isDateOnly('2026-11-22')).toBe(true);
    expect(isDateOnly('2026-13-01')).toBe(false);
    expect(isDateOnly('22/11/2026')).toBe(false);
    expect(isDateOnly(null)).toBe(false);
  });
});
