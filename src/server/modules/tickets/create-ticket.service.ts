// Creating a ticket from the customer portal (guest or signed-in customer).
import { sql } from 'drizzle-orm';
import type { TimeSlot } from '../../../domain/schedule/time-slots';
import type { DeviceType, WarrantyStatus } from '../../../domain/tickets';
import type { AppContext } from '../../context';
import { customers, ticketAttachments, ticketStatusHistory, tickets, timeLogs } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { UploadedFile } from '../../lib/multipart';
import { newTrackingToken } from '../../lib/random';
import { recordAudit } from '../audit/audit';
import { parsePhone, type RequestMeta } from '../auth/auth.service';
import { enqueueNotifications } from '../notifications/outbox';
import { isActiveCity } from '../organizations/cities';
import { publicOrganization } from '../organizations/organizations.service';

export interface NewTicketInput {
  customerName: string;
  customerPhone: string;
  customerCity: string;
  customerAddress: string;
  latitude: number;
  longitude: number;
  formattedAddress?: string;
  deviceType: DeviceType;
  brand: string;
  model?: string;
  problemDescription: string;
  preferredTimeSlot: TimeSlot;
  warrantyStatus: WarrantyStatus;
  invoiceNumber?: string;
  serialNumber?: string;
}

export async function createTicket(
  ctx: AppContext,
  opts: {
    input: NewTicketInput;
    principal: Principal | null;
    invoicePhoto?: UploadedFile;
    meta: RequestMeta;
  },
): Promise<{ id: string; ticketNumber: string; trackingToken: string }> {
  const { input, principal } = opts;
  const organization = await publicOrganization(ctx);
  const phone = parsePhone(input.customerPhone);
  if (!(await isActiveCity(ctx, organization.id, input.customerCity))) {
    throw new AppError('validation_failed', 'Choose a city from the list.', {
      issues: [{ path: 'body.customerCity', message: 'Unknown city' }],
    });
  }
  const warrantyExtras =
    input.warrantyStatus === 'yes'
      ? { invoiceNumber: input.invoiceNumber ?? null, serialNumber: input.serialNumber ?? null }
      : { invoiceNumber: null, serialNumber: null };
  const stored =
    opts.invoicePhoto && input.warrantyStatus === 'yes'
      ? await ctx.storage.put({ bytes: opts.invoicePhoto.bytes, extension: opts.invoicePhoto.extension })
      : null;

  try {
    const created = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const [customer] = await tx
        .insert(customers)
        .values({
          organizationId: organization.id,
          userId: principal?.role === 'customer' ? principal.userId : null,
          name: input.customerName,
          phone,
          city: input.customerCity,
          address: input.customerAddress,
          latitude: input.latitude,
          longitude: input.longitude,
        })
        .onConflictDoUpdate({
          target: [customers.organizationId, customers.phone],
          set: { updatedAt: now },
        })
        .returning({ id: customers.id, userId: customers.userId });
      if (!customer) throw new AppError('internal', 'Could not record the customer.');
      if (principal?.role === 'customer' && customer.userId && customer.userId !== principal.userId) {
        throw new AppError('forbidden', 'This phone number belongs to another account.');
      }

      const [ticket] = await tx
        .insert(tickets)
        .values({
          organizationId: organization.id,
          ticketNumber: sql`'TK-' || lpad(nextval('ticket_number_seq')::text, 6, '0')`,
          trackingToken: newTrackingToken(),
          customerId: customer.id,
          customerName: input.customerName,
          customerPhone: phone,
          customerCity: input.customerCity,
          customerAddress: input.customerAddress,
          latitude: input.latitude,
          longitude: input.longitude,
          formattedAddress: input.formattedAddress ?? null,
          deviceType: input.deviceType,
          brand: input.brand,
          model: input.model ?? null,
          problemDescription: input.problemDescription,
          preferredTimeSlot: input.preferredTimeSlot,
          warrantyStatus: input.warrantyStatus,
          ...warrantyExtras,
          attachmentBytes: stored?.size ?? 0,
          createdById: principal?.userId ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({
          id: tickets.id,
          ticketNumber: tickets.ticketNumber,
          trackingToken: tickets.trackingToken,
        });
      if (!ticket) throw new AppError('internal', 'Could not create the ticket.');

      const actor = { id: principal?.userId ?? null, name: input.customerName, role: 'customer' as const };
      await tx.insert(ticketStatusHistory).values({
        organizationId: organization.id,
        ticketId: ticket.id,
        action: 'create',
        fromStatus: null,
        toStatus: 'new',
        actorId: actor.id,
        actorName: actor.name,
        actorRole: actor.role,
        createdAt: now,
      });
      await tx
        .insert(timeLogs)
        .values({ organizationId: organization.id, ticketId: ticket.id, stage: 'new', startedAt: now });
      if (stored && opts.invoicePhoto) {
        await tx.insert(ticketAttachments).values({
          organizationId: organization.id,
          ticketId: ticket.id,
          type: 'invoice_photo',
          storageKey: stored.key,
          filename: opts.invoicePhoto.filename,
          mimeType: opts.invoicePhoto.mimeType,
          size: opts.invoicePhoto.size,
          uploadedById: actor.id,
          uploadedByName: actor.name,
          uploadedByRole: 'customer',
          createdAt: now,
        });
      }
      await recordAudit(tx, {
        organizationId: organization.id,
        action: 'ticket.create',
        entity: 'ticket',
        entityId: ticket.id,
        newValue: { ticketNumber: ticket.ticketNumber, status: 'new', customerId: customer.id },
        actor: { ...actor, ...opts.meta },
      });
      await enqueueNotifications(tx, [
        {
          organizationId: organization.id,
          channel: 'sms',
          recipient: phone,
          template: 'ticket_created',
          locale: organization.defaultLocale === 'en' ? 'en' : 'ar',
          vars: { ticketNumber: ticket.ticketNumber, trackingToken: ticket.trackingToken },
          ticketId: ticket.id,
        },
      ]);
      return ticket;
    });
    ctx.events.publish('ticket:updated', {
      organizationId: organization.id,
      ticketId: created.id,
      status: 'new',
      action: 'create',
    });
    void ctx.outbox.kick();
    return created;
  } catch (error) {
    if (stored) await ctx.storage.delete(stored.key).catch(() => {});
    throw error;
  }
}
