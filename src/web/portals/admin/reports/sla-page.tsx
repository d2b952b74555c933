// /admin/reports/sla — SLA compliance (seed 000 §8.1, §8.3): the period's compliance overall, per
// priority and per SLA rule, the breaches raised in the period and the escalations still pending.
// Both tables page through the API; their page numbers live in the URL with the period.
import { useSearchParams } from 'react-router';
import { useI18n } from '../../../i18n/i18n';
import { BarChart } from '../../../ui/charts';
import { Page } from '../../../ui/page';
import { QueryView } from '../../../ui/states';
import { type SlaCompliance, useEscalationPage, useSlaCompliance } from './api';
import { EscalationTable } from './escalation-table';
import { useMetricFormat } from './metrics';
import { PeriodPicker, useReportPeriod } from './period-picker';
import { ScrollTable } from './scroll-table';
import './reports.css';

function pageParam(params: URLSearchParams, name: string): number {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

function ComplianceSummary({ report }: { report: SlaCompliance }) {
  const { t } = useI18n();
  const format = useMetricFormat();
  return (
    <dl className="metric-grid">
      <div className="metric-card" data-metric="slaCompliance">
        <dt>{t('reports.metric.slaCompliance')}</dt>
        <dd className="metric-value">{format.percent(report.compliance)}</dd>
      </div>
      <div className="metric-card" data-metric="totalTickets">
        <dt>{t('reports.metric.totalTickets')}</dt>
        <dd className="metric-value">{format.count(report.totalTickets)}</dd>
      </div>
      <div className="metric-card" data-metric="escalatedTickets">
        <dt>{t('reports.sla.escalatedTickets')}</dt>
        <dd className="metric-value">{format.count(report.escalatedTickets)}</dd>
      </div>
    </dl>
  );
}

function ComplianceTables({ report }: { report: SlaCompliance }) {
  const { t } = useI18n();
  const format = useMetricFormat();
  return (
    <>
      <BarChart
        title={t('reports.sla.byPriority')}
        valueLabel={t('reports.metric.slaCompliance')}
        formatValue={(value) => format.percent(value)}
        max={100}
        data={report.byPriority
          .filter((row) => row.compliance !== null)
          .map((row) => ({
            key: row.priority,
            label: `${t(`reports.priority.${row.priority}`)} (${format.count(row.totalTickets)})`,
            value: row.compliance ?? 0,
          }))}
      />
      <section className="report-section" aria-labelledby="sla-rules">
        <h2 id="sla-rules" className="report-heading">
          {t('reports.sla.byRule')}
        </h2>
        <ScrollTable label={t('reports.sla.byRule')}>
          <table className="report-table">
            <caption className="visually-hidden">{t('reports.sla.byRule')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.column.rule')}</th>
                <th scope="col">{t('reports.sla.escalatedTickets')}</th>
                <th scope="col">{t('reports.metric.slaCompliance')}</th>
              </tr>
            </thead>
            <tbody>
              {report.byRule.map((row) => (
                <tr key={`${row.ruleId ?? 'none'}-${row.type}`} data-rule={row.ruleId ?? row.type}>
                  <th scope="row">
                    {row.ruleId && (
                      <span dir="ltr" className="rule-id">
                        {row.ruleId}
                      </span>
                    )}
                    {t(`reports.escalationType.${row.type}`)}
                    {row.isActive === false && <span className="muted"> ({t('reports.sla.inactive')})</span>}
                  </th>
                  <td>{format.count(row.escalatedTickets)}</td>
                  <td>{format.percent(row.compliance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>
    </>
  );
}

export function SlaReportPage() {
  const { t } = useI18n();
  const { period, change } = useReportPeriod();
  const [params, setParams] = useSearchParams();
  const breachPage = pageParam(params, 'breaches');
  const pendingPage = pageParam(params, 'pending');
  const setPage = (name: string, page: number) => {
    const next = new URLSearchParams(params);
    next.set(name, String(page));
    setParams(next);
  };
  const compliance = useSlaCompliance(period);
  const breaches = useEscalationPage({ period, page: breachPage, enabled: period.problem === null });
  const pending = useEscalationPage({ unresolvedOnly: true, page: pendingPage });
  return (
    <Page titleKey="pages.adminReportsSla" className="report-page">
      <PeriodPicker
        period={period}
        showGrouping={false}
        // A new period starts the breaches table on its first page.
        onChange={(next) => change(next, ['breaches'])}
      />
      {period.problem === null && (
        <>
          <div className="report-results" aria-busy={compliance.isFetching}>
            <QueryView query={compliance}>
              {(report) => (
                <>
                  <ComplianceSummary report={report} />
                  <ComplianceTables report={report} />
                </>
              )}
            </QueryView>
          </div>
          <EscalationTable
            id="breaches"
            title={t('reports.sla.breaches')}
            emptyText={t('reports.sla.noBreaches')}
            query={breaches}
            page={breachPage}
            onPage={(page) => setPage('breaches', page)}
          />
        </>
      )}
      <EscalationTable
        id="pending"
        title={t('reports.sla.pending')}
        emptyText={t('reports.sla.noPending')}
        query={pending}
        page={pendingPage}
        onPage={(page) => setPage('pending', page)}
      />
    </Page>
  );
}
