// Dispatch helpers of Tickets Management (seed 000 §3.3, §4.6, issue 7): who could take a ticket,
// assigning several new tickets to one technician, and the tickets of the map view.

import { canRoleEverPerform } from '../../../domain/lifecycle/engine';
import { visitWorkflow } from '../../../domain/lifecycle/visit-workflow';
import type { DeviceType } from '../../../domain/tickets';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { RequestMeta } from '../auth/auth.service';
import { REASSIGNABLE_STATUSES } from '../tickets/reassign';
import { findTicket } from '../tickets/tickets.repository';
import { dayRange, iso } from './admin-common';
import type { TicketListFilters } from './admin-tickets.repository';
import { assignableTechnician, assignTechnician } from './admin-tickets.service';
import { mapTickets, technicianCandidates, ticketStatuses } from './admin-tickets-dispatch.repository';
import type {
  BulkAssignResult,
  MapTicket,
  MapTicketsQuery,
  TechnicianCandidate,
} from './admin-tickets-dispatch.schemas';

const CANDIDATES_LIMIT = 100;

function ensureMayAssign(principal: Principal): void {
  if (!canRoleEverPerform(visitWorkflow, 'assign', principal.role)) {
    throw new AppError('role_not_permitted', `Role ${principal.role} may not perform assign.`, {
      action: 'assign',
      role: principal.role,
    });
  }
}

export async function listTechnicianCandidates(
  ctx: AppContext,
  principal: Principal,
  ticketId: string,
): Promise<{
  ticket: { id: string; ticketNumber: string; deviceType: DeviceType; customerCity: string };
  candidates: TechnicianCandidate[];
}> {
  ensureMayAssign(principal);
  const ticket = await findTicket(ctx.db, principal, ticketId);
  if (!ticket) throw new AppError('not_found', 'Ticket not found.');
  if (ticket.status !== 'new' && !REASSIGNABLE_STATUSES.has(ticket.status)) {
    throw new AppError(
      'invalid_transition',
      `A ${ticket.status} ticket can no longer be assigned to another technician.`,
      { action: 'assign', status: ticket.status },
    );
  }
  const rows = await technicianCandidates(ctx.db, {
    organizationId: principal.organizationId,
    deviceType: ticket.deviceType,
    city: ticket.customerCity,
    latitude: ticket.latitude,
    longitude: ticket.longitude,
    limit: CANDIDATES_LIMIT,
  });
  return {
    ticket: {
      id: ticket.id,
      ticketNumber: ticket.ticketNumber,
      deviceType: ticket.deviceType,
      customerCity: ticket.customerCity,
    },
    candidates: rows.map((row) => ({
      ...row,
      lastLocationAt: iso(row.lastLocationAt),
      isCurrent: row.technicianId === ticket.technicianId,
    })),
  };
}

/**
 * Assigns each named `new` ticket to one technician. Each ticket is its own transaction (status,
 * history, audit, SMS), so one refusal leaves the others assigned and itself unchanged; the answer
 * says what happened to each. A role that may not assign is refused as a whole, before any change.
 */
export async function bulkAssign(
  ctx: AppContext,
  opts: { principal: Principal; ticketIds: string[]; technicianId: string; meta: RequestMeta },
): Promise<{ assigned: number; refused: number; results: BulkAssignResult[] }> {
  const { principal } = opts;
  ensureMayAssign(principal);
  // An unknown, disabled or unavailable technician refuses the whole request (422) before any change.
  await assignableTechnician(ctx.db, principal.organizationId, opts.technicianId);
  const known = await ticketStatuses(ctx.db, principal.organizationId, opts.ticketIds);
  const results: BulkAssignResult[] = [];
  for (const ticketId of opts.ticketIds) {
    results.push(await assignOne(ctx, opts, ticketId, known.get(ticketId)));
  }
  const assigned = results.filter((result) => result.ok).length;
  return { assigned, refused: results.length - assigned, results };
}

async function assignOne(
  ctx: AppContext,
  opts: { principal: Principal; technicianId: string; meta: RequestMeta },
  ticketId: string,
  known: { ticketNumber: string; status: string } | undefined,
): Promise<BulkAssignResult> {
  const refuse = (code: string, message: string): BulkAssignResult => ({
    ticketId,
    ok: false,
    ticketNumber: known?.ticketNumber ?? null,
    error: { code, message },
  });
  if (!known) return refuse('not_found', 'Ticket not found.');
  if (known.status !== 'new') {
    return refuse(
      'invalid_transition',
      `Only new tickets are assigned in bulk; this one is ${known.status}. Reassign it from its details with a reason.`,
    );
  }
  try {
    const ticket = await assignTechnician(ctx, {
      principal: opts.principal,
      ticketId,
      technicianId: opts.technicianId,
      meta: opts.meta,
    });
    return { ticketId, ok: true, ticketNumber: ticket.ticketNumber, status: ticket.status };
  } catch (error) {
    if (error instanceof AppError && error.statusCode < 500) return refuse(error.code, error.message);
    throw error;
  }
}

export async function listMapTickets(
  ctx: AppContext,
  principal: Principal,
  query: MapTicketsQuery,
): Promise<{ tickets: MapTicket[]; limit: number; capped: boolean }> {
  const range = await dayRange(ctx, principal.organizationId, query);
  const filters: TicketListFilters = {
    organizationId: principal.organizationId,
    statuses: query.status,
    priorities: query.priority,
    technicianId: query.technicianId,
    city: query.city,
    createdFrom: range.from,
    createdBefore: range.before,
    search: query.search,
  };
  const { rows, capped } = await mapTickets(ctx.db, filters, query.limit);
  return { tickets: rows, limit: query.limit, capped };
}
