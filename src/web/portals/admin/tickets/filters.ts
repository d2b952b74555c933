// The filters of Tickets Management (seed 000 §4.6) live in the URL, so a filtered view can be shared
// and the back button steps through filter changes. One parser, one serializer.
import { TICKET_STATUSES, type TicketStatus } from '../../../../domain/lifecycle/types';
import { PRIORITIES, type Priority } from '../../../../domain/tickets';

export interface TicketFilters {
  status: TicketStatus[];
  priority: Priority[];
  technicianId: string;
  city: string;
  dateFrom: string;
  dateTo: string;
  search: string;
}

export const NO_FILTERS: TicketFilters = {
  status: [],
  priority: [],
  technicianId: '',
  city: '',
  dateFrom: '',
  dateTo: '',
  search: '',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function listOf<T extends string>(text: string | null, allowed: readonly T[]): T[] {
  if (!text) return [];
  const wanted = new Set(text.split(','));
  return allowed.filter((value) => wanted.has(value));
}

/** Unknown or malformed values are dropped rather than sent to the server to be refused. */
export function filtersFromParams(params: URLSearchParams): TicketFilters {
  const date = (name: string) => {
    const value = params.get(name) ?? '';
    return DATE.test(value) ? value : '';
  };
  const technicianId = params.get('technicianId') ?? '';
  return {
    status: listOf(params.get('status'), TICKET_STATUSES),
    priority: listOf(params.get('priority'), PRIORITIES),
    technicianId: UUID.test(technicianId) ? technicianId : '',
    city: (params.get('city') ?? '').slice(0, 60),
    dateFrom: date('dateFrom'),
    dateTo: date('dateTo'),
    search: (params.get('search') ?? '').slice(0, 100),
  };
}

/** The API's query for these filters: lists as comma-separated text, empty values left out. */
export function filtersQuery(filters: TicketFilters): Record<string, string | undefined> {
  const search = filters.search.trim();
  return {
    status: filters.status.join(',') || undefined,
    priority: filters.priority.join(',') || undefined,
    technicianId: filters.technicianId || undefined,
    city: filters.city || undefined,
    dateFrom: filters.dateFrom || undefined,
    dateTo: filters.dateTo || undefined,
    // The server wants 2 characters or more; one character would only be refused.
    search: search.length >= 2 ? search : undefined,
  };
}

/** New URL parameters: the filters replaced, the page cursor dropped, other parameters (view) kept. */
export function paramsWithFilters(current: URLSearchParams, filters: TicketFilters): URLSearchParams {
  const next = new URLSearchParams(current);
  next.delete('cursor');
  for (const [name, value] of Object.entries(filtersQuery(filters))) {
    if (value === undefined) next.delete(name);
    else next.set(name, value);
  }
  // Keep a one-character search in the URL so the box does not lose what is being typed.
  if (filters.search && !next.has('search')) next.set('search', filters.search);
  return next;
}

export const activeFilterCount = (filters: TicketFilters): number =>
  [
    filters.status.length > 0,
    filters.priority.length > 0,
    filters.technicianId,
    filters.city,
    filters.dateFrom || filters.dateTo,
    filters.search.trim().length >= 2,
  ].filter(Boolean).length;
