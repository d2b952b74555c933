// SLA policies (targets per condition, warning percents, calendar) and the business calendars they
// count time in. Choosing a calendar or a policy opens its form below the list.
import { type FormEvent, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useT } from '../../../i18n/i18n';
import { QueryView } from '../../../ui/states';
import {
  type Calendar,
  type Policy,
  type PolicyInput,
  useCalendars,
  usePolicies,
  useSavePolicy,
} from './api';
import { CalendarForm, calendarInputOf, EMPTY_CALENDAR } from './calendar-form';
import { FieldError, issueAt, SaveStatus } from './form-bits';

const NEW = 'new';

function CalendarsSection({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const query = useCalendars();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('calendar');
  const choose = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('calendar', id);
    else next.delete('calendar');
    setParams(next, { replace: true });
  };
  return (
    <section className="st-block" aria-labelledby="st-calendars-title">
      <div className="st-block-header">
        <h2 id="st-calendars-title" className="st-section-title">
          {t('adminSettings.calendars')}
        </h2>
        {canEdit && (
          <button type="button" className="button button-secondary" onClick={() => choose(NEW)}>
            {t('adminSettings.newCalendar')}
          </button>
        )}
      </div>
      <QueryView query={query}>
        {({ calendars }) => (
          <>
            {calendars.length === 0 ? (
              <p className="field-hint">{t('adminSettings.noCalendars')}</p>
            ) : (
              <ul className="st-list">
                {calendars.map((calendar) => (
                  <CalendarItem
                    key={calendar.id}
                    calendar={calendar}
                    selected={calendar.id === chosen}
                    onChoose={() => choose(calendar.id)}
                  />
                ))}
              </ul>
            )}
            <ChosenCalendar chosen={chosen} calendars={calendars} canEdit={canEdit} onSaved={choose} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function ChosenCalendar(props: {
  chosen: string | null;
  calendars: Calendar[];
  canEdit: boolean;
  onSaved(id: string): void;
}) {
  if (props.chosen === NEW) {
    return (
      <CalendarForm
        key={NEW}
        calendarId={null}
        initial={EMPTY_CALENDAR}
        canEdit={props.canEdit}
        onSaved={props.onSaved}
      />
    );
  }
  const calendar = props.calendars.find((item) => item.id === props.chosen);
  if (!calendar) return null;
  return (
    <CalendarForm
      key={calendar.id}
      calendarId={calendar.id}
      initial={calendarInputOf(calendar)}
      canEdit={props.canEdit}
      onSaved={props.onSaved}
    />
  );
}

function CalendarItem(props: { calendar: Calendar; selected: boolean; onChoose(): void }) {
  const t = useT();
  const { calendar } = props;
  return (
    <li className={props.selected ? 'st-item st-item-selected' : 'st-item'}>
      <button type="button" className="st-item-button" aria-pressed={props.selected} onClick={props.onChoose}>
        <span className="st-item-title">{calendar.name}</span>
        <span className="st-item-meta">
          <bdi dir="ltr">{calendar.timeZone}</bdi> ·{' '}
          {t('adminSettings.holidayCount', { count: calendar.holidays.length })}
          {calendar.isDefault && <span className="st-badge">{t('adminSettings.defaultBadge')}</span>}
        </span>
      </button>
    </li>
  );
}

const policyInputOf = (policy: Policy): PolicyInput =>
  ({
    name: policy.name,
    conditions: policy.conditions,
    targets: policy.targets,
    warningPercents: policy.warningPercents,
    scaleByPriority: policy.scaleByPriority,
    calendarId: policy.calendarId,
    isActive: policy.isActive,
    rank: policy.rank,
  }) as PolicyInput;

function PolicyForm(props: { policy: Policy; calendars: Calendar[]; canEdit: boolean }) {
  const t = useT();
  const id = useId();
  const save = useSavePolicy();
  const [form, setForm] = useState<PolicyInput>(() => policyInputOf(props.policy));
  const disabled = !props.canEdit;
  const number = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ id: props.policy.id, body: form });
  };
  const setTarget = (index: number, patch: Partial<PolicyInput['targets'][number]>) =>
    setForm({
      ...form,
      targets: form.targets.map((target, at) => (at === index ? { ...target, ...patch } : target)),
    });

  return (
    <form className="form st-policy-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('adminSettings.editPolicy', { name: props.policy.name })}</h3>
      <div className="st-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('adminSettings.policyName')}</label>
          <input
            id={`${id}-name`}
            value={form.name}
            disabled={disabled}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
          />
          <FieldError id={`${id}-name-error`} message={issueAt(save.error, 'body.name')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-calendar`}>{t('adminSettings.policyCalendar')}</label>
          <select
            id={`${id}-calendar`}
            value={form.calendarId ?? ''}
            disabled={disabled}
            onChange={(event) => setForm({ ...form, calendarId: event.target.value || null })}
          >
            <option value="">{t('adminSettings.defaultCalendarOption')}</option>
            {props.calendars.map((calendar) => (
              <option key={calendar.id} value={calendar.id}>
                {calendar.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-warning`}>{t('adminSettings.warningPercent')}</label>
          <input
            id={`${id}-warning`}
            type="number"
            dir="ltr"
            value={Number.isNaN(form.warningPercents[0]) ? '' : form.warningPercents[0]}
            disabled={disabled}
            onChange={(event) =>
              setForm({ ...form, warningPercents: [number(event.target.value), form.warningPercents[1]] })
            }
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-critical`}>{t('adminSettings.criticalPercent')}</label>
          <input
            id={`${id}-critical`}
            type="number"
            dir="ltr"
            value={Number.isNaN(form.warningPercents[1]) ? '' : form.warningPercents[1]}
            disabled={disabled}
            onChange={(event) =>
              setForm({ ...form, warningPercents: [form.warningPercents[0], number(event.target.value)] })
            }
          />
        </div>
      </div>
      <FieldError id={`${id}-percents-error`} message={issueAt(save.error, 'body.warningPercents')} />
      <table className="st-table">
        <caption>{t('adminSettings.targets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('adminSettings.targetId')}</th>
            <th scope="col">{t('adminSettings.targetKind')}</th>
            <th scope="col">{t('adminSettings.targetClock')}</th>
            <th scope="col">{t('adminSettings.targetMinutes')}</th>
          </tr>
        </thead>
        <tbody>
          {form.targets.map((target, index) => (
            <tr key={target.id}>
              <th scope="row">
                <bdi dir="ltr">{target.id}</bdi>
              </th>
              <td>{t(`adminSettings.kinds.${target.kind}`)}</td>
              <td>
                <select
                  aria-label={t('adminSettings.targetClockOf', { target: target.id })}
                  value={target.clock}
                  disabled={disabled}
                  onChange={(event) => setTarget(index, { clock: event.target.value as 'business' | 'wall' })}
                >
                  <option value="business">{t('adminSettings.clocks.business')}</option>
                  <option value="wall">{t('adminSettings.clocks.wall')}</option>
                </select>
              </td>
              <td>
                <input
                  type="number"
                  dir="ltr"
                  aria-label={t('adminSettings.targetMinutesOf', { target: target.id })}
                  value={Number.isNaN(target.minutes) ? '' : target.minutes}
                  disabled={disabled}
                  aria-invalid={Boolean(issueAt(save.error, `body.targets.${index}.minutes`))}
                  onChange={(event) => setTarget(index, { minutes: number(event.target.value) })}
                />
                <FieldError
                  id={`${id}-target-${index}-error`}
                  message={issueAt(save.error, `body.targets.${index}.minutes`)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="st-check">
        <input
          type="checkbox"
          checked={form.isActive}
          disabled={disabled}
          onChange={(event) => setForm({ ...form, isActive: event.target.checked })}
        />
        {t('adminSettings.policyActive')}
      </label>
      <label className="st-check">
        <input
          type="checkbox"
          checked={form.scaleByPriority}
          disabled={disabled}
          onChange={(event) => setForm({ ...form, scaleByPriority: event.target.checked })}
        />
        {t('adminSettings.scaleByPriority')}
      </label>
      {props.canEdit && (
        <div className="st-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('adminSettings.saving') : t('adminSettings.savePolicy')}
          </button>
          <SaveStatus isPending={save.isPending} isSuccess={save.isSuccess} error={save.error} />
        </div>
      )}
    </form>
  );
}

function PoliciesSection({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const policies = usePolicies();
  const calendars = useCalendars();
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <section className="st-block" aria-labelledby="st-policies-title">
      <h2 id="st-policies-title" className="st-section-title">
        {t('adminSettings.policies')}
      </h2>
      <p className="field-hint">{t('adminSettings.policiesIntro')}</p>
      <QueryView query={policies}>
        {({ policies: list }) =>
          list.length === 0 ? (
            <p className="field-hint">{t('adminSettings.noPolicies')}</p>
          ) : (
            <>
              <ul className="st-list">
                {list.map((policy) => (
                  <li
                    key={policy.id}
                    className={policy.id === chosen ? 'st-item st-item-selected' : 'st-item'}
                  >
                    <button
                      type="button"
                      className="st-item-button"
                      aria-pressed={policy.id === chosen}
                      onClick={() => setChosen(policy.id)}
                    >
                      <span className="st-item-title">{policy.name}</span>
                      <span className="st-item-meta">
                        {t('adminSettings.targetCount', { count: policy.targets.length })} ·{' '}
                        {policy.isActive ? t('adminSettings.active') : t('adminSettings.inactive')}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
              {list
                .filter((policy) => policy.id === chosen)
                .map((policy) => (
                  <PolicyForm
                    key={policy.id}
                    policy={policy}
                    calendars={calendars.data?.calendars ?? []}
                    canEdit={canEdit}
                  />
                ))}
            </>
          )
        }
      </QueryView>
    </section>
  );
}

export function PoliciesTab({ canEdit }: { canEdit: boolean }) {
  return (
    <>
      <CalendarsSection canEdit={canEdit} />
      <PoliciesSection canEdit={canEdit} />
    </>
  );
}
