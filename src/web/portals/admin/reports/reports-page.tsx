// /admin/reports — Reports & analytics (seed 000 §1.2): the way to the KPI dashboard and the SLA
// compliance report, and the exports.
import { Link } from 'react-router';
import { useT } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { ExportPanel } from './export-panel';
import './reports.css';

export function ReportsPage() {
  const t = useT();
  return (
    <Page titleKey="pages.adminReports" className="report-page">
      <ul className="report-links">
        <li>
          <Link to="/admin/reports/kpi" className="report-link">
            <span className="report-link-title">{t('pages.adminReportsKpi')}</span>
            <span className="report-link-text">{t('reports.links.kpi')}</span>
          </Link>
        </li>
        <li>
          <Link to="/admin/reports/sla" className="report-link">
            <span className="report-link-title">{t('pages.adminReportsSla')}</span>
            <span className="report-link-text">{t('reports.links.sla')}</span>
          </Link>
        </li>
      </ul>
      <ExportPanel />
    </Page>
  );
}
