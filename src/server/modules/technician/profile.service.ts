// The technician's own profile (seed 000 §1.3 "Profile & Settings"): language, availability for new
// assignments, and changing the password (the other signed-in devices are signed out).
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { refreshTokens, technicians, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { hashPassword, verifyPassword } from '../../lib/password';
import { sha256 } from '../../lib/random';
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

export async function changeTechnicianPassword(
  ctx: AppContext,
  opts: {
    principal: Principal;
    meta: RequestMeta;
    currentPassword: string;
    newPassword: string;
    refreshToken?: string;
  },
): Promise<void> {
  const { principal } = opts;
  const [row] = await ctx.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, principal.userId), eq(users.organizationId, principal.organizationId)));
  if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, opts.currentPassword))) {
    throw new AppError('unprocessable', 'The current password is not correct.', {
      issues: [{ path: 'body.currentPassword', message: 'Not correct' }],
    });
  }
  if (opts.currentPassword === opts.newPassword) {
    throw new AppError('validation_failed', 'Choose a new password different from the current one.', {
      issues: [{ path: 'body.newPassword', message: 'Same as the current password' }],
    });
  }
  const passwordHash = await hashPassword(opts.newPassword);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, principal.userId));
    // Every other session ends; the one that asked (its refresh token's family) stays signed in.
    let keepFamily: string | null = null;
    if (opts.refreshToken) {
      const [current] = await tx
        .select({ familyId: refreshTokens.familyId })
        .from(refreshTokens)
        .where(
          and(
            eq(refreshTokens.tokenHash, sha256(opts.refreshToken)),
            eq(refreshTokens.userId, principal.userId),
          ),
        );
      keepFamily = current?.familyId ?? null;
    }
    await tx
      .update(refreshTokens)
      .set({ revokedAt: now })
      .where(
        and(
          eq(refreshTokens.userId, principal.userId),
          isNull(refreshTokens.revokedAt),
          keepFamily ? ne(refreshTokens.familyId, keepFamily) : undefined,
        ),
      );
    await recordAudit(tx, {
      organizationId: principal.organizationId,
      action: 'user.password_changed',
      entity: 'user',
      entityId: principal.userId,
      actor: { id: principal.userId, name: principal.name, role: principal.role, ...opts.meta },
    });
  });
}
