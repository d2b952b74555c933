// What the SLA engine needs of an organisation, loaded once per call (ticket SLA view, sweep): the stage
// targets of its active sla_configs rules, its default business calendar and its active SLA policies.
import { and, eq, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { TicketStatus } from '../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import {
  ALWAYS_CALENDAR,
  type BusinessCalendar,
  computeSla,
  policyTargets,
  SEED_000_DEFAULT_THRESHOLDS,
  SEED_000_SLA_IDS,
  type Seed000SlaId,
  type SlaHistoryRow,
  type SlaPolicy,
  type SlaResult,
  type SlaTargetDefinition,
  seed000StageTargets,
  selectPolicy,
} from '../../../domain/sla';
import type { DeviceType, Priority } from '../../../domain/tickets';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { businessCalendars, organizations, slaConfigs } from '../../db/schema';
import { activePolicies, toBusinessCalendar } from '../admin/sla-policies.service';

export interface SlaSetup {
  /** Stage targets SLA-001..008 of the active rules, with their thresholds. */
  stageTargets: SlaTargetDefinition[];
  /** The organisation's default calendar (is_default); every minute counts when it has none. */
  calendar: BusinessCalendar;
  /** Every calendar of the organisation by id, for policies that name their own. */
  calendars: Map<string, BusinessCalendar>;
  /** Active policies, in selectPolicy's tie-break order. */
  policies: SlaPolicy[];
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

/** The organisation's calendars (few, admin-made) and default. One query. */
export async function organizationCalendars(
  db: Executor,
  organizationId: string,
): Promise<Pick<SlaSetup, 'calendar' | 'calendars'>> {
  const rows = await db
    .select()
    .from(businessCalendars)
    .where(eq(businessCalendars.organizationId, organizationId));
  const calendars = new Map(rows.map((row) => [row.id, toBusinessCalendar(row)]));
  const fallback = rows.find((row) => row.isDefault);
  return { calendar: (fallback && calendars.get(fallback.id)) ?? ALWAYS_CALENDAR, calendars };
}

/** Three queries, whatever the number of tickets evaluated with the result. */
export async function loadSlaSetup(db: Executor, organizationId: string): Promise<SlaSetup> {
  const [stageTargets, calendars, policies] = await Promise.all([
    activeStageTargets(db, organizationId),
    organizationCalendars(db, organizationId),
    activePolicies(db, organizationId),
  ]);
  return { stageTargets, ...calendars, policies };
}

/**
 * The organisation's current setup stamp (organizations.sla_setup_version, renewed by a trigger with every
 * change of its rules, calendars or policies), as a column of the query that reads the tickets: a list
 * learns in the same round trip whether this process's cached setup still holds.
 */
export const slaSetupVersionOf = (organizationId: string | Placeholder): SQL<number> =>
  sql<number>`(select ${organizations.slaSetupVersion} from ${organizations} where ${organizations.id} = ${organizationId})`;

const cachedSetups = new WeakMap<AppContext, Map<string, { version: number; setup: Promise<SlaSetup> }>>();

/**
 * The organisation's setup at stamp `version` (from slaSetupVersionOf): this process's copy when it has
 * that stamp, else loaded once (three queries) however many requests ask at the same moment.
 */
export function slaSetupAt(ctx: AppContext, organizationId: string, version: number): Promise<SlaSetup> {
  let byOrganization = cachedSetups.get(ctx);
  if (!byOrganization) {
    byOrganization = new Map();
    cachedSetups.set(ctx, byOrganization);
  }
  const cached = byOrganization.get(organizationId);
  if (cached && cached.version === version) return cached.setup;
  const setup = loadSlaSetup(ctx.db, organizationId);
  const entry = { version, setup };
  byOrganization.set(organizationId, entry);
  // A failed load is not kept: the next request tries again.
  setup.catch(() => {
    if (byOrganization.get(organizationId) === entry) byOrganization.delete(organizationId);
  });
  return setup;
}

export interface SlaTicketFacts {
  status: TicketStatus;
  createdAt: Date;
  scheduledStartAt: Date | null;
  deviceType: DeviceType;
  priority: Priority;
}

export interface TicketSlaTarget extends SlaResult {
  kind: SlaTargetDefinition['kind'];
  /** The policy the target comes from; null for the stage rules of sla_configs. */
  policyId: string | null;
}

export interface TicketSlaResults {
  policy: SlaPolicy | null;
  targets: TicketSlaTarget[];
}

const targetKinds = new WeakMap<SlaTargetDefinition[], Map<string, SlaTargetDefinition['kind']>>();

/** Target id → kind, worked out once per list of targets (a page evaluates the same list per ticket). */
function kindsOf(targets: SlaTargetDefinition[]): Map<string, SlaTargetDefinition['kind']> {
  let kinds = targetKinds.get(targets);
  if (!kinds) {
    kinds = new Map(targets.map((target) => [target.id, target.kind]));
    targetKinds.set(targets, kinds);
  }
  return kinds;
}

/**
 * Every applicable target of one ticket: the stage rules on the default calendar, then the response and
 * resolution targets of the most specific matching policy (category = device type, priority; tickets
 * carry no customer tier, contract or subcategory yet), scaled by priority when the policy says so, on
 * the policy's calendar with its warning percents. A policy's own stage targets are left out: stage
 * rules are sla_configs' job.
 */
export function ticketSlaTargets(
  setup: SlaSetup,
  ticket: SlaTicketFacts,
  history: SlaHistoryRow[],
  now: Date,
): TicketSlaResults {
  const base = { ticket, history, workflow: visitWorkflow, now };
  const targets: TicketSlaTarget[] = [];
  const stageKinds = kindsOf(setup.stageTargets);
  for (const result of computeSla({ ...base, targets: setup.stageTargets, calendar: setup.calendar })) {
    targets.push(sourced(result, stageKinds.get(result.targetId) ?? 'stage', null));
  }

  const policy =
    selectPolicy(setup.policies, { category: ticket.deviceType, priority: ticket.priority }) ?? null;
  if (policy) {
    const own = policyTargets(policy, ticket.priority).filter((target) => target.kind !== 'stage');
    const ownKinds = kindsOf(own);
    const calendar = (policy.calendarId && setup.calendars.get(policy.calendarId)) || setup.calendar;
    const results = computeSla({ ...base, targets: own, calendar, warningPercents: policy.warningPercents });
    for (const result of results) {
      targets.push(sourced(result, ownKinds.get(result.targetId) ?? 'resolution', policy.id));
    }
  }
  return { policy, targets };
}

/** A result with where its target comes from, built field by field: lists build thousands of these. */
function sourced(
  result: SlaResult,
  kind: SlaTargetDefinition['kind'],
  policyId: string | null,
): TicketSlaTarget {
  return {
    targetId: result.targetId,
    startedAt: result.startedAt,
    dueAt: result.dueAt,
    stoppedAt: result.stoppedAt,
    elapsedMinutes: result.elapsedMinutes,
    pausedMinutes: result.pausedMinutes,
    percentUsed: result.percentUsed,
    state: result.state,
    kind,
    policyId,
  };
}
