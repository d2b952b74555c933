// "Assign to a technician" from a ticket card or a map popup (seed 000 §3.3): the candidates ranked by
// the server with each one's open load, distance to the ticket and specialty match. Reassigning an
// assigned or scheduled ticket asks for a reason, as the API does.
import { type FormEvent, useId, useState } from 'react';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { Dialog } from '../../../ui/dialog';
import { ErrorState, Loading, useErrorMessage } from '../../../ui/states';
import { type TechnicianCandidate, useAssign, useTechnicianCandidates } from './api';

const REASON_MIN = 3;

function CandidateFacts({ candidate }: { candidate: TechnicianCandidate }) {
  const t = useT();
  const format = useFormat();
  return (
    <span className="at-candidate-facts">
      <span>{t('adminTickets.assign.load', { count: candidate.openTickets })}</span>
      <span>
        {candidate.distanceKm === null
          ? t('adminTickets.assign.distanceUnknown')
          : t(
              candidate.distanceFrom === 'position'
                ? 'adminTickets.assign.distanceFromPosition'
                : 'adminTickets.assign.distanceFromCity',
              { km: format.number(candidate.distanceKm) },
            )}
      </span>
      <span className={candidate.specialtyMatch ? 'at-tag at-tag-good' : 'at-tag'}>
        {candidate.specialtyMatch
          ? t('adminTickets.assign.specialtyMatch')
          : t('adminTickets.assign.noSpecialty')}
      </span>
      {candidate.coversCity && <span className="at-tag">{t('adminTickets.assign.coversCity')}</span>}
      {!candidate.isAvailable && (
        <span className="at-tag at-tag-bad">{t('adminTickets.assign.unavailable')}</span>
      )}
      {candidate.isCurrent && <span className="at-tag">{t('adminTickets.assign.current')}</span>}
    </span>
  );
}

export function AssignDialog(props: {
  ticket: { id: string; ticketNumber: string; reassign: boolean };
  onClose(): void;
  onDone(message: string): void;
}) {
  const t = useT();
  const messageOf = useErrorMessage();
  const candidates = useTechnicianCandidates(props.ticket.id);
  const assign = useAssign(props.ticket.id);
  const [chosen, setChosen] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const reasonId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return setProblem(t('adminTickets.assign.chooseFirst'));
    if (props.ticket.reassign && reason.trim().length < REASON_MIN) {
      return setProblem(t('adminTickets.assign.reasonRequired'));
    }
    setProblem(null);
    const name = candidates.data?.candidates.find((item) => item.technicianId === chosen)?.name ?? '';
    assign.mutate(
      { technicianId: chosen, reason: props.ticket.reassign ? reason.trim() : undefined },
      {
        onSuccess: () =>
          props.onDone(t('adminTickets.assign.done', { number: props.ticket.ticketNumber, name })),
        onError: (error) => setProblem(messageOf(error)),
      },
    );
  };

  const list = candidates.data?.candidates ?? [];
  return (
    <Dialog
      title={t('adminTickets.assign.title', { number: props.ticket.ticketNumber })}
      description={t('adminTickets.assign.hint')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            {t('adminTickets.cancel')}
          </button>
          <button
            type="submit"
            form={formId}
            className="button button-primary"
            disabled={assign.isPending || !candidates.data}
          >
            {assign.isPending ? t('adminTickets.saving') : t('adminTickets.assign.submit')}
          </button>
        </>
      }
    >
      {candidates.isPending && <Loading />}
      {candidates.isError && (
        <ErrorState error={candidates.error} onRetry={() => void candidates.refetch()} />
      )}
      {candidates.data && (
        <form id={formId} className="form" onSubmit={submit} noValidate>
          {list.length === 0 ? (
            <p>{t('adminTickets.assign.none')}</p>
          ) : (
            <fieldset className="at-candidates">
              <legend className="field-label">{t('adminTickets.assign.technician')}</legend>
              {list.map((candidate) => (
                <label
                  key={candidate.technicianId}
                  className={
                    chosen === candidate.technicianId ? 'at-candidate at-candidate-on' : 'at-candidate'
                  }
                >
                  <input
                    type="radio"
                    name="technician"
                    value={candidate.technicianId}
                    checked={chosen === candidate.technicianId}
                    disabled={!candidate.isAvailable || candidate.isCurrent}
                    onChange={() => setChosen(candidate.technicianId)}
                  />
                  <span className="at-candidate-text">
                    <span className="at-candidate-name">{candidate.name}</span>
                    <CandidateFacts candidate={candidate} />
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {props.ticket.reassign && (
            <div className="field">
              <label htmlFor={reasonId}>{t('adminTickets.assign.reason')}</label>
              <textarea
                id={reasonId}
                value={reason}
                rows={2}
                maxLength={500}
                onChange={(event) => setReason(event.target.value)}
              />
            </div>
          )}
          {problem && (
            <p className="alert alert-error" role="alert">
              {problem}
            </p>
          )}
        </form>
      )}
    </Dialog>
  );
}
