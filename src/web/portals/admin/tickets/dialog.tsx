// A modal on the native <dialog> (showModal: focus moves in and stays in, Escape closes, the page
// behind is inert) for the card's assign and schedule and for bulk assign.
import { type ReactNode, useId } from 'react';
import { useT } from '../../../i18n/i18n';
import { useModalDialog } from '../../../ui/modal-dialog';

export function Dialog(props: {
  title: string;
  description?: string;
  onClose(): void;
  children: ReactNode;
  footer: ReactNode;
}) {
  const t = useT();
  const ref = useModalDialog(props.onClose);
  const titleId = useId();
  const descriptionId = useId();

  return (
    <dialog
      ref={ref}
      className="at-dialog"
      aria-labelledby={titleId}
      aria-describedby={props.description ? descriptionId : undefined}
    >
      <div className="at-dialog-header">
        <h2 id={titleId} className="at-dialog-title">
          {props.title}
        </h2>
        <button type="button" className="button button-ghost at-dialog-close" onClick={props.onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{t('adminTickets.close')}</span>
        </button>
      </div>
      {props.description && (
        <p id={descriptionId} className="field-hint">
          {props.description}
        </p>
      )}
      <div className="at-dialog-body">{props.children}</div>
      <div className="at-dialog-footer">{props.footer}</div>
    </dialog>
  );
}
