// The one form by which a signed-in staff member changes their password (POST /auth/staff/password):
// current, new and confirmation, checked here first, the server's refusals shown on their field or
// above the form. The answer is a new session, which this tab takes over (every other one has ended),
// so whoever uses it stays where they are, signed in. Used by /account/password and the technician's
// profile.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { LIMITS } from '../../../domain/validations';
import { ApiError } from '../../api/client';
import { changeStaffPassword } from '../../api/session';
import { type MessageKey, useT } from '../../i18n/i18n';
import { useErrorMessage } from '../../ui/states';

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

export interface PasswordChangeFormProps {
  /** Shown with the confirmation once the password is changed (the page's "continue" link). */
  doneAction?: ReactNode;
  /** The form draws its own card; false where it already sits inside one. */
  framed?: boolean;
}

export function PasswordChangeForm({ doneAction, framed = true }: PasswordChangeFormProps) {
  const t = useT();
  const id = useId();
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

  if (change.isSuccess) {
    return (
      <div ref={doneRef} className="note" role="status" tabIndex={-1}>
        <p>{t('passwordChange.done')}</p>
        {doneAction && <p>{doneAction}</p>}
      </div>
    );
  }
  // Above its own card, the intro leads the page; inside a card it opens the form, spaced like a field.
  const intro = <p className={framed ? 'lead' : 'field-hint'}>{t('passwordChange.intro')}</p>;
  return (
    <>
      {framed && intro}
      <form className={framed ? 'form card' : 'form'} noValidate onSubmit={onSubmit}>
        {!framed && intro}
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
  );
}
