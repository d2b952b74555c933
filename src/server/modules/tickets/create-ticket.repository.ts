// Ticket creation as ONE statement: customer, ticket, first timeline entry, open time log,
// optional invoice photo, audit row and the customer's SMS are written together or not at all,
// in a single round trip (the portal's busiest write).
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection';
import { overrideFieldSql } from '../notifications/template-overrides';
import { renderTemplate } from '../notifications/templates';
import type { NewTicketInput } from './create-ticket.service';

/**
 * The ticket number for the number expression `n` (SQL): TK-000042, six digits at least and more from
 * ticket 1,000,000 on (lpad alone would cut them off).
 */
export const ticketNumberSql = (n: string) =>
  `'TK-' || lpad(${n}::text, greatest(6, length(${n}::text)), '0')`;

/** Evaluated once per statement: for single-row inserts only. */
const NEXT_TICKET_NUMBER = sql.raw(`(SELECT ${ticketNumberSql('n')} FROM nextval('ticket_number_seq') AS n)`);

export interface TicketInsert {
  organizationId: string;
  input: NewTicketInput & { customerPhone: string };
  trackingToken: string;
  actor: { id: string | null; name: string; ipAddress: string; userAgent: string | null };
  /** A signed-in customer: the phone's customer row must be theirs (or nobody's yet). */
  customerUserId: string | null;
  invoicePhoto: { storageKey: string; filename: string; mimeType: string; size: number } | null;
  locale: 'ar' | 'en';
  now: Date;
}

export interface CreatedTicket {
  id: string;
  ticketNumber: string;
  trackingToken: string;
}

export async function insertTicket(db: Executor, row: TicketInsert): Promise<CreatedTicket | null> {
  const { input, now } = row;
  const warranty = input.warrantyStatus === 'yes';
  const photo = row.invoicePhoto;
  // The SMS text needs the ticket number, which only the statement knows: render around a marker.
  const marker = '\u0000NUMBER\u0000';
  const smsText = renderTemplate('ticket_created', row.locale, {
    ticketNumber: marker,
    trackingToken: row.trackingToken,
  });
  const [before, after] = smsText.split(marker);
  // The organisation's own text, when it has one, filled in here: its placeholders are the two the
  // statement knows (the settings API allows no others for this template).
  const fill = (field: 'body' | 'subject') => sql`replace(replace(
      ${overrideFieldSql(row.organizationId, 'ticket_created', row.locale, field)},
      '{{ticketNumber}}', ticket.ticket_number), '{{trackingToken}}', ticket.tracking_token)`;
  const result = await db.execute<{ id: string; ticket_number: string; tracking_token: string }>(sql`
    WITH customer AS (
      INSERT INTO customers (organization_id, user_id, name, phone, city, address, latitude, longitude)
      VALUES (${row.organizationId}, ${row.customerUserId}, ${input.customerName}, ${input.customerPhone},
              ${input.customerCity}, ${input.customerAddress}, ${input.latitude}, ${input.longitude})
      ON CONFLICT (organization_id, phone) DO UPDATE SET updated_at = excluded.updated_at
      RETURNING id, user_id
    ), ticket AS (
      INSERT INTO tickets (
        organization_id, ticket_number, tracking_token, customer_id, customer_name, customer_phone,
        customer_city, customer_address, latitude, longitude, formatted_address, device_type, brand, model,
        problem_description, preferred_time_slot, warranty_status, invoice_number, serial_number,
        attachment_bytes, created_by_id, created_at, updated_at)
      SELECT ${row.organizationId}, ${NEXT_TICKET_NUMBER}, ${row.trackingToken},
             customer.id, ${input.customerName}, ${input.customerPhone}, ${input.customerCity}, ${input.customerAddress},
             ${input.latitude}, ${input.longitude}, ${input.formattedAddress ?? null}, ${input.deviceType}, ${input.brand},
             ${input.model ?? null}, ${input.problemDescription}, ${input.preferredTimeSlot}, ${input.warrantyStatus},
             ${warranty ? (input.invoiceNumber ?? null) : null}, ${warranty ? (input.serialNumber ?? null) : null},
             ${photo?.size ?? 0}, ${row.actor.id}, ${now}, ${now}
      FROM customer
      WHERE ${row.customerUserId}::uuid IS NULL OR customer.user_id IS NULL OR customer.user_id = ${row.customerUserId}::uuid
      RETURNING id, ticket_number, tracking_token
    ), history AS (
      INSERT INTO ticket_status_history (organization_id, ticket_id, action, to_status, actor_id, actor_name, actor_role, created_at)
      SELECT ${row.organizationId}, ticket.id, 'create', 'new', ${row.actor.id}, ${row.actor.name}, 'customer', ${now} FROM ticket
    ), time_log AS (
      INSERT INTO time_logs (organization_id, ticket_id, stage, started_at)
      SELECT ${row.organizationId}, ticket.id, 'new', ${now} FROM ticket
    ), invoice AS (
      INSERT INTO ticket_attachments (organization_id, ticket_id, type, storage_key, filename, mime_type, size,
                                      uploaded_by_id, uploaded_by_name, uploaded_by_role, created_at)
      SELECT ${row.organizationId}, ticket.id, 'invoice_photo', ${photo?.storageKey ?? null}, ${photo?.filename ?? null},
             ${photo?.mimeType ?? null}, ${photo?.size ?? 0}, ${row.actor.id}, ${row.actor.name}, 'customer', ${now}
      FROM ticket WHERE ${photo !== null}
    ), audit AS (
      INSERT INTO audit_log (organization_id, action, entity, entity_id, new_value, actor_id, actor_name, actor_role,
                             ip_address, user_agent, created_at)
      SELECT ${row.organizationId}, 'ticket.create', 'ticket', ticket.id,
             jsonb_build_object('ticketNumber', ticket.ticket_number, 'status', 'new', 'customerId', customer.id),
             ${row.actor.id}, ${row.actor.name}, 'customer', ${row.actor.ipAddress}, ${row.actor.userAgent}, ${now}
      FROM ticket, customer
    ), sms AS (
      INSERT INTO notification_outbox (organization_id, channel, recipient, template, locale, text, subject,
                                       payload, ticket_id)
      SELECT ${row.organizationId}, 'sms', ${input.customerPhone}, 'ticket_created', ${row.locale},
             coalesce(${fill('body')}, ${before} || ticket.ticket_number || ${after}), nullif(${fill('subject')}, ''),
             jsonb_build_object('ticketNumber', ticket.ticket_number, 'trackingToken', ticket.tracking_token),
             ticket.id
      FROM ticket
    )
    SELECT id, ticket_number, tracking_token FROM ticket`);
  const created = result.rows[0];
  return created
    ? { id: created.id, ticketNumber: created.ticket_number, trackingToken: created.tracking_token }
    : null;
}
