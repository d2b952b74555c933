import { describe, expect, it } from 'vitest';
import { activeFilterCount, filtersFromParams, filtersQuery, NO_FILTERS, paramsWithFilters } from './filters';

describe('Tickets Management filters in the URL', () => {
  it('reads every filter and drops values the server would refuse', () => {
    const params = new URLSearchParams(
      'status=new,lost,assigned&priority=urgent,top&technicianId=not-a-uuid&city=riyadh&dateFrom=2026-11-01&dateTo=22/11/2026&search=محمد',
    );
    expect(filtersFromParams(params)).toEqual({
      status: ['new', 'assigned'],
      priority: ['urgent'],
      technicianId: '',
      city: 'riyadh',
      dateFrom: '2026-11-01',
      dateTo: '',
      search: 'محمد',
    });
    expect(filtersFromParams(new URLSearchParams())).toEqual(NO_FILTERS);
  });

  it('sends lists comma-separated and leaves out empty values and one-character searches', () => {
    expect(filtersQuery({ ...NO_FILTERS, status: ['new', 'scheduled'], search: ' a ' })).toEqual({
      status: 'new,scheduled',
      priority: undefined,
      technicianId: undefined,
      city: undefined,
      dateFrom: undefined,
      dateTo: undefined,
      search: undefined,
    });
  });

  it('replaces the filters, drops the page cursor and keeps the view', () => {
    const current = new URLSearchParams('view=map&cursor=abc&city=jeddah&status=new');
    const next = paramsWithFilters(current, { ...NO_FILTERS, city: 'riyadh', priority: ['high'] });
    expect(Object.fromEntries(next)).toEqual({ view: 'map', city: 'riyadh', priority: 'high' });
    // A one-character search stays in the URL (the box keeps it) but is not sent to the server.
    expect(paramsWithFilters(current, { ...NO_FILTERS, search: 'x' }).get('search')).toBe('x');
  });

  it('counts the filters in use (the date range is one)', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(
      activeFilterCount({
        ...NO_FILTERS,
        status: ['new'],
        dateFrom: '2026-11-01',
        dateTo: '2026-11-02',
        search: 'ab',
      }),
    ).toBe(3);
  });
});
