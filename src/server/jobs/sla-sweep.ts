// The SLA sweep (seed 000 §7.1–§7.2): finds tickets past a stage rule of sla_configs with an indexed keyset
// query per rule, confirms the breach with the SLA engine, and escalates each (ticket, rule, level) once.
// Several processes may sweep at the same moment: the unique index escalations_once_per_rule_key decides,
// and only the process whose INSERT … ON CONFLICT DO NOTHING returned a row writes the note, notifications
// and audit row for it.
//
// SLA-007 (customer complaint, immediate) is not swept: a complaint escalates when the customer files it
// (modules/customer/complaints.service.ts). Escalation records, notes, notifications, audit and the L3
// automatic reassignment are shared with it (modules/tickets/escalate.ts).
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { visitWorkflow } from '../../domain/lifecycle';
import type { Role, TicketStatus } from '../../domain/lifecycle/types';
import {
  type BusinessCalendar,
  computeSla,
  SEED_000_DEFAULT_THRESHOLDS,
  type Seed000SlaId,
  type SlaResult,
  seed000StageTargets,
} from '../../domain/sla';
import type { AppContext } from '../context';
import type { Executor } from '../db/connection';
import { organizations, slaConfigs, tickets, users } from '../db/schema';
import type { EscalationLevel, EscalationType } from '../db/schema/escalations';
import {
  announceEscalations,
  autoReassign,
  type CreatedEscalation,
  type EscalationRule,
  type ReassignedTicket,
  recordEscalations,
  SYSTEM_ESCALATION_ACTOR,
} from '../modules/tickets/escalate';
import { organizationCalendars } from '../modules/tickets/sla-setup';
import { slaHistoryOf } from '../modules/tickets/tickets.repository';

export const SLA_SWEEP_BATCH_SIZE = 500;

interface SweepRule {
  /** The instant the rule's clock starts, as stored on the ticket. */
  column: PgColumn;
  /** The status condition, written literally so the planner matches the rule's partial index. */
  status: SQL;
  /** The ticket's sweep mark for this rule: tickets.slaStageCheckAt, or slaAgeCheckAt for SLA-006. */
  mark: PgColumn;
  describe(minutes: number): string;
}

/** Stage rules the sweep checks, each with the indexed condition that selects its candidates. */
export const SWEEP_RULES: Partial<Record<Seed000SlaId, SweepRule>> = {
  // tickets_sla_new_idx
  'SLA-001': {
    column: tickets.createdAt,
    status: sql.raw(`"tickets"."status" = 'new'`),
    mark: tickets.slaStageCheckAt,
    describe: (m) => `not assigned within ${m} minutes`,
  },
  // tickets_sla_assigned_idx
  'SLA-002': {
    column: tickets.assignedAt,
    status: sql.raw(`"tickets"."status" = 'assigned'`),
    mark: tickets.slaStageCheckAt,
    describe: (m) => `assigned but not scheduled within ${m} minutes`,
  },
  // tickets_sla_scheduled_due_idx
  'SLA-003': {
    column: tickets.scheduledStartAt,
    status: sql.raw(`"tickets"."status" = 'scheduled'`),
    mark: tickets.slaStageCheckAt,
    describe: (m) => `trip not started ${m} minutes after the slot start`,
  },
  // tickets_sla_on_route_idx
  'SLA-004': {
    column: tickets.startedTripAt,
    status: sql.raw(`"tickets"."status" = 'on_route'`),
    mark: tickets.slaStageCheckAt,
    describe: (m) => `on route for more than ${m} minutes without arrival`,
  },
  // tickets_sla_waiting_parts_idx
  'SLA-005': {
    column: tickets.partsRequestedAt,
    status: sql.raw(`"tickets"."status" = 'waiting_parts'`),
    mark: tickets.slaStageCheckAt,
    describe: (m) => `waiting for parts for more than ${m} minutes`,
  },
  // tickets_sla_open_created_idx
  'SLA-006': {
    column: tickets.createdAt,
    status: sql.raw(`"tickets"."status" NOT IN ('completed', 'not_fixed', 'cancelled')`),
    mark: tickets.slaAgeCheckAt,
    describe: (m) => `open for more than ${m} minutes without completion`,
  },
  // tickets_sla_in_workshop_idx
  'SLA-008': {
    column: tickets.workshopCheckedInAt,
    status: sql.raw(`"tickets"."status" = 'in_workshop'`),
    mark: tickets.slaStageCheckAt,
    describe: (m) => `in the workshop for more than ${m} minutes`,
  },
};

export const SWEPT_RULE_IDS = Object.keys(SWEEP_RULES) as Seed000SlaId[];

export interface SweepOptions {
  /** Only this organisation; every organisation when omitted. */
  organizationId?: string;
  /** Only these rules (the scheduler's jobs); every swept rule when omitted. */
  ruleIds?: readonly string[];
  now: Date;
  batchSize?: number;
}

export interface SweepResult {
  /** Candidate tickets read by the indexed queries. */
  examined: number;
  /** Escalations this call inserted. */
  escalated: number;
}

type ConfigRow = typeof slaConfigs.$inferSelect;

interface Owner {
  id: string;
  name: string;
  role: string;
  phone: string | null;
  email: string | null;
  locale: string;
}

interface Candidate {
  id: string;
  ticketNumber: string;
  technicianId: string | null;
  status: TicketStatus;
  createdAt: Date;
  scheduledStartAt: Date | null;
  version: number;
  cursor: string;
}

const RETRYABLE = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE.has(code)) return true;
  }
  return false;
}

export async function sweepSla(ctx: AppContext, opts: SweepOptions): Promise<SweepResult> {
  const orgRows = await ctx.db
    .select({ id: organizations.id })
    .from(organizations)
    .where(opts.organizationId ? eq(organizations.id, opts.organizationId) : undefined)
    .orderBy(asc(organizations.id));
  const total: SweepResult = { examined: 0, escalated: 0 };
  for (const org of orgRows) {
    const result = await sweepOrganization(ctx, org.id, opts);
    total.examined += result.examined;
    total.escalated += result.escalated;
  }
  return total;
}

async function sweepOrganization(ctx: AppContext, organizationId: string, opts: SweepOptions) {
  const wanted = SWEPT_RULE_IDS.filter((id) => !opts.ruleIds || opts.ruleIds.includes(id));
  const result: SweepResult = { examined: 0, escalated: 0 };
  if (wanted.length === 0) return result;
  const configs = await ctx.db
    .select()
    .from(slaConfigs)
    .where(
      and(
        eq(slaConfigs.organizationId, organizationId),
        eq(slaConfigs.isActive, true),
        inArray(slaConfigs.ruleId, wanted),
      ),
    )
    .orderBy(asc(slaConfigs.ruleId));
  if (configs.length === 0) return result;
  await rememberCalendar(ctx.db, organizationId, configs);
  const owners = await ctx.db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      phone: users.phone,
      email: users.email,
      locale: users.locale,
    })
    .from(users)
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.isActive, true),
        inArray(users.role, [...new Set(configs.map((config) => config.ownerRole as Role))]),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
  for (const config of configs) {
    const rule = SWEEP_RULES[config.ruleId as Seed000SlaId];
    if (!rule) continue;
    const ruleOwners = owners.filter((owner) => owner.role === config.ownerRole);
    const swept = await sweepRule(ctx, { organizationId, config, rule, owners: ruleOwners, ...opts });
    result.examined += swept.examined;
    result.escalated += swept.escalated;
  }
  return result;
}

async function sweepRule(
  ctx: AppContext,
  opts: SweepOptions & { organizationId: string; config: ConfigRow; rule: SweepRule; owners: Owner[] },
): Promise<SweepResult> {
  const { config, rule, now } = opts;
  const batchSize = opts.batchSize ?? SLA_SWEEP_BATCH_SIZE;
  const cutoff = new Date(now.getTime() - config.thresholdMinutes * 60_000);
  const result: SweepResult = { examined: 0, escalated: 0 };
  // Tickets whose wall-clock threshold passed since the last look, then those the engine deferred.
  for (const query of [dueCandidatesQuery, deferredCandidatesQuery]) {
    let after: SweepCursor | null = null;
    for (;;) {
      const candidates: Candidate[] = await query(ctx.db, {
        organizationId: opts.organizationId,
        rule,
        cutoff,
        now,
        after,
        limit: batchSize,
      });
      result.examined += candidates.length;
      const last = candidates.at(-1);
      if (!last) break;
      after = { cursor: last.cursor, id: last.id };
      const verdicts = await confirmBreaches(ctx, config, candidates, now);
      if (verdicts.breached.length > 0) result.escalated += await escalateBatch(ctx, opts, verdicts.breached);
      await markChecked(ctx.db, rule, verdicts.checkAgainAt);
      if (candidates.length < batchSize) break;
    }
  }
  return result;
}

interface SweepCursor {
  cursor: string;
  id: string;
}

interface CandidateQueryOptions {
  organizationId: string;
  rule: SweepRule;
  /** Tickets whose rule clock started at or before this instant are past the wall-clock threshold. */
  cutoff: Date;
  now: Date;
  after: SweepCursor | null;
  limit: number;
}

function candidateColumns(cursor: PgColumn) {
  return {
    id: tickets.id,
    ticketNumber: tickets.ticketNumber,
    technicianId: tickets.technicianId,
    status: tickets.status,
    createdAt: tickets.createdAt,
    scheduledStartAt: tickets.scheduledStartAt,
    version: tickets.version,
    cursor: sql<string>`${cursor}::text`,
  };
}

/**
 * One batch of tickets past the rule's wall-clock threshold that the sweep has not looked at since they
 * entered the stage (mark IS NULL: the rule's partial index holds exactly those), in keyset order.
 * Exported for the benchmark's EXPLAIN.
 */
export function dueCandidatesQuery(db: Executor, opts: CandidateQueryOptions) {
  const { rule, after } = opts;
  return db
    .select(candidateColumns(rule.column))
    .from(tickets)
    .where(
      and(
        eq(tickets.organizationId, opts.organizationId),
        rule.status,
        sql`${rule.mark} IS NULL`,
        sql`${rule.column} <= ${opts.cutoff}`,
        after
          ? sql`(${rule.column}, ${tickets.id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(rule.column), asc(tickets.id))
    .limit(opts.limit);
}

/** One batch of tickets the SLA engine said to look at again by now (tickets_sla_*_check_idx). */
function deferredCandidatesQuery(db: Executor, opts: CandidateQueryOptions) {
  const { rule, after } = opts;
  return db
    .select(candidateColumns(rule.mark))
    .from(tickets)
    .where(
      and(
        eq(tickets.organizationId, opts.organizationId),
        sql`${rule.mark} < 'infinity'`,
        sql`${rule.mark} <= ${opts.now}`,
        rule.status,
        after
          ? sql`(${rule.mark}, ${tickets.id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(rule.mark), asc(tickets.id))
    .limit(opts.limit);
}

/**
 * Records when the sweep should look at each ticket again for this rule ('infinity': never in this stage).
 * A ticket changed since it was read (its version moved on) is left alone: the change cleared its mark.
 */
async function markChecked(db: Executor, rule: SweepRule, checkAgainAt: CheckAgain[]): Promise<void> {
  if (checkAgainAt.length === 0) return;
  const sorted = [...checkAgainAt].sort((a, b) => (a.id < b.id ? -1 : 1));
  await db.execute(sql`
    UPDATE ${tickets} SET ${sql.identifier(rule.mark.name)} = mark.check_at::timestamptz
    FROM unnest(${sql.param(sorted.map((item) => item.id))}::uuid[],
                ${sql.param(sorted.map((item) => item.version))}::int[],
                ${sql.param(sorted.map((item) => item.at))}::text[]) AS mark(id, version, check_at)
    WHERE ${tickets.id} = mark.id AND ${tickets.version} = mark.version`);
}

// The organisation's default business calendar, read once per sweep of an organisation and found by
// confirmBreaches through the config rows of that sweep.
const calendarOfSweep = new WeakMap<ConfigRow, BusinessCalendar>();

async function rememberCalendar(db: Executor, organizationId: string, configs: ConfigRow[]): Promise<void> {
  const { calendar } = await organizationCalendars(db, organizationId);
  for (const config of configs) calendarOfSweep.set(config, calendar);
}

/**
 * The candidates whose rule the SLA engine reports as breached, from one history query for the batch.
 * Business-clock rules (SLA-001, SLA-002) count the organisation's default calendar: the wall-clock
 * candidate query is a superset, and a ticket not yet breached in business time is looked at again later.
 */
async function confirmBreaches(
  ctx: AppContext,
  config: ConfigRow,
  candidates: Candidate[],
  now: Date,
): Promise<Verdicts> {
  const ruleId = config.ruleId as Seed000SlaId;
  const targets = seed000StageTargets({
    ...SEED_000_DEFAULT_THRESHOLDS,
    [ruleId]: config.thresholdMinutes,
  }).filter((target) => target.id === ruleId);
  const [history, calendar] = await Promise.all([
    slaHistoryOf(
      ctx.db,
      candidates.map((candidate) => candidate.id),
    ),
    calendarOfSweep.get(config) ??
      organizationCalendars(ctx.db, config.organizationId).then((found) => found.calendar),
  ]);
  const verdicts: Verdicts = { breached: [], checkAgainAt: [] };
  for (const candidate of candidates) {
    const [sla] = computeSla({
      ticket: {
        createdAt: candidate.createdAt,
        status: candidate.status,
        scheduledStartAt: candidate.scheduledStartAt,
      },
      history: history.get(candidate.id) ?? [],
      targets,
      calendar,
      workflow: visitWorkflow,
      now,
    });
    if (sla?.state === 'breached') verdicts.breached.push(candidate);
    verdicts.checkAgainAt.push({ id: candidate.id, version: candidate.version, at: checkAgainAt(sla, now) });
  }
  return verdicts;
}

/**
 * Deferred checks were timed under the thresholds and calendars of their day: when those change, the
 * sweep looks at the deferred tickets again (escalated ones stay handled).
 */
export async function forgetDeferredSlaChecks(db: Executor, organizationId: string): Promise<void> {
  await db
    .update(tickets)
    .set({ slaStageCheckAt: null })
    .where(and(eq(tickets.organizationId, organizationId), sql`${tickets.slaStageCheckAt} < 'infinity'`));
  await db
    .update(tickets)
    .set({ slaAgeCheckAt: null })
    .where(and(eq(tickets.organizationId, organizationId), sql`${tickets.slaAgeCheckAt} < 'infinity'`));
}

interface CheckAgain {
  id: string;
  version: number;
  /** An ISO instant or 'infinity'. */
  at: string;
}

interface Verdicts {
  breached: Candidate[];
  checkAgainAt: CheckAgain[];
}

const PAUSED_RECHECK_MS = 60 * 60_000;

/** Breached, met or no longer running: never again in this stage; otherwise at the due time. */
function checkAgainAt(sla: SlaResult | undefined, now: Date): string {
  if (!sla || sla.state === 'breached' || sla.state === 'met' || sla.stoppedAt) return 'infinity';
  if (sla.state !== 'paused' && sla.dueAt && sla.dueAt > now) return sla.dueAt.toISOString();
  return new Date(now.getTime() + PAUSED_RECHECK_MS).toISOString();
}

async function escalateBatch(
  ctx: AppContext,
  opts: { organizationId: string; config: ConfigRow; rule: SweepRule; owners: Owner[]; now: Date },
  breached: Candidate[],
): Promise<number> {
  const { config, owners, now, organizationId } = opts;
  const reason = `${config.ruleId}: ${opts.rule.describe(config.thresholdMinutes)}`;
  const rule: EscalationRule = {
    ruleId: config.ruleId,
    oncePerTicket: true,
    level: config.escalationLevel as EscalationLevel,
    type: config.type as EscalationType,
    ownerRole: config.ownerRole,
  };
  const reassigns = config.autoReassign && rule.level === 'L3';
  const actor = SYSTEM_ESCALATION_ACTOR;

  let created: CreatedEscalation[] = [];
  let reassigned: ReassignedTicket[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      [created, reassigned] = await ctx.db.transaction(async (tx) => {
        const inserted = await recordEscalations(tx, {
          organizationId,
          rule,
          reason,
          owners,
          tickets: breached,
          actor,
          now,
        });
        const moved = reassigns
          ? await autoReassign(tx, { organizationId, rule, reason, created: inserted, actor, now })
          : [];
        return [inserted, moved] as const;
      });
      break;
    } catch (error) {
      // Sweeps running at once wait on each other's unique keys; a rare deadlock is retried.
      if (attempt >= 3 || !isRetryable(error)) throw error;
    }
  }
  announceEscalations(ctx, { organizationId, rule, created, reassigned });
  return created.length;
}

/** Moved to modules/tickets/sla-setup.ts; kept here for existing importers. */
export { activeStageTargets } from '../modules/tickets/sla-setup';
