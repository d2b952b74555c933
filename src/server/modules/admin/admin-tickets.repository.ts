// The admin ticket list: filters, search, sort, offset or keyset pages, and the exact total.
// Every condition starts with organization_id so the (organization_id, status, created_at, id) and
// (organization_id, created_at, id) indexes serve the page, and the trigram index serves the search.
import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import type { SlaHistoryRow } from '../../../domain/sla';
import type { Priority } from '../../../domain/tickets';
import { normalizeSaudiMobile } from '../../../domain/validations';
import type { Executor } from '../../db/connection';
import { technicians, ticketStatusHistory, tickets, users } from '../../db/schema';
import { AppError } from '../../errors';
import { slaSetupVersionOf } from '../tickets/sla-setup';
import {
  type TechnicianRef,
  type TicketSummaryRow,
  ticketSummaryColumns,
} from '../tickets/tickets.repository';
import type { TicketSort } from './admin.schemas';

export interface TicketListFilters {
  organizationId: string;
  statuses?: TicketStatus[];
  priorities?: Priority[];
  technicianId?: string;
  city?: string;
  /** created_at >= createdFrom */
  createdFrom?: Date;
  /** created_at < createdBefore */
  createdBefore?: Date;
  /** The raw search term as typed (2..100 characters). */
  search?: string;
  /** A further condition of the caller's scope (a supervisor's team). */
  within?: SQL;
}

/** Position after the last row of a page: created_at with microseconds (as text) and id. */
export interface TicketCursor {
  createdAt: string;
  id: string;
}

export type TicketListRow = TicketSummaryRow & {
  scheduledStartAt: Date | null;
  cursorAt: string;
  technician: TechnicianRef | null;
  /** Empty unless the page was read `withSla`. */
  slaHistory: SlaHistoryRow[];
};

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: TicketCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): TicketCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      CURSOR_TIME.test(value[0]) &&
      UUID.test(value[1])
    ) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // falls through to the refusal below
  }
  throw new AppError('validation_failed', 'The cursor is not valid.', {
    issues: [{ path: 'querystring.cursor', message: 'Use nextCursor from the previous page.' }],
  });
}

/** Escapes LIKE's wildcards so a term matches literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const PHONE_LIKE = /^\+?[\d\s-]+$/;

/**
 * What to look for in search_text. A term that looks like a phone is brought to the stored form
 * (05xxxxxxxx): +9665…, 009665… and 5xxxxxxxx match, and so do partial numbers typed with +966.
 */
export function searchTerm(raw: string): string {
  const term = raw.trim();
  if (!PHONE_LIKE.test(term)) return term;
  const full = normalizeSaudiMobile(term);
  if (full) return full;
  const digits = term.replace(/[\s-]/g, '');
  const international = /^(?:\+966|00966)(\d*)$/.exec(digits);
  if (international) return `0${international[1]}`;
  return digits.replace(/^\+/, '') || term;
}

export function ticketListConditions(filters: TicketListFilters): SQL {
  const conditions: SQL[] = [eq(tickets.organizationId, filters.organizationId)];
  if (filters.statuses?.length) {
    conditions.push(
      filters.statuses.length === 1
        ? eq(tickets.status, filters.statuses[0] as TicketStatus)
        : inArray(tickets.status, filters.statuses),
    );
  }
  if (filters.priorities?.length) {
    conditions.push(
      filters.priorities.length === 1
        ? eq(tickets.priority, filters.priorities[0] as Priority)
        : inArray(tickets.priority, filters.priorities),
    );
  }
  if (filters.within) conditions.push(filters.within);
  if (filters.technicianId) conditions.push(eq(tickets.technicianId, filters.technicianId));
  if (filters.city) conditions.push(eq(tickets.customerCity, filters.city));
  if (filters.createdFrom) conditions.push(gte(tickets.createdAt, filters.createdFrom));
  if (filters.createdBefore) conditions.push(lt(tickets.createdAt, filters.createdBefore));
  if (filters.search) {
    // The pattern is a bound value known at planning time, so the GIN trigram index applies.
    const pattern = `%${escapeLike(searchTerm(filters.search))}%`;
    conditions.push(sql`${tickets.searchText} LIKE lower(${pattern})`);
  }
  return and(...conditions) as SQL;
}

const PRIORITY_RANK = sql`CASE ${tickets.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

// The indexes are (…, created_at DESC NULLS LAST, id DESC NULLS LAST): the ORDER BY must name the same
// null ordering (or its exact reverse) for PostgreSQL to read rows in index order and stop at the limit.
const newestFirst = [sql`${tickets.createdAt} DESC NULLS LAST`, sql`${tickets.id} DESC NULLS LAST`];
const oldestFirst = [sql`${tickets.createdAt} ASC NULLS FIRST`, sql`${tickets.id} ASC NULLS FIRST`];

const ORDER: Record<TicketSort, SQL[]> = {
  newest: newestFirst,
  oldest: oldestFirst,
  priority: [PRIORITY_RANK, ...newestFirst],
  updated: [sql`${tickets.updatedAt} DESC`, sql`${tickets.id} DESC`],
};

/** created_at with its microseconds: a JavaScript Date would drop them and break the keyset. */
const cursorAt = sql<string>`to_char(${tickets.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One page of the list in two round trips. First the matching ids in order: the indexes stop at the limit,
 * and the statement is planned for its values (a search's selectivity decides the plan). Then those
 * tickets' summary columns, the assigned technician's name and phone, and with `withSla` each ticket's
 * status history (as the SLA engine reads it) and the organisation's SLA setup stamp: one prepared
 * statement whose plan does not depend on the filters, so PostgreSQL plans it once per connection.
 */
export async function listTicketPage(
  db: Executor,
  opts: {
    filters: TicketListFilters;
    sort: TicketSort;
    limit: number;
    offset: number;
    cursor?: TicketCursor;
    withSla?: boolean;
  },
): Promise<{ rows: TicketListRow[]; hasMore: boolean; slaSetupVersion: number | null }> {
  let where = ticketListConditions(opts.filters);
  if (opts.cursor) {
    const position = sql`(${opts.cursor.createdAt}::timestamptz, ${opts.cursor.id}::uuid)`;
    const after =
      opts.sort === 'oldest'
        ? sql`(${tickets.createdAt}, ${tickets.id}) > ${position}`
        : sql`(${tickets.createdAt}, ${tickets.id}) < ${position}`;
    where = and(where, after) as SQL;
  }
  const matches = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(where)
    .orderBy(...ORDER[opts.sort])
    .limit(opts.limit + 1)
    .offset(opts.cursor ? 0 : opts.offset);
  const hasMore = matches.length > opts.limit;
  const ids = matches.slice(0, opts.limit).map((match) => match.id);
  if (ids.length === 0) return { rows: [], hasMore, slaSetupVersion: null };

  const queries = pageQueriesOf(db);
  const found = await (opts.withSla ? queries.withSla : queries.plain).execute({
    ids,
    organizationId: opts.filters.organizationId,
  });
  const byId = new Map(found.map((row) => [row.id, row]));
  const rows: TicketListRow[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (row) rows.push(toListRow(row));
  }
  return { rows, hasMore, slaSetupVersion: found[0]?.slaSetupVersion ?? null };
}

type PageRow = Awaited<ReturnType<ReturnType<typeof pageQueries>['withSla']['execute']>>[number];

function toListRow({ technicianName, technicianPhone, slaHistory, slaSetupVersion: _, ...row }: PageRow) {
  return {
    ...row,
    technician:
      row.technicianId && technicianName !== null
        ? { id: row.technicianId, name: technicianName, phone: technicianPhone }
        : null,
    slaHistory: slaHistory.map(([fromStatus, toStatus, at]) => ({
      fromStatus,
      toStatus,
      at: new Date(at),
    })),
  };
}

/** The page's rows by id, with and without what the SLA engine reads. */
function pageQueries(db: Executor) {
  const rowsOf = (withSla: boolean) =>
    db
      .select({
        ...ticketSummaryColumns,
        scheduledStartAt: tickets.scheduledStartAt,
        cursorAt,
        technicianName: users.name,
        technicianPhone: users.phone,
        slaHistory: withSla ? slaHistoryJson : noHistory,
        slaSetupVersion: withSla
          ? (slaSetupVersionOf(sql.placeholder('organizationId')) as SQL<number | null>)
          : noVersion,
      })
      .from(tickets)
      .leftJoin(technicians, eq(technicians.id, tickets.technicianId))
      .leftJoin(users, eq(users.id, technicians.userId))
      .where(
        and(
          sql`${tickets.id} = any(${sql.placeholder('ids')}::uuid[])`,
          eq(tickets.organizationId, sql.placeholder('organizationId')),
        ),
      )
      .prepare(withSla ? 'admin_ticket_page_rows_sla' : 'admin_ticket_page_rows');
  return { withSla: rowsOf(true), plain: rowsOf(false) };
}

const preparedPageQueries = new WeakMap<Executor, ReturnType<typeof pageQueries>>();

function pageQueriesOf(db: Executor): ReturnType<typeof pageQueries> {
  let queries = preparedPageQueries.get(db);
  if (!queries) {
    queries = pageQueries(db);
    preparedPageQueries.set(db, queries);
  }
  return queries;
}

type HistoryTriple = [TicketStatus | null, TicketStatus, number];
const noHistory = sql<HistoryTriple[]>`'[]'::json`;
const noVersion = sql<number | null>`null`;

/** A ticket's status history as [from, to, epoch ms] triples, oldest first. */
const slaHistoryJson = sql<HistoryTriple[]>`(
  select coalesce(json_agg(json_build_array(h.from_status, h.to_status, floor(extract(epoch from h.created_at) * 1000))
                           order by h.created_at, h.seq), '[]')
  from ${ticketStatusHistory} h where h.ticket_id = ${tickets.id})`;

/** The exact number of tickets matching `filters`, served by the same indexes as the page. */
export async function countTickets(db: Executor, filters: TicketListFilters): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(tickets)
    .where(ticketListConditions(filters));
  return row?.total ?? 0;
}

/**
 * The number of matching tickets, counted up to `cap` and no further: counting a million matches for
 * a badge would cost more than the page itself. `capped` says there are more than `cap`.
 */
export async function countTicketsUpTo(
  db: Executor,
  filters: TicketListFilters,
  cap: number,
): Promise<{ total: number; capped: boolean }> {
  const matches = db
    .select({ one: sql`1`.as('one') })
    .from(tickets)
    .where(ticketListConditions(filters))
    .limit(cap + 1)
    .as('matches');
  const [row] = await db.select({ total: sql<number>`count(*)::int` }).from(matches);
  const total = row?.total ?? 0;
  return total > cap ? { total: cap, capped: true } : { total, capped: false };
}
