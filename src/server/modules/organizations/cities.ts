// The organisation's service cities, cached briefly: every ticket creation checks one.
import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { cities } from '../../db/schema';

export interface CityView {
  code: string;
  nameAr: string;
  nameEn: string;
  latitude: number | null;
  longitude: number | null;
}

const TTL_MS = 60_000;
const cache = new WeakMap<AppContext, Map<string, { at: number; cities: CityView[] }>>();

export async function activeCities(ctx: AppContext, organizationId: string): Promise<CityView[]> {
  const perContext = cache.get(ctx) ?? new Map();
  cache.set(ctx, perContext);
  const hit = perContext.get(organizationId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.cities;
  const rows = await ctx.db
    .select({
      code: cities.code,
      nameAr: cities.nameAr,
      nameEn: cities.nameEn,
      latitude: cities.latitude,
      longitude: cities.longitude,
    })
    .from(cities)
    .where(and(eq(cities.organizationId, organizationId), eq(cities.isActive, true)))
    .orderBy(asc(cities.nameEn));
  perContext.set(organizationId, { at: Date.now(), cities: rows });
  return rows;
}

export async function isActiveCity(ctx: AppContext, organizationId: string, code: string): Promise<boolean> {
  return (await activeCities(ctx, organizationId)).some((city) => city.code === code);
}

/** After an admin changes the cities; other server processes see the change within the cache's minute. */
export function forgetActiveCities(ctx: AppContext, organizationId: string): void {
  cache.get(ctx)?.delete(organizationId);
}
