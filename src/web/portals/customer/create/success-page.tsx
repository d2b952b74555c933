// /customer/create/success — seed 000 §4.4: the ticket number and tracking token, each with a copy
// button, and the way to tracking. The ticket comes from navigation state, or after a reload from
// sessionStorage.
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useI18n } from '../../../i18n/i18n';
import { CopyIcon } from '../../../ui/icons';
import { Page } from '../../../ui/page';
import { EmptyState } from '../../../ui/states';
import { lastCreated } from './draft';

interface Created {
  ticketNumber: string;
  trackingToken: string;
}

function isCreated(value: unknown): value is Created {
  const candidate = value as Partial<Created> | null;
  return typeof candidate?.ticketNumber === 'string' && typeof candidate.trackingToken === 'string';
}

function CopyValue({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
  };
  return (
    <div className="info-card">
      <span className="info-label">{label}</span>
      <div className="info-value-row">
        <code className="info-value" dir="ltr">
          {value}
        </code>
        <button type="button" className="button button-ghost" onClick={copy}>
          <CopyIcon /> {t('success.copy', { what: label })}
        </button>
      </div>
      <p className="copy-status" role="status">
        {status === 'copied' && t('success.copied', { what: label })}
        {status === 'failed' && t('success.copyFailed')}
      </p>
    </div>
  );
}

export function CreateSuccessPage() {
  const { t } = useI18n();
  const location = useLocation();
  const created = isCreated(location.state) ? location.state : lastCreated();
  if (!created) {
    return (
      <Page titleKey="pages.customerCreateSuccess" className="page-narrow">
        <EmptyState title={t('success.missing')}>
          <Link to="/customer/create?step=1" className="button button-primary">
            {t('success.createAnother')}
          </Link>
        </EmptyState>
      </Page>
    );
  }
  return (
    <Page titleKey="success.title" className="page-narrow success-page">
      <div className="success-banner">
        <span className="success-check" aria-hidden="true">
          ✓
        </span>
        <p>{t('success.contactSoon')}</p>
      </div>
      <CopyValue label={t('success.ticketNumber')} value={created.ticketNumber} />
      <CopyValue label={t('success.trackingToken')} value={created.trackingToken} />
      <p className="note">{t('success.keepToken')}</p>
      <div className="form-actions">
        <Link
          to={`/customer/track/${encodeURIComponent(created.trackingToken)}`}
          className="button button-primary"
        >
          {t('success.track')} <span aria-hidden="true">↗</span>
        </Link>
        <Link to="/customer" className="button button-secondary">
          {t('success.home')}
        </Link>
      </div>
    </Page>
  );
}
