// /supervisor/escalations — the team's escalations (open first by default), filtered by state and
// level in the URL, each open one resolvable with notes (seed 000 §3.3 step 5, §7.2).
import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { EscalationLevel } from '../../../server/db/schema/escalations';
import { useFormat } from '../../i18n/format';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { Pager, type PagerMessages } from '../../ui/pager';
import { EmptyState, QueryView, useErrorMessage } from '../../ui/states';
import {
  ESCALATIONS_PAGE_SIZE,
  type Escalation,
  type EscalationFilters,
  useResolveEscalation,
  useTeamEscalations,
} from './api';
import './supervisor.css';

const STATES = ['open', 'resolved', 'all'] as const;
const ESCALATION_LEVELS: readonly EscalationLevel[] = ['L1', 'L2', 'L3'];
const NOTES_MIN = 3;
const NOTES_MAX = 2000;

function ResolveForm({ escalation }: { escalation: Escalation }) {
  const { t } = useI18n();
  const id = useId();
  const messageOf = useErrorMessage();
  const resolve = useResolveEscalation();
  const [notes, setNotes] = useState('');
  const tooShort = notes.trim().length < NOTES_MIN;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (tooShort) return;
    resolve.mutate({ id: escalation.id, resolutionNotes: notes.trim() });
  };
  return (
    <form className="sv-resolve" onSubmit={submit}>
      <label htmlFor={`${id}-notes`} className="field-label">
        {t('supervisor.escalations.notes')}
      </label>
      <textarea
        id={`${id}-notes`}
        value={notes}
        minLength={NOTES_MIN}
        maxLength={NOTES_MAX}
        required
        aria-describedby={`${id}-hint`}
        onChange={(event) => setNotes(event.target.value)}
      />
      <p id={`${id}-hint`} className="field-hint">
        {t('supervisor.escalations.notesHint', { min: NOTES_MIN })}
      </p>
      {resolve.isError && (
        <p className="alert alert-error" role="alert">
          {messageOf(resolve.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={tooShort || resolve.isPending}>
        {resolve.isPending ? t('common.loading') : t('supervisor.escalations.resolve')}
      </button>
    </form>
  );
}

function EscalationCard({ escalation }: { escalation: Escalation }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <li className="sv-escalation" data-resolved={escalation.isResolved}>
      <div className="sv-escalation-head">
        <span className="sv-level" data-level={escalation.level}>
          {escalation.level}
        </span>
        <span>{t(`supervisor.escalationTypes.${escalation.type}` as MessageKey)}</span>
        <Link to={`/supervisor/tickets/${escalation.ticketId}`}>
          <bdi dir="ltr">{escalation.ticketNumber}</bdi>
        </Link>
      </div>
      <p>{escalation.reason}</p>
      <p className="field-hint">
        {t('supervisor.escalations.since', { date: format.dateTime(escalation.createdAt) })}
      </p>
      {escalation.isResolved ? (
        <p className="sv-resolved">
          {t('supervisor.escalations.resolvedBy', {
            name: escalation.resolvedByName ?? t('supervisor.none'),
            date: escalation.resolvedAt ? format.dateTime(escalation.resolvedAt) : '',
          })}
          {escalation.resolutionNotes && (
            <>
              <br />
              {escalation.resolutionNotes}
            </>
          )}
        </p>
      ) : (
        <ResolveForm escalation={escalation} />
      )}
    </li>
  );
}

function filtersFrom(params: URLSearchParams): EscalationFilters {
  const state = params.get('state');
  const level = params.get('level');
  return {
    state: STATES.includes(state as (typeof STATES)[number]) ? (state as EscalationFilters['state']) : 'open',
    level: ESCALATION_LEVELS.includes(level as EscalationLevel) ? (level as EscalationLevel) : undefined,
    page: Math.max(1, Math.floor(Number(params.get('page')) || 1)),
  };
}

const SUPERVISOR_PAGER: PagerMessages = {
  label: 'supervisor.pages',
  previous: 'supervisor.previous',
  next: 'supervisor.next',
  position: 'supervisor.pageOf',
};

export function EscalationsPage() {
  const { t } = useI18n();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const query = useTeamEscalations(filters);
  const go = (changes: Partial<Record<'state' | 'level' | 'page', string>>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (!('page' in changes)) next.delete('page');
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      return next;
    });
  return (
    <Page titleKey="pages.supervisorEscalations">
      <div className="sv-filters">
        <fieldset className="sv-tabs">
          <legend className="visually-hidden">{t('supervisor.escalations.state')}</legend>
          {STATES.map((state) => (
            <button
              key={state}
              type="button"
              className={state === filters.state ? 'button button-primary' : 'button button-secondary'}
              aria-pressed={state === filters.state}
              onClick={() => go({ state })}
            >
              {t(`supervisor.escalations.states.${state}`)}
            </button>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-level`} className="field-label">
            {t('supervisor.escalations.level')}
          </label>
          <select
            id={`${id}-level`}
            value={filters.level ?? ''}
            onChange={(event) => go({ level: event.target.value })}
          >
            <option value="">{t('supervisor.all')}</option>
            {ESCALATION_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryView
        query={query}
        isEmpty={(data) => data.escalations.length === 0}
        empty={<EmptyState title={t(`supervisor.escalations.empty.${filters.state}`)} />}
      >
        {(data) => (
          <>
            <p className="sv-count">{t('supervisor.escalations.count', { count: data.total })}</p>
            <ul className="sv-escalation-list">
              {data.escalations.map((escalation) => (
                <EscalationCard key={escalation.id} escalation={escalation} />
              ))}
            </ul>
            <Pager
              page={filters.page}
              pageSize={ESCALATIONS_PAGE_SIZE}
              total={data.total}
              messages={SUPERVISOR_PAGER}
              onPage={(page) => go({ page: String(page) })}
            />
          </>
        )}
      </QueryView>
    </Page>
  );
}
