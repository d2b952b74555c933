// /customer/login — sign-in by mobile number and a 6-digit code sent by SMS (seed 000 §6.1): the
// number is checked before asking, the code can be asked for again after a countdown, and the
// server's refusals (wrong or expired code, too many requests) are shown as the server words them.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { normalizeSaudiMobile } from '../../../../domain/validations';
import { requestOtp, verifyOtp } from '../../../api/customer';
import { acceptSignIn, useSession } from '../../../api/session';
import { type MessageKey, useT } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { Loading, useErrorMessage } from '../../../ui/states';
import { StaffSignedIn, safeCustomerPath } from './require-customer';

/** Seconds before "send again" is offered: the server also limits codes per number and hour. */
export const RESEND_AFTER_SECONDS = 60;

/** Arabic-Indic digits (٠١٢…) typed on an Arabic keyboard count as 0–9. */
const latinDigits = (value: string) =>
  value.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => String(digit.charCodeAt(0) & 0xf));

function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function CustomerLoginPage() {
  const t = useT();
  const id = useId();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const next = safeCustomerPath(params.get('next'));
  const messageOf = useErrorMessage();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [resent, setResent] = useState(false);
  const [phoneError, setPhoneError] = useState<MessageKey | null>(null);
  const [codeError, setCodeError] = useState<MessageKey | null>(null);
  const secondsLeft = useCountdown(resendAt);

  const send = useMutation({
    mutationFn: (number: string) => requestOtp(number),
    onSuccess: (_response, number) => {
      setResent(sentTo !== null);
      setSentTo(number);
      setResendAt(Date.now() + RESEND_AFTER_SECONDS * 1000);
      verify.reset();
    },
  });
  const verify = useMutation({
    mutationFn: verifyOtp,
    onSuccess: (response) => {
      // Whatever an earlier account on this device saw is not this customer's to see.
      queryClient.removeQueries({ queryKey: ['customer', 'myTickets'] });
      queryClient.removeQueries({ queryKey: ['customer', 'ticket'] });
      if (acceptSignIn(response)) navigate(next, { replace: true });
    },
  });

  // The code field takes focus once the code is on its way.
  useEffect(() => {
    if (sentTo) document.getElementById(`${id}-code`)?.focus();
  }, [sentTo, id]);

  if (session.status === 'restoring') return <Loading label={t('session.restoring')} />;
  if (session.status === 'signedIn' && !verify.isSuccess) {
    if (session.user.role !== 'customer') return <StaffSignedIn titleKey="pages.customerLogin" />;
    return <Navigate to={next} replace />;
  }

  const onSendCode = (event: FormEvent) => {
    event.preventDefault();
    const number = normalizeSaudiMobile(latinDigits(phone));
    setPhoneError(number ? null : 'customerAuth.phoneInvalid');
    if (!number) {
      document.getElementById(`${id}-phone`)?.focus();
      return;
    }
    send.mutate(number);
  };

  const onVerify = (event: FormEvent) => {
    event.preventDefault();
    const otp = latinDigits(code).trim();
    const valid = /^\d{6}$/.test(otp);
    setCodeError(valid ? null : 'customerAuth.codeInvalid');
    if (!valid || !sentTo) {
      document.getElementById(`${id}-code`)?.focus();
      return;
    }
    verify.mutate({ phone: sentTo, otp });
  };

  return (
    <Page titleKey="pages.customerLogin" className="page-narrow">
      <p className="lead">{t('customerAuth.subtitle')}</p>
      {sentTo === null ? (
        <form className="form card" noValidate onSubmit={onSendCode}>
          {send.isError && (
            <div className="alert alert-error" role="alert">
              {messageOf(send.error)}
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-phone`}>{t('customerAuth.phone')}</label>
            <input
              id={`${id}-phone`}
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              dir="ltr"
              maxLength={20}
              placeholder={t('customerAuth.phonePlaceholder')}
              value={phone}
              aria-invalid={phoneError ? true : undefined}
              aria-describedby={`${id}-phone-hint${phoneError ? ` ${id}-phone-error` : ''}`}
              onChange={(event) => setPhone(event.target.value)}
            />
            <p id={`${id}-phone-hint`} className="field-hint">
              {t('customerAuth.phoneHint')}
            </p>
            {phoneError && (
              <p id={`${id}-phone-error`} className="field-error">
                {t(phoneError)}
              </p>
            )}
          </div>
          <button type="submit" className="button button-primary button-block" disabled={send.isPending}>
            {send.isPending ? t('customerAuth.sending') : t('customerAuth.sendCode')}
          </button>
        </form>
      ) : (
        <form className="form card" noValidate onSubmit={onVerify}>
          <p role="status">
            {resent ? `${t('customerAuth.resent')} ` : ''}
            {t('customerAuth.codeSent', { phone: `\u2066${sentTo}\u2069` })}
          </p>
          {(verify.isError || send.isError) && (
            <div className="alert alert-error" role="alert">
              {messageOf(verify.isError ? verify.error : send.error)}
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-code`}>{t('customerAuth.code')}</label>
            <input
              id={`${id}-code`}
              name="otp"
              className="otp-input"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              dir="ltr"
              maxLength={6}
              value={code}
              aria-invalid={codeError ? true : undefined}
              aria-describedby={`${id}-code-hint${codeError ? ` ${id}-code-error` : ''}`}
              onChange={(event) => setCode(event.target.value)}
            />
            <p id={`${id}-code-hint`} className="field-hint">
              {t('customerAuth.codeHint')}
            </p>
            {codeError && (
              <p id={`${id}-code-error`} className="field-error">
                {t(codeError)}
              </p>
            )}
          </div>
          <button type="submit" className="button button-primary button-block" disabled={verify.isPending}>
            {verify.isPending ? t('customerAuth.verifying') : t('customerAuth.verify')}
          </button>
          <div className="resend-row">
            <button
              type="button"
              className="button button-ghost"
              disabled={secondsLeft > 0 || send.isPending}
              onClick={() => send.mutate(sentTo)}
            >
              {send.isPending ? t('customerAuth.sending') : t('customerAuth.resend')}
            </button>
            {secondsLeft > 0 && (
              <span className="field-hint">{t('customerAuth.resendIn', { seconds: secondsLeft })}</span>
            )}
            <button
              type="button"
              className="button button-ghost"
              onClick={() => {
                setSentTo(null);
                setResendAt(null);
                setResent(false);
                setCode('');
                setCodeError(null);
                send.reset();
                verify.reset();
              }}
            >
              {t('customerAuth.changePhone')}
            </button>
          </div>
        </form>
      )}
      <p className="aside">
        {t('customerAuth.staffHint')} <Link to="/staff/login">{t('customerAuth.staffLink')}</Link>
      </p>
    </Page>
  );
}
