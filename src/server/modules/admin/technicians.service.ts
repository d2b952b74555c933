// Technicians as the dispatcher sees them (availability, areas, open workload and performance), and
// as the admin manages them: create, edit, deactivate.
import {
  and,
  asc,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { cities, technicians, tickets, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import { presentTicketSummary } from '../tickets/tickets.presenter';
import { ticketSummaryColumns } from '../tickets/tickets.repository';
import type { TicketSummary } from '../tickets/tickets.schemas';
import type { TechnicianListQuery, TechnicianView } from './admin.schemas';
import { auditActor, iso, offsetOf, STATUS_GROUPS } from './admin-common';
import { escapeLike } from './admin-tickets.repository';
import type { CreateTechnicianInput, UpdateTechnicianInput } from './technicians.schemas';
import {
  type AccountWrite,
  guardUniqueAccount,
  insertAccount,
  lockActiveAdmins,
  newTemporaryPassword,
  setUserActive,
} from './users.service';

/** Technicians of the organisation whose accounts were not deleted. */
const inOrganization = (organizationId: string) =>
  and(eq(technicians.organizationId, organizationId), isNull(users.deletedAt)) as SQL;

/** Technicians matching `where` with their open-ticket counts: one query, counts from a grouped subquery. */
async function technicianViews(
  db: Executor,
  organizationId: string,
  where: SQL,
  page: { limit: number; offset: number },
): Promise<TechnicianView[]> {
  const open = db
    .select({
      technicianId: tickets.technicianId,
      openTickets: sql<number>`count(*)::int`.as('open_tickets'),
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.organizationId, organizationId),
        isNotNull(tickets.technicianId),
        notInArray(tickets.status, STATUS_GROUPS.closed),
      ),
    )
    .groupBy(tickets.technicianId)
    .as('open_counts');
  const rows = await db
    .select({
      id: technicians.id,
      userId: technicians.userId,
      name: users.name,
      email: users.email,
      phone: users.phone,
      employeeId: technicians.employeeId,
      specialties: technicians.specialties,
      serviceAreas: technicians.serviceAreas,
      isAvailable: technicians.isAvailable,
      isActive: users.isActive,
      currentLat: technicians.currentLat,
      currentLng: technicians.currentLng,
      lastLocationAt: technicians.lastLocationAt,
      openTickets: sql<number>`coalesce(${open.openTickets}, 0)::int`,
    })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .leftJoin(open, eq(open.technicianId, technicians.id))
    .where(where)
    .orderBy(asc(users.name), asc(technicians.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((row) => ({ ...row, lastLocationAt: iso(row.lastLocationAt) }));
}

export async function listTechnicians(
  ctx: AppContext,
  principal: Principal,
  query: TechnicianListQuery,
): Promise<{ technicians: TechnicianView[]; total: number; page: number; limit: number }> {
  const conditions: SQL[] = [inOrganization(principal.organizationId)];
  if (query.isAvailable !== undefined) conditions.push(eq(technicians.isAvailable, query.isAvailable));
  if (query.isActive !== undefined) conditions.push(eq(users.isActive, query.isActive));
  if (query.city) conditions.push(sql`${technicians.serviceAreas} @> ARRAY[${query.city}]::text[]`);
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`;
    conditions.push(
      or(
        ilike(users.name, pattern),
        ilike(users.email, pattern),
        ilike(users.phone, pattern),
        ilike(technicians.employeeId, pattern),
      ) as SQL,
    );
  }
  const where = and(...conditions) as SQL;
  const [items, [count]] = await Promise.all([
    technicianViews(ctx.db, principal.organizationId, where, {
      limit: query.limit,
      offset: offsetOf(query.page, query.limit),
    }),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(technicians)
      .innerJoin(users, eq(users.id, technicians.userId))
      .where(where),
  ]);
  return { technicians: items, total: count?.total ?? 0, page: query.page, limit: query.limit };
}

export interface TechnicianStats {
  totalTickets: number;
  completed: number;
  notFixed: number;
  inProgress: number;
  avgRating: number | null;
}

export async function getTechnician(
  ctx: AppContext,
  principal: Principal,
  technicianId: string,
): Promise<{ technician: TechnicianView; stats: TechnicianStats; recentTickets: TicketSummary[] }> {
  const organizationId = principal.organizationId;
  const where = and(inOrganization(organizationId), eq(technicians.id, technicianId)) as SQL;
  const ofTechnician = and(
    eq(tickets.organizationId, organizationId),
    eq(tickets.technicianId, technicianId),
  );
  const [[technician], [stats], recent] = await Promise.all([
    technicianViews(ctx.db, organizationId, where, { limit: 1, offset: 0 }),
    ctx.db
      .select({
        totalTickets: sql<number>`count(*)::int`,
        completed: sql<number>`(count(*) FILTER (WHERE ${tickets.status} = 'completed'))::int`,
        notFixed: sql<number>`(count(*) FILTER (WHERE ${tickets.status} = 'not_fixed'))::int`,
        inProgress: sql<number>`(count(*) FILTER (WHERE ${inArray(tickets.status, STATUS_GROUPS.inProgress)}))::int`,
        avgRating: sql<number | null>`round(avg(${tickets.customerRating}), 2)::float8`,
      })
      .from(tickets)
      .where(ofTechnician),
    ctx.db
      .select(ticketSummaryColumns)
      .from(tickets)
      .where(ofTechnician)
      .orderBy(desc(tickets.createdAt), desc(tickets.id))
      .limit(10),
  ]);
  if (!technician) throw new AppError('not_found', 'Technician not found.');
  const ref = { id: technician.id, name: technician.name, phone: technician.phone };
  return {
    technician,
    stats: stats ?? { totalTickets: 0, completed: 0, notFixed: 0, inProgress: 0, avgRating: null },
    recentTickets: recent.map((row) => presentTicketSummary(row, ref)),
  };
}

// ---------------------------------------------------------------- create, edit, deactivate

/** Every code must be an active city of the organisation. */
async function checkServiceAreas(db: Executor, organizationId: string, codes: string[]): Promise<void> {
  const known = await db
    .select({ code: cities.code })
    .from(cities)
    .where(
      and(eq(cities.organizationId, organizationId), eq(cities.isActive, true), inArray(cities.code, codes)),
    );
  const unknown = codes.filter((code) => !known.some((city) => city.code === code));
  if (unknown.length > 0) {
    const message = `Unknown or inactive cities: ${unknown.join(', ')}.`;
    throw new AppError('validation_failed', message, {
      issues: [{ path: 'body.serviceAreas', message }],
      unknownCities: unknown,
    });
  }
}

async function technicianView(db: Executor, organizationId: string, technicianId: string) {
  const where = and(inOrganization(organizationId), eq(technicians.id, technicianId)) as SQL;
  const [view] = await technicianViews(db, organizationId, where, { limit: 1, offset: 0 });
  if (!view) throw new AppError('not_found', 'Technician not found.');
  return view;
}

/** The technician's row, locked; 404 for unknown, deleted and other organisations' technicians. */
async function lockTechnician(tx: Executor, organizationId: string, technicianId: string) {
  const [row] = await tx
    .select({ id: technicians.id, userId: technicians.userId })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(and(inOrganization(organizationId), eq(technicians.id, technicianId)))
    .for('update', { of: technicians });
  if (!row) throw new AppError('not_found', 'Technician not found.');
  return row;
}

const auditedTechnician = (view: TechnicianView) => ({
  name: view.name,
  email: view.email,
  phone: view.phone,
  employeeId: view.employeeId,
  specialties: view.specialties,
  serviceAreas: view.serviceAreas,
  isAvailable: view.isAvailable,
  isActive: view.isActive,
});

/** Employee numbers the admin did not choose: "EMP-" and six random characters. */
const generatedEmployeeId = () => `EMP-${newTemporaryPassword().replace(/-/g, '').slice(0, 6).toUpperCase()}`;

export async function createTechnician(
  ctx: AppContext,
  opts: AccountWrite & { input: CreateTechnicianInput },
): Promise<{ technician: TechnicianView; temporaryPassword: string | null }> {
  const { principal, input } = opts;
  const organizationId = principal.organizationId;
  return guardUniqueAccount(() =>
    ctx.db.transaction(async (tx) => {
      await lockActiveAdmins(tx, principal);
      await checkServiceAreas(tx, organizationId, input.serviceAreas);
      const { userId, temporaryPassword } = await insertAccount(ctx, tx, {
        organizationId,
        input,
        role: 'technician',
      });
      const now = ctx.clock.now();
      const [row] = await tx
        .insert(technicians)
        .values({
          organizationId,
          userId,
          employeeId: input.employeeId ?? generatedEmployeeId(),
          specialties: input.specialties,
          serviceAreas: input.serviceAreas,
          isAvailable: input.isAvailable,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: technicians.id });
      if (!row) throw new AppError('internal', 'The technician could not be created.');
      const technician = await technicianView(tx, organizationId, row.id);
      await recordAudit(tx, {
        organizationId,
        action: 'technician.create',
        entity: 'technician',
        entityId: row.id,
        newValue: auditedTechnician(technician),
        actor: auditActor(principal, opts.meta),
      });
      return { technician, temporaryPassword };
    }),
  );
}

export async function updateTechnician(
  ctx: AppContext,
  opts: AccountWrite & { technicianId: string; changes: UpdateTechnicianInput },
): Promise<TechnicianView> {
  const { principal, changes } = opts;
  const organizationId = principal.organizationId;
  return guardUniqueAccount(() =>
    ctx.db.transaction(async (tx) => {
      await lockActiveAdmins(tx, principal);
      const target = await lockTechnician(tx, organizationId, opts.technicianId);
      if (changes.serviceAreas) await checkServiceAreas(tx, organizationId, changes.serviceAreas);
      const before = await technicianView(tx, organizationId, target.id);
      const now = ctx.clock.now();
      const account = {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.email !== undefined ? { email: changes.email } : {}),
        ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
        ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      };
      if (Object.keys(account).length > 0) {
        await tx
          .update(users)
          .set({ ...account, updatedAt: now })
          .where(eq(users.id, target.userId));
      }
      await tx
        .update(technicians)
        .set({
          ...(changes.employeeId !== undefined ? { employeeId: changes.employeeId } : {}),
          ...(changes.specialties !== undefined ? { specialties: changes.specialties } : {}),
          ...(changes.serviceAreas !== undefined ? { serviceAreas: changes.serviceAreas } : {}),
          ...(changes.isAvailable !== undefined ? { isAvailable: changes.isAvailable } : {}),
          updatedAt: now,
        })
        .where(eq(technicians.id, target.id));
      const after = await technicianView(tx, organizationId, target.id);
      await recordAudit(tx, {
        organizationId,
        action: 'technician.update',
        entity: 'technician',
        entityId: target.id,
        oldValue: auditedTechnician(before),
        newValue: auditedTechnician(after),
        actor: auditActor(principal, opts.meta),
      });
      return after;
    }),
  );
}

/** Deactivation is refused while the technician has open tickets (see setUserActive). */
export async function setTechnicianActive(
  ctx: AppContext,
  opts: AccountWrite & { technicianId: string; isActive: boolean },
): Promise<TechnicianView> {
  const organizationId = opts.principal.organizationId;
  const [target] = await ctx.db
    .select({ userId: technicians.userId })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(and(inOrganization(organizationId), eq(technicians.id, opts.technicianId)));
  if (!target) throw new AppError('not_found', 'Technician not found.');
  await setUserActive(ctx, { ...opts, userId: target.userId });
  return technicianView(ctx.db, organizationId, opts.technicianId);
}
