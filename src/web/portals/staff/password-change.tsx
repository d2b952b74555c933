// /account/password — a signed-in staff member chooses a new password (POST /auth/staff/password).
// Whoever signed in with a password an administrator set is kept here (StaffPortalLayout sends them
// back) until they have chosen their own; the answer is a new session, which this tab takes over.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { LIMITS } from '../../../domain/validations';
import { ApiError } from '../../api/client';
import { changeStaffPassword, useSession } from '../../api/session';
import { type MessageKey, useT } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { Loading, useErrorMessage } from '../../ui/states';
import { homePathOf, PASSWORD_CHANGE_PATH, safeNextPath } from '../access';

type FieldName = 'current' | 'next' | 'confirm';
type FieldErrors = Partial<Record<FieldName, MessageKey>>;
type Values = Record<FieldName, string>;

const EMPTY: Values = { current: '', next: '', confirm: '' };

function validate(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.current) errors.current = 'passwordChange.errors.currentRequired';
  if (!values.next) errors.next = 'passwordChange.errors.newRequired';
  else if (values.next.length < LIMITS.passwordMin) errors.next = 'passwordChange.errors.newTooShort';
  else if (values.next === values.current) errors.next = 'passwordChange.errors.newSame';
  if (!values.confirm) errors.confirm = 'passwordChange.errors.confirmRequired';
  else if (values.confirm !== values.next) errors.confirm = 'passwordChange.errors.confirmMismatch';
  return errors;
}

const FIELDS: Array<{ name: FieldName; labelKey: MessageKey; autoComplete: string; hint?: boolean }> = [
  { name: 'current', labelKey: 'passwordChange.current', autoComplete: 'current-password' },
  { name: 'next', labelKey: 'passwordChange.new', autoComplete: 'new-password', hint: true },
  { name: 'confirm', labelKey: 'passwordChange.confirm', autoComplete: 'new-password' },
];

export function PasswordChangePage() {
  const t = useT();
  const id = useId();
  const session = useSession();
  const [params] = useSearchParams();
  const messageOf = useErrorMessage();
  const [values, setValues] = useState<Values>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const doneRef = useRef<HTMLDivElement>(null);
  const fieldId = (name: FieldName) => `${id}-${name}`;
  const focusField = (name: FieldName) => document.getElementById(fieldId(name))?.focus();
  const change = useMutation({
    mutationFn: changeStaffPassword,
    onSuccess: () => setValues(EMPTY),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'current_password_incorrect') {
        setFieldErrors({ current: 'passwordChange.errors.currentWrong' });
        focusField('current');
      }
    },
  });

  useEffect(() => {
    if (change.isSuccess) doneRef.current?.focus();
  }, [change.isSuccess]);

  if (session.status === 'restoring') return <Loading label={t('session.restoring')} />;
  if (session.status === 'signedOut') {
    return <Navigate to={`/staff/login?next=${encodeURIComponent(PASSWORD_CHANGE_PATH)}`} replace />;
  }
  const { user } = session;
  // Customers sign in with a one-time code: they have no password to change.
  if (user.role === 'customer') return <Navigate to={homePathOf(user.role)} replace />;
  const continueTo = safeNextPath(params.get('next'), user.role);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const errors = validate(values);
    setFieldErrors(errors);
    const firstInvalid = FIELDS.find((field) => errors[field.name]);
    if (firstInvalid) {
      focusField(firstInvalid.name);
      return;
    }
    change.mutate({ currentPassword: values.current, newPassword: values.next });
  };
  // A refusal shown next to its field is not repeated above the form.
  const shownOnField = change.error instanceof ApiError && change.error.code === 'current_password_incorrect';

  return (
    <Page titleKey="passwordChange.title" className="page-narrow">
      {user.passwordChangeRequired && (
        <p className="alert alert-warning" data-testid="password-change-required">
          {t('passwordChange.required')}
        </p>
      )}
      {change.isSuccess ? (
        <div ref={doneRef} className="note" role="status" tabIndex={-1}>
          <p>{t('passwordChange.done')}</p>
          <p>
            <Link to={continueTo} className="button button-primary">
              {t('passwordChange.continue')}
            </Link>
          </p>
        </div>
      ) : (
        <>
          <p className="lead">{t('passwordChange.intro')}</p>
          <form className="form card" noValidate onSubmit={onSubmit}>
            {change.isError && !shownOnField && (
              <div className="alert alert-error" role="alert">
                {messageOf(change.error)}
              </div>
            )}
            {FIELDS.map((field) => {
              const error = fieldErrors[field.name];
              const hintId = field.hint ? `${fieldId(field.name)}-hint` : null;
              const errorId = error ? `${fieldId(field.name)}-error` : null;
              const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
              return (
                <div className="field" key={field.name}>
                  <label htmlFor={fieldId(field.name)}>{t(field.labelKey)}</label>
                  <input
                    id={fieldId(field.name)}
                    name={field.name}
                    type="password"
                    autoComplete={field.autoComplete}
                    dir="ltr"
                    required
                    minLength={field.name === 'current' ? undefined : LIMITS.passwordMin}
                    value={values[field.name]}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy}
                    onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                  />
                  {hintId && (
                    <p id={hintId} className="field-hint">
                      {t('passwordChange.newHint', { min: LIMITS.passwordMin })}
                    </p>
                  )}
                  {error && errorId && (
                    <p id={errorId} className="field-error">
                      {t(error, { min: LIMITS.passwordMin })}
                    </p>
                  )}
                </div>
              );
            })}
            <button type="submit" className="button button-primary button-block" disabled={change.isPending}>
              {change.isPending ? t('passwordChange.submitting') : t('passwordChange.submit')}
            </button>
          </form>
        </>
      )}
    </Page>
  );
}
