// Create a staff account, or edit one (role included), in a dialog. Technicians keep their role;
// the server refuses what the form cannot know (an admin demoting themselves, the last admin).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { LIMITS, normalizeSaudiMobile } from '../../../../domain/validations';
import type { OFFICE_ROLES } from '../../../../server/modules/admin/users.schemas';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { conflictField, Dialog, ErrorAlert, Field, fieldAria } from '../technicians/people-kit';
import { createUser, type ManagedUser, updateUser, userKeys } from './api';

type OfficeRole = (typeof OFFICE_ROLES)[number];
export const OFFICE_ROLE_OPTIONS: OfficeRole[] = ['admin', 'supervisor', 'dispatcher', 'manager', 'workshop'];

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Values {
  name: string;
  email: string;
  phone: string;
  role: OfficeRole | 'technician';
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
  if (values.phone.trim() && !normalizeSaudiMobile(values.phone))
    errors.phone = { key: 'people.errors.phone' };
  if (creating && values.password && values.password.length < LIMITS.passwordMin) {
    errors.password = { key: 'people.errors.password', vars: { min: LIMITS.passwordMin } };
  }
  return errors;
}

export function UserFormDialog(props: {
  user: ManagedUser | null;
  onClose(): void;
  onSaved(result: { user: ManagedUser; temporaryPassword: string | null }): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const { user } = props;
  const creating = user === null;
  const [values, setValues] = useState<Values>({
    name: user?.name ?? '',
    email: user?.email ?? '',
    phone: user?.phone ?? '',
    role: user?.role ?? 'dispatcher',
    locale: user?.locale === 'en' ? 'en' : 'ar',
    password: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((old) => ({ ...old, [key]: value }));

  const save = useMutation({
    mutationFn: async (): Promise<{ user: ManagedUser; temporaryPassword: string | null }> => {
      const fields = {
        name: values.name.trim(),
        email: values.email.trim(),
        phone: values.phone.trim() || null,
        locale: values.locale,
      };
      const role = values.role === 'technician' ? undefined : values.role;
      if (user) {
        const changes = { ...fields, ...(role && role !== user.role ? { role } : {}) };
        return { user: (await updateUser(user.id, changes)).user, temporaryPassword: null };
      }
      return createUser({
        ...fields,
        role: role ?? 'dispatcher',
        ...(values.password ? { password: values.password } : {}),
      });
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
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
  const errorOf = (field: keyof Values) => {
    const local = errors[field];
    if (local) return t(local.key, local.vars);
    if (taken === field && (field === 'email' || field === 'phone')) return t(`people.errors.taken.${field}`);
    return null;
  };

  return (
    <Dialog
      title={user ? t('people.users.editTitle', { name: user.name }) : t('people.users.addTitle')}
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
      <Field id={`${id}-name`} label={t('people.name')} error={errorOf('name')}>
        <input
          id={`${id}-name`}
          name="name"
          autoComplete="off"
          value={values.name}
          onChange={(event) => set('name', event.target.value)}
          {...fieldAria(`${id}-name`, errorOf('name'))}
        />
      </Field>
      <Field id={`${id}-email`} label={t('people.email')} error={errorOf('email')}>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          dir="ltr"
          autoComplete="off"
          value={values.email}
          onChange={(event) => set('email', event.target.value)}
          {...fieldAria(`${id}-email`, errorOf('email'))}
        />
      </Field>
      <Field id={`${id}-phone`} label={t('people.phone')} error={errorOf('phone')}>
        <input
          id={`${id}-phone`}
          name="phone"
          type="tel"
          dir="ltr"
          inputMode="tel"
          placeholder="05xxxxxxxx"
          value={values.phone}
          onChange={(event) => set('phone', event.target.value)}
          {...fieldAria(`${id}-phone`, errorOf('phone'))}
        />
      </Field>
      <div className="people-form-grid">
        <Field
          id={`${id}-role`}
          label={t('people.role')}
          hint={values.role === 'technician' ? t('people.users.technicianHint') : undefined}
        >
          <select
            id={`${id}-role`}
            name="role"
            value={values.role}
            disabled={values.role === 'technician'}
            onChange={(event) => set('role', event.target.value as OfficeRole)}
            {...fieldAria(`${id}-role`, null, values.role === 'technician')}
          >
            {values.role === 'technician' && <option value="technician">{t('roles.technician')}</option>}
            {OFFICE_ROLE_OPTIONS.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </Field>
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
      </div>
      {creating && (
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
      )}
    </Dialog>
  );
}
