// The SLA sweep (seed 000 §7.1–§7.2): finds tickets past a stage rule of sla_configs with an indexed keyset
// query per rule, confirms the breach with the SLA engine, and escalates each (ticket, rule, level) once.
// Several processes may sweep at the same moment: the unique index escalations_once_per_rule_key decides,
// and only the process whose INSERT … ON CONFLICT DO NOTHING returned a row writes the note, notifications
// and audit row for it.
//
// SLA-007 (customer complaint, immediate) is not swept: there is no complaint record yet to start it from.
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { visitWorkflow } from '../../domain/lifecycle';
import type { Role, TicketStatus } from '../../domain/lifecycle/types';
import {
  ALWAYS_CALENDAR,
  computeSla,
  SEED_000_DEFAULT_THRESHOLDS,
  SEED_000_SLA_IDS,
  type Seed000SlaId,
  type SlaTargetDefinition,
  seed000StageTargets,
} from '../../domain/sla';
import type { AppContext } from '../context';
import type { Executor } from '../db/connection';
import { auditLog, escalations, organizations, slaConfigs, ticketNotes, tickets, users } from '../db/schema';
import type { EscalationLevel, EscalationType } from '../db/schema/escalations';
import { enqueueNotifications, type OutgoingNotification } from '../modules/notifications/outbox';
import type { NotificationLocale } from '../modules/notifications/templates';
import { slaHistoryOf } from '../modules/tickets/tickets.repository';

export const SLA_SWEEP_BATCH_SIZE = 500;

interface SweepRule {
  /** The instant the rule's clock starts, as stored on the ticket. */
  column: PgColumn;
  /** The status condition, written literally so the planner matches the rule's partial index. */
  status: SQL;
  describe(minutes: number): string;
}

/** Stage rules the sweep checks, each with the indexed condition that selects its candidates. */
export const SWEEP_RULES: Partial<Record<Seed000SlaId, SweepRule>> = {
  // tickets_org_status_created_idx
  'SLA-001': {
    column: tickets.createdAt,
    status: sql.raw(`"tickets"."status" = 'new'`),
    describe: (m) => `not assigned within ${m} minutes`,
  },
  // tickets_sla_assigned_idx
  'SLA-002': {
    column: tickets.assignedAt,
    status: sql.raw(`"tickets"."status" = 'assigned'`),
    describe: (m) => `assigned but not scheduled within ${m} minutes`,
  },
  // tickets_sla_scheduled_idx
  'SLA-003': {
    column: tickets.scheduledStartAt,
    status: sql.raw(`"tickets"."status" = 'scheduled'`),
    describe: (m) => `trip not started ${m} minutes after the slot start`,
  },
  // tickets_sla_on_route_idx
  'SLA-004': {
    column: tickets.startedTripAt,
    status: sql.raw(`"tickets"."status" = 'on_route'`),
    describe: (m) => `on route for more than ${m} minutes without arrival`,
  },
  // tickets_sla_waiting_parts_idx
  'SLA-005': {
    column: tickets.partsRequestedAt,
    status: sql.raw(`"tickets"."status" = 'waiting_parts'`),
    describe: (m) => `waiting for parts for more than ${m} minutes`,
  },
  // tickets_sla_open_created_idx
  'SLA-006': {
    column: tickets.createdAt,
    status: sql.raw(`"tickets"."status" NOT IN ('completed', 'not_fixed', 'cancelled')`),
    describe: (m) => `open for more than ${m} minutes without completion`,
  },
  // tickets_sla_in_workshop_idx
  'SLA-008': {
    column: tickets.workshopCheckedInAt,
    status: sql.raw(`"tickets"."status" = 'in_workshop'`),
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
  cursor: string;
}

interface Created {
  escalationId: string;
  ticketId: string;
}

const SYSTEM_ACTOR = { name: 'SLA sweep', role: 'system' as const };
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
  let after: { cursor: string; id: string } | null = null;
  for (;;) {
    const candidates: Candidate[] = await ctx.db
      .select({
        id: tickets.id,
        ticketNumber: tickets.ticketNumber,
        technicianId: tickets.technicianId,
        status: tickets.status,
        createdAt: tickets.createdAt,
        scheduledStartAt: tickets.scheduledStartAt,
        cursor: sql<string>`${rule.column}::text`,
      })
      .from(tickets)
      .where(
        and(
          eq(tickets.organizationId, opts.organizationId),
          rule.status,
          sql`${rule.column} <= ${cutoff}`,
          after
            ? sql`(${rule.column}, ${tickets.id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)`
            : undefined,
          sql`NOT EXISTS (SELECT 1 FROM ${escalations} WHERE ${escalations.ticketId} = ${tickets.id}
                AND ${escalations.ruleId} = ${config.ruleId} AND ${escalations.level} = ${config.escalationLevel})`,
        ),
      )
      .orderBy(asc(rule.column), asc(tickets.id))
      .limit(batchSize);
    result.examined += candidates.length;
    const last = candidates.at(-1);
    if (!last) break;
    after = { cursor: last.cursor, id: last.id };
    const breached = await confirmBreaches(ctx, config, candidates, now);
    if (breached.length > 0) result.escalated += await escalateBatch(ctx, opts, breached);
    if (candidates.length < batchSize) break;
  }
  return result;
}

/** The candidates whose rule the SLA engine reports as breached, from one history query for the batch. */
async function confirmBreaches(
  ctx: AppContext,
  config: ConfigRow,
  candidates: Candidate[],
  now: Date,
): Promise<Candidate[]> {
  const ruleId = config.ruleId as Seed000SlaId;
  const targets = seed000StageTargets({
    ...SEED_000_DEFAULT_THRESHOLDS,
    [ruleId]: config.thresholdMinutes,
  }).filter((target) => target.id === ruleId);
  const history = await slaHistoryOf(
    ctx.db,
    candidates.map((candidate) => candidate.id),
  );
  return candidates.filter((candidate) => {
    const [sla] = computeSla({
      ticket: {
        createdAt: candidate.createdAt,
        status: candidate.status,
        scheduledStartAt: candidate.scheduledStartAt,
      },
      history: history.get(candidate.id) ?? [],
      targets,
      // Business calendars per organisation come later; until then every minute counts.
      calendar: ALWAYS_CALENDAR,
      workflow: visitWorkflow,
      now,
    });
    return sla?.state === 'breached';
  });
}

async function escalateBatch(
  ctx: AppContext,
  opts: { organizationId: string; config: ConfigRow; rule: SweepRule; owners: Owner[]; now: Date },
  breached: Candidate[],
): Promise<number> {
  const { config, owners, now, organizationId } = opts;
  const reason = `${config.ruleId}: ${opts.rule.describe(config.thresholdMinutes)}`;
  const soleOwner = owners.length === 1 ? owners[0] : undefined;
  const byId = new Map(breached.map((candidate) => [candidate.id, candidate]));

  let created: Created[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      created = await ctx.db.transaction(async (tx) => {
        const inserted = await tx
          .insert(escalations)
          .values(
            breached.map((candidate) => ({
              organizationId,
              ticketId: candidate.id,
              ruleId: config.ruleId,
              level: config.escalationLevel as EscalationLevel,
              type: config.type as EscalationType,
              reason,
              ownerRole: config.ownerRole,
              ownerId: soleOwner?.id ?? null,
              ownerName: soleOwner?.name ?? null,
              technicianId: candidate.technicianId,
              createdAt: now,
            })),
          )
          .onConflictDoNothing({
            target: [escalations.ticketId, escalations.ruleId, escalations.level],
            where: sql`${escalations.ruleId} IS NOT NULL`,
          })
          .returning({ escalationId: escalations.id, ticketId: escalations.ticketId });
        if (inserted.length === 0) return inserted;

        await tx.insert(ticketNotes).values(
          inserted.map((row) => ({
            organizationId,
            ticketId: row.ticketId,
            kind: 'escalation' as const,
            content: `${config.escalationLevel} escalation — ${reason}`,
            authorId: null,
            authorName: SYSTEM_ACTOR.name,
            authorRole: SYSTEM_ACTOR.role,
            createdAt: now,
          })),
        );
        const notifications: OutgoingNotification[] = [];
        for (const row of inserted) {
          const ticketNumber = byId.get(row.ticketId)?.ticketNumber ?? '';
          for (const owner of owners) {
            const channel = owner.phone ? 'sms' : owner.email ? 'email' : null;
            const recipient = owner.phone ?? owner.email;
            if (!channel || !recipient) continue;
            notifications.push({
              organizationId,
              channel,
              recipient,
              template: 'escalation_created',
              locale: (owner.locale === 'en' ? 'en' : 'ar') as NotificationLocale,
              vars: { ticketNumber, level: config.escalationLevel, reason },
              ticketId: row.ticketId,
              dedupeKey: `escalation_created:${row.escalationId}:${owner.id}`,
            });
          }
        }
        await enqueueNotifications(tx, notifications);
        await tx.insert(auditLog).values(
          inserted.map((row) => ({
            organizationId,
            action: 'escalation.create',
            entity: 'escalation',
            entityId: row.escalationId,
            oldValue: null,
            newValue: {
              ticketId: row.ticketId,
              ruleId: config.ruleId,
              level: config.escalationLevel,
              type: config.type,
              reason,
            },
            actorId: null,
            actorName: SYSTEM_ACTOR.name,
            actorRole: SYSTEM_ACTOR.role,
            createdAt: now,
          })),
        );
        return inserted;
      });
      break;
    } catch (error) {
      // Sweeps running at once wait on each other's unique keys; a rare deadlock is retried.
      if (attempt >= 3 || !isRetryable(error)) throw error;
    }
  }

  for (const row of created) {
    ctx.events.publish('escalation:created', {
      organizationId,
      escalationId: row.escalationId,
      ticketId: row.ticketId,
      ruleId: config.ruleId,
      level: config.escalationLevel,
    });
  }
  if (created.length > 0) ctx.outbox.kick();
  return created.length;
}

/**
 * The stage targets of the organisation's ACTIVE sla_configs rules (seed 000 §7.1), with each rule's
 * threshold applied; inactive rules and rules without a config yield no target. One query.
 */
export async function activeStageTargets(
  db: Executor,
  organizationId: string,
): Promise<SlaTargetDefinition[]> {
  const configs = await db
    .select({ ruleId: slaConfigs.ruleId, thresholdMinutes: slaConfigs.thresholdMinutes })
    .from(slaConfigs)
    .where(and(eq(slaConfigs.organizationId, organizationId), eq(slaConfigs.isActive, true)));
  const thresholds: Record<Seed000SlaId, number> = { ...SEED_000_DEFAULT_THRESHOLDS };
  const active = new Set<string>();
  for (const config of configs) {
    if (!(SEED_000_SLA_IDS as readonly string[]).includes(config.ruleId)) continue;
    thresholds[config.ruleId as Seed000SlaId] = config.thresholdMinutes;
    active.add(config.ruleId);
  }
  return seed000StageTargets(thresholds).filter((target) => active.has(target.id));
}
