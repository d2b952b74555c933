// /technician/schedule — "My Schedule" (seed 000 §1.3): the technician's visits by day or by week,
// read from GET /technician/tasks?date=… (one request per day, each cached on its own, so the days
// already seen stay readable without a connection). The view and date live in the URL.
import { useQueries } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { tasksResponse } from '../../../../server/modules/technician/technician.schemas';
import { apiRequest } from '../../../api/client';
import { FALLBACK_TIME_ZONE, useOrganization } from '../../../api/organization';
import { useFormat } from '../../../i18n/format';
import { INTL_LOCALE, type MessageKey, useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { ErrorState, Loading } from '../../../ui/states';
import { addDays, isDateOnly, todayIn, weekOf } from './dates';
import './schedule.css';

type TaskList = z.infer<typeof tasksResponse>;
type Visit = TaskList['tasks'][number];
type View = 'day' | 'week';

const SLOT_ORDER = { morning: 0, noon: 1, evening: 2 } as const;

function VisitCard({ visit }: { visit: Visit }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <li className="schedule-visit" data-priority={visit.priority}>
      <Link to={`/technician/tasks/${visit.id}`} className="schedule-visit-link">
        <bdi dir="ltr">{visit.ticketNumber}</bdi>
      </Link>
      <span className="schedule-visit-status">{t(`ticketStatus.label.${visit.status}` as MessageKey)}</span>
      <span className="schedule-visit-slot">
        {visit.scheduledTimeSlot ? format.timeSlot(visit.scheduledTimeSlot) : t('schedule.noSlot')}
      </span>
      <span>
        {visit.customerName} · {visit.customerCity}
      </span>
      <span className="schedule-visit-device">
        {format.deviceType(visit.deviceType)} — {visit.brand}
      </span>
    </li>
  );
}

export function SchedulePage() {
  const { t, locale } = useI18n();
  const format = useFormat();
  const timeZone = useOrganization().data?.timeZone ?? FALLBACK_TIME_ZONE;
  const [params, setParams] = useSearchParams();
  const today = todayIn(timeZone);
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const dateParam = params.get('date');
  const date = isDateOnly(dateParam) ? dateParam : today;
  const days = view === 'week' ? weekOf(date) : [date];

  const queries = useQueries({
    queries: days.map((day) => ({
      queryKey: ['technician', 'schedule', day],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiRequest<TaskList>('/technician/tasks', {
          signal,
          auth: true,
          query: { date: day, sort: 'scheduled', limit: 50 },
        }),
    })),
  });

  const go = (next: { view?: View; date?: string }) => {
    const target = { view: next.view ?? view, date: next.date ?? date };
    setParams(target.date === today ? { view: target.view } : { view: target.view, date: target.date });
  };
  const step = view === 'week' ? 7 : 1;
  const dayName = new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: 'long', timeZone: 'UTC' });
  const dayLabel = (day: string) =>
    `${dayName.format(new Date(`${day}T00:00:00Z`))} ${format.date(`${day}T12:00:00Z`)}`;
  const failed = queries.find((query) => query.isError);

  return (
    <Page titleKey="pages.technicianSchedule">
      <div className="schedule-toolbar">
        <fieldset className="schedule-views">
          <legend className="visually-hidden">{t('schedule.viewLabel')}</legend>
          {(['day', 'week'] as const).map((option) => (
            <button
              key={option}
              type="button"
              className={option === view ? 'button button-primary' : 'button button-secondary'}
              aria-pressed={option === view}
              onClick={() => go({ view: option })}
            >
              {t(`schedule.view.${option}`)}
            </button>
          ))}
        </fieldset>
        <div className="schedule-nav">
          <button
            type="button"
            className="button button-ghost"
            onClick={() => go({ date: addDays(date, -step) })}
          >
            {t(view === 'week' ? 'schedule.previousWeek' : 'schedule.previousDay')}
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => go({ date: today })}
            disabled={date === today}
          >
            {t('schedule.today')}
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => go({ date: addDays(date, step) })}
          >
            {t(view === 'week' ? 'schedule.nextWeek' : 'schedule.nextDay')}
          </button>
        </div>
      </div>
      {failed ? (
        <ErrorState error={failed.error} onRetry={() => queries.forEach((query) => void query.refetch())} />
      ) : (
        <ol className={`schedule-days schedule-days-${view}`}>
          {days.map((day, index) => {
            const query = queries[index];
            const visits = [...(query?.data?.tasks ?? [])].sort(
              (a, b) =>
                (a.scheduledTimeSlot ? SLOT_ORDER[a.scheduledTimeSlot] : 3) -
                (b.scheduledTimeSlot ? SLOT_ORDER[b.scheduledTimeSlot] : 3),
            );
            return (
              <li key={day} className="schedule-day" aria-current={day === today ? 'date' : undefined}>
                <h2 className="schedule-day-title">
                  {dayLabel(day)}
                  {day === today && <span className="schedule-today-badge">{t('schedule.today')}</span>}
                </h2>
                {!query || query.isPending ? (
                  <Loading />
                ) : visits.length === 0 ? (
                  <p className="schedule-empty">{t('schedule.noVisits')}</p>
                ) : (
                  <ul className="schedule-visits">
                    {visits.map((visit) => (
                      <VisitCard key={visit.id} visit={visit} />
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Page>
  );
}
