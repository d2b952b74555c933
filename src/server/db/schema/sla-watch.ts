// What the SLA sweep (seed 000 §7.1) watches: one narrow row per open ticket, kept by the database itself
// (trigger tickets_sla_watch_sync, migration 0018) from every insert and change of a ticket, and deleted
// when the ticket closes. The sweep reads and marks these rows instead of the wide tickets row, whose
// many indexes made each mark as costly as the escalation it recorded.
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { at } from './columns';
import { tickets } from './tickets';

export const ticketSlaWatch = pgTable(
  'ticket_sla_watch',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull(),
    status: text('status').$type<TicketStatus>().notNull(),
    /** The ticket's version when this row was written: a mark is only set on the version that was read. */
    version: integer('version').notNull(),
    createdAt: at('created_at').notNull(),
    /** When the current status's stage clock started (created, assigned, slot start, trip, parts, workshop). */
    stageStartedAt: at('stage_started_at'),
    // When the sweep next looks at this ticket: NULL once the stage or age threshold passes, a time when
    // the SLA engine said "not yet" (business hours, pauses), 'infinity' once handled. The stage mark is
    // cleared by every change of the ticket; the age mark (SLA-006) never is.
    stageCheckAt: at('stage_check_at'),
    ageCheckAt: at('age_check_at'),
  },
  (t) => [
    // Only rows the sweep has not handled: a pass where nothing new is due reads nothing.
    index('ticket_sla_watch_stage_idx')
      .on(t.organizationId, t.status, t.stageStartedAt, t.ticketId)
      .where(sql`${t.stageCheckAt} IS NULL`),
    index('ticket_sla_watch_age_idx')
      .on(t.organizationId, t.createdAt, t.ticketId)
      .where(sql`${t.ageCheckAt} IS NULL`),
    index('ticket_sla_watch_stage_check_idx')
      .on(t.organizationId, t.stageCheckAt, t.ticketId)
      .where(sql`${t.stageCheckAt} < 'infinity'`),
    index('ticket_sla_watch_age_check_idx')
      .on(t.organizationId, t.ageCheckAt, t.ticketId)
      .where(sql`${t.ageCheckAt} < 'infinity'`),
  ],
);
