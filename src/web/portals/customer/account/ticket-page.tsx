// /customer/tickets/:id — a signed-in customer's ticket: summary, status timeline, messages (list
// and send), attachments (list and add a photo), and cancel with a reason when the API lists
// "cancel" among the allowed actions. The server decides: a refusal (e.g. less than 24 hours
// before the visit) is shown in its own words and changes nothing.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { LIMITS } from '../../../../domain/validations';
import { ApiError } from '../../../api/client';
import {
  addMyAttachment,
  type CustomerAttachmentType,
  cancelMyTicket,
  type MyTicketDetails,
  myTicketKey,
  sendMyMessage,
  useMyTicket,
} from '../../../api/customer';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../ui/states';
import {
  DeviceLabel,
  InfoRow,
  StatusBadge,
  StatusTimeline,
  useCityName,
  useVisitText,
} from '../track/ticket-parts';
import { RequireCustomer } from './require-customer';

const UPLOAD_TYPES: readonly CustomerAttachmentType[] = ['device_photo', 'invoice_photo', 'other'];
const UPLOAD_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

type Ticket = MyTicketDetails['ticket'];

function useRefreshTicket(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: myTicketKey(id) }),
      queryClient.invalidateQueries({ queryKey: ['customer', 'myTickets'] }),
    ]);
}

function Summary({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const format = useFormat();
  const cityName = useCityName();
  const visit = useVisitText()(ticket.scheduledDate, ticket.scheduledTimeSlot);
  return (
    <section className="summary-card" aria-labelledby="ticket-summary-title">
      <div className="summary-header">
        <h2 id="ticket-summary-title">
          <span className="visually-hidden">{t('track.ticketNumber')}: </span>
          <bdi dir="ltr" className="summary-number">
            {ticket.ticketNumber}
          </bdi>
        </h2>
        <StatusBadge status={ticket.status} />
      </div>
      <dl className="summary-body">
        <InfoRow label={t('track.device')}>
          <DeviceLabel deviceType={ticket.deviceType} brand={ticket.brand} model={ticket.model} />
        </InfoRow>
        <InfoRow label={t('track.problem')}>{ticket.problemDescription}</InfoRow>
        <InfoRow label={t('customerTicket.address')}>
          {cityName(ticket.customerCity)} — {ticket.customerAddress}
        </InfoRow>
        <InfoRow label={t('track.createdAt')}>{format.dateTime(ticket.createdAt)}</InfoRow>
        {visit && <InfoRow label={t('track.visit')}>{visit}</InfoRow>}
        {ticket.technician && <InfoRow label={t('track.technician')}>{ticket.technician.name}</InfoRow>}
        <InfoRow label={t('customerTicket.trackingToken')}>
          <Link to={`/customer/track/${encodeURIComponent(ticket.trackingToken)}`}>
            <bdi dir="ltr">{ticket.trackingToken}</bdi>
          </Link>
        </InfoRow>
        {ticket.cancellationReason && (
          <InfoRow label={t('customerTicket.cancellationReason')}>{ticket.cancellationReason}</InfoRow>
        )}
      </dl>
    </section>
  );
}

function Messages({ id, messages }: { id: string; messages: MyTicketDetails['messages'] }) {
  const { t } = useI18n();
  const fieldId = useId();
  const format = useFormat();
  const messageOf = useErrorMessage();
  const refresh = useRefreshTicket(id);
  const [content, setContent] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const send = useMutation({
    mutationFn: (text: string) => sendMyMessage(id, text),
    onSuccess: async () => {
      setContent('');
      await refresh();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = content.trim();
    setError(text ? null : 'customerTicket.messageRequired');
    if (!text) {
      document.getElementById(`${fieldId}-message`)?.focus();
      return;
    }
    send.mutate(text);
  };
  return (
    <section className="card ticket-section" aria-labelledby="ticket-messages-title">
      <h2 id="ticket-messages-title" className="section-title">
        {t('customerTicket.messages')}
      </h2>
      {messages.length === 0 ? (
        <p>{t('customerTicket.noMessages')}</p>
      ) : (
        <ol className="message-list">
          {messages.map((message) => {
            const own = message.senderRole === 'customer';
            return (
              <li key={message.id} className={own ? 'message message-own' : 'message'}>
                <div className="message-meta">
                  <span>{own ? t('customerTicket.you') : message.senderName}</span>
                  <time dateTime={message.createdAt}>{format.dateTime(message.createdAt)}</time>
                </div>
                <p dir="auto">{message.content}</p>
              </li>
            );
          })}
        </ol>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        {send.isError && (
          <div className="alert alert-error" role="alert">
            {messageOf(send.error)}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${fieldId}-message`}>{t('customerTicket.messageLabel')}</label>
          <textarea
            id={`${fieldId}-message`}
            name="content"
            rows={3}
            dir="auto"
            maxLength={LIMITS.messageMax}
            value={content}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fieldId}-message-error` : undefined}
            onChange={(event) => setContent(event.target.value)}
          />
          {error && (
            <p id={`${fieldId}-message-error`} className="field-error">
              {t(error)}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={send.isPending}>
            {send.isPending ? t('customerTicket.sending') : t('customerTicket.send')}
          </button>
        </div>
        <p className="status-text" role="status">
          {send.isSuccess && t('customerTicket.sent')}
        </p>
      </form>
    </section>
  );
}

function Attachments({ id, attachments }: { id: string; attachments: MyTicketDetails['attachments'] }) {
  const { t } = useI18n();
  const fieldId = useId();
  const format = useFormat();
  const messageOf = useErrorMessage();
  const refresh = useRefreshTicket(id);
  const [type, setType] = useState<CustomerAttachmentType>('device_photo');
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [error, setError] = useState<MessageKey | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => addMyAttachment(id, type, chosen),
    onSuccess: async () => {
      setFile(null);
      setInputKey((key) => key + 1);
      await refresh();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problem: MessageKey | null = !file
      ? 'customerTicket.fileRequired'
      : file.size > LIMITS.maxAttachmentBytes
        ? 'customerTicket.fileTooLarge'
        : null;
    setError(problem);
    if (problem || !file) {
      document.getElementById(`${fieldId}-file`)?.focus();
      return;
    }
    upload.mutate(file);
  };
  return (
    <section className="card ticket-section" aria-labelledby="ticket-attachments-title">
      <h2 id="ticket-attachments-title" className="section-title">
        {t('customerTicket.attachments')}
      </h2>
      {attachments.length === 0 ? (
        <p>{t('customerTicket.noAttachments')}</p>
      ) : (
        <ul className="attachment-list">
          {attachments.map((attachment) => (
            <li key={attachment.id}>
              <span>
                {t(`customerTicket.attachmentTypes.${attachment.type}`)} —{' '}
                <bdi dir="auto">{attachment.filename}</bdi>
              </span>
              <span className="attachment-meta">
                {t('customerTicket.attachmentBy', {
                  name: attachment.uploadedByName,
                  date: format.dateTime(attachment.createdAt),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <h3 className="section-title">{t('customerTicket.addPhoto')}</h3>
        {upload.isError && (
          <div className="alert alert-error" role="alert">
            {messageOf(upload.error)}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${fieldId}-type`}>{t('customerTicket.photoType')}</label>
          <select
            id={`${fieldId}-type`}
            value={type}
            onChange={(event) => setType(event.target.value as CustomerAttachmentType)}
          >
            {UPLOAD_TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`customerTicket.attachmentTypes.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fieldId}-file`}>{t('customerTicket.file')}</label>
          <input
            key={inputKey}
            id={`${fieldId}-file`}
            name="file"
            type="file"
            accept={UPLOAD_ACCEPT}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${fieldId}-file-hint${error ? ` ${fieldId}-file-error` : ''}`}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setError(null);
            }}
          />
          <p id={`${fieldId}-file-hint`} className="field-hint">
            {t('customerTicket.fileHint')}
          </p>
          {error && (
            <p id={`${fieldId}-file-error`} className="field-error">
              {t(error)}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={upload.isPending}>
            {upload.isPending ? t('customerTicket.uploading') : t('customerTicket.upload')}
          </button>
        </div>
        <p className="status-text" role="status">
          {upload.isSuccess && t('customerTicket.uploaded')}
        </p>
      </form>
    </section>
  );
}

function CancelTicket({ id }: { id: string }) {
  const { t } = useI18n();
  const fieldId = useId();
  const messageOf = useErrorMessage();
  const refresh = useRefreshTicket(id);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const cancel = useMutation({
    mutationFn: (text: string) => cancelMyTicket(id, text),
    onSuccess: () => refresh(),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    const problem = text.length < LIMITS.reasonMin ? 'customerTicket.cancelReasonInvalid' : null;
    setError(problem);
    if (problem) {
      document.getElementById(`${fieldId}-reason`)?.focus();
      return;
    }
    cancel.mutate(text);
  };
  return (
    <section className="card ticket-section danger-zone" aria-labelledby="ticket-cancel-title">
      <h2 id="ticket-cancel-title" className="section-title">
        {t('customerTicket.cancelTitle')}
      </h2>
      <p className="field-hint">{t('customerTicket.cancelRule')}</p>
      <form className="form" noValidate onSubmit={onSubmit}>
        {cancel.isError && (
          <div className="alert alert-error" role="alert">
            {messageOf(cancel.error)}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${fieldId}-reason`}>{t('customerTicket.cancelReason')}</label>
          <textarea
            id={`${fieldId}-reason`}
            name="reason"
            rows={2}
            dir="auto"
            maxLength={LIMITS.reasonMax}
            value={reason}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fieldId}-reason-error` : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          {error && (
            <p id={`${fieldId}-reason-error`} className="field-error">
              {t(error)}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={cancel.isPending}>
            {cancel.isPending ? t('customerTicket.cancelling') : t('customerTicket.cancelSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function TicketDetails({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const query = useMyTicket(id, session.status === 'signedIn');
  const back = (
    <p>
      <Link to="/customer/dashboard">
        <span aria-hidden="true">{locale === 'ar' ? '→ ' : '← '}</span>
        {t('customerTicket.back')}
      </Link>
    </p>
  );
  if (!query.data) {
    if (query.isPending) return <Loading />;
    const missing =
      query.error instanceof ApiError &&
      (query.error.code === 'not_found' || query.error.code === 'validation_failed');
    return (
      <>
        {back}
        {missing ? (
          <EmptyState title={t('customerTicket.notFound')} />
        ) : (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        )}
      </>
    );
  }
  const { ticket, timeline, messages, attachments } = query.data;
  const cancelled = ticket.status === 'cancelled';
  return (
    <>
      {back}
      <div className="ticket-stack">
        <Summary ticket={ticket} />
        {cancelled && (
          <p className="note" role="status">
            {t('ticketStatus.customer.cancelled')}
          </p>
        )}
        <StatusTimeline entries={timeline} headingId="ticket-timeline-title" />
        <Messages id={id} messages={messages} />
        <Attachments id={id} attachments={attachments} />
        {ticket.availableActions.includes('cancel') && <CancelTicket id={id} />}
      </div>
    </>
  );
}

export function CustomerTicketPage() {
  const { id = '' } = useParams();
  return (
    <RequireCustomer titleKey="pages.customerTicket">
      <Page titleKey="pages.customerTicket" className="page-narrow">
        <TicketDetails key={id} id={id} />
      </Page>
    </RequireCustomer>
  );
}
