// Adding, listing, reading and removing a ticket's attachments (outside workflow actions).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AttachmentType } from '../../../domain/lifecycle/types';
import { LIMITS } from '../../../domain/validations';
import type { AppContext } from '../../context';
import { ticketAttachments, tickets } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import type { UploadedFile } from '../../lib/multipart';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { presentAttachment } from './tickets.presenter';
import { attachmentsOf, findTicket, ticketScope } from './tickets.repository';
import type { AttachmentView } from './tickets.schemas';

export const ATTACHMENT_URL_BASE = '/api/v1/attachments';

export async function listAttachments(
  ctx: AppContext,
  principal: Principal,
  ticketId: string,
): Promise<AttachmentView[]> {
  const ticket = await findTicket(ctx.db, principal, ticketId);
  if (!ticket) throw new AppError('not_found', 'Ticket not found.');
  const rows = await attachmentsOf(ctx.db, ticket.id);
  return rows.map((row) => presentAttachment(row, ATTACHMENT_URL_BASE));
}

export async function addAttachment(
  ctx: AppContext,
  opts: {
    principal: Principal;
    ticketId: string;
    type: AttachmentType;
    file: UploadedFile;
    meta: RequestMeta;
  },
): Promise<AttachmentView> {
  const stored = await ctx.storage.put({ bytes: opts.file.bytes, extension: opts.file.extension });
  try {
    return await ctx.db.transaction(async (tx) => {
      const [ticket] = await tx
        .select({
          id: tickets.id,
          organizationId: tickets.organizationId,
          attachmentBytes: tickets.attachmentBytes,
        })
        .from(tickets)
        .where(and(eq(tickets.id, opts.ticketId), ticketScope(opts.principal)))
        .for('update');
      if (!ticket) throw new AppError('not_found', 'Ticket not found.');
      if (ticket.attachmentBytes + opts.file.size > LIMITS.maxTicketAttachmentBytes) {
        throw new AppError('payload_too_large', 'A ticket holds at most 50 MB of attachments.', {
          limitBytes: LIMITS.maxTicketAttachmentBytes,
          usedBytes: ticket.attachmentBytes,
        });
      }
      const [row] = await tx
        .insert(ticketAttachments)
        .values({
          organizationId: ticket.organizationId,
          ticketId: ticket.id,
          type: opts.type,
          storageKey: stored.key,
          filename: opts.file.filename,
          mimeType: opts.file.mimeType,
          size: opts.file.size,
          uploadedById: opts.principal.userId,
          uploadedByName: opts.principal.name,
          uploadedByRole: opts.principal.role,
          createdAt: ctx.clock.now(),
        })
        .returning();
      if (!row) throw new AppError('internal', 'The attachment could not be saved.');
      await tx
        .update(tickets)
        .set({ attachmentBytes: sql`${tickets.attachmentBytes} + ${opts.file.size}` })
        .where(eq(tickets.id, ticket.id));
      await recordAudit(tx, {
        organizationId: ticket.organizationId,
        action: 'attachment.create',
        entity: 'ticket',
        entityId: ticket.id,
        newValue: { attachmentId: row.id, type: row.type, size: row.size },
        actor: {
          id: opts.principal.userId,
          name: opts.principal.name,
          role: opts.principal.role,
          ...opts.meta,
        },
      });
      return presentAttachment(row, ATTACHMENT_URL_BASE);
    });
  } catch (error) {
    await ctx.storage.delete(stored.key).catch(() => {});
    throw error;
  }
}

/** Soft-deletes an attachment the caller may see; only its uploader or staff may remove it. */
export async function removeAttachment(
  ctx: AppContext,
  opts: { principal: Principal; ticketId: string; attachmentId: string; meta: RequestMeta },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ attachment: ticketAttachments, organizationId: tickets.organizationId })
      .from(ticketAttachments)
      .innerJoin(tickets, eq(tickets.id, ticketAttachments.ticketId))
      .where(
        and(
          eq(ticketAttachments.id, opts.attachmentId),
          eq(ticketAttachments.ticketId, opts.ticketId),
          isNull(ticketAttachments.deletedAt),
          ticketScope(opts.principal),
        ),
      )
      .for('update');
    if (!row) throw new AppError('not_found', 'Attachment not found.');
    const isStaff = ['admin', 'supervisor', 'dispatcher', 'manager'].includes(opts.principal.role);
    if (!isStaff && row.attachment.uploadedById !== opts.principal.userId) {
      throw new AppError('forbidden', 'Only the person who uploaded a file, or staff, may delete it.');
    }
    await tx
      .update(ticketAttachments)
      .set({ deletedAt: ctx.clock.now() })
      .where(eq(ticketAttachments.id, opts.attachmentId));
    await tx
      .update(tickets)
      .set({ attachmentBytes: sql`greatest(0, ${tickets.attachmentBytes} - ${row.attachment.size})` })
      .where(eq(tickets.id, opts.ticketId));
    await recordAudit(tx, {
      organizationId: row.organizationId,
      action: 'attachment.delete',
      entity: 'ticket',
      entityId: opts.ticketId,
      oldValue: { attachmentId: opts.attachmentId, type: row.attachment.type },
      actor: {
        id: opts.principal.userId,
        name: opts.principal.name,
        role: opts.principal.role,
        ...opts.meta,
      },
    });
  });
}

/** The stored file of an attachment the caller may see. */
export async function openAttachment(ctx: AppContext, principal: Principal, attachmentId: string) {
  const [row] = await ctx.db
    .select({ attachment: ticketAttachments })
    .from(ticketAttachments)
    .innerJoin(tickets, eq(tickets.id, ticketAttachments.ticketId))
    .where(
      and(
        eq(ticketAttachments.id, attachmentId),
        isNull(ticketAttachments.deletedAt),
        ticketScope(principal),
      ),
    );
  if (!row) throw new AppError('not_found', 'Attachment not found.');
  return { attachment: row.attachment, stream: await ctx.storage.read(row.attachment.storageKey) };
}
