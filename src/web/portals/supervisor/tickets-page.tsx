// /supervisor/tickets — the team's tickets, newest first. Filters live in the URL (status, priority,
// technician, dates, search), so a filtered list can be shared and survives a reload; more rows
// come a page at a time by key ("show more"), never by a growing offset.

import { type FormEvent, useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { TICKET_STATUSES, type TicketStatus } from '../../../domain/lifecycle/types';
import { PRIORITIES, type Priority } from '../../../domain/tickets';
import { useCityName } from '../../api/customer';
import { useFormat } from '../../i18n/format';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { type TeamTicket, type TicketFilters, useOverview, useTeamTickets } from './api';
import './supervisor.css';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f-]{36}$/i;

/** Only values the server accepts are read from the URL; anything else is ignored, not sent. */
function filtersFrom(params: URLSearchParams): TicketFilters {
  const status = params.get('status');
  const priority = params.get('priority');
  const technicianId = params.get('technicianId');
  const search = params.get('search')?.trim() ?? '';
  const dateFrom = params.get('dateFrom') ?? '';
  const dateTo = params.get('dateTo') ?? '';
  return {
    status: TICKET_STATUSES.includes(status as TicketStatus) ? (status as TicketStatus) : undefined,
    priority: PRIORITIES.includes(priority as Priority) ? (priority as Priority) : undefined,
    technicianId: technicianId && UUID.test(technicianId) ? technicianId : undefined,
    search: search.length >= 2 ? search : undefined,
    dateFrom: DATE.test(dateFrom) ? dateFrom : undefined,
    dateTo: DATE.test(dateTo) ? dateTo : undefined,
  };
}

function FilterBar({ filters }: { filters: TicketFilters }) {
  const { t } = useI18n();
  const id = useId();
  const [, setParams] = useSearchParams();
  const members = useOverview().data?.members ?? [];
  const apply = (changes: Partial<Record<keyof TicketFilters, string>>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      return next;
    });
  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    apply({
      search: String(data.get('search') ?? '').trim(),
      dateFrom: String(data.get('dateFrom') ?? ''),
      dateTo: String(data.get('dateTo') ?? ''),
    });
  };
  return (
    <form className="sv-filters" onSubmit={submitSearch} aria-label={t('supervisor.tickets.filters')}>
      <div className="field">
        <label htmlFor={`${id}-status`} className="field-label">
          {t('supervisor.tickets.status')}
        </label>
        <select
          id={`${id}-status`}
          value={filters.status ?? ''}
          onChange={(event) => apply({ status: event.target.value })}
        >
          <option value="">{t('supervisor.all')}</option>
          {TICKET_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`ticketStatus.label.${status}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-priority`} className="field-label">
          {t('supervisor.tickets.priority')}
        </label>
        <select
          id={`${id}-priority`}
          value={filters.priority ?? ''}
          onChange={(event) => apply({ priority: event.target.value })}
        >
          <option value="">{t('supervisor.all')}</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`techWork.priority.${priority}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-technician`} className="field-label">
          {t('supervisor.tickets.technician')}
        </label>
        <select
          id={`${id}-technician`}
          value={filters.technicianId ?? ''}
          onChange={(event) => apply({ technicianId: event.target.value })}
        >
          <option value="">{t('supervisor.all')}</option>
          {members.map((member) => (
            <option key={member.technicianId} value={member.technicianId}>
              {member.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`} className="field-label">
          {t('supervisor.tickets.dateFrom')}
        </label>
        <input id={`${id}-from`} name="dateFrom" type="date" defaultValue={filters.dateFrom ?? ''} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`} className="field-label">
          {t('supervisor.tickets.dateTo')}
        </label>
        <input id={`${id}-to`} name="dateTo" type="date" defaultValue={filters.dateTo ?? ''} />
      </div>
      <div className="field sv-search">
        <label htmlFor={`${id}-search`} className="field-label">
          {t('supervisor.tickets.search')}
        </label>
        <input
          id={`${id}-search`}
          name="search"
          type="search"
          minLength={2}
          maxLength={100}
          defaultValue={filters.search ?? ''}
          placeholder={t('supervisor.tickets.searchHint')}
        />
      </div>
      <div className="sv-filter-actions">
        <button type="submit" className="button button-primary">
          {t('supervisor.tickets.apply')}
        </button>
        <button
          type="button"
          className="button button-ghost"
          onClick={() => setParams(new URLSearchParams())}
        >
          {t('supervisor.tickets.clear')}
        </button>
      </div>
    </form>
  );
}

function TicketRow({ ticket }: { ticket: TeamTicket }) {
  const { t } = useI18n();
  const format = useFormat();
  const cityName = useCityName();
  return (
    <li className="sv-ticket" data-ticket-id={ticket.id}>
      <div className="sv-ticket-head">
        <Link to={`/supervisor/tickets/${ticket.id}`} className="sv-ticket-link">
          <bdi dir="ltr">{ticket.ticketNumber}</bdi>
        </Link>
        <span className="sv-status" data-status={ticket.status}>
          {t(`ticketStatus.label.${ticket.status}` as MessageKey)}
        </span>
        <span className="sv-priority" data-priority={ticket.priority}>
          {t(`techWork.priority.${ticket.priority}`)}
        </span>
      </div>
      <p>
        {ticket.customerName} · {cityName(ticket.customerCity)} · {format.deviceType(ticket.deviceType)}{' '}
        {ticket.brand}
      </p>
      <p className="field-hint">
        {ticket.technician
          ? t('supervisor.tickets.technicianLine', { name: ticket.technician.name })
          : t('supervisor.tickets.unassigned')}{' '}
        · {t('supervisor.tickets.created', { date: format.dateTime(ticket.createdAt) })}
      </p>
    </li>
  );
}

export function TicketsPage() {
  const { t } = useI18n();
  const format = useFormat();
  const [params] = useSearchParams();
  const filters = filtersFrom(params);
  const query = useTeamTickets(filters);
  const first = query.data?.pages[0];
  const rows = query.data?.pages.flatMap((page) => page.tickets) ?? [];
  return (
    <Page titleKey="pages.supervisorTickets">
      <FilterBar key={params.toString()} filters={filters} />
      {query.isPending ? (
        <Loading />
      ) : query.isError || !first ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('supervisor.tickets.empty')} />
      ) : (
        <>
          <p className="sv-count" role="status">
            {t('supervisor.tickets.count', { count: first.total, shown: format.number(rows.length) })}
          </p>
          <ul className="sv-ticket-list">
            {rows.map((ticket) => (
              <TicketRow key={ticket.id} ticket={ticket} />
            ))}
          </ul>
          {query.hasNextPage && (
            <button
              type="button"
              className="button button-secondary"
              disabled={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              {query.isFetchingNextPage ? t('common.loading') : t('supervisor.tickets.more')}
            </button>
          )}
        </>
      )}
    </Page>
  );
}
