// /supervisor/tickets/:id — one team ticket in the staff ticket view the admin desk uses, with the
// actions seed 000 §2.4 gives a supervisor: reassign within their teams, schedule, cancel, and internal
// notes; no priority change. Another team's ticket is "not found" (the server answers 404), exactly
// like a ticket that does not exist.
import type { TicketDesk } from '../admin/ticket-details/desk';
import { TicketDetailsPage } from '../admin/ticket-details/ticket-details-page';
import { useTeamTechnicianChoices } from './api';

const SUPERVISOR_DESK: TicketDesk = {
  portal: 'supervisor',
  ticketsApi: '/supervisor/tickets',
  listPath: '/supervisor/tickets',
  escalationsPath: '/supervisor/escalations',
  partsQueuePath: null,
  changesPriority: false,
  texts: {
    heading: 'supervisor.ticket.heading',
    title: 'supervisor.ticket.title',
    back: 'supervisor.ticket.back',
    notFound: 'supervisor.ticket.notFound',
    notFoundHint: 'supervisor.ticket.notFoundHint',
    allEscalations: 'supervisor.ticket.allEscalations',
  },
  useTechnicianChoices: useTeamTechnicianChoices,
  // The team's lists, overview (members' loads) and escalations may all show the ticket.
  refreshAfterChange: [['supervisor']],
};

export function TicketPage() {
  return <TicketDetailsPage desk={SUPERVISOR_DESK} />;
}
