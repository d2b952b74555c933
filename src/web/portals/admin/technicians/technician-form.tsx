// Create or edit a technician in a dialog: account fields, employee number, specialties (device
// types), cities served and availability. Checked here first; the server's verdict is shown too.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { DEVICE_TYPES, type DeviceType } from '../../../../domain/tickets';
import { LIMITS, normalizeSaudiMobile } from '../../../../domain/validations';
import { ApiError } from '../../../api/client';
import { useFormat } from '../../../i18n/format';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { createTechnician, type Technician, technicianKeys, updateTechnician } from './api';
import { conflictField, Dialog, ErrorAlert, Field, fieldAria, useCities } from './people-kit';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMPLOYEE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{1,29}$/;

interface Values {
  name: string;
  email: string;
  phone: string;
  employeeId: string;
  specialties: DeviceType[];
  serviceAreas: string[];
  isAvailable: boolean;
  locale: 'ar' | 'en';
  password: string;
}

type Errors = Partial<Record<keyof Values, { key: MessageKey; vars?: Record<string, number> }>>;

function validate(values: Values, creating: boolean): Errors {
  const errors: Errors = {};
  const name = values.name.trim();
  if (name.length < LIMITS.nameMin || name.length > LIMITS.nameMax) {
    errors.name = { key: 'people.errors.nameLength', vars: { min: LIMITS.nameMin, max: LIMITS.nameMax } };
  }
  if (!EMAIL_PATTERN.test(values.email.trim())) errors.email = { key: 'people.errors.email' };
  if (!normalizeSaudiMobile(values.phone)) errors.phone = { key: 'people.errors.phone' };
  if (values.employeeId.trim() && !EMPLOYEE_PATTERN.test(values.employeeId.trim())) {
    errors.employeeId = { key: 'people.errors.employeeId' };
  }
  if (values.specialties.length === 0) errors.specialties = { key: 'people.errors.specialties' };
  if (values.serviceAreas.length === 0) errors.serviceAreas = { key: 'people.errors.serviceAreas' };
  if (creating && values.password && values.password.length < LIMITS.passwordMin) {
    errors.password = { key: 'people.errors.password', vars: { min: LIMITS.passwordMin } };
  }
  return errors;
}

const initialValues = (technician: Technician | null): Values => ({
  name: technician?.name ?? '',
  email: technician?.email ?? '',
  phone: technician?.phone ?? '',
  employeeId: technician?.employeeId ?? '',
  specialties: (technician?.specialties ?? []) as DeviceType[],
  serviceAreas: technician?.serviceAreas ?? [],
  isAvailable: technician?.isAvailable ?? true,
  locale: 'ar',
  password: '',
});

const toggle = <T,>(list: T[], item: T, on: boolean): T[] =>
  on ? [...list.filter((value) => value !== item), item] : list.filter((value) => value !== item);

export function TechnicianFormDialog(props: {
  technician: Technician | null;
  onClose(): void;
  onSaved(result: { technician: Technician; temporaryPassword: string | null }): void;
}) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const id = useId();
  const queryClient = useQueryClient();
  const cities = useCities();
  const creating = props.technician === null;
  const [values, setValues] = useState<Values>(() => initialValues(props.technician));
  const [errors, setErrors] = useState<Errors>({});
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((old) => ({ ...old, [key]: value }));

  const save = useMutation({
    mutationFn: async (): Promise<{ technician: Technician; temporaryPassword: string | null }> => {
      const common = {
        name: values.name.trim(),
        email: values.email.trim(),
        phone: values.phone.trim(),
        specialties: values.specialties,
        serviceAreas: values.serviceAreas,
        isAvailable: values.isAvailable,
        ...(values.employeeId.trim() ? { employeeId: values.employeeId.trim() } : {}),
      };
      if (props.technician) {
        const { technician } = await updateTechnician(props.technician.id, common);
        return { technician, temporaryPassword: null };
      }
      return createTechnician({
        ...common,
        locale: values.locale,
        ...(values.password ? { password: values.password } : {}),
      });
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: technicianKeys.all });
      props.onSaved(result);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(values, creating);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    save.mutate();
  };

  const taken = conflictField(save.error);
  const serverIssue = (field: keyof Values): string | null => {
    if (!(save.error instanceof ApiError)) return null;
    if (taken === field) return t(`people.errors.taken.${field as 'email' | 'phone' | 'employeeId'}`);
    return locale === 'en'
      ? (save.error.issues.find((issue) => issue.path === `body.${field}`)?.message ?? null)
      : null;
  };
  const errorOf = (field: keyof Values) => {
    const local = errors[field];
    return local ? t(local.key, local.vars) : serverIssue(field);
  };
  const input = (field: 'name' | 'email' | 'phone' | 'employeeId', extra: Record<string, string> = {}) => ({
    id: `${id}-${field}`,
    name: field,
    value: values[field],
    onChange: (event: { target: { value: string } }) => set(field, event.target.value),
    ...fieldAria(`${id}-${field}`, errorOf(field), field === 'employeeId' && creating),
    ...extra,
  });

  return (
    <Dialog
      wide
      title={creating ? t('people.technicians.addTitle') : t('people.technicians.editTitle')}
      onClose={props.onClose}
      onSubmit={onSubmit}
      footer={
        <>
          <button type="button" className="button button-ghost" onClick={props.onClose}>
            {t('people.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('people.saving') : t('people.save')}
          </button>
        </>
      }
    >
      <ErrorAlert error={save.error} />
      <div className="people-form-grid">
        <Field id={`${id}-name`} label={t('people.name')} error={errorOf('name')}>
          <input {...input('name', { autoComplete: 'off' })} />
        </Field>
        <Field id={`${id}-email`} label={t('people.email')} error={errorOf('email')}>
          <input {...input('email', { type: 'email', dir: 'ltr', autoComplete: 'off' })} />
        </Field>
        <Field id={`${id}-phone`} label={t('people.phone')} error={errorOf('phone')}>
          <input
            {...input('phone', { type: 'tel', dir: 'ltr', inputMode: 'tel', placeholder: '05xxxxxxxx' })}
          />
        </Field>
        <Field
          id={`${id}-employeeId`}
          label={t('people.technicians.employeeId')}
          hint={creating ? t('people.technicians.employeeIdHint') : undefined}
          error={errorOf('employeeId')}
        >
          <input {...input('employeeId', { dir: 'ltr' })} />
        </Field>
      </div>

      <fieldset className="people-checks" {...fieldAria(`${id}-specialties`, errorOf('specialties'))}>
        <legend id={`${id}-specialties`} tabIndex={-1}>
          {t('people.technicians.specialties')}
        </legend>
        <div className="people-checks-list">
          {DEVICE_TYPES.map((type) => (
            <label key={type}>
              <input
                type="checkbox"
                name="specialties"
                value={type}
                checked={values.specialties.includes(type)}
                onChange={(event) =>
                  set('specialties', toggle(values.specialties, type, event.target.checked))
                }
              />
              {format.deviceType(type)}
            </label>
          ))}
        </div>
      </fieldset>
      {errorOf('specialties') && (
        <p id={`${id}-specialties-error`} className="field-error">
          {errorOf('specialties')}
        </p>
      )}

      <fieldset className="people-checks" {...fieldAria(`${id}-serviceAreas`, errorOf('serviceAreas'))}>
        <legend id={`${id}-serviceAreas`} tabIndex={-1}>
          {t('people.technicians.serviceAreas')}
        </legend>
        <div className="people-checks-list people-checks-scroll">
          {(cities.data ?? []).map((city) => (
            <label key={city.code}>
              <input
                type="checkbox"
                name="serviceAreas"
                value={city.code}
                checked={values.serviceAreas.includes(city.code)}
                onChange={(event) =>
                  set('serviceAreas', toggle(values.serviceAreas, city.code, event.target.checked))
                }
              />
              {locale === 'ar' ? city.nameAr : city.nameEn}
            </label>
          ))}
        </div>
      </fieldset>
      {errorOf('serviceAreas') && (
        <p id={`${id}-serviceAreas-error`} className="field-error">
          {errorOf('serviceAreas')}
        </p>
      )}

      <label className="people-switch">
        <input
          type="checkbox"
          name="isAvailable"
          checked={values.isAvailable}
          onChange={(event) => set('isAvailable', event.target.checked)}
        />
        {t('people.technicians.availableNow')}
      </label>

      {creating && (
        <div className="people-form-grid">
          <Field id={`${id}-locale`} label={t('people.language')}>
            <select
              id={`${id}-locale`}
              name="locale"
              value={values.locale}
              onChange={(event) => set('locale', event.target.value as 'ar' | 'en')}
            >
              <option value="ar">{t('people.languages.ar')}</option>
              <option value="en">{t('people.languages.en')}</option>
            </select>
          </Field>
          <Field
            id={`${id}-password`}
            label={t('people.passwordOptional')}
            hint={t('people.passwordHint', { min: LIMITS.passwordMin })}
            error={errorOf('password')}
          >
            <input
              id={`${id}-password`}
              name="password"
              type="password"
              dir="ltr"
              autoComplete="new-password"
              value={values.password}
              onChange={(event) => set('password', event.target.value)}
              {...fieldAria(`${id}-password`, errorOf('password'), true)}
            />
          </Field>
        </div>
      )}
    </Dialog>
  );
}
