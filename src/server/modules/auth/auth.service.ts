// Staff login, customer OTP login, rotating refresh tokens, logout and the staff password change.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../../domain/lifecycle/types';
import { normalizeSaudiMobile } from '../../../domain/validations';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { customers, refreshTokens, technicians, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../../lib/password';
import { newRefreshToken, sha256 } from '../../lib/random';
import { recordAudit } from '../audit/audit';
import { enqueueNotifications } from '../notifications/outbox';
import { publicOrganization } from '../organizations/organizations.service';
import { checkOtp, countRecentOtps, issueOtp, markOtpUsed } from './otp';

export interface RequestMeta {
  ipAddress: string;
  userAgent: string | null;
}

interface UserRow {
  id: string;
  organizationId: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: Role;
  locale: string;
  isActive: boolean;
  passwordHash: string | null;
  passwordChangeRequired: boolean;
  technicianId: string | null;
  customerId: string | null;
}

export interface SessionUser {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: Role;
  locale: string;
  technicianId: string | null;
  customerId: string | null;
  /** An administrator set the password: the user must choose their own before anything else. */
  passwordChangeRequired: boolean;
}

const userColumns = {
  id: users.id,
  organizationId: users.organizationId,
  name: users.name,
  email: users.email,
  phone: users.phone,
  role: users.role,
  locale: users.locale,
  isActive: users.isActive,
  passwordHash: users.passwordHash,
  passwordChangeRequired: users.passwordChangeRequired,
  technicianId: technicians.id,
  customerId: customers.id,
};

async function findUser(db: Executor, where: ReturnType<typeof eq>): Promise<UserRow | undefined> {
  const [row] = await db
    .select(userColumns)
    .from(users)
    .leftJoin(technicians, eq(technicians.userId, users.id))
    .leftJoin(customers, eq(customers.userId, users.id))
    .where(and(where, isNull(users.deletedAt)))
    .limit(1);
  return row;
}

const toSessionUser = (row: UserRow): SessionUser => ({
  id: row.id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  role: row.role,
  locale: row.locale,
  technicianId: row.technicianId,
  customerId: row.customerId,
  passwordChangeRequired: row.passwordChangeRequired,
});

const toPrincipal = (row: UserRow): Principal => ({
  userId: row.id,
  organizationId: row.organizationId,
  role: row.role,
  name: row.name,
  technicianId: row.technicianId,
  customerId: row.customerId,
  passwordChangeRequired: row.passwordChangeRequired,
});

async function issueTokens(
  ctx: AppContext,
  db: Executor,
  row: UserRow,
  meta: RequestMeta,
  familyId: string = crypto.randomUUID(),
): Promise<{ accessToken: string; refreshToken: string }> {
  const now = ctx.clock.now();
  const refreshToken = newRefreshToken();
  await db.insert(refreshTokens).values({
    organizationId: row.organizationId,
    userId: row.id,
    familyId,
    tokenHash: sha256(refreshToken),
    expiresAt: new Date(now.getTime() + ctx.config.refreshTokenTtlDays * 86_400_000),
    ipAddress: meta.ipAddress,
    userAgent: meta.userAgent,
    createdAt: now,
  });
  const accessToken = await ctx.accessTokens.sign(toPrincipal(row), now);
  return { accessToken, refreshToken };
}

export async function staffLogin(
  ctx: AppContext,
  opts: { email: string; password: string; meta: RequestMeta },
): Promise<{ accessToken: string; refreshToken: string; user: SessionUser }> {
  const row = await findUser(ctx.db, eq(sql`lower(${users.email})`, opts.email.toLowerCase()));
  const passwordOk = row?.passwordHash
    ? await verifyPassword(row.passwordHash, opts.password)
    : await verifyPassword(await DUMMY_HASH_PROMISE, opts.password).then(() => false);
  if (!row || !passwordOk || !row.isActive || row.role === 'customer') {
    throw new AppError('invalid_credentials', 'The e-mail or password is not correct.');
  }
  const tokens = await issueTokens(ctx, ctx.db, row, opts.meta);
  return { ...tokens, user: toSessionUser(row) };
}

export function parsePhone(input: string): string {
  const phone = normalizeSaudiMobile(input);
  if (!phone) {
    throw new AppError('validation_failed', 'Enter a Saudi mobile number such as 05xxxxxxxx.', {
      issues: [{ path: 'body.phone', message: 'Saudi mobile format 05xxxxxxxx' }],
    });
  }
  return phone;
}

export async function requestCustomerOtp(
  ctx: AppContext,
  opts: { phone: string; locale: 'ar' | 'en' },
): Promise<{ message: string; expiresIn: number }> {
  const phone = parsePhone(opts.phone);
  const organization = await publicOrganization(ctx);
  const hourAgo = new Date(ctx.clock.now().getTime() - 3_600_000);
  return ctx.db.transaction(async (tx) => {
    // Serialises requests for one phone so the per-phone limit holds under parallel requests.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`otp:${organization.id}:${phone}`}))`);
    const recent = await countRecentOtps(tx, {
      organizationId: organization.id,
      phone,
      purpose: 'login',
      since: hourAgo,
    });
    if (recent >= ctx.config.rateLimits.otpPerPhonePerHour) {
      throw new AppError('rate_limited', 'Too many codes requested for this number. Try again later.');
    }
    const { code, expiresInSeconds } = await issueOtp(ctx, tx, {
      organizationId: organization.id,
      phone,
      purpose: 'login',
    });
    await enqueueNotifications(tx, [
      {
        organizationId: organization.id,
        channel: 'sms',
        recipient: phone,
        template: 'otp_login',
        locale: opts.locale,
        vars: { code, minutes: Math.round(expiresInSeconds / 60) },
      },
    ]);
    return { message: 'A sign-in code was sent by SMS.', expiresIn: expiresInSeconds };
  });
}

export async function verifyCustomerOtp(
  ctx: AppContext,
  opts: { phone: string; otp: string; meta: RequestMeta },
): Promise<{ accessToken: string; refreshToken: string; user: SessionUser; isNewUser: boolean }> {
  const phone = parsePhone(opts.phone);
  const organization = await publicOrganization(ctx);
  const otpId = await checkOtp(ctx, {
    organizationId: organization.id,
    phone,
    purpose: 'login',
    code: opts.otp,
  });

  const result = await ctx.db.transaction(async (tx) => {
    await markOtpUsed(ctx, tx, otpId);
    const orgPhone = and(eq(users.organizationId, organization.id), eq(users.phone, phone));
    let row = await findUser(tx, orgPhone as ReturnType<typeof eq>);
    let isNewUser = false;
    if (row && row.role !== 'customer') {
      throw new AppError('forbidden', 'Staff accounts sign in with e-mail and password.');
    }
    if (!row) {
      isNewUser = true;
      const [created] = await tx
        .insert(users)
        .values({ organizationId: organization.id, phone, name: phone, role: 'customer' })
        .returning({ id: users.id });
      if (!created) throw new AppError('internal', 'Could not create the account.');
      // A customer who already created tickets as a guest gets them in "My tickets".
      await tx
        .update(customers)
        .set({ userId: created.id })
        .where(
          and(
            eq(customers.organizationId, organization.id),
            eq(customers.phone, phone),
            isNull(customers.userId),
          ),
        );
      const [existingCustomer] = await tx
        .select({ name: customers.name })
        .from(customers)
        .where(eq(customers.userId, created.id));
      if (existingCustomer)
        await tx.update(users).set({ name: existingCustomer.name }).where(eq(users.id, created.id));
      row = await findUser(tx, eq(users.id, created.id));
    }
    if (!row?.isActive) throw new AppError('forbidden', 'This account is disabled.');
    const tokens = await issueTokens(ctx, tx, row, opts.meta);
    return { ...tokens, user: toSessionUser(row), isNewUser };
  });
  return result;
}

/** Rotates a refresh token. Presenting one that was already used revokes its whole family. */
export async function refreshSession(
  ctx: AppContext,
  opts: { refreshToken: string; meta: RequestMeta },
): Promise<{ accessToken: string; refreshToken: string; passwordChangeRequired: boolean }> {
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const [token] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(opts.refreshToken)))
      .for('update');
    if (!token) return { error: 'unknown' as const };
    if (token.usedAt || token.revokedAt) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.familyId, token.familyId), isNull(refreshTokens.revokedAt)));
      return { error: 'reused' as const };
    }
    if (token.expiresAt <= now) return { error: 'expired' as const };
    const row = await findUser(tx, eq(users.id, token.userId));
    if (!row?.isActive) return { error: 'unknown' as const };
    await tx.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.id, token.id));
    const tokens = await issueTokens(ctx, tx, row, opts.meta, token.familyId);
    return { tokens: { ...tokens, passwordChangeRequired: row.passwordChangeRequired } };
  });
  if ('tokens' in outcome && outcome.tokens) return outcome.tokens;
  throw new AppError('unauthenticated', 'The refresh token is not valid. Sign in again.');
}

export async function logout(
  ctx: AppContext,
  opts: { principal: Principal; refreshToken?: string },
): Promise<void> {
  const now = ctx.clock.now();
  if (opts.refreshToken) {
    const [token] = await ctx.db
      .select({ familyId: refreshTokens.familyId, userId: refreshTokens.userId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256(opts.refreshToken)));
    if (token && token.userId === opts.principal.userId) {
      await ctx.db
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.familyId, token.familyId), isNull(refreshTokens.revokedAt)));
    }
    return;
  }
  await ctx.db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.userId, opts.principal.userId), isNull(refreshTokens.revokedAt)));
}

/**
 * A signed-in staff member chooses a new password (and so ends a temporary one set by an
 * administrator). Every earlier session of the user ends; the answer is a new one, in the login's
 * shape, so the person who changed it stays signed in.
 */
export async function changeStaffPassword(
  ctx: AppContext,
  opts: { principal: Principal; currentPassword: string; newPassword: string; meta: RequestMeta },
): Promise<{ accessToken: string; refreshToken: string; user: SessionUser }> {
  const { principal } = opts;
  const newHash = await hashPassword(opts.newPassword);
  return ctx.db.transaction(async (tx) => {
    // Locked, so two changes at once cannot both pass the check against the old password.
    const [locked] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, principal.userId), eq(users.organizationId, principal.organizationId)))
      .for('update');
    const row = locked ? await findUser(tx, eq(users.id, locked.id)) : undefined;
    if (!row?.isActive || row.role === 'customer') {
      throw new AppError('unauthenticated', 'This account can no longer sign in.');
    }
    if (!row.passwordHash || !(await verifyPassword(row.passwordHash, opts.currentPassword))) {
      throw new AppError('current_password_incorrect', 'The current password is not correct.', {
        issues: [{ path: 'body.currentPassword', message: 'The current password is not correct.' }],
      });
    }
    const now = ctx.clock.now();
    await tx
      .update(users)
      .set({ passwordHash: newHash, passwordChangeRequired: false, updatedAt: now })
      .where(eq(users.id, row.id));
    // Whoever knew the old password may hold a session: all of them end, this answer starts a new one.
    await tx
      .update(refreshTokens)
      .set({ revokedAt: now })
      .where(and(eq(refreshTokens.userId, row.id), isNull(refreshTokens.revokedAt)));
    await recordAudit(tx, {
      organizationId: row.organizationId,
      action: 'user.password_changed',
      entity: 'user',
      entityId: row.id,
      oldValue: { passwordChangeRequired: row.passwordChangeRequired },
      newValue: { passwordChangeRequired: false },
      actor: { id: row.id, name: row.name, role: row.role, ...opts.meta },
    });
    const changed = { ...row, passwordChangeRequired: false };
    const tokens = await issueTokens(ctx, tx, changed, opts.meta);
    return { ...tokens, user: toSessionUser(changed) };
  });
}
