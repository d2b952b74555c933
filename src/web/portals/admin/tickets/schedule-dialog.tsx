// "Schedule" from a ticket card (seed 000 §3.3): a date and one of the day's time slots. The server
// refuses a past day or a slot that has ended; its message is shown as it comes.
import { type FormEvent, useId, useState } from 'react';
import { TIME_SLOTS, type TimeSlot } from '../../../../domain/schedule/time-slots';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { Dialog } from '../../../ui/dialog';
import { useErrorMessage } from '../../../ui/states';
import { useSchedule } from './api';

const SLOTS = Object.keys(TIME_SLOTS) as TimeSlot[];

/** Today in the organisation's time zone, as YYYY-MM-DD. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

export function ScheduleDialog(props: {
  ticket: {
    id: string;
    ticketNumber: string;
    scheduledDate: string | null;
    scheduledTimeSlot: TimeSlot | null;
    preferredTimeSlot: TimeSlot | null;
  };
  onClose(): void;
  onDone(message: string): void;
}) {
  const t = useT();
  const format = useFormat();
  const messageOf = useErrorMessage();
  const schedule = useSchedule(props.ticket.id);
  const first = today(format.timeZone);
  const [date, setDate] = useState(props.ticket.scheduledDate ?? first);
  const [slot, setSlot] = useState<TimeSlot | ''>(
    props.ticket.scheduledTimeSlot ?? props.ticket.preferredTimeSlot ?? '',
  );
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const dateId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return setProblem(t('adminTickets.schedule.dateRequired'));
    if (date < first) return setProblem(t('adminTickets.schedule.datePast'));
    if (!slot) return setProblem(t('adminTickets.schedule.slotRequired'));
    setProblem(null);
    schedule.mutate(
      { scheduledDate: date, scheduledTimeSlot: slot },
      {
        onSuccess: () =>
          props.onDone(
            t('adminTickets.schedule.done', {
              number: props.ticket.ticketNumber,
              date: format.date(`${date}T12:00:00Z`),
              slot: format.timeSlot(slot),
            }),
          ),
        onError: (error) => setProblem(messageOf(error)),
      },
    );
  };

  return (
    <Dialog
      title={t('adminTickets.schedule.title', { number: props.ticket.ticketNumber })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            {t('adminTickets.cancel')}
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={schedule.isPending}>
            {schedule.isPending ? t('adminTickets.saving') : t('adminTickets.schedule.submit')}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={dateId}>{t('adminTickets.schedule.date')}</label>
          <input
            id={dateId}
            type="date"
            min={first}
            value={date}
            required
            onChange={(event) => setDate(event.target.value)}
          />
        </div>
        <fieldset className="at-slots">
          <legend className="field-label">{t('adminTickets.schedule.slot')}</legend>
          {SLOTS.map((value) => (
            <label key={value} className={slot === value ? 'at-slot at-slot-on' : 'at-slot'}>
              <input
                type="radio"
                name="slot"
                value={value}
                checked={slot === value}
                onChange={() => setSlot(value)}
              />
              <span>{format.timeSlot(value)}</span>
            </label>
          ))}
        </fieldset>
        {problem && (
          <p className="alert alert-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </Dialog>
  );
}
