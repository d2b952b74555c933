// Creating escalations (seed 000 §7.2), shared by the SLA sweep and customer complaints: the escalation
// record, a note on the ticket, the owners' notifications and the audit row in the caller's transaction;
// for L3 with auto_reassign, the automatic reassignment; after commit, the escalation:created events.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Role, TicketStatus } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import type { Executor } from '../../db/connection';
import { auditLog, escalations, technicians, ticketNotes, tickets, users } from '../../db/schema';
import type { EscalationLevel, EscalationType } from '../../db/schema/escalations';
import { enqueueNotifications, type OutgoingNotification } from '../notifications/outbox';
import type { NotificationLocale } from '../notifications/templates';
import { REASSIGNABLE_STATUSES, writeReassignment } from './reassign';

export interface EscalationOwner {
  id: string;
  name: string;
  role: string;
  phone: string | null;
  email: string | null;
  locale: string;
}

export interface EscalationRule {
  ruleId: string;
  /**
   * Swept rules escalate once per (ticket, rule, level), kept by escalations_once_per_rule_key. Complaints
   * escalate once per complaint: their rows carry no rule_id, so that index leaves them alone.
   */
  oncePerTicket: boolean;
  level: EscalationLevel;
  type: EscalationType;
  ownerRole: string;
}

export interface EscalatedTicket {
  id: string;
  ticketNumber: string;
  technicianId: string | null;
}

export interface CreatedEscalation {
  escalationId: string;
  ticketId: string;
}

export interface EscalationActor {
  id: string | null;
  name: string;
  role: Role;
}

export interface ReassignedTicket {
  id: string;
  status: TicketStatus;
}

export const SYSTEM_ESCALATION_ACTOR: EscalationActor = { id: null, name: 'SLA sweep', role: 'system' };

/** Active users of the organisation with one of `roles`, by name. One query. */
export async function escalationOwners(
  db: Executor,
  organizationId: string,
  roles: readonly string[],
): Promise<EscalationOwner[]> {
  if (roles.length === 0) return [];
  return db
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
        isNull(users.deletedAt),
        inArray(users.role, [...new Set(roles)] as Role[]),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
}

/** One message per owner and escalation, on the owner's phone (SMS) or else e-mail. */
function ownerNotifications(
  organizationId: string,
  owners: EscalationOwner[],
  items: Array<CreatedEscalation & { ticketNumber: string; level: string; reason: string }>,
): OutgoingNotification[] {
  const notifications: OutgoingNotification[] = [];
  for (const item of items) {
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
        vars: { ticketNumber: item.ticketNumber, level: item.level, reason: item.reason },
        ticketId: item.ticketId,
        dedupeKey: `escalation_created:${item.escalationId}:${owner.id}`,
      });
    }
  }
  return notifications;
}

/**
 * Inserts one escalation per ticket with its note, owner notifications and audit row. For a once-per-ticket
 * rule the unique index escalations_once_per_rule_key decides: a ticket already escalated for (rule, level)
 * is skipped, and only the returned rows get the rest.
 */
export async function recordEscalations(
  tx: Executor,
  opts: {
    organizationId: string;
    rule: EscalationRule;
    reason: string;
    owners: EscalationOwner[];
    tickets: EscalatedTicket[];
    actor: EscalationActor;
    now: Date;
  },
): Promise<CreatedEscalation[]> {
  const { organizationId, rule, reason, owners, actor, now } = opts;
  if (opts.tickets.length === 0) return [];
  const soleOwner = owners.length === 1 ? owners[0] : undefined;
  const byId = new Map(opts.tickets.map((ticket) => [ticket.id, ticket]));
  const conflict = rule.oncePerTicket
    ? sql`ON CONFLICT (ticket_id, rule_id, level) WHERE rule_id IS NOT NULL DO NOTHING`
    : sql``;
  const auditValue = { ruleId: rule.ruleId, level: rule.level, type: rule.type, reason };
  // The escalations, their notes and audit rows in one statement over arrays (unnest): a sweep batch of
  // hundreds of tickets costs one round trip and a statement whose size does not grow with the batch.
  const result = await tx.execute<{ escalation_id: string; ticket_id: string }>(sql`
    WITH input AS (
      SELECT * FROM unnest(${sql.param(opts.tickets.map((ticket) => ticket.id))}::uuid[],
                           ${sql.param(opts.tickets.map((ticket) => ticket.technicianId))}::uuid[])
        AS input(ticket_id, technician_id)
    ), inserted AS (
      INSERT INTO ${escalations} (organization_id, ticket_id, rule_id, level, type, reason, owner_role, owner_id,
                                  owner_name, technician_id, created_at)
      SELECT ${organizationId}::uuid, input.ticket_id, ${rule.oncePerTicket ? rule.ruleId : null}::text,
             ${rule.level}::text, ${rule.type}::text, ${reason}::text, ${rule.ownerRole}::text,
             ${soleOwner?.id ?? null}::uuid, ${soleOwner?.name ?? null}::text, input.technician_id,
             ${now}::timestamptz
      FROM input
      ${conflict}
      RETURNING id, ticket_id
    ), notes AS (
      INSERT INTO ${ticketNotes} (organization_id, ticket_id, kind, content, author_id, author_name, author_role,
                                  created_at)
      SELECT ${organizationId}::uuid, inserted.ticket_id, 'escalation',
             ${`${rule.level} escalation — ${reason}`}::text, ${actor.id}::uuid, ${actor.name}::text,
             ${actor.role}::text, ${now}::timestamptz
      FROM inserted
    ), audit AS (
      INSERT INTO ${auditLog} (organization_id, action, entity, entity_id, old_value, new_value, actor_id,
                               actor_name, actor_role, created_at)
      SELECT ${organizationId}::uuid, 'escalation.create', 'escalation', inserted.id, NULL::jsonb,
             jsonb_build_object('ticketId', inserted.ticket_id) || ${JSON.stringify(auditValue)}::jsonb,
             ${actor.id}::uuid, ${actor.name}::text, ${actor.role}::text, ${now}::timestamptz
      FROM inserted
    )
    SELECT id AS escalation_id, ticket_id FROM inserted ORDER BY ticket_id`);
  const inserted: CreatedEscalation[] = result.rows.map((row) => ({
    escalationId: row.escalation_id,
    ticketId: row.ticket_id,
  }));
  if (inserted.length === 0) return inserted;

  await enqueueNotifications(
    tx,
    ownerNotifications(
      organizationId,
      owners,
      inserted.map((row) => ({
        ...row,
        ticketNumber: byId.get(row.ticketId)?.ticketNumber ?? '',
        level: rule.level,
        reason,
      })),
    ),
  );
  return inserted;
}

/** After commit: tell open screens and wake the outbox. */
export function announceEscalations(
  ctx: AppContext,
  opts: {
    organizationId: string;
    rule: EscalationRule;
    created: CreatedEscalation[];
    reassigned?: ReassignedTicket[];
  },
): void {
  for (const row of opts.created) {
    ctx.events.publish('escalation:created', {
      organizationId: opts.organizationId,
      escalationId: row.escalationId,
      ticketId: row.ticketId,
      ruleId: opts.rule.ruleId,
      level: opts.rule.level,
    });
  }
  for (const ticket of opts.reassigned ?? []) {
    ctx.events.publish('ticket:updated', {
      organizationId: opts.organizationId,
      ticketId: ticket.id,
      status: ticket.status,
      action: 'reassign',
    });
  }
  if (opts.created.length > 0) ctx.outbox.kick();
}

interface Replacement {
  id: string;
  name: string;
  phone: string | null;
  locale: string;
  serviceAreas: string[];
  openTickets: number;
}

/** Active, available technicians serving one of `cities`, with their open ticket counts. One query. */
async function replacementTechnicians(
  tx: Executor,
  organizationId: string,
  cities: string[],
): Promise<Replacement[]> {
  return tx
    .select({
      id: technicians.id,
      name: users.name,
      phone: users.phone,
      locale: users.locale,
      serviceAreas: technicians.serviceAreas,
      // tickets_org_technician_status_idx
      openTickets: sql<number>`(SELECT count(*) FROM ${tickets} o WHERE o.organization_id = ${organizationId}
        AND o.technician_id = ${technicians.id}
        AND o.status NOT IN ('completed', 'not_fixed', 'cancelled'))::int`,
    })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(
      and(
        eq(technicians.organizationId, organizationId),
        eq(technicians.isAvailable, true),
        eq(users.isActive, true),
        isNull(users.deletedAt),
        sql`${technicians.serviceAreas} && ${sql.param(cities)}::text[]`,
      ),
    )
    .orderBy(asc(users.name), asc(technicians.id));
}

/** The replacement with the fewest open tickets in the ticket's city, never the current technician. */
function pickReplacement(pool: Replacement[], city: string, currentId: string): Replacement | undefined {
  let best: Replacement | undefined;
  for (const candidate of pool) {
    if (candidate.id === currentId || !candidate.serviceAreas.includes(city)) continue;
    if (!best || candidate.openTickets < best.openTickets) best = candidate;
  }
  return best;
}

/**
 * Seed 000 §7.2 "autoReassign?" for L3 (seed 001: to another technician of the area, or a supervisor),
 * in the escalation's transaction. Each escalated ticket that has a technician and may be reassigned
 * (REASSIGNABLE_STATUSES) goes to the active, available technician of its city with the fewest open
 * tickets; when there is none, the escalation's owner becomes the first active supervisor by name.
 * Returns the reassigned tickets.
 */
export async function autoReassign(
  tx: Executor,
  opts: {
    organizationId: string;
    rule: EscalationRule;
    reason: string;
    created: CreatedEscalation[];
    actor: EscalationActor;
    now: Date;
  },
): Promise<ReassignedTicket[]> {
  const { organizationId, actor, now } = opts;
  if (opts.created.length === 0) return [];
  // Locked in id order, so that sweeps running at once take the same tickets in the same order.
  const locked = await tx
    .select()
    .from(tickets)
    .where(
      inArray(
        tickets.id,
        opts.created.map((row) => row.ticketId),
      ),
    )
    .orderBy(asc(tickets.id))
    .for('update');
  const withTechnician = locked.filter((ticket) => ticket.technicianId !== null);
  const movable = withTechnician.filter((ticket) => REASSIGNABLE_STATUSES.has(ticket.status));
  if (movable.length === 0) return [];

  const pool = await replacementTechnicians(tx, organizationId, [
    ...new Set(movable.map((ticket) => ticket.customerCity)),
  ]);
  const current = await tx
    .select({ id: technicians.id, name: users.name })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(
      inArray(
        technicians.id,
        movable.map((ticket) => ticket.technicianId as string),
      ),
    );
  const currentName = new Map(current.map((row) => [row.id, row.name]));
  const escalationOf = new Map(opts.created.map((row) => [row.ticketId, row.escalationId]));
  const reassigned: ReassignedTicket[] = [];
  const stranded: typeof movable = [];
  for (const ticket of movable) {
    const technicianId = ticket.technicianId as string;
    const replacement = pickReplacement(pool, ticket.customerCity, technicianId);
    if (!replacement) {
      stranded.push(ticket);
      continue;
    }
    replacement.openTickets += 1;
    await writeReassignment(tx, {
      ticket,
      technician: replacement,
      previousName: currentName.get(technicianId) ?? null,
      reason: `Automatic reassignment after ${opts.rule.level} escalation (${opts.reason})`,
      actor,
      now,
    });
    reassigned.push({ id: ticket.id, status: ticket.status });
  }
  if (stranded.length > 0) await handToSupervisor(tx, { ...opts, stranded, escalationOf });
  return reassigned;
}

/** No technician to move the ticket to: a supervisor owns the escalation, is told, and the ticket says so. */
async function handToSupervisor(
  tx: Executor,
  opts: {
    organizationId: string;
    rule: EscalationRule;
    reason: string;
    actor: EscalationActor;
    now: Date;
    stranded: Array<{ id: string; ticketNumber: string; customerCity: string }>;
    escalationOf: Map<string, string>;
  },
): Promise<void> {
  const { organizationId, actor, now } = opts;
  const [supervisor] = await escalationOwners(tx, organizationId, ['supervisor']);
  const ids = opts.stranded.flatMap((ticket) => opts.escalationOf.get(ticket.id) ?? []);
  if (supervisor) {
    await tx
      .update(escalations)
      .set({ ownerRole: 'supervisor', ownerId: supervisor.id, ownerName: supervisor.name })
      .where(inArray(escalations.id, ids));
  }
  await tx.insert(ticketNotes).values(
    opts.stranded.map((ticket) => ({
      organizationId,
      ticketId: ticket.id,
      kind: 'system' as const,
      content: supervisor
        ? `No available technician in ${ticket.customerCity} for automatic reassignment; the ${opts.rule.level} escalation now belongs to supervisor ${supervisor.name}.`
        : `No available technician in ${ticket.customerCity} for automatic reassignment, and no active supervisor to hand the ${opts.rule.level} escalation to.`,
      event: {
        type: 'no_technician_for_reassign' as const,
        city: ticket.customerCity,
        level: opts.rule.level,
        supervisor: supervisor?.name ?? null,
      },
      authorId: actor.id,
      authorName: actor.name,
      authorRole: actor.role,
      createdAt: now,
    })),
  );
  if (!supervisor) return;
  await enqueueNotifications(
    tx,
    ownerNotifications(
      organizationId,
      [supervisor],
      opts.stranded.flatMap((ticket) => {
        const escalationId = opts.escalationOf.get(ticket.id);
        return escalationId
          ? [
              {
                escalationId,
                ticketId: ticket.id,
                ticketNumber: ticket.ticketNumber,
                level: opts.rule.level,
                reason: opts.reason,
              },
            ]
          : [];
      }),
    ),
  );
}
