// /workshop/tickets/:id — one device on the bench: what is wrong, its photos and history, and the
// workshop's actions of seed 000 §2.3 offered by the ticket's own availableActions: check in,
// repair complete (with notes) and not fixed (at least one reason; words for "other").
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useParams } from 'react-router';
import { NOT_FIXED_REASONS, type NotFixedReason } from '../../../domain/lifecycle/types';
import { LIMITS } from '../../../domain/validations';
import { useFormat } from '../../i18n/format';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { QueryView } from '../../ui/states';
import {
  BackLink,
  DeviceLabel,
  ErrorAlert,
  StatusTimeline,
  TextAreaField,
  TicketSection,
  useActionText,
} from '../customer/track/ticket-parts';
import {
  performWorkshopAction,
  useRefreshWorkshop,
  useWorkshopTicket,
  type WorkshopAction,
  type WorkshopTicket,
} from './api';
import './workshop.css';

function useAction(id: string) {
  const refresh = useRefreshWorkshop();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (input: WorkshopAction): Promise<boolean> => {
    setPending(true);
    setError(null);
    try {
      const { ticket } = await performWorkshopAction(id, input);
      await refresh(ticket);
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setPending(false);
    }
  };
  return { run, pending, error };
}

/** A workshop action's form: it hands its input to the page, which sends it. */
interface ActionFormProps {
  onSubmit: (input: WorkshopAction) => void;
  pending: boolean;
}

/** The frame of a workshop action's form: title, the action's own fields, optional notes, submit. */
function WorkshopForm(props: {
  title: string;
  notesLabel: string;
  submitText: string;
  submitClass: string;
  disabled: boolean;
  onSubmit: (notes: string | undefined) => void;
  children?: ReactNode;
}) {
  const id = useId();
  const [notes, setNotes] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit(notes.trim() || undefined);
  };
  return (
    <form className="form workshop-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{props.title}</h3>
      {props.children}
      <TextAreaField
        id={`${id}-notes`}
        label={props.notesLabel}
        maxLength={LIMITS.noteMax}
        value={notes}
        onValue={setNotes}
      />
      <div className="form-actions">
        <button type="submit" className={`button ${props.submitClass}`} disabled={props.disabled}>
          {props.submitText}
        </button>
      </div>
    </form>
  );
}

function NotFixedForm({ onSubmit, pending }: ActionFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [reasons, setReasons] = useState<NotFixedReason[]>([]);
  const [otherReason, setOtherReason] = useState('');
  const needsOther = reasons.includes('other');
  const ready = reasons.length > 0 && (!needsOther || otherReason.trim() !== '');
  const toggle = (reason: NotFixedReason) =>
    setReasons((current) =>
      current.includes(reason) ? current.filter((r) => r !== reason) : [...current, reason],
    );
  return (
    <WorkshopForm
      title={t('workshop.notFixedTitle')}
      notesLabel={t('workshop.notes')}
      submitText={t('workshop.actions.mark_not_fixed')}
      submitClass="button-primary"
      disabled={!ready || pending}
      onSubmit={(notes) => {
        if (!ready) return;
        onSubmit({
          action: 'mark_not_fixed',
          reasons,
          otherReason: needsOther ? otherReason.trim() : undefined,
          notes,
        });
      }}
    >
      <fieldset className="choice-field">
        <legend className="field-label">{t('workshop.reasons')}</legend>
        {NOT_FIXED_REASONS.map((reason) => (
          <label key={reason} className="choice-option">
            <input type="checkbox" checked={reasons.includes(reason)} onChange={() => toggle(reason)} />
            <span>{t(`workshop.reason.${reason}`)}</span>
          </label>
        ))}
      </fieldset>
      {needsOther && (
        <div className="field">
          <label htmlFor={`${id}-other`} className="field-label">
            {t('workshop.otherReason')}
          </label>
          <input
            id={`${id}-other`}
            value={otherReason}
            maxLength={500}
            onChange={(event) => setOtherReason(event.target.value)}
            required
          />
        </div>
      )}
    </WorkshopForm>
  );
}

function RepairCompleteForm({ onSubmit, pending }: ActionFormProps) {
  const { t } = useI18n();
  return (
    <WorkshopForm
      title={t('workshop.repairTitle')}
      notesLabel={t('workshop.repairNotes')}
      submitText={t('workshop.actions.repair_complete')}
      submitClass="button-success"
      disabled={pending}
      onSubmit={(notes) => onSubmit({ action: 'repair_complete', notes })}
    />
  );
}

function Actions({ data }: { data: WorkshopTicket }) {
  const { t } = useI18n();
  const { ticket } = data;
  const { run, pending, error } = useAction(ticket.id);
  const [done, setDone] = useState<string | null>(null);
  const perform = (input: WorkshopAction) => {
    void run(input).then((ok) => setDone(ok ? t(`workshop.done.${input.action}`) : null));
  };
  const available = new Set(ticket.availableActions);
  return (
    <section className="workshop-actions" aria-labelledby="workshop-actions-title">
      <h2 id="workshop-actions-title">{t('workshop.actionsTitle')}</h2>
      {done && (
        <p className="alert workshop-done" role="status">
          {done}
        </p>
      )}
      <ErrorAlert error={error} />
      {available.has('check_in_workshop') && (
        <button
          type="button"
          className="button button-primary button-block"
          disabled={pending}
          onClick={() => perform({ action: 'check_in_workshop' })}
        >
          {t('workshop.actions.check_in_workshop')}
        </button>
      )}
      {available.has('repair_complete') && <RepairCompleteForm onSubmit={perform} pending={pending} />}
      {available.has('mark_not_fixed') && <NotFixedForm onSubmit={perform} pending={pending} />}
      {!available.has('check_in_workshop') &&
        !available.has('repair_complete') &&
        !available.has('mark_not_fixed') && (
          <p className="field-hint">
            {ticket.status === 'ready_delivery' ? t('workshop.waitingDelivery') : t('workshop.noActions')}
          </p>
        )}
    </section>
  );
}

function Details({ data }: { data: WorkshopTicket }) {
  const { t } = useI18n();
  const format = useFormat();
  const actionText = useActionText();
  const { ticket } = data;
  return (
    <>
      <p className="workshop-status-line">
        <span className="workshop-status" data-status={ticket.status}>
          {t(`ticketStatus.label.${ticket.status}` as MessageKey)}
        </span>
      </p>
      <dl className="workshop-facts">
        <dt>{t('workshop.device')}</dt>
        <dd>
          <DeviceLabel deviceType={ticket.deviceType} brand={ticket.brand} model={ticket.model} />
        </dd>
        <dt>{t('workshop.problem')}</dt>
        <dd>{ticket.problemDescription}</dd>
        {ticket.diagnosisNotes && (
          <>
            <dt>{t('workshop.diagnosis')}</dt>
            <dd>{ticket.diagnosisNotes}</dd>
          </>
        )}
        {ticket.pickupReason && (
          <>
            <dt>{t('workshop.pickupReason')}</dt>
            <dd>{ticket.pickupReason}</dd>
          </>
        )}
        <dt>{t('workshop.customer')}</dt>
        <dd>
          {ticket.customerName} · <bdi dir="ltr">{ticket.customerPhone}</bdi>
        </dd>
        {ticket.technician && (
          <>
            <dt>{t('workshop.technicianLabel')}</dt>
            <dd>{ticket.technician.name}</dd>
          </>
        )}
      </dl>
      <Actions data={data} />
      {data.attachments.length > 0 && (
        <TicketSection headingId="workshop-photos-title" title={t('workshop.photos')}>
          <ul className="workshop-photos">
            {data.attachments.map((attachment) => (
              <li key={attachment.id}>
                <bdi dir="ltr">{attachment.filename}</bdi>{' '}
                <span className="field-hint">
                  {attachment.uploadedByName} · {format.dateTime(attachment.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        </TicketSection>
      )}
      <StatusTimeline
        entries={data.timeline}
        headingId="workshop-timeline-title"
        title={t('workshop.timeline')}
        describe={actionText}
      />
    </>
  );
}

export function WorkshopTicketPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = useWorkshopTicket(id);
  return (
    <Page
      title={
        query.data
          ? t('workshop.ticketTitle', { number: query.data.ticket.ticketNumber })
          : t('pages.workshopTicket')
      }
    >
      <BackLink to="/workshop" label={t('workshop.back')} linkClassName="back-link" />
      <QueryView query={query}>{(data) => <Details data={data} />}</QueryView>
    </Page>
  );
}
