// /customer/create?step=1|2|3 — the three-step wizard of seed 000 §4.1–§4.3. The step lives in the
// URL and the typed data in sessionStorage, so a reload (or the browser's back button) loses
// nothing; "Next" checks the step first, and a step cannot be opened before the ones it follows.
import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { TimeSlot } from '../../../../domain/schedule/time-slots';
import { type DeviceType, WARRANTY_STATUSES, type WarrantyStatus } from '../../../../domain/tickets';
import { LIMITS } from '../../../../domain/validations';
import { ApiError } from '../../../api/client';
import { createTicket, useCatalog, useCities } from '../../../api/customer';
import { useSession } from '../../../api/session';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { WrenchIcon } from '../../../ui/icons';
import { usePageTitle } from '../../../ui/page';
import { ErrorState, Loading, useErrorMessage } from '../../../ui/states';
import { DEVICE_ICONS } from './device-icons';
import {
  clearDraft,
  type Draft,
  type DraftField,
  FIELD_STEP,
  type FieldErrors,
  fieldOfIssuePath,
  firstIncompleteStep,
  hasErrors,
  INVOICE_PHOTO_TYPES,
  loadDraft,
  rememberCreated,
  STEPS,
  type Step,
  saveDraft,
  toNewTicket,
  validateStep,
} from './draft';
import { ChoiceField, FieldMessages, fieldId, TextField } from './fields';

const MapPicker = lazy(() => import('./map-picker'));

const STEP_TITLES: Record<Step, MessageKey> = {
  1: 'create.stepCustomer',
  2: 'create.stepDevice',
  3: 'create.stepWarranty',
};

/** The client's message for a field the server refused (its own issue texts are English only). */
const FIELD_MESSAGES: Partial<Record<DraftField, MessageKey>> = {
  customerName: 'create.errors.name',
  customerPhone: 'create.errors.phone',
  customerCity: 'create.errors.city',
  customerAddress: 'create.errors.address',
  latitude: 'create.errors.location',
  longitude: 'create.errors.location',
  deviceType: 'create.errors.deviceType',
  brand: 'create.errors.brand',
  problemDescription: 'create.errors.problem',
  preferredTimeSlot: 'create.errors.timeSlot',
  warrantyStatus: 'create.errors.warranty',
  invoicePhoto: 'create.errors.photoType',
};

function parseStep(value: string | null): Step {
  const step = Number(value);
  return step === 2 || step === 3 ? step : 1;
}

function focusField(name: DraftField): void {
  const element = document.getElementById(
    fieldId(name === 'latitude' || name === 'longitude' ? 'location' : name),
  );
  if (!element) return;
  const target =
    element.tagName === 'FIELDSET' || element.tagName === 'DIV'
      ? element.querySelector('input, button')
      : element;
  (target as HTMLElement | null)?.focus();
}

function Stepper({ step }: { step: Step }) {
  const { t } = useI18n();
  return (
    <ol className="stepper" aria-label={t('create.stepsLabel')}>
      {STEPS.map((item) => (
        <li
          key={item}
          className={item < step ? 'stepper-done' : item === step ? 'stepper-active' : undefined}
          aria-current={item === step ? 'step' : undefined}
        >
          <span className="stepper-number" aria-hidden="true">
            {item < step ? '✓' : item}
          </span>
          <span className="stepper-label">
            {t(STEP_TITLES[item])}
            {item < step && <span className="visually-hidden"> {t('create.stepDone')}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function CreateTicketPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [invoicePhoto, setInvoicePhoto] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const cities = useCities();
  const catalog = useCatalog();
  const messageOf = useErrorMessage();

  const requested = parseStep(params.get('step'));
  const firstIncomplete = firstIncompleteStep(draft);
  const step: Step = firstIncomplete !== null && firstIncomplete < requested ? firstIncomplete : requested;
  usePageTitle(`${t('pages.customerCreate')} — ${t('create.stepOf', { step, total: STEPS.length })}`);

  useEffect(() => saveDraft(draft), [draft]);

  // A draft kept from before the organisation stopped offering a device type or slot asks for it again.
  useEffect(() => {
    if (!catalog.data) return;
    const { deviceTypes, timeSlots } = catalog.data;
    setDraft((current) => {
      const keepType = deviceTypes.some((entry) => entry.code === current.deviceType);
      const keepSlot = timeSlots.some((entry) => entry.code === current.preferredTimeSlot);
      if ((keepType || !current.deviceType) && (keepSlot || !current.preferredTimeSlot)) return current;
      return {
        ...current,
        deviceType: keepType ? current.deviceType : '',
        preferredTimeSlot: keepSlot ? current.preferredTimeSlot : '',
      };
    });
  }, [catalog.data]);

  // A step opened before the ones it follows are complete (an old link, a reload after the data
  // was lost) shows the first incomplete step instead, in the URL too.
  useEffect(() => {
    if (params.get('step') !== String(step)) setParams({ step: String(step) }, { replace: true });
  }, [params, step, setParams]);

  const previousStep = useRef(step);
  useEffect(() => {
    if (previousStep.current !== step) stepHeading.current?.focus();
    previousStep.current = step;
  }, [step]);

  const submit = useMutation({
    mutationFn: () =>
      createTicket(toNewTicket(draft), draft.warrantyStatus === 'yes' ? invoicePhoto : null, {
        signedIn: session.status === 'signedIn' && session.user.role === 'customer',
      }),
    onSuccess: (ticket) => {
      const created = { ticketNumber: ticket.ticketNumber, trackingToken: ticket.trackingToken };
      rememberCreated(created);
      clearDraft();
      navigate('/customer/create/success', { state: created });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const refused: FieldErrors = {};
      for (const issue of error.issues) {
        const field = fieldOfIssuePath(issue.path);
        const message = field ? FIELD_MESSAGES[field] : undefined;
        if (field && message)
          refused[field === 'latitude' || field === 'longitude' ? 'location' : field] = message;
      }
      if (!hasErrors(refused)) return;
      // The organisation may have stopped offering the choice since the list was loaded.
      if (refused.deviceType || refused.preferredTimeSlot) void catalog.refetch();
      setErrors(refused);
      const fields = Object.keys(refused) as DraftField[];
      const earliest = Math.min(...fields.map((field) => FIELD_STEP[field])) as Step;
      if (earliest !== step) setParams({ step: String(earliest) });
    },
  });

  const update = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      const key: DraftField = field === 'latitude' || field === 'longitude' ? 'location' : field;
      if (!current[key]) return current;
      const { [key]: _removed, ...rest } = current;
      return rest;
    });
  };

  const errorText = (field: DraftField) => {
    const key = errors[field];
    return key ? t(key) : undefined;
  };

  const checkStep = (): boolean => {
    const found = validateStep(step, draft, invoicePhoto);
    setErrors(found);
    const first = (Object.keys(found) as DraftField[])[0];
    if (first) {
      focusField(first);
      return false;
    }
    return true;
  };

  const goTo = (target: Step) => {
    submit.reset();
    setParams({ step: String(target) });
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!checkStep()) return;
    if (step < 3) {
      goTo((step + 1) as Step);
      return;
    }
    const incomplete = firstIncompleteStep(draft);
    if (incomplete !== null) {
      goTo(incomplete);
      return;
    }
    submit.mutate();
  };

  const selectedCity = cities.data?.find((city) => city.code === draft.customerCity);
  // The organisation's own name in the page's language, or the app's built-in one.
  const nameOf = (entry: { nameAr: string | null; nameEn: string | null }, builtIn: string) =>
    (locale === 'ar' ? entry.nameAr : entry.nameEn) ?? builtIn;
  const deviceOptions = (catalog.data?.deviceTypes ?? []).map((entry) => ({
    value: entry.code,
    label: nameOf(entry, t(`deviceTypes.${entry.code}`)),
    icon: DEVICE_ICONS[entry.code],
  }));
  const slotOptions = (catalog.data?.timeSlots ?? []).map((entry) => ({
    value: entry.code,
    label: nameOf(entry, t(`timeSlots.${entry.code}`)),
  }));
  const warrantyOptions = WARRANTY_STATUSES.map((value) => ({ value, label: t(`warranty.${value}`) }));
  const showErrorSummary = hasErrors(errors) && !submit.isError;

  return (
    <div className="page page-narrow create-ticket">
      <div className="page-header">
        {step === 1 && (
          <Link to="/customer" className="back-link" aria-label={t('create.backToPortal')}>
            <span aria-hidden="true">{locale === 'ar' ? '→' : '←'}</span>
          </Link>
        )}
        <h1 className="page-title" tabIndex={-1}>
          <WrenchIcon /> {t('pages.customerCreate')}
        </h1>
      </div>
      <Stepper step={step} />
      <form className="form card" noValidate onSubmit={onSubmit}>
        <h2 ref={stepHeading} tabIndex={-1} className="step-title">
          <span className="visually-hidden">{t('create.stepOf', { step, total: STEPS.length })}: </span>
          {t(STEP_TITLES[step])}
        </h2>
        {showErrorSummary && (
          <div className="alert alert-error" role="alert">
            {t('create.fixErrors')}
          </div>
        )}
        {submit.isError && (
          <div className="alert alert-error" role="alert">
            {messageOf(submit.error)}
          </div>
        )}

        {step === 1 && (
          <>
            <TextField
              name="customerName"
              label={t('create.fullName')}
              placeholder={t('create.fullName')}
              autoComplete="name"
              maxLength={LIMITS.nameMax}
              value={draft.customerName}
              error={errorText('customerName')}
              onChange={(value) => update('customerName', value)}
            />
            <TextField
              name="customerPhone"
              label={t('create.phone')}
              placeholder={t('create.phone')}
              hint={t('create.phoneHint')}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              dir="ltr"
              maxLength={20}
              value={draft.customerPhone}
              error={errorText('customerPhone')}
              onChange={(value) => update('customerPhone', value)}
            />
            <div className="field">
              <label htmlFor={fieldId('customerCity')}>{t('create.city')}</label>
              {cities.isError ? (
                <ErrorState error={cities.error} onRetry={() => void cities.refetch()} />
              ) : (
                <select
                  id={fieldId('customerCity')}
                  name="customerCity"
                  value={draft.customerCity}
                  aria-invalid={errors.customerCity ? true : undefined}
                  aria-describedby={errors.customerCity ? `${fieldId('customerCity')}-error` : undefined}
                  aria-busy={cities.isPending || undefined}
                  onChange={(event) => update('customerCity', event.target.value)}
                >
                  <option value="">
                    {cities.isPending ? t('common.loading') : t('create.cityPlaceholder')}
                  </option>
                  {cities.data?.map((city) => (
                    <option key={city.code} value={city.code}>
                      {locale === 'ar' ? city.nameAr : city.nameEn}
                    </option>
                  ))}
                </select>
              )}
              <FieldMessages name="customerCity" error={errorText('customerCity')} />
            </div>
            <TextField
              name="customerAddress"
              label={t('create.address')}
              placeholder={t('create.address')}
              multiline
              maxLength={LIMITS.addressMax}
              value={draft.customerAddress}
              error={errorText('customerAddress')}
              onChange={(value) => update('customerAddress', value)}
            />
            <div className="field" id={fieldId('location')}>
              <span className="field-label" id="create-location-label">
                {t('create.location')}
              </span>
              <Suspense fallback={<Loading />}>
                <MapPicker
                  value={
                    draft.latitude !== null && draft.longitude !== null
                      ? { latitude: draft.latitude, longitude: draft.longitude }
                      : null
                  }
                  center={
                    selectedCity?.latitude != null && selectedCity.longitude != null
                      ? { latitude: selectedCity.latitude, longitude: selectedCity.longitude }
                      : null
                  }
                  invalid={Boolean(errors.location)}
                  onChange={(point) => {
                    setDraft((current) => ({
                      ...current,
                      latitude: point.latitude,
                      longitude: point.longitude,
                    }));
                    setErrors(({ location: _removed, ...rest }) => rest);
                  }}
                />
              </Suspense>
              <FieldMessages name="location" error={errorText('location')} />
            </div>
          </>
        )}

        {step === 2 && catalog.isPending && <Loading />}
        {step === 2 && catalog.isError && (
          <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />
        )}
        {step === 2 && catalog.isSuccess && (
          <>
            <ChoiceField<DeviceType>
              name="deviceType"
              legend={t('create.deviceType')}
              options={deviceOptions}
              cards
              value={draft.deviceType}
              error={errorText('deviceType')}
              onChange={(value) => update('deviceType', value)}
            />
            <TextField
              name="brand"
              label={t('create.brand')}
              placeholder={t('create.brand')}
              maxLength={LIMITS.brandMax}
              value={draft.brand}
              error={errorText('brand')}
              onChange={(value) => update('brand', value)}
            />
            <TextField
              name="model"
              label={t('create.model')}
              placeholder={t('create.model')}
              maxLength={LIMITS.modelMax}
              value={draft.model}
              onChange={(value) => update('model', value)}
            />
            <TextField
              name="problemDescription"
              label={t('create.problem')}
              placeholder={t('create.problem')}
              multiline
              maxLength={LIMITS.problemMax}
              value={draft.problemDescription}
              error={errorText('problemDescription')}
              onChange={(value) => update('problemDescription', value)}
            />
            <ChoiceField<TimeSlot>
              name="preferredTimeSlot"
              legend={t('create.timeSlot')}
              options={slotOptions}
              value={draft.preferredTimeSlot}
              error={errorText('preferredTimeSlot')}
              onChange={(value) => update('preferredTimeSlot', value)}
            />
          </>
        )}

        {step === 3 && (
          <>
            <ChoiceField<WarrantyStatus>
              name="warrantyStatus"
              legend={t('create.warranty')}
              options={warrantyOptions}
              value={draft.warrantyStatus}
              error={errorText('warrantyStatus')}
              onChange={(value) => update('warrantyStatus', value)}
            />
            {draft.warrantyStatus === 'yes' && (
              <>
                <TextField
                  name="invoiceNumber"
                  label={t('create.invoiceNumber')}
                  maxLength={100}
                  dir="auto"
                  value={draft.invoiceNumber}
                  onChange={(value) => update('invoiceNumber', value)}
                />
                <TextField
                  name="serialNumber"
                  label={t('create.serialNumber')}
                  maxLength={100}
                  dir="auto"
                  value={draft.serialNumber}
                  onChange={(value) => update('serialNumber', value)}
                />
                <div className="field">
                  <label htmlFor={fieldId('invoicePhoto')}>{t('create.invoicePhoto')}</label>
                  <input
                    id={fieldId('invoicePhoto')}
                    name="invoicePhoto"
                    type="file"
                    accept={INVOICE_PHOTO_TYPES.join(',')}
                    aria-invalid={errors.invoicePhoto ? true : undefined}
                    aria-describedby={`create-invoicePhoto-hint${errors.invoicePhoto ? ' create-invoicePhoto-error' : ''}`}
                    onChange={(event) => {
                      setInvoicePhoto(event.target.files?.[0] ?? null);
                      setErrors(({ invoicePhoto: _removed, ...rest }) => rest);
                    }}
                  />
                  <FieldMessages
                    name="invoicePhoto"
                    hint={t('create.invoicePhotoHint')}
                    error={errorText('invoicePhoto')}
                  />
                </div>
              </>
            )}
            {draft.warrantyStatus === 'no' && (
              <div className="alert alert-warning" role="status">
                {t('create.outOfWarranty')}
              </div>
            )}
            {draft.warrantyStatus === 'unknown' && (
              <p className="note" role="status">
                {t('create.warrantyUnknown')}
              </p>
            )}
          </>
        )}

        <div className="form-actions">
          {step === 3 ? (
            <button type="submit" className="button button-success" disabled={submit.isPending}>
              {submit.isPending ? t('create.submitting') : t('create.submit')}
            </button>
          ) : (
            <button type="submit" className="button button-primary">
              {t('create.next')}
            </button>
          )}
          {step > 1 && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setErrors({});
                goTo((step - 1) as Step);
              }}
            >
              {t('create.previous')}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
