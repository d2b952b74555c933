// Loading, error and empty states: every data-driven view shows one of these or its content.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useT } from '../i18n/i18n';

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** The server's message when it sent one (in the user's language), a plain sentence otherwise. */
export function useErrorMessage(): (error: unknown) => string {
  const t = useT();
  return (error) => {
    if (error instanceof ApiError) return error.code === 'network' ? t('common.networkError') : error.message;
    return t('common.unexpectedError');
  };
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const messageOf = useErrorMessage();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{t('common.errorTitle')}</p>
      <p>{messageOf(error)}</p>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title?: string; children?: ReactNode }) {
  const t = useT();
  return (
    <div className="state state-empty">
      <p className="state-title">{title ?? t('common.emptyTitle')}</p>
      {children}
    </div>
  );
}

interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch(): unknown;
}

/** Renders a TanStack query: spinner, error with retry, the empty state, or the content. */
export function QueryView<T>(props: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <Loading />;
  if (query.isError || query.data === undefined) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (props.isEmpty?.(query.data)) return <>{props.empty ?? <EmptyState />}</>;
  return <>{props.children(query.data)}</>;
}
