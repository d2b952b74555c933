// Service cities (the customer wizard's list): add, rename, set coordinates, deactivate or remove.
// Removing a city that tickets or technicians use deactivates it instead; the server decides and says so.
import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { Pager, type PagerMessages } from '../../../ui/pager';
import { EmptyState, QueryView } from '../../../ui/states';
import {
  type City,
  type CityCreateInput,
  type CityStatus,
  useCities,
  useCreateCity,
  useRemoveCity,
  useUpdateCity,
} from './api';
import { FieldError, issueAt, SaveStatus } from './form-bits';

const PAGE_SIZE = 20;
const STATUSES: CityStatus[] = ['all', 'active', 'inactive'];

/** "" → null, anything else → a number (NaN becomes null in JSON, and the server explains). */
const coordinate = (value: string): number | null => (value.trim() === '' ? null : Number(value));
const text = (value: number | null) => (value === null ? '' : String(value));

interface CityDraft {
  nameAr: string;
  nameEn: string;
  latitude: string;
  longitude: string;
}

function NameAndCoordinateFields(props: {
  idPrefix: string;
  draft: CityDraft;
  error: unknown;
  onChange(draft: CityDraft): void;
}) {
  const { t } = useI18n();
  const { idPrefix, draft, error } = props;
  const fields = [
    { key: 'nameAr', label: t('adminSettings.cityNameAr'), dir: 'rtl', lang: 'ar' },
    { key: 'nameEn', label: t('adminSettings.cityNameEn'), dir: 'ltr', lang: 'en' },
    { key: 'latitude', label: t('adminSettings.latitude'), dir: 'ltr', lang: undefined },
    { key: 'longitude', label: t('adminSettings.longitude'), dir: 'ltr', lang: undefined },
  ] as const;
  return (
    <>
      {fields.map((field) => {
        const message = issueAt(error, `body.${field.key}`);
        return (
          <div key={field.key} className="field">
            <label htmlFor={`${idPrefix}-${field.key}`}>{field.label}</label>
            <input
              id={`${idPrefix}-${field.key}`}
              dir={field.dir}
              lang={field.lang}
              inputMode={field.lang ? undefined : 'decimal'}
              value={draft[field.key]}
              onChange={(event) => props.onChange({ ...draft, [field.key]: event.target.value })}
              aria-invalid={Boolean(message)}
              aria-describedby={message ? `${idPrefix}-${field.key}-error` : undefined}
            />
            <FieldError id={`${idPrefix}-${field.key}-error`} message={message} />
          </div>
        );
      })}
    </>
  );
}

const EMPTY_DRAFT: CityDraft = { nameAr: '', nameEn: '', latitude: '', longitude: '' };

function AddCityForm() {
  const { t } = useI18n();
  const id = useId();
  const create = useCreateCity();
  const [code, setCode] = useState('');
  const [draft, setDraft] = useState<CityDraft>(EMPTY_DRAFT);
  const codeError = issueAt(create.error, 'body.code');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CityCreateInput = {
      code,
      nameAr: draft.nameAr,
      nameEn: draft.nameEn,
      latitude: coordinate(draft.latitude),
      longitude: coordinate(draft.longitude),
    };
    create.mutate(body, {
      onSuccess: () => {
        setCode('');
        setDraft(EMPTY_DRAFT);
      },
    });
  };

  return (
    <form className="card form st-city-add" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('adminSettings.addCity')}</h3>
      <div className="st-grid">
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('adminSettings.cityCode')}</label>
          <input
            id={`${id}-code`}
            dir="ltr"
            autoCapitalize="none"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            aria-invalid={Boolean(codeError)}
            aria-describedby={`${id}-code-hint ${id}-code-error`}
          />
          <p id={`${id}-code-hint`} className="field-hint">
            {t('adminSettings.cityCodeHint')}
          </p>
          <FieldError id={`${id}-code-error`} message={codeError} />
        </div>
        <NameAndCoordinateFields idPrefix={id} draft={draft} error={create.error} onChange={setDraft} />
      </div>
      <div className="st-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? t('adminSettings.saving') : t('adminSettings.addCity')}
        </button>
        <SaveStatus isPending={create.isPending} isSuccess={create.isSuccess} error={create.error} />
      </div>
    </form>
  );
}

function CityEditor({ city, onDone }: { city: City; onDone(): void }) {
  const { t } = useI18n();
  const id = useId();
  const update = useUpdateCity();
  const [draft, setDraft] = useState<CityDraft>({
    nameAr: city.nameAr,
    nameEn: city.nameEn,
    latitude: text(city.latitude),
    longitude: text(city.longitude),
  });
  const [isActive, setIsActive] = useState(city.isActive);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        id: city.id,
        body: {
          nameAr: draft.nameAr,
          nameEn: draft.nameEn,
          latitude: coordinate(draft.latitude),
          longitude: coordinate(draft.longitude),
          isActive,
        },
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="form st-city-edit" onSubmit={submit} noValidate aria-label={t('adminSettings.editCity')}>
      <div className="st-grid">
        <NameAndCoordinateFields idPrefix={id} draft={draft} error={update.error} onChange={setDraft} />
      </div>
      <label className="st-check">
        <input type="checkbox" checked={isActive} onChange={(event) => setIsActive(event.target.checked)} />
        {t('adminSettings.cityActive')}
      </label>
      <div className="st-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? t('adminSettings.saving') : t('adminSettings.save')}
        </button>
        <button type="button" className="button button-ghost" onClick={onDone}>
          {t('adminSettings.cancel')}
        </button>
        <SaveStatus isPending={update.isPending} isSuccess={false} error={update.error} />
      </div>
    </form>
  );
}

function CityRow(props: { city: City; canEdit: boolean; removing: boolean; onRemove(city: City): void }) {
  const { city, canEdit } = props;
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const name = locale === 'ar' ? city.nameAr : city.nameEn;
  const confirmRemove = () => {
    if (window.confirm(t('adminSettings.confirmRemoveCity', { name }))) props.onRemove(city);
  };
  return (
    <li className="card st-city">
      <div className="st-city-summary">
        <span className="st-item-title">{name}</span>
        <span className="st-item-meta">
          <bdi dir="ltr">{city.code}</bdi> · {locale === 'ar' ? city.nameEn : city.nameAr}
          {city.latitude !== null && city.longitude !== null && (
            <>
              {' · '}
              <bdi dir="ltr">
                {city.latitude.toFixed(4)}, {city.longitude.toFixed(4)}
              </bdi>
            </>
          )}
        </span>
        <span className={city.isActive ? 'st-badge' : 'st-badge st-badge-muted'}>
          {city.isActive ? t('adminSettings.active') : t('adminSettings.inactive')}
        </span>
        {canEdit && !editing && (
          <span className="st-row-actions">
            <button
              type="button"
              className="button button-ghost st-small"
              aria-label={t('adminSettings.editCityNamed', { name })}
              onClick={() => setEditing(true)}
            >
              {t('adminSettings.edit')}
            </button>
            <button
              type="button"
              className="button button-ghost st-small"
              aria-label={t('adminSettings.removeCityNamed', { name })}
              disabled={props.removing}
              onClick={confirmRemove}
            >
              {t('adminSettings.remove')}
            </button>
          </span>
        )}
      </div>
      {editing && <CityEditor city={city} onDone={() => setEditing(false)} />}
    </li>
  );
}

const CITIES_PAGER: PagerMessages = {
  label: 'adminSettings.pagination',
  previous: 'adminSettings.previous',
  next: 'adminSettings.next',
  position: 'adminSettings.pageOf',
};

export function CitiesTab({ canEdit }: { canEdit: boolean }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [status, setStatus] = useState<CityStatus>('all');
  const [page, setPage] = useState(1);
  const query = useCities({ status, page, limit: PAGE_SIZE });
  const remove = useRemoveCity();
  const [removedName, setRemovedName] = useState('');
  const onRemove = (city: City) => {
    setRemovedName(locale === 'ar' ? city.nameAr : city.nameEn);
    remove.mutate(city.id);
  };
  return (
    <>
      <h2 className="st-section-title">{t('adminSettings.tabs.cities')}</h2>
      {remove.data && (
        <p className="alert st-notice" role="status">
          {remove.data.outcome === 'deleted'
            ? t('adminSettings.cityDeleted', { name: removedName })
            : t('adminSettings.cityDeactivated', { name: removedName })}
        </p>
      )}
      {remove.isError && <SaveStatus isPending={false} isSuccess={false} error={remove.error} />}
      {canEdit && <AddCityForm />}
      <div className="field st-filter">
        <label htmlFor={`${id}-status`}>{t('adminSettings.cityStatus')}</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as CityStatus);
            setPage(1);
          }}
        >
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`adminSettings.cityStatuses.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <QueryView
        query={query}
        isEmpty={(data) => data.cities.length === 0}
        empty={<EmptyState title={t('adminSettings.noCities')} />}
      >
        {(data) => (
          <>
            <p className="field-hint" role="status">
              {t('adminSettings.cityCount', { count: data.total })}
            </p>
            <ul className="st-cities">
              {data.cities.map((city) => (
                <CityRow
                  key={city.id}
                  city={city}
                  canEdit={canEdit}
                  removing={remove.isPending}
                  onRemove={onRemove}
                />
              ))}
            </ul>
            <Pager
              page={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              messages={CITIES_PAGER}
              onPage={setPage}
            />
          </>
        )}
      </QueryView>
    </>
  );
}
