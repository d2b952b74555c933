// The demo organisation (npm run seed:demo, or FIELDLINE_DEMO=1 on an empty database): staff,
// customers and ~200 tickets created and driven through the real services with a clock set to
// the planned times, so history, time logs, attachments, parts requests and ratings agree.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { TicketStatus, VisitAction } from '../../domain/lifecycle/types';
import type { AppContext } from '../context';
import { OutboxDispatcher } from '../jobs/outbox-dispatcher';
import type { Principal } from '../lib/access-tokens';
import { createManualClock } from '../lib/clock';
import type { UploadedFile } from '../lib/multipart';
import { hashPassword } from '../lib/password';
import { createTicket } from '../modules/tickets/create-ticket.service';
import {
  type NewAttachment,
  type PerformActionOptions,
  performTicketAction,
} from '../modules/tickets/workflow.service';
import { createOrganization, DEFAULT_SLA_RULES, SAUDI_CITIES } from './bootstrap';
import {
  auditLog,
  escalations,
  notificationOutbox,
  organizations,
  partsRequests,
  ratings,
  teamMembers,
  teams,
  technicianLocations,
  technicians,
  ticketNotes,
  tickets,
  users,
} from './schema';
import {
  createRandom,
  DAY,
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  DEMO_STAFF,
  DEMO_TEAMS,
  DEMO_TECHNICIANS,
  type DemoCustomer,
  MINUTE,
  placeInTime,
  planCustomers,
  plannedEscalations,
  planTickets,
  type Random,
  round6,
  type TicketPlan,
  type Timeline,
} from './seed-demo-plan';

export { DEMO_PASSWORD, DEMO_STAFF, DEMO_TECHNICIANS } from './seed-demo-plan';

const DEMO_ADMIN_EMAIL = 'admin@demo.test';
const SEED = 20_261_122;
const META = { ipAddress: '127.0.0.1', userAgent: 'fieldline-demo-seed' };
/** Tickets driven at once; each has a clock of its own. */
const CONCURRENCY = 8;

/** A valid 1×1 PNG: every demo photo and signature. */
const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Delivery during seeding would race the seed and announce weeks-old history as news; the demo's
 * messages are recorded as already sent at the end instead.
 */
class HeldOutbox extends OutboxDispatcher {
  override kick(): Promise<number> {
    return Promise.resolve(0);
  }
}

interface Cast {
  admin: Principal;
  supervisor: Principal;
  workshop: Principal;
  technicians: Principal[];
}

interface Entry {
  plan: TicketPlan;
  timeline: Timeline;
  customer: DemoCustomer;
  ticketId: string;
}

export async function demoIsLoaded(ctx: AppContext): Promise<boolean> {
  const rows = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, DEMO_ADMIN_EMAIL))
    .limit(1);
  return rows.length > 0;
}

export async function seedDemo(ctx: AppContext): Promise<void> {
  if (await demoIsLoaded(ctx)) return;
  const now = new Date(Date.now() - MINUTE);
  const random = createRandom(SEED);
  const organization = await targetOrganization(ctx);
  const outbox = new HeldOutbox({ db: ctx.db, sink: { deliver: async () => {} } });
  const cast = await createStaff(ctx, organization.id, now);

  const centers = new Map(SAUDI_CITIES.map((city) => [city.code, city]));
  const customers = planCustomers(random, centers);
  const entries: Entry[] = planTickets(random, customers, DEMO_TECHNICIANS).map((plan) => ({
    plan,
    timeline: placeInTime(plan, now, organization.timeZone),
    customer: customers[plan.customerIndex] as DemoCustomer,
    ticketId: '',
  }));

  // Created one by one in time order, so ticket numbers grow with the creation time.
  entries.sort((a, b) => a.timeline.createdAt.getTime() - b.timeline.createdAt.getTime());
  const clock = createManualClock(now);
  const creating: AppContext = { ...ctx, clock, outbox };
  for (const entry of entries) {
    clock.set(entry.timeline.createdAt);
    const created = await createTicket(creating, {
      input: ticketInput(entry),
      principal: null,
      meta: META,
    });
    entry.ticketId = created.id;
    await afterCreation(ctx, organization.id, entry, cast);
  }

  await inParallel(entries, CONCURRENCY, (entry) => driveTicket(ctx, outbox, entry, cast, now));

  await recordEscalations(ctx, organization.id, entries, cast, now);
  await placeTechnicians(ctx, organization.id, entries, cast, now, random);
  await settleHistory(ctx, organization.id, entries);
}

/**
 * The demo goes into the organisation the public portal uses (the oldest one): the empty 'default'
 * organisation a first start creates, an earlier 'demo' organisation, or a new one.
 */
async function targetOrganization(ctx: AppContext): Promise<{ id: string; timeZone: string }> {
  const existing = await ctx.db
    .select({ id: organizations.id, slug: organizations.slug, timeZone: organizations.timeZone })
    .from(organizations)
    .orderBy(asc(organizations.createdAt));
  const first = existing[0];
  if (!first) {
    const id = await createOrganization(ctx.db, DEMO_ORGANIZATION);
    return { id, timeZone: DEMO_ORGANIZATION.timeZone };
  }
  const withUsers = new Set(
    (
      await ctx.db
        .selectDistinct({ organizationId: users.organizationId })
        .from(users)
        .where(
          inArray(
            users.organizationId,
            existing.map((row) => row.id),
          ),
        )
    ).map((row) => row.organizationId),
  );
  const reusable =
    existing.find((row) => row.slug === 'default' && !withUsers.has(row.id)) ??
    existing.find((row) => row.slug === DEMO_ORGANIZATION.slug);
  if (!reusable || reusable.id !== first.id) {
    throw new Error(
      'The demo data goes into the first organisation, which already has users. Load it into an empty database.',
    );
  }
  return { id: reusable.id, timeZone: reusable.timeZone };
}

async function createStaff(ctx: AppContext, organizationId: string, now: Date): Promise<Cast> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const joinedAt = new Date(now.getTime() - 60 * DAY);
  return ctx.db.transaction(async (tx) => {
    const people = [...DEMO_STAFF, ...DEMO_TECHNICIANS];
    const inserted = await tx
      .insert(users)
      .values(
        people.map((person) => ({
          organizationId,
          email: person.email,
          phone: person.phone,
          name: person.name,
          role: person.role,
          passwordHash,
          createdAt: joinedAt,
          updatedAt: joinedAt,
        })),
      )
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    const byEmail = new Map(inserted.map((row) => [row.email, row]));
    const principal = (email: string, technicianId: string | null = null): Principal => {
      const row = byEmail.get(email);
      if (!row) throw new Error(`Demo user ${email} was not created`);
      return {
        userId: row.id,
        organizationId,
        role: row.role,
        name: row.name,
        technicianId,
        customerId: null,
      };
    };

    const technicianRows = await tx
      .insert(technicians)
      .values(
        DEMO_TECHNICIANS.map((technician) => ({
          organizationId,
          userId: principal(technician.email).userId,
          employeeId: technician.employeeId,
          specialties: technician.specialties,
          serviceAreas: technician.serviceAreas,
          createdAt: joinedAt,
          updatedAt: joinedAt,
        })),
      )
      .returning({ id: technicians.id, userId: technicians.userId });
    const technicianOf = new Map(technicianRows.map((row) => [row.userId, row.id]));
    for (const team of DEMO_TEAMS) {
      const [row] = await tx
        .insert(teams)
        .values({
          organizationId,
          nameAr: team.nameAr,
          nameEn: team.nameEn,
          supervisorId: principal(team.supervisorEmail).userId,
          createdAt: joinedAt,
          updatedAt: joinedAt,
        })
        .returning({ id: teams.id });
      if (!row) throw new Error(`Demo team ${team.nameEn} was not created`);
      await tx.insert(teamMembers).values(
        team.technicianEmails.map((email) => ({
          technicianId: technicianOf.get(principal(email).userId) as string,
          teamId: row.id,
          organizationId,
          createdAt: joinedAt,
        })),
      );
    }
    return {
      admin: principal('admin@demo.test'),
      supervisor: principal('supervisor@demo.test'),
      workshop: principal('workshop@demo.test'),
      technicians: DEMO_TECHNICIANS.map((technician) => {
        const base = principal(technician.email);
        return { ...base, technicianId: technicianOf.get(base.userId) ?? null };
      }),
    };
  });
}

function ticketInput(entry: Entry) {
  const { plan, customer } = entry;
  return {
    customerName: customer.name,
    customerPhone: customer.phone,
    customerCity: customer.city,
    customerAddress: customer.address,
    latitude: customer.latitude,
    longitude: customer.longitude,
    deviceType: plan.deviceType,
    brand: plan.brand,
    model: plan.model,
    problemDescription: plan.problem,
    preferredTimeSlot: plan.preferredSlot,
    warrantyStatus: plan.warranty,
    invoiceNumber: plan.invoiceNumber,
    serialNumber: plan.serialNumber,
  };
}

/** What a dispatcher does right after a ticket arrives: its priority, sometimes a note. */
async function afterCreation(ctx: AppContext, organizationId: string, entry: Entry, cast: Cast) {
  const { plan, timeline } = entry;
  const dispatcher = cast[plan.dispatcher];
  const at = new Date(timeline.createdAt.getTime() + MINUTE);
  if (plan.priority === 'normal' && !plan.internalNote) return;
  await ctx.db.transaction(async (tx) => {
    if (plan.priority !== 'normal') {
      await tx
        .update(tickets)
        .set({ priority: plan.priority, version: sql`${tickets.version} + 1`, updatedAt: at })
        .where(eq(tickets.id, entry.ticketId));
      await tx.insert(auditLog).values({
        organizationId,
        action: 'ticket.priority',
        entity: 'ticket',
        entityId: entry.ticketId,
        oldValue: { priority: 'normal' },
        newValue: { priority: plan.priority },
        ...actorColumns(dispatcher),
        createdAt: at,
      });
    }
    if (plan.internalNote) {
      await tx.insert(ticketNotes).values({
        organizationId,
        ticketId: entry.ticketId,
        kind: 'note',
        content: plan.internalNote,
        authorId: dispatcher.userId,
        authorName: dispatcher.name,
        authorRole: dispatcher.role,
        createdAt: at,
      });
    }
  });
}

const actorColumns = (principal: Principal) => ({
  actorId: principal.userId,
  actorName: principal.name,
  actorRole: principal.role,
  ipAddress: META.ipAddress,
  userAgent: META.userAgent,
});

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function driveTicket(ctx: AppContext, outbox: OutboxDispatcher, entry: Entry, cast: Cast, now: Date) {
  const clock = createManualClock(entry.timeline.createdAt);
  const driving: AppContext = { ...ctx, clock, outbox };
  let from: TicketStatus = 'new';
  for (const [index, action] of entry.plan.actions.entries()) {
    const at = entry.timeline.times[index] as Date;
    const nextAt = entry.timeline.times[index + 1] ?? now;
    clock.set(at);
    await performTicketAction(driving, { ...stepOptions(entry, action, from, cast, nextAt), meta: META });
    from = entry.timeline.statuses[index] as TicketStatus;
  }
}

/** Where the request stands before the ticket moves on: ordered parts arrive, approved ones get cancelled. */
function partsStatusAtRequest(plan: TicketPlan): 'pending' | 'approved' | 'ordered' {
  if (plan.status === 'waiting_parts') return plan.partsStatus;
  return plan.status === 'cancelled' ? 'approved' : 'ordered';
}

const png = (type: NewAttachment['type'], count: number): NewAttachment[] =>
  Array.from({ length: count }, (_, index) => ({ type, file: pngFile(`${type}-${index + 1}.png`) }));

function pngFile(filename: string): UploadedFile {
  return {
    field: 'photos',
    filename,
    mimeType: 'image/png',
    extension: 'png',
    size: PNG_BYTES.length,
    bytes: PNG_BYTES,
  };
}

/** Where the technician set off from: their last known position, or their first service city. */
function tripStart(entry: Entry): { latitude: number; longitude: number } {
  const technician = DEMO_TECHNICIANS[entry.plan.technicianIndex];
  const city = SAUDI_CITIES.find((row) => row.code === technician?.serviceAreas[0]);
  const base = technician?.position ?? city ?? entry.customer;
  const shift = ((entry.plan.index % 7) - 3) * 0.004;
  return { latitude: round6(base.latitude + shift), longitude: round6(base.longitude - shift) };
}

const atCustomer = (entry: Entry) => ({
  latitude: round6(entry.customer.latitude + 0.0002),
  longitude: round6(entry.customer.longitude - 0.0001),
});

type StepOptions = Omit<PerformActionOptions, 'meta'>;

/** The principal, input, files and extra writes of one action, as the API's service would pass them. */
function stepOptions(
  entry: Entry,
  action: VisitAction,
  from: TicketStatus,
  cast: Cast,
  nextAt: Date,
): StepOptions {
  const { plan, timeline, ticketId } = entry;
  const technician = cast.technicians[plan.technicianIndex] as Principal;
  // A supervisor sees only tickets already assigned to their team, so the admin dispatches; the
  // supervisor's share of the plan is the priority and note of afterCreation.
  const dispatcher = cast.admin;
  const base = { ticketId, action, input: {} };
  switch (action) {
    case 'assign':
      return {
        ...base,
        principal: dispatcher,
        input: { technicianId: technician.technicianId ?? undefined },
        changes: { technicianId: technician.technicianId, assignedById: dispatcher.userId },
      };
    case 'schedule': {
      const schedule = timeline.schedule;
      if (!schedule) throw new Error('Demo plan without a schedule');
      return {
        ...base,
        principal: dispatcher,
        input: { scheduledDate: schedule.date, scheduledTimeSlot: schedule.slot },
        changes: {
          scheduledDate: schedule.date,
          scheduledTimeSlot: schedule.slot,
          scheduledStartAt: schedule.startAt,
        },
      };
    }
    case 'start_trip':
      return { ...base, principal: technician, input: { location: tripStart(entry) } };
    case 'arrive':
      return { ...base, principal: technician, input: { location: atCustomer(entry) } };
    case 'start_inspection':
      return { ...base, principal: technician, files: png('before_inspection', plan.beforePhotos) };
    case 'complete_diagnosis':
      return {
        ...base,
        principal: technician,
        input: { diagnosisNotes: plan.diagnosis },
        changes: { diagnosisNotes: plan.diagnosis },
      };
    case 'start_repair':
      return { ...base, principal: technician };
    case 'request_parts':
      return {
        ...base,
        principal: technician,
        input: { partName: plan.partName, notes: `${plan.brand} ${plan.model}` },
        files: [...png('serial_photo', 1), ...png('parts_photo', plan.index % 2)],
        afterTransition: async (tx, outcome) => {
          const requestedAt = outcome.ticket.updatedAt.getTime();
          const gap = nextAt.getTime() - requestedAt;
          const status = partsStatusAtRequest(plan);
          const approvedAt = status === 'pending' ? null : new Date(requestedAt + gap * 0.15);
          const orderedAt = status === 'ordered' ? new Date(requestedAt + gap * 0.4) : null;
          await tx.insert(partsRequests).values({
            organizationId: technician.organizationId,
            ticketId,
            partName: plan.partName,
            quantity: 1 + (plan.index % 2),
            notes: `${plan.brand} ${plan.model}`,
            status,
            requestedById: technician.userId,
            requestedByName: technician.name,
            requestedAt: new Date(requestedAt),
            approvedAt,
            approvedById: approvedAt ? cast.admin.userId : null,
            orderedAt,
            photoAttachmentIds: outcome.attachmentIds,
            updatedAt: orderedAt ?? approvedAt ?? new Date(requestedAt),
          });
          const steps = [
            { action: 'parts_request.approve', status: 'approved', at: approvedAt },
            { action: 'parts_request.order', status: 'ordered', at: orderedAt },
          ];
          for (const step of steps) {
            if (!step.at) continue;
            await tx.insert(auditLog).values({
              organizationId: technician.organizationId,
              action: step.action,
              entity: 'ticket',
              entityId: ticketId,
              newValue: { partName: plan.partName, status: step.status },
              ...actorColumns(cast.admin),
              createdAt: step.at,
            });
          }
        },
      };
    case 'parts_received':
      return {
        ...base,
        principal: cast.admin,
        afterTransition: async (tx, outcome) => {
          await tx
            .update(partsRequests)
            .set({
              status: 'received',
              receivedAt: outcome.ticket.updatedAt,
              updatedAt: outcome.ticket.updatedAt,
            })
            .where(eq(partsRequests.ticketId, ticketId));
        },
      };
    case 'mark_completed':
    case 'deliver_device': {
      const signature = plan.confirmation === 'signature';
      const files = [
        ...(action === 'mark_completed' ? png('after_repair', plan.afterPhotos) : []),
        ...(signature ? png('signature', 1) : []),
      ];
      return {
        ...base,
        principal: technician,
        input: { confirmation: { method: plan.confirmation, verified: true } },
        files,
        changes: {
          confirmationMethod: plan.confirmation,
          completionType: 'fixed',
          customerRating: plan.rating?.score ?? null,
          customerFeedback: plan.rating?.feedback ?? null,
        },
        afterTransition: async (tx, outcome) => {
          const signatureId = signature ? outcome.attachmentIds.at(-1) : undefined;
          if (signatureId) {
            await tx
              .update(tickets)
              .set({ signatureAttachmentId: signatureId })
              .where(eq(tickets.id, ticketId));
          }
          if (plan.rating && outcome.ticket.technicianId) {
            await tx.insert(ratings).values({
              organizationId: outcome.ticket.organizationId,
              ticketId,
              customerId: outcome.ticket.customerId,
              technicianId: outcome.ticket.technicianId,
              score: plan.rating.score,
              feedback: plan.rating.feedback,
              createdAt: outcome.ticket.updatedAt,
            });
          }
        },
      };
    }
    case 'mark_not_fixed': {
      const other = plan.notFixedReasons.includes('other') ? 'العميل سيستبدل الجهاز' : undefined;
      return {
        ...base,
        principal: from === 'in_workshop' ? cast.workshop : technician,
        input: { reasons: plan.notFixedReasons, otherReason: other, notes: plan.diagnosis },
        changes: {
          notFixedReasons: plan.notFixedReasons,
          notFixedOtherReason: other ?? null,
          completionType: 'not_fixed',
        },
      };
    }
    case 'pickup_device': {
      const reason = 'يحتاج الجهاز إصلاحاً في الورشة';
      return {
        ...base,
        principal: technician,
        input: { reason, customerAcknowledged: true },
        files: png('device_photo', 1),
        changes: { pickupReason: reason },
      };
    }
    case 'check_in_workshop':
      return { ...base, principal: cast.workshop };
    case 'repair_complete':
      return { ...base, principal: cast.workshop, input: { notes: 'تم الإصلاح والاختبار في الورشة' } };
    case 'cancel':
      return {
        ...base,
        principal: dispatcher,
        input: { reason: plan.cancelReason },
        changes: { cancellationReason: plan.cancelReason, completionType: 'cancelled' },
        afterTransition: async (tx, outcome) => {
          if (from !== 'waiting_parts') return;
          await tx
            .update(partsRequests)
            .set({ status: 'cancelled', updatedAt: outcome.ticket.updatedAt })
            .where(eq(partsRequests.ticketId, ticketId));
        },
      };
  }
}

async function recordEscalations(
  ctx: AppContext,
  organizationId: string,
  entries: Entry[],
  cast: Cast,
  now: Date,
): Promise<void> {
  const rows: Array<typeof escalations.$inferInsert> = [];
  const notes: Array<typeof ticketNotes.$inferInsert> = [];
  for (const entry of entries) {
    const technicianId = cast.technicians[entry.plan.technicianIndex]?.technicianId ?? null;
    for (const escalation of plannedEscalations(entry.plan, entry.timeline, DEFAULT_SLA_RULES, now)) {
      const owner = escalation.ownerRole === 'supervisor' ? cast.supervisor : cast.admin;
      rows.push({
        organizationId,
        ticketId: entry.ticketId,
        ruleId: escalation.ruleId,
        level: escalation.level,
        type: escalation.type,
        reason: escalation.reason,
        ownerRole: escalation.ownerRole,
        ownerId: owner.userId,
        ownerName: owner.name,
        technicianId: escalation.withTechnician ? technicianId : null,
        isResolved: escalation.resolvedAt !== null,
        resolvedAt: escalation.resolvedAt,
        resolvedById: escalation.resolvedAt ? owner.userId : null,
        resolvedByName: escalation.resolvedAt ? owner.name : null,
        resolutionNotes: escalation.resolutionNotes,
        createdAt: escalation.createdAt,
      });
      notes.push({
        organizationId,
        ticketId: entry.ticketId,
        kind: 'escalation',
        content: `${escalation.ruleId} (${escalation.level}): ${escalation.reason}`,
        authorName: 'النظام',
        authorRole: 'system',
        createdAt: escalation.createdAt,
      });
    }
  }
  if (rows.length === 0) return;
  await ctx.db.transaction(async (tx) => {
    await tx.insert(escalations).values(rows);
    await tx.insert(ticketNotes).values(notes);
  });
}

const ON_THE_MOVE: TicketStatus[] = ['on_route', 'arrived', 'inspecting'];

/** GPS trail of the visits under way, and the technicians' last known positions. */
async function placeTechnicians(
  ctx: AppContext,
  organizationId: string,
  entries: Entry[],
  cast: Cast,
  now: Date,
  random: Random,
): Promise<void> {
  const trail: Array<typeof technicianLocations.$inferInsert> = [];
  const last = new Map<string, { latitude: number; longitude: number; at: Date; ticketId: string }>();
  for (const entry of entries) {
    if (!ON_THE_MOVE.includes(entry.plan.status)) continue;
    const technicianId = cast.technicians[entry.plan.technicianIndex]?.technicianId;
    const tripIndex = entry.plan.actions.indexOf('start_trip');
    const startedAt = entry.timeline.times[tripIndex];
    if (!technicianId || !startedAt) continue;
    const from = tripStart(entry);
    const to = atCustomer(entry);
    const arrivedAt = entry.timeline.times[tripIndex + 1] ?? now;
    // On route: the trail stops part of the way; arrived: it ends at the customer's door.
    const reach = entry.plan.status === 'on_route' ? 0.8 : 1;
    for (let step = 1; step <= 4; step++) {
      const share = (step / 4) * reach;
      const at = new Date(startedAt.getTime() + (arrivedAt.getTime() - startedAt.getTime()) * (step / 4.2));
      const point = {
        latitude: round6(from.latitude + (to.latitude - from.latitude) * share),
        longitude: round6(from.longitude + (to.longitude - from.longitude) * share),
      };
      trail.push({
        organizationId,
        technicianId,
        ticketId: entry.ticketId,
        ...point,
        accuracy: 8,
        createdAt: at,
      });
      const known = last.get(technicianId);
      if (!known || known.at < at) last.set(technicianId, { ...point, at, ticketId: entry.ticketId });
    }
  }
  await ctx.db.transaction(async (tx) => {
    if (trail.length > 0) await tx.insert(technicianLocations).values(trail);
    for (const [index, technician] of DEMO_TECHNICIANS.entries()) {
      const technicianId = cast.technicians[index]?.technicianId;
      if (!technicianId) continue;
      const moving = last.get(technicianId);
      const idle = technician.position;
      if (!moving && !idle) continue;
      await tx
        .update(technicians)
        .set(
          moving
            ? {
                currentLat: moving.latitude,
                currentLng: moving.longitude,
                lastLocationAt: moving.at,
                currentTicketId: moving.ticketId,
              }
            : {
                currentLat: idle?.latitude,
                currentLng: idle?.longitude,
                lastLocationAt: new Date(now.getTime() - random.int(3, 40) * MINUTE),
              },
        )
        .where(eq(technicians.id, technicianId));
    }
  });
}

/** Aligns the rows the services stamp with the database clock to the demo's timeline. */
async function settleHistory(ctx: AppContext, organizationId: string, entries: Entry[]): Promise<void> {
  const ticketIds = entries.map((entry) => entry.ticketId);
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      UPDATE audit_log AS a SET created_at = h.created_at
      FROM ticket_status_history AS h
      WHERE a.organization_id = ${organizationId}
        AND a.user_agent = ${META.userAgent}
        AND a.entity = 'ticket'
        AND a.entity_id = h.ticket_id
        AND a.action = 'ticket.' || h.action`);
    await tx.execute(sql`
      UPDATE customers AS c SET created_at = f.first_at, updated_at = f.last_at
      FROM (
        SELECT customer_id, min(created_at) AS first_at, max(created_at) AS last_at
        FROM tickets WHERE organization_id = ${organizationId} GROUP BY customer_id
      ) AS f
      WHERE c.id = f.customer_id AND c.created_at > f.first_at`);
    await tx
      .update(notificationOutbox)
      .set({ status: 'sent', sentAt: sql`now()` })
      .where(and(inArray(notificationOutbox.ticketId, ticketIds), eq(notificationOutbox.status, 'pending')));
  });
}
