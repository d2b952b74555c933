// /admin/users — Users management (seed 000 §1.2): staff accounts filtered by role, state and search
// (kept in the URL), paginated; create, edit the role, deactivate/activate and reset the password
// (the generated one is shown once). The server refuses self-lockout and says why; it shows here.
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { LIMITS } from '../../../../domain/validations';
import { useSession } from '../../../api/session';
import { useI18n } from '../../../i18n/i18n';
import { TextField } from '../../../ui/field';
import { Page } from '../../../ui/page';
import { type UrlFilters, useUrlFilters } from '../../../ui/url-filters';
import {
  ActivationAction,
  ActivationDialog,
  ActiveBadge,
  ActiveFilter,
  ConfirmDialog,
  PeopleFilters,
  PeopleList,
  PeopleTable,
  RowAction,
  TemporaryPasswordDialog,
} from '../technicians/people-kit';
import { type ManagedUser, PAGE_SIZE, resetPassword, setUserActive, userKeys, useUsers } from './api';
import { OFFICE_ROLE_OPTIONS, UserFormDialog } from './user-form';

const FILTER_NAMES = ['search', 'role', 'isActive'] as const;
type FilterName = (typeof FILTER_NAMES)[number];
const ROLE_FILTERS = [...OFFICE_ROLE_OPTIONS, 'technician'] as const;

function Filters({ url }: { url: UrlFilters<FilterName> }) {
  const { t } = useI18n();
  return (
    <PeopleFilters url={url} searchPlaceholder={t('people.users.searchPlaceholder')}>
      {(id, filters) => (
        <>
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('people.role')}</label>
            <select id={`${id}-role`} name="role" defaultValue={filters.role ?? ''}>
              <option value="">{t('people.users.anyRole')}</option>
              {ROLE_FILTERS.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          </div>
          <ActiveFilter id={`${id}-active`} label={t('people.status')} value={filters.isActive} />
        </>
      )}
    </PeopleFilters>
  );
}

type Dialogs =
  | { kind: 'create' }
  | { kind: 'edit'; user: ManagedUser }
  | { kind: 'activation'; user: ManagedUser }
  | { kind: 'reset'; user: ManagedUser }
  | { kind: 'password'; name: string; password: string };

function ResetPasswordDialog(props: {
  user: ManagedUser;
  onClose(): void;
  onReset(temporaryPassword: string | null): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [password, setPassword] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const reset = useMutation({
    mutationFn: () => resetPassword(props.user.id, password),
    onSuccess: (result) => props.onReset(result.temporaryPassword),
  });
  const error = tooShort ? t('people.errors.password', { min: LIMITS.passwordMin }) : null;
  return (
    <ConfirmDialog
      title={t('people.users.resetTitle', { name: props.user.name })}
      message={t('people.users.resetMessage')}
      confirmLabel={t('people.users.resetSubmit')}
      pending={reset.isPending}
      error={reset.error}
      onConfirm={() => {
        const short = password.length > 0 && password.length < LIMITS.passwordMin;
        setTooShort(short);
        if (short) document.getElementById(`${id}-password`)?.focus();
        else reset.mutate();
      }}
      onClose={props.onClose}
      extra={
        <TextField
          idPrefix={id}
          name="password"
          label={t('people.users.newPassword')}
          error={error}
          type="password"
          dir="ltr"
          autoComplete="new-password"
          value={password}
          onValue={setPassword}
        />
      }
    />
  );
}

function UsersTable(props: { users: ManagedUser[]; selfId: string | null; onOpen(dialog: Dialogs): void }) {
  const { t } = useI18n();
  return (
    <PeopleTable
      label={t('people.users.listLabel')}
      columns={[t('people.name'), t('people.role'), t('people.status'), t('people.actions')]}
    >
      {props.users.map((user) => (
        <tr key={user.id} data-inactive={!user.isActive} data-testid={`user-${user.email ?? user.id}`}>
          <th scope="row">
            {user.name} {user.id === props.selfId && <span className="badge">{t('people.you')}</span>}
            <span className="people-sub" dir="ltr">
              {[user.email, user.phone].filter(Boolean).join(' · ')}
            </span>
          </th>
          <td className="people-nowrap">{t(`roles.${user.role}`)}</td>
          <td>
            <ActiveBadge active={user.isActive} />
          </td>
          <td>
            <div className="people-row-actions">
              <RowAction
                secondary
                label={t('people.edit')}
                subject={user.name}
                onClick={() => props.onOpen({ kind: 'edit', user })}
              />
              <RowAction
                label={t('people.users.resetPassword')}
                subject={user.name}
                onClick={() => props.onOpen({ kind: 'reset', user })}
              />
              <ActivationAction
                active={user.isActive}
                subject={user.name}
                onClick={() => props.onOpen({ kind: 'activation', user })}
              />
              {user.technicianId && (
                <Link className="button button-ghost" to={`/admin/technicians/${user.technicianId}`}>
                  {t('people.users.manageTechnician')}
                </Link>
              )}
            </div>
          </td>
        </tr>
      ))}
    </PeopleTable>
  );
}

export function UsersPage() {
  const { t } = useI18n();
  const session = useSession();
  const selfId = session.status === 'signedIn' ? session.user.id : null;
  const url = useUrlFilters(FILTER_NAMES);
  const query = useUsers(url.filters);
  const [dialog, setDialog] = useState<Dialogs | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setDialog(null);
  const showPassword = (name: string, password: string | null, message: string) => {
    setNotice(message);
    setDialog(password ? { kind: 'password', name, password } : null);
  };

  return (
    <Page titleKey="pages.adminUsers">
      <PeopleList
        query={query}
        url={url}
        pageSize={PAGE_SIZE}
        countKey="people.users.count"
        add={{ label: t('people.users.add'), onClick: () => setDialog({ kind: 'create' }) }}
        notice={notice}
        filters={<Filters url={url} />}
        isEmpty={(data) => data.users.length === 0}
        empty={t('people.users.empty')}
      >
        {(data) => <UsersTable users={data.users} selfId={selfId} onOpen={setDialog} />}
      </PeopleList>
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormDialog
          user={dialog.kind === 'edit' ? dialog.user : null}
          onClose={close}
          onSaved={({ user, temporaryPassword }) =>
            showPassword(
              user.name,
              temporaryPassword,
              dialog.kind === 'edit'
                ? t('people.users.saved')
                : t('people.users.created', { name: user.name }),
            )
          }
        />
      )}
      {dialog?.kind === 'activation' && (
        <ActivationDialog
          texts="people.users"
          name={dialog.user.name}
          activating={!dialog.user.isActive}
          setActive={(active) => setUserActive(dialog.user.id, active)}
          invalidates={userKeys.all}
          technicianId={dialog.user.technicianId}
          onDone={(message) => {
            if (message) setNotice(message);
            close();
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog
          user={dialog.user}
          onClose={close}
          onReset={(password) =>
            showPassword(
              dialog.user.name,
              password,
              t('people.users.passwordSet', { name: dialog.user.name }),
            )
          }
        />
      )}
      {dialog?.kind === 'password' && (
        <TemporaryPasswordDialog name={dialog.name} password={dialog.password} onClose={close} />
      )}
    </Page>
  );
}
