import type { TimeSlot } from '../../../domain/schedule/time-slots';
import type { DeviceType, WarrantyStatus } from '../../../domain/tickets';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { UploadedFile } from '../../lib/multipart';
import { newTrackingToken } from '../../lib/random';
import { parsePhone, type RequestMeta } from '../auth/auth.service';
import { isActiveCity } from '../organizations/cities';
import { publicOrganization } from '../organizations/organizations.service';
import { organizationVocabularies } from '../organizations/vocabularies';
import { insertTicket } from './create-ticket.repository';

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

/** Refuses a device type or time slot the organisation has stopped offering (the wizard hides them). */
async function requireOfferedChoices(
  ctx: AppContext,
  organizationId: string,
  input: Pick<NewTicketInput, 'deviceType' | 'preferredTimeSlot'>,
): Promise<void> {
  const { deviceTypes, timeSlots } = await organizationVocabularies(ctx, organizationId);
  const offered = (entries: Array<{ code: string; isActive: boolean }>, code: string) =>
    entries.some((entry) => entry.code === code && entry.isActive);
  const issues = [
    offered(deviceTypes, input.deviceType)
      ? null
      : {
          path: 'body.deviceType',
          message: `The device type "${input.deviceType}" is not offered; choose another.`,
        },
    offered(timeSlots, input.preferredTimeSlot)
      ? null
      : {
          path: 'body.preferredTimeSlot',
          message: `The time slot "${input.preferredTimeSlot}" is not offered; choose another.`,
        },
  ].filter((issue) => issue !== null);
  const first = issues[0];
  if (first) {
    throw new AppError('unprocessable', first.message, {
      field: first.path.replace('body.', ''),
      issues,
    });
  }
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
  await requireOfferedChoices(ctx, organization.id, input);
  const stored =
    opts.invoicePhoto && input.warrantyStatus === 'yes'
      ? await ctx.storage.put({ bytes: opts.invoicePhoto.bytes, extension: opts.invoicePhoto.extension })
      : null;
  try {
    const created = await insertTicket(ctx.db, {
      organizationId: organization.id,
      input: { ...input, customerPhone: phone },
      trackingToken: newTrackingToken(),
      actor: { id: principal?.userId ?? null, name: input.customerName, ...opts.meta },
      customerUserId: principal?.role === 'customer' ? principal.userId : null,
      invoicePhoto:
        stored && opts.invoicePhoto
          ? {
              storageKey: stored.key,
              filename: opts.invoicePhoto.filename,
              mimeType: opts.invoicePhoto.mimeType,
              size: opts.invoicePhoto.size,
            }
          : null,
      locale: organization.defaultLocale === 'en' ? 'en' : 'ar',
      now: ctx.clock.now(),
    });
    if (!created) throw new AppError('forbidden', 'This phone number belongs to another account.');
    ctx.events.publish('ticket:updated', {
      organizationId: organization.id,
      ticketId: created.id,
      status: 'new',
      action: 'create',
    });
    ctx.outbox.kick();
    return created;
  } catch (error) {
    if (stored) await ctx.storage.delete(stored.key).catch(() => {});
    throw error;
  }
}
