// A wide table in a box that scrolls sideways on narrow screens; the box takes keyboard focus so
// the hidden columns can be reached without a mouse.
import type { ReactNode } from 'react';
import { useT } from '../../../i18n/i18n';

export function ScrollTable({
  label,
  busy,
  children,
}: {
  label: string;
  busy?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <section
      className="table-scroll"
      aria-label={t('reports.tableOf', { title: label })}
      aria-busy={busy}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1).
      tabIndex={0}
    >
      {children}
    </section>
  );
}
