// The staff's actions on a ticket (seed 000 §3.3 step 4, §6.4): assign or reassign with a reason,
// schedule or reschedule, change priority (admin desk only), cancel with a reason, and internal notes.
// Each form checks what it can before sending; the server decides, and its refusal is shown in its
// words. The page's TicketDesk says which portal's API the forms call and whom they may assign.

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { canRoleEverPerform, isFinalStatus } from '../../../../domain/lifecycle/engine';
import type { Role } from '../../../../domain/lifecycle/types';
import { visitWorkflow } from '../../../../domain/lifecycle/visit-workflow';
import { TIME_SLOTS, type TimeSlot } from '../../../../domain/schedule/time-slots';
import { PRIORITIES, type Priority, type SystemNoteEvent } from '../../../../domain/tickets';
import { LIMITS } from '../../../../domain/validations';
import { ApiError } from '../../../api/client';
import { useCityName } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { useErrorMessage } from '../../../ui/states';
import { SelectField, TextAreaField, TicketSection } from '../../customer/track/ticket-parts';
import {
  type AdminTicket,
  type AdminTicketDetails,
  changeTicket,
  type TicketChange,
  useRefreshTicket,
} from './api';
import { useTicketDesk } from './desk';

const SLOTS = Object.keys(TIME_SLOTS) as TimeSlot[];

function useChange(id: string) {
  const desk = useTicketDesk();
  const refresh = useRefreshTicket(id);
  return useMutation({
    mutationFn: (change: TicketChange) => changeTicket(desk, id, change),
    onSuccess: () => refresh(),
  });
}

/** One action's form: title, the server's refusal or the success line, fields and submit. */
function ActionForm(props: {
  title: string;
  mutation: ReturnType<typeof useChange>;
  done: string;
  onSubmit(): void;
  /** A refusal the page says better than the server's generic words, else null. */
  explain?(error: unknown): string | null;
  children: ReactNode;
}) {
  const id = useId();
  const serverMessage = useErrorMessage();
  const messageOf = (error: unknown) => props.explain?.(error) ?? serverMessage(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="form ad-action" noValidate onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="ad-action-title">
        {props.title}
      </h3>
      {props.mutation.isError && (
        <div className="alert alert-error" role="alert">
          {messageOf(props.mutation.error)}
        </div>
      )}
      {props.children}
      <p className="status-text" role="status">
        {props.mutation.isSuccess ? props.done : ''}
      </p>
    </form>
  );
}

function FieldError({ id, error }: { id: string; error: MessageKey | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      {t(error)}
    </p>
  );
}

/** A supervisor's choice outside their teams (the server's words are generic in Arabic). */
function useAssignRefusal(): (error: unknown) => string | null {
  const { t } = useI18n();
  return (error) =>
    error instanceof ApiError && error.details.reason === 'outside_team'
      ? t('adminDesk.assign.outsideTeam')
      : null;
}

function AssignForm({ ticket, reassign }: { ticket: AdminTicket; reassign: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const desk = useTicketDesk();
  const change = useChange(ticket.id);
  const explain = useAssignRefusal();
  const { choices, isPending } = desk.useTechnicianChoices();
  const [technicianId, setTechnicianId] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ technician?: MessageKey; reason?: MessageKey }>({});
  const technicians = (choices ?? []).filter((technician) => technician.id !== ticket.technician?.id);

  const onSubmit = () => {
    const found = {
      technician: technicianId ? undefined : ('adminDesk.assign.technicianRequired' as const),
      reason:
        reassign && reason.trim().length < LIMITS.reasonMin
          ? ('adminDesk.assign.reasonRequired' as const)
          : undefined,
    };
    setErrors(found);
    if (found.technician || found.reason) {
      document.getElementById(found.technician ? `${id}-technician` : `${id}-reason`)?.focus();
      return;
    }
    change.mutate(
      { kind: 'assign', technicianId, reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          setTechnicianId('');
          setReason('');
        },
      },
    );
  };

  return (
    <ActionForm
      title={reassign ? t('adminDesk.assign.reassignTitle') : t('adminDesk.assign.title')}
      mutation={change}
      done={reassign ? t('adminDesk.assign.reassigned') : t('adminDesk.assign.assigned')}
      onSubmit={onSubmit}
      explain={explain}
    >
      {reassign && ticket.technician && (
        <p className="field-hint">{t('adminDesk.assign.current', { name: ticket.technician.name })}</p>
      )}
      <div className="field">
        <label htmlFor={`${id}-technician`}>{t('adminDesk.assign.technician')}</label>
        <select
          id={`${id}-technician`}
          value={technicianId}
          aria-invalid={errors.technician ? true : undefined}
          aria-describedby={errors.technician ? `${id}-technician-error` : undefined}
          onChange={(event) => setTechnicianId(event.target.value)}
        >
          <option value="">{isPending ? t('common.loading') : t('adminDesk.assign.choose')}</option>
          {technicians.map((technician) => (
            <option key={technician.id} value={technician.id} disabled={!technician.isAvailable}>
              {t(technician.isAvailable ? 'adminDesk.assign.option' : 'adminDesk.assign.optionUnavailable', {
                name: technician.name,
                count: technician.openTickets,
              })}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-technician-error`} error={errors.technician ?? null} />
      </div>
      {reassign && (
        <TextAreaField
          id={`${id}-reason`}
          label={t('adminDesk.assign.reason')}
          maxLength={LIMITS.reasonMax}
          value={reason}
          onValue={setReason}
          error={errors.reason && t(errors.reason)}
        />
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {reassign ? t('adminDesk.assign.reassignSubmit') : t('adminDesk.assign.submit')}
        </button>
      </div>
    </ActionForm>
  );
}

/** Today's date (YYYY-MM-DD) in the organisation's time zone: the earliest day a visit may take. */
function useToday(): string {
  const format = useFormat();
  return new Intl.DateTimeFormat('en-CA', { timeZone: format.timeZone }).format(new Date());
}

function ScheduleForm({ ticket }: { ticket: AdminTicket }) {
  const { t } = useI18n();
  const format = useFormat();
  const id = useId();
  const change = useChange(ticket.id);
  const today = useToday();
  const [date, setDate] = useState(ticket.scheduledDate ?? '');
  const [slot, setSlot] = useState<TimeSlot>(
    ticket.scheduledTimeSlot ?? ticket.preferredTimeSlot ?? 'morning',
  );
  const [error, setError] = useState<MessageKey | null>(null);
  const onSubmit = () => {
    const problem = !date
      ? 'adminDesk.schedule.dateRequired'
      : date < today
        ? 'adminDesk.schedule.datePast'
        : null;
    setError(problem);
    if (problem) {
      document.getElementById(`${id}-date`)?.focus();
      return;
    }
    change.mutate({ kind: 'schedule', scheduledDate: date, scheduledTimeSlot: slot });
  };
  const rescheduling = ticket.status === 'scheduled';
  return (
    <ActionForm
      title={rescheduling ? t('adminDesk.schedule.rescheduleTitle') : t('adminDesk.schedule.title')}
      mutation={change}
      done={t('adminDesk.schedule.done')}
      onSubmit={onSubmit}
    >
      <div className="ad-field-row">
        <div className="field">
          <label htmlFor={`${id}-date`}>{t('adminDesk.schedule.date')}</label>
          <input
            id={`${id}-date`}
            type="date"
            min={today}
            value={date}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-date-error` : undefined}
            onChange={(event) => setDate(event.target.value)}
          />
          <FieldError id={`${id}-date-error`} error={error} />
        </div>
        <SelectField
          id={`${id}-slot`}
          label={t('adminDesk.schedule.slot')}
          options={SLOTS}
          optionText={format.timeSlot}
          value={slot}
          onValue={setSlot}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {t('adminDesk.schedule.submit')}
        </button>
      </div>
    </ActionForm>
  );
}

function PriorityForm({ ticket }: { ticket: AdminTicket }) {
  const { t } = useI18n();
  const id = useId();
  const change = useChange(ticket.id);
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  return (
    <ActionForm
      title={t('adminDesk.priority.title')}
      mutation={change}
      done={t('adminDesk.priority.done')}
      onSubmit={() => change.mutate({ kind: 'priority', priority })}
    >
      <SelectField
        id={`${id}-priority`}
        label={t('adminDesk.priority.label')}
        options={PRIORITIES}
        optionText={(value) => t(`techWork.priority.${value}`)}
        value={priority}
        onValue={setPriority}
      />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-secondary"
          disabled={change.isPending || priority === ticket.priority}
        >
          {t('adminDesk.priority.submit')}
        </button>
      </div>
    </ActionForm>
  );
}

function CancelForm({ ticket }: { ticket: AdminTicket }) {
  const { t } = useI18n();
  const id = useId();
  const change = useChange(ticket.id);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const onSubmit = () => {
    const problem = reason.trim().length < LIMITS.reasonMin ? 'adminDesk.cancel.reasonRequired' : null;
    setError(problem);
    if (problem) {
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    change.mutate({ kind: 'cancel', reason: reason.trim() });
  };
  return (
    <ActionForm
      title={t('adminDesk.cancel.title')}
      mutation={change}
      done={t('adminDesk.cancel.done')}
      onSubmit={onSubmit}
    >
      <TextAreaField
        id={`${id}-reason`}
        label={t('adminDesk.cancel.reason')}
        maxLength={LIMITS.reasonMax}
        value={reason}
        onValue={setReason}
        error={error && t(error)}
      />
      <div className="form-actions">
        <button type="submit" className="button button-danger" disabled={change.isPending}>
          {t('adminDesk.cancel.submit')}
        </button>
      </div>
    </ActionForm>
  );
}

const REASSIGNABLE = new Set(['assigned', 'scheduled']);

export function TicketActions({ ticket, role }: { ticket: AdminTicket; role: Role }) {
  const { t } = useI18n();
  const desk = useTicketDesk();
  const offered = new Set(ticket.availableActions);
  const final = isFinalStatus(visitWorkflow, ticket.status);
  const mayAssign = canRoleEverPerform(visitWorkflow, 'assign', role);
  const maySchedule = canRoleEverPerform(visitWorkflow, 'schedule', role);
  const reassign = REASSIGNABLE.has(ticket.status) && mayAssign;
  const schedule = offered.has('schedule') || (ticket.status === 'scheduled' && maySchedule);
  const priority = !final && desk.changesPriority;
  const nothing =
    !final && !offered.has('assign') && !reassign && !schedule && !priority && !offered.has('cancel');
  return (
    <TicketSection headingId="ad-actions-title" title={t('adminDesk.ticket.actions')}>
      {offered.has('assign') && <AssignForm ticket={ticket} reassign={false} />}
      {reassign && <AssignForm ticket={ticket} reassign />}
      {schedule && <ScheduleForm ticket={ticket} />}
      {priority && <PriorityForm ticket={ticket} />}
      {offered.has('cancel') && <CancelForm ticket={ticket} />}
      {final && <p className="field-hint">{t('adminDesk.ticket.closed')}</p>}
      {nothing && <p className="field-hint">{t('adminDesk.ticket.noActions')}</p>}
    </TicketSection>
  );
}

/** A system note in the reader's language (its stored content is English). */
function useSystemNoteText(): (event: SystemNoteEvent) => string {
  const { t } = useI18n();
  const cityName = useCityName();
  return (event) => {
    if (event.type === 'reassigned') {
      return event.from
        ? t('adminDesk.notes.event.reassigned', { from: event.from, to: event.to, reason: event.reason })
        : t('adminDesk.notes.event.reassignedFromNobody', { to: event.to, reason: event.reason });
    }
    const vars = { city: cityName(event.city), level: event.level };
    return event.supervisor
      ? t('adminDesk.notes.event.noTechnicianToSupervisor', { ...vars, supervisor: event.supervisor })
      : t('adminDesk.notes.event.noTechnicianNoSupervisor', vars);
  };
}

export function InternalNotes({ ticketId, notes }: { ticketId: string; notes: AdminTicketDetails['notes'] }) {
  const { t } = useI18n();
  const id = useId();
  const format = useFormat();
  const systemNoteText = useSystemNoteText();
  const change = useChange(ticketId);
  const [content, setContent] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const onSubmit = () => {
    const problem = content.trim() === '' ? 'adminDesk.notes.required' : null;
    setError(problem);
    if (problem) {
      document.getElementById(`${id}-content`)?.focus();
      return;
    }
    change.mutate({ kind: 'note', content: content.trim() }, { onSuccess: () => setContent('') });
  };
  return (
    <TicketSection headingId="ad-notes-title" title={t('adminDesk.notes.title')}>
      <p className="field-hint">{t('adminDesk.notes.staffOnly')}</p>
      {notes.length === 0 ? (
        <p>{t('adminDesk.notes.empty')}</p>
      ) : (
        <ul className="ad-list">
          {notes.map((note) => (
            <li key={note.id} className="ad-list-item ad-note">
              <p>
                <bdi dir="auto">{note.event ? systemNoteText(note.event) : note.content}</bdi>
              </p>
              <p className="field-hint">
                {note.authorName} · {format.dateTime(note.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <ActionForm
        title={t('adminDesk.notes.add')}
        mutation={change}
        done={t('adminDesk.notes.added')}
        onSubmit={onSubmit}
      >
        <TextAreaField
          id={`${id}-content`}
          label={t('adminDesk.notes.label')}
          rows={3}
          maxLength={LIMITS.noteMax}
          value={content}
          onValue={setContent}
          error={error && t(error)}
        />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={change.isPending}>
            {t('adminDesk.notes.submit')}
          </button>
        </div>
      </ActionForm>
    </TicketSection>
  );
}
