// Ticket conversation: customer, technician and staff messages, optionally also sent by SMS.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { ticketMessages, tickets } from '../../db/schema';
import { AppError } from '../../errors';
import type { Principal } from '../../lib/access-tokens';
import { recordAudit } from '../audit/audit';
import type { RequestMeta } from '../auth/auth.service';
import { enqueueNotifications } from '../notifications/outbox';
import { presentMessage } from './tickets.presenter';
import { findTicket, messagesOf, ticketScope } from './tickets.repository';
import type { MessageView } from './tickets.schemas';

export async function listMessages(
  ctx: AppContext,
  principal: Principal,
  ticketId: string,
): Promise<MessageView[]> {
  const ticket = await findTicket(ctx.db, principal, ticketId);
  if (!ticket) throw new AppError('not_found', 'Ticket not found.');
  return (await messagesOf(ctx.db, ticket.id)).map(presentMessage);
}

export async function sendMessage(
  ctx: AppContext,
  opts: {
    principal: Principal;
    ticketId: string;
    content: string;
    channel: 'internal' | 'sms';
    meta: RequestMeta;
  },
): Promise<MessageView> {
  const message = await ctx.db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({
        id: tickets.id,
        organizationId: tickets.organizationId,
        ticketNumber: tickets.ticketNumber,
        customerPhone: tickets.customerPhone,
      })
      .from(tickets)
      .where(and(eq(tickets.id, opts.ticketId), ticketScope(opts.principal)));
    if (!ticket) throw new AppError('not_found', 'Ticket not found.');
    const [row] = await tx
      .insert(ticketMessages)
      .values({
        organizationId: ticket.organizationId,
        ticketId: ticket.id,
        senderId: opts.principal.userId,
        senderName: opts.principal.name,
        senderRole: opts.principal.role,
        content: opts.content,
        channel: opts.channel,
        status: opts.channel === 'sms' ? 'pending' : 'sent',
        createdAt: ctx.clock.now(),
      })
      .returning();
    if (!row) throw new AppError('internal', 'The message could not be saved.');
    if (opts.channel === 'sms') {
      await enqueueNotifications(tx, [
        {
          organizationId: ticket.organizationId,
          channel: 'sms',
          recipient: ticket.customerPhone,
          template: 'customer_message',
          locale: 'ar',
          vars: { ticketNumber: ticket.ticketNumber, content: opts.content },
          ticketId: ticket.id,
          dedupeKey: `message:${row.id}`,
        },
      ]);
    }
    await recordAudit(tx, {
      organizationId: ticket.organizationId,
      action: 'message.create',
      entity: 'ticket',
      entityId: ticket.id,
      newValue: { messageId: row.id, channel: row.channel },
      actor: {
        id: opts.principal.userId,
        name: opts.principal.name,
        role: opts.principal.role,
        ...opts.meta,
      },
    });
    return row;
  });
  ctx.events.publish('ticket:message', {
    organizationId: message.organizationId,
    ticketId: message.ticketId,
    messageId: message.id,
  });
  if (opts.channel === 'sms') ctx.outbox.kick();
  return presentMessage(message);
}
