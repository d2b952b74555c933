// A page not built yet: its title (from the route's handle) and who is signed in.
import { useMatches } from 'react-router';
import { useSession } from '../api/session';
import { type MessageKey, useT } from '../i18n/i18n';
import { Page } from './page';

/** Route handle of a page: its title. */
export interface PageHandle {
  titleKey: MessageKey;
}

export function PlaceholderPage() {
  const t = useT();
  const session = useSession();
  const handle = useMatches().at(-1)?.handle as PageHandle | undefined;
  return (
    <Page titleKey={handle?.titleKey ?? 'placeholder.message'}>
      {session.status === 'signedIn' && (
        <p className="placeholder-user">{t('session.signedInAs', { name: session.user.name })}</p>
      )}
      <p className="placeholder-note">{t('placeholder.message')}</p>
    </Page>
  );
}
