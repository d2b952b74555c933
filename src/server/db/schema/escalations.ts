import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns';
import { organizations } from './organizations';
import { tickets } from './tickets';
import { customers } from './users';

export const ESCALATION_TYPES = [
  'assignment_delay',
  'schedule_delay',
  'trip_delay',
  'arrival_delay',
  'parts_delay',
  'completion_delay',
  'customer_complaint',
  'sla_breach',
] as const;
export type EscalationType = (typeof ESCALATION_TYPES)[number];
export const ESCALATION_LEVELS = ['L1', 'L2', 'L3'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const escalations = pgTable(
  'escalations',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    ruleId: text('rule_id'),
    level: text('level').$type<EscalationLevel>().notNull(),
    type: text('type').$type<EscalationType>().notNull(),
    reason: text('reason').notNull(),
    ownerRole: text('owner_role'),
    ownerId: uuid('owner_id'),
    ownerName: text('owner_name'),
    technicianId: uuid('technician_id'),
    isResolved: boolean('is_resolved').notNull().default(false),
    resolvedAt: at('resolved_at'),
    resolvedById: uuid('resolved_by_id'),
    resolvedByName: text('resolved_by_name'),
    resolutionNotes: text('resolution_notes'),
    createdAt: createdAt(),
  },
  (t) => [
    index('escalations_ticket_idx').on(t.ticketId),
    index('escalations_org_open_idx').on(t.organizationId, t.isResolved, t.createdAt.desc()),
    index('escalations_org_level_idx').on(t.organizationId, t.level),
    // KPI reports (seed 000 §8.1 SLA compliance): the tickets escalated since a period began, read from
    // the index alone.
    index('escalations_org_created_ticket_idx').on(t.organizationId, t.createdAt, t.ticketId),
    uniqueIndex('escalations_once_per_rule_key')
      .on(t.ticketId, t.ruleId, t.level)
      .where(sql`${t.ruleId} IS NOT NULL`),
  ],
);

export const slaConfigs = pgTable(
  'sla_configs',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    ruleId: text('rule_id').notNull(),
    name: text('name').notNull(),
    type: text('type').$type<EscalationType>().notNull(),
    thresholdMinutes: integer('threshold_minutes').notNull(),
    escalationLevel: text('escalation_level').$type<EscalationLevel>().notNull(),
    ownerRole: text('owner_role').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    /** Seed 000 §7.2 "autoReassign?": an L3 escalation moves the ticket to another technician. */
    autoReassign: boolean('auto_reassign').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('sla_configs_org_rule_key').on(t.organizationId, t.ruleId),
    uniqueIndex('sla_configs_org_name_key').on(t.organizationId, t.name),
    check('sla_configs_threshold_nonnegative', sql`${t.thresholdMinutes} >= 0`),
  ],
);

/**
 * Customer complaints (SLA-007). The same text twice on one ticket is one complaint: the fingerprint of
 * the normalised text is unique per ticket, which makes a double submit idempotent.
 */
export const ticketComplaints = pgTable(
  'ticket_complaints',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    message: text('message').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** Null when SLA-007 is switched off: the complaint is kept without an escalation. */
    escalationId: uuid('escalation_id').references(() => escalations.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ticket_complaints_ticket_fingerprint_key').on(t.ticketId, t.fingerprint),
    uniqueIndex('ticket_complaints_escalation_key').on(t.escalationId),
    check('ticket_complaints_message_length', sql`char_length(${t.message}) BETWEEN 10 AND 2000`),
  ],
);
