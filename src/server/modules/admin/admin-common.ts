// Small pieces every admin use case shares: the audit actor, calendar days in the organisation's
// time zone, and offset paging.
import { isFinalStatus } from '../../../domain/lifecycle/engine';
import { TICKET_STATUSES, type TicketStatus } from '../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import { parseDateOnly, zonedWallTime } from '../../../domain/schedule/time-slots';
import type { AppContext } from '../../context';
import type { Principal } from '../../lib/access-tokens';
import type { AuditActor } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { organizationById } from '../organizations/organizations.service';

export const auditActor = (principal: Principal, meta: RequestMeta): AuditActor => ({
  id: principal.userId,
  name: principal.name,
  role: principal.role,
  ...meta,
});

export const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export const offsetOf = (page: number, limit: number): number => (page - 1) * limit;

export async function organizationTimeZone(ctx: AppContext, organizationId: string): Promise<string> {
  return (await organizationById(ctx, organizationId)).timeZone;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function calendarDay(instant: Date, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

export function nextDay(date: string): string {
  const parts = parseDateOnly(date);
  if (!parts) throw new RangeError(`Invalid date "${date}".`);
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day + 1)).toISOString().slice(0, 10);
}

/**
 * [from, before) instants covering the calendar days dateFrom..dateTo (both inclusive) in the
 * organisation's time zone; either end may be open.
 */
export async function dayRange(
  ctx: AppContext,
  organizationId: string,
  range: { dateFrom?: string; dateTo?: string },
): Promise<{ from?: Date; before?: Date }> {
  if (!range.dateFrom && !range.dateTo) return {};
  const timeZone = await organizationTimeZone(ctx, organizationId);
  return {
    from: range.dateFrom ? zonedWallTime(range.dateFrom, 0, timeZone) : undefined,
    before: range.dateTo ? zonedWallTime(nextDay(range.dateTo), 0, timeZone) : undefined,
  };
}

/** How the dashboard and technician statistics group the visit statuses. */
export const STATUS_GROUPS = {
  assigned: ['assigned', 'scheduled'],
  inProgress: [
    'on_route',
    'arrived',
    'inspecting',
    'diagnosed',
    'repairing',
    'waiting_parts',
    'pickup_device',
    'in_workshop',
    'ready_delivery',
  ],
  closed: TICKET_STATUSES.filter((status) => isFinalStatus(visitWorkflow, status)),
} satisfies Record<string, TicketStatus[]>;
