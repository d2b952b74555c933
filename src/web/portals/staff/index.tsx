// Staff sign-in: e-mail and password (POST /auth/staff/login), then each role to its portal (or
// first to the password change, when an administrator set the password).
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { staffLogin, useSession } from '../../api/session';
import { type MessageKey, useT } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { Loading, useErrorMessage } from '../../ui/states';
import { landingPathOf } from '../access';

export { PasswordChangePage } from './password-change';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface FieldErrors {
  email?: MessageKey;
  password?: MessageKey;
}

function validate(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'login.emailRequired';
  else if (!EMAIL_PATTERN.test(email.trim())) errors.email = 'login.emailInvalid';
  if (!password) errors.password = 'login.passwordRequired';
  return errors;
}

export function LoginPage() {
  const t = useT();
  const id = useId();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const messageOf = useErrorMessage();
  const login = useMutation({
    mutationFn: staffLogin,
    onSuccess: (user) => navigate(landingPathOf(user, params.get('next')), { replace: true }),
  });

  if (session.status === 'restoring') return <Loading label={t('session.restoring')} />;
  if (session.status === 'signedIn' && !login.isPending && !login.isSuccess) {
    return <Navigate to={landingPathOf(session.user, params.get('next'))} replace />;
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const errors = validate(email, password);
    setFieldErrors(errors);
    if (errors.email || errors.password) {
      document.getElementById(errors.email ? `${id}-email` : `${id}-password`)?.focus();
      return;
    }
    login.mutate({ email: email.trim(), password });
  };

  return (
    <Page titleKey="login.title" className="page-narrow">
      <p className="lead">{t('login.subtitle')}</p>
      <form className="form card" noValidate onSubmit={onSubmit}>
        {login.isError && (
          <div className="alert alert-error" role="alert">
            {messageOf(login.error)}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('login.email')}</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="username"
            dir="ltr"
            required
            value={email}
            aria-invalid={fieldErrors.email ? true : undefined}
            aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
            onChange={(event) => setEmail(event.target.value)}
          />
          {fieldErrors.email && (
            <p id={`${id}-email-error`} className="field-error">
              {t(fieldErrors.email)}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('login.password')}</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            dir="ltr"
            required
            value={password}
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
          {fieldErrors.password && (
            <p id={`${id}-password-error`} className="field-error">
              {t(fieldErrors.password)}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary button-block" disabled={login.isPending}>
          {login.isPending ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <p className="aside">
        {t('login.customerHint')} <Link to="/customer">{t('login.customerLink')}</Link>
      </p>
    </Page>
  );
}
