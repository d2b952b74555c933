// Request and response schemas of the supervisor portal API and of the admin's team management.
// The ticket and escalation lists reuse the admin API's query and response shapes.
import { z } from 'zod';
import { LIMITS } from '../../../domain/validations';
import { limit, page } from '../admin/admin.schemas';

const iso = z.string();
const uuid = (message: string) => z.string().uuid(message);

// ---------------------------------------------------------------- supervisor overview

export const teamRefSchema = z.object({
  id: z.string(),
  nameAr: z.string(),
  nameEn: z.string(),
});

export const teamMemberLoadSchema = z.object({
  technicianId: z.string(),
  teamId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  isAvailable: z.boolean(),
  isActive: z.boolean(),
  lastLocationAt: iso.nullable(),
  openTickets: z.number().int().describe('Assigned tickets not yet completed, not fixed or cancelled.'),
  inProgress: z.number().int().describe('Open tickets past scheduling: on route to ready for delivery.'),
  completedToday: z.number().int().describe('Completed today in the organisation’s time zone.'),
});
export type TeamMemberLoad = z.infer<typeof teamMemberLoadSchema>;

export const overviewResponse = z.object({
  teams: z.array(teamRefSchema),
  summary: z.object({
    members: z.number().int(),
    available: z.number().int(),
    openTickets: z.number().int(),
    inProgress: z.number().int(),
    completedToday: z.number().int(),
    activeEscalations: z.number().int(),
  }),
  members: z.array(teamMemberLoadSchema),
});
export type SupervisorOverview = z.infer<typeof overviewResponse>;

// ---------------------------------------------------------------- teams (admin)

export const TEAM_MEMBERS_MAX = 200;

const teamName = (language: string) =>
  z
    .string()
    .trim()
    .min(2, `The ${language} name needs at least 2 characters.`)
    .max(LIMITS.nameMax, `The ${language} name may have at most ${LIMITS.nameMax} characters.`);

const technicianIds = z
  .array(uuid('A technician id is not valid.'))
  .max(TEAM_MEMBERS_MAX, `A team has at most ${TEAM_MEMBERS_MAX} technicians.`)
  .refine((ids) => new Set(ids).size === ids.length, 'A technician is listed twice.');

export const createTeamBody = z.strictObject({
  nameAr: teamName('Arabic'),
  nameEn: teamName('English'),
  supervisorId: uuid('The supervisor id is not valid.'),
  technicianIds: technicianIds.default([]),
});
export type CreateTeamInput = z.infer<typeof createTeamBody>;

export const updateTeamBody = z
  .strictObject({
    nameAr: teamName('Arabic').optional(),
    nameEn: teamName('English').optional(),
    supervisorId: uuid('The supervisor id is not valid.').optional(),
    isActive: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'Send at least one change.');
export type UpdateTeamInput = z.infer<typeof updateTeamBody>;

export const teamMembersBody = z.strictObject({
  technicianIds,
  moveFromOtherTeams: z
    .boolean()
    .default(false)
    .describe('Take listed technicians out of their other team in the same transaction; else that is a 409.'),
});

export const teamListQuery = z.object({ page, limit: limit(50) });
export type TeamListQuery = z.infer<typeof teamListQuery>;

export const teamSchema = teamRefSchema.extend({
  supervisor: z.object({ id: z.string(), name: z.string() }),
  isActive: z.boolean(),
  members: z.array(z.object({ technicianId: z.string(), name: z.string() })),
  createdAt: iso,
  updatedAt: iso,
});
export type TeamView = z.infer<typeof teamSchema>;

export const teamResponse = z.object({ team: teamSchema });
export const teamListResponse = z.object({
  teams: z.array(teamSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});
