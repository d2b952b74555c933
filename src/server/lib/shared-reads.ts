// Identical reads asked at the same moment, run once. Every ticket change makes each open dispatcher grid
// refetch the same page at once (realtime invalidation), so identical list requests arrive in bursts.
//
// A request never gets an answer read before it arrived: while a read runs, identical requests wait for
// the NEXT run, which starts when the current one ends and answers all of them. So a client that saw its
// own change committed and then asks again always reads that change (read-your-writes holds), and at most
// two runs per key are alive at any time. Nothing is kept once a run's waiters have their answer.

import type { FastifyReply } from 'fastify';

interface Slot<T> {
  running: Promise<T>;
  /** The run that starts when `running` ends, shared by everyone who asked during `running`. */
  next: Promise<T> | null;
}

export interface SharedReads<T> {
  /** The result of `run`, or of the run shared with identical requests (same `key`) asked meanwhile. */
  read(key: string, run: () => Promise<T>): Promise<T>;
  /** Keys with a run under way (for tests and diagnostics). */
  readonly activeKeys: number;
}

export function createSharedReads<T>(): SharedReads<T> {
  const slots = new Map<string, Slot<T>>();

  function start(key: string, run: () => Promise<T>): Promise<T> {
    const running = run();
    const slot: Slot<T> = { running, next: null };
    slots.set(key, slot);
    // Registered before any waiter's continuation, so it sees whether someone queued behind this run.
    const release = () => {
      if (slots.get(key) === slot && slot.next === null) slots.delete(key);
    };
    running.then(release, release);
    return running;
  }

  return {
    read(key, run) {
      const slot = slots.get(key);
      if (!slot) return start(key, run);
      if (!slot.next) {
        const again = () => start(key, run);
        slot.next = slot.running.then(again, again);
      }
      return slot.next;
    },
    get activeKeys() {
      return slots.size;
    },
  };
}

type SerializedBody = ReturnType<FastifyReply['serialize']>;
export type SharedReplies = SharedReads<SerializedBody>;
export const createSharedReplies = (): SharedReplies => createSharedReads<SerializedBody>();

/**
 * Replies with the route's JSON for `read()`, serialised once per run and shared with identical requests.
 * `key` must hold everything the answer depends on: the caller's scope (organisation, role, team) and the
 * parsed query.
 */
export async function replyShared(
  reads: SharedReplies,
  reply: FastifyReply,
  key: unknown[],
  read: () => Promise<unknown>,
): Promise<FastifyReply> {
  const body = await reads.read(JSON.stringify(key), async () => reply.serialize(await read()));
  return reply.type('application/json; charset=utf-8').send(body);
}
