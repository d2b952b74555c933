import { describe, expect, it } from 'vitest';
import { addDays, isDate, periodFromParams, periodParams, todayIn } from './period';

const params = (query: string) => new URLSearchParams(query);

describe('report period from the URL', () => {
  it('defaults to the last 30 days grouped by day', () => {
    expect(periodFromParams(params(''), '2026-11-22')).toEqual({
      preset: '30d',
      dateFrom: '2026-10-24',
      dateTo: '2026-11-22',
      groupBy: 'day',
      problem: null,
    });
  });

  it('reads today, 7 days and the grouping', () => {
    expect(periodFromParams(params('period=today'), '2026-11-22')).toMatchObject({
      dateFrom: '2026-11-22',
      dateTo: '2026-11-22',
    });
    expect(periodFromParams(params('period=7d&groupBy=week'), '2026-03-02')).toMatchObject({
      dateFrom: '2026-02-24',
      dateTo: '2026-03-02',
      groupBy: 'week',
    });
  });

  it('ignores unknown presets and groupings', () => {
    expect(periodFromParams(params('period=year&groupBy=hour'), '2026-11-22')).toMatchObject({
      preset: '30d',
      groupBy: 'day',
    });
  });

  it('takes a custom range and says what is wrong with a bad one', () => {
    expect(periodFromParams(params('period=custom&from=2026-01-01&to=2026-01-31'), 'x')).toMatchObject({
      dateFrom: '2026-01-01',
      dateTo: '2026-01-31',
      problem: null,
    });
    expect(periodFromParams(params('period=custom&from=2026-02-30&to=2026-03-01'), 'x').problem).toBe(
      'missing',
    );
    expect(periodFromParams(params('period=custom&from=2026-02-02&to=2026-02-01'), 'x').problem).toBe(
      'order',
    );
    expect(periodFromParams(params('period=custom&from=2025-01-01&to=2026-01-02'), 'x').problem).toBe(
      'tooLong',
    );
  });

  it('writes presets without dates and custom ranges with them, keeping other parameters', () => {
    const custom = periodParams(params('tab=x&period=7d'), {
      preset: 'custom',
      dateFrom: '2026-01-01',
      dateTo: '2026-01-02',
    });
    expect(custom.toString()).toBe('tab=x&period=custom&from=2026-01-01&to=2026-01-02');
    expect(periodParams(custom, { preset: 'today' }).toString()).toBe('tab=x&period=today');
  });
});

describe('calendar helpers', () => {
  it('knows real dates, adds days across months and finds today in a time zone', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2026-02-29')).toBe(false);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(todayIn('Asia/Riyadh', new Date('2026-11-21T22:30:00Z'))).toBe('2026-11-22');
  });
});
