// One ticket of the grid (seed 000 §4.6): number and customer, city, status, priority, device,
// problem, phone, address, created and visit times, SLA state and time left, technician; actions
// assign / reassign, schedule, call, location, open; a checkbox for bulk actions.

import { Link } from 'react-router';
import { canRoleEverPerform } from '../../../../domain/lifecycle/engine';
import type { Role } from '../../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../../domain/lifecycle/visit-workflow';
import { useCityName } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { DeviceLabel, StatusBadge, useVisitText } from '../../customer/track/ticket-parts';
import type { AdminTicket } from './api';

export type CardAction = 'assign' | 'reassign' | 'schedule';

export const mapsUrl = (ticket: { latitude: number; longitude: number }) =>
  `https://www.google.com/maps/search/?api=1&query=${ticket.latitude},${ticket.longitude}`;

/** What the signed-in role may start from a card in this status (the workflow decides, as on the server). */
export function cardActions(status: AdminTicket['status'], role: Role | undefined): CardAction[] {
  if (!role) return [];
  const actions: CardAction[] = [];
  const mayAssign = canRoleEverPerform(visitWorkflow, 'assign', role);
  const maySchedule = canRoleEverPerform(visitWorkflow, 'schedule', role);
  if (status === 'new' && mayAssign) actions.push('assign');
  if ((status === 'assigned' || status === 'scheduled') && mayAssign) actions.push('reassign');
  if ((status === 'assigned' || status === 'scheduled') && maySchedule) actions.push('schedule');
  return actions;
}

function SlaBadge({ sla }: { sla: AdminTicket['sla'] }) {
  const t = useT();
  const format = useFormat();
  if (!sla) return null;
  const minutes = Math.abs(sla.minutesLeft);
  const span =
    minutes >= 120
      ? t('adminTickets.card.hours', { count: Math.round(minutes / 60) })
      : t('adminTickets.card.minutes', { count: minutes });
  const left =
    sla.state === 'paused'
      ? ''
      : sla.minutesLeft < 0
        ? t('adminTickets.card.late', { span })
        : t('adminTickets.card.left', { span });
  return (
    <span className={`at-sla at-sla-${sla.state}`} title={format.dateTime(sla.dueAt)}>
      {t(`adminTickets.sla.${sla.state}`)}
      {left && ` · ${left}`}
    </span>
  );
}

export function TicketCard(props: {
  ticket: AdminTicket;
  role: Role | undefined;
  selected: boolean;
  onSelect(selected: boolean): void;
  onAction(action: CardAction): void;
}) {
  const { ticket } = props;
  const t = useT();
  const format = useFormat();
  const cityName = useCityName();
  const visit = useVisitText()(ticket.scheduledDate, ticket.scheduledTimeSlot);
  const actions = cardActions(ticket.status, props.role);
  const important = ticket.priority === 'high' || ticket.priority === 'urgent';
  const headingId = `ticket-${ticket.id}`;
  return (
    <li
      className={props.selected ? 'card at-card at-card-selected' : 'card at-card'}
      aria-labelledby={headingId}
    >
      <div className="at-card-head">
        <label className="at-select">
          <input
            type="checkbox"
            checked={props.selected}
            onChange={(event) => props.onSelect(event.target.checked)}
          />
          <span className="visually-hidden">
            {t('adminTickets.card.select', { number: ticket.ticketNumber })}
          </span>
        </label>
        <h3 id={headingId} className="at-card-title">
          <Link to={`/admin/tickets/${ticket.id}`} className="at-card-number">
            <bdi dir="ltr">{ticket.ticketNumber}</bdi>
          </Link>
          <span className="at-card-customer">{ticket.customerName}</span>
        </h3>
      </div>
      <p className="at-badges">
        <StatusBadge status={ticket.status} />
        {important && (
          <span className={`at-priority at-priority-${ticket.priority}`}>
            {t(`adminTickets.priority.${ticket.priority}`)}
          </span>
        )}
        <span className="at-city">{cityName(ticket.customerCity)}</span>
        <SlaBadge sla={ticket.sla} />
      </p>
      <p className="at-device">
        <DeviceLabel deviceType={ticket.deviceType} brand={ticket.brand} model={ticket.model} />
      </p>
      <p className="at-problem" title={ticket.problemDescription}>
        {ticket.problemDescription}
      </p>
      <dl className="at-facts">
        <div>
          <dt>{t('adminTickets.card.phone')}</dt>
          <dd>
            <bdi dir="ltr">{ticket.customerPhone}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('adminTickets.card.address')}</dt>
          <dd className="at-address">{ticket.customerAddress}</dd>
        </div>
        <div>
          <dt>{t('adminTickets.card.created')}</dt>
          <dd>
            <time dateTime={ticket.createdAt}>{format.dateTime(ticket.createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('adminTickets.card.visit')}</dt>
          <dd>{visit ?? t('adminTickets.card.notScheduled')}</dd>
        </div>
        <div>
          <dt>{t('adminTickets.card.technician')}</dt>
          <dd>{ticket.technician?.name ?? t('adminTickets.card.unassigned')}</dd>
        </div>
      </dl>
      <div className="at-card-actions">
        {actions.includes('assign') && (
          <button type="button" className="button button-primary" onClick={() => props.onAction('assign')}>
            {t('adminTickets.card.assign')}
          </button>
        )}
        {actions.includes('schedule') && (
          <button type="button" className="button button-primary" onClick={() => props.onAction('schedule')}>
            {ticket.status === 'scheduled'
              ? t('adminTickets.card.reschedule')
              : t('adminTickets.card.schedule')}
          </button>
        )}
        <a
          className="button button-secondary"
          href={`tel:${ticket.customerPhone}`}
          aria-label={t('adminTickets.card.callName', { name: ticket.customerName })}
        >
          {t('adminTickets.card.call')}
        </a>
        <a
          className="button button-secondary"
          href={mapsUrl(ticket)}
          target="_blank"
          rel="noreferrer"
          aria-label={t('adminTickets.card.locationOf', { number: ticket.ticketNumber })}
        >
          {t('adminTickets.card.location')}
        </a>
        <details className="at-more">
          <summary
            className="button button-ghost"
            aria-label={t('adminTickets.card.more', { number: ticket.ticketNumber })}
          >
            <span aria-hidden="true">⋮</span>
          </summary>
          <ul className="at-more-menu">
            <li>
              <Link to={`/admin/tickets/${ticket.id}`}>{t('adminTickets.card.open')}</Link>
            </li>
            {actions.includes('reassign') && (
              <li>
                <button type="button" className="button-link" onClick={() => props.onAction('reassign')}>
                  {t('adminTickets.card.reassign')}
                </button>
              </li>
            )}
          </ul>
        </details>
      </div>
    </li>
  );
}
