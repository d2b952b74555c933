// Location pings are kept FIELDLINE_LOCATION_RETENTION_DAYS days. Older ones are deleted in small
// batches (short transactions, no long lock on the table); batches are claimed with SKIP LOCKED, so
// several server processes pruning at once share the work instead of waiting on each other.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export async function pruneLocations(
  ctx: AppContext,
  opts: { now: Date; retentionDays: number; batchSize?: number },
): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - opts.retentionDays * DAY_MS);
  const batchSize = opts.batchSize ?? 5_000;
  let total = 0;
  for (;;) {
    const result = await ctx.db.execute(sql`
      DELETE FROM technician_locations
      WHERE id IN (SELECT id FROM technician_locations WHERE created_at < ${cutoff}
                   ORDER BY created_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`);
    const deleted = result.rowCount ?? 0;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Prunes once at start and then every hour. */
export class LocationRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: {
      log?: (message: string, details?: object) => void;
      onError?: (error: unknown) => void;
    },
  ) {}

  start(): void {
    if (this.timer) return;
    this.run();
    this.timer = setInterval(() => this.run(), HOUR_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private run(): void {
    if (this.running) return;
    const retentionDays = this.ctx.config.realtime.locationRetentionDays;
    this.running = pruneLocations(this.ctx, { now: this.ctx.clock.now(), retentionDays })
      .then((deleted) => {
        if (deleted > 0) this.opts.log?.('Old location pings deleted', { deleted, retentionDays });
      })
      .catch((error: unknown) => this.opts.onError?.(error))
      .finally(() => {
        this.running = null;
      });
  }
}
