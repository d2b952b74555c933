// A list's filters and page kept in the URL's query string, so a reload, Back/Forward and a shared
// link show the same list; and the form that sets them.
import { type FormEvent, type ReactNode, useId } from 'react';
import { useSearchParams } from 'react-router';

export type UrlFilterValues<Name extends string> = Partial<Record<Name, string>>;

export interface UrlFilters<Name extends string> {
  names: readonly Name[];
  /** The filters in the URL, its page included (lists send them to the server as they are). */
  filters: UrlFilterValues<Name | 'page'>;
  page: number;
  hasFilters: boolean;
  /** Other filters, from the first page. */
  apply(next: UrlFilterValues<Name>): void;
  goToPage(page: number): void;
}

export function useUrlFilters<Name extends string>(names: readonly Name[]): UrlFilters<Name> {
  const [params, setParams] = useSearchParams();
  const filters: UrlFilterValues<Name | 'page'> = {};
  for (const name of [...names, 'page' as const]) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return {
    names,
    filters,
    page: Math.max(1, Math.floor(Number(filters.page)) || 1),
    hasFilters: names.some((name) => filters[name]),
    apply: (next) => setParams(new URLSearchParams(next as Record<string, string>)),
    goToPage: (page) =>
      setParams(new URLSearchParams({ ...filters, page: String(page) } as Record<string, string>)),
  };
}

/**
 * The filter form: on submit its controls named after the filters give their trimmed values (empty
 * ones left out). Keyed by the URL's filters, so after Back/Forward or a reset the inputs show them
 * again. `children` gets an id prefix for its controls and the current filters.
 */
export function UrlFilterForm<Name extends string>(props: {
  url: UrlFilters<Name>;
  label: string;
  className?: string;
  children(idPrefix: string, filters: UrlFilterValues<Name>): ReactNode;
}) {
  const id = useId();
  const { url } = props;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: UrlFilterValues<Name> = {};
    for (const name of url.names) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next[name] = value;
    }
    url.apply(next);
  };
  return (
    <search aria-label={props.label}>
      <form key={JSON.stringify(url.filters)} className={props.className} onSubmit={onSubmit}>
        {props.children(id, url.filters)}
      </form>
    </search>
  );
}
