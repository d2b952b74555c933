// Bulk actions of seed 000 §3.3: assign the selected tickets to one technician (the server answers per
// ticket, so refusals are listed by number), and export the filtered list as XLSX, CSV or PDF with
// the download's progress (the file streams in; it can be cancelled).
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { INTL_LOCALE, useI18n } from '../../../i18n/i18n';
import { Dialog } from '../../../ui/dialog';
import { useErrorMessage } from '../../../ui/states';
import { type DownloadProgress, saveFile, streamDownload } from '../reports/streamed-download';
import { type BulkAssignOutcome, useBulkAssign, useTechnicianOptions } from './api';
import { filtersQuery, type TicketFilters } from './filters';

export function BulkAssignDialog(props: {
  tickets: Map<string, string>;
  onClose(): void;
  onDone(outcome: BulkAssignOutcome): void;
}) {
  const { t } = useI18n();
  const messageOf = useErrorMessage();
  const technicians = useTechnicianOptions();
  const bulk = useBulkAssign();
  const [technicianId, setTechnicianId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const selectId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!technicianId) return setProblem(t('adminTickets.assign.chooseFirst'));
    setProblem(null);
    bulk.mutate(
      { ticketIds: [...props.tickets.keys()], technicianId },
      { onSuccess: props.onDone, onError: (error) => setProblem(messageOf(error)) },
    );
  };

  return (
    <Dialog
      title={t('adminTickets.bulk.title', { count: props.tickets.size })}
      description={t('adminTickets.bulk.hint')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            {t('adminTickets.cancel')}
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={bulk.isPending}>
            {bulk.isPending ? t('adminTickets.saving') : t('adminTickets.assign.submit')}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={selectId}>{t('adminTickets.assign.technician')}</label>
          <select
            id={selectId}
            value={technicianId}
            onChange={(event) => setTechnicianId(event.target.value)}
          >
            <option value="">{t('adminTickets.bulk.choose')}</option>
            {technicians.data
              ?.filter((technician) => technician.isActive)
              .map((technician) => (
                <option key={technician.id} value={technician.id} disabled={!technician.isAvailable}>
                  {t('adminTickets.bulk.option', {
                    name: technician.name,
                    load: t('adminTickets.assign.load', { count: technician.openTickets }),
                  })}
                  {technician.isAvailable ? '' : ` — ${t('adminTickets.assign.unavailable')}`}
                </option>
              ))}
          </select>
        </div>
        {problem && (
          <p className="alert alert-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** Refused tickets of a bulk assignment, by number, with the reason in the reader's language. */
export function BulkOutcome({ outcome }: { outcome: BulkAssignOutcome }) {
  const { t } = useI18n();
  const refused = outcome.results.filter((result) => !result.ok);
  return (
    <div className={refused.length ? 'alert alert-warning' : 'note'} role="status">
      <p>{t('adminTickets.bulk.result', { assigned: outcome.assigned, refused: outcome.refused })}</p>
      {refused.length > 0 && (
        <ul>
          {refused.map((result) => (
            <li key={result.ticketId}>
              <bdi dir="ltr">{result.ticketNumber ?? result.ticketId.slice(0, 8)}</bdi>
              {': '}
              {result.ok
                ? ''
                : result.error.code === 'invalid_transition'
                  ? t('adminTickets.bulk.notNew')
                  : result.error.code === 'not_found'
                    ? t('adminTickets.bulk.notFound')
                    : result.error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const FORMATS = ['xlsx', 'csv', 'pdf'] as const;
type ExportFormat = (typeof FORMATS)[number];

type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; format: ExportFormat; progress: DownloadProgress }
  | { phase: 'done'; filename: string }
  | { phase: 'failed'; message: string };

export function ExportButtons({ filters }: { filters: TicketFilters }) {
  const { t, locale } = useI18n();
  const messageOf = useErrorMessage();
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const number = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 1 });

  useEffect(() => () => abort.current?.abort(), []);

  const start = async (format: ExportFormat) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const empty: DownloadProgress = { bytes: 0, rows: null, totalRows: null };
    setState({ phase: 'running', format, progress: empty });
    try {
      const file = await streamDownload({
        path: '/admin/reports/export',
        query: { ...filtersQuery(filters), type: 'tickets', format, lang: locale },
        signal: controller.signal,
        countLines: format === 'csv',
        fallbackName: `tickets.${format}`,
        onProgress: (progress) => setState({ phase: 'running', format, progress }),
      });
      saveFile(file);
      setState({ phase: 'done', filename: file.filename });
    } catch (error) {
      if (controller.signal.aborted) setState({ phase: 'idle' });
      else setState({ phase: 'failed', message: messageOf(error) });
    }
  };

  const running = state.phase === 'running';
  const progress = running ? state.progress : null;
  const determinate = progress?.rows != null && progress.totalRows != null && progress.totalRows > 0;
  return (
    <div className="at-export">
      <span className="field-label">{t('adminTickets.export.label')}</span>
      <div className="at-export-buttons">
        {FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            className="button button-secondary"
            disabled={running}
            onClick={() => void start(format)}
          >
            {t(`adminTickets.export.${format}`)}
          </button>
        ))}
        {running && (
          <button type="button" className="button button-ghost" onClick={() => abort.current?.abort()}>
            {t('adminTickets.cancel')}
          </button>
        )}
      </div>
      <div role="status" aria-live="polite" className="at-export-status">
        {progress && (
          <>
            <progress
              max={determinate ? (progress.totalRows ?? 1) : undefined}
              value={determinate ? (progress.rows ?? 0) : undefined}
              aria-label={t('adminTickets.export.progress')}
            />
            <span>
              {t('adminTickets.export.received', { kb: number.format(progress.bytes / 1024) })}
              {progress.totalRows !== null &&
                ` · ${t('adminTickets.export.rows', { count: progress.totalRows })}`}
            </span>
          </>
        )}
        {state.phase === 'done' && <span>{t('adminTickets.export.done', { name: state.filename })}</span>}
        {state.phase === 'failed' && <span className="field-error">{state.message}</span>}
      </div>
    </div>
  );
}
