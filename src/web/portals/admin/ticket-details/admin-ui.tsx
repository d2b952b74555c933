// Small pieces the admin ticket details, escalations centre and parts queue share: the pager's texts,
// the priority badge and durations in words.
import { useEffect, useState } from 'react';
import type { Priority } from '../../../../domain/tickets';
import { useI18n } from '../../../i18n/i18n';
import type { PagerMessages } from '../../../ui/pager';

export const DESK_PAGER: PagerMessages = {
  label: 'adminDesk.pagination',
  previous: 'adminDesk.previous',
  next: 'adminDesk.next',
  position: 'adminDesk.pageOf',
};

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
