// /admin/users — Users management (seed 000 §1.2): staff accounts filtered by role, state and search
// (kept in the URL), paginated; create, edit the role, deactivate/activate and reset the password
// (the generated one is shown once). The server refuses self-lockout and says why; it shows here.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LIMITS } from '../../../../domain/validations';
import { useSession } from '../../../api/session';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState, QueryView } from '../../../ui/states';
import {
  ConfirmDialog,
  Field,
  fieldAria,
  Pagination,
  refusalOf,
  TemporaryPasswordDialog,
} from '../technicians/people-kit';
import {
  type ManagedUser,
  PAGE_SIZE,
  resetPassword,
  setUserActive,
  type UserFilters,
  userKeys,
  useUsers,
} from './api';
import { OFFICE_ROLE_OPTIONS, UserFormDialog } from './user-form';

const FILTER_NAMES = ['search', 'role', 'isActive'] as const;
const ROLE_FILTERS = [...OFFICE_ROLE_OPTIONS, 'technician'] as const;

function filtersOf(params: URLSearchParams): UserFilters {
  const filters: UserFilters = {};
  for (const name of [...FILTER_NAMES, 'page'] as const) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

function Filters({ filters, onApply }: { filters: UserFilters; onApply(next: UserFilters): void }) {
  const { t } = useI18n();
  const id = useId();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: UserFilters = {};
    for (const name of FILTER_NAMES) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next[name] = value;
    }
    onApply(next);
  };
  return (
    <search aria-label={t('people.filters')}>
      <form key={JSON.stringify(filters)} className="people-filters" onSubmit={onSubmit}>
        <div className="field people-search">
          <label htmlFor={`${id}-search`}>{t('people.search')}</label>
          <input
            id={`${id}-search`}
            name="search"
            type="search"
            maxLength={100}
            defaultValue={filters.search ?? ''}
            placeholder={t('people.users.searchPlaceholder')}
          />
        </div>
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
        <div className="field">
          <label htmlFor={`${id}-active`}>{t('people.status')}</label>
          <select id={`${id}-active`} name="isActive" defaultValue={filters.isActive ?? ''}>
            <option value="">{t('people.all')}</option>
            <option value="true">{t('people.active')}</option>
            <option value="false">{t('people.inactive')}</option>
          </select>
        </div>
        <div className="people-filter-actions">
          <button type="submit" className="button button-primary">
            {t('people.applyFilters')}
          </button>
          <button type="button" className="button button-ghost" onClick={() => onApply({})}>
            {t('people.clearFilters')}
          </button>
        </div>
      </form>
    </search>
  );
}

type Dialogs =
  | { kind: 'create' }
  | { kind: 'edit'; user: ManagedUser }
  | { kind: 'activation'; user: ManagedUser }
  | { kind: 'reset'; user: ManagedUser }
  | { kind: 'password'; name: string; password: string };

function ActivationDialog({ user, onDone }: { user: ManagedUser; onDone(message: string | null): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const activating = !user.isActive;
  const change = useMutation({
    mutationFn: () => setUserActive(user.id, activating),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
      onDone(t(activating ? 'people.users.activated' : 'people.users.deactivated', { name: user.name }));
    },
  });
  return (
    <ConfirmDialog
      title={t(activating ? 'people.users.activateTitle' : 'people.users.deactivateTitle', {
        name: user.name,
      })}
      message={t(activating ? 'people.users.activateMessage' : 'people.users.deactivateMessage')}
      confirmLabel={t(activating ? 'people.activate' : 'people.deactivate')}
      danger={!activating}
      pending={change.isPending}
      error={change.error}
      onConfirm={() => change.mutate()}
      onClose={() => onDone(null)}
      extra={
        user.technicianId && refusalOf(change.error) === 'open_tickets' ? (
          <p>
            <Link to={`/admin/tickets?technicianId=${user.technicianId}`}>{t('people.openTicketsLink')}</Link>
          </p>
        ) : null
      }
    />
  );
}

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
        <Field id={`${id}-password`} label={t('people.users.newPassword')} error={error}>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            dir="ltr"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            {...fieldAria(`${id}-password`, error)}
          />
        </Field>
      }
    />
  );
}

function UsersTable(props: { users: ManagedUser[]; selfId: string | null; onOpen(dialog: Dialogs): void }) {
  const { t } = useI18n();
  return (
    <div className="people-table-wrap">
      <table className="people-table" aria-label={t('people.users.listLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('people.name')}</th>
            <th scope="col">{t('people.role')}</th>
            <th scope="col">{t('people.status')}</th>
            <th scope="col">{t('people.actions')}</th>
          </tr>
        </thead>
        <tbody>
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
                {user.isActive ? (
                  <span className="badge badge-success">{t('people.active')}</span>
                ) : (
                  <span className="badge badge-danger">{t('people.inactive')}</span>
                )}
              </td>
              <td>
                <div className="people-row-actions">
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={`${t('people.edit')} — ${user.name}`}
                    onClick={() => props.onOpen({ kind: 'edit', user })}
                  >
                    {t('people.edit')}
                  </button>
                  <button
                    type="button"
                    className="button button-ghost"
                    aria-label={`${t('people.users.resetPassword')} — ${user.name}`}
                    onClick={() => props.onOpen({ kind: 'reset', user })}
                  >
                    {t('people.users.resetPassword')}
                  </button>
                  <button
                    type="button"
                    className="button button-ghost"
                    aria-label={`${user.isActive ? t('people.deactivate') : t('people.activate')} — ${user.name}`}
                    onClick={() => props.onOpen({ kind: 'activation', user })}
                  >
                    {user.isActive ? t('people.deactivate') : t('people.activate')}
                  </button>
                  {user.technicianId && (
                    <Link className="button button-ghost" to={`/admin/technicians/${user.technicianId}`}>
                      {t('people.users.manageTechnician')}
                    </Link>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function UsersPage() {
  const { t } = useI18n();
  const session = useSession();
  const selfId = session.status === 'signedIn' ? session.user.id : null;
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const query = useUsers(filters);
  const [dialog, setDialog] = useState<Dialogs | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const page = Number(filters.page ?? 1);
  const apply = (next: UserFilters) => setParams(new URLSearchParams(next as Record<string, string>));
  const close = () => setDialog(null);
  const showPassword = (name: string, password: string | null, message: string) => {
    setNotice(message);
    setDialog(password ? { kind: 'password', name, password } : null);
  };

  return (
    <Page titleKey="pages.adminUsers">
      <div className="people-toolbar">
        <p className="people-count" aria-live="polite">
          {query.data ? t('people.users.count', { count: query.data.total }) : ''}
        </p>
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
          {t('people.users.add')}
        </button>
      </div>
      {notice && (
        <p className="alert alert-success people-notice" role="status">
          {notice}
        </p>
      )}
      <Filters filters={filters} onApply={apply} />
      <QueryView
        query={query}
        isEmpty={(data) => data.users.length === 0}
        empty={<EmptyState title={t('people.users.empty')} />}
      >
        {(data) => (
          <>
            <UsersTable users={data.users} selfId={selfId} onOpen={setDialog} />
            <Pagination
              page={page}
              limit={PAGE_SIZE}
              total={data.total}
              onPage={(next) => apply({ ...filters, page: String(next) })}
            />
          </>
        )}
      </QueryView>
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
          user={dialog.user}
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
