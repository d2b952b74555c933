// One-time codes: stored as keyed hashes, valid for a few minutes, a fixed number of attempts.
import { createHmac } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { otpCodes } from '../../db/schema';
import { AppError } from '../../errors';
import { constantTimeEqual, newOtpCode } from '../../lib/random';

type Purpose = 'login' | 'completion';

const hashCode = (secret: string, id: string, code: string) =>
  createHmac('sha256', secret).update(`${id}:${code}`).digest('hex');

/**
 * Creates a code and returns it in clear (to be written to the outbox, never to a response). Older
 * live codes for the same phone, purpose and ticket expire now.
 */
export async function issueOtp(
  ctx: AppContext,
  tx: Executor,
  opts: { organizationId: string; phone: string; purpose: Purpose; ticketId?: string; userId?: string },
): Promise<{ code: string; expiresInSeconds: number }> {
  const now = ctx.clock.now();
  const code = newOtpCode();
  const id = crypto.randomUUID();
  // A new code replaces the live ones: they would otherwise stay usable, with attempts of their own,
  // and come back once the new code is used.
  const sameTarget = [
    eq(otpCodes.organizationId, opts.organizationId),
    eq(otpCodes.phone, opts.phone),
    eq(otpCodes.purpose, opts.purpose),
    isNull(otpCodes.consumedAt),
    gt(otpCodes.expiresAt, now),
  ];
  if (opts.ticketId) sameTarget.push(eq(otpCodes.ticketId, opts.ticketId));
  await tx
    .update(otpCodes)
    .set({ expiresAt: now })
    .where(and(...sameTarget));
  await tx.insert(otpCodes).values({
    id,
    organizationId: opts.organizationId,
    phone: opts.phone,
    purpose: opts.purpose,
    ticketId: opts.ticketId ?? null,
    userId: opts.userId ?? null,
    codeHash: hashCode(ctx.secret, id, code),
    expiresAt: new Date(now.getTime() + ctx.config.otpTtlSeconds * 1000),
    maxAttempts: ctx.config.otpMaxAttempts,
    createdAt: now,
  });
  return { code, expiresInSeconds: ctx.config.otpTtlSeconds };
}

/** How many codes were issued to a phone for a purpose since a moment: the per-phone rate limit. */
export async function countRecentOtps(
  db: Executor,
  opts: { organizationId: string; phone: string; purpose: Purpose; since: Date },
): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(otpCodes)
    .where(
      and(
        eq(otpCodes.organizationId, opts.organizationId),
        eq(otpCodes.phone, opts.phone),
        eq(otpCodes.purpose, opts.purpose),
        gt(otpCodes.createdAt, opts.since),
      ),
    );
  return row?.count ?? 0;
}

/**
 * Checks a code against the newest live one. The attempt counter is incremented in one guarded
 * UPDATE on the pool (never inside the caller's transaction, whose rollback would forget the
 * attempt), so parallel guesses can never exceed the limit. Returns the code's id for markOtpUsed.
 */
export async function checkOtp(
  ctx: AppContext,
  opts: { organizationId: string; phone: string; purpose: Purpose; ticketId?: string; code: string },
): Promise<string> {
  const now = ctx.clock.now();
  const conditions = [
    eq(otpCodes.organizationId, opts.organizationId),
    eq(otpCodes.phone, opts.phone),
    eq(otpCodes.purpose, opts.purpose),
    isNull(otpCodes.consumedAt),
  ];
  if (opts.ticketId) conditions.push(eq(otpCodes.ticketId, opts.ticketId));
  const [latest] = await ctx.db
    .select({ id: otpCodes.id, expiresAt: otpCodes.expiresAt })
    .from(otpCodes)
    .where(and(...conditions))
    // Codes issued in the same millisecond: the replaced one was expired by issueOtp.
    .orderBy(desc(otpCodes.createdAt), desc(otpCodes.expiresAt))
    .limit(1);
  if (!latest) throw new AppError('otp_invalid', 'No code was requested, or it was already used.');
  if (latest.expiresAt <= now) throw new AppError('otp_expired', 'The code has expired. Request a new one.');

  const [counted] = await ctx.db
    .update(otpCodes)
    .set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(
      and(
        eq(otpCodes.id, latest.id),
        isNull(otpCodes.consumedAt),
        gt(otpCodes.expiresAt, now),
        sql`${otpCodes.attempts} < ${otpCodes.maxAttempts}`,
      ),
    )
    .returning({
      attempts: otpCodes.attempts,
      maxAttempts: otpCodes.maxAttempts,
      codeHash: otpCodes.codeHash,
    });
  if (!counted) {
    // Used or replaced by a parallel request since it was read: say so, not "too many attempts".
    const [current] = await ctx.db
      .select({ consumedAt: otpCodes.consumedAt, expiresAt: otpCodes.expiresAt })
      .from(otpCodes)
      .where(eq(otpCodes.id, latest.id));
    if (current?.consumedAt) throw new AppError('otp_invalid', 'The code was already used.');
    if (current && current.expiresAt <= now) {
      throw new AppError('otp_expired', 'The code has expired. Request a new one.');
    }
    throw new AppError('otp_locked', 'Too many wrong attempts. Request a new code.');
  }

  if (!constantTimeEqual(counted.codeHash, hashCode(ctx.secret, latest.id, opts.code))) {
    throw new AppError('otp_invalid', 'The code is not correct.', {
      attemptsLeft: counted.maxAttempts - counted.attempts,
    });
  }
  return latest.id;
}

/** Marks a checked code used, inside the transaction that acts on it; a code is used once. */
export async function markOtpUsed(ctx: AppContext, tx: Executor, otpId: string): Promise<void> {
  const [used] = await tx
    .update(otpCodes)
    .set({ consumedAt: ctx.clock.now() })
    .where(and(eq(otpCodes.id, otpId), isNull(otpCodes.consumedAt)))
    .returning({ id: otpCodes.id });
  if (!used) throw new AppError('otp_invalid', 'The code was already used.');
}
