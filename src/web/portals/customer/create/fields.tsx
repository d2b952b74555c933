// Form controls of the wizard: a label for every control, the error tied to it (aria-describedby).
import type { ReactNode } from 'react';

export const fieldId = (name: string) => `create-${name}`;
const errorId = (name: string) => `create-${name}-error`;
const hintId = (name: string) => `create-${name}-hint`;

export function describedBy(name: string, opts: { error?: string; hint?: ReactNode }): string | undefined {
  const ids = [opts.hint ? hintId(name) : null, opts.error ? errorId(name) : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldMessages({ name, error, hint }: { name: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={hintId(name)} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId(name)} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
  multiline?: boolean;
  type?: 'text' | 'tel';
  inputMode?: 'text' | 'tel' | 'numeric';
  autoComplete?: string;
  dir?: 'ltr' | 'auto';
  maxLength?: number;
  onChange(value: string): void;
}

export function TextField(props: TextFieldProps) {
  const common = {
    id: fieldId(props.name),
    name: props.name,
    value: props.value,
    placeholder: props.placeholder,
    maxLength: props.maxLength,
    autoComplete: props.autoComplete,
    dir: props.dir,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy(props.name, props),
  } as const;
  return (
    <div className="field">
      <label htmlFor={fieldId(props.name)}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(event) => props.onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
      <FieldMessages name={props.name} error={props.error} hint={props.hint} />
    </div>
  );
}

/** Radio buttons in a fieldset; `cards` draws each option as a selectable card (device types). */
export function ChoiceField<V extends string>(props: {
  name: string;
  legend: string;
  options: ReadonlyArray<{ value: V; label: string; icon?: ReactNode }>;
  value: V | '';
  error?: string;
  cards?: boolean;
  onChange(value: V): void;
}) {
  return (
    <fieldset
      className={props.cards ? 'choice-field choice-cards' : 'choice-field'}
      id={fieldId(props.name)}
      tabIndex={-1}
      aria-describedby={props.error ? describedBy(props.name, { error: props.error }) : undefined}
    >
      <legend>{props.legend}</legend>
      <div className="choice-options">
        {props.options.map((option) => (
          <label key={option.value} className="choice-option">
            <input
              type="radio"
              name={props.name}
              value={option.value}
              checked={props.value === option.value}
              onChange={() => props.onChange(option.value)}
            />
            {option.icon}
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      <FieldMessages name={props.name} error={props.error} />
    </fieldset>
  );
}
