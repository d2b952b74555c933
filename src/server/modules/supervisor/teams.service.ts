// Teams as the admin manages them: create, rename, hand to another supervisor, deactivate, and set
// the technicians. A technician is in at most one team; moving one means taking them out first.
import { and, asc, count, eq, inArray, isNull, ne, notInArray, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { teamMembers, teams, technicians, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { auditActor, offsetOf } from '../admin/admin-common';
import { type AuditActor, recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import type { CreateTeamInput, TeamListQuery, TeamView, UpdateTeamInput } from './supervisor.schemas';

type TeamRow = typeof teams.$inferSelect;

const UNIQUE_VIOLATION = '23505';

function invalid(path: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('validation_failed', message, { issues: [{ path, message }], ...extra });
}

/** Drizzle wraps driver errors; the PostgreSQL code is on the error or its cause. */
function isUniqueViolation(error: unknown): boolean {
  const codeOf = (value: unknown) =>
    typeof value === 'object' && value !== null && 'code' in value ? value.code : undefined;
  return (
    codeOf(error) === UNIQUE_VIOLATION ||
    codeOf((error as { cause?: unknown } | null)?.cause) === UNIQUE_VIOLATION
  );
}

async function ensureSupervisor(db: Executor, organizationId: string, supervisorId: string): Promise<void> {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, supervisorId),
        eq(users.organizationId, organizationId),
        eq(users.role, 'supervisor'),
        eq(users.isActive, true),
        isNull(users.deletedAt),
      ),
    );
  if (!user) {
    throw invalid('body.supervisorId', 'The supervisor must be an active supervisor of your organisation.');
  }
}

/** Every id names a technician of the organisation, and none is in a team other than `teamId`. */
/**
 * Every id must be a technician of the organisation (400 otherwise). Returns the other teams the
 * technicians are in, by technician id.
 */
async function technicianTeams(
  db: Executor,
  organizationId: string,
  technicianIds: string[],
  teamId: string | null,
): Promise<Map<string, string>> {
  if (technicianIds.length === 0) return new Map();
  const found = await db
    .select({ id: technicians.id, teamId: teamMembers.teamId })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .leftJoin(teamMembers, eq(teamMembers.technicianId, technicians.id))
    .where(
      and(
        inArray(technicians.id, technicianIds),
        eq(technicians.organizationId, organizationId),
        isNull(users.deletedAt),
      ),
    );
  const known = new Set(found.map((row) => row.id));
  const unknown = technicianIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw invalid('body.technicianIds', 'Some ids are not technicians of your organisation.', {
      technicianIds: unknown,
    });
  }
  return new Map(
    found.flatMap((row) => (row.teamId !== null && row.teamId !== teamId ? [[row.id, row.teamId]] : [])),
  );
}

/** The technicians exist and are in no other team (409 otherwise). */
async function ensureTechnicians(
  db: Executor,
  organizationId: string,
  technicianIds: string[],
  teamId: string | null,
): Promise<void> {
  const elsewhere = await technicianTeams(db, organizationId, technicianIds, teamId);
  if (elsewhere.size > 0) throw inAnotherTeam([...elsewhere.keys()]);
}

const inAnotherTeam = (technicianIds: string[]) =>
  new AppError('conflict', 'Some technicians are already in another team: take them out of it first.', {
    technicianIds,
  });

async function teamViews(db: Executor, rows: TeamRow[]): Promise<TeamView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const supervisorIds = [...new Set(rows.map((row) => row.supervisorId))];
  const [supervisors, members] = await Promise.all([
    db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, supervisorIds)),
    db
      .select({ teamId: teamMembers.teamId, technicianId: teamMembers.technicianId, name: users.name })
      .from(teamMembers)
      .innerJoin(technicians, eq(technicians.id, teamMembers.technicianId))
      .innerJoin(users, eq(users.id, technicians.userId))
      .where(inArray(teamMembers.teamId, ids))
      .orderBy(asc(users.name), asc(teamMembers.technicianId)),
  ]);
  const supervisorNames = new Map(supervisors.map((row) => [row.id, row.name]));
  return rows.map((row) => ({
    id: row.id,
    nameAr: row.nameAr,
    nameEn: row.nameEn,
    supervisor: { id: row.supervisorId, name: supervisorNames.get(row.supervisorId) ?? '' },
    isActive: row.isActive,
    members: members
      .filter((member) => member.teamId === row.id)
      .map(({ technicianId, name }) => ({ technicianId, name })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

async function teamView(db: Executor, row: TeamRow): Promise<TeamView> {
  const [view] = await teamViews(db, [row]);
  if (!view) throw new AppError('internal', 'The team could not be read.');
  return view;
}

async function lockTeam(tx: Executor, organizationId: string, teamId: string): Promise<TeamRow> {
  const [row] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.organizationId, organizationId)))
    .for('update');
  if (!row) throw new AppError('not_found', 'Team not found.');
  return row;
}

async function ensureNameFree(tx: Executor, organizationId: string, nameEn: string, exceptId?: string) {
  const conditions: SQL[] = [
    eq(teams.organizationId, organizationId),
    sql`lower(${teams.nameEn}) = lower(${nameEn})`,
  ];
  if (exceptId) conditions.push(ne(teams.id, exceptId));
  const [taken] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(...conditions));
  if (taken)
    throw new AppError('conflict', 'Another team already has this English name.', { teamId: taken.id });
}

/** Unique violations that slip past the checks under concurrency are conflicts, not 500s. */
async function asConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', 'The team or a technician changed at the same time; try again.');
    }
    throw error;
  }
}

export async function listTeams(
  ctx: AppContext,
  principal: Principal,
  query: TeamListQuery,
): Promise<{ teams: TeamView[]; total: number; page: number; limit: number }> {
  const where = eq(teams.organizationId, principal.organizationId);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(teams)
      .where(where)
      .orderBy(asc(teams.nameEn), asc(teams.id))
      .limit(query.limit)
      .offset(offsetOf(query.page, query.limit)),
    ctx.db.select({ value: count() }).from(teams).where(where),
  ]);
  return {
    teams: await teamViews(ctx.db, rows),
    total: total?.value ?? 0,
    page: query.page,
    limit: query.limit,
  };
}

export async function createTeam(
  ctx: AppContext,
  opts: { principal: Principal; input: CreateTeamInput; meta: RequestMeta },
): Promise<TeamView> {
  const { principal, input } = opts;
  const organizationId = principal.organizationId;
  return asConflict(() =>
    ctx.db.transaction(async (tx) => {
      await ensureSupervisor(tx, organizationId, input.supervisorId);
      await ensureTechnicians(tx, organizationId, input.technicianIds, null);
      await ensureNameFree(tx, organizationId, input.nameEn);
      const [row] = await tx
        .insert(teams)
        .values({
          organizationId,
          nameAr: input.nameAr,
          nameEn: input.nameEn,
          supervisorId: input.supervisorId,
        })
        .returning();
      if (!row) throw new AppError('internal', 'The team could not be created.');
      if (input.technicianIds.length > 0) {
        await tx
          .insert(teamMembers)
          .values(
            input.technicianIds.map((technicianId) => ({ technicianId, teamId: row.id, organizationId })),
          );
      }
      await recordAudit(tx, {
        organizationId,
        action: 'team.create',
        entity: 'team',
        entityId: row.id,
        newValue: input,
        actor: auditActor(principal, opts.meta),
      });
      return teamView(tx, row);
    }),
  );
}

export async function updateTeam(
  ctx: AppContext,
  opts: { principal: Principal; teamId: string; changes: UpdateTeamInput; meta: RequestMeta },
): Promise<TeamView> {
  const { principal, changes } = opts;
  const organizationId = principal.organizationId;
  return asConflict(() =>
    ctx.db.transaction(async (tx) => {
      const current = await lockTeam(tx, organizationId, opts.teamId);
      if (changes.supervisorId) await ensureSupervisor(tx, organizationId, changes.supervisorId);
      if (changes.nameEn) await ensureNameFree(tx, organizationId, changes.nameEn, current.id);
      const [row] = await tx
        .update(teams)
        .set({ ...changes, updatedAt: ctx.clock.now() })
        .where(eq(teams.id, current.id))
        .returning();
      if (!row) throw new AppError('internal', 'The team could not be updated.');
      await recordAudit(tx, {
        organizationId,
        action: 'team.update',
        entity: 'team',
        entityId: row.id,
        oldValue: {
          nameAr: current.nameAr,
          nameEn: current.nameEn,
          supervisorId: current.supervisorId,
          isActive: current.isActive,
        },
        newValue: changes,
        actor: auditActor(principal, opts.meta),
      });
      return teamView(tx, row);
    }),
  );
}

/**
 * Makes `technicianIds` the team's members: those left out leave it, new ones join it. A technician in
 * another team is a 409, unless `moveFromOtherTeams`: then they leave that team in the same transaction
 * (its audit row says so). Teams are locked in id order, so two moves in opposite directions wait for
 * each other instead of deadlocking.
 */
export async function setTeamMembers(
  ctx: AppContext,
  opts: {
    principal: Principal;
    teamId: string;
    technicianIds: string[];
    moveFromOtherTeams?: boolean;
    meta: RequestMeta;
  },
): Promise<TeamView> {
  const { principal, technicianIds } = opts;
  const organizationId = principal.organizationId;
  const actor = auditActor(principal, opts.meta);
  return asConflict(() =>
    ctx.db.transaction(async (tx) => {
      const seen = await technicianTeams(tx, organizationId, technicianIds, opts.teamId);
      if (seen.size > 0 && !opts.moveFromOtherTeams) throw inAnotherTeam([...seen.keys()]);
      const sources = [...new Set(seen.values())];
      const locked = new Map<string, TeamRow>();
      for (const id of [opts.teamId, ...sources].sort())
        locked.set(id, await lockTeam(tx, organizationId, id));
      const team = locked.get(opts.teamId) as TeamRow;
      // Read again under the locks: a concurrent change may have moved someone meanwhile.
      const elsewhere = await technicianTeams(tx, organizationId, technicianIds, team.id);
      const unlocked = [...elsewhere.entries()].filter(([, teamId]) => !locked.has(teamId));
      if (unlocked.length > 0 || (elsewhere.size > 0 && !opts.moveFromOtherTeams)) {
        throw inAnotherTeam([...elsewhere.keys()]);
      }
      for (const sourceId of new Set(elsewhere.values())) {
        const leaving = [...elsewhere].filter(([, teamId]) => teamId === sourceId).map(([id]) => id);
        await leaveTeam(tx, { organizationId, teamId: sourceId, leaving, actor, now: ctx.clock.now() });
      }
      const before = await memberIds(tx, team.id);
      await tx
        .delete(teamMembers)
        .where(
          technicianIds.length > 0
            ? and(eq(teamMembers.teamId, team.id), notInArray(teamMembers.technicianId, technicianIds))
            : eq(teamMembers.teamId, team.id),
        );
      const already = new Set(before);
      const joining = technicianIds.filter((technicianId) => !already.has(technicianId));
      if (joining.length > 0) {
        await tx
          .insert(teamMembers)
          .values(joining.map((technicianId) => ({ technicianId, teamId: team.id, organizationId })));
      }
      const [row] = await tx
        .update(teams)
        .set({ updatedAt: ctx.clock.now() })
        .where(eq(teams.id, team.id))
        .returning();
      await recordAudit(tx, {
        organizationId,
        action: 'team.members',
        entity: 'team',
        entityId: team.id,
        oldValue: { technicianIds: before.sort() },
        newValue: { technicianIds: [...technicianIds].sort() },
        actor,
      });
      return teamView(tx, row ?? team);
    }),
  );
}

const memberIds = async (tx: Executor, teamId: string): Promise<string[]> =>
  (
    await tx
      .select({ technicianId: teamMembers.technicianId })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId))
  ).map((member) => member.technicianId);

/** Takes `leaving` out of a (locked) team that another team's members change takes them from. */
async function leaveTeam(
  tx: Executor,
  opts: { organizationId: string; teamId: string; leaving: string[]; actor: AuditActor; now: Date },
): Promise<void> {
  const before = await memberIds(tx, opts.teamId);
  await tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, opts.teamId), inArray(teamMembers.technicianId, opts.leaving)));
  await tx.update(teams).set({ updatedAt: opts.now }).where(eq(teams.id, opts.teamId));
  const leaving = new Set(opts.leaving);
  await recordAudit(tx, {
    organizationId: opts.organizationId,
    action: 'team.members',
    entity: 'team',
    entityId: opts.teamId,
    oldValue: { technicianIds: before.sort() },
    newValue: {
      technicianIds: before.filter((id) => !leaving.has(id)).sort(),
      movedOut: [...leaving].sort(),
    },
    actor: opts.actor,
  });
}
