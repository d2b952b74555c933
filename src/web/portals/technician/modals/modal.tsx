// A modal dialog on the native <dialog> (showModal: focus moves in and stays in, Escape closes,
// the page behind is inert). On a phone it fills the width and sits at the bottom like a sheet.
import { type ReactNode, useId } from 'react';
import { useT } from '../../../i18n/i18n';
import { useModalDialog } from '../../../ui/modal-dialog';

export function Modal(props: { title: string; onClose(): void; children: ReactNode; footer: ReactNode }) {
  const t = useT();
  const ref = useModalDialog(props.onClose);
  const titleId = useId();

  return (
    <dialog ref={ref} className="tw-modal" aria-labelledby={titleId}>
      <div className="tw-modal-header">
        <h2 id={titleId} className="tw-modal-title">
          {props.title}
        </h2>
        <button type="button" className="button button-ghost tw-modal-close" onClick={props.onClose}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{t('techWork.modal.close')}</span>
        </button>
      </div>
      <div className="tw-modal-body">{props.children}</div>
      <div className="tw-modal-footer">{props.footer}</div>
    </dialog>
  );
}
