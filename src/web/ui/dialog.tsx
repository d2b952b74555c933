// The app's modal dialog on the native <dialog> (behaviour in modal-dialog.ts: focus moves in and
// stays in, Escape closes, the page behind is inert): a titled header with a close button, the body,
// an optional footer. With onSubmit the whole dialog is one form, so the footer's submit button
// sends it and Enter in a field does too.
import './dialog.css';
import { type FormEvent, type ReactNode, useId } from 'react';
import { useT } from '../i18n/i18n';
import { useModalDialog } from './modal-dialog';

export function Dialog(props: {
  title: string;
  /** A sentence under the title, read out with it (aria-describedby). */
  description?: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** wide: forms laid out in columns; full: a picture at a size worth seeing. */
  size?: 'wide' | 'full';
}) {
  const t = useT();
  const ref = useModalDialog(props.onClose);
  const titleId = useId();
  const descriptionId = useId();

  const content = (
    <>
      <div className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {props.title}
        </h2>
        <button type="button" className="button button-ghost dialog-close" onClick={props.onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{t('common.close')}</span>
        </button>
      </div>
      <div className="dialog-body">
        {props.description && (
          <p id={descriptionId} className="field-hint">
            {props.description}
          </p>
        )}
        {props.children}
      </div>
      {props.footer && <div className="dialog-footer">{props.footer}</div>}
    </>
  );
  return (
    <dialog
      ref={ref}
      className={props.size ? `dialog dialog-${props.size}` : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={props.description ? descriptionId : undefined}
    >
      {props.onSubmit ? (
        <form noValidate onSubmit={props.onSubmit} className="dialog-form">
          {content}
        </form>
      ) : (
        content
      )}
    </dialog>
  );
}
