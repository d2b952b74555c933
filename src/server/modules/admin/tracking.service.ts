// Live map (seed 000 §6.4 "Live Tracking"): every technician whose last position is known.
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { technicians, users } from '../../db/schema';
import type { Principal } from '../../lib/access-tokens';
import { iso } from './admin-common';

export interface TrackedTechnician {
  id: string;
  name: string;
  lat: number;
  lng: number;
  currentTicketId: string | null;
  lastUpdate: string | null;
  isAvailable: boolean;
}

export async function trackTechnicians(ctx: AppContext, principal: Principal): Promise<TrackedTechnician[]> {
  const rows = await ctx.db
    .select({
      id: technicians.id,
      name: users.name,
      lat: technicians.currentLat,
      lng: technicians.currentLng,
      currentTicketId: technicians.currentTicketId,
      lastUpdate: technicians.lastLocationAt,
      isAvailable: technicians.isAvailable,
    })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(
      and(
        eq(technicians.organizationId, principal.organizationId),
        isNotNull(technicians.currentLat),
        isNotNull(technicians.currentLng),
        eq(users.isActive, true),
        isNull(users.deletedAt),
      ),
    )
    .orderBy(asc(users.name), asc(technicians.id));
  return rows.flatMap((row) =>
    row.lat === null || row.lng === null
      ? []
      : [{ ...row, lat: row.lat, lng: row.lng, lastUpdate: iso(row.lastUpdate) }],
  );
}
