// Small pieces the admin ticket details, escalations centre and parts queue share: a modal dialog,
// a pager, the priority badge and durations in words.
import { type ReactNode, useEffect, useId, useState } from 'react';
import type { Priority } from '../../../../domain/tickets';
import { useI18n } from '../../../i18n/i18n';
import { useModalDialog } from '../../../ui/modal-dialog';

/** A modal on the native <dialog>: focus moves in and stays there, Escape closes it. */
export function Dialog(props: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const ref = useModalDialog(props.onClose);
  const titleId = useId();

  return (
    <dialog
      ref={ref}
      className={props.wide ? 'ad-dialog ad-dialog-wide' : 'ad-dialog'}
      aria-labelledby={titleId}
    >
      <div className="ad-dialog-header">
        <h2 id={titleId} className="section-title">
          {props.title}
        </h2>
        <button type="button" className="button button-ghost" onClick={props.onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{t('adminDesk.close')}</span>
        </button>
      </div>
      {props.children}
    </dialog>
  );
}

export function Pager(props: { page: number; total: number; pageSize: number; onPage(page: number): void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  const page = Math.min(props.page, pages);
  return (
    <nav className="pagination" aria-label={t('adminDesk.pagination')}>
      <button
        type="button"
        className="button button-secondary"
        disabled={page <= 1}
        onClick={() => props.onPage(page - 1)}
      >
        {t('adminDesk.previous')}
      </button>
      <span>{t('adminDesk.pageOf', { page, pages })}</span>
      <button
        type="button"
        className="button button-secondary"
        disabled={page >= pages}
        onClick={() => props.onPage(page + 1)}
      >
        {t('adminDesk.next')}
      </button>
    </nav>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useI18n();
  return (
    <span className={`ad-priority ad-priority-${priority}`}>
      {t('adminDesk.priorityLabel', { priority: t(`techWork.priority.${priority}`) })}
    </span>
  );
}

/** 95 → "1 h 35 min"; 3000 → "2 d 2 h"; in the reader's language. */
export function useDurationText(): (minutes: number) => string {
  const { t } = useI18n();
  return (minutes) => {
    const total = Math.max(0, Math.round(minutes));
    const days = Math.floor(total / 1440);
    const hours = Math.floor((total % 1440) / 60);
    const rest = total % 60;
    if (days > 0) return t('adminDesk.duration.days', { days, hours });
    if (hours > 0) return t('adminDesk.duration.hours', { hours, minutes: rest });
    return t('adminDesk.duration.minutes', { minutes: rest });
  };
}

/** The current time, moved on every minute so "time since" texts stay true on an open page. */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}
