// Service cities of the organisation (seed 000 §4.1 "from cities list"): list, add, edit, remove —
// a city that tickets or technicians refer to is deactivated instead, so nothing points at a gap.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { cities, technicians, tickets } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { forgetActiveCities } from '../organizations/cities';
import { auditActor, offsetOf } from './admin-common';
import type { CityAdminView, CityCreateInput, CityListQuery, CityUpdateInput } from './settings.schemas';

type CityRow = typeof cities.$inferSelect;

const presentCity = (row: CityRow): CityAdminView => ({
  id: row.id,
  code: row.code,
  nameAr: row.nameAr,
  nameEn: row.nameEn,
  latitude: row.latitude,
  longitude: row.longitude,
  isActive: row.isActive,
  createdAt: row.createdAt.toISOString(),
});

const auditValue = (row: CityRow) => {
  const { organizationId: _organizationId, createdAt: _createdAt, ...value } = row;
  return value;
};

export async function listCityRows(
  ctx: AppContext,
  principal: Principal,
  query: CityListQuery,
): Promise<{ cities: CityAdminView[]; total: number; page: number; limit: number }> {
  const where = and(
    eq(cities.organizationId, principal.organizationId),
    query.status === 'all' ? undefined : eq(cities.isActive, query.status === 'active'),
  );
  const [rows, [totals]] = await Promise.all([
    ctx.db
      .select()
      .from(cities)
      .where(where)
      .orderBy(asc(cities.nameEn), asc(cities.id))
      .limit(query.limit)
      .offset(offsetOf(query.page, query.limit)),
    ctx.db.select({ total: count() }).from(cities).where(where),
  ]);
  return { cities: rows.map(presentCity), total: totals?.total ?? 0, page: query.page, limit: query.limit };
}

async function lockCity(tx: Executor, principal: Principal, cityId: string): Promise<CityRow> {
  const [row] = await tx
    .select()
    .from(cities)
    .where(and(eq(cities.id, cityId), eq(cities.organizationId, principal.organizationId)))
    .for('update');
  if (!row) throw new AppError('not_found', 'City not found.');
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  return [error, (error as { cause?: unknown })?.cause].some(
    (candidate) => (candidate as { code?: string } | undefined)?.code === '23505',
  );
}

export async function createCity(
  ctx: AppContext,
  opts: { principal: Principal; input: CityCreateInput; meta: RequestMeta },
): Promise<CityAdminView> {
  const { principal, input } = opts;
  try {
    const created = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(cities)
        .values({ organizationId: principal.organizationId, ...input })
        .returning();
      if (!row) throw new AppError('internal', 'The city could not be saved.');
      await recordAudit(tx, {
        organizationId: principal.organizationId,
        action: 'city.create',
        entity: 'city',
        entityId: row.id,
        newValue: auditValue(row),
        actor: auditActor(principal, opts.meta),
      });
      return row;
    });
    forgetActiveCities(ctx, principal.organizationId);
    return presentCity(created);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', `A city with the code "${input.code}" already exists.`, {
        field: 'code',
      });
    }
    throw error;
  }
}

export async function updateCity(
  ctx: AppContext,
  opts: { principal: Principal; cityId: string; input: CityUpdateInput; meta: RequestMeta },
): Promise<CityAdminView> {
  const { principal } = opts;
  const updated = await ctx.db.transaction(async (tx) => {
    const current = await lockCity(tx, principal, opts.cityId);
    const [row] = await tx.update(cities).set(opts.input).where(eq(cities.id, current.id)).returning();
    if (!row) throw new AppError('internal', 'The city could not be saved.');
    await recordAudit(tx, {
      organizationId: principal.organizationId,
      action: 'city.update',
      entity: 'city',
      entityId: row.id,
      oldValue: auditValue(current),
      newValue: auditValue(row),
      actor: auditActor(principal, opts.meta),
    });
    return row;
  });
  forgetActiveCities(ctx, principal.organizationId);
  return presentCity(updated);
}

/** Whether a ticket or a technician's service areas refer to the city's code (two index-backed probes). */
async function cityInUse(tx: Executor, organizationId: string, code: string): Promise<boolean> {
  const result = await tx.execute<{ used: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM ${tickets}
                   WHERE ${tickets.organizationId} = ${organizationId} AND ${tickets.customerCity} = ${code})
        OR EXISTS (SELECT 1 FROM ${technicians}
                   WHERE ${technicians.organizationId} = ${organizationId}
                     AND ${sql.param([code])}::text[] <@ ${technicians.serviceAreas}) AS used`);
  return result.rows[0]?.used === true;
}

export async function removeCity(
  ctx: AppContext,
  opts: { principal: Principal; cityId: string; meta: RequestMeta },
): Promise<{ outcome: 'deleted' | 'deactivated'; city: CityAdminView }> {
  const { principal } = opts;
  const result = await ctx.db.transaction(async (tx) => {
    const current = await lockCity(tx, principal, opts.cityId);
    const inUse = await cityInUse(tx, principal.organizationId, current.code);
    const actor = auditActor(principal, opts.meta);
    const base = { organizationId: principal.organizationId, entity: 'city', entityId: current.id, actor };
    if (!inUse) {
      await tx.delete(cities).where(eq(cities.id, current.id));
      await recordAudit(tx, { ...base, action: 'city.delete', oldValue: auditValue(current) });
      return { outcome: 'deleted' as const, row: current };
    }
    const [row] = await tx
      .update(cities)
      .set({ isActive: false })
      .where(eq(cities.id, current.id))
      .returning();
    if (!row) throw new AppError('internal', 'The city could not be deactivated.');
    await recordAudit(tx, {
      ...base,
      action: 'city.deactivate',
      oldValue: { isActive: current.isActive },
      newValue: { isActive: false },
    });
    return { outcome: 'deactivated' as const, row };
  });
  forgetActiveCities(ctx, principal.organizationId);
  return { outcome: result.outcome, city: presentCity(result.row) };
}
