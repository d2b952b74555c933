// /technician/performance — "My Performance" (seed 000 §6.3): totals and averages for the day, week
// or month, the daily chart (CSS bars, with the same numbers in a table for screen readers and
// anyone who prefers one) and the distribution of the customers' ratings.
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { performanceResponse } from '../../../../server/modules/technician/technician.schemas';
import { apiRequest } from '../../../api/client';
import { useFormat } from '../../../i18n/format';
import { INTL_LOCALE, useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { QueryView } from '../../../ui/states';
import './performance.css';

type Performance = z.infer<typeof performanceResponse>;
type Period = Performance['period'];
const PERIODS: readonly Period[] = ['day', 'week', 'month'];

function usePerformance(period: Period) {
  return useQuery({
    queryKey: ['technician', 'performance', period],
    queryFn: ({ signal }) =>
      apiRequest<Performance>('/technician/performance', { signal, auth: true, query: { period } }),
    placeholderData: (previous) => previous,
  });
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div className="perf-tile">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function DailyChart({ data }: { data: Performance }) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const day = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const label = (date: string) => day.format(new Date(`${date}T00:00:00Z`));
  const max = Math.max(1, ...data.dailyChart.map((row) => row.completed + row.notFixed));
  return (
    <section className="perf-section" aria-labelledby="perf-daily">
      <h2 id="perf-daily">{t('performance.dailyTitle')}</h2>
      {/* The bars repeat the table below for sighted readers; assistive technology reads the table. */}
      <div className="perf-chart" aria-hidden="true">
        {data.dailyChart.map((row) => (
          <div key={row.date} className="perf-bar-column">
            <div className="perf-bar-stack">
              <span
                className="perf-bar perf-bar-not-fixed"
                style={{ blockSize: `${(row.notFixed / max) * 100}%` }}
              />
              <span
                className="perf-bar perf-bar-completed"
                style={{ blockSize: `${(row.completed / max) * 100}%` }}
              />
            </div>
            <span className="perf-bar-label">{label(row.date)}</span>
          </div>
        ))}
      </div>
      <p className="perf-legend" aria-hidden="true">
        <span className="perf-swatch perf-bar-completed" /> {t('performance.completed')}
        <span className="perf-swatch perf-bar-not-fixed" /> {t('performance.notFixed')}
      </p>
      <details className="perf-table-toggle">
        <summary>{t('performance.showTable')}</summary>
        <table className="perf-table">
          <caption className="visually-hidden">{t('performance.dailyTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('performance.date')}</th>
              <th scope="col">{t('performance.completed')}</th>
              <th scope="col">{t('performance.notFixed')}</th>
            </tr>
          </thead>
          <tbody>
            {data.dailyChart.map((row) => (
              <tr key={row.date}>
                <th scope="row">{format.date(`${row.date}T12:00:00Z`)}</th>
                <td>{format.number(row.completed)}</td>
                <td>{format.number(row.notFixed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function RatingDistribution({ data }: { data: Performance }) {
  const { t } = useI18n();
  const format = useFormat();
  const total = data.ratingDistribution.reduce((sum, row) => sum + row.count, 0);
  const rows = [5, 4, 3, 2, 1].map((score) => ({
    score,
    count: data.ratingDistribution.find((row) => row.score === score)?.count ?? 0,
  }));
  return (
    <section className="perf-section" aria-labelledby="perf-ratings">
      <h2 id="perf-ratings">{t('performance.ratingsTitle')}</h2>
      {total === 0 ? (
        <p className="field-hint">{t('performance.noRatings')}</p>
      ) : (
        <ul className="perf-ratings">
          {rows.map((row) => (
            <li key={row.score}>
              <span className="perf-rating-score">{t('performance.stars', { count: row.score })}</span>
              <span className="perf-rating-bar" aria-hidden="true">
                <span style={{ inlineSize: `${(row.count / total) * 100}%` }} />
              </span>
              <span className="perf-rating-count">{format.number(row.count)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PerformancePage() {
  const { t } = useI18n();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const requested = params.get('period');
  const period: Period = PERIODS.includes(requested as Period) ? (requested as Period) : 'week';
  const query = usePerformance(period);
  const minutes = (value: number | null) =>
    value === null ? '—' : t('performance.minutes', { count: Math.round(value) });

  return (
    <Page titleKey="pages.technicianPerformance">
      <fieldset className="perf-periods">
        <legend className="visually-hidden">{t('performance.periodLabel')}</legend>
        {PERIODS.map((option) => (
          <button
            key={option}
            type="button"
            className={option === period ? 'button button-primary' : 'button button-secondary'}
            aria-pressed={option === period}
            onClick={() => setParams(option === 'week' ? {} : { period: option })}
          >
            {t(`performance.period.${option}`)}
          </button>
        ))}
      </fieldset>
      <QueryView query={query}>
        {(data) => (
          <>
            <dl className="perf-tiles">
              <Tile label={t('performance.totalTickets')} value={format.number(data.totalTickets)} />
              <Tile label={t('performance.completed')} value={format.number(data.completed)} />
              <Tile label={t('performance.notFixed')} value={format.number(data.notFixed)} />
              <Tile
                label={t('performance.avgRating')}
                value={
                  data.avgRating === null ? '—' : `${format.number(Math.round(data.avgRating * 10) / 10)} / 5`
                }
              />
              <Tile label={t('performance.avgResponseTime')} value={minutes(data.avgResponseTime)} />
              <Tile label={t('performance.avgRepairTime')} value={minutes(data.avgRepairTime)} />
            </dl>
            <DailyChart data={data} />
            <RatingDistribution data={data} />
          </>
        )}
      </QueryView>
    </Page>
  );
}
