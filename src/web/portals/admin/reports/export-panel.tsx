// Exports (seed 000 §6.4 "Export Reports"): the ticket list or the KPI report as XLSX, PDF or CSV in
// Arabic or English. The file streams in while the panel shows what has arrived; it can be cancelled.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FALLBACK_TIME_ZONE, useOrganization } from '../../../api/organization';
import { INTL_LOCALE, type Locale, useI18n } from '../../../i18n/i18n';
import { useErrorMessage } from '../../../ui/states';
import { addDays, daysInPeriod, GROUPINGS, type Grouping, MAX_PERIOD_DAYS, todayIn } from './period';
import { type DownloadProgress, saveFile, streamDownload } from './streamed-download';

const REPORT_TYPES = ['kpis', 'tickets'] as const;
const FORMATS = ['xlsx', 'pdf', 'csv'] as const;
type ReportType = (typeof REPORT_TYPES)[number];
type ExportFormat = (typeof FORMATS)[number];

type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; progress: DownloadProgress }
  | { phase: 'done'; filename: string; bytes: number }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

interface ExportForm {
  type: ReportType;
  format: ExportFormat;
  lang: Locale;
  dateFrom: string;
  dateTo: string;
  groupBy: Grouping;
}

type FormProblem = 'datesRequired' | 'order' | 'tooLong' | null;

function problemOf(form: ExportForm): FormProblem {
  if (form.type === 'kpis' && (!form.dateFrom || !form.dateTo)) return 'datesRequired';
  if (form.dateFrom && form.dateTo) {
    const days = daysInPeriod(form.dateFrom, form.dateTo);
    if (days < 1) return 'order';
    if (form.type === 'kpis' && days > MAX_PERIOD_DAYS) return 'tooLong';
  }
  return null;
}

function useByteFormat(): (bytes: number) => string {
  const { locale } = useI18n();
  const tag = INTL_LOCALE[locale];
  const kb = new Intl.NumberFormat(tag, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 });
  const mb = new Intl.NumberFormat(tag, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  return (bytes) => (bytes >= 1024 * 1024 ? mb.format(bytes / 1024 / 1024) : kb.format(bytes / 1024));
}

function Progress({ progress }: { progress: DownloadProgress }) {
  const { t } = useI18n();
  const bytes = useByteFormat();
  const determinate = progress.rows !== null && progress.totalRows !== null && progress.totalRows > 0;
  let text = t('reports.export.receivedBytes', { size: bytes(progress.bytes) });
  if (progress.rows !== null && progress.totalRows !== null) {
    text = t('reports.export.receivedRowsOf', {
      size: bytes(progress.bytes),
      rows: progress.rows,
      total: progress.totalRows,
    });
  } else if (progress.totalRows !== null) {
    text = t('reports.export.receivedOfTickets', { size: bytes(progress.bytes), total: progress.totalRows });
  }
  return (
    <div className="export-progress">
      <progress
        aria-label={t('reports.export.progressLabel')}
        max={determinate ? (progress.totalRows ?? 1) : undefined}
        value={determinate ? Math.min(progress.rows ?? 0, progress.totalRows ?? 0) : undefined}
      />
      <p aria-live="polite" data-bytes={progress.bytes}>
        {text}
      </p>
    </div>
  );
}

export function ExportPanel() {
  const { t, locale } = useI18n();
  const messageOf = useErrorMessage();
  const bytes = useByteFormat();
  const timeZone = useOrganization().data?.timeZone ?? FALLBACK_TIME_ZONE;
  const today = todayIn(timeZone);
  const [form, setForm] = useState<ExportForm>(() => ({
    type: 'kpis',
    format: 'xlsx',
    lang: locale,
    dateFrom: addDays(today, -29),
    dateTo: today,
    groupBy: 'day',
  }));
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const [showProblem, setShowProblem] = useState(false);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const problem = problemOf(form);
  const set = <K extends keyof ExportForm>(key: K, value: ExportForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  async function start(event: FormEvent) {
    event.preventDefault();
    if (problem) {
      setShowProblem(true);
      return;
    }
    setShowProblem(false);
    const abort = new AbortController();
    controller.current = abort;
    setState({ phase: 'running', progress: { bytes: 0, rows: null, totalRows: null } });
    try {
      const file = await streamDownload({
        path: '/admin/reports/export',
        query: {
          type: form.type,
          format: form.format,
          lang: form.lang,
          dateFrom: form.dateFrom,
          dateTo: form.dateTo,
          groupBy: form.type === 'kpis' ? form.groupBy : undefined,
        },
        signal: abort.signal,
        countLines: form.format === 'csv',
        fallbackName: `${form.type}.${form.format}`,
        onProgress: (progress) => setState({ phase: 'running', progress }),
      });
      saveFile(file);
      setState({ phase: 'done', filename: file.filename, bytes: file.blob.size });
    } catch (error) {
      if (abort.signal.aborted) setState({ phase: 'cancelled' });
      else setState({ phase: 'failed', message: messageOf(error) });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  }

  const running = state.phase === 'running';
  return (
    <section className="report-section export-panel" aria-labelledby="export-title">
      <h2 id="export-title" className="report-heading">
        {t('reports.export.title')}
      </h2>
      <form className="export-form" onSubmit={start} noValidate>
        <fieldset className="export-choice" disabled={running}>
          <legend>{t('reports.export.report')}</legend>
          {REPORT_TYPES.map((type) => (
            <label key={type} className="export-option">
              <input
                type="radio"
                name="export-type"
                value={type}
                checked={form.type === type}
                onChange={() => set('type', type)}
              />
              {t(`reports.export.type.${type}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="export-choice" disabled={running}>
          <legend>{t('reports.export.format')}</legend>
          {FORMATS.map((format) => (
            <label key={format} className="export-option">
              <input
                type="radio"
                name="export-format"
                value={format}
                checked={form.format === format}
                onChange={() => set('format', format)}
              />
              {t(`reports.export.formatName.${format}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="export-choice" disabled={running}>
          <legend>{t('reports.export.language')}</legend>
          {(['ar', 'en'] as const).map((lang) => (
            <label key={lang} className="export-option">
              <input
                type="radio"
                name="export-lang"
                value={lang}
                checked={form.lang === lang}
                onChange={() => set('lang', lang)}
              />
              {t(`reports.export.lang.${lang}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="export-choice export-dates" disabled={running}>
          <legend>{t('reports.period.label')}</legend>
          <div className="field">
            <label htmlFor="export-from">{t('reports.period.from')}</label>
            <input
              id="export-from"
              type="date"
              value={form.dateFrom}
              aria-invalid={showProblem && problem !== null ? true : undefined}
              aria-describedby={showProblem && problem ? 'export-problem' : undefined}
              onChange={(event) => set('dateFrom', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="export-to">{t('reports.period.to')}</label>
            <input
              id="export-to"
              type="date"
              value={form.dateTo}
              aria-invalid={showProblem && problem !== null ? true : undefined}
              aria-describedby={showProblem && problem ? 'export-problem' : undefined}
              onChange={(event) => set('dateTo', event.target.value)}
            />
          </div>
          {form.type === 'kpis' && (
            <div className="field">
              <label htmlFor="export-grouping">{t('reports.period.groupBy')}</label>
              <select
                id="export-grouping"
                value={form.groupBy}
                onChange={(event) => set('groupBy', event.target.value as Grouping)}
              >
                {GROUPINGS.map((grouping) => (
                  <option key={grouping} value={grouping}>
                    {t(`reports.grouping.${grouping}`)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {form.type === 'tickets' && <p className="field-hint">{t('reports.export.ticketsHint')}</p>}
        </fieldset>
        {showProblem && problem && (
          <p id="export-problem" className="field-error" role="alert">
            {t(`reports.export.problem.${problem}`, { days: MAX_PERIOD_DAYS })}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={running}>
            {t('reports.export.download')}
          </button>
          {running && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => controller.current?.abort()}
            >
              {t('reports.export.cancel')}
            </button>
          )}
        </div>
      </form>
      <div className="export-status">
        {state.phase === 'running' && <Progress progress={state.progress} />}
        {state.phase === 'done' && (
          <p className="note" role="status">
            {t('reports.export.done', { file: state.filename, size: bytes(state.bytes) })}
          </p>
        )}
        {state.phase === 'cancelled' && (
          <p className="note" role="status">
            {t('reports.export.cancelled')}
          </p>
        )}
        {state.phase === 'failed' && (
          <div className="alert alert-error" role="alert">
            <p className="state-title">{t('reports.export.failed')}</p>
            <p>{state.message}</p>
          </div>
        )}
      </div>
    </section>
  );
}
