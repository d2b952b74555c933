// Create or edit a technician in a dialog: account fields, employee number, specialties (device
// types), cities served and availability. Checked here first; the server's verdict is shown too.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { DEVICE_TYPES, type DeviceType } from '../../../../domain/tickets';
import { ApiError } from '../../../api/client';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { type FieldProblems, fieldAria, TextField, useCheckedForm } from '../../../ui/field';
import { createTechnician, type Technician, technicianKeys, updateTechnician } from './api';
import {
  AccountFields,
  accountProblems,
  conflictField,
  ErrorAlert,
  FormDialog,
  InitialPasswordField,
  LanguageField,
  useCities,
} from './people-kit';

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

function validate(values: Values, creating: boolean): FieldProblems<keyof Values> {
  // In the form's order: the first field in error is the one that gets the focus.
  const { password, ...account } = accountProblems(values, { creating, phoneRequired: true });
  const problems: FieldProblems<keyof Values> = account;
  if (values.employeeId.trim() && !EMPLOYEE_PATTERN.test(values.employeeId.trim())) {
    problems.employeeId = { key: 'people.errors.employeeId' };
  }
  if (values.specialties.length === 0) problems.specialties = { key: 'people.errors.specialties' };
  if (values.serviceAreas.length === 0) problems.serviceAreas = { key: 'people.errors.serviceAreas' };
  if (password) problems.password = password;
  return problems;
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

/** Checkboxes for a list of codes; the legend (id `id`) takes the focus when the choice is missing. */
function ChoiceList<Code extends string>(props: {
  id: string;
  name: string;
  legend: string;
  options: { code: Code; label: string }[];
  chosen: Code[];
  onChosen(chosen: Code[]): void;
  error: string | null;
  scroll?: boolean;
}) {
  const { id, chosen } = props;
  return (
    <>
      <fieldset className="people-checks" {...fieldAria(id, props.error)}>
        <legend id={id} tabIndex={-1}>
          {props.legend}
        </legend>
        <div className={props.scroll ? 'people-checks-list people-checks-scroll' : 'people-checks-list'}>
          {props.options.map(({ code, label }) => (
            <label key={code}>
              <input
                type="checkbox"
                name={props.name}
                value={code}
                checked={chosen.includes(code)}
                onChange={(event) =>
                  props.onChosen(
                    event.target.checked
                      ? [...chosen.filter((value) => value !== code), code]
                      : chosen.filter((value) => value !== code),
                  )
                }
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </>
  );
}

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
  const { values, set, text, problemOf, check } = useCheckedForm(id, () => initialValues(props.technician));

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

  const taken = conflictField(save.error);
  const serverIssue = (field: keyof Values): string | null => {
    if (!(save.error instanceof ApiError)) return null;
    if (taken === field) return t(`people.errors.taken.${field as 'email' | 'phone' | 'employeeId'}`);
    return locale === 'en'
      ? (save.error.issues.find((issue) => issue.path === `body.${field}`)?.message ?? null)
      : null;
  };
  const errorOf = (field: keyof Values) => problemOf(field) ?? serverIssue(field);

  return (
    <FormDialog
      wide
      title={creating ? t('people.technicians.addTitle') : t('people.technicians.editTitle')}
      onClose={props.onClose}
      onSubmit={() => check(validate(values, creating), () => save.mutate())}
      pending={save.isPending}
    >
      <ErrorAlert error={save.error} />
      <div className="people-form-grid">
        <AccountFields bind={(field) => ({ ...text(field), error: errorOf(field) })} />
        <TextField
          {...text('employeeId')}
          error={errorOf('employeeId')}
          label={t('people.technicians.employeeId')}
          hint={creating ? t('people.technicians.employeeIdHint') : undefined}
          dir="ltr"
        />
      </div>

      <ChoiceList
        id={`${id}-specialties`}
        name="specialties"
        legend={t('people.technicians.specialties')}
        options={DEVICE_TYPES.map((type) => ({ code: type, label: format.deviceType(type) }))}
        chosen={values.specialties}
        onChosen={(chosen) => set('specialties', chosen)}
        error={errorOf('specialties')}
      />
      <ChoiceList
        id={`${id}-serviceAreas`}
        name="serviceAreas"
        legend={t('people.technicians.serviceAreas')}
        options={(cities.data ?? []).map((city) => ({
          code: city.code,
          label: locale === 'ar' ? city.nameAr : city.nameEn,
        }))}
        chosen={values.serviceAreas}
        onChosen={(chosen) => set('serviceAreas', chosen)}
        error={errorOf('serviceAreas')}
        scroll
      />

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
          <LanguageField idPrefix={id} value={values.locale} onValue={(value) => set('locale', value)} />
          <InitialPasswordField
            idPrefix={id}
            value={values.password}
            onValue={(value) => set('password', value)}
            error={errorOf('password')}
          />
        </div>
      )}
    </FormDialog>
  );
}
