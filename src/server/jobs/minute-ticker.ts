// The clockwork shared by the cron-driven schedulers: wake after each minute boundary, hand the
// minutes since the previous wake to runMinutes(), catch up at most an hour after a stall.
import type { Clock } from '../lib/clock';

const MINUTE_MS = 60_000;
const MAX_CATCH_UP_MINUTES = 60;

export abstract class MinuteTicker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastMinute: number | null = null;
  private stopped = true;

  protected constructor(
    private readonly clock: Clock,
    private readonly onError?: (error: unknown) => void,
  ) {}

  /** Does the work due in these minutes (each a minute's start). */
  abstract runMinutes(minutes: Date[]): Promise<unknown>;

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastMinute = Math.floor(this.clock.now().getTime() / MINUTE_MS) - 1;
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs the minutes since the previous run (each at most once). */
  async runDue(): Promise<void> {
    const current = Math.floor(this.clock.now().getTime() / MINUTE_MS);
    const first = Math.max((this.lastMinute ?? current - 1) + 1, current - MAX_CATCH_UP_MINUTES + 1);
    this.lastMinute = current;
    const minutes: Date[] = [];
    for (let minute = first; minute <= current; minute++) minutes.push(new Date(minute * MINUTE_MS));
    await this.runMinutes(minutes);
  }

  private arm(): void {
    if (this.stopped) return;
    const now = this.clock.now().getTime();
    const delay = MINUTE_MS - (now % MINUTE_MS) + 50;
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .catch((error) => this.onError?.(error))
        .finally(() => {
          this.running = null;
          this.arm();
        });
    }, delay);
    this.timer.unref();
  }
}
