// Entry of the web app: language, session, data cache and router.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createQueryClient } from './api/query-client';
import { restoreSession } from './api/session';
import { applyLocaleToDocument, I18nProvider, loadLocale, storedLocale } from './i18n/i18n';
import { createRouter } from './router';
import './ui/app.css';

const locale = storedLocale();
applyLocaleToDocument(locale);
restoreSession();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

function render() {
  createRoot(root as HTMLElement).render(
    <StrictMode>
      <I18nProvider>
        <QueryClientProvider client={createQueryClient()}>
          <RouterProvider router={createRouter()} />
        </QueryClientProvider>
      </I18nProvider>
    </StrictMode>,
  );
}

// Only the active language's texts are downloaded; the first render waits for them (one retry for
// a flaky network, then the page renders anyway rather than stay blank).
loadLocale(locale)
  .catch(() => loadLocale(locale))
  .catch(() => {})
  .finally(render);
