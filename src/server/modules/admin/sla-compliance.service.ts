// SLA compliance report (seed 000 §8.1, §8.3): of the tickets created in a period (the KPI report's
// period), the share never escalated, per priority and per SLA rule. Same definition as the KPI
// report's slaCompliance, so the two pages agree.
import { asc, eq, sql } from 'drizzle-orm';
import type { Priority } from '../../../domain/tickets';
import { PRIORITIES } from '../../../domain/tickets';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { slaConfigs } from '../../db/schema';
import type { EscalationType } from '../../db/schema/escalations';
import type { Principal } from '../../lib/access-tokens';
import { dayRange, organizationTimeZone } from './admin-common';
import type { SlaComplianceQuery, SlaComplianceReport } from './sla-compliance.schemas';

interface Window {
  organizationId: string;
  from: Date;
  before: Date;
}

const compliance = (total: number, escalated: number): number | null =>
  total === 0 ? null : Number((((total - escalated) / total) * 100).toFixed(1));

/** Tickets created in the window per priority, and how many of them were ever escalated. */
async function perPriority(db: Executor, w: Window) {
  const result = await db.execute<{ priority: Priority; total: number; escalated: number }>(sql`
    select tk.priority, count(*)::int as total,
           count(*) filter (where tk.id in (
             select e.ticket_id from escalations e
             where e.organization_id = ${w.organizationId}
               and e.created_at >= ${w.from.toISOString()}::timestamptz
           ))::int as escalated
    from tickets tk
    where tk.organization_id = ${w.organizationId}
      and tk.created_at >= ${w.from.toISOString()}::timestamptz
      and tk.created_at < ${w.before.toISOString()}::timestamptz
    group by tk.priority`);
  return result.rows;
}

/** Distinct period tickets escalated by each rule (escalations follow their ticket's creation). */
async function perRule(db: Executor, w: Window) {
  const result = await db.execute<{ ruleId: string | null; type: EscalationType; escalated: number }>(sql`
    select e.rule_id as "ruleId", e.type, count(distinct e.ticket_id)::int as escalated
    from escalations e
    join tickets tk on tk.id = e.ticket_id
    where e.organization_id = ${w.organizationId}
      and e.created_at >= ${w.from.toISOString()}::timestamptz
      and tk.organization_id = ${w.organizationId}
      and tk.created_at >= ${w.from.toISOString()}::timestamptz
      and tk.created_at < ${w.before.toISOString()}::timestamptz
    group by e.rule_id, e.type
    order by e.rule_id nulls last, e.type`);
  return result.rows;
}

export async function slaComplianceReport(
  ctx: AppContext,
  principal: Principal,
  query: SlaComplianceQuery,
): Promise<SlaComplianceReport> {
  const { organizationId } = principal;
  const [timeZone, range] = await Promise.all([
    organizationTimeZone(ctx, organizationId),
    dayRange(ctx, organizationId, query),
  ]);
  const w: Window = { organizationId, from: range.from as Date, before: range.before as Date };
  const [priorities, rules, configs] = await Promise.all([
    perPriority(ctx.db, w),
    perRule(ctx.db, w),
    ctx.db
      .select({
        ruleId: slaConfigs.ruleId,
        name: slaConfigs.name,
        type: slaConfigs.type,
        isActive: slaConfigs.isActive,
      })
      .from(slaConfigs)
      .where(eq(slaConfigs.organizationId, organizationId))
      .orderBy(asc(slaConfigs.ruleId)),
  ]);
  const totalTickets = priorities.reduce((sum, row) => sum + row.total, 0);
  const escalatedTickets = priorities.reduce((sum, row) => sum + row.escalated, 0);
  const figures = (total: number, escalated: number) => ({
    totalTickets: total,
    escalatedTickets: escalated,
    compliance: compliance(total, escalated),
  });
  const escalatedBy = (ruleId: string) =>
    rules.filter((row) => row.ruleId === ruleId).reduce((sum, row) => sum + row.escalated, 0);
  const configured = new Set(configs.map((config) => config.ruleId));

  return {
    period: { dateFrom: query.dateFrom, dateTo: query.dateTo, timeZone },
    ...figures(totalTickets, escalatedTickets),
    byPriority: PRIORITIES.map((priority) => {
      const row = priorities.find((item) => item.priority === priority);
      return { priority, ...figures(row?.total ?? 0, row?.escalated ?? 0) };
    }),
    byRule: [
      ...configs.map((config) => ({
        ...config,
        ...figures(totalTickets, escalatedBy(config.ruleId)),
      })),
      ...rules
        .filter((row) => row.ruleId === null || !configured.has(row.ruleId))
        .map((row) => ({
          ruleId: row.ruleId,
          name: null,
          type: row.type,
          isActive: null,
          ...figures(totalTickets, row.escalated),
        })),
    ],
  };
}
