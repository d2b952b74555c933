// SLA policies and business calendars per organisation (issue 3): the stored form of the domain's
// SlaPolicy and BusinessCalendar (src/domain/sla).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { BusinessCalendar } from '../../../domain/sla/calendar';
import type { SlaConditions } from '../../../domain/sla/policies';
import type { SlaTargetDefinition } from '../../../domain/sla/targets';
import { createdAt, id, updatedAt } from './columns';
import { organizations } from './organizations';

export const businessCalendars = pgTable(
  'business_calendars',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    weeklyHours: jsonb('weekly_hours').$type<BusinessCalendar['weeklyHours']>().notNull(),
    holidays: text('holidays').array().notNull().default(sql`'{}'::text[]`),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('business_calendars_org_name_key').on(t.organizationId, t.name),
    uniqueIndex('business_calendars_org_default_key').on(t.organizationId).where(sql`${t.isDefault}`),
  ],
);

export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    conditions: jsonb('conditions').$type<SlaConditions>().notNull().default({}),
    targets: jsonb('targets').$type<SlaTargetDefinition[]>().notNull(),
    warningPercents: integer('warning_percents').array().notNull().default(sql`'{75,90}'::integer[]`),
    scaleByPriority: boolean('scale_by_priority').notNull().default(false),
    calendarId: uuid('calendar_id').references(() => businessCalendars.id),
    isActive: boolean('is_active').notNull().default(true),
    rank: integer('rank').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('sla_policies_org_name_key').on(t.organizationId, t.name),
    index('sla_policies_org_active_idx').on(t.organizationId, t.isActive, t.rank),
    index('sla_policies_calendar_idx').on(t.calendarId),
    check('sla_policies_warning_percents_pair', sql`cardinality(${t.warningPercents}) = 2`),
  ],
);
