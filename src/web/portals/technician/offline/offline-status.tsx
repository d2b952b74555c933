// "Waiting to send": the offline banner, the queued actions and photos in the order they will be
// sent, and the ones the server refused with its reason (each dismissed by the technician).
import { Link } from 'react-router';
import { type MessageKey, useT } from '../../../i18n/i18n';
import { dismissRefused, flushQueue, type QueueItem } from './queue';
import { useOfflineQueue, useOnline, useRefreshAfterSend } from './use-queue';
import './offline.css';

const KNOWN_ACTIONS = new Set([
  'schedule',
  'start_trip',
  'arrive',
  'start_inspection',
  'complete_diagnosis',
  'start_repair',
  'request_parts',
  'mark_not_fixed',
  'pickup_device',
  'mark_completed',
  'deliver_device',
  'parts_received',
  'add_attachment',
]);

export function useActionLabel(): (action: string) => string {
  const t = useT();
  return (action) =>
    KNOWN_ACTIONS.has(action) ? t(`offline.actions.${action}` as MessageKey) : t('offline.actions.other');
}

function ItemLabel({ item }: { item: QueueItem }) {
  const t = useT();
  const label = useActionLabel();
  return (
    <>
      <span className="offline-item-action">{label(item.action)}</span>
      {item.photos.length > 0 && (
        <span className="offline-item-photos">{t('offline.photos', { count: item.photos.length })}</span>
      )}
    </>
  );
}

/**
 * The queue as the technician sees it. With `ticketId`, only that task's items; mounted without it
 * in the portal frame, it also re-reads the technician's data after each item sent.
 */
export function OfflineQueueStatus({ ticketId }: { ticketId?: string }) {
  const t = useT();
  const online = useOnline();
  const queue = useOfflineQueue();
  const label = useActionLabel();
  const pending = queue.pending.filter((item) => !ticketId || item.ticketId === ticketId);
  const refused = queue.refused.filter((item) => !ticketId || item.ticketId === ticketId);
  if (online && pending.length === 0 && refused.length === 0) return null;
  return (
    <section className="offline-status" aria-label={t('offline.title')}>
      {!online && (
        <p className="alert alert-warning offline-banner" role="status">
          {t('offline.offlineBanner')}
        </p>
      )}
      {pending.length > 0 && (
        <div className="offline-pending" role="status" aria-live="polite">
          <p className="offline-heading">
            {queue.sending && online ? t('offline.sending') : t('offline.waiting', { count: pending.length })}
          </p>
          <ol className="offline-list">
            {pending.map((item) => (
              <li key={item.key} className="offline-item" data-queue-item={item.action}>
                <span className="offline-badge">{t('offline.waitingBadge')}</span>
                <ItemLabel item={item} />
                {!ticketId && (
                  <Link to={`/technician/tasks/${item.ticketId}`} className="offline-item-link">
                    {t('offline.openTask')}
                  </Link>
                )}
              </li>
            ))}
          </ol>
          {online && !queue.sending && (
            <button type="button" className="button button-secondary" onClick={() => void flushQueue()}>
              {t('offline.sendNow')}
            </button>
          )}
        </div>
      )}
      {refused.length > 0 && (
        <div className="offline-refused" role="alert">
          <p className="offline-heading">{t('offline.refusedTitle')}</p>
          <ul className="offline-list">
            {refused.map((item) => (
              <li
                key={item.key}
                className="offline-item offline-item-refused"
                data-refused-item={item.action}
              >
                <p>
                  <strong>{label(item.action)}</strong>: {item.message}
                </p>
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={() => void dismissRefused(item.key)}
                >
                  {t('offline.dismiss')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** For the portal frame: the queue status and the re-reads after each item sent. */
export function OfflineQueueFrame() {
  useRefreshAfterSend();
  return <OfflineQueueStatus />;
}
