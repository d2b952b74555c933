// /technician/tasks/:id — seed 000 §4.8: customer (call, Google Maps, Waze), device and problem,
// attachments (upload by type, delete), messages (optionally by SMS), the status timeline, the
// escalation banner, and the fixed action bar whose buttons are the actions the server allows.

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useParams } from 'react-router';
import { useCityName } from '../../../api/customer';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState } from '../../../ui/states';
import {
  BackLink,
  DeviceLabel,
  ErrorAlert,
  InfoRow,
  SelectField,
  StatusBadge,
  StatusTimeline,
  TicketMessages,
  TicketQueryView,
  TicketSection,
  useVisitText,
} from '../../customer/track/ticket-parts';
import { isPerformable, performAction } from '../api/actions';
import { googleMapsUrl, wazeUrl } from '../api/location';
import { shrinkPhoto } from '../api/photos';
import {
  deleteTaskAttachment,
  sendTaskMessage,
  type TaskDetails,
  type TechnicianAction,
  type TechnicianUploadType,
  useRefreshTask,
  useTask,
} from '../api/tasks';
import { ActionModal, type ActionOutcome, type ModalAction } from '../modals/action-modals';
import '../technician.css';
import { AttachmentImage } from './attachment-image';

type Task = TaskDetails['task'];

const UPLOAD_TYPES: readonly TechnicianUploadType[] = [
  'before_inspection',
  'after_repair',
  'serial_photo',
  'invoice_photo',
  'other',
];

/** Secondary actions after the primary one; "not fixed" is last and styled as a warning. */
const ORDER: readonly TechnicianAction[] = [
  'start_trip',
  'arrive',
  'start_inspection',
  'complete_diagnosis',
  'start_repair',
  'parts_received',
  'mark_completed',
  'deliver_device',
  'request_parts',
  'pickup_device',
  'schedule',
  'mark_not_fixed',
];

function CustomerSection({ task }: { task: Task }) {
  const { t } = useI18n();
  const cityName = useCityName();
  return (
    <TicketSection headingId="task-customer" title={t('techWork.task.customer')}>
      <dl className="summary-body">
        <InfoRow label={t('techWork.task.name')}>{task.customerName}</InfoRow>
        <InfoRow label={t('techWork.task.phone')}>
          <bdi dir="ltr">{task.customerPhone}</bdi>
        </InfoRow>
        <InfoRow label={t('techWork.task.city')}>{cityName(task.customerCity)}</InfoRow>
        <InfoRow label={t('techWork.task.address')}>{task.formattedAddress ?? task.customerAddress}</InfoRow>
      </dl>
      <div className="tw-link-row">
        <a className="button button-primary" href={`tel:${task.customerPhone}`}>
          {t('techWork.task.call')}
        </a>
        <a className="button button-secondary" href={googleMapsUrl(task)} target="_blank" rel="noreferrer">
          {t('techWork.task.googleMaps')}
        </a>
        <a className="button button-secondary" href={wazeUrl(task)} target="_blank" rel="noreferrer">
          {t('techWork.task.waze')}
        </a>
      </div>
    </TicketSection>
  );
}

function DeviceSection({ task }: { task: Task }) {
  const { t } = useI18n();
  const visit = useVisitText()(task.scheduledDate, task.scheduledTimeSlot);
  return (
    <TicketSection headingId="task-device" title={t('techWork.task.device')}>
      <dl className="summary-body">
        <InfoRow label={t('techWork.task.deviceType')}>
          <DeviceLabel deviceType={task.deviceType} brand={task.brand} model={task.model} />
        </InfoRow>
        <InfoRow label={t('techWork.task.problem')}>{task.problemDescription}</InfoRow>
        <InfoRow label={t('techWork.task.warranty')}>{t(`warranty.${task.warrantyStatus}`)}</InfoRow>
        <InfoRow label={t('techWork.task.priority')}>{t(`techWork.priority.${task.priority}`)}</InfoRow>
        {visit && <InfoRow label={t('techWork.task.visit')}>{visit}</InfoRow>}
        {task.diagnosisNotes && <InfoRow label={t('techWork.task.diagnosis')}>{task.diagnosisNotes}</InfoRow>}
      </dl>
    </TicketSection>
  );
}

function AttachmentsSection({ task, attachments }: { task: Task; attachments: TaskDetails['attachments'] }) {
  const { t } = useI18n();
  const id = useId();
  const format = useFormat();
  const session = useSession();
  const refresh = useRefreshTask(task.id);
  const [type, setType] = useState<TechnicianUploadType>('other');
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [progress, setProgress] = useState<number | null>(null);
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<'uploaded' | 'uploadQueued' | 'deleted' | null>(null);
  const upload = useMutation({
    mutationFn: async (chosen: File) => {
      setProgress(0);
      const photo = await shrinkPhoto(chosen);
      return performAction({
        ticketId: task.id,
        action: 'add_attachment',
        input: { type },
        photos: [{ field: 'file', file: photo, name: photo.name }],
        onProgress: setProgress,
      });
    },
    onSettled: () => setProgress(null),
    onSuccess: async (result) => {
      setFile(null);
      setInputKey((key) => key + 1);
      setDone(result.queued ? 'uploadQueued' : 'uploaded');
      if (!result.queued) await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (attachmentId: string) => deleteTaskAttachment(task.id, attachmentId),
    onSuccess: async () => {
      setDone('deleted');
      await refresh();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!file);
    setDone(null);
    if (file) upload.mutate(file);
  };
  const myName = session.status === 'signedIn' ? session.user.name : null;
  return (
    <TicketSection headingId="task-attachments" title={t('techWork.task.attachments')}>
      <ErrorAlert error={remove.error} />
      {attachments.length === 0 ? (
        <p>{t('techWork.task.noAttachments')}</p>
      ) : (
        <ul className="tw-attachment-grid">
          {attachments.map((attachment) => {
            const typeName = t(`techWork.task.attachmentTypes.${attachment.type}`);
            const image = attachment.mimeType.startsWith('image/');
            return (
              <li key={attachment.id} className="tw-attachment">
                <span className="tw-attachment-thumb">
                  {image ? (
                    <AttachmentImage url={attachment.url} alt={`${typeName} — ${attachment.filename}`} />
                  ) : (
                    <bdi dir="auto">{attachment.filename}</bdi>
                  )}
                </span>
                <span className="tw-attachment-type">{typeName}</span>
                <span className="tw-attachment-meta">
                  {t('techWork.task.uploadedBy', {
                    name: attachment.uploadedByName,
                    date: format.dateTime(attachment.createdAt),
                  })}
                </span>
                {attachment.uploadedByRole === 'technician' && attachment.uploadedByName === myName && (
                  <button
                    type="button"
                    className="button button-ghost tw-attachment-delete"
                    disabled={remove.isPending}
                    aria-label={t('techWork.task.deleteLabel', { type: typeName, name: attachment.filename })}
                    onClick={() => {
                      setDone(null);
                      remove.mutate(attachment.id);
                    }}
                  >
                    {t('techWork.task.delete')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <ErrorAlert error={upload.error} />
        <SelectField
          id={`${id}-type`}
          label={t('techWork.task.uploadType')}
          options={UPLOAD_TYPES}
          optionText={(value) => t(`techWork.task.attachmentTypes.${value}`)}
          value={type}
          onValue={setType}
        />
        <div className="field">
          <label className="button button-secondary tw-photo-add">
            {t('techWork.task.photo')}
            <input
              key={inputKey}
              className="visually-hidden"
              type="file"
              accept="image/*"
              capture="environment"
              aria-invalid={missing ? true : undefined}
              aria-describedby={`${id}-file-chosen${missing ? ` ${id}-file-error` : ''}`}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setMissing(false);
              }}
            />
          </label>
          <p id={`${id}-file-chosen`} className="field-hint">
            {file ? <bdi dir="auto">{file.name}</bdi> : t('techWork.task.noFile')}
          </p>
          {missing && (
            <p id={`${id}-file-error`} className="field-error">
              {t('techWork.task.fileRequired')}
            </p>
          )}
        </div>
        {progress !== null && (
          <progress
            className="tw-progress"
            max={100}
            value={Math.round(progress * 100)}
            aria-label={t('techWork.modal.progress', { percent: Math.round(progress * 100) })}
          />
        )}
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={upload.isPending}>
            {t('techWork.task.upload')}
          </button>
        </div>
        <p className={done === 'uploadQueued' ? 'alert alert-warning' : 'status-text'} role="status">
          {done && t(`techWork.task.${done}`)}
        </p>
      </form>
    </TicketSection>
  );
}

function MessagesSection({ task, messages }: { task: Task; messages: TaskDetails['messages'] }) {
  const { t } = useI18n();
  const refresh = useRefreshTask(task.id);
  const [sms, setSms] = useState(false);
  return (
    <TicketMessages
      headingId="task-messages"
      texts="techWork.task"
      rows={2}
      messages={messages}
      isOwn={(message) => message.senderRole === 'technician'}
      senderOf={(message) =>
        message.channel === 'sms'
          ? `${message.senderName} · ${t('techWork.task.viaSms')}`
          : message.senderName
      }
      send={(content) => sendTaskMessage(task.id, { content, channel: sms ? 'sms' : 'internal' })}
      onSent={refresh}
    >
      <label className="tw-check">
        <input type="checkbox" checked={sms} onChange={(event) => setSms(event.target.checked)} />
        <span>{t('techWork.task.sendSms')}</span>
      </label>
    </TicketMessages>
  );
}

function EscalationBanner({ task }: { task: TaskDetails['task'] }) {
  const { t } = useI18n();
  const format = useFormat();
  const sla = task.sla;
  if (!sla || (sla.state !== 'breached' && sla.state !== 'critical')) return null;
  return (
    <div className={sla.state === 'breached' ? 'alert alert-error' : 'alert alert-warning'} role="note">
      <p>
        <strong>{sla.state === 'breached' ? t('techWork.task.escalated') : t('techWork.task.atRisk')}</strong>
      </p>
      <p>{t('techWork.task.slaDue', { date: format.dateTime(sla.dueAt) })}</p>
    </div>
  );
}

function ActionBar({ task, onOpen }: { task: Task; onOpen(action: ModalAction): void }) {
  const { t } = useI18n();
  const actions = ORDER.filter(
    (action): action is ModalAction => task.availableActions.includes(action) && isPerformable(action),
  );
  return (
    <nav className="tw-action-bar" aria-label={t('techWork.task.actions')}>
      {actions.length === 0 ? (
        <p className="tw-action-none">{t('techWork.task.noActions')}</p>
      ) : (
        actions.map((action, index) => (
          <button
            key={action}
            type="button"
            className={
              index === 0
                ? 'button button-primary'
                : action === 'mark_not_fixed'
                  ? 'button button-secondary tw-action-warn'
                  : 'button button-secondary'
            }
            onClick={() => onOpen(action)}
          >
            {t(`techWork.actions.${action}`)}
          </button>
        ))
      )}
    </nav>
  );
}

function TaskView({ id }: { id: string }) {
  const { t } = useI18n();
  const query = useTask(id);
  const [open, setOpen] = useState<ModalAction | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  return (
    <>
      <BackLink to="/technician" label={t('techWork.task.back')} className="tw-back" />
      <TicketQueryView query={query} notFound={<EmptyState title={t('techWork.task.notFound')} />}>
        {({ task, timeline, attachments, messages }) => (
          <>
            <div className="tw-task-header">
              <p className="tw-task-number">
                <span className="visually-hidden">{t('techWork.task.ticketNumber')}: </span>
                <bdi dir="ltr">{task.ticketNumber}</bdi>
              </p>
              <StatusBadge status={task.status} />
            </div>
            <p className={outcome === 'queued' ? 'alert alert-warning' : 'status-text'} role="status">
              {outcome === 'sent' && t('techWork.task.updated')}
              {outcome === 'queued' && t('techWork.task.queued')}
            </p>
            <div className="ticket-stack tw-task-stack">
              <EscalationBanner task={task} />
              <CustomerSection task={task} />
              <DeviceSection task={task} />
              <AttachmentsSection task={task} attachments={attachments} />
              <MessagesSection task={task} messages={messages} />
              <StatusTimeline entries={timeline} headingId="task-timeline" />
            </div>
            <ActionBar
              task={task}
              onOpen={(action) => {
                setOutcome(null);
                setOpen(action);
              }}
            />
            {open && (
              <ActionModal
                key={open}
                task={task}
                action={open}
                onClose={() => setOpen(null)}
                onDone={(result) => {
                  setOpen(null);
                  setOutcome(result);
                }}
              />
            )}
          </>
        )}
      </TicketQueryView>
    </>
  );
}

export function TaskPage() {
  const { id = '' } = useParams();
  return (
    <Page titleKey="pages.technicianTask" className="page-narrow tw-task-page">
      <TaskView key={id} id={id} />
    </Page>
  );
}
