// A ticket as staff see it (seed 000 §3.3 step 4): customer and device, SLA and time left, the full
// timeline, attachments, escalation history, parts, internal notes and the actions the portal offers.
// One view for /admin/tickets/:id and /supervisor/tickets/:id: the TicketDesk says which (desk.tsx).
// Internal notes come only from these staff endpoints, never a customer's.
import { useParams } from 'react-router';
import { useSession } from '../../../api/session';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState } from '../../../ui/states';
import { BackLink, StatusBadge, TicketQueryView } from '../../customer/track/ticket-parts';
import { PriorityBadge } from './admin-ui';
import { type AdminTicketDetails, useAdminTechnicianChoices, useTicketDetails } from './api';
import { type TicketDesk, TicketDeskProvider, useTicketDesk } from './desk';
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

function TicketDetails() {
  const { t } = useI18n();
  const desk = useTicketDesk();
  const { id = '' } = useParams();
  const query = useTicketDetails(id);
  const title = query.data
    ? t(desk.texts.title, { number: query.data.ticket.ticketNumber })
    : t(desk.texts.heading);
  // A ticket outside the caller's scope (another team's) is "not found", like one that does not exist.
  const notFound = (
    <EmptyState title={t(desk.texts.notFound)}>
      {desk.texts.notFoundHint && <p>{t(desk.texts.notFoundHint)}</p>}
    </EmptyState>
  );
  return (
    <Page title={title}>
      <BackLink to={desk.listPath} label={t(desk.texts.back)} linkClassName="back-link" />
      <TicketQueryView query={query} notFound={notFound}>
        {(data) => <Details data={data} />}
      </TicketQueryView>
    </Page>
  );
}

/** The ticket details in the portal `desk` describes. */
export function TicketDetailsPage({ desk }: { desk: TicketDesk }) {
  return (
    <TicketDeskProvider desk={desk}>
      <TicketDetails />
    </TicketDeskProvider>
  );
}

const ADMIN_DESK: TicketDesk = {
  portal: 'admin',
  ticketsApi: '/admin/tickets',
  listPath: '/admin/tickets',
  escalationsPath: '/admin/escalations',
  partsQueuePath: '/admin/parts-requests',
  changesPriority: true,
  texts: {
    heading: 'pages.adminTicket',
    title: 'adminDesk.ticket.title',
    back: 'adminDesk.ticket.back',
    notFound: 'adminDesk.ticket.notFound',
    notFoundHint: null,
    allEscalations: 'adminDesk.ticket.allEscalations',
  },
  useTechnicianChoices: useAdminTechnicianChoices,
  refreshAfterChange: [
    ['admin', 'tickets'],
    ['admin', 'technicianChoices'],
  ],
};

/** /admin/tickets/:id — any ticket of the organisation, with the dispatcher's actions. */
export function AdminTicketPage() {
  return <TicketDetailsPage desk={ADMIN_DESK} />;
}
