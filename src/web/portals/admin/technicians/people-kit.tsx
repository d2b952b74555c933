// Pieces the Technicians and Users pages share: a modal dialog, a confirmation, the one-time
// temporary password, pagination, and the server's refusals in the reader's language.
import './people.css';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { DEVICE_TYPES, type DeviceType } from '../../../../domain/tickets';
import { ApiError } from '../../../api/client';
import { useCities } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { useI18n, useT } from '../../../i18n/i18n';
import { useModalDialog } from '../../../ui/modal-dialog';
import { useErrorMessage } from '../../../ui/states';

/** A modal on the native <dialog>: focus moves in and stays, Escape closes, the page behind is inert. */
export function Dialog(props: {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  onSubmit?: (event: FormEvent) => void;
  wide?: boolean;
}) {
  const t = useT();
  const ref = useModalDialog(props.onClose);
  const titleId = useId();

  const body = (
    <>
      <div className="people-dialog-header">
        <h2 id={titleId} className="people-dialog-title">
          {props.title}
        </h2>
        <button type="button" className="button button-ghost people-dialog-close" onClick={props.onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{t('people.close')}</span>
        </button>
      </div>
      <div className="people-dialog-body">{props.children}</div>
      {props.footer && <div className="people-dialog-footer">{props.footer}</div>}
    </>
  );
  return (
    <dialog
      ref={ref}
      className={props.wide ? 'people-dialog people-dialog-wide' : 'people-dialog'}
      aria-labelledby={titleId}
    >
      {props.onSubmit ? (
        <form noValidate onSubmit={props.onSubmit} className="people-dialog-form">
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}

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

export function ErrorAlert({ error }: { error: unknown }) {
  const messageOf = usePeopleErrorMessage();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      {messageOf(error)}
    </div>
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
  onConfirm(): void;
  onClose(): void;
  extra?: ReactNode;
}) {
  const t = useT();
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      onSubmit={(event) => {
        event.preventDefault();
        props.onConfirm();
      }}
      footer={
        <>
          <button type="button" className="button button-ghost" onClick={props.onClose}>
            {t('people.cancel')}
          </button>
          <button
            type="submit"
            className={props.danger ? 'button button-danger' : 'button button-primary'}
            disabled={props.pending}
          >
            {props.pending ? t('people.saving') : props.confirmLabel}
          </button>
        </>
      }
    >
      <p>{props.message}</p>
      {props.extra}
      <ErrorAlert error={props.error} />
    </Dialog>
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

export function Pagination(props: {
  page: number;
  limit: number;
  total: number;
  onPage(page: number): void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(props.total / props.limit));
  if (pages <= 1) return null;
  const from = (props.page - 1) * props.limit + 1;
  const to = Math.min(props.total, props.page * props.limit);
  return (
    <nav className="people-pagination" aria-label={t('people.pagination.label')}>
      <button
        type="button"
        className="button button-ghost"
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
      >
        {t('people.pagination.previous')}
      </button>
      <span aria-live="polite">{t('people.pagination.summary', { from, to, total: props.total })}</span>
      <button
        type="button"
        className="button button-ghost"
        disabled={props.page >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        {t('people.pagination.next')}
      </button>
    </nav>
  );
}

/** City names in the reader's language, by code (the code itself until the list has loaded). */
export function useCityName(): (code: string) => string {
  const { locale } = useI18n();
  const cities = useCities();
  return (code) => {
    const city = cities.data?.find((item) => item.code === code);
    if (!city) return code;
    return locale === 'ar' ? city.nameAr : city.nameEn;
  };
}

export { useCities };

/** A specialty's name in the reader's language (a code the app does not know stays as it is). */
export function useDeviceTypeName(): (code: string) => string {
  const format = useFormat();
  return (code) => (DEVICE_TYPES.includes(code as DeviceType) ? format.deviceType(code as DeviceType) : code);
}

/** A labelled form field with its hint and error wired for screen readers. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p id={`${props.id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** aria attributes of an input inside Field. */
export const fieldAria = (id: string, error: unknown, hint = false) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby':
    [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined,
});
