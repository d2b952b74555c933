// Which rows are a supervisor's: tickets whose assigned technician is a member of an active team the
// supervisor leads. Unassigned tickets belong to no team (dispatchers own them), so a supervisor sees a
// ticket from the moment it is assigned to one of their technicians until it is reassigned elsewhere.
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { teamMembers, teams, tickets } from '../../db/schema';

/** The ids of the technicians in the active teams `supervisorId` leads. */
export function teamTechnicianIds(supervisorId: string): SQL {
  return sql`(SELECT ${teamMembers.technicianId} FROM ${teamMembers}
    INNER JOIN ${teams} ON ${teams.id} = ${teamMembers.teamId}
    WHERE ${teams.supervisorId} = ${supervisorId} AND ${teams.isActive})`;
}

/** `technicianColumn` names a technician of the supervisor's teams. */
export function inSupervisorTeam(technicianColumn: AnyColumn, supervisorId: string): SQL {
  return sql`${technicianColumn} IN ${teamTechnicianIds(supervisorId)}`;
}

/** The ticket of `ticketIdColumn` is one of the supervisor's team tickets. */
export function ticketInSupervisorTeam(
  ticketIdColumn: AnyColumn,
  supervisor: { userId: string; organizationId: string },
): SQL {
  return sql`${ticketIdColumn} IN (SELECT ${tickets.id} FROM ${tickets}
    WHERE ${tickets.organizationId} = ${supervisor.organizationId}
    AND ${inSupervisorTeam(tickets.technicianId, supervisor.userId)})`;
}
