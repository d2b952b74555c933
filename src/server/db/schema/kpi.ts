import { sql } from 'drizzle-orm';
import {
  check,
  date,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './organizations';

export const KPI_DIMENSIONS = ['all', 'status', 'city', 'technician'] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

const count = (name: string) => integer(name).notNull().default(0);
const seconds = (name: string) => numeric(name).notNull().default('0');

/**
 * The KPI report's counts and sums (seed 000 §8.1, §8.2) per organisation, local day of the tickets'
 * creation (the organisation's time zone) and breakdown: `dimension` 'all' (key ''), 'status', 'city' or
 * 'technician' (key: its id; tickets without one are only in the other three). Durations are exact sums of
 * seconds with their ticket counts, so averages and rates come out as if computed from the tickets.
 *
 * Statement triggers on tickets, escalations and organizations keep the rows in the writer's own
 * transaction (migration 0017), whatever the writer: workflow, SLA sweep, seed or bench loader. Each
 * writer adds to the stripe of its connection (backend pid % 8), so concurrent transactions rarely wait
 * on the same row; a figure is the sum over the stripes, and a stripe alone may be negative.
 */
export const kpiDailyTotals = pgTable(
  'kpi_daily_totals',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    day: date('day', { mode: 'string' }).notNull(),
    dimension: text('dimension').$type<KpiDimension>().notNull(),
    key: text('key').notNull(),
    stripe: smallint('stripe').notNull(),
    tickets: count('tickets'),
    completed: count('completed'),
    cancelled: count('cancelled'),
    notFixed: count('not_fixed'),
    escalated: count('escalated'),
    firstTimeFixed: count('first_time_fixed'),
    onTimeArrivals: count('on_time_arrivals'),
    scheduledArrivals: count('scheduled_arrivals'),
    assignSeconds: seconds('assign_seconds'),
    assignCount: count('assign_count'),
    arrivalSeconds: seconds('arrival_seconds'),
    arrivalCount: count('arrival_count'),
    repairSeconds: seconds('repair_seconds'),
    repairCount: count('repair_count'),
    cycleSeconds: seconds('cycle_seconds'),
    cycleCount: count('cycle_count'),
    partsWaitSeconds: seconds('parts_wait_seconds'),
    partsWaitCount: count('parts_wait_count'),
    ratingSum: count('rating_sum'),
    ratingCount: count('rating_count'),
  },
  (t) => [
    primaryKey({
      name: 'kpi_daily_totals_pkey',
      columns: [t.organizationId, t.day, t.dimension, t.key, t.stripe],
    }),
    check('kpi_daily_totals_dimension', sql`${t.dimension} IN ('all', 'status', 'city', 'technician')`),
  ],
);
