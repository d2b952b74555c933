// Teams of technicians led by a supervisor (seed 000 §1.4, seed 002 "teams"). A ticket belongs to a
// team while its assigned technician is a member; unassigned tickets belong to no team.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { organizations } from './organizations';
import { technicians, users } from './users';

export const teams = pgTable(
  'teams',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    nameAr: text('name_ar').notNull(),
    nameEn: text('name_en').notNull(),
    supervisorId: uuid('supervisor_id')
      .notNull()
      .references(() => users.id),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('teams_org_name_en_key').on(t.organizationId, sql`lower(${t.nameEn})`),
    index('teams_supervisor_idx').on(t.supervisorId),
  ],
);

/** The technician is the key: a technician is in at most one team. */
export const teamMembers = pgTable(
  'team_members',
  {
    technicianId: uuid('technician_id')
      .primaryKey()
      .references(() => technicians.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    createdAt: createdAt(),
  },
  (t) => [index('team_members_team_idx').on(t.teamId)],
);
