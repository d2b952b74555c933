import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns';

/**
 * Stamps of an organisation's SLA setup: a trigger (migration 0019) gives sla_setup_version the next
 * value whenever its sla_configs, business_calendars or sla_policies change, in the same transaction, so
 * a process caching the setup knows from one number whether its copy is current. Never reused, even
 * across truncated tables.
 */
export const slaSetupVersionSeq = pgSequence('sla_setup_version_seq');

export const organizations = pgTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  timeZone: text('time_zone').notNull().default('Asia/Riyadh'),
  defaultLocale: text('default_locale').notNull().default('ar'),
  slaSetupVersion: bigint('sla_setup_version', { mode: 'number' })
    .notNull()
    .default(sql`nextval('sla_setup_version_seq')`),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const cities = pgTable(
  'cities',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    code: text('code').notNull(),
    nameAr: text('name_ar').notNull(),
    nameEn: text('name_en').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cities_org_code_key').on(t.organizationId, t.code)],
);

export const settings = pgTable(
  'settings',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('settings_org_key_key').on(t.organizationId, t.key)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.organizationId, t.entity, t.entityId),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_created_idx').on(t.organizationId, t.createdAt),
  ],
);

export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    channel: text('channel').$type<'sms' | 'email' | 'whatsapp' | 'telegram' | 'push' | 'in_app'>().notNull(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    text: text('text').notNull(),
    /** The e-mail subject or in-app title from the organisation's template override; null: the built-in one. */
    subject: text('subject'),
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    ticketId: uuid('ticket_id'),
    dedupeKey: text('dedupe_key').unique(),
    /** 'dead': gave up after FIELDLINE_OUTBOX_MAX_ATTEMPTS failed attempts. */
    status: text('status').$type<'pending' | 'sent' | 'failed' | 'dead'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** A failed message waits (exponential backoff) until then before the next attempt. */
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    providerMessageId: text('provider_message_id'),
    createdAt: createdAt(),
    sentAt: at('sent_at'),
  },
  (t) => [
    index('notification_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // The admins' delivery list (dead letters first of all), filtered by status, newest first.
    index('notification_outbox_org_status_idx').on(t.organizationId, t.status, t.createdAt.desc()),
  ],
);
