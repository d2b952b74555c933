// Test set-up shared by the admin API tests: an organisation with its staff, tokens, rows the
// admin API reads but other modules create (escalations, parts requests), and a foreign ticket.
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Role } from '../../../domain/lifecycle/types';
import type { AppContext } from '../../context';
import {
  auditLog,
  customers,
  escalations,
  notificationOutbox,
  partsRequests,
  ticketNotes,
  ticketStatusHistory,
  tickets,
} from '../../db/schema';
import type { EscalationLevel, EscalationType } from '../../db/schema/escalations';
import {
  bearer,
  type Cast,
  createStaff,
  createTestOrganization,
  createTestTicket,
  driveTicket,
  loginStaff,
  type TestUser,
} from '../../test/factories';
import { buildTestApp, type TestApp } from '../../test/helper';

export interface AdminWorld {
  t: TestApp;
  organizationId: string;
  admin: TestUser;
  supervisor: TestUser;
  dispatcher: TestUser;
  manager: TestUser;
  technician: TestUser;
  technician2: TestUser;
  workshop: TestUser;
  cast: Cast;
  /** Authorization headers per role. */
  as: {
    admin: Record<string, string>;
    supervisor: Record<string, string>;
    dispatcher: Record<string, string>;
    manager: Record<string, string>;
    technician: Record<string, string>;
    workshop: Record<string, string>;
    customer: Record<string, string>;
  };
}

export async function buildAdminWorld(): Promise<AdminWorld> {
  const t = await buildTestApp();
  const organizationId = await createTestOrganization(t.ctx);
  const admin = await createStaff(t.ctx, { organizationId, role: 'admin', name: 'Aisha Admin' });
  const supervisor = await createStaff(t.ctx, {
    organizationId,
    role: 'supervisor',
    name: 'Saad Supervisor',
  });
  const dispatcher = await createStaff(t.ctx, {
    organizationId,
    role: 'dispatcher',
    name: 'Dana Dispatcher',
  });
  const manager = await createStaff(t.ctx, { organizationId, role: 'manager', name: 'Mona Manager' });
  const technician = await createStaff(t.ctx, {
    organizationId,
    role: 'technician',
    name: 'خالد الفني',
    phone: '0501110001',
    serviceAreas: ['riyadh'],
  });
  const technician2 = await createStaff(t.ctx, {
    organizationId,
    role: 'technician',
    name: 'Omar Tech',
    phone: '0501110002',
    serviceAreas: ['jeddah', 'makkah'],
  });
  const workshop = await createStaff(t.ctx, { organizationId, role: 'workshop', name: 'Walid Workshop' });
  const customerToken = await t.ctx.accessTokens.sign(
    {
      userId: randomUUID(),
      organizationId,
      role: 'customer',
      name: 'A customer',
      technicianId: null,
      customerId: randomUUID(),
    },
    t.clock.now(),
  );
  return {
    t,
    organizationId,
    admin,
    supervisor,
    dispatcher,
    manager,
    technician,
    technician2,
    workshop,
    cast: { admin: admin.principal, technician: technician.principal, workshop: workshop.principal },
    as: {
      admin: bearer(await loginStaff(t, admin)),
      supervisor: bearer(await loginStaff(t, supervisor)),
      dispatcher: bearer(await loginStaff(t, dispatcher)),
      manager: bearer(await loginStaff(t, manager)),
      technician: bearer(await loginStaff(t, technician)),
      workshop: bearer(await loginStaff(t, workshop)),
      customer: bearer(customerToken),
    },
  };
}

export const technicianIdOf = (user: TestUser): string => {
  if (!user.principal.technicianId) throw new Error('not a technician');
  return user.principal.technicianId;
};

/** A ticket in the first organisation, driven to `status` through the real workflow. */
export async function ticketIn(
  world: AdminWorld,
  status: Parameters<typeof driveTicket>[2] = 'new',
  overrides: Parameters<typeof createTestTicket>[1] = {},
): Promise<string> {
  const { id } = await createTestTicket(world.t.ctx, overrides);
  await driveTicket(world.t.ctx, id, status, world.cast);
  return id;
}

/** A second organisation with one ticket, written directly (createTicket serves the first one). */
export async function foreignTicket(ctx: AppContext): Promise<{ organizationId: string; ticketId: string }> {
  const organizationId = await createTestOrganization(ctx, `other-${randomUUID().slice(0, 8)}`);
  const [customer] = await ctx.db
    .insert(customers)
    .values({
      organizationId,
      name: 'Foreign Customer',
      phone: '0559999999',
      city: 'riyadh',
      address: 'Somewhere else entirely',
    })
    .returning({ id: customers.id });
  if (!customer) throw new Error('customer not created');
  const [ticket] = await ctx.db
    .insert(tickets)
    .values({
      organizationId,
      ticketNumber: `OT-${randomUUID().slice(0, 6)}`,
      trackingToken: randomUUID(),
      customerId: customer.id,
      customerName: 'Foreign Customer',
      customerPhone: '0559999999',
      customerCity: 'riyadh',
      customerAddress: 'Somewhere else entirely',
      latitude: 24.7,
      longitude: 46.7,
      deviceType: 'ac',
      brand: 'LG',
      problemDescription: 'Not cooling at all',
      warrantyStatus: 'no',
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    })
    .returning({ id: tickets.id });
  if (!ticket) throw new Error('ticket not created');
  return { organizationId, ticketId: ticket.id };
}

export async function insertEscalation(
  ctx: AppContext,
  opts: {
    organizationId: string;
    ticketId: string;
    level?: EscalationLevel;
    type?: EscalationType;
    technicianId?: string | null;
    isResolved?: boolean;
    createdAt?: Date;
    reason?: string;
  },
): Promise<string> {
  const [row] = await ctx.db
    .insert(escalations)
    .values({
      organizationId: opts.organizationId,
      ticketId: opts.ticketId,
      level: opts.level ?? 'L1',
      type: opts.type ?? 'assignment_delay',
      reason: opts.reason ?? 'Not assigned within 2 hours',
      ownerRole: 'supervisor',
      ownerName: 'Saad Supervisor',
      technicianId: opts.technicianId ?? null,
      isResolved: opts.isResolved ?? false,
      resolvedAt: opts.isResolved ? ctx.clock.now() : null,
      createdAt: opts.createdAt ?? ctx.clock.now(),
    })
    .returning({ id: escalations.id });
  if (!row) throw new Error('escalation not created');
  return row.id;
}

export async function insertPartsRequest(
  ctx: AppContext,
  opts: {
    organizationId: string;
    ticketId: string;
    requestedBy: TestUser;
    status?: 'pending' | 'approved' | 'ordered' | 'received' | 'cancelled';
    partName?: string;
    requestedAt?: Date;
  },
): Promise<string> {
  const [row] = await ctx.db
    .insert(partsRequests)
    .values({
      organizationId: opts.organizationId,
      ticketId: opts.ticketId,
      partName: opts.partName ?? 'Compressor relay',
      quantity: 2,
      notes: 'Original part only',
      status: opts.status ?? 'pending',
      requestedById: opts.requestedBy.principal.userId,
      requestedByName: opts.requestedBy.principal.name,
      requestedAt: opts.requestedAt ?? ctx.clock.now(),
    })
    .returning({ id: partsRequests.id });
  if (!row) throw new Error('parts request not created');
  return row.id;
}

export const auditRows = (ctx: AppContext, entityId: string, action?: string) =>
  ctx.db
    .select()
    .from(auditLog)
    .where(
      action
        ? and(eq(auditLog.entityId, entityId), eq(auditLog.action, action))
        : eq(auditLog.entityId, entityId),
    )
    .orderBy(asc(auditLog.createdAt));

export const historyRows = (ctx: AppContext, ticketId: string) =>
  ctx.db
    .select()
    .from(ticketStatusHistory)
    .where(eq(ticketStatusHistory.ticketId, ticketId))
    .orderBy(asc(ticketStatusHistory.createdAt), asc(ticketStatusHistory.id));

export const outboxRows = (ctx: AppContext, ticketId: string) =>
  ctx.db
    .select()
    .from(notificationOutbox)
    .where(eq(notificationOutbox.ticketId, ticketId))
    .orderBy(asc(notificationOutbox.createdAt));

export const noteRows = (ctx: AppContext, ticketId: string) =>
  ctx.db
    .select()
    .from(ticketNotes)
    .where(eq(ticketNotes.ticketId, ticketId))
    .orderBy(asc(ticketNotes.createdAt));

export async function ticketRow(ctx: AppContext, ticketId: string) {
  const [row] = await ctx.db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!row) throw new Error('ticket missing');
  return row;
}

export const NON_STAFF: Array<keyof AdminWorld['as'] & Role> = ['technician', 'workshop', 'customer'];
