// The period selector of the report pages (seed 000 §8.3): today, 7 or 30 days, or a custom range,
// and the grouping — all in the URL, so a report can be shared and the back button works.
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { FALLBACK_TIME_ZONE, useOrganization } from '../../../api/organization';
import { INTL_LOCALE, useI18n, useT } from '../../../i18n/i18n';
import {
  GROUPINGS,
  type Grouping,
  MAX_PERIOD_DAYS,
  PERIOD_PRESETS,
  type PeriodPreset,
  periodFromParams,
  periodParams,
  type ReportPeriod,
  todayIn,
} from './period';

/** A calendar day (YYYY-MM-DD) as the reader writes dates. */
export function useDateLabel(): (date: string) => string {
  const { locale } = useI18n();
  const format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeZone: 'UTC' });
  return (date) => format.format(new Date(`${date}T12:00:00Z`));
}

export function useReportPeriod() {
  const [params, setParams] = useSearchParams();
  const timeZone = useOrganization().data?.timeZone ?? FALLBACK_TIME_ZONE;
  const period = periodFromParams(params, todayIn(timeZone));
  /** Moves to another period; `reset` names parameters (page numbers) that do not carry over. */
  const change = (next: Parameters<typeof periodParams>[1], reset: string[] = []) => {
    const updated = periodParams(params, next);
    for (const name of reset) updated.delete(name);
    setParams(updated);
  };
  return { period, change };
}

function CustomRange({
  period,
  onApply,
}: {
  period: ReportPeriod;
  onApply: (range: { dateFrom: string; dateTo: string }) => void;
}) {
  const t = useT();
  const [dateFrom, setDateFrom] = useState(period.dateFrom);
  const [dateTo, setDateTo] = useState(period.dateTo);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ dateFrom, dateTo });
  };
  return (
    <form className="report-range" onSubmit={submit}>
      <div className="field">
        <label htmlFor="report-from">{t('reports.period.from')}</label>
        <input
          id="report-from"
          type="date"
          value={dateFrom}
          required
          onChange={(event) => setDateFrom(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="report-to">{t('reports.period.to')}</label>
        <input
          id="report-to"
          type="date"
          value={dateTo}
          required
          onChange={(event) => setDateTo(event.target.value)}
        />
      </div>
      <button type="submit" className="button button-secondary">
        {t('reports.period.apply')}
      </button>
    </form>
  );
}

export function PeriodPicker({
  period,
  onChange,
  showGrouping = true,
}: {
  period: ReportPeriod;
  onChange: (change: {
    preset?: PeriodPreset;
    dateFrom?: string;
    dateTo?: string;
    groupBy?: Grouping;
  }) => void;
  showGrouping?: boolean;
}) {
  const t = useT();
  const dateLabel = useDateLabel();
  return (
    <section className="report-period" aria-label={t('reports.period.label')}>
      <div className="report-period-row">
        <fieldset className="report-presets">
          <legend className="visually-hidden">{t('reports.period.label')}</legend>
          {PERIOD_PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              className={preset === period.preset ? 'button button-primary' : 'button button-ghost'}
              aria-pressed={preset === period.preset}
              onClick={() =>
                onChange(
                  preset === 'custom'
                    ? { preset, dateFrom: period.dateFrom, dateTo: period.dateTo }
                    : { preset },
                )
              }
            >
              {t(`reports.period.${preset}`)}
            </button>
          ))}
        </fieldset>
        {showGrouping && (
          <div className="field report-grouping">
            <label htmlFor="report-grouping">{t('reports.period.groupBy')}</label>
            <select
              id="report-grouping"
              value={period.groupBy}
              onChange={(event) => onChange({ groupBy: event.target.value as Grouping })}
            >
              {GROUPINGS.map((grouping) => (
                <option key={grouping} value={grouping}>
                  {t(`reports.grouping.${grouping}`)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {period.preset === 'custom' && (
        <CustomRange
          key={`${period.dateFrom}/${period.dateTo}`}
          period={period}
          onApply={(range) => onChange(range)}
        />
      )}
      {period.problem === null && (
        <p className="field-hint" aria-live="polite">
          {t('reports.period.covers', { from: dateLabel(period.dateFrom), to: dateLabel(period.dateTo) })}
        </p>
      )}
      {period.problem && (
        <p className="alert alert-error" role="alert">
          {t(`reports.period.problem.${period.problem}`, { days: MAX_PERIOD_DAYS })}
        </p>
      )}
    </section>
  );
}
