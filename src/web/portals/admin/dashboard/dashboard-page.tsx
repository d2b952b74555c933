// /admin — Admin dashboard (seed 000 §1.2, §3.3 step 2, §6.4 "Dashboard"): tickets by stage, the
// active-escalations alert, the last 30 days' KPIs, tickets by status, the newest tickets and the
// dispatcher's quick actions.

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { dashboardResponse } from '../../../../server/modules/admin/admin.schemas';
import { apiRequest } from '../../../api/client';
import { useCityName } from '../../../api/customer';
import { FALLBACK_TIME_ZONE, useOrganization } from '../../../api/organization';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { BarChart } from '../../../ui/charts';
import { Page } from '../../../ui/page';
import { EmptyState, QueryView } from '../../../ui/states';
import { useKpiReport } from '../reports/api';
import { MetricCard } from '../reports/metric-card';
import { KPI_CARDS, useMetricFormat } from '../reports/metrics';
import { periodFromParams, todayIn } from '../reports/period';
import { ScrollTable } from '../reports/scroll-table';
import { STATUS_COLORS } from '../reports/status-colors';
import '../reports/reports.css';

type Dashboard = z.infer<typeof dashboardResponse>;

const STAT_KEYS = ['new', 'assigned', 'inProgress', 'completed', 'escalations'] as const;
const SUMMARY_KPIS = KPI_CARDS.filter((card) =>
  ['totalTickets', 'avgAssignmentTime', 'firstTimeFixRate', 'avgCustomerRating', 'slaCompliance'].includes(
    card.key,
  ),
);

function useDashboard() {
  return useQuery({
    queryKey: ['admin', 'dashboard'],
    queryFn: ({ signal }) => apiRequest<Dashboard>('/admin/dashboard', { signal, auth: true }),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

function StatCards({ stats }: { stats: Dashboard['stats'] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <dl className="metric-grid" aria-label={t('adminDashboard.statsLabel')}>
      {STAT_KEYS.map((key) => (
        <div key={key} className={`metric-card stat-${key}`} data-stat={key}>
          <dt>{t(`adminDashboard.stats.${key}`)}</dt>
          <dd className="metric-value">{format.number(stats[key])}</dd>
        </div>
      ))}
    </dl>
  );
}

function EscalationAlert({ data }: { data: Dashboard }) {
  const { t } = useI18n();
  const format = useFormat();
  const count = data.stats.escalations;
  if (count === 0) return <p className="note">{t('adminDashboard.noEscalations')}</p>;
  return (
    <section className="alert alert-warning dashboard-escalations" aria-labelledby="dashboard-escalations">
      <h2 id="dashboard-escalations" className="report-heading">
        {t('adminDashboard.activeEscalations', { count })}
      </h2>
      <ul className="dashboard-escalation-list">
        {data.activeEscalations.slice(0, 3).map((escalation) => (
          <li key={escalation.id}>
            <Link to={`/admin/tickets/${escalation.ticketId}`} dir="ltr">
              {escalation.ticketNumber}
            </Link>{' '}
            · {escalation.level} · {t(`reports.escalationType.${escalation.type}`)} ·{' '}
            {format.dateTime(escalation.createdAt)}
          </li>
        ))}
      </ul>
      <Link to="/admin/escalations" className="button button-secondary">
        {t('adminDashboard.openEscalations')}
      </Link>
    </section>
  );
}

function KpiSummary() {
  const { t } = useI18n();
  const timeZone = useOrganization().data?.timeZone ?? FALLBACK_TIME_ZONE;
  const period = periodFromParams(new URLSearchParams('period=30d'), todayIn(timeZone));
  const query = useKpiReport(period);
  const format = useMetricFormat();
  return (
    <section className="report-section" aria-labelledby="dashboard-kpis">
      <h2 id="dashboard-kpis" className="report-heading">
        {t('adminDashboard.kpiTitle')}
      </h2>
      <QueryView query={query}>
        {(report) => (
          <dl className="metric-grid">
            {SUMMARY_KPIS.map((definition) => (
              <MetricCard
                key={definition.key}
                definition={definition}
                value={report.summary[definition.key]}
                change={report.changes[definition.key]}
                format={format}
              />
            ))}
          </dl>
        )}
      </QueryView>
      <Link to="/admin/reports/kpi">{t('adminDashboard.openKpis')}</Link>
    </section>
  );
}

function RecentTickets({ tickets }: { tickets: Dashboard['recentTickets'] }) {
  const { t } = useI18n();
  const format = useFormat();
  const cityName = useCityName();
  return (
    <section className="report-section" aria-labelledby="dashboard-recent">
      <h2 id="dashboard-recent" className="report-heading">
        {t('adminDashboard.recentTickets')}
      </h2>
      {tickets.length === 0 ? (
        <EmptyState title={t('adminDashboard.noTickets')} />
      ) : (
        <ScrollTable label={t('adminDashboard.recentTickets')}>
          <table className="report-table">
            <caption className="visually-hidden">{t('adminDashboard.recentTickets')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.column.ticket')}</th>
                <th scope="col">{t('reports.column.customer')}</th>
                <th scope="col">{t('reports.column.city')}</th>
                <th scope="col">{t('reports.column.status')}</th>
                <th scope="col">{t('reports.column.technician')}</th>
                <th scope="col">{t('reports.column.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <th scope="row">
                    <Link to={`/admin/tickets/${ticket.id}`} dir="ltr">
                      {ticket.ticketNumber}
                    </Link>
                  </th>
                  <td>{ticket.customerName}</td>
                  <td>{cityName(ticket.customerCity)}</td>
                  <td>
                    <span className="status-dot" style={{ background: STATUS_COLORS[ticket.status] }} />
                    {t(`ticketStatus.label.${ticket.status}`)}
                  </td>
                  <td>{ticket.technician?.name ?? t('adminDashboard.unassigned')}</td>
                  <td>{format.dateTime(ticket.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

function QuickActions({ stats }: { stats: Dashboard['stats'] }) {
  const { t } = useI18n();
  return (
    <nav className="quick-actions" aria-label={t('adminDashboard.quickActions')}>
      <Link to="/admin/tickets?status=new" className="button button-primary">
        {t('adminDashboard.newTickets', { count: stats.new })}
      </Link>
      <Link to="/admin/tickets?status=new&sort=oldest" className="button button-secondary">
        {t('adminDashboard.unassignedOldest')}
      </Link>
      <Link to="/admin/tickets?view=map" className="button button-ghost">
        {t('adminDashboard.openMap')}
      </Link>
    </nav>
  );
}

function StatusChart({ data }: { data: Dashboard }) {
  const { t } = useI18n();
  const format = useFormat();
  const rows = data.chartData.filter((row) => row.count > 0);
  if (rows.length === 0) return null;
  return (
    <BarChart
      title={t('adminDashboard.byStatus')}
      valueLabel={t('reports.metric.totalTickets')}
      formatValue={format.number}
      data={rows.map((row) => ({
        key: row.status,
        label: t(`ticketStatus.label.${row.status}`),
        value: row.count,
        color: STATUS_COLORS[row.status],
      }))}
    />
  );
}

export function DashboardPage() {
  const query = useDashboard();
  return (
    <Page titleKey="pages.adminDashboard" className="report-page">
      <QueryView query={query}>
        {(data) => (
          <>
            <QuickActions stats={data.stats} />
            <StatCards stats={data.stats} />
            <EscalationAlert data={data} />
            <KpiSummary />
            <div className="chart-grid">
              <StatusChart data={data} />
            </div>
            <RecentTickets tickets={data.recentTickets} />
          </>
        )}
      </QueryView>
    </Page>
  );
}
