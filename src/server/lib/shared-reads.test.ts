import { describe, expect, it } from 'vitest';
import { createSharedReads } from './shared-reads';

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A stored value, and a read of it that waits for a gate before answering (one gate per run). */
function store() {
  let value = 0;
  const gates: Gate[] = [];
  let runs = 0;
  return {
    write(next: number) {
      value = next;
    },
    get runs() {
      return runs;
    },
    /** Opens the gate of run `index` (0-based). */
    release: (index: number) => gates[index]?.open(),
    read: async () => {
      runs += 1;
      const seen = value; // the snapshot, taken when the run starts
      const own = gate();
      gates.push(own);
      await own.promise;
      return seen;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createSharedReads', () => {
  it('answers requests made during a run with one following run, started after they arrived', async () => {
    const reads = createSharedReads<number>();
    const data = store();
    const first = reads.read('k', data.read);
    await settle();
    // Written after the first run took its snapshot: the requests below must see it.
    data.write(7);
    const waiting = [reads.read('k', data.read), reads.read('k', data.read), reads.read('k', data.read)];
    expect(data.runs).toBe(1);
    data.release(0);
    expect(await first).toBe(0);
    await settle();
    expect(data.runs).toBe(2);
    data.release(1);
    expect(await Promise.all(waiting)).toEqual([7, 7, 7]);
    expect(data.runs).toBe(2);
    expect(reads.activeKeys).toBe(0);
  });

  it('runs again for a request made after a run ended: nothing is cached', async () => {
    const reads = createSharedReads<number>();
    const data = store();
    const first = reads.read('k', data.read);
    await settle();
    data.release(0);
    expect(await first).toBe(0);
    data.write(3);
    const second = reads.read('k', data.read);
    await settle();
    data.release(1);
    expect(await second).toBe(3);
    expect(data.runs).toBe(2);
  });

  it('does not share between different keys', async () => {
    const reads = createSharedReads<string>();
    const a = reads.read('a', async () => 'A');
    const b = reads.read('b', async () => 'B');
    expect(await Promise.all([a, b])).toEqual(['A', 'B']);
  });

  it('gives a failed run’s error to its waiters only; the next request runs afresh', async () => {
    const reads = createSharedReads<number>();
    const broken = gate();
    const first = reads.read('k', async () => {
      await broken.promise;
      return 1;
    });
    const failing = reads.read('k', async () => {
      throw new Error('database gone');
    });
    broken.open();
    expect(await first).toBe(1);
    await expect(failing).rejects.toThrow('database gone');
    await settle();
    expect(reads.activeKeys).toBe(0);
    expect(await reads.read('k', async () => 2)).toBe(2);
  });

  it('still serves the queued requests when the run before them failed', async () => {
    const reads = createSharedReads<number>();
    const failing = reads.read('k', async () => {
      await settle();
      throw new Error('timeout');
    });
    const queued = reads.read('k', async () => 5);
    await expect(failing).rejects.toThrow('timeout');
    expect(await queued).toBe(5);
  });
});
