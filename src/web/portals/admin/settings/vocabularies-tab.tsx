// Device types and visit time slots (issue 7): the codes stay fixed (tickets, specialties, SLA policies and
// reminders use them), but an admin renames each in Arabic and English and stops or resumes offering it
// in the customer request form. The server keeps one of each offered and says so when refused.
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../../../api/client';
import { isLocaleLoaded, type Locale, type MessageKey, translate, useI18n } from '../../../i18n/i18n';
import { QueryView } from '../../../ui/states';
import { useSaveVocabulary, useVocabularies, type VocabularyEntry, type VocabularyPath } from './api';
import { FieldError, issueAt, SaveStatus } from './form-bits';

type Kind = 'deviceTypes' | 'timeSlots';
type Entry = VocabularyEntry & { startHour?: number; endHour?: number };

const PATHS: Record<Kind, VocabularyPath> = { deviceTypes: 'device-types', timeSlots: 'time-slots' };
const TITLES: Record<Kind, MessageKey> = {
  deviceTypes: 'adminSettings.tabs.devices',
  timeSlots: 'adminSettings.tabs.slots',
};

const hour = (value: number) => `${String(value).padStart(2, '0')}:00`;
const builtInKey = (kind: Kind, code: string) =>
  (kind === 'deviceTypes' ? `deviceTypes.${code}` : `timeSlots.${code}`) as MessageKey;
/** The built-in name in a language whose texts are loaded (the page's own always is). */
const builtInName = (kind: Kind, code: string, locale: Locale) =>
  isLocaleLoaded(locale) ? translate(locale, builtInKey(kind, code)) : undefined;
const orNull = (value: string) => (value.trim() === '' ? null : value);
/** The server's "one must stay offered" refusal, said in the page's language. */
const isLastActiveRefusal = (error: unknown) =>
  error instanceof ApiError && error.code === 'unprocessable' && error.details.field === 'isActive';

function RenameForm(props: { kind: Kind; entry: Entry; onDone(): void }) {
  const { kind, entry } = props;
  const { t } = useI18n();
  const id = useId();
  const save = useSaveVocabulary();
  const [names, setNames] = useState({ nameAr: entry.nameAr ?? '', nameEn: entry.nameEn ?? '' });
  const fields = [
    { key: 'nameAr', label: t('adminSettings.vocab.nameAr'), lang: 'ar', dir: 'rtl' },
    { key: 'nameEn', label: t('adminSettings.vocab.nameEn'), lang: 'en', dir: 'ltr' },
  ] as const;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { nameAr: orNull(names.nameAr), nameEn: orNull(names.nameEn), isActive: entry.isActive };
    save.mutate({ path: PATHS[kind], code: entry.code, body }, { onSuccess: props.onDone });
  };
  return (
    <form
      className="form st-city-edit"
      onSubmit={submit}
      noValidate
      aria-label={t('adminSettings.vocab.renameCode', { code: entry.code })}
    >
      <p id={`${id}-hint`} className="field-hint">
        {t('adminSettings.vocab.nameHint')}
      </p>
      <div className="st-grid">
        {fields.map((field) => {
          const message = issueAt(save.error, `body.${field.key}`);
          return (
            <div key={field.key} className="field">
              <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
              <input
                id={`${id}-${field.key}`}
                lang={field.lang}
                dir={field.dir}
                maxLength={60}
                placeholder={builtInName(kind, entry.code, field.lang)}
                value={names[field.key]}
                onChange={(event) => setNames({ ...names, [field.key]: event.target.value })}
                aria-invalid={Boolean(message)}
                aria-describedby={`${id}-hint${message ? ` ${id}-${field.key}-error` : ''}`}
              />
              <FieldError id={`${id}-${field.key}-error`} message={message} />
            </div>
          );
        })}
      </div>
      <div className="st-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('adminSettings.saving') : t('adminSettings.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={props.onDone}>
          {t('adminSettings.cancel')}
        </button>
        <SaveStatus isPending={save.isPending} isSuccess={false} error={save.error} />
      </div>
    </form>
  );
}

function VocabularyRow(props: { kind: Kind; entry: Entry; canEdit: boolean }) {
  const { kind, entry, canEdit } = props;
  const { t, locale } = useI18n();
  const toggle = useSaveVocabulary();
  const [renaming, setRenaming] = useState(false);
  const custom = locale === 'ar' ? entry.nameAr : entry.nameEn;
  const name = custom ?? t(builtInKey(kind, entry.code));
  const otherName = locale === 'ar' ? entry.nameEn : entry.nameAr;
  const flip = () =>
    toggle.mutate({
      path: PATHS[kind],
      code: entry.code,
      body: { nameAr: entry.nameAr, nameEn: entry.nameEn, isActive: !entry.isActive },
    });
  return (
    <li className="card st-city">
      <div className="st-city-summary">
        <span className="st-item-title">{name}</span>
        <span className="st-item-meta">
          <bdi dir="ltr">{entry.code}</bdi>
          {entry.startHour !== undefined && entry.endHour !== undefined && (
            <>
              {' · '}
              <bdi dir="ltr">
                {hour(entry.startHour)} – {hour(entry.endHour)}
              </bdi>
            </>
          )}
          {' · '}
          {custom ? t('adminSettings.vocab.customName') : t('adminSettings.vocab.builtInName')}
          {otherName && (
            <>
              {' · '}
              <bdi>{otherName}</bdi>
            </>
          )}
        </span>
        <span className={entry.isActive ? 'st-badge' : 'st-badge st-badge-muted'}>
          {entry.isActive ? t('adminSettings.active') : t('adminSettings.inactive')}
        </span>
        {canEdit && !renaming && (
          <span className="st-row-actions">
            <button
              type="button"
              className="button button-ghost st-small"
              aria-label={t('adminSettings.vocab.renameNamed', { name })}
              onClick={() => setRenaming(true)}
            >
              {t('adminSettings.vocab.rename')}
            </button>
            <button
              type="button"
              className="button button-ghost st-small"
              aria-label={t(
                entry.isActive
                  ? 'adminSettings.vocab.deactivateNamed'
                  : 'adminSettings.vocab.reactivateNamed',
                { name },
              )}
              disabled={toggle.isPending}
              onClick={flip}
            >
              {entry.isActive ? t('adminSettings.vocab.deactivate') : t('adminSettings.vocab.reactivate')}
            </button>
          </span>
        )}
      </div>
      {isLastActiveRefusal(toggle.error) ? (
        <p className="alert alert-error st-status" role="alert">
          {t('adminSettings.vocab.lastActive')}
        </p>
      ) : (
        toggle.isError && <SaveStatus isPending={false} isSuccess={false} error={toggle.error} />
      )}
      {renaming && <RenameForm kind={kind} entry={entry} onDone={() => setRenaming(false)} />}
    </li>
  );
}

function VocabularyTab({ kind, canEdit }: { kind: Kind; canEdit: boolean }) {
  const { t } = useI18n();
  const query = useVocabularies();
  return (
    <>
      <h2 className="st-section-title">{t(TITLES[kind])}</h2>
      <p className="field-hint">{t('adminSettings.vocab.intro')}</p>
      <QueryView query={query}>
        {(data) => (
          <ul className="st-cities">
            {(data[kind] as Entry[]).map((entry) => (
              <VocabularyRow key={entry.code} kind={kind} entry={entry} canEdit={canEdit} />
            ))}
          </ul>
        )}
      </QueryView>
    </>
  );
}

export const DeviceTypesTab = ({ canEdit }: { canEdit: boolean }) => (
  <VocabularyTab kind="deviceTypes" canEdit={canEdit} />
);
export const TimeSlotsTab = ({ canEdit }: { canEdit: boolean }) => (
  <VocabularyTab kind="timeSlots" canEdit={canEdit} />
);
