// /supervisor/tickets/:id — one team ticket, read-only: customer and device, technician and visit,
// escalations, internal notes and the timeline. Another team's ticket is "not found" (the server
// answers 404), exactly like a ticket that does not exist.
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { type TeamTicketDetail, useCityName, useTeamTicket } from './api';
import { EscalationCard } from './escalations-page';
import './supervisor.css';

function Facts({ detail }: { detail: TeamTicketDetail }) {
  const { t } = useI18n();
  const format = useFormat();
  const cityName = useCityName();
  const { ticket } = detail;
  return (
    <dl className="sv-facts">
      <dt>{t('supervisor.ticket.status')}</dt>
      <dd>
        <span className="sv-status" data-status={ticket.status}>
          {t(`ticketStatus.label.${ticket.status}` as MessageKey)}
        </span>{' '}
        <span className="sv-priority" data-priority={ticket.priority}>
          {t(`techWork.priority.${ticket.priority}`)}
        </span>
      </dd>
      <dt>{t('supervisor.ticket.customer')}</dt>
      <dd>
        {ticket.customerName} · <bdi dir="ltr">{ticket.customerPhone}</bdi>
      </dd>
      <dt>{t('supervisor.ticket.address')}</dt>
      <dd>
        {cityName(ticket.customerCity)} — {ticket.customerAddress}
      </dd>
      <dt>{t('supervisor.ticket.device')}</dt>
      <dd>
        {t(`deviceTypes.${ticket.deviceType}` as MessageKey)} — {ticket.brand}
        {ticket.model ? ` ${ticket.model}` : ''}
      </dd>
      <dt>{t('supervisor.ticket.problem')}</dt>
      <dd>{ticket.problemDescription}</dd>
      <dt>{t('supervisor.ticket.technician')}</dt>
      <dd>{ticket.technician?.name ?? t('supervisor.tickets.unassigned')}</dd>
      <dt>{t('supervisor.ticket.visit')}</dt>
      <dd>
        {ticket.scheduledDate && ticket.scheduledTimeSlot
          ? `${format.date(`${ticket.scheduledDate}T12:00:00Z`)} · ${t(`timeSlots.${ticket.scheduledTimeSlot}` as MessageKey)}`
          : t('supervisor.ticket.notScheduled')}
      </dd>
      <dt>{t('supervisor.ticket.created')}</dt>
      <dd>{format.dateTime(ticket.createdAt)}</dd>
      {ticket.diagnosisNotes && (
        <>
          <dt>{t('supervisor.ticket.diagnosis')}</dt>
          <dd>{ticket.diagnosisNotes}</dd>
        </>
      )}
      {ticket.cancellationReason && (
        <>
          <dt>{t('supervisor.ticket.cancellationReason')}</dt>
          <dd>{ticket.cancellationReason}</dd>
        </>
      )}
    </dl>
  );
}

function Details({ detail }: { detail: TeamTicketDetail }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <>
      <Facts detail={detail} />
      <section aria-labelledby="sv-ticket-escalations">
        <h2 id="sv-ticket-escalations">{t('supervisor.ticket.escalations')}</h2>
        {detail.escalations.length === 0 ? (
          <p className="field-hint">{t('supervisor.ticket.noEscalations')}</p>
        ) : (
          <ul className="sv-escalation-list">
            {detail.escalations.map((escalation) => (
              <EscalationCard key={escalation.id} escalation={escalation} showTicket={false} />
            ))}
          </ul>
        )}
      </section>
      {detail.notes.length > 0 && (
        <section aria-labelledby="sv-ticket-notes">
          <h2 id="sv-ticket-notes">{t('supervisor.ticket.notes')}</h2>
          <ul className="sv-timeline">
            {detail.notes.map((note) => (
              <li key={note.id}>
                <p>{note.content}</p>
                <p className="field-hint">
                  {note.authorName} · {format.dateTime(note.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="sv-ticket-timeline">
        <h2 id="sv-ticket-timeline">{t('supervisor.ticket.timeline')}</h2>
        <ol className="sv-timeline">
          {detail.timeline.map((entry) => (
            <li key={entry.id}>
              <p>
                <span className="sv-status" data-status={entry.toStatus}>
                  {t(`ticketStatus.label.${entry.toStatus}` as MessageKey)}
                </span>{' '}
                {entry.actorName ?? t(`roles.${entry.actorRole}` as MessageKey)}
              </p>
              {entry.notes && <p>{entry.notes}</p>}
              <p className="field-hint">{format.dateTime(entry.createdAt)}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export function TicketPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = useTeamTicket(id);
  const notFound =
    query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
  const title = query.data
    ? t('supervisor.ticket.title', { number: query.data.ticket.ticketNumber })
    : t('supervisor.ticket.heading');
  return (
    <Page title={title}>
      <p>
        <Link to="/supervisor/tickets">{t('supervisor.ticket.back')}</Link>
      </p>
      {query.isPending ? (
        <Loading />
      ) : notFound ? (
        <EmptyState title={t('supervisor.ticket.notFound')}>
          <p>{t('supervisor.ticket.notFoundHint')}</p>
        </EmptyState>
      ) : query.isError || !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Details detail={query.data} />
      )}
    </Page>
  );
}
