// A page: its <h1> (focused after each navigation, see RootLayout) and the document title.
import { type ReactNode, useEffect } from 'react';
import { type MessageKey, useT } from '../i18n/i18n';

/** Route handle of a page: its title. */
export interface PageHandle {
  titleKey: MessageKey;
}

export function usePageTitle(title: string): void {
  const t = useT();
  const appName = t('app.name');
  useEffect(() => {
    document.title = `${title} — ${appName}`;
  }, [title, appName]);
}

export function Page({
  titleKey,
  title,
  children,
  className,
}: {
  titleKey?: MessageKey;
  title?: string;
  children?: ReactNode;
  className?: string;
}) {
  const t = useT();
  const heading = title ?? (titleKey ? t(titleKey) : '');
  usePageTitle(heading);
  return (
    <div className={className ? `page ${className}` : 'page'}>
      <h1 className="page-title" tabIndex={-1}>
        {heading}
      </h1>
      {children}
    </div>
  );
}
