// The SLA sweep (seed 000 §7.1–§7.2): finds tickets past a stage rule of sla_configs with an indexed keyset
// query per rule, confirms the breach with the SLA engine, and escalates each (ticket, rule, level) once.
// Several processes may sweep at the same moment: the unique index escalations_once_per_rule_key decides,
// and only the process whose INSERT … ON CONFLICT DO NOTHING returned a row writes the note, notifications
// and audit row for it.
//
// SLA-007 (customer complaint, immediate) is not swept: a complaint escalates when the customer files it
// (modules/customer/complaints.service.ts). Escalation records, notes, notifications, audit and the L3
// automatic reassignment are shared with it (modules/tickets/escalate.ts).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
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
import { organizations, slaConfigs, ticketSlaWatch, tickets, users } from '../db/schema';
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
/** Batches written at once by one sweep (each on its own pooled connection). */
export const SLA_SWEEP_WRITERS = 2;

/** What a stage rule watches: tickets in `status`, from the stage clock ticket_sla_watch.stage_started_at. */
interface StageRule {
  watches: 'stage';
  status: TicketStatus;
  describe(minutes: number): string;
}

/** SLA-006: every open ticket, from its creation. */
interface AgeRule {
  watches: 'age';
  describe(minutes: number): string;
}

type SweepRule = StageRule | AgeRule;

/** Stage rules the sweep checks. The stage clock of each status is set by the ticket_sla_watch trigger. */
export const SWEEP_RULES: Partial<Record<Seed000SlaId, SweepRule>> = {
  'SLA-001': { watches: 'stage', status: 'new', describe: (m) => `not assigned within ${m} minutes` },
  'SLA-002': {
    watches: 'stage',
    status: 'assigned',
    describe: (m) => `assigned but not scheduled within ${m} minutes`,
  },
  'SLA-003': {
    watches: 'stage',
    status: 'scheduled',
    describe: (m) => `trip not started ${m} minutes after the slot start`,
  },
  'SLA-004': {
    watches: 'stage',
    status: 'on_route',
    describe: (m) => `on route for more than ${m} minutes without arrival`,
  },
  'SLA-005': {
    watches: 'stage',
    status: 'waiting_parts',
    describe: (m) => `waiting for parts for more than ${m} minutes`,
  },
  'SLA-006': { watches: 'age', describe: (m) => `open for more than ${m} minutes without completion` },
  'SLA-008': {
    watches: 'stage',
    status: 'in_workshop',
    describe: (m) => `in the workshop for more than ${m} minutes`,
  },
};

/** The watch columns of a rule: its clock, its mark, and the status condition of a stage rule. */
function watchOf(rule: SweepRule) {
  return rule.watches === 'stage'
    ? {
        clock: ticketSlaWatch.stageStartedAt,
        mark: ticketSlaWatch.stageCheckAt,
        inStage: eq(ticketSlaWatch.status, rule.status),
      }
    : { clock: ticketSlaWatch.createdAt, mark: ticketSlaWatch.ageCheckAt, inStage: undefined };
}

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
  // Reading the next batch needs only the previous batch's keyset position, so batches are read while the
  // ones before them are written, on other connections: PostgreSQL works on several cores at once.
  const writes = new Set<Promise<void>>();
  let failure: unknown = null;
  const write = (verdicts: Verdicts) => {
    const pending = writeVerdicts(ctx, opts, verdicts)
      .then((escalated) => {
        result.escalated += escalated;
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => writes.delete(pending));
    writes.add(pending);
  };
  // Tickets whose wall-clock threshold passed since the last look, then those the engine deferred.
  for (const query of [dueCandidatesQuery, deferredCandidatesQuery]) {
    let after: SweepCursor | null = null;
    while (failure === null) {
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
      while (writes.size >= SLA_SWEEP_WRITERS) await Promise.race(writes);
      write(verdicts);
      if (candidates.length < batchSize) break;
    }
    // The deferred query reads marks the due pass wrote: it starts once they are all committed.
    await Promise.all(writes);
  }
  if (failure !== null) throw failure;
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

function selectCandidates(db: Executor, cursor: PgColumn) {
  return db
    .select({
      id: ticketSlaWatch.ticketId,
      ticketNumber: tickets.ticketNumber,
      technicianId: tickets.technicianId,
      status: ticketSlaWatch.status,
      createdAt: ticketSlaWatch.createdAt,
      scheduledStartAt: tickets.scheduledStartAt,
      version: ticketSlaWatch.version,
      cursor: sql<string>`${cursor}::text`,
    })
    .from(ticketSlaWatch)
    .innerJoin(tickets, eq(tickets.id, ticketSlaWatch.ticketId));
}

/**
 * One batch of tickets past the rule's wall-clock threshold that the sweep has not looked at since they
 * entered the stage (mark IS NULL: ticket_sla_watch_stage_idx / _age_idx hold exactly those), in keyset order.
 * Exported for the benchmark's EXPLAIN.
 */
export function dueCandidatesQuery(db: Executor, opts: CandidateQueryOptions) {
  const { clock, mark, inStage } = watchOf(opts.rule);
  const { after } = opts;
  return selectCandidates(db, clock)
    .where(
      and(
        eq(ticketSlaWatch.organizationId, opts.organizationId),
        inStage,
        sql`${mark} IS NULL`,
        sql`${clock} <= ${opts.cutoff}`,
        after
          ? sql`(${clock}, ${ticketSlaWatch.ticketId}) > (${after.cursor}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(clock), asc(ticketSlaWatch.ticketId))
    .limit(opts.limit);
}

/** One batch of tickets the SLA engine said to look at again by now (ticket_sla_watch_*_check_idx). */
function deferredCandidatesQuery(db: Executor, opts: CandidateQueryOptions) {
  const { mark, inStage } = watchOf(opts.rule);
  const { after } = opts;
  return selectCandidates(db, mark)
    .where(
      and(
        eq(ticketSlaWatch.organizationId, opts.organizationId),
        sql`${mark} < 'infinity'`,
        sql`${mark} <= ${opts.now}`,
        inStage,
        after
          ? sql`(${mark}, ${ticketSlaWatch.ticketId}) > (${after.cursor}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(mark), asc(ticketSlaWatch.ticketId))
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
    UPDATE ${ticketSlaWatch} SET ${sql.identifier(watchOf(rule).mark.name)} = mark.check_at::timestamptz
    FROM unnest(${sql.param(sorted.map((item) => item.id))}::uuid[],
                ${sql.param(sorted.map((item) => item.version))}::int[],
                ${sql.param(sorted.map((item) => item.at))}::text[]) AS mark(id, version, check_at)
    WHERE ${ticketSlaWatch.ticketId} = mark.id AND ${ticketSlaWatch.version} = mark.version`);
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
    .update(ticketSlaWatch)
    .set({ stageCheckAt: null })
    .where(
      and(
        eq(ticketSlaWatch.organizationId, organizationId),
        sql`${ticketSlaWatch.stageCheckAt} < 'infinity'`,
      ),
    );
  await db
    .update(ticketSlaWatch)
    .set({ ageCheckAt: null })
    .where(
      and(eq(ticketSlaWatch.organizationId, organizationId), sql`${ticketSlaWatch.ageCheckAt} < 'infinity'`),
    );
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

/**
 * One transaction per batch: the escalations of the breached tickets (with their notes, notifications, audit
 * rows and L3 reassignments) and every candidate's next check time. If it fails, nothing of the batch is
 * marked, and the next sweep reads the same tickets again.
 */
async function writeVerdicts(
  ctx: AppContext,
  opts: { organizationId: string; config: ConfigRow; rule: SweepRule; owners: Owner[]; now: Date },
  verdicts: Verdicts,
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
          tickets: verdicts.breached,
          actor,
          now,
        });
        const moved = reassigns
          ? await autoReassign(tx, { organizationId, rule, reason, created: inserted, actor, now })
          : [];
        await markChecked(tx, opts.rule, verdicts.checkAgainAt);
        return [inserted, moved] as const;
      });
      break;
    } catch (error) {
      // Sweeps running at once wait on each other's unique keys and rows; a rare deadlock is retried.
      if (attempt >= 3 || !isRetryable(error)) throw error;
    }
  }
  announceEscalations(ctx, { organizationId, rule, created, reassigned });
  return created.length;
}

/** Moved to modules/tickets/sla-setup.ts; kept here for existing importers. */
export { activeStageTargets } from '../modules/tickets/sla-setup';
