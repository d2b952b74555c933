// Idempotency-Key for POST routes of a route scope (the technician's offline queue retries every
// action until it hears back). The first request with a key reserves it, runs, and keeps its
// successful answer; a retry with the same key gets that answer again, marked with the header
// `idempotent-replayed: true`, instead of applying the action twice. A refused or failed request
// frees its key, so the same key may be tried again. Requests without the header are untouched.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { idempotencyKeys } from '../../db/schema';
import { AppError } from '../../errors';
import { principalOf } from '../../plugins/auth';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;
/** A key reserved longer than this by a request that never answered (a crashed process) is taken over. */
export const ABANDONED_AFTER_MS = 5 * 60_000;

export function registerIdempotency(scope: FastifyInstance, ctx: AppContext): void {
  const reserved = new WeakMap<FastifyRequest, string>();

  // preHandler: after authentication and body validation, before the handler does anything.
  scope.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new AppError('validation_failed', 'The Idempotency-Key header is not valid.', {
        issues: [{ path: 'headers.idempotency-key', message: '8–200 letters, digits or . _ : -' }],
      });
    }
    const principal = principalOf(request);
    const path = request.url.split('?')[0] ?? request.url;
    const now = ctx.clock.now();
    const [row] = await ctx.db
      .insert(idempotencyKeys)
      .values({
        organizationId: principal.organizationId,
        userId: principal.userId,
        key: header,
        method: request.method,
        path,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: idempotencyKeys.id });
    if (row) {
      reserved.set(request, row.id);
      return;
    }
    const [existing] = await ctx.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, principal.userId), eq(idempotencyKeys.key, header)));
    if (!existing) {
      throw new AppError('conflict', 'A request with this Idempotency-Key just failed; send it again.', {
        reason: 'idempotency_retry',
      });
    }
    if (existing.method !== request.method || existing.path !== path) {
      throw new AppError('unprocessable', 'This Idempotency-Key was already used for another request.', {
        reason: 'idempotency_key_reused',
      });
    }
    if (existing.statusCode === null) {
      if (now.getTime() - existing.createdAt.getTime() < ABANDONED_AFTER_MS) {
        throw new AppError('conflict', 'A request with this Idempotency-Key is still running.', {
          reason: 'idempotency_in_progress',
        });
      }
      const [taken] = await ctx.db
        .update(idempotencyKeys)
        .set({ createdAt: now })
        .where(and(eq(idempotencyKeys.id, existing.id), eq(idempotencyKeys.createdAt, existing.createdAt)))
        .returning({ id: idempotencyKeys.id });
      if (!taken) {
        throw new AppError('conflict', 'A request with this Idempotency-Key is still running.', {
          reason: 'idempotency_in_progress',
        });
      }
      reserved.set(request, taken.id);
      return;
    }
    reply.header('idempotent-replayed', 'true');
    return reply.code(existing.statusCode).send(existing.response ?? undefined);
  });

  scope.addHook('onSend', async (request, reply, payload) => {
    const id = reserved.get(request);
    if (!id) return payload;
    reserved.delete(request);
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : '';
      await ctx.db
        .update(idempotencyKeys)
        .set({
          statusCode: reply.statusCode,
          response: text ? (JSON.parse(text) as unknown) : null,
          completedAt: ctx.clock.now(),
        })
        .where(eq(idempotencyKeys.id, id));
    } else {
      await ctx.db.delete(idempotencyKeys).where(eq(idempotencyKeys.id, id));
    }
    return payload;
  });
}
