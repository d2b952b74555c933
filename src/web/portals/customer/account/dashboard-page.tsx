// /customer/dashboard — "My tickets" (seed 000 §3.1): the signed-in customer's tickets, newest
// first, filtered by status and paged by the server; the filter and page live in the URL.
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { TicketStatus } from '../../../api/customer';
import { MY_TICKETS_PAGE_SIZE, type MyTicketSummary, useMyTickets } from '../../../api/customer';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { Pager, type PagerMessages } from '../../../ui/pager';
import { EmptyState, ErrorState, Loading } from '../../../ui/states';
import { DeviceLabel, StatusBadge } from '../track/ticket-parts';
import { RequireCustomer } from './require-customer';

export const STATUS_FILTERS = {
  all: [],
  active: [
    'new',
    'assigned',
    'scheduled',
    'on_route',
    'arrived',
    'inspecting',
    'diagnosed',
    'repairing',
    'waiting_parts',
    'pickup_device',
    'in_workshop',
    'ready_delivery',
  ],
  closed: ['completed', 'not_fixed'],
  cancelled: ['cancelled'],
} as const satisfies Record<string, readonly TicketStatus[]>;
type StatusFilter = keyof typeof STATUS_FILTERS;

const isFilter = (value: string | null): value is StatusFilter =>
  value !== null && Object.hasOwn(STATUS_FILTERS, value);

function TicketItem({ ticket }: { ticket: MyTicketSummary }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <li className="ticket-item">
      <div className="ticket-item-head">
        <Link to={`/customer/tickets/${ticket.id}`} className="ticket-item-link">
          <bdi dir="ltr">{ticket.ticketNumber}</bdi>
        </Link>
        <StatusBadge status={ticket.status} />
      </div>
      <p>
        <DeviceLabel deviceType={ticket.deviceType} brand={ticket.brand} model={ticket.model} />
      </p>
      <p className="ticket-item-problem">{ticket.problemDescription}</p>
      <p className="field-hint">{t('myTickets.createdOn', { date: format.dateTime(ticket.createdAt) })}</p>
    </li>
  );
}

const MY_TICKETS_PAGER: PagerMessages = {
  label: 'myTickets.pagination',
  previous: 'myTickets.previous',
  next: 'myTickets.next',
  position: 'myTickets.pageOf',
};

function MyTicketsList() {
  const { t } = useI18n();
  const id = useId();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const filterParam = params.get('status');
  const filter: StatusFilter = isFilter(filterParam) ? filterParam : 'all';
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const query = useMyTickets({
    statuses: STATUS_FILTERS[filter],
    page,
    enabled: session.status === 'signedIn',
  });

  const setFilter = (value: StatusFilter) => {
    setParams(value === 'all' ? {} : { status: value });
  };
  const goToPage = (target: number) => {
    const nextParams: Record<string, string> = filter === 'all' ? {} : { status: filter };
    if (target > 1) nextParams.page = String(target);
    setParams(nextParams);
  };

  const data = query.data;

  return (
    <>
      <div className="list-toolbar">
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('myTickets.filterLabel')}</label>
          <select
            id={`${id}-status`}
            value={filter}
            onChange={(event) => setFilter(event.target.value as StatusFilter)}
          >
            {(Object.keys(STATUS_FILTERS) as StatusFilter[]).map((value) => (
              <option key={value} value={value}>
                {t(`myTickets.filter.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <Link to="/customer/create?step=1" className="button button-primary">
          {t('myTickets.create')}
        </Link>
      </div>
      {!data && query.isPending && <Loading />}
      {!data && query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {data && data.total === 0 && (
        <EmptyState title={filter === 'all' ? t('myTickets.empty') : t('myTickets.emptyFiltered')} />
      )}
      {data && data.total > 0 && (
        <>
          <p className="field-hint" role="status">
            {t('myTickets.total', { count: data.total })}
          </p>
          {data.tickets.length === 0 ? (
            <EmptyState title={t('myTickets.emptyFiltered')} />
          ) : (
            <ul className="ticket-list" aria-label={t('myTickets.listLabel')} aria-busy={query.isFetching}>
              {data.tickets.map((ticket) => (
                <TicketItem key={ticket.id} ticket={ticket} />
              ))}
            </ul>
          )}
          <Pager
            page={page}
            pageSize={MY_TICKETS_PAGE_SIZE}
            total={data.total}
            messages={MY_TICKETS_PAGER}
            onPage={goToPage}
          />
        </>
      )}
    </>
  );
}

export function MyTicketsPage() {
  return (
    <RequireCustomer titleKey="pages.customerDashboard">
      <Page titleKey="pages.customerDashboard" className="page-narrow">
        <MyTicketsList />
      </Page>
    </RequireCustomer>
  );
}
