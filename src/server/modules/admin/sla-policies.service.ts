// SLA policies and business calendars per organisation (issue 3, part 6): validated CRUD with an audit
// row per write, and activePolicies() which loads the stored rows as the domain's SlaPolicy.

import { and, asc, count, eq, ne } from 'drizzle-orm';
import { type BusinessCalendar, isWorkingInstant, type Weekday } from '../../../domain/sla/calendar';
import type { SlaConditions, SlaPolicy } from '../../../domain/sla/policies';
import type { SlaTargetDefinition } from '../../../domain/sla/targets';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { businessCalendars, slaPolicies } from '../../db/schema';
import { AppError } from '../../errors';
import { forgetDeferredSlaChecks } from '../../jobs/sla-sweep';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { auditActor, offsetOf } from './admin-common';
import type { CalendarInput, CalendarView, ListQuery, PolicyInput, PolicyView } from './sla-policies.schemas';

type CalendarRow = typeof businessCalendars.$inferSelect;
type PolicyRow = typeof slaPolicies.$inferSelect;
type Write<T> = { principal: Principal; meta: RequestMeta; input: T };

const WEEKDAYS: Weekday[] = [0, 1, 2, 3, 4, 5, 6];

// ---------------------------------------------------------------- presenters and mapping

export const presentCalendar = (row: CalendarRow): CalendarView => ({
  id: row.id,
  name: row.name,
  timeZone: row.timeZone,
  weeklyHours: Object.fromEntries(WEEKDAYS.map((day) => [String(day), row.weeklyHours[day] ?? []])),
  holidays: row.holidays,
  isDefault: row.isDefault,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const presentPolicy = (row: PolicyRow): PolicyView => ({
  id: row.id,
  name: row.name,
  conditions: row.conditions,
  targets: row.targets as PolicyView['targets'],
  warningPercents: [row.warningPercents[0] ?? 75, row.warningPercents[1] ?? 90],
  scaleByPriority: row.scaleByPriority,
  calendarId: row.calendarId,
  isActive: row.isActive,
  rank: row.rank,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** A stored calendar as the domain's BusinessCalendar. */
export const toBusinessCalendar = (row: CalendarRow): BusinessCalendar => ({
  timeZone: row.timeZone,
  weeklyHours: row.weeklyHours,
  holidays: row.holidays,
});

/** A stored policy as the domain's SlaPolicy. */
export function toSlaPolicy(row: PolicyRow): SlaPolicy {
  const [warning = 75, critical = 90] = row.warningPercents;
  return {
    id: row.id,
    name: row.name,
    conditions: row.conditions,
    targets: row.targets,
    warningPercents: [warning, critical],
    scaleByPriority: row.scaleByPriority,
    ...(row.calendarId ? { calendarId: row.calendarId } : {}),
  };
}

/**
 * The organisation's active policies in the order selectPolicy breaks ties by (it keeps the earlier of
 * equally specific matches): lower rank first, then the older policy.
 */
export async function activePolicies(db: Executor, organizationId: string): Promise<SlaPolicy[]> {
  const rows = await db
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.organizationId, organizationId), eq(slaPolicies.isActive, true)))
    .orderBy(asc(slaPolicies.rank), asc(slaPolicies.createdAt), asc(slaPolicies.id));
  return rows.map(toSlaPolicy);
}

// ---------------------------------------------------------------- input to stored values

function calendarValues(input: CalendarInput) {
  const weeklyHours = Object.fromEntries(
    WEEKDAYS.map((day) => [day, input.weeklyHours[String(day) as `${Weekday}`]]),
  ) as BusinessCalendar['weeklyHours'];
  const calendar: BusinessCalendar = { timeZone: input.timeZone, weeklyHours, holidays: input.holidays };
  // The domain's own checks (a week without working time...) answer as a 400 with their message.
  try {
    isWorkingInstant(calendar, new Date(0));
  } catch (error) {
    if (error instanceof RangeError) {
      throw new AppError('validation_failed', error.message, {
        issues: [{ path: 'body', message: error.message }],
      });
    }
    throw error;
  }
  return {
    name: input.name,
    timeZone: input.timeZone,
    weeklyHours,
    holidays: input.holidays,
    isDefault: input.isDefault,
  };
}

function policyValues(input: PolicyInput) {
  const conditions = Object.fromEntries(
    Object.entries(input.conditions).filter(([, value]) => value !== undefined),
  ) as SlaConditions;
  return {
    name: input.name,
    conditions,
    targets: input.targets as SlaTargetDefinition[],
    warningPercents: [...input.warningPercents],
    scaleByPriority: input.scaleByPriority,
    calendarId: input.calendarId,
    isActive: input.isActive,
    rank: input.rank,
  };
}

// ---------------------------------------------------------------- shared checks

async function assertNameFree(
  tx: Executor,
  table: typeof businessCalendars | typeof slaPolicies,
  opts: { organizationId: string; name: string; exceptId?: string; what: string },
): Promise<void> {
  const [clash] = await tx
    .select({ id: table.id })
    .from(table)
    .where(
      and(
        eq(table.organizationId, opts.organizationId),
        eq(table.name, opts.name),
        ...(opts.exceptId ? [ne(table.id, opts.exceptId)] : []),
      ),
    );
  if (clash) {
    throw new AppError('conflict', `A ${opts.what} named "${opts.name}" already exists.`, { field: 'name' });
  }
}

async function lockCalendar(tx: Executor, organizationId: string, id: string): Promise<CalendarRow> {
  const [row] = await tx
    .select()
    .from(businessCalendars)
    .where(and(eq(businessCalendars.id, id), eq(businessCalendars.organizationId, organizationId)))
    .for('update');
  if (!row) throw new AppError('not_found', 'Business calendar not found.');
  return row;
}

async function lockPolicy(tx: Executor, organizationId: string, id: string): Promise<PolicyRow> {
  const [row] = await tx
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.id, id), eq(slaPolicies.organizationId, organizationId)))
    .for('update');
  if (!row) throw new AppError('not_found', 'SLA policy not found.');
  return row;
}

/** The one default per organisation: making a calendar the default takes the flag from the previous one. */
async function clearOtherDefault(tx: Executor, organizationId: string, keepId?: string): Promise<void> {
  await tx
    .update(businessCalendars)
    .set({ isDefault: false })
    .where(
      and(
        eq(businessCalendars.organizationId, organizationId),
        eq(businessCalendars.isDefault, true),
        ...(keepId ? [ne(businessCalendars.id, keepId)] : []),
      ),
    );
}

async function assertCalendarOfOrganization(
  tx: Executor,
  organizationId: string,
  calendarId: string | null,
): Promise<void> {
  if (!calendarId) return;
  const [row] = await tx
    .select({ id: businessCalendars.id })
    .from(businessCalendars)
    .where(and(eq(businessCalendars.id, calendarId), eq(businessCalendars.organizationId, organizationId)))
    .for('share');
  if (!row) {
    throw new AppError('unprocessable', 'The calendar does not exist in this organisation.', {
      field: 'calendarId',
    });
  }
}

/** Two admins saving at once: the unique indexes decide, and the loser gets a 409 like the pre-checks give. */
function uniqueViolation(error: unknown): { constraint?: string } | undefined {
  for (const candidate of [error, (error as { cause?: unknown })?.cause]) {
    const pg = candidate as { code?: string; constraint?: string } | undefined;
    if (pg?.code === '23505') return pg;
  }
  return undefined;
}

async function guardUnique<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const violation = uniqueViolation(error);
    if (violation?.constraint?.endsWith('_default_key')) {
      throw new AppError('conflict', 'Another calendar became the default at the same moment; try again.');
    }
    if (violation)
      throw new AppError('conflict', `A ${what} with this name already exists.`, { field: 'name' });
    throw error;
  }
}

// ---------------------------------------------------------------- calendars

export async function listCalendars(ctx: AppContext, principal: Principal, query: ListQuery) {
  const where = eq(businessCalendars.organizationId, principal.organizationId);
  const [rows, [totals]] = await Promise.all([
    ctx.db
      .select()
      .from(businessCalendars)
      .where(where)
      .orderBy(asc(businessCalendars.name), asc(businessCalendars.id))
      .limit(query.limit)
      .offset(offsetOf(query.page, query.limit)),
    ctx.db.select({ total: count() }).from(businessCalendars).where(where),
  ]);
  return { calendars: rows.map(presentCalendar), total: totals?.total ?? 0, ...query };
}

export async function getCalendar(ctx: AppContext, principal: Principal, id: string): Promise<CalendarView> {
  const [row] = await ctx.db
    .select()
    .from(businessCalendars)
    .where(and(eq(businessCalendars.id, id), eq(businessCalendars.organizationId, principal.organizationId)));
  if (!row) throw new AppError('not_found', 'Business calendar not found.');
  return presentCalendar(row);
}

export async function createCalendar(ctx: AppContext, opts: Write<CalendarInput>): Promise<CalendarView> {
  const { principal } = opts;
  const organizationId = principal.organizationId;
  const values = calendarValues(opts.input);
  return guardUnique('calendar', () =>
    ctx.db.transaction(async (tx) => {
      await assertNameFree(tx, businessCalendars, { organizationId, name: values.name, what: 'calendar' });
      if (values.isDefault) await clearOtherDefault(tx, organizationId);
      const now = ctx.clock.now();
      const [row] = await tx
        .insert(businessCalendars)
        .values({ organizationId, ...values, createdAt: now, updatedAt: now })
        .returning();
      if (!row) throw new AppError('internal', 'The calendar could not be created.');
      if (row.isDefault) await forgetDeferredSlaChecks(tx, organizationId);
      const view = presentCalendar(row);
      await recordAudit(tx, {
        organizationId,
        action: 'business_calendar.create',
        entity: 'business_calendar',
        entityId: row.id,
        newValue: view,
        actor: auditActor(principal, opts.meta),
      });
      return view;
    }),
  );
}

export async function updateCalendar(
  ctx: AppContext,
  opts: Write<CalendarInput> & { calendarId: string },
): Promise<CalendarView> {
  const { principal } = opts;
  const organizationId = principal.organizationId;
  const values = calendarValues(opts.input);
  return guardUnique('calendar', () =>
    ctx.db.transaction(async (tx) => {
      const current = await lockCalendar(tx, organizationId, opts.calendarId);
      await assertNameFree(tx, businessCalendars, {
        organizationId,
        name: values.name,
        exceptId: current.id,
        what: 'calendar',
      });
      if (values.isDefault) await clearOtherDefault(tx, organizationId, current.id);
      const [row] = await tx
        .update(businessCalendars)
        .set({ ...values, updatedAt: ctx.clock.now() })
        .where(eq(businessCalendars.id, current.id))
        .returning();
      if (!row) throw new AppError('internal', 'The calendar could not be updated.');
      if (row.isDefault || current.isDefault) await forgetDeferredSlaChecks(tx, organizationId);
      const view = presentCalendar(row);
      await recordAudit(tx, {
        organizationId,
        action: 'business_calendar.update',
        entity: 'business_calendar',
        entityId: row.id,
        oldValue: presentCalendar(current),
        newValue: view,
        actor: auditActor(principal, opts.meta),
      });
      return view;
    }),
  );
}

export async function deleteCalendar(
  ctx: AppContext,
  opts: { principal: Principal; meta: RequestMeta; calendarId: string },
): Promise<void> {
  const { principal } = opts;
  const organizationId = principal.organizationId;
  await ctx.db.transaction(async (tx) => {
    const current = await lockCalendar(tx, organizationId, opts.calendarId);
    const [usage] = await tx
      .select({ used: count() })
      .from(slaPolicies)
      .where(eq(slaPolicies.calendarId, current.id));
    if ((usage?.used ?? 0) > 0) {
      throw new AppError('conflict', 'The calendar is used by SLA policies; point them elsewhere first.', {
        policies: usage?.used ?? 0,
      });
    }
    await tx.delete(businessCalendars).where(eq(businessCalendars.id, current.id));
    if (current.isDefault) await forgetDeferredSlaChecks(tx, organizationId);
    await recordAudit(tx, {
      organizationId,
      action: 'business_calendar.delete',
      entity: 'business_calendar',
      entityId: current.id,
      oldValue: presentCalendar(current),
      actor: auditActor(principal, opts.meta),
    });
  });
}

// ---------------------------------------------------------------- policies

export async function listPolicies(ctx: AppContext, principal: Principal, query: ListQuery) {
  const where = eq(slaPolicies.organizationId, principal.organizationId);
  const [rows, [totals]] = await Promise.all([
    ctx.db
      .select()
      .from(slaPolicies)
      .where(where)
      .orderBy(asc(slaPolicies.rank), asc(slaPolicies.createdAt), asc(slaPolicies.id))
      .limit(query.limit)
      .offset(offsetOf(query.page, query.limit)),
    ctx.db.select({ total: count() }).from(slaPolicies).where(where),
  ]);
  return { policies: rows.map(presentPolicy), total: totals?.total ?? 0, ...query };
}

export async function getPolicy(ctx: AppContext, principal: Principal, id: string): Promise<PolicyView> {
  const [row] = await ctx.db
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.id, id), eq(slaPolicies.organizationId, principal.organizationId)));
  if (!row) throw new AppError('not_found', 'SLA policy not found.');
  return presentPolicy(row);
}

export async function createPolicy(ctx: AppContext, opts: Write<PolicyInput>): Promise<PolicyView> {
  const { principal } = opts;
  const organizationId = principal.organizationId;
  const values = policyValues(opts.input);
  return guardUnique('policy', () =>
    ctx.db.transaction(async (tx) => {
      await assertNameFree(tx, slaPolicies, { organizationId, name: values.name, what: 'policy' });
      await assertCalendarOfOrganization(tx, organizationId, values.calendarId);
      const now = ctx.clock.now();
      const [row] = await tx
        .insert(slaPolicies)
        .values({ organizationId, ...values, createdAt: now, updatedAt: now })
        .returning();
      if (!row) throw new AppError('internal', 'The policy could not be created.');
      const view = presentPolicy(row);
      await recordAudit(tx, {
        organizationId,
        action: 'sla_policy.create',
        entity: 'sla_policy',
        entityId: row.id,
        newValue: view,
        actor: auditActor(principal, opts.meta),
      });
      return view;
    }),
  );
}

export async function updatePolicy(
  ctx: AppContext,
  opts: Write<PolicyInput> & { policyId: string },
): Promise<PolicyView> {
  const { principal } = opts;
  const organizationId = principal.organizationId;
  const values = policyValues(opts.input);
  return guardUnique('policy', () =>
    ctx.db.transaction(async (tx) => {
      const current = await lockPolicy(tx, organizationId, opts.policyId);
      await assertNameFree(tx, slaPolicies, {
        organizationId,
        name: values.name,
        exceptId: current.id,
        what: 'policy',
      });
      await assertCalendarOfOrganization(tx, organizationId, values.calendarId);
      const [row] = await tx
        .update(slaPolicies)
        .set({ ...values, updatedAt: ctx.clock.now() })
        .where(eq(slaPolicies.id, current.id))
        .returning();
      if (!row) throw new AppError('internal', 'The policy could not be updated.');
      const view = presentPolicy(row);
      await recordAudit(tx, {
        organizationId,
        action: 'sla_policy.update',
        entity: 'sla_policy',
        entityId: row.id,
        oldValue: presentPolicy(current),
        newValue: view,
        actor: auditActor(principal, opts.meta),
      });
      return view;
    }),
  );
}

export async function deletePolicy(
  ctx: AppContext,
  opts: { principal: Principal; meta: RequestMeta; policyId: string },
): Promise<void> {
  const { principal } = opts;
  const organizationId = principal.organizationId;
  await ctx.db.transaction(async (tx) => {
    const current = await lockPolicy(tx, organizationId, opts.policyId);
    await tx.delete(slaPolicies).where(eq(slaPolicies.id, current.id));
    await recordAudit(tx, {
      organizationId,
      action: 'sla_policy.delete',
      entity: 'sla_policy',
      entityId: current.id,
      oldValue: presentPolicy(current),
      actor: auditActor(principal, opts.meta),
    });
  });
}
