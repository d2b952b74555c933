// The modals of seed 000 §4.9 (and the confirmations of the other actions). Each keeps its submit
// button disabled until the rules are met; the server checks them again, and its refusal is shown
// in the modal, which stays open with everything the technician entered.
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { NOT_FIXED_REASONS, type NotFixedReason } from '../../../../domain/lifecycle/types';
import { TIME_SLOTS, type TimeSlot } from '../../../../domain/schedule/time-slots';
import { LIMITS } from '../../../../domain/validations';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { useErrorMessage } from '../../../ui/states';
import { type ActionPhoto, type InputValue, type PerformableAction, performAction } from '../api/actions';
import { currentPosition, LocationError } from '../api/location';
import { sendCompletionOtp, type Task, useRefreshTask } from '../api/tasks';
import { Modal } from './modal';
import { PhotoPicker, type PickedPhoto, usePickedPhotos } from './photo-picker';
import { SignaturePad } from './signature-pad';

export type ModalAction = Exclude<PerformableAction, 'add_attachment'>;

interface Submission {
  input?: Record<string, InputValue>;
  photos?: ActionPhoto[];
  /** Start trip and arrive: the phone's position goes along. */
  withLocation?: boolean;
}

const asPhotos = (field: string, photos: PickedPhoto[]): ActionPhoto[] =>
  photos.map((photo) => ({ field, file: photo.file, name: photo.file.name }));

/**
 * Submits through performAction with progress, refreshes the task and closes on success, telling
 * onDone whether the action was only queued (no connection: it waits to be sent).
 */
function useSubmit(task: Task, action: ModalAction, onDone: (outcome: ActionOutcome) => void) {
  const refresh = useRefreshTask(task.id);
  const [progress, setProgress] = useState<number | null>(null);
  const mutation = useMutation({
    mutationFn: async (submission: Submission) => {
      let input = submission.input ?? {};
      if (submission.withLocation) {
        const position = await currentPosition();
        input = { ...input, latitude: position.latitude, longitude: position.longitude };
      }
      setProgress(submission.photos?.length ? 0 : null);
      return performAction({
        ticketId: task.id,
        action,
        input,
        photos: submission.photos,
        onProgress: setProgress,
      });
    },
    onSettled: () => setProgress(null),
    onSuccess: async (result) => {
      if (result.queued) {
        onDone('queued');
        return;
      }
      await refresh();
      onDone('sent');
    },
  });
  return { mutation, progress };
}

function ActionError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const messageOf = useErrorMessage();
  if (!error) return null;
  const text = error instanceof LocationError ? t(`techWork.location.${error.problem}`) : messageOf(error);
  return (
    <div className="alert alert-error" role="alert">
      {text}
    </div>
  );
}

function Progress({
  value,
  pending,
  locating,
}: {
  value: number | null;
  pending: boolean;
  locating?: boolean;
}) {
  const { t } = useI18n();
  const percent = value === null ? null : Math.round(value * 100);
  return (
    <div className="tw-progress-row">
      {percent !== null && (
        <progress
          className="tw-progress"
          max={100}
          value={percent}
          aria-label={t('techWork.modal.progress', { percent })}
        />
      )}
      <p className="status-text" role="status">
        {percent !== null
          ? t('techWork.modal.progress', { percent })
          : pending && locating
            ? t('techWork.location.locating')
            : ''}
      </p>
    </div>
  );
}

function Footer(props: {
  onCancel(): void;
  submitLabel: string;
  disabled: boolean;
  pending: boolean;
  form: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <button type="button" className="button button-secondary" onClick={props.onCancel}>
        {t('techWork.modal.cancel')}
      </button>
      <button
        type="submit"
        form={props.form}
        className="button button-primary"
        disabled={props.disabled || props.pending}
        aria-busy={props.pending || undefined}
      >
        {props.submitLabel}
      </button>
    </>
  );
}

function NotesField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        rows={2}
        dir="auto"
        maxLength={LIMITS.noteMax}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

/** The frame every action modal shares: form, error, progress, cancel and submit. */
function ActionForm(props: {
  title: string;
  submitLabel: string;
  ready: boolean;
  onClose(): void;
  submit: ReturnType<typeof useSubmit>;
  build(): Submission;
  locating?: boolean;
  children?: ReactNode;
}) {
  const formId = useId();
  const { mutation, progress } = props.submit;
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      footer={
        <Footer
          form={formId}
          onCancel={props.onClose}
          submitLabel={props.submitLabel}
          disabled={!props.ready}
          pending={mutation.isPending}
        />
      }
    >
      <form
        id={formId}
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (props.ready && !mutation.isPending) mutation.mutate(props.build());
        }}
      >
        <ActionError error={mutation.error} />
        {props.children}
        <Progress value={progress} pending={mutation.isPending} locating={props.locating} />
      </form>
    </Modal>
  );
}

/** Sent to the server, or kept in the offline queue to be sent when the connection returns. */
export type ActionOutcome = 'sent' | 'queued';

interface ModalProps {
  task: Task;
  onClose(): void;
  onDone(outcome: ActionOutcome): void;
}

/** Start trip, arrive, start repair, parts received: a sentence and a confirmation. */
function ConfirmModal(
  props: ModalProps & { action: ModalAction; title: string; text: string; gps: boolean },
) {
  const { t } = useI18n();
  const submit = useSubmit(props.task, props.action, props.onDone);
  return (
    <ActionForm
      title={props.title}
      submitLabel={t(`techWork.actions.${props.action}` as 'techWork.actions.start_trip')}
      ready
      onClose={props.onClose}
      submit={submit}
      locating={props.gps}
      build={() => ({ withLocation: props.gps })}
    >
      <p>{props.text}</p>
    </ActionForm>
  );
}

function ScheduleModal(props: ModalProps) {
  const { t } = useI18n();
  const format = useFormat();
  const id = useId();
  const submit = useSubmit(props.task, 'schedule', props.onDone);
  const [date, setDate] = useState(props.task.scheduledDate ?? '');
  const [slot, setSlot] = useState<TimeSlot>(props.task.scheduledTimeSlot ?? 'morning');
  return (
    <ActionForm
      title={t('techWork.modal.scheduleTitle')}
      submitLabel={t('techWork.modal.scheduleSubmit')}
      ready={/^\d{4}-\d{2}-\d{2}$/.test(date)}
      onClose={props.onClose}
      submit={submit}
      build={() => ({ input: { scheduledDate: date, scheduledTimeSlot: slot } })}
    >
      <div className="field">
        <label htmlFor={`${id}-date`}>{t('techWork.modal.scheduleDate')}</label>
        <input id={`${id}-date`} type="date" value={date} onChange={(event) => setDate(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-slot`}>{t('techWork.modal.scheduleSlot')}</label>
        <select id={`${id}-slot`} value={slot} onChange={(event) => setSlot(event.target.value as TimeSlot)}>
          {(Object.keys(TIME_SLOTS) as TimeSlot[]).map((value) => (
            <option key={value} value={value}>
              {format.timeSlot(value)}
            </option>
          ))}
        </select>
      </div>
    </ActionForm>
  );
}

export function StartInspectionModal(props: ModalProps) {
  const { t } = useI18n();
  const submit = useSubmit(props.task, 'start_inspection', props.onDone);
  const [photos, setPhotos] = usePickedPhotos();
  const [notes, setNotes] = useState('');
  return (
    <ActionForm
      title={t('techWork.modal.inspectionTitle')}
      submitLabel={t('techWork.modal.inspectionSubmit')}
      ready={photos.length >= 1 && photos.length <= 5}
      onClose={props.onClose}
      submit={submit}
      build={() => ({ input: { notes: notes.trim() }, photos: asPhotos('photos', photos) })}
    >
      <PhotoPicker
        label={t('techWork.modal.inspectionPhotos')}
        min={1}
        max={5}
        photos={photos}
        onChange={setPhotos}
        disabled={submit.mutation.isPending}
      />
      <NotesField
        label={t('techWork.modal.notes')}
        placeholder={t('techWork.modal.notesPlaceholder')}
        value={notes}
        onChange={setNotes}
      />
    </ActionForm>
  );
}

function DiagnosisModal(props: ModalProps) {
  const { t } = useI18n();
  const id = useId();
  const submit = useSubmit(props.task, 'complete_diagnosis', props.onDone);
  const [notes, setNotes] = useState('');
  return (
    <ActionForm
      title={t('techWork.modal.diagnosisTitle')}
      submitLabel={t('techWork.modal.diagnosisSubmit')}
      ready={notes.trim().length >= 3}
      onClose={props.onClose}
      submit={submit}
      build={() => ({ input: { diagnosisNotes: notes.trim() } })}
    >
      <div className="field">
        <label htmlFor={id}>{t('techWork.modal.diagnosisNotes')}</label>
        <textarea
          id={id}
          rows={4}
          dir="auto"
          required
          maxLength={LIMITS.noteMax}
          aria-describedby={`${id}-hint`}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
        />
        <p id={`${id}-hint`} className="field-hint">
          {t('techWork.modal.diagnosisHint')}
        </p>
      </div>
    </ActionForm>
  );
}

export function PartsRequestModal(props: ModalProps) {
  const { t } = useI18n();
  const id = useId();
  const submit = useSubmit(props.task, 'request_parts', props.onDone);
  const [serial, setSerial] = usePickedPhotos();
  const [more, setMore] = usePickedPhotos();
  const [partName, setPartName] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [notes, setNotes] = useState('');
  const quantityOk = /^\d+$/.test(quantity) && Number(quantity) >= 1 && Number(quantity) <= 100;
  return (
    <ActionForm
      title={t('techWork.modal.partsTitle')}
      submitLabel={t('techWork.modal.partsSubmit')}
      ready={serial.length >= 1 && partName.trim().length > 0 && quantityOk}
      onClose={props.onClose}
      submit={submit}
      build={() => ({
        input: { partName: partName.trim(), quantity: Number(quantity), notes: notes.trim() },
        photos: [...asPhotos('serialPhotos', serial), ...asPhotos('additionalPhotos', more)],
      })}
    >
      <PhotoPicker
        label={t('techWork.modal.partsSerial')}
        min={1}
        max={2}
        photos={serial}
        onChange={setSerial}
        disabled={submit.mutation.isPending}
      />
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('techWork.modal.partsName')}</label>
        <input
          id={`${id}-name`}
          dir="auto"
          required
          maxLength={200}
          placeholder={t('techWork.modal.partsNamePlaceholder')}
          value={partName}
          onChange={(event) => setPartName(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-quantity`}>{t('techWork.modal.partsQuantity')}</label>
        <input
          id={`${id}-quantity`}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          value={quantity}
          aria-invalid={quantityOk ? undefined : true}
          onChange={(event) => setQuantity(event.target.value)}
        />
      </div>
      <PhotoPicker
        label={t('techWork.modal.partsAdditional')}
        min={0}
        max={3}
        photos={more}
        onChange={setMore}
        disabled={submit.mutation.isPending}
      />
      <NotesField label={t('techWork.modal.notes')} value={notes} onChange={setNotes} />
    </ActionForm>
  );
}

export function NotFixedModal(props: ModalProps) {
  const { t } = useI18n();
  const id = useId();
  const submit = useSubmit(props.task, 'mark_not_fixed', props.onDone);
  const [reasons, setReasons] = useState<NotFixedReason[]>([]);
  const [other, setOther] = useState('');
  const [notes, setNotes] = useState('');
  const [evidence, setEvidence] = usePickedPhotos();
  const needsOther = reasons.includes('other');
  const ready = reasons.length > 0 && (!needsOther || other.trim().length >= LIMITS.reasonMin);
  return (
    <ActionForm
      title={t('techWork.modal.notFixedTitle')}
      submitLabel={t('techWork.modal.notFixedSubmit')}
      ready={ready}
      onClose={props.onClose}
      submit={submit}
      build={() => ({
        input: { reasons, otherReason: needsOther ? other.trim() : undefined, notes: notes.trim() },
        photos: asPhotos('evidencePhoto', evidence),
      })}
    >
      <fieldset className="tw-checklist">
        <legend className="field-label">{t('techWork.modal.notFixedReasons')}</legend>
        {NOT_FIXED_REASONS.map((reason) => (
          <label key={reason} className="tw-check">
            <input
              type="checkbox"
              checked={reasons.includes(reason)}
              onChange={(event) =>
                setReasons((current) =>
                  event.target.checked ? [...current, reason] : current.filter((item) => item !== reason),
                )
              }
            />
            <span>{t(`techWork.modal.reasons.${reason}`)}</span>
          </label>
        ))}
      </fieldset>
      {needsOther && (
        <div className="field">
          <label htmlFor={`${id}-other`}>{t('techWork.modal.notFixedOther')}</label>
          <input
            id={`${id}-other`}
            dir="auto"
            required
            maxLength={LIMITS.reasonMax}
            value={other}
            onChange={(event) => setOther(event.target.value)}
          />
        </div>
      )}
      <NotesField label={t('techWork.modal.notes')} value={notes} onChange={setNotes} />
      <PhotoPicker
        label={t('techWork.modal.notFixedEvidence')}
        min={0}
        max={1}
        photos={evidence}
        onChange={setEvidence}
        disabled={submit.mutation.isPending}
      />
    </ActionForm>
  );
}

export function PickupModal(props: ModalProps) {
  const { t } = useI18n();
  const id = useId();
  const submit = useSubmit(props.task, 'pickup_device', props.onDone);
  const [reason, setReason] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [photos, setPhotos] = usePickedPhotos();
  return (
    <ActionForm
      title={t('techWork.modal.pickupTitle')}
      submitLabel={t('techWork.modal.pickupSubmit')}
      ready={reason.trim().length >= LIMITS.reasonMin && acknowledged}
      onClose={props.onClose}
      submit={submit}
      build={() => ({
        input: { reason: reason.trim(), customerAcknowledged: acknowledged },
        photos: asPhotos('photos', photos),
      })}
    >
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('techWork.modal.pickupReason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={3}
          dir="auto"
          required
          maxLength={LIMITS.reasonMax}
          placeholder={t('techWork.modal.pickupReasonPlaceholder')}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <PhotoPicker
        label={t('techWork.modal.pickupPhotos')}
        min={0}
        max={3}
        photos={photos}
        onChange={setPhotos}
        disabled={submit.mutation.isPending}
      />
      <label className="tw-check">
        <input
          type="checkbox"
          checked={acknowledged}
          onChange={(event) => setAcknowledged(event.target.checked)}
        />
        <span>{t('techWork.modal.pickupAcknowledged')}</span>
      </label>
    </ActionForm>
  );
}

/** Repair complete (3–6 photos) and deliver device (no photos): customer confirmation, then rating. */
export function CompleteModal(props: ModalProps & { action: 'mark_completed' | 'deliver_device' }) {
  const { t } = useI18n();
  const id = useId();
  const withPhotos = props.action === 'mark_completed';
  const submit = useSubmit(props.task, props.action, props.onDone);
  const messageOf = useErrorMessage();
  const [photos, setPhotos] = usePickedPhotos();
  const [notes, setNotes] = useState('');
  const [method, setMethod] = useState<'signature' | 'otp'>('signature');
  const [signature, setSignature] = useState<string | null>(null);
  const [otp, setOtp] = useState('');
  const [rating, setRating] = useState(0);
  const [feedback, setFeedback] = useState('');
  const otpSend = useMutation({ mutationFn: () => sendCompletionOtp(props.task.id) });
  const photosOk = !withPhotos || (photos.length >= 3 && photos.length <= 6);
  const confirmed = method === 'signature' ? signature !== null : /^\d{6}$/.test(otp);
  return (
    <ActionForm
      title={withPhotos ? t('techWork.modal.completeTitle') : t('techWork.modal.deliverTitle')}
      submitLabel={withPhotos ? t('techWork.modal.completeSubmit') : t('techWork.modal.deliverSubmit')}
      ready={photosOk && confirmed}
      onClose={props.onClose}
      submit={submit}
      build={() => ({
        input: {
          notes: notes.trim(),
          confirmationType: method,
          signature: method === 'signature' ? signature : undefined,
          otp: method === 'otp' ? otp : undefined,
          customerRating: rating || undefined,
          customerFeedback: rating ? feedback.trim() : undefined,
        },
        photos: withPhotos ? asPhotos('photos', photos) : undefined,
      })}
    >
      {withPhotos && (
        <PhotoPicker
          label={t('techWork.modal.completePhotos')}
          min={3}
          max={6}
          photos={photos}
          onChange={setPhotos}
          disabled={submit.mutation.isPending}
        />
      )}
      <NotesField
        label={t('techWork.modal.completeNotes')}
        placeholder={t('techWork.modal.completeNotes')}
        value={notes}
        onChange={setNotes}
      />
      <h3 className="tw-divider">{t('techWork.modal.customerConfirmation')}</h3>
      <fieldset className="tw-segmented">
        <legend className="visually-hidden">{t('techWork.modal.method')}</legend>
        {(['signature', 'otp'] as const).map((value) => (
          <label key={value} className={method === value ? 'tw-segment tw-segment-on' : 'tw-segment'}>
            <input
              type="radio"
              name={`${id}-method`}
              value={value}
              checked={method === value}
              onChange={() => setMethod(value)}
            />
            <span>{t(`techWork.modal.${value}`)}</span>
          </label>
        ))}
      </fieldset>
      {method === 'signature' ? (
        <SignaturePad value={signature} onChange={setSignature} />
      ) : (
        <div className="tw-otp">
          {otpSend.isError && (
            <div className="alert alert-error" role="alert">
              {messageOf(otpSend.error)}
            </div>
          )}
          <button
            type="button"
            className="button button-secondary"
            disabled={otpSend.isPending}
            onClick={() => otpSend.mutate()}
          >
            {otpSend.isSuccess ? t('techWork.modal.resendOtp') : t('techWork.modal.sendOtp')}
          </button>
          <p className="status-text" role="status">
            {otpSend.isSuccess && t('techWork.modal.otpSent')}
          </p>
          <div className="field">
            <label htmlFor={`${id}-otp`}>{t('techWork.modal.otpLabel')}</label>
            <input
              id={`${id}-otp`}
              inputMode="numeric"
              autoComplete="one-time-code"
              dir="ltr"
              maxLength={6}
              aria-describedby={`${id}-otp-hint`}
              value={otp}
              onChange={(event) => setOtp(event.target.value.replace(/\D/g, ''))}
            />
            <p id={`${id}-otp-hint`} className="field-hint">
              {t('techWork.modal.otpHint')}
            </p>
          </div>
        </div>
      )}
      <fieldset className="tw-rating" disabled={!confirmed}>
        <legend className="field-label">{t('techWork.modal.rating')}</legend>
        {!confirmed && <p className="field-hint">{t('techWork.modal.ratingLocked')}</p>}
        <div className="tw-stars">
          {[1, 2, 3, 4, 5].map((value) => (
            <label key={value} className={value <= rating ? 'tw-star tw-star-on' : 'tw-star'}>
              <input
                type="radio"
                className="tw-star-input"
                name={`${id}-rating`}
                value={value}
                checked={rating === value}
                onChange={() => setRating(value)}
              />
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">{t('techWork.modal.stars', { count: value })}</span>
            </label>
          ))}
        </div>
        {confirmed && rating > 0 && (
          <div className="field">
            <label htmlFor={`${id}-feedback`}>{t('techWork.modal.feedback')}</label>
            <textarea
              id={`${id}-feedback`}
              rows={2}
              dir="auto"
              maxLength={1000}
              value={feedback}
              onChange={(event) => setFeedback(event.target.value)}
            />
          </div>
        )}
      </fieldset>
    </ActionForm>
  );
}

/** The modal for one action of the action bar. */
export function ActionModal(props: ModalProps & { action: ModalAction }) {
  const { t } = useI18n();
  const { action } = props;
  switch (action) {
    case 'start_trip':
      return (
        <ConfirmModal
          {...props}
          title={t('techWork.modal.tripTitle')}
          text={t('techWork.modal.tripText')}
          gps
        />
      );
    case 'arrive':
      return (
        <ConfirmModal
          {...props}
          title={t('techWork.modal.arriveTitle')}
          text={t('techWork.modal.arriveText')}
          gps
        />
      );
    case 'start_repair':
      return (
        <ConfirmModal
          {...props}
          title={t('techWork.modal.repairTitle')}
          text={t('techWork.modal.repairText')}
          gps={false}
        />
      );
    case 'parts_received':
      return (
        <ConfirmModal
          {...props}
          title={t('techWork.modal.partsReceivedTitle')}
          text={t('techWork.modal.partsReceivedText')}
          gps={false}
        />
      );
    case 'schedule':
      return <ScheduleModal {...props} />;
    case 'start_inspection':
      return <StartInspectionModal {...props} />;
    case 'complete_diagnosis':
      return <DiagnosisModal {...props} />;
    case 'request_parts':
      return <PartsRequestModal {...props} />;
    case 'mark_not_fixed':
      return <NotFixedModal {...props} />;
    case 'pickup_device':
      return <PickupModal {...props} />;
    case 'mark_completed':
    case 'deliver_device':
      return <CompleteModal {...props} action={action} />;
  }
}
