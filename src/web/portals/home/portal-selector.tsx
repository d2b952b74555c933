// "/" — the portal selector of seed 000 §1.1: customer or employee.
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n';
import { BriefcaseIcon, UserIcon } from '../../ui/icons';
import { Page } from '../../ui/page';

export function PortalSelectorPage() {
  const t = useT();
  return (
    <Page titleKey="selector.title" className="page-narrow">
      <p className="lead">{t('selector.subtitle')}</p>
      <ul className="choice-grid">
        <li>
          <Link to="/customer" className="choice-card">
            <UserIcon />
            <span className="choice-title">{t('selector.customerTitle')}</span>
            <span className="choice-description">{t('selector.customerDescription')}</span>
          </Link>
        </li>
        <li>
          <Link to="/staff/login" className="choice-card">
            <BriefcaseIcon />
            <span className="choice-title">{t('selector.employeeTitle')}</span>
            <span className="choice-description">{t('selector.employeeDescription')}</span>
          </Link>
        </li>
      </ul>
    </Page>
  );
}
