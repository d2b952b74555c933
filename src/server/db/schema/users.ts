import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Role } from '../../../domain/lifecycle/types';
import { at, createdAt, id, updatedAt } from './columns';
import { organizations } from './organizations';

export const users = pgTable(
  'users',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email'),
    phone: text('phone'),
    passwordHash: text('password_hash'),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    locale: text('locale').notNull().default('ar'),
    isActive: boolean('is_active').notNull().default(true),
    // Set when an administrator chose or generated the password: the user must choose their own
    // before anything else (the access token carries it, plugins/auth.ts enforces it).
    passwordChangeRequired: boolean('password_change_required').notNull().default(false),
    avatar: text('avatar'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: at('deleted_at'),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('users_org_phone_key').on(t.organizationId, t.phone),
    index('users_org_role_idx').on(t.organizationId, t.role),
  ],
);

export const technicians = pgTable(
  'technicians',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .unique()
      .references(() => users.id),
    employeeId: text('employee_id').notNull(),
    specialties: text('specialties').array().notNull().default(sql`'{}'::text[]`),
    serviceAreas: text('service_areas').array().notNull().default(sql`'{}'::text[]`),
    isAvailable: boolean('is_available').notNull().default(true),
    currentLat: doublePrecision('current_lat'),
    currentLng: doublePrecision('current_lng'),
    lastLocationAt: at('last_location_at'),
    currentTicketId: uuid('current_ticket_id'),
    // Location pings accepted in the current minute (FIELDLINE_LOCATION_PINGS_PER_MINUTE), counted on
    // this row so the limit holds across server processes.
    locationWindowStart: at('location_window_start'),
    locationWindowPings: integer('location_window_pings').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('technicians_org_employee_key').on(t.organizationId, t.employeeId),
    index('technicians_service_areas_idx').using('gin', t.serviceAreas),
  ],
);

export const customers = pgTable(
  'customers',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .unique()
      .references(() => users.id),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    email: text('email'),
    city: text('city').notNull(),
    address: text('address').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('customers_org_phone_key').on(t.organizationId, t.phone)],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    revokedAt: at('revoked_at'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId), index('refresh_tokens_user_idx').on(t.userId)],
);

export const otpCodes = pgTable(
  'otp_codes',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    phone: text('phone').notNull(),
    purpose: text('purpose').$type<'login' | 'completion'>().notNull(),
    ticketId: uuid('ticket_id'),
    userId: uuid('user_id').references(() => users.id),
    codeHash: text('code_hash').notNull(),
    expiresAt: at('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    consumedAt: at('consumed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('otp_codes_lookup_idx').on(t.organizationId, t.phone, t.purpose, t.createdAt)],
);
