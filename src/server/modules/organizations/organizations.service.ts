// Which organisation a public request belongs to. One organisation per deployment for now;
// tenants (a later wave) will resolve it from the host name instead.
import { asc } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { organizations } from '../../db/schema';
import { AppError } from '../../errors';

export interface OrganizationSummary {
  id: string;
  name: string;
  timeZone: string;
  defaultLocale: string;
}

const cache = new WeakMap<AppContext, OrganizationSummary>();

export async function publicOrganization(ctx: AppContext): Promise<OrganizationSummary> {
  const cached = cache.get(ctx);
  if (cached) return cached;
  const [row] = await ctx.db
    .select({
      id: organizations.id,
      name: organizations.name,
      timeZone: organizations.timeZone,
      defaultLocale: organizations.defaultLocale,
    })
    .from(organizations)
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  if (!row) throw new AppError('not_found', 'No organisation is set up yet.');
  cache.set(ctx, row);
  return row;
}

export async function organizationById(ctx: AppContext, id: string): Promise<OrganizationSummary> {
  const cached = cache.get(ctx);
  if (cached?.id === id) return cached;
  const [row] = await ctx.db.query.organizations.findMany({
    where: (table, { eq }) => eq(table.id, id),
    columns: { id: true, name: true, timeZone: true, defaultLocale: true },
    limit: 1,
  });
  if (!row) throw new AppError('not_found', 'Organisation not found.');
  return row;
}
