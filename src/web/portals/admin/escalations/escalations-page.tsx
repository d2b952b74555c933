// /admin/escalations — the escalations centre (seed 000 §3.3 step 5, §7.2): filters by level, type,
// resolution, technician and day kept in the URL; cards with the ticket, the reason and the time
// since escalation; resolve with notes (required) in a modal.

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { EscalationLevel, EscalationType } from '../../../../server/db/schema/escalations';
import { useCityName } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { Dialog } from '../../../ui/dialog';
import { Page } from '../../../ui/page';
import { Pager } from '../../../ui/pager';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../ui/states';
import { StatusBadge } from '../../customer/track/ticket-parts';
import { DESK_PAGER, useDurationText, useMinuteClock } from '../ticket-details/admin-ui';
import { useTechnicianChoices } from '../ticket-details/api';
import '../ticket-details/admin-details.css';
import {
  ESCALATION_LEVEL_OPTIONS,
  ESCALATION_PAGE_SIZE,
  ESCALATION_TYPE_OPTIONS,
  type Escalation,
  type EscalationFilters,
  type ResolvedFilter,
  resolveEscalation,
  useEscalations,
  useRefreshEscalations,
} from './api';

const RESOLVED_OPTIONS: readonly ResolvedFilter[] = ['open', 'resolved', 'all'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters in the URL; a value the page does not know is ignored rather than sent. */
function filtersOf(params: URLSearchParams): EscalationFilters {
  const pick = <T extends string>(name: string, allowed: readonly T[]) => {
    const value = params.get(name);
    return allowed.includes(value as T) ? (value as T) : undefined;
  };
  const text = (name: string, pattern: RegExp) => {
    const value = params.get(name);
    return value && pattern.test(value) ? value : undefined;
  };
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    level: pick<EscalationLevel>('level', ESCALATION_LEVEL_OPTIONS),
    type: pick<EscalationType>('type', ESCALATION_TYPE_OPTIONS),
    resolved: pick('resolved', RESOLVED_OPTIONS) ?? 'open',
    technicianId: text('technician', UUID),
    dateFrom: text('from', DATE),
    dateTo: text('to', DATE),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

function Filters({
  filters,
  onChange,
}: {
  filters: EscalationFilters;
  onChange(name: string, value: string): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const technicians = useTechnicianChoices(true);
  return (
    <form
      className="ad-filters"
      aria-label={t('adminDesk.escalations.filters')}
      onSubmit={(event) => event.preventDefault()}
    >
      <div className="field">
        <label htmlFor={`${id}-level`}>{t('adminDesk.escalations.level')}</label>
        <select
          id={`${id}-level`}
          value={filters.level ?? ''}
          onChange={(event) => onChange('level', event.target.value)}
        >
          <option value="">{t('adminDesk.all')}</option>
          {ESCALATION_LEVEL_OPTIONS.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('adminDesk.escalations.type')}</label>
        <select
          id={`${id}-type`}
          value={filters.type ?? ''}
          onChange={(event) => onChange('type', event.target.value)}
        >
          <option value="">{t('adminDesk.all')}</option>
          {ESCALATION_TYPE_OPTIONS.map((type) => (
            <option key={type} value={type}>
              {t(`adminDesk.escalationTypes.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-resolved`}>{t('adminDesk.escalations.state')}</label>
        <select
          id={`${id}-resolved`}
          value={filters.resolved}
          onChange={(event) => onChange('resolved', event.target.value)}
        >
          {RESOLVED_OPTIONS.map((value) => (
            <option key={value} value={value}>
              {t(`adminDesk.escalations.resolvedFilter.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-technician`}>{t('adminDesk.escalations.technician')}</label>
        <select
          id={`${id}-technician`}
          value={filters.technicianId ?? ''}
          onChange={(event) => onChange('technician', event.target.value)}
        >
          <option value="">{t('adminDesk.all')}</option>
          {(technicians.data?.technicians ?? []).map((technician) => (
            <option key={technician.id} value={technician.id}>
              {technician.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('adminDesk.escalations.from')}</label>
        <input
          id={`${id}-from`}
          type="date"
          value={filters.dateFrom ?? ''}
          max={filters.dateTo}
          onChange={(event) => onChange('from', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('adminDesk.escalations.to')}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={filters.dateTo ?? ''}
          min={filters.dateFrom}
          onChange={(event) => onChange('to', event.target.value)}
        />
      </div>
    </form>
  );
}

function ResolveDialog(props: { escalation: Escalation; onClose(): void; onResolved(): void }) {
  const { escalation, onClose } = props;
  const { t } = useI18n();
  const id = useId();
  const messageOf = useErrorMessage();
  const refresh = useRefreshEscalations();
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const resolve = useMutation({
    mutationFn: (text: string) => resolveEscalation(escalation.id, text),
    onSuccess: async () => {
      await refresh(escalation.ticketId);
      props.onResolved();
      onClose();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problem = notes.trim().length < 3 ? 'adminDesk.escalations.notesRequired' : null;
    setError(problem);
    if (problem) {
      document.getElementById(`${id}-notes`)?.focus();
      return;
    }
    resolve.mutate(notes.trim());
  };
  return (
    <Dialog
      title={t('adminDesk.escalations.resolveTitle', { number: escalation.ticketNumber })}
      onClose={onClose}
    >
      <form className="form" noValidate onSubmit={onSubmit}>
        <p>
          <bdi dir="auto">{escalation.reason}</bdi>
        </p>
        {resolve.isError && (
          <div className="alert alert-error" role="alert">
            {messageOf(resolve.error)}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-notes`}>{t('adminDesk.escalations.notes')}</label>
          <textarea
            id={`${id}-notes`}
            rows={4}
            dir="auto"
            maxLength={2000}
            value={notes}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-notes-error` : `${id}-notes-hint`}
            onChange={(event) => setNotes(event.target.value)}
          />
          {error ? (
            <p id={`${id}-notes-error`} className="field-error">
              {t(error)}
            </p>
          ) : (
            <p id={`${id}-notes-hint`} className="field-hint">
              {t('adminDesk.escalations.notesHint')}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={resolve.isPending}>
            {t('adminDesk.escalations.resolveSubmit')}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('adminDesk.cancelButton')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function EscalationCard({
  escalation,
  now,
  onResolve,
}: {
  escalation: Escalation;
  now: number;
  onResolve(): void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const duration = useDurationText();
  const cityName = useCityName();
  const minutesSince = (now - new Date(escalation.createdAt).getTime()) / 60_000;
  const headingId = `esc-${escalation.id}`;
  return (
    <li className="card ad-escalation" aria-labelledby={headingId}>
      <div className="ad-row">
        <span className={`ad-level ad-level-${escalation.level}`}>{escalation.level}</span>
        <h2 id={headingId} className="ad-card-title">
          {t(`adminDesk.escalationTypes.${escalation.type}`)}
        </h2>
        <span className={escalation.isResolved ? 'ad-pill ad-pill-done' : 'ad-pill ad-pill-open'}>
          {escalation.isResolved ? t('adminDesk.escalations.resolved') : t('adminDesk.escalations.open')}
        </span>
      </div>
      <p className="ad-row">
        <Link to={`/admin/tickets/${escalation.ticketId}`}>
          {t('adminDesk.escalations.ticketLink', { number: escalation.ticketNumber })}
        </Link>
        <span>{escalation.customerName}</span>
        <span className="field-hint">{cityName(escalation.customerCity)}</span>
        <StatusBadge status={escalation.ticketStatus} />
      </p>
      <p>
        <bdi dir="auto">{escalation.reason}</bdi>
      </p>
      <p className="field-hint">
        <time dateTime={escalation.createdAt} title={format.dateTime(escalation.createdAt)}>
          {t('adminDesk.escalations.since', { time: duration(minutesSince) })}
        </time>
        {escalation.ownerName || escalation.ownerRole
          ? ` · ${t('adminDesk.escalations.owner', { name: escalation.ownerName ?? escalation.ownerRole ?? '' })}`
          : ''}
        {escalation.technicianName
          ? ` · ${t('adminDesk.escalations.technicianLine', { name: escalation.technicianName })}`
          : ''}
      </p>
      {escalation.isResolved ? (
        <p className="ad-resolution">
          {t('adminDesk.escalations.resolvedBy', {
            name: escalation.resolvedByName ?? t('roles.system'),
            date: escalation.resolvedAt ? format.dateTime(escalation.resolvedAt) : '',
          })}
          {escalation.resolutionNotes && (
            <>
              {' — '}
              <bdi dir="auto">{escalation.resolutionNotes}</bdi>
            </>
          )}
        </p>
      ) : (
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={onResolve}>
            {t('adminDesk.escalations.resolve')}
            <span className="visually-hidden"> {escalation.ticketNumber}</span>
          </button>
        </div>
      )}
    </li>
  );
}

export function EscalationsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const query = useEscalations(filters);
  const now = useMinuteClock();
  const [resolving, setResolving] = useState<Escalation | null>(null);
  const [resolvedMessage, setResolvedMessage] = useState('');

  const setFilter = (name: string, value: string) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      if (name !== 'page') next.delete('page');
      return next;
    });
  };

  return (
    <Page titleKey="pages.adminEscalations">
      <Filters filters={filters} onChange={setFilter} />
      <p className="status-text" role="status">
        {resolvedMessage}
      </p>
      {query.data ? (
        <>
          <p className="ad-count">{t('adminDesk.escalations.count', { count: query.data.total })}</p>
          {query.data.escalations.length === 0 ? (
            <EmptyState title={t('adminDesk.escalations.empty')} />
          ) : (
            <ul className="ad-cards" aria-busy={query.isFetching}>
              {query.data.escalations.map((escalation) => (
                <EscalationCard
                  key={escalation.id}
                  escalation={escalation}
                  now={now}
                  onResolve={() => {
                    setResolvedMessage('');
                    setResolving(escalation);
                  }}
                />
              ))}
            </ul>
          )}
          <Pager
            page={filters.page}
            total={query.data.total}
            pageSize={ESCALATION_PAGE_SIZE}
            messages={DESK_PAGER}
            onPage={(page) => setFilter('page', String(page))}
          />
        </>
      ) : query.isPending ? (
        <Loading />
      ) : (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      )}
      {resolving && (
        <ResolveDialog
          escalation={resolving}
          onClose={() => setResolving(null)}
          onResolved={() =>
            setResolvedMessage(t('adminDesk.escalations.resolvedDone', { number: resolving.ticketNumber }))
          }
        />
      )}
    </Page>
  );
}
