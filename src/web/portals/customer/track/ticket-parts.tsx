// What every portal's ticket page shares (seed 000 §4.5, §4.8): the status badge, the summary card
// and its rows, a titled card section, the status timeline with actor and time, the messages list and
// its composer, the back link, the loading / not-found / error states, and the fields of their forms.
import './customer.css';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Link } from 'react-router';
import { ROLES, type Role } from '../../../../domain/lifecycle/types';
import type { TimeSlot } from '../../../../domain/schedule/time-slots';
import type { DeviceType } from '../../../../domain/tickets';
import { LIMITS } from '../../../../domain/validations';
import { ApiError } from '../../../api/client';
import type { TicketMessage, TicketStatus, TimelineEntry, Tracking } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { Field, fieldAria } from '../../../ui/field';
import { ErrorState, Loading, useErrorMessage } from '../../../ui/states';
import { DEVICE_ICONS } from '../create/device-icons';

type Tone = 'open' | 'active' | 'done' | 'failed' | 'cancelled';

const TONE: Record<TicketStatus, Tone> = {
  new: 'open',
  assigned: 'active',
  scheduled: 'active',
  on_route: 'active',
  arrived: 'active',
  inspecting: 'active',
  diagnosed: 'active',
  repairing: 'active',
  waiting_parts: 'active',
  pickup_device: 'active',
  in_workshop: 'active',
  ready_delivery: 'active',
  completed: 'done',
  not_fixed: 'failed',
  cancelled: 'cancelled',
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return <span className={`status-badge status-${TONE[status]}`}>{t(`ticketStatus.label.${status}`)}</span>;
}

/** A card of a ticket page under its heading, which names the region. */
export function TicketSection(props: {
  headingId: string;
  title: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      className={props.className ? `card ticket-section ${props.className}` : 'card ticket-section'}
      aria-labelledby={props.headingId}
    >
      <h2 id={props.headingId} className="section-title">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** "بواسطة: النظام", "الفني: أحمد", … — who moved the ticket, as much as the viewer may know. */
export function useActorText(): (entry: Pick<TimelineEntry, 'actorName' | 'actorRole'>) => string {
  const { t } = useI18n();
  return ({ actorName, actorRole }) => {
    if (actorRole === 'system') return t('track.actorSystem');
    if (actorRole === 'technician') {
      return actorName ? t('track.actorTechnician', { name: actorName }) : t('track.actorTechnicianUnnamed');
    }
    if (actorRole === 'customer') return t('track.actorCustomer');
    const role = isRole(actorRole) ? t(`roles.${actorRole}`) : actorRole;
    return actorName ? t('track.actorNamed', { name: actorName, role }) : t('track.actorStaff', { role });
  };
}

/** What staff read on a timeline entry: "Reassigned", "Trip started", …; an unknown action as sent. */
export function useActionText(): (entry: Pick<TimelineEntry, 'action'>) => string {
  const { t } = useI18n();
  return ({ action }) => {
    const key = `adminDesk.actions.${action}` as MessageKey;
    const text = t(key);
    return text === key ? action : text;
  };
}

/**
 * The status history, oldest first: badge, time, a line on the step (by default in the customer's
 * words; staff pages pass useActionText()), notes and who did it.
 */
export function StatusTimeline(props: {
  entries: TimelineEntry[];
  headingId: string;
  title?: string;
  describe?: (entry: TimelineEntry) => string;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const actorOf = useActorText();
  const describe = props.describe ?? ((entry: TimelineEntry) => t(`ticketStatus.customer.${entry.toStatus}`));
  return (
    <TicketSection headingId={props.headingId} title={props.title ?? t('track.timeline')}>
      {props.entries.length === 0 ? (
        <p>{t('track.timelineEmpty')}</p>
      ) : (
        <ol className="timeline">
          {props.entries.map((entry) => (
            <li key={entry.id} className={`timeline-item timeline-${TONE[entry.toStatus]}`}>
              <span className="timeline-dot" aria-hidden="true" />
              <div className="timeline-body">
                <div className="timeline-head">
                  <StatusBadge status={entry.toStatus} />
                  <time dateTime={entry.createdAt}>{format.dateTime(entry.createdAt)}</time>
                </div>
                <p className="timeline-text">{describe(entry)}</p>
                {entry.notes && (
                  <p className="timeline-notes">
                    <bdi dir="auto">{entry.notes}</bdi>
                  </p>
                )}
                <p className="timeline-actor">{actorOf(entry)}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </TicketSection>
  );
}

/** The messages of a ticket, oldest first; the reader's own are set apart. */
export function MessageList(props: {
  messages: TicketMessage[];
  isOwn?: (message: TicketMessage) => boolean;
  /** The sender's line (default: their name). */
  senderOf?: (message: TicketMessage, own: boolean) => string;
}) {
  const format = useFormat();
  return (
    <ol className="message-list">
      {props.messages.map((message) => {
        const own = props.isOwn?.(message) ?? false;
        return (
          <li key={message.id} className={own ? 'message message-own' : 'message'}>
            <div className="message-meta">
              <span>{props.senderOf ? props.senderOf(message, own) : message.senderName}</span>
              <time dateTime={message.createdAt}>{format.dateTime(message.createdAt)}</time>
            </div>
            <p dir="auto">{message.content}</p>
          </li>
        );
      })}
    </ol>
  );
}

/** Where a page's message texts are: `${texts}.messages`, `.noMessages`, `.messageLabel`, … */
type MessageTexts = 'customerTicket' | 'techWork.task';

/**
 * The messages section: the list and a form that sends one message; an empty message is refused
 * before sending, the server's refusal is shown in its words, and the text is cleared once sent.
 */
export function TicketMessages(props: {
  headingId: string;
  texts: MessageTexts;
  messages: TicketMessage[];
  isOwn: (message: TicketMessage) => boolean;
  senderOf?: (message: TicketMessage, own: boolean) => string;
  send: (content: string) => Promise<unknown>;
  onSent: () => Promise<unknown>;
  rows?: number;
  /** More choices under the message (the technician's "send as SMS"). */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const id = `${useId()}-message`;
  const { texts } = props;
  const [content, setContent] = useState('');
  const [missing, setMissing] = useState(false);
  const send = useMutation({
    mutationFn: props.send,
    onSuccess: async () => {
      setContent('');
      await props.onSent();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = content.trim();
    setMissing(!text);
    if (!text) {
      document.getElementById(id)?.focus();
      return;
    }
    send.mutate(text);
  };
  return (
    <TicketSection headingId={props.headingId} title={t(`${texts}.messages`)}>
      {props.messages.length === 0 ? (
        <p>{t(`${texts}.noMessages`)}</p>
      ) : (
        <MessageList messages={props.messages} isOwn={props.isOwn} senderOf={props.senderOf} />
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <ErrorAlert error={send.error} />
        <TextAreaField
          id={id}
          name="content"
          label={t(`${texts}.messageLabel`)}
          rows={props.rows ?? 3}
          maxLength={LIMITS.messageMax}
          value={content}
          onValue={setContent}
          error={missing ? t(`${texts}.messageRequired`) : null}
        />
        {props.children}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={send.isPending}>
            {send.isPending ? t(`${texts}.sending`) : t(`${texts}.send`)}
          </button>
        </div>
        <p className="status-text" role="status">
          {send.isSuccess && t(`${texts}.sent`)}
        </p>
      </form>
    </TicketSection>
  );
}

/** The server's refusal (or the network's) above a form; nothing while there is none. */
export function ErrorAlert({ error }: { error: unknown }) {
  const messageOf = useErrorMessage();
  if (error === null || error === undefined) return null;
  return (
    <div className="alert alert-error" role="alert">
      {messageOf(error)}
    </div>
  );
}

/** A labelled textarea (ids as Field's: the error is `${id}-error`, named while shown). */
export function TextAreaField(props: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | null;
  name?: string;
  rows?: number;
  maxLength: number;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <textarea
        id={props.id}
        name={props.name}
        rows={props.rows ?? 2}
        dir="auto"
        maxLength={props.maxLength}
        value={props.value}
        onChange={(event) => props.onValue(event.target.value)}
        {...fieldAria(props.id, props.error)}
      />
    </Field>
  );
}

/** A labelled choice among fixed values (an attachment's type, a time slot, a priority). */
export function SelectField<Value extends string>(props: {
  id: string;
  label: string;
  options: readonly Value[];
  optionText: (value: Value) => string;
  value: Value;
  onValue: (value: Value) => void;
}) {
  return (
    <Field id={props.id} label={props.label}>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => props.onValue(event.target.value as Value)}
      >
        {props.options.map((value) => (
          <option key={value} value={value}>
            {props.optionText(value)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** "← Back to …" above a ticket; the arrow points the way of the reading direction. */
export function BackLink(props: { to: string; label: string; className?: string; linkClassName?: string }) {
  const { locale } = useI18n();
  return (
    <p className={props.className}>
      <Link to={props.to} className={props.linkClassName}>
        <span aria-hidden="true">{locale === 'ar' ? '→ ' : '← '}</span>
        {props.label}
      </Link>
    </p>
  );
}

/** The server answers 404 alike for a ticket that does not exist and one outside the reader's reach. */
const isTicketNotFound = (error: unknown) =>
  error instanceof ApiError && (error.code === 'not_found' || error.code === 'validation_failed');

/** A ticket's query: its content once loaded, else the spinner, "not found", or the error with a retry. */
export function TicketQueryView<Data>(props: {
  query: { data: Data | undefined; isPending: boolean; error: unknown; refetch(): unknown };
  notFound: ReactNode;
  children: (data: Data) => ReactNode;
}) {
  const { query } = props;
  if (query.data !== undefined) return <>{props.children(query.data)}</>;
  if (query.isPending) return <Loading />;
  if (isTicketNotFound(query.error)) return <>{props.notFound}</>;
  return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
}

/** The summary card: the number and status in its heading row, then the ticket's facts. */
export function TicketSummary(props: {
  headingId: string;
  ticket: Pick<
    Tracking['ticket'],
    | 'ticketNumber'
    | 'status'
    | 'deviceType'
    | 'brand'
    | 'model'
    | 'createdAt'
    | 'scheduledDate'
    | 'scheduledTimeSlot'
  >;
  problem: string;
  /** Where the visit is: the label and the value (the city, or the city and the address). */
  place: { label: string; value: ReactNode };
  technicianName: string | null | undefined;
  /** Rows after the technician. */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const { ticket } = props;
  const visit = useVisitText()(ticket.scheduledDate, ticket.scheduledTimeSlot);
  return (
    <section className="summary-card" aria-labelledby={props.headingId}>
      <div className="summary-header">
        <h2 id={props.headingId}>
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
        <InfoRow label={t('track.problem')}>{props.problem}</InfoRow>
        <InfoRow label={props.place.label}>{props.place.value}</InfoRow>
        <InfoRow label={t('track.createdAt')}>{format.dateTime(ticket.createdAt)}</InfoRow>
        {visit && <InfoRow label={t('track.visit')}>{visit}</InfoRow>}
        {props.technicianName && <InfoRow label={t('track.technician')}>{props.technicianName}</InfoRow>}
        {props.children}
      </dl>
    </section>
  );
}

/** One "label: value" row of a summary card. */
export function InfoRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="info-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function DeviceLabel(props: { deviceType: DeviceType; brand: string; model: string | null }) {
  const format = useFormat();
  return (
    <span className="device-label">
      {DEVICE_ICONS[props.deviceType]}
      <span>
        {format.deviceType(props.deviceType)} — {props.brand}
        {props.model ? ` ${props.model}` : ''}
      </span>
    </span>
  );
}

/** "25 Nov 2026 — Morning (8 - 12)"; a date-only value is read at noon UTC so no zone moves its day. */
export function useVisitText(): (date: string | null, slot: TimeSlot | null) => string | null {
  const { t } = useI18n();
  const format = useFormat();
  return (date, slot) => {
    if (!date) return null;
    const day = format.date(`${date}T12:00:00Z`);
    return slot ? t('track.visitValue', { date: day, slot: format.timeSlot(slot) }) : day;
  };
}
