// /customer/tickets/:id — a signed-in customer's ticket: summary, status timeline, messages (list
// and send), attachments (list and add a photo), and cancel with a reason when the API lists
// "cancel" among the allowed actions. The server decides: a refusal (e.g. less than 24 hours
// before the visit) is shown in its own words and changes nothing.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { LIMITS } from '../../../../domain/validations';
import {
  addMyAttachment,
  type CustomerAttachmentType,
  cancelMyTicket,
  type MyTicketDetails,
  myTicketKey,
  sendMyMessage,
  useCityName,
  useMyTicket,
} from '../../../api/customer';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { Field, fieldAria } from '../../../ui/field';
import { Page } from '../../../ui/page';
import { EmptyState } from '../../../ui/states';
import {
  BackLink,
  ErrorAlert,
  InfoRow,
  SelectField,
  StatusTimeline,
  TextAreaField,
  TicketMessages,
  TicketQueryView,
  TicketSection,
  TicketSummary,
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
  const cityName = useCityName();
  return (
    <TicketSummary
      headingId="ticket-summary-title"
      ticket={ticket}
      problem={ticket.problemDescription}
      place={{
        label: t('customerTicket.address'),
        value: `${cityName(ticket.customerCity)} — ${ticket.customerAddress}`,
      }}
      technicianName={ticket.technician?.name}
    >
      <InfoRow label={t('customerTicket.trackingToken')}>
        <Link to={`/customer/track/${encodeURIComponent(ticket.trackingToken)}`}>
          <bdi dir="ltr">{ticket.trackingToken}</bdi>
        </Link>
      </InfoRow>
      {ticket.cancellationReason && (
        <InfoRow label={t('customerTicket.cancellationReason')}>{ticket.cancellationReason}</InfoRow>
      )}
    </TicketSummary>
  );
}

function Messages({ id, messages }: { id: string; messages: MyTicketDetails['messages'] }) {
  const { t } = useI18n();
  const refresh = useRefreshTicket(id);
  return (
    <TicketMessages
      headingId="ticket-messages-title"
      texts="customerTicket"
      messages={messages}
      isOwn={(message) => message.senderRole === 'customer'}
      senderOf={(message, own) => (own ? t('customerTicket.you') : message.senderName)}
      send={(content) => sendMyMessage(id, content)}
      onSent={refresh}
    />
  );
}

function Attachments({ id, attachments }: { id: string; attachments: MyTicketDetails['attachments'] }) {
  const { t } = useI18n();
  const fieldId = useId();
  const format = useFormat();
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
    <TicketSection headingId="ticket-attachments-title" title={t('customerTicket.attachments')}>
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
        <ErrorAlert error={upload.error} />
        <SelectField
          id={`${fieldId}-type`}
          label={t('customerTicket.photoType')}
          options={UPLOAD_TYPES}
          optionText={(value) => t(`customerTicket.attachmentTypes.${value}`)}
          value={type}
          onValue={setType}
        />
        <Field
          id={`${fieldId}-file`}
          label={t('customerTicket.file')}
          hint={t('customerTicket.fileHint')}
          error={error && t(error)}
        >
          <input
            key={inputKey}
            id={`${fieldId}-file`}
            name="file"
            type="file"
            accept={UPLOAD_ACCEPT}
            {...fieldAria(`${fieldId}-file`, error, true)}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setError(null);
            }}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={upload.isPending}>
            {upload.isPending ? t('customerTicket.uploading') : t('customerTicket.upload')}
          </button>
        </div>
        <p className="status-text" role="status">
          {upload.isSuccess && t('customerTicket.uploaded')}
        </p>
      </form>
    </TicketSection>
  );
}

function CancelTicket({ id }: { id: string }) {
  const { t } = useI18n();
  const fieldId = `${useId()}-reason`;
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
      document.getElementById(fieldId)?.focus();
      return;
    }
    cancel.mutate(text);
  };
  return (
    <TicketSection
      headingId="ticket-cancel-title"
      title={t('customerTicket.cancelTitle')}
      className="danger-zone"
    >
      <p className="field-hint">{t('customerTicket.cancelRule')}</p>
      <form className="form" noValidate onSubmit={onSubmit}>
        <ErrorAlert error={cancel.error} />
        <TextAreaField
          id={fieldId}
          name="reason"
          label={t('customerTicket.cancelReason')}
          maxLength={LIMITS.reasonMax}
          value={reason}
          onValue={setReason}
          error={error && t(error)}
        />
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={cancel.isPending}>
            {cancel.isPending ? t('customerTicket.cancelling') : t('customerTicket.cancelSubmit')}
          </button>
        </div>
      </form>
    </TicketSection>
  );
}

function TicketDetails({ id, details }: { id: string; details: MyTicketDetails }) {
  const { t } = useI18n();
  const { ticket, timeline, messages, attachments } = details;
  return (
    <div className="ticket-stack">
      <Summary ticket={ticket} />
      {ticket.status === 'cancelled' && (
        <p className="note" role="status">
          {t('ticketStatus.customer.cancelled')}
        </p>
      )}
      <StatusTimeline entries={timeline} headingId="ticket-timeline-title" />
      <Messages id={id} messages={messages} />
      <Attachments id={id} attachments={attachments} />
      {ticket.availableActions.includes('cancel') && <CancelTicket id={id} />}
    </div>
  );
}

function TicketView({ id }: { id: string }) {
  const { t } = useI18n();
  const session = useSession();
  const query = useMyTicket(id, session.status === 'signedIn');
  return (
    <>
      <BackLink to="/customer/dashboard" label={t('customerTicket.back')} />
      <TicketQueryView query={query} notFound={<EmptyState title={t('customerTicket.notFound')} />}>
        {(details) => <TicketDetails id={id} details={details} />}
      </TicketQueryView>
    </>
  );
}

export function CustomerTicketPage() {
  const { id = '' } = useParams();
  return (
    <RequireCustomer titleKey="pages.customerTicket">
      <Page titleKey="pages.customerTicket" className="page-narrow">
        <TicketView key={id} id={id} />
      </Page>
    </RequireCustomer>
  );
}
