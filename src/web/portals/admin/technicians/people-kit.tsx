// Pieces the Technicians, Users and Teams pages share: the list's frame (count, filters, table, row
// actions, pages), the form dialog with the account fields and their checks, confirmations (deactivate
// and activate among them), the one-time temporary password, and the server's refusals in the
// reader's language. Generic parts (dialog, pager, fields, URL filters) are in src/web/ui.
import './people.css';
import { type QueryKey, type UseQueryResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { DEVICE_TYPES, type DeviceType } from '../../../../domain/tickets';
import { LIMITS, normalizeSaudiMobile } from '../../../../domain/validations';
import { ApiError } from '../../../api/client';
import { useCities } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { type MessageKey, useT } from '../../../i18n/i18n';
import { Dialog } from '../../../ui/dialog';
import { Field, type FieldProblems, TextField, type TextFieldBinding } from '../../../ui/field';
import { Pager, type PagerMessages } from '../../../ui/pager';
import { EmptyState, QueryView, useErrorMessage } from '../../../ui/states';
import { UrlFilterForm, type UrlFilters, type UrlFilterValues } from '../../../ui/url-filters';

const REFUSALS = [
  'self_deactivation',
  'self_demotion',
  'last_admin',
  'open_tickets',
  'technician_role',
  'not_an_active_admin',
] as const;
type Refusal = (typeof REFUSALS)[number];

const TAKEN_FIELDS = ['email', 'phone', 'employeeId'] as const;

/** The refusal reason of a rule the server enforces (self-lockout, open tickets…), if that is the error. */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ApiError)) return null;
  const reason = error.details.reason;
  return REFUSALS.includes(reason as Refusal) ? (reason as Refusal) : null;
}

/** Server refusals and conflicts in the reader's language; anything else as the server said it. */
export function usePeopleErrorMessage(): (error: unknown) => string {
  const t = useT();
  const generic = useErrorMessage();
  return (error) => {
    const refusal = refusalOf(error);
    if (refusal && error instanceof ApiError) {
      return t(`people.refusals.${refusal}`, { count: Number(error.details.openTickets ?? 0) });
    }
    if (error instanceof ApiError && error.code === 'conflict') {
      const field = error.details.field as (typeof TAKEN_FIELDS)[number];
      if (TAKEN_FIELDS.includes(field)) return t(`people.errors.taken.${field}`);
    }
    if (error instanceof ApiError && Array.isArray(error.details.unknownCities)) {
      return t('people.errors.unknownCities', { cities: error.details.unknownCities.join('، ') });
    }
    return generic(error);
  };
}

/** The field a 409 names, so the form can mark it. */
export function conflictField(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  return typeof error.details.field === 'string' ? error.details.field : null;
}

/** The error in the reader's language (the people pages' wording unless `messageOf` is given). */
export function ErrorAlert(props: { error: unknown; messageOf?: (error: unknown) => string }) {
  const peopleMessage = usePeopleErrorMessage();
  if (!props.error) return null;
  return (
    <div className="alert alert-error" role="alert">
      {(props.messageOf ?? peopleMessage)(props.error)}
    </div>
  );
}

/** A dialog that is one form, Cancel and its submit button in the footer ("Saving…" while it is sent). */
export function FormDialog(props: {
  title: string;
  onClose(): void;
  onSubmit(): void;
  pending: boolean;
  submitLabel?: string;
  submitDisabled?: boolean;
  danger?: boolean;
  wide?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Dialog
      title={props.title}
      size={props.wide ? 'wide' : undefined}
      onClose={props.onClose}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
      footer={
        <>
          <button type="button" className="button button-ghost" onClick={props.onClose}>
            {t('people.cancel')}
          </button>
          <button
            type="submit"
            className={props.danger ? 'button button-danger' : 'button button-primary'}
            disabled={props.pending || props.submitDisabled}
          >
            {props.pending ? t('people.saving') : (props.submitLabel ?? t('people.save'))}
          </button>
        </>
      }
    >
      {props.children}
    </Dialog>
  );
}

/** Asks before a consequential action; shows the server's refusal in place when it comes. */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  /** How to word the refusal, when not as the people pages do. */
  errorMessage?: (error: unknown) => string;
  onConfirm(): void;
  onClose(): void;
  extra?: ReactNode;
}) {
  return (
    <FormDialog
      title={props.title}
      onClose={props.onClose}
      onSubmit={props.onConfirm}
      pending={props.pending}
      submitLabel={props.confirmLabel}
      danger={props.danger}
    >
      <p>{props.message}</p>
      {props.extra}
      <ErrorAlert error={props.error} messageOf={props.errorMessage} />
    </FormDialog>
  );
}

/**
 * Asks before deactivating or activating an account or a team, then does it and says so. A refusal
 * because of open tickets links to them when the technician is known.
 */
export function ActivationDialog(props: {
  texts: 'people.users' | 'people.technicians' | 'teams';
  name: string;
  activating: boolean;
  setActive(active: boolean): Promise<unknown>;
  invalidates: QueryKey;
  technicianId?: string | null;
  errorMessage?: (error: unknown) => string;
  onDone(message: string | null): void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const { texts, name, activating } = props;
  const change = useMutation({
    mutationFn: () => props.setActive(activating),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: props.invalidates });
      props.onDone(t(`${texts}.${activating ? 'activated' : 'deactivated'}`, { name }));
    },
  });
  return (
    <ConfirmDialog
      title={t(`${texts}.${activating ? 'activateTitle' : 'deactivateTitle'}`, { name })}
      message={t(`${texts}.${activating ? 'activateMessage' : 'deactivateMessage'}`)}
      confirmLabel={t(activating ? 'people.activate' : 'people.deactivate')}
      danger={!activating}
      pending={change.isPending}
      error={change.error}
      errorMessage={props.errorMessage}
      onConfirm={() => change.mutate()}
      onClose={() => props.onDone(null)}
      extra={
        props.technicianId && refusalOf(change.error) === 'open_tickets' ? (
          <p>
            <Link to={`/admin/tickets?technicianId=${props.technicianId}`}>
              {t('people.openTicketsLink')}
            </Link>
          </p>
        ) : null
      }
    />
  );
}

/** The generated password, shown once with a copy button. */
export function TemporaryPasswordDialog(props: { name: string; password: string; onClose(): void }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.password);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog
      title={t('people.temporaryPassword.title')}
      onClose={props.onClose}
      footer={
        <button type="button" className="button button-primary" onClick={props.onClose}>
          {t('people.close')}
        </button>
      }
    >
      <p>{t('people.temporaryPassword.message', { name: props.name })}</p>
      <p>{t('people.temporaryPassword.mustChange')}</p>
      <p className="people-secret-row">
        <output
          className="people-secret"
          dir="ltr"
          aria-label={t('people.temporaryPassword.label', { name: props.name })}
          data-testid="temporary-password"
        >
          {props.password}
        </output>
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          {copied ? t('people.copied') : t('people.copy')}
        </button>
      </p>
    </Dialog>
  );
}

/** A button of a list row, named with the row's subject for screen readers ("Edit — Dana"). */
export function RowAction(props: { label: string; subject: string; onClick(): void; secondary?: boolean }) {
  return (
    <button
      type="button"
      className={props.secondary ? 'button button-secondary' : 'button button-ghost'}
      aria-label={`${props.label} — ${props.subject}`}
      onClick={props.onClick}
    >
      {props.label}
    </button>
  );
}

/** Deactivate or Activate, whichever the row's state asks for. */
export function ActivationAction(props: { active: boolean; subject: string; onClick(): void }) {
  const t = useT();
  return (
    <RowAction
      label={props.active ? t('people.deactivate') : t('people.activate')}
      subject={props.subject}
      onClick={props.onClick}
    />
  );
}

/** Active or inactive, as a badge (teams say "inactive" their own way). */
export function ActiveBadge(props: { active: boolean; inactiveLabel?: string }) {
  const t = useT();
  return props.active ? (
    <span className="badge badge-success">{t('people.active')}</span>
  ) : (
    <span className="badge badge-danger">{props.inactiveLabel ?? t('people.inactive')}</span>
  );
}

export const PEOPLE_PAGER: PagerMessages = {
  label: 'people.pagination.label',
  previous: 'people.pagination.previous',
  next: 'people.pagination.next',
  position: 'people.pagination.summary',
};

/**
 * The frame of a people list: how many there are (announced as it changes), the add button, the
 * last action's outcome, the filters, then the list a page at a time or its empty state.
 */
export function PeopleList<T extends { total: number }>(props: {
  query: UseQueryResult<T>;
  url: Pick<UrlFilters<string>, 'page' | 'goToPage'>;
  pageSize: number;
  countKey: MessageKey;
  add?: { label: string; onClick(): void };
  notice: string | null;
  filters?: ReactNode;
  isEmpty(data: T): boolean;
  empty: string;
  emptyHint?: string;
  children(data: T): ReactNode;
}) {
  const t = useT();
  const { query, add } = props;
  return (
    <>
      <div className="people-toolbar">
        <p className="people-count" aria-live="polite">
          {query.data ? t(props.countKey, { count: query.data.total }) : ''}
        </p>
        {add && (
          <button type="button" className="button button-primary" onClick={add.onClick}>
            {add.label}
          </button>
        )}
      </div>
      {props.notice && (
        <p className="alert alert-success people-notice" role="status">
          {props.notice}
        </p>
      )}
      {props.filters}
      <QueryView
        query={query}
        isEmpty={props.isEmpty}
        empty={<EmptyState title={props.empty}>{props.emptyHint}</EmptyState>}
      >
        {(data) => (
          <>
            {props.children(data)}
            <Pager
              page={props.url.page}
              pageSize={props.pageSize}
              total={data.total}
              messages={PEOPLE_PAGER}
              onPage={props.url.goToPage}
            />
          </>
        )}
      </QueryView>
    </>
  );
}

/** A people list as a table: its name for screen readers, the column heads, then a row each. */
export function PeopleTable(props: { label: string; columns: string[]; children: ReactNode }) {
  return (
    <div className="people-table-wrap">
      <table className="people-table" aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** The filter form of a people list: the search field, the page's own fields, Apply and Clear. */
export function PeopleFilters<Name extends string>(props: {
  url: UrlFilters<Name | 'search'>;
  searchPlaceholder: string;
  children(idPrefix: string, filters: UrlFilterValues<Name>): ReactNode;
}) {
  const t = useT();
  return (
    <UrlFilterForm url={props.url} label={t('people.filters')} className="people-filters">
      {(id, filters) => (
        <>
          <div className="field people-search">
            <label htmlFor={`${id}-search`}>{t('people.search')}</label>
            <input
              id={`${id}-search`}
              name="search"
              type="search"
              maxLength={100}
              defaultValue={filters.search ?? ''}
              placeholder={props.searchPlaceholder}
            />
          </div>
          {props.children(id, filters)}
          <div className="people-filter-actions">
            <button type="submit" className="button button-primary">
              {t('people.applyFilters')}
            </button>
            <button type="button" className="button button-ghost" onClick={() => props.url.apply({})}>
              {t('people.clearFilters')}
            </button>
          </div>
        </>
      )}
    </UrlFilterForm>
  );
}

/** The "any / active / inactive" choice of the people filters, as the filter `isActive`. */
export function ActiveFilter(props: { id: string; label: string; value: string | undefined }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name="isActive" defaultValue={props.value ?? ''}>
        <option value="">{t('people.all')}</option>
        <option value="true">{t('people.active')}</option>
        <option value="false">{t('people.inactive')}</option>
      </select>
    </div>
  );
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The checks every staff account's fields share; a technician must have a phone, others may not. */
export function accountProblems(
  values: { name: string; email: string; phone: string; password: string },
  options: { creating: boolean; phoneRequired: boolean },
): FieldProblems<'name' | 'email' | 'phone' | 'password'> {
  const problems: FieldProblems<'name' | 'email' | 'phone' | 'password'> = {};
  const name = values.name.trim();
  if (name.length < LIMITS.nameMin || name.length > LIMITS.nameMax) {
    problems.name = { key: 'people.errors.nameLength', vars: { min: LIMITS.nameMin, max: LIMITS.nameMax } };
  }
  if (!EMAIL_PATTERN.test(values.email.trim())) problems.email = { key: 'people.errors.email' };
  if ((options.phoneRequired || values.phone.trim()) && !normalizeSaudiMobile(values.phone)) {
    problems.phone = { key: 'people.errors.phone' };
  }
  if (options.creating && values.password && values.password.length < LIMITS.passwordMin) {
    problems.password = { key: 'people.errors.password', vars: { min: LIMITS.passwordMin } };
  }
  return problems;
}

/** The name, e-mail and mobile number of a staff account, each bound to the form by `bind`. */
export function AccountFields(props: {
  bind(field: 'name' | 'email' | 'phone'): TextFieldBinding & { error: string | null };
}) {
  const t = useT();
  return (
    <>
      <TextField {...props.bind('name')} label={t('people.name')} autoComplete="off" />
      <TextField
        {...props.bind('email')}
        label={t('people.email')}
        type="email"
        dir="ltr"
        autoComplete="off"
      />
      <TextField
        {...props.bind('phone')}
        label={t('people.phone')}
        type="tel"
        dir="ltr"
        inputMode="tel"
        placeholder="05xxxxxxxx"
      />
    </>
  );
}

/** A new account's password: optional, the server generates one when it is left empty. */
export function InitialPasswordField(props: {
  idPrefix: string;
  value: string;
  onValue(value: string): void;
  error: string | null;
}) {
  const t = useT();
  return (
    <TextField
      idPrefix={props.idPrefix}
      name="password"
      label={t('people.passwordOptional')}
      hint={t('people.passwordHint', { min: LIMITS.passwordMin })}
      error={props.error}
      type="password"
      dir="ltr"
      autoComplete="new-password"
      value={props.value}
      onValue={props.onValue}
    />
  );
}

/** The language the account's messages are written in. */
export function LanguageField(props: {
  idPrefix: string;
  value: 'ar' | 'en';
  onValue(value: 'ar' | 'en'): void;
}) {
  const t = useT();
  return (
    <Field id={`${props.idPrefix}-locale`} label={t('people.language')}>
      <select
        id={`${props.idPrefix}-locale`}
        name="locale"
        value={props.value}
        onChange={(event) => props.onValue(event.target.value as 'ar' | 'en')}
      >
        <option value="ar">{t('people.languages.ar')}</option>
        <option value="en">{t('people.languages.en')}</option>
      </select>
    </Field>
  );
}

export { useCities };

/** A specialty's name in the reader's language (a code the app does not know stays as it is). */
export function useDeviceTypeName(): (code: string) => string {
  const format = useFormat();
  return (code) => (DEVICE_TYPES.includes(code as DeviceType) ? format.deviceType(code as DeviceType) : code);
}
