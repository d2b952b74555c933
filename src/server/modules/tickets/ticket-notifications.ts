// Which status changes are told to whom, and how.
import { eq } from 'drizzle-orm';
import type { ApplySuccess, TicketStatus } from '../../../domain/lifecycle/types';
import type { Executor } from '../../db/connection';
import { technicians, users } from '../../db/schema';
import type { OutgoingNotification } from '../notifications/outbox';
import { CUSTOMER_STATUS_TEXT } from '../notifications/templates';
import type { TicketRow } from './tickets.repository';

/** Statuses the customer hears about by SMS (the rest show on the tracking page). */
const CUSTOMER_SMS_STATUSES = new Set<TicketStatus>([
  'assigned',
  'scheduled',
  'on_route',
  'waiting_parts',
  'pickup_device',
  'ready_delivery',
  'completed',
  'not_fixed',
  'cancelled',
]);

const CUSTOMER_LOCALE = 'ar' as const;

export async function statusNotifications(
  db: Executor,
  ticket: TicketRow,
  result: ApplySuccess,
): Promise<OutgoingNotification[]> {
  const notifications: OutgoingNotification[] = [];
  if (CUSTOMER_SMS_STATUSES.has(result.to)) {
    notifications.push({
      organizationId: ticket.organizationId,
      channel: 'sms',
      recipient: ticket.customerPhone,
      template: 'ticket_status',
      locale: CUSTOMER_LOCALE,
      vars: {
        ticketNumber: ticket.ticketNumber,
        statusText: CUSTOMER_STATUS_TEXT[result.to][CUSTOMER_LOCALE],
      },
      ticketId: ticket.id,
    });
  }
  if (result.action === 'assign' && ticket.technicianId) {
    const sms = await technicianSms(db, {
      organizationId: ticket.organizationId,
      technicianId: ticket.technicianId,
      template: 'technician_assigned',
      vars: { ticketNumber: ticket.ticketNumber, city: ticket.customerCity },
      ticketId: ticket.id,
    });
    if (sms) notifications.push(sms);
  }
  return notifications;
}

/** An SMS to a technician in their language; null when they have no phone number. */
export async function technicianSms(
  db: Executor,
  opts: Omit<OutgoingNotification, 'channel' | 'recipient' | 'locale'> & { technicianId: string },
): Promise<OutgoingNotification | null> {
  const [technician] = await db
    .select({ phone: users.phone, locale: users.locale })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(eq(technicians.id, opts.technicianId));
  if (!technician?.phone) return null;
  const { technicianId: _technicianId, ...notification } = opts;
  return {
    ...notification,
    channel: 'sms',
    recipient: technician.phone,
    locale: technician.locale === 'en' ? 'en' : 'ar',
  };
}
