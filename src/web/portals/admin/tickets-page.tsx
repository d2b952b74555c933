// /admin/tickets — Tickets Management (seed 000 §1.2, §3.3, §4.6): the count badge, the Grid / Map
// toggle and the filters, all kept in the URL (?view=map&status=new,assigned&city=riyadh&…), so a view
// can be shared and the back button steps through it. The grid pages by key: ?cursor= holds the
// position, and the cursors of the pages before it ride in the history entry for "Previous". The grid
// and its count follow the organisation's ticket changes live (use-live-tickets.ts).
import { useCallback, useId, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { Role } from '../../../domain/lifecycle/types';
import { useSession } from '../../api/session';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import './tickets/tickets.css';
import {
  type AdminTicket,
  type BulkAssignOutcome,
  type GridSort,
  useTicketCount,
  useTicketList,
} from './tickets/api';
import { AssignDialog } from './tickets/assign-dialog';
import { BulkAssignDialog, BulkOutcome, ExportButtons } from './tickets/bulk-actions';
import { FilterBar } from './tickets/filter-bar';
import { filtersFromParams, paramsWithFilters, type TicketFilters } from './tickets/filters';
import { ScheduleDialog } from './tickets/schedule-dialog';
import { type CardAction, TicketCard } from './tickets/ticket-card';
import { TicketsMapView } from './tickets/tickets-map-view';
import { useLiveTickets } from './tickets/use-live-tickets';

type View = 'grid' | 'map';

type OpenDialog =
  | { kind: 'assign' | 'reassign'; ticket: { id: string; ticketNumber: string } }
  | { kind: 'schedule'; ticket: AdminTicket }
  | { kind: 'bulk' }
  | null;

interface PageTrail {
  /** Cursors of the pages before this one ('' = the first page). */
  trail: string[];
}

function ViewToggle({ view, params }: { view: View; params: URLSearchParams }) {
  const t = useT();
  const linkTo = (next: View) => {
    const target = new URLSearchParams(params);
    target.delete('cursor');
    if (next === 'map') target.set('view', 'map');
    else target.delete('view');
    const search = target.toString();
    return search ? `/admin/tickets?${search}` : '/admin/tickets';
  };
  return (
    <nav className="view-toggle" aria-label={t('liveMap.viewLabel')}>
      {(['grid', 'map'] as const).map((option) => (
        <Link
          key={option}
          to={linkTo(option)}
          className={view === option ? 'button button-primary' : 'button button-secondary'}
          aria-current={view === option ? 'page' : undefined}
        >
          {option === 'grid' ? t('liveMap.viewGrid') : t('liveMap.viewMap')}
        </Link>
      ))}
    </nav>
  );
}

function CountBadge({ filters }: { filters: TicketFilters }) {
  const t = useT();
  const format = useFormat();
  const count = useTicketCount(filters);
  if (!count.data) return null;
  const { total, totalCapped } = count.data;
  return (
    <p className="at-count" role="status" aria-live="polite">
      {totalCapped
        ? t('adminTickets.countCapped', { count: format.number(total) })
        : t('adminTickets.count', { count: total })}
    </p>
  );
}

function Pager(props: {
  nextCursor: string | null;
  trail: string[];
  cursor: string | null;
  onMove(cursor: string | null, trail: string[]): void;
}) {
  const t = useT();
  const hasPrevious = props.cursor !== null;
  if (!hasPrevious && !props.nextCursor) return null;
  // A shared link to a later page has no trail: its number is unknown, "Previous" goes to the first.
  const page = !hasPrevious ? 1 : props.trail.length > 0 ? props.trail.length + 1 : null;
  return (
    <nav className="at-pager" aria-label={t('adminTickets.pager.label')}>
      <button
        type="button"
        className="button button-secondary"
        disabled={!hasPrevious}
        onClick={() => {
          const previous = props.trail.at(-1) || null;
          props.onMove(previous, props.trail.slice(0, -1));
        }}
      >
        {t('adminTickets.pager.previous')}
      </button>
      {page !== null && <span>{t('adminTickets.pager.page', { page })}</span>}
      <button
        type="button"
        className="button button-secondary"
        disabled={!props.nextCursor}
        onClick={() =>
          props.nextCursor && props.onMove(props.nextCursor, [...props.trail, props.cursor ?? ''])
        }
      >
        {t('adminTickets.pager.next')}
      </button>
    </nav>
  );
}

function SortSelect({ sort, onChange }: { sort: GridSort; onChange(sort: GridSort): void }) {
  const t = useT();
  const id = useId();
  return (
    <div className="field at-sort">
      <label htmlFor={id}>{t('adminTickets.sort.label')}</label>
      <select id={id} value={sort} onChange={(event) => onChange(event.target.value as GridSort)}>
        <option value="newest">{t('adminTickets.sort.newest')}</option>
        <option value="oldest">{t('adminTickets.sort.oldest')}</option>
      </select>
    </div>
  );
}

function GridView(props: {
  filters: TicketFilters;
  sort: GridSort;
  cursor: string | null;
  trail: string[];
  role: Role | undefined;
  selected: Map<string, string>;
  onSelect(ticket: AdminTicket, on: boolean): void;
  onAction(ticket: AdminTicket, action: CardAction): void;
  onMove(cursor: string | null, trail: string[]): void;
}) {
  const t = useT();
  const list = useTicketList(props.filters, props.cursor, props.sort);
  return (
    <section aria-labelledby="tickets-grid-title">
      <h2 id="tickets-grid-title" className="visually-hidden">
        {t('adminTickets.gridTitle')}
      </h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.tickets.length === 0 ? (
        <EmptyState title={t('adminTickets.empty')} />
      ) : (
        <>
          <ul className="at-grid" aria-busy={list.isFetching}>
            {list.data.tickets.map((ticket) => (
              <TicketCard
                key={ticket.id}
                ticket={ticket}
                role={props.role}
                selected={props.selected.has(ticket.id)}
                onSelect={(on) => props.onSelect(ticket, on)}
                onAction={(action) => props.onAction(ticket, action)}
              />
            ))}
          </ul>
          <Pager
            nextCursor={list.data.nextCursor}
            trail={props.trail}
            cursor={props.cursor}
            onMove={props.onMove}
          />
        </>
      )}
    </section>
  );
}

export function TicketsPage() {
  const t = useT();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const role = useSession().user?.role;
  const view: View = params.get('view') === 'map' ? 'map' : 'grid';
  const filters = filtersFromParams(params);
  const cursor = params.get('cursor');
  const sort: GridSort = params.get('sort') === 'oldest' ? 'oldest' : 'newest';
  const trail = ((location.state as PageTrail | null)?.trail ?? []).filter(
    (item) => typeof item === 'string',
  );
  const [selected, setSelected] = useState(() => new Map<string, string>());
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [bulkOutcome, setBulkOutcome] = useState<BulkAssignOutcome | null>(null);
  useLiveTickets(view === 'grid');

  const paramsText = params.toString();
  const changeFilters = useCallback(
    (next: TicketFilters, opts: { replace?: boolean } = {}) => {
      const target = paramsWithFilters(new URLSearchParams(paramsText), next);
      setSelected(new Map());
      navigate({ search: target.toString() }, { replace: opts.replace });
    },
    [navigate, paramsText],
  );

  const movePage = (nextCursor: string | null, nextTrail: string[]) => {
    const target = new URLSearchParams(params);
    if (nextCursor) target.set('cursor', nextCursor);
    else target.delete('cursor');
    navigate({ search: target.toString() }, { state: { trail: nextTrail } satisfies PageTrail });
  };

  const changeSort = (next: GridSort) => {
    const target = new URLSearchParams(params);
    target.delete('cursor');
    if (next === 'oldest') target.set('sort', 'oldest');
    else target.delete('sort');
    navigate({ search: target.toString() });
  };

  const select = (ticket: AdminTicket, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(ticket.id, ticket.ticketNumber);
      else next.delete(ticket.id);
      return next;
    });

  const act = (ticket: AdminTicket, action: CardAction) =>
    setDialog(action === 'schedule' ? { kind: 'schedule', ticket } : { kind: action, ticket });

  const done = (text: string) => {
    setDialog(null);
    setMessage(text);
  };

  return (
    <Page titleKey="pages.adminTickets">
      <div className="at-header">
        <CountBadge filters={filters} />
        <ViewToggle view={view} params={params} />
      </div>
      <FilterBar filters={filters} onChange={changeFilters} />
      <div className="at-toolbar">
        <ExportButtons filters={filters} />
        {view === 'grid' && <SortSelect sort={sort} onChange={changeSort} />}
        {view === 'grid' && (
          <div className="at-bulk">
            <span>{t('adminTickets.bulk.selected', { count: selected.size })}</span>
            <button
              type="button"
              className="button button-primary"
              disabled={selected.size === 0}
              onClick={() => setDialog({ kind: 'bulk' })}
            >
              {t('adminTickets.bulk.assign')}
            </button>
            {selected.size > 0 && (
              <button type="button" className="button button-ghost" onClick={() => setSelected(new Map())}>
                {t('adminTickets.bulk.clear')}
              </button>
            )}
          </div>
        )}
      </div>
      <div aria-live="polite">
        {message && (
          <p className="note at-message" role="status">
            {message}
          </p>
        )}
        {bulkOutcome && <BulkOutcome outcome={bulkOutcome} />}
      </div>
      {view === 'map' ? (
        <TicketsMapView
          filters={filters}
          role={role}
          onAssign={(ticket) => setDialog({ kind: 'assign', ticket })}
        />
      ) : (
        <GridView
          filters={filters}
          sort={sort}
          cursor={cursor}
          trail={trail}
          role={role}
          selected={selected}
          onSelect={select}
          onAction={act}
          onMove={movePage}
        />
      )}
      {(dialog?.kind === 'assign' || dialog?.kind === 'reassign') && (
        <AssignDialog
          ticket={{ ...dialog.ticket, reassign: dialog.kind === 'reassign' }}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
      {dialog?.kind === 'schedule' && (
        <ScheduleDialog ticket={dialog.ticket} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'bulk' && (
        <BulkAssignDialog
          tickets={selected}
          onClose={() => setDialog(null)}
          onDone={(outcome) => {
            setDialog(null);
            setSelected(new Map());
            setMessage(null);
            setBulkOutcome(outcome);
          }}
        />
      )}
    </Page>
  );
}
