// The filters bar of seed 000 §4.6: status (several), priority (several), technician, city, a date
// range and a search by name, phone or ticket number. Every change goes to the URL at once (the
// search after a short pause, replacing its own history entry while typing).
import { useEffect, useId, useRef, useState } from 'react';
import { TICKET_STATUSES } from '../../../../domain/lifecycle/types';
import { PRIORITIES } from '../../../../domain/tickets';
import { useCities } from '../../../api/customer';
import { useI18n } from '../../../i18n/i18n';
import { useTechnicianOptions } from './api';
import { activeFilterCount, NO_FILTERS, type TicketFilters } from './filters';

const SEARCH_PAUSE_MS = 400;

function MultiSelect<T extends string>(props: {
  label: string;
  values: readonly T[];
  chosen: T[];
  labelOf(value: T): string;
  onChange(chosen: T[]): void;
}) {
  const { t } = useI18n();
  const summary =
    props.chosen.length === 0
      ? t('adminTickets.filters.any')
      : props.chosen.length === 1
        ? props.labelOf(props.chosen[0] as T)
        : t('adminTickets.filters.chosen', { count: props.chosen.length });
  const toggle = (value: T, on: boolean) =>
    props.onChange(props.values.filter((item) => (item === value ? on : props.chosen.includes(item))));
  return (
    <details className="at-multi">
      <summary className="at-multi-summary">
        <span className="field-label">{props.label}</span>
        <span className="at-multi-value">{summary}</span>
      </summary>
      <fieldset className="at-multi-options">
        <legend className="visually-hidden">{props.label}</legend>
        {props.values.map((value) => (
          <label key={value} className="at-multi-option">
            <input
              type="checkbox"
              checked={props.chosen.includes(value)}
              onChange={(event) => toggle(value, event.target.checked)}
            />
            <span>{props.labelOf(value)}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}

export function FilterBar(props: {
  filters: TicketFilters;
  onChange(filters: TicketFilters, opts?: { replace?: boolean }): void;
}) {
  const { t, locale } = useI18n();
  const { filters, onChange } = props;
  const cities = useCities();
  const technicians = useTechnicianOptions();
  const [search, setSearch] = useState(filters.search);
  const ids = { technician: useId(), city: useId(), from: useId(), to: useId(), search: useId() };
  const latest = useRef(filters);
  latest.current = filters;

  // The URL changed under us (back button, a shared link): show its search.
  useEffect(() => setSearch(filters.search), [filters.search]);

  useEffect(() => {
    if (search === latest.current.search) return;
    const timer = setTimeout(
      () => onChange({ ...latest.current, search }, { replace: true }),
      SEARCH_PAUSE_MS,
    );
    return () => clearTimeout(timer);
  }, [search, onChange]);

  const set = (changes: Partial<TicketFilters>) => onChange({ ...filters, search, ...changes });
  const count = activeFilterCount(filters);

  return (
    <search className="card at-filters" aria-label={t('adminTickets.filters.label')}>
      <div className="field at-search">
        <label htmlFor={ids.search}>{t('adminTickets.filters.search')}</label>
        <input
          id={ids.search}
          type="search"
          value={search}
          maxLength={100}
          placeholder={t('adminTickets.filters.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onChange({ ...filters, search });
          }}
        />
        {search.trim().length === 1 && (
          <span className="field-hint">{t('adminTickets.filters.searchShort')}</span>
        )}
      </div>
      <MultiSelect
        label={t('adminTickets.filters.status')}
        values={TICKET_STATUSES}
        chosen={filters.status}
        labelOf={(value) => t(`ticketStatus.label.${value}`)}
        onChange={(status) => set({ status })}
      />
      <MultiSelect
        label={t('adminTickets.filters.priority')}
        values={PRIORITIES}
        chosen={filters.priority}
        labelOf={(value) => t(`adminTickets.priority.${value}`)}
        onChange={(priority) => set({ priority })}
      />
      <div className="field">
        <label htmlFor={ids.technician}>{t('adminTickets.filters.technician')}</label>
        <select
          id={ids.technician}
          value={filters.technicianId}
          onChange={(event) => set({ technicianId: event.target.value })}
        >
          <option value="">{t('adminTickets.filters.any')}</option>
          {technicians.data?.map((technician) => (
            <option key={technician.id} value={technician.id}>
              {technician.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.city}>{t('adminTickets.filters.city')}</label>
        <select id={ids.city} value={filters.city} onChange={(event) => set({ city: event.target.value })}>
          <option value="">{t('adminTickets.filters.any')}</option>
          {cities.data?.map((city) => (
            <option key={city.code} value={city.code}>
              {locale === 'ar' ? city.nameAr : city.nameEn}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.from}>{t('adminTickets.filters.dateFrom')}</label>
        <input
          id={ids.from}
          type="date"
          value={filters.dateFrom}
          max={filters.dateTo || undefined}
          onChange={(event) => set({ dateFrom: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>{t('adminTickets.filters.dateTo')}</label>
        <input
          id={ids.to}
          type="date"
          value={filters.dateTo}
          min={filters.dateFrom || undefined}
          onChange={(event) => set({ dateTo: event.target.value })}
        />
      </div>
      {count > 0 && (
        <button
          type="button"
          className="button button-ghost at-clear"
          onClick={() => {
            setSearch('');
            onChange(NO_FILTERS);
          }}
        >
          {t('adminTickets.filters.clear', { count })}
        </button>
      )}
    </search>
  );
}
