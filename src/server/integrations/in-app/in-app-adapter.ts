// Delivers the outbox channel 'in_app' (recipient = the user's id) into the in_app_notifications table.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import type { NotificationAdapter, OutboxMessage } from '../notification-adapter';

type Locale = 'ar' | 'en';

/** A short title per template; the body is the rendered message text. */
const TITLES: Record<string, Record<Locale, string>> = {
  ticket_created: { ar: 'تم استلام الطلب', en: 'Request received' },
  ticket_status: { ar: 'تحديث حالة الطلب', en: 'Request update' },
  technician_assigned: { ar: 'تذكرة جديدة مسندة إليك', en: 'New ticket assigned' },
  parts_received: { ar: 'وصلت قطع الغيار', en: 'Spare parts arrived' },
  escalation_created: { ar: 'تصعيد جديد', en: 'New escalation' },
  escalation_resolved: { ar: 'تمت معالجة التصعيد', en: 'Escalation resolved' },
  customer_message: { ar: 'رسالة جديدة', en: 'New message' },
};

export function inAppTitle(template: string, locale: string): string {
  const lang: Locale = locale === 'en' ? 'en' : 'ar';
  return TITLES[template]?.[lang] ?? (lang === 'en' ? 'Notification' : 'إشعار');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createInAppAdapter(opts: { db: Database }): NotificationAdapter {
  return {
    channel: 'in_app',
    async send(message: OutboxMessage) {
      if (!UUID.test(message.recipient)) {
        throw new Error('in_app recipient is not a user id');
      }
      // The organisation comes from the outbox row; outbox_id is unique, so a retry after a crash between
      // inserting and marking the message sent does not create a second notification.
      await opts.db.execute(sql`
        INSERT INTO in_app_notifications (organization_id, user_id, title, body, ticket_id, outbox_id, created_at)
        SELECT o.organization_id, ${message.recipient}::uuid, ${message.subject || inAppTitle(message.template, message.locale)},
               ${message.text}, o.ticket_id, o.id, o.created_at
        FROM notification_outbox o
        WHERE o.id = ${message.id}::uuid
        ON CONFLICT (outbox_id) DO NOTHING`);
      return { providerMessageId: message.id };
    },
  };
}
