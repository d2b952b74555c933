// One ticket-details view serves two portals: the admin/dispatcher desk (every ticket of the
// organisation) and the supervisor's (their team's tickets, seed 000 §2.4: assign, schedule, cancel).
// A portal says here what differs: where its API and pages are, its texts, which forms it offers and
// whom it may assign. The server enforces all of it; this only keeps the page honest about it.
import type { QueryKey } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import type { MessageKey } from '../../../i18n/i18n';

/** A technician the assign form may offer. */
export interface TechnicianChoice {
  id: string;
  name: string;
  /** Available and with an active account: only these can be chosen. */
  isAvailable: boolean;
  openTickets: number;
}

export interface TicketDesk {
  /** The first part of every query key of the page, so the portals' caches never mix. */
  portal: 'admin' | 'supervisor';
  /** The API path of the portal's tickets (without /api/v1): `${ticketsApi}/:id/assign`... */
  ticketsApi: string;
  /** The portal's ticket list, the page's way back. */
  listPath: string;
  escalationsPath: string;
  /** The parts queue, where the portal has one. */
  partsQueuePath: string | null;
  /** Whether the portal may change a ticket's priority. */
  changesPriority: boolean;
  texts: {
    heading: MessageKey;
    title: MessageKey;
    back: MessageKey;
    notFound: MessageKey;
    notFoundHint: MessageKey | null;
    allEscalations: MessageKey;
  };
  /** The technicians the portal may assign (a hook, called once per assign form). */
  useTechnicianChoices(): { choices: TechnicianChoice[] | undefined; isPending: boolean };
  /** What else to refresh after a change of the ticket (its details are refreshed anyway). */
  refreshAfterChange: QueryKey[];
}

const DeskContext = createContext<TicketDesk | null>(null);

export function TicketDeskProvider({ desk, children }: { desk: TicketDesk; children: ReactNode }) {
  return <DeskContext.Provider value={desk}>{children}</DeskContext.Provider>;
}

export function useTicketDesk(): TicketDesk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('The ticket details need a TicketDeskProvider.');
  return desk;
}
