// The technician's own profile (seed 000 §1.3 "Profile & Settings"): language and availability for
// new assignments. The password is changed like every staff member's (auth.service changeStaffPassword).
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { technicians, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';

export interface TechnicianProfile {
  name: string;
  email: string | null;
  phone: string | null;
  locale: 'ar' | 'en';
  employeeId: string;
  specialties: string[];
  serviceAreas: string[];
  isAvailable: boolean;
}

async function loadProfile(ctx: AppContext, principal: Principal): Promise<TechnicianProfile> {
  const [row] = await ctx.db
    .select({
      name: users.name,
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      employeeId: technicians.employeeId,
      specialties: technicians.specialties,
      serviceAreas: technicians.serviceAreas,
      isAvailable: technicians.isAvailable,
    })
    .from(users)
    .innerJoin(technicians, eq(technicians.userId, users.id))
    .where(and(eq(users.id, principal.userId), eq(users.organizationId, principal.organizationId)));
  if (!row) throw new AppError('not_found', 'Technician profile not found.');
  return { ...row, locale: row.locale === 'en' ? 'en' : 'ar' };
}

export const technicianProfile = (ctx: AppContext, opts: { principal: Principal }) =>
  loadProfile(ctx, opts.principal);

export async function updateTechnicianProfile(
  ctx: AppContext,
  opts: { principal: Principal; meta: RequestMeta; locale?: 'ar' | 'en'; isAvailable?: boolean },
): Promise<TechnicianProfile> {
  const { principal } = opts;
  const before = await loadProfile(ctx, principal);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (opts.locale !== undefined) {
      await tx
        .update(users)
        .set({ locale: opts.locale, updatedAt: now })
        .where(eq(users.id, principal.userId));
    }
    if (opts.isAvailable !== undefined) {
      await tx
        .update(technicians)
        .set({ isAvailable: opts.isAvailable, updatedAt: now })
        .where(eq(technicians.userId, principal.userId));
    }
    await recordAudit(tx, {
      organizationId: principal.organizationId,
      action: 'technician.profile_updated',
      entity: 'user',
      entityId: principal.userId,
      oldValue: { locale: before.locale, isAvailable: before.isAvailable },
      newValue: { locale: opts.locale, isAvailable: opts.isAvailable },
      actor: { id: principal.userId, name: principal.name, role: principal.role, ...opts.meta },
    });
  });
  return loadProfile(ctx, principal);
}
