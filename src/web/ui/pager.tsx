// Pages of an offset-paginated list (page, page size, total): Previous, where the reader is, Next.
// Nothing when everything fits on one page. Either buttons that call onPage, or links (hrefFor) for
// lists whose page lives in the address; a link with nowhere to go is shown disabled.
import './pager.css';
import { Link } from 'react-router';
import { type MessageKey, type MessageVars, useT } from '../i18n/i18n';

/** The texts of one list's pager; `position` gets {{page}}, {{pages}}, {{from}}, {{to}} and {{total}}. */
export interface PagerMessages {
  label: MessageKey;
  previous: MessageKey;
  next: MessageKey;
  position: MessageKey;
}

export function Pager(
  props: {
    /** 1-based; past the last page counts as the last. */
    page: number;
    pageSize: number;
    total: number;
    messages: PagerMessages;
    /** More placeholders for the messages (a label naming its list). */
    vars?: MessageVars;
  } & ({ onPage(page: number): void; hrefFor?: never } | { hrefFor(page: number): string; onPage?: never }),
) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  const page = Math.min(Math.max(1, props.page), pages);
  const from = (page - 1) * props.pageSize + 1;
  const to = Math.min(props.total, page * props.pageSize);
  const text = (key: MessageKey) => t(key, { ...props.vars, page, pages, from, to, total: props.total });

  const step = (target: number, key: MessageKey, enabled: boolean) => {
    if (props.hrefFor) {
      return enabled ? (
        <Link className="button button-ghost" to={props.hrefFor(target)}>
          {text(key)}
        </Link>
      ) : (
        <span className="button button-ghost" aria-disabled="true">
          {text(key)}
        </span>
      );
    }
    const { onPage } = props;
    return (
      <button
        type="button"
        className="button button-ghost"
        disabled={!enabled}
        onClick={() => onPage(target)}
      >
        {text(key)}
      </button>
    );
  };

  return (
    <nav className="pager" aria-label={text(props.messages.label)}>
      {step(page - 1, props.messages.previous, page > 1)}
      <span aria-live="polite">{text(props.messages.position)}</span>
      {step(page + 1, props.messages.next, page < pages)}
    </nav>
  );
}
