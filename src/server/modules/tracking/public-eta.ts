// The ETA the public tracking page shows (seed 000 §4.5): minutes and arrival time only — never the
// distance, which together with the technician's position would place the customer. Polled every
// few seconds by every open tracking page, so it never calls the routing server: it reuses the ETA
// that location.service computed for the technician's latest fix in this process, and otherwise
// (a fix taken through another process, or after a restart) estimates it once from the distance
// and the recent speed and keeps that until the next fix.
import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { technicianLocations } from '../../db/schema';
import { type Eta, recentSpeed, speedEta } from './eta';
import type { Point } from './geo';

export interface PublicEta {
  seconds: number;
  /** When the technician should arrive (ISO 8601). */
  at: string;
}

interface CachedEta {
  /** The fix the ETA was computed from (ms since the epoch). */
  fixedAt: number;
  at: number;
}

/** Tickets on the way at once in one process; the oldest entry goes first beyond this. */
const CACHE_LIMIT = 10_000;
const caches = new WeakMap<AppContext, Map<string, CachedEta>>();

function cacheOf(ctx: AppContext): Map<string, CachedEta> {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new Map();
    caches.set(ctx, cache);
  }
  return cache;
}

/** location.service remembers the ETA of each fix of a technician on the way. */
export function rememberEta(ctx: AppContext, ticketId: string, fixedAt: Date, eta: Eta): void {
  const cache = cacheOf(ctx);
  cache.delete(ticketId);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(ticketId, { fixedAt: fixedAt.getTime(), at: Date.parse(eta.at) });
}

export function forgetEta(ctx: AppContext, ticketId: string): void {
  caches.get(ctx)?.delete(ticketId);
}

const present = (at: number, now: Date): PublicEta => ({
  seconds: Math.max(0, Math.round((at - now.getTime()) / 1000)),
  at: new Date(at).toISOString(),
});

/** The ETA from the technician's stored position (`fixedAt`) to the customer, as of `now`. */
export async function publicEta(
  ctx: AppContext,
  opts: { ticketId: string; technicianId: string; from: Point; to: Point; fixedAt: Date; now: Date },
): Promise<PublicEta> {
  const cached = caches.get(ctx)?.get(opts.ticketId);
  if (cached && cached.fixedAt === opts.fixedAt.getTime()) return present(cached.at, opts.now);
  const recent = await ctx.db
    .select({
      lat: technicianLocations.latitude,
      lng: technicianLocations.longitude,
      speed: technicianLocations.speed,
      createdAt: technicianLocations.createdAt,
    })
    .from(technicianLocations)
    .where(eq(technicianLocations.technicianId, opts.technicianId))
    .orderBy(desc(technicianLocations.createdAt))
    .limit(5);
  const eta = speedEta(opts.from, opts.to, recentSpeed(recent, opts.fixedAt), opts.fixedAt);
  rememberEta(ctx, opts.ticketId, opts.fixedAt, eta);
  return present(Date.parse(eta.at), opts.now);
}
