// Create a staff account, or edit one (role included), in a dialog. Technicians keep their role;
// the server refuses what the form cannot know (an admin demoting themselves, the last admin).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { OFFICE_ROLES } from '../../../../server/modules/admin/users.schemas';
import { useI18n } from '../../../i18n/i18n';
import { Field, fieldAria, useCheckedForm } from '../../../ui/field';
import {
  AccountFields,
  accountProblems,
  conflictField,
  ErrorAlert,
  FormDialog,
  InitialPasswordField,
  LanguageField,
} from '../technicians/people-kit';
import { createUser, type ManagedUser, updateUser, userKeys } from './api';

type OfficeRole = (typeof OFFICE_ROLES)[number];
export const OFFICE_ROLE_OPTIONS: OfficeRole[] = ['admin', 'supervisor', 'dispatcher', 'manager', 'workshop'];

interface Values {
  name: string;
  email: string;
  phone: string;
  role: OfficeRole | 'technician';
  locale: 'ar' | 'en';
  password: string;
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
  const { values, set, text, problemOf, check } = useCheckedForm<Values>(id, {
    name: user?.name ?? '',
    email: user?.email ?? '',
    phone: user?.phone ?? '',
    role: user?.role ?? 'dispatcher',
    locale: user?.locale === 'en' ? 'en' : 'ar',
    password: '',
  });

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

  const taken = conflictField(save.error);
  const errorOf = (field: keyof Values) => {
    const local = problemOf(field);
    if (local) return local;
    if (taken === field && (field === 'email' || field === 'phone')) return t(`people.errors.taken.${field}`);
    return null;
  };

  return (
    <FormDialog
      title={user ? t('people.users.editTitle', { name: user.name }) : t('people.users.addTitle')}
      onClose={props.onClose}
      onSubmit={() => check(accountProblems(values, { creating, phoneRequired: false }), () => save.mutate())}
      pending={save.isPending}
    >
      <ErrorAlert error={save.error} />
      <AccountFields bind={(field) => ({ ...text(field), error: errorOf(field) })} />
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
        <LanguageField idPrefix={id} value={values.locale} onValue={(value) => set('locale', value)} />
      </div>
      {creating && (
        <InitialPasswordField
          idPrefix={id}
          value={values.password}
          onValue={(value) => set('password', value)}
          error={errorOf('password')}
        />
      )}
    </FormDialog>
  );
}
