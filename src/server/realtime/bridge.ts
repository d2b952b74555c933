// Domain events → Socket.IO. Publishers announce only after their transaction commits (a rolled-back
// change publishes nothing), so whatever reaches a socket has happened. Each payload is read once
// and emitted through the adapter, which carries it to the sockets of every server process.
import { eq } from 'drizzle-orm';
import type { Server } from 'socket.io';
import type { AppContext } from '../context';
import { escalations, technicians, ticketMessages, tickets, users } from '../db/schema';
import type { DomainEvents } from '../lib/events';
import { escalationViews } from '../modules/admin/escalations.service';
import { trackTicket } from '../modules/customer/customer.service';
import { presentMessage } from '../modules/tickets/tickets.presenter';
import { WORKSHOP_STATUSES } from '../modules/tickets/tickets.repository';
import { rooms } from './rooms';

async function ticketForEvent(ctx: AppContext, ticketId: string) {
  const [row] = await ctx.db
    .select({
      id: tickets.id,
      organizationId: tickets.organizationId,
      ticketNumber: tickets.ticketNumber,
      trackingToken: tickets.trackingToken,
      status: tickets.status,
      priority: tickets.priority,
      technicianId: tickets.technicianId,
      technicianName: users.name,
      scheduledDate: tickets.scheduledDate,
      scheduledTimeSlot: tickets.scheduledTimeSlot,
      scheduledStartAt: tickets.scheduledStartAt,
      updatedAt: tickets.updatedAt,
      version: tickets.version,
    })
    .from(tickets)
    .leftJoin(technicians, eq(technicians.id, tickets.technicianId))
    .leftJoin(users, eq(users.id, technicians.userId))
    .where(eq(tickets.id, ticketId));
  return row;
}

async function ticketUpdated(ctx: AppContext, io: Server, event: DomainEvents['ticket:updated']) {
  const row = await ticketForEvent(ctx, event.ticketId);
  if (!row) return;
  const staffRooms = [
    rooms.staff(row.id),
    rooms.technician(row.id),
    rooms.workshop(row.id),
    rooms.dispatch(row.organizationId),
  ];
  if (row.technicianId) staffRooms.push(rooms.technicianOwn(row.technicianId));
  io.to(staffRooms).emit('ticket:updated', {
    ticketId: row.id,
    ticketNumber: row.ticketNumber,
    status: row.status,
    action: event.action,
    priority: row.priority,
    technicianId: row.technicianId,
    technicianName: row.technicianName,
    scheduledDate: row.scheduledDate,
    scheduledTimeSlot: row.scheduledTimeSlot,
    scheduledStartAt: row.scheduledStartAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  });
  // Whoever may no longer see the ticket stops hearing about it (after this last update).
  if (event.action === 'assign' || event.action === 'reassign') {
    const technicianRoom = rooms.technician(row.id);
    const stay = row.technicianId ? io.except(rooms.technicianOwn(row.technicianId)) : io;
    stay.in(technicianRoom).socketsLeave(technicianRoom);
  }
  if (!WORKSHOP_STATUSES.includes(row.status))
    io.in(rooms.workshop(row.id)).socketsLeave(rooms.workshop(row.id));

  // The public tracking view, built by the tracking page's own query and presenters.
  const view = await trackTicket(ctx, row.trackingToken);
  io.to(rooms.public(row.id)).emit('ticket:updated', {
    ticketNumber: view.ticket.ticketNumber,
    status: view.ticket.status,
    action: event.action,
    ...view,
  });
}

async function ticketMessage(ctx: AppContext, io: Server, event: DomainEvents['ticket:message']) {
  const [row] = await ctx.db.select().from(ticketMessages).where(eq(ticketMessages.id, event.messageId));
  if (!row) return;
  io.to([
    rooms.staff(row.ticketId),
    rooms.technician(row.ticketId),
    rooms.workshop(row.ticketId),
    rooms.customer(row.ticketId),
  ]).emit('ticket:message', { ticketId: row.ticketId, message: presentMessage(row) });
}

async function escalationCreated(ctx: AppContext, io: Server, event: DomainEvents['escalation:created']) {
  const [escalation] = await escalationViews(ctx.db, eq(escalations.id, event.escalationId), { limit: 1 });
  if (!escalation) return;
  io.to(rooms.dispatch(event.organizationId)).emit('escalation:created', { escalation });
}

function technicianLocation(io: Server, event: DomainEvents['technician:location']) {
  const { ticket } = event;
  const targets = [rooms.dispatch(event.organizationId)];
  if (ticket) targets.push(rooms.staff(ticket.id), rooms.technician(ticket.id));
  if (event.geofence) targets.push(rooms.technicianOwn(event.technicianId));
  io.to(targets).emit('technician:location', {
    ticketId: ticket?.id ?? null,
    ticketStatus: ticket?.status ?? null,
    technicianId: event.technicianId,
    technicianName: event.technicianName,
    lat: event.lat,
    lng: event.lng,
    accuracy: event.accuracy,
    speed: event.speed,
    heading: event.heading,
    eta: event.eta,
    geofence: event.geofence,
    updatedAt: event.recordedAt,
  });
  // The customer sees the technician only while they are on the way (as the tracking page does).
  if (ticket?.status === 'on_route') {
    io.to(rooms.public(ticket.id)).emit('technician:location', {
      ticketNumber: ticket.ticketNumber,
      lat: event.lat,
      lng: event.lng,
      eta: event.eta && { seconds: event.eta.seconds, at: event.eta.at },
      updatedAt: event.recordedAt,
    });
  }
}

/** Subscribes the server to the domain events; returns the unsubscribe function. */
export function bridgeDomainEvents(
  ctx: AppContext,
  io: Server,
  onError: (error: unknown, event: string) => void,
): () => void {
  const guard =
    <K extends keyof DomainEvents>(name: K, handler: (event: DomainEvents[K]) => Promise<void> | void) =>
    (event: DomainEvents[K]) => {
      try {
        Promise.resolve(handler(event)).catch((error: unknown) => onError(error, name));
      } catch (error) {
        onError(error, name);
      }
    };
  const unsubscribers = [
    ctx.events.subscribe(
      'ticket:updated',
      guard('ticket:updated', (event) => ticketUpdated(ctx, io, event)),
    ),
    ctx.events.subscribe(
      'ticket:message',
      guard('ticket:message', (event) => ticketMessage(ctx, io, event)),
    ),
    ctx.events.subscribe(
      'escalation:created',
      guard('escalation:created', (event) => escalationCreated(ctx, io, event)),
    ),
    ctx.events.subscribe(
      'technician:location',
      guard('technician:location', (event) => technicianLocation(io, event)),
    ),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
