// /technician/profile — "Profile & Settings" (seed 000 §1.3): who I am, the language of the app
// (also stored on the server, for the messages it sends me), whether I take new assignments, and
// changing my password with the form every staff member uses (POST /auth/staff/password: the other
// signed-in devices are signed out, this one carries on with the new session).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { z } from 'zod';
import type {
  profileResponse,
  profileUpdateBody,
} from '../../../../server/modules/technician/profile.routes';
import { apiRequest } from '../../../api/client';
import { LOCALES, type Locale, useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { QueryView, useErrorMessage } from '../../../ui/states';
import { PasswordChangeForm } from '../../staff/password-change-form';
import './profile.css';

type Profile = z.infer<typeof profileResponse>['profile'];
const PROFILE_KEY = ['technician', 'profile'] as const;

function useProfile() {
  return useQuery({
    queryKey: PROFILE_KEY,
    queryFn: async ({ signal }) =>
      (await apiRequest<z.infer<typeof profileResponse>>('/technician/profile', { signal, auth: true }))
        .profile,
  });
}

function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: z.input<typeof profileUpdateBody>) =>
      (
        await apiRequest<z.infer<typeof profileResponse>>('/technician/profile', {
          method: 'PATCH',
          body,
          auth: true,
        })
      ).profile,
    onSuccess: (profile) => queryClient.setQueryData(PROFILE_KEY, profile),
  });
}

function Settings({ profile }: { profile: Profile }) {
  const { t, locale, setLocale } = useI18n();
  const messageOf = useErrorMessage();
  const update = useUpdateProfile();
  const languageId = useId();
  const availabilityId = useId();

  const chooseLanguage = (next: Locale) => {
    setLocale(next);
    update.mutate({ locale: next });
  };

  return (
    <section className="card profile-section" aria-labelledby={`${languageId}-title`}>
      <h2 id={`${languageId}-title`}>{t('profile.settingsTitle')}</h2>
      <fieldset className="profile-languages">
        <legend className="field-label">{t('profile.language')}</legend>
        {LOCALES.map((option) => (
          <label key={option} className="choice-option">
            <input
              type="radio"
              name={languageId}
              value={option}
              checked={locale === option}
              onChange={() => chooseLanguage(option)}
            />
            <span>{t(`profile.languages.${option}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="profile-availability">
        <label htmlFor={availabilityId} className="field-label">
          {t('profile.availability')}
        </label>
        <button
          id={availabilityId}
          type="button"
          role="switch"
          aria-checked={profile.isAvailable}
          className={`profile-switch${profile.isAvailable ? ' profile-switch-on' : ''}`}
          disabled={update.isPending}
          onClick={() => update.mutate({ isAvailable: !profile.isAvailable })}
        >
          <span className="profile-switch-knob" aria-hidden="true" />
          <span>{profile.isAvailable ? t('profile.available') : t('profile.unavailable')}</span>
        </button>
        <p className="field-hint">{t('profile.availabilityHint')}</p>
      </div>
      {update.isError && (
        <p className="alert alert-error" role="alert">
          {messageOf(update.error)}
        </p>
      )}
    </section>
  );
}

function PasswordSection() {
  const { t } = useI18n();
  const id = useId();
  return (
    <section className="card profile-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('profile.passwordTitle')}</h2>
      <PasswordChangeForm framed={false} />
    </section>
  );
}

export function ProfilePage() {
  const { t } = useI18n();
  const query = useProfile();
  return (
    <Page titleKey="pages.technicianProfile" className="page-narrow">
      <QueryView query={query}>
        {(profile) => (
          <>
            <section className="card profile-section">
              <h2>{profile.name}</h2>
              <dl className="profile-facts">
                <dt>{t('profile.employeeId')}</dt>
                <dd>
                  <bdi dir="ltr">{profile.employeeId}</bdi>
                </dd>
                {profile.email && (
                  <>
                    <dt>{t('profile.email')}</dt>
                    <dd>
                      <bdi dir="ltr">{profile.email}</bdi>
                    </dd>
                  </>
                )}
                {profile.phone && (
                  <>
                    <dt>{t('profile.phone')}</dt>
                    <dd>
                      <bdi dir="ltr">{profile.phone}</bdi>
                    </dd>
                  </>
                )}
                {profile.serviceAreas.length > 0 && (
                  <>
                    <dt>{t('profile.serviceAreas')}</dt>
                    <dd>{profile.serviceAreas.join('، ')}</dd>
                  </>
                )}
              </dl>
            </section>
            <Settings profile={profile} />
            <PasswordSection />
          </>
        )}
      </QueryView>
    </Page>
  );
}
