// /workshop — the devices on the workshop's bench (seed 000 §2.3): picked up by a technician (to
// check in), in the workshop (to repair or declare not fixable) and ready for delivery (waiting for
// the technician's delivery). Oldest first; the tab and page live in the URL.
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../i18n/format';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { Pager, type PagerMessages } from '../../ui/pager';
import { EmptyState, QueryView } from '../../ui/states';
import {
  useWorkshopTickets,
  WORKSHOP_PAGE_SIZE,
  WORKSHOP_STATUSES,
  type WorkshopStatus,
  type WorkshopTicketSummary,
} from './api';
import './workshop.css';

const isStatus = (value: string | null): value is WorkshopStatus =>
  WORKSHOP_STATUSES.includes(value as WorkshopStatus);

function TicketCard({ ticket }: { ticket: WorkshopTicketSummary }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <li className="workshop-card">
      <div className="workshop-card-head">
        <Link to={`/workshop/tickets/${ticket.id}`} className="workshop-card-link">
          <bdi dir="ltr">{ticket.ticketNumber}</bdi>
        </Link>
        <span className="workshop-status" data-status={ticket.status}>
          {t(`ticketStatus.label.${ticket.status}` as MessageKey)}
        </span>
      </div>
      <p>
        {format.deviceType(ticket.deviceType)} — {ticket.brand}
        {ticket.model ? ` ${ticket.model}` : ''}
      </p>
      <p className="workshop-problem">{ticket.problemDescription}</p>
      <p className="field-hint">
        {ticket.customerName} · {ticket.customerCity}
        {ticket.technician ? ` · ${t('workshop.technician', { name: ticket.technician.name })}` : ''}
      </p>
      <p className="field-hint">{t('workshop.since', { date: format.dateTime(ticket.updatedAt) })}</p>
    </li>
  );
}

const WORKSHOP_PAGER: PagerMessages = {
  label: 'workshop.pages',
  previous: 'workshop.previous',
  next: 'workshop.next',
  position: 'workshop.pageOf',
};

export function WorkshopPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status: WorkshopStatus = isStatus(statusParam) ? statusParam : 'pickup_device';
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const query = useWorkshopTickets(status, page);

  return (
    <Page titleKey="pages.workshopDashboard">
      <fieldset className="workshop-tabs">
        <legend className="visually-hidden">{t('workshop.filterLabel')}</legend>
        {WORKSHOP_STATUSES.map((option) => (
          <button
            key={option}
            type="button"
            className={option === status ? 'button button-primary' : 'button button-secondary'}
            aria-pressed={option === status}
            onClick={() => setParams({ status: option })}
          >
            {t(`workshop.tabs.${option}`)}
          </button>
        ))}
      </fieldset>
      <QueryView
        query={query}
        isEmpty={(data) => data.tickets.length === 0}
        empty={<EmptyState title={t(`workshop.empty.${status}`)} />}
      >
        {(data) => (
          <>
            <p className="field-hint">{t('workshop.count', { count: data.total })}</p>
            <ul className="workshop-list">
              {data.tickets.map((ticket) => (
                <TicketCard key={ticket.id} ticket={ticket} />
              ))}
            </ul>
            <Pager
              page={page}
              pageSize={WORKSHOP_PAGE_SIZE}
              total={data.total}
              messages={WORKSHOP_PAGER}
              onPage={(target) => setParams({ status, page: String(target) })}
            />
          </>
        )}
      </QueryView>
    </Page>
  );
}
