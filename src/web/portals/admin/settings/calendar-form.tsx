// One business calendar: name, time zone, working hours per weekday and holidays (issue 3, item 6).
// The server checks every value (an unknown time zone, an interval that ends before it starts...) and
// its messages are shown next to the form.
import { type FormEvent, useId, useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { type Calendar, type CalendarInput, useSaveCalendar } from './api';
import { FieldError, issueAt, SaveStatus } from './form-bits';

const WEEKDAYS = ['0', '1', '2', '3', '4', '5', '6'] as const;
type Weekday = (typeof WEEKDAYS)[number];
type Interval = { start: string; end: string };
type WeeklyHours = Record<Weekday, Interval[]>;

export const EMPTY_CALENDAR: CalendarInput = {
  name: '',
  timeZone: 'Asia/Riyadh',
  weeklyHours: { '0': [], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] },
  holidays: [],
  isDefault: false,
};

export const calendarInputOf = (calendar: Calendar): CalendarInput => ({
  name: calendar.name,
  timeZone: calendar.timeZone,
  weeklyHours: calendar.weeklyHours as WeeklyHours,
  holidays: calendar.holidays,
  isDefault: calendar.isDefault,
});

function useTimeZones(): string[] {
  return useMemo(() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return ['Asia/Riyadh', 'UTC'];
    }
  }, []);
}

/** Weekday names in the page's language; 2023-01-01 was a Sunday (weekday 0). */
function useWeekdayNames(): Record<Weekday, string> {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
    return Object.fromEntries(
      WEEKDAYS.map((day) => [day, format.format(new Date(Date.UTC(2023, 0, 1 + Number(day))))]),
    ) as Record<Weekday, string>;
  }, [locale]);
}

function DayHours(props: {
  day: Weekday;
  name: string;
  intervals: Interval[];
  error: string | undefined;
  disabled: boolean;
  onChange(intervals: Interval[]): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const set = (index: number, patch: Partial<Interval>) =>
    props.onChange(props.intervals.map((item, at) => (at === index ? { ...item, ...patch } : item)));
  return (
    <fieldset className="st-day" aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.name}</legend>
      {props.intervals.length === 0 && <p className="field-hint">{t('adminSettings.dayOff')}</p>}
      {props.intervals.map((interval, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity besides their place
        <div key={index} className="st-interval">
          <label>
            <span className="visually-hidden">{t('adminSettings.intervalStart', { day: props.name })}</span>
            <input
              type="text"
              dir="ltr"
              inputMode="numeric"
              placeholder="08:00"
              size={5}
              value={interval.start}
              disabled={props.disabled}
              onChange={(event) => set(index, { start: event.target.value })}
            />
          </label>
          <span aria-hidden="true">–</span>
          <label>
            <span className="visually-hidden">{t('adminSettings.intervalEnd', { day: props.name })}</span>
            <input
              type="text"
              dir="ltr"
              inputMode="numeric"
              placeholder="17:00"
              size={5}
              value={interval.end}
              disabled={props.disabled}
              onChange={(event) => set(index, { end: event.target.value })}
            />
          </label>
          {!props.disabled && (
            <button
              type="button"
              className="button button-ghost st-small"
              onClick={() => props.onChange(props.intervals.filter((_, at) => at !== index))}
            >
              {t('adminSettings.removeInterval')}
            </button>
          )}
        </div>
      ))}
      {!props.disabled && (
        <button
          type="button"
          className="button button-ghost st-small"
          onClick={() => props.onChange([...props.intervals, { start: '08:00', end: '17:00' }])}
        >
          {t('adminSettings.addInterval', { day: props.name })}
        </button>
      )}
      <FieldError id={`${id}-error`} message={props.error} />
    </fieldset>
  );
}

function Holidays(props: {
  holidays: string[];
  error: string | undefined;
  disabled: boolean;
  onChange(holidays: string[]): void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState('');
  const format = new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-ca-gregory-nu-latn' : 'en', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  });
  const add = () => {
    if (!draft) return;
    props.onChange([...new Set([...props.holidays, draft])].sort());
    setDraft('');
  };
  return (
    <fieldset className="st-holidays">
      <legend>{t('adminSettings.holidays')}</legend>
      {props.holidays.length === 0 ? (
        <p className="field-hint">{t('adminSettings.noHolidays')}</p>
      ) : (
        <ul className="st-chips" aria-label={t('adminSettings.holidays')}>
          {props.holidays.map((date) => (
            <li key={date} className="st-chip">
              <time dateTime={date}>{format.format(new Date(`${date}T00:00:00Z`))}</time>
              {!props.disabled && (
                <button
                  type="button"
                  className="st-chip-remove"
                  aria-label={t('adminSettings.removeHoliday', { date })}
                  onClick={() => props.onChange(props.holidays.filter((item) => item !== date))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!props.disabled && (
        <div className="st-inline">
          <div className="field">
            <label htmlFor={`${id}-date`}>{t('adminSettings.holidayDate')}</label>
            <input
              id={`${id}-date`}
              type="date"
              dir="ltr"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  add();
                }
              }}
            />
          </div>
          <button type="button" className="button button-secondary" onClick={add} disabled={!draft}>
            {t('adminSettings.addHoliday')}
          </button>
        </div>
      )}
      <FieldError id={`${id}-error`} message={props.error} />
    </fieldset>
  );
}

export function CalendarForm(props: {
  calendarId: string | null;
  initial: CalendarInput;
  canEdit: boolean;
  onSaved(id: string): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const save = useSaveCalendar();
  const zones = useTimeZones();
  const weekdayNames = useWeekdayNames();
  const [form, setForm] = useState<CalendarInput>(props.initial);
  const disabled = !props.canEdit;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { id: props.calendarId, body: form },
      { onSuccess: (calendar) => props.onSaved(calendar.id) },
    );
  };

  return (
    <form className="form st-calendar-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {props.calendarId ? t('adminSettings.editCalendar') : t('adminSettings.newCalendar')}
      </h3>
      <div className="st-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('adminSettings.calendarName')}</label>
          <input
            id={`${id}-name`}
            value={form.name}
            disabled={disabled}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
            aria-invalid={Boolean(issueAt(save.error, 'body.name'))}
          />
          <FieldError id={`${id}-name-error`} message={issueAt(save.error, 'body.name')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-zone`}>{t('adminSettings.timeZone')}</label>
          <input
            id={`${id}-zone`}
            list={`${id}-zones`}
            dir="ltr"
            value={form.timeZone}
            disabled={disabled}
            onChange={(event) => setForm({ ...form, timeZone: event.target.value })}
            aria-invalid={Boolean(issueAt(save.error, 'body.timeZone'))}
            aria-describedby={`${id}-zone-hint ${id}-zone-error`}
          />
          <datalist id={`${id}-zones`}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <p id={`${id}-zone-hint`} className="field-hint">
            {t('adminSettings.timeZoneHint')}
          </p>
          <FieldError id={`${id}-zone-error`} message={issueAt(save.error, 'body.timeZone')} />
        </div>
      </div>
      <div className="st-week">
        {WEEKDAYS.map((day) => (
          <DayHours
            key={day}
            day={day}
            name={weekdayNames[day]}
            intervals={form.weeklyHours[day]}
            error={issueAt(save.error, `body.weeklyHours.${day}`)}
            disabled={disabled}
            onChange={(intervals) =>
              setForm({ ...form, weeklyHours: { ...form.weeklyHours, [day]: intervals } })
            }
          />
        ))}
      </div>
      <Holidays
        holidays={form.holidays}
        error={issueAt(save.error, 'body.holidays')}
        disabled={disabled}
        onChange={(holidays) => setForm({ ...form, holidays })}
      />
      <label className="st-check">
        <input
          type="checkbox"
          checked={form.isDefault}
          disabled={disabled}
          onChange={(event) => setForm({ ...form, isDefault: event.target.checked })}
        />
        {t('adminSettings.defaultCalendar')}
      </label>
      {props.canEdit && (
        <div className="st-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('adminSettings.saving') : t('adminSettings.saveCalendar')}
          </button>
          <SaveStatus isPending={save.isPending} isSuccess={save.isSuccess} error={save.error} />
        </div>
      )}
    </form>
  );
}
