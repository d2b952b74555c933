// The map view of Tickets Management (seed 000 §4.6): the filtered tickets (green normal, orange high
// or urgent, grey closed) and the live technicians (blue available, red busy) on one map. A ticket's
// popup has its summary and the quick actions open and assign. Only the newest tickets up to the
// map endpoint's cap are drawn, with a notice when more match.

import { useMemo, useRef } from 'react';
import { useNavigate } from 'react-router';
import type { Role } from '../../../../domain/lifecycle/types';
import { useCityName } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { ErrorState, Loading } from '../../../ui/states';
import { TechniciansMap, type TicketPin } from '../live-map/technicians-map';
import { useLiveTechnicians } from '../live-map/use-live-technicians';
import { type MapTicket, useMapTickets } from './api';
import type { TicketFilters } from './filters';
import { cardActions } from './ticket-card';

const CLOSED = new Set(['completed', 'not_fixed', 'cancelled']);

function toneOf(ticket: MapTicket): TicketPin['tone'] {
  if (CLOSED.has(ticket.status)) return 'closed';
  return ticket.priority === 'urgent' || ticket.priority === 'high' ? 'urgent' : 'normal';
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]>,
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export function TicketsMapView(props: {
  filters: TicketFilters;
  role: Role | undefined;
  onAssign(ticket: MapTicket): void;
}) {
  const t = useT();
  const format = useFormat();
  const cityName = useCityName();
  const navigate = useNavigate();
  const tickets = useMapTickets(props.filters);
  const { query: technicians, live } = useLiveTechnicians();
  // Popups read the latest texts and callbacks; the markers are redrawn only when the tickets change.
  const latest = useRef({ t, format, cityName, navigate, onAssign: props.onAssign, role: props.role });
  latest.current = { t, format, cityName, navigate, onAssign: props.onAssign, role: props.role };

  const pins = useMemo<TicketPin[] | undefined>(
    () =>
      tickets.data?.tickets.map((ticket) => ({
        id: ticket.id,
        latitude: ticket.latitude,
        longitude: ticket.longitude,
        tone: toneOf(ticket),
        title: latest.current.t('adminTickets.map.markerTitle', {
          number: ticket.ticketNumber,
          name: ticket.customerName,
        }),
        popup: () => {
          const { t, format, cityName, navigate, onAssign, role } = latest.current;
          const open = element(
            'button',
            { type: 'button', className: 'button button-secondary' },
            t('adminTickets.card.open'),
          );
          open.addEventListener('click', () => navigate(`/admin/tickets/${ticket.id}`));
          const actions = element('div', { className: 'at-popup-actions' }, open);
          if (cardActions(ticket.status, role).includes('assign')) {
            const assign = element(
              'button',
              { type: 'button', className: 'button button-primary' },
              t('adminTickets.card.assign'),
            );
            assign.addEventListener('click', () => onAssign(ticket));
            actions.append(assign);
          }
          const facts = [
            t(`ticketStatus.label.${ticket.status}`),
            t(`adminTickets.priority.${ticket.priority}`),
            cityName(ticket.customerCity),
            format.deviceType(ticket.deviceType),
            ticket.technicianName ?? t('adminTickets.card.unassigned'),
          ];
          return element(
            'div',
            { className: 'at-popup', dir: document.documentElement.dir },
            element(
              'p',
              { className: 'at-popup-title' },
              element('bdi', { dir: 'ltr' }, ticket.ticketNumber),
              ` — ${ticket.customerName}`,
            ),
            element('p', {}, facts.join(' · ')),
            actions,
          );
        },
      })),
    [tickets.data],
  );

  if (tickets.isPending || technicians.isPending) return <Loading />;
  if (tickets.isError) return <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />;
  if (technicians.isError)
    return <ErrorState error={technicians.error} onRetry={() => void technicians.refetch()} />;
  const shown = tickets.data.tickets.length;
  return (
    <section className="ticket-stack" aria-labelledby="tickets-map-title">
      <h2 id="tickets-map-title" className="section-title">
        {t('adminTickets.map.title')}
      </h2>
      <p className="field-hint" role="status">
        {t('adminTickets.map.shown', { count: shown })}
        {' · '}
        {live ? t('liveMap.live') : t('liveMap.offline')}
      </p>
      {tickets.data.capped && (
        <p className="alert alert-warning">
          {t('adminTickets.map.capped', { count: format.number(tickets.data.limit) })}
        </p>
      )}
      <TechniciansMap technicians={technicians.data ?? []} tickets={pins} />
    </section>
  );
}
