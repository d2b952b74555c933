// Form fields: a labelled field whose hint and error are wired for screen readers (ids `${id}-hint`
// and `${id}-error`, named by the control's aria-describedby, aria-invalid while in error), and a
// form's values with its own checks before the server's.
import { type InputHTMLAttributes, type ReactNode, useState } from 'react';
import { type MessageKey, type MessageVars, useT } from '../i18n/i18n';

export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p id={`${props.id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** aria attributes of a control inside Field (or of a fieldset with the same ids). */
export const fieldAria = (id: string, error: unknown, hint = false) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby':
    [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined,
});

/** What ties a TextField to one value of a form. */
export interface TextFieldBinding {
  idPrefix: string;
  name: string;
  value: string;
  onValue(value: string): void;
}

/** A text input in a Field: `name` is the form's field, the id `${idPrefix}-${name}`. */
export function TextField(
  props: TextFieldBinding & {
    label: string;
    hint?: string;
    error?: string | null;
  } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'value' | 'onChange'>,
) {
  const { idPrefix, name, label, value, onValue, hint, error, ...attributes } = props;
  const id = `${idPrefix}-${name}`;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        {...attributes}
        id={id}
        name={name}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        {...fieldAria(id, error, Boolean(hint))}
      />
    </Field>
  );
}

/** A field's problem the form found before sending: a message and its placeholders. */
export interface FieldProblem {
  key: MessageKey;
  vars?: MessageVars;
}
export type FieldProblems<Name extends string> = Partial<Record<Name, FieldProblem>>;

type TextKeys<Values> = { [K in keyof Values]: Values[K] extends string ? K : never }[keyof Values] & string;

/**
 * A form's values and its own checks. `set` changes one value; `text(field)` binds a TextField to a
 * text value; `check(found, send)` keeps the problems found and moves the focus to the first field
 * in error (id `${idPrefix}-${field}`), or sends a clean form; `problemOf` words a field's problem.
 */
export function useCheckedForm<Values extends object>(idPrefix: string, initial: Values | (() => Values)) {
  const t = useT();
  const [values, setValues] = useState<Values>(initial);
  const [problems, setProblems] = useState<FieldProblems<keyof Values & string>>({});
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((old) => ({ ...old, [key]: value }));
  return {
    values,
    set,
    text: <K extends TextKeys<Values>>(field: K): TextFieldBinding => ({
      idPrefix,
      name: field,
      value: values[field] as string,
      onValue: (value: string) => set(field, value as Values[K]),
    }),
    problemOf(field: keyof Values & string): string | null {
      const problem = problems[field];
      return problem ? t(problem.key, problem.vars) : null;
    },
    check(found: FieldProblems<keyof Values & string>, send: () => void) {
      setProblems(found);
      const first = Object.keys(found)[0];
      if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
      else send();
    },
  };
}
