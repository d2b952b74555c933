// /admin/tickets/:id — a ticket as staff see it (seed 000 §3.3 step 4): customer and device, SLA
// and time left, the full timeline, attachments, escalation history, parts, internal notes and the
// dispatcher's actions. Internal notes come only from this staff endpoint, never a customer's.
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useSession } from '../../../api/session';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState, ErrorState, Loading } from '../../../ui/states';
import { StatusBadge } from '../../customer/track/ticket-parts';
import { PriorityBadge } from './admin-ui';
import { type AdminTicketDetails, useAdminTicket } from './api';
import {
  AdminTimeline,
  AttachmentsGallery,
  CustomerAndDevice,
  CustomerMessages,
  EscalationHistory,
  SlaBadge,
  SlaCard,
  TicketPartsRequests,
} from './sections';
import { InternalNotes, TicketActions } from './ticket-actions';
import './admin-details.css';

function Details({ data }: { data: AdminTicketDetails }) {
  const { t } = useI18n();
  const session = useSession();
  const { ticket } = data;
  const role = session.status === 'signedIn' ? session.user.role : 'dispatcher';
  return (
    <>
      <p className="ad-badges">
        <StatusBadge status={ticket.status} />
        <PriorityBadge priority={ticket.priority} />
        {ticket.sla && <SlaBadge state={ticket.sla.state} />}
        <span className="field-hint">
          {t('adminDesk.ticket.technicianLine', {
            name: ticket.technician?.name ?? t('adminDesk.ticket.unassigned'),
          })}
        </span>
      </p>
      <div className="ad-columns">
        <div className="ticket-stack">
          <CustomerAndDevice ticket={ticket} />
          <SlaCard sla={ticket.sla ?? null} />
          <AdminTimeline entries={data.timeline} />
          <AttachmentsGallery attachments={data.attachments} />
          <TicketPartsRequests requests={data.partsRequests} />
          <CustomerMessages messages={data.messages} />
        </div>
        <div className="ticket-stack">
          <TicketActions ticket={ticket} role={role} />
          <InternalNotes ticketId={ticket.id} notes={data.notes} />
          <EscalationHistory escalations={data.escalations} />
        </div>
      </div>
    </>
  );
}

export function AdminTicketPage() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const query = useAdminTicket(id);
  const title = query.data
    ? t('adminDesk.ticket.title', { number: query.data.ticket.ticketNumber })
    : t('pages.adminTicket');
  const missing =
    query.error instanceof ApiError &&
    (query.error.code === 'not_found' || query.error.code === 'validation_failed');
  return (
    <Page title={title}>
      <p>
        <Link to="/admin/tickets" className="back-link">
          <span aria-hidden="true">{locale === 'ar' ? '→ ' : '← '}</span>
          {t('adminDesk.ticket.back')}
        </Link>
      </p>
      {query.data ? (
        <Details data={query.data} />
      ) : query.isPending ? (
        <Loading />
      ) : missing ? (
        <EmptyState title={t('adminDesk.ticket.notFound')} />
      ) : (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      )}
    </Page>
  );
}
