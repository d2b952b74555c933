// /admin/reports/kpi — KPI dashboard (seed 000 §8.3): the period selector, metric cards with the trend
// against the previous period, the tickets trend line, the status pie, tickets by city and the
// technician leaderboard.

import type { TicketStatus } from '../../../../domain/lifecycle/types';
import { useCityName } from '../../../api/customer';
import { INTL_LOCALE, useI18n } from '../../../i18n/i18n';
import { BarChart, type ChartDatum, LineChart, PieChart } from '../../../ui/charts';
import { Page } from '../../../ui/page';
import { EmptyState, QueryView } from '../../../ui/states';
import { type KpiReport, useKpiReport } from './api';
import { MetricCard } from './metric-card';
import { KPI_CARDS, useMetricFormat } from './metrics';
import type { Grouping } from './period';
import { PeriodPicker, useReportPeriod } from './period-picker';
import { ScrollTable } from './scroll-table';
import { STATUS_COLORS } from './status-colors';
import './reports.css';

const LEADERBOARD_SIZE = 10;

function useBucketLabel(groupBy: Grouping): (bucket: string) => string {
  const { t, locale } = useI18n();
  const tag = INTL_LOCALE[locale];
  const day = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (bucket) => {
    const date = new Date(`${bucket}T12:00:00Z`);
    if (groupBy === 'month') return month.format(date);
    if (groupBy === 'week') return t('reports.weekOf', { date: day.format(date) });
    return day.format(date);
  };
}

function MetricCards({ report }: { report: KpiReport }) {
  const format = useMetricFormat();
  return (
    <dl className="metric-grid">
      {KPI_CARDS.map((definition) => (
        <MetricCard
          key={definition.key}
          definition={definition}
          value={report.summary[definition.key]}
          change={report.changes[definition.key]}
          format={format}
        />
      ))}
    </dl>
  );
}

function Leaderboard({ report }: { report: KpiReport }) {
  const { t } = useI18n();
  const format = useMetricFormat();
  const top = report.byTechnician.slice(0, LEADERBOARD_SIZE);
  if (top.length === 0) return null;
  return (
    <section className="report-section" aria-labelledby="kpi-leaderboard">
      <h2 id="kpi-leaderboard" className="report-heading">
        {t('reports.kpi.leaderboard')}
      </h2>
      <BarChart
        title={t('reports.kpi.completedByTechnician')}
        valueLabel={t('reports.metric.completed')}
        formatValue={format.count}
        data={top.map((row) => ({ key: row.technicianId, label: row.name, value: row.completed }))}
      />
      <ScrollTable label={t('reports.kpi.leaderboard')}>
        <table className="report-table">
          <caption className="visually-hidden">{t('reports.kpi.leaderboard')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('reports.column.technician')}</th>
              <th scope="col">{t('reports.metric.completed')}</th>
              <th scope="col">{t('reports.metric.avgRepairTime')}</th>
              <th scope="col">{t('reports.metric.avgCustomerRating')}</th>
              <th scope="col">{t('reports.metric.firstTimeFixRate')}</th>
              <th scope="col">{t('reports.metric.onTimeArrivalRate')}</th>
              <th scope="col">{t('reports.metric.slaCompliance')}</th>
            </tr>
          </thead>
          <tbody>
            {top.map((row, index) => (
              <tr key={row.technicianId}>
                <td>{format.count(index + 1)}</td>
                <th scope="row">{row.name}</th>
                <td>{format.count(row.completed)}</td>
                <td>{format.duration(row.avgRepairTime)}</td>
                <td>{format.rating(row.avgCustomerRating)}</td>
                <td>{format.percent(row.firstTimeFixRate)}</td>
                <td>{format.percent(row.onTimeArrivalRate)}</td>
                <td>{format.percent(row.slaCompliance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

function Charts({ report }: { report: KpiReport }) {
  const { t } = useI18n();
  const format = useMetricFormat();
  const cityName = useCityName();
  const bucketLabel = useBucketLabel(report.period.groupBy);
  const statuses: ChartDatum[] = report.byStatus.map((row) => ({
    key: row.status,
    label: t(`ticketStatus.label.${row.status}`),
    value: row.count,
    color: STATUS_COLORS[row.status as TicketStatus],
  }));
  return (
    <div className="chart-grid">
      <LineChart
        title={t('reports.kpi.ticketsTrend')}
        valueLabel={t('reports.metric.totalTickets')}
        formatValue={format.count}
        data={report.trend.map((row) => ({
          key: row.period,
          label: bucketLabel(row.period),
          value: row.totalTickets,
        }))}
      />
      <PieChart
        title={t('reports.kpi.statusDistribution')}
        valueLabel={t('reports.metric.totalTickets')}
        formatValue={format.count}
        data={statuses}
      />
      <BarChart
        title={t('reports.kpi.byCity')}
        valueLabel={t('reports.metric.totalTickets')}
        formatValue={format.count}
        data={report.byCity.map((row) => ({
          key: row.city,
          label: cityName(row.city),
          value: row.totalTickets,
        }))}
      />
    </div>
  );
}

export function KpiReportPage() {
  const { t } = useI18n();
  const { period, change } = useReportPeriod();
  const query = useKpiReport(period);
  return (
    <Page titleKey="pages.adminReportsKpi" className="report-page">
      <PeriodPicker period={period} onChange={change} />
      {period.problem === null && (
        <div
          className="report-results"
          aria-busy={query.isFetching}
          data-period={query.data ? `${query.data.period.dateFrom}/${query.data.period.dateTo}` : undefined}
        >
          <QueryView query={query}>
            {(report) => (
              <>
                <MetricCards report={report} />
                {report.summary.totalTickets === 0 ? (
                  <EmptyState title={t('reports.kpi.empty')} />
                ) : (
                  <>
                    <Charts report={report} />
                    <Leaderboard report={report} />
                  </>
                )}
              </>
            )}
          </QueryView>
        </div>
      )}
    </Page>
  );
}
