// Notification texts per event and language: the built-in text, the organisation's own subject and
// body with the placeholders the sender fills in, and a preview with sample values. The event and the
// language are in the URL (?tab=templates&template=ticket_created&lang=en).
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fillPlaceholders } from '../../../../domain/template-placeholders';
import { LOCALES, type Locale, type MessageKey, useI18n } from '../../../i18n/i18n';
import { QueryView } from '../../../ui/states';
import { type Template, useResetTemplate, useSaveTemplate, useTemplates } from './api';
import { FieldError, issueAt, SaveStatus } from './form-bits';

function useSampleVars(): Record<string, string | number> {
  const { t } = useI18n();
  return useMemo(
    () => ({
      ticketNumber: 'TK-000123',
      trackingToken: 'q7Hk2xPz9Lm4',
      code: '482913',
      minutes: 5,
      statusText: t('adminSettings.samples.statusText'),
      city: t('adminSettings.samples.city'),
      level: 'L2',
      reason: t('adminSettings.samples.reason'),
      resolutionNotes: t('adminSettings.samples.resolutionNotes'),
      date: '2026-11-23',
      time: '10:00',
      count: 3,
      ticketNumbers: 'TK-000123, TK-000124, TK-000131',
      missing: 2,
      content: t('adminSettings.samples.content'),
    }),
    [t],
  );
}

const templateLabel = (name: string): MessageKey => `adminSettings.templateNames.${name}` as MessageKey;

function TemplateEditor(props: { template: Template; language: Locale; canEdit: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const { template, language } = props;
  const current = template.locales[language];
  const save = useSaveTemplate();
  const reset = useResetTemplate();
  const samples = useSampleVars();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [subject, setSubject] = useState(current.override?.subject ?? '');
  const [body, setBody] = useState(current.override?.body ?? current.builtIn);
  const bodyError = issueAt(save.error, 'body.body');
  const subjectError = issueAt(save.error, 'body.subject');
  const dir = language === 'ar' ? 'rtl' : 'ltr';

  const insert = (name: string) => {
    const area = bodyRef.current;
    const token = `{{${name}}}`;
    const at = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? at;
    setBody(body.slice(0, at) + token + body.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name: template.name, locale: language, body: { subject: subject || null, body } });
  };
  const restore = () =>
    reset.mutate(
      { name: template.name, locale: language },
      {
        onSuccess: () => {
          setSubject('');
          setBody(current.builtIn);
        },
      },
    );

  return (
    <form className="form st-template-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t(templateLabel(template.name))} · {t(`adminSettings.languages.${language}`)}
      </h3>
      <p className="field-hint">
        {current.override ? t('adminSettings.usingOverride') : t('adminSettings.usingBuiltIn')}
      </p>
      <div className="field">
        <span className="field-label" id={`${id}-builtin-label`}>
          {t('adminSettings.builtInText')}
        </span>
        <p className="st-builtin" dir={dir} lang={language}>
          {current.builtIn}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-subject`}>{t('adminSettings.subject')}</label>
        <input
          id={`${id}-subject`}
          dir={dir}
          lang={language}
          value={subject}
          disabled={!props.canEdit}
          onChange={(event) => setSubject(event.target.value)}
          aria-invalid={Boolean(subjectError)}
          aria-describedby={`${id}-subject-hint ${id}-subject-error`}
        />
        <p id={`${id}-subject-hint`} className="field-hint">
          {t('adminSettings.subjectHint')}
        </p>
        <FieldError id={`${id}-subject-error`} message={subjectError} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('adminSettings.body')}</label>
        <textarea
          id={`${id}-body`}
          ref={bodyRef}
          dir={dir}
          lang={language}
          rows={4}
          value={body}
          disabled={!props.canEdit}
          onChange={(event) => setBody(event.target.value)}
          aria-invalid={Boolean(bodyError)}
          aria-describedby={`${id}-placeholders ${id}-body-error`}
        />
        <FieldError id={`${id}-body-error`} message={bodyError} />
      </div>
      <div className="st-placeholders" id={`${id}-placeholders`}>
        <span className="field-label">{t('adminSettings.placeholders')}</span>
        <ul className="st-chips">
          {template.placeholders.map((name) => (
            <li key={name}>
              <button
                type="button"
                className="st-chip st-chip-button"
                disabled={!props.canEdit}
                aria-label={t('adminSettings.insertPlaceholder', { name })}
                onClick={() => insert(name)}
              >
                <bdi dir="ltr">{`{{${name}}}`}</bdi>
                {template.requiredPlaceholders.includes(name) && ` (${t('adminSettings.required')})`}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <section className="st-preview" aria-labelledby={`${id}-preview-title`}>
        <h4 id={`${id}-preview-title`}>{t('adminSettings.preview')}</h4>
        {subject && (
          <p className="st-preview-subject" dir={dir} lang={language}>
            {fillPlaceholders(subject, samples)}
          </p>
        )}
        <p className="st-preview-body" dir={dir} lang={language} data-testid="template-preview">
          {fillPlaceholders(body, samples)}
        </p>
      </section>
      {props.canEdit && (
        <div className="st-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('adminSettings.saving') : t('adminSettings.saveTemplate')}
          </button>
          {current.override && (
            <button
              type="button"
              className="button button-ghost"
              disabled={reset.isPending}
              onClick={restore}
            >
              {t('adminSettings.resetTemplate')}
            </button>
          )}
          <SaveStatus
            isPending={save.isPending || reset.isPending}
            isSuccess={save.isSuccess || reset.isSuccess}
            error={save.error ?? reset.error}
          />
        </div>
      )}
    </form>
  );
}

export function TemplatesTab({ canEdit }: { canEdit: boolean }) {
  const { t, locale } = useI18n();
  const id = useId();
  const query = useTemplates();
  const [params, setParams] = useSearchParams();
  const language: Locale = params.get('lang') === 'en' ? 'en' : params.get('lang') === 'ar' ? 'ar' : locale;
  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  return (
    <>
      <h2 className="st-section-title">{t('adminSettings.tabs.templates')}</h2>
      <p className="field-hint">{t('adminSettings.templatesIntro')}</p>
      <QueryView query={query} isEmpty={(list) => list.length === 0}>
        {(templates) => {
          const chosen = templates.find((item) => item.name === params.get('template')) ?? templates[0];
          if (!chosen) return null;
          return (
            <>
              <div className="st-grid">
                <div className="field">
                  <label htmlFor={`${id}-template`}>{t('adminSettings.event')}</label>
                  <select
                    id={`${id}-template`}
                    value={chosen.name}
                    onChange={(event) => update('template', event.target.value)}
                  >
                    {templates.map((item) => (
                      <option key={item.name} value={item.name}>
                        {t(templateLabel(item.name))}
                        {item.locales.ar.override || item.locales.en.override
                          ? ` · ${t('adminSettings.customised')}`
                          : ''}
                      </option>
                    ))}
                  </select>
                </div>
                <fieldset className="st-languages">
                  <legend className="field-label">{t('adminSettings.language')}</legend>
                  {LOCALES.map((option) => (
                    <label key={option} className="choice-option">
                      <input
                        type="radio"
                        name={`${id}-language`}
                        value={option}
                        checked={language === option}
                        onChange={() => update('lang', option)}
                      />
                      <span>{t(`adminSettings.languages.${option}`)}</span>
                    </label>
                  ))}
                </fieldset>
              </div>
              <TemplateEditor
                key={`${chosen.name}:${language}`}
                template={chosen}
                language={language}
                canEdit={canEdit}
              />
            </>
          );
        }}
      </QueryView>
    </>
  );
}
