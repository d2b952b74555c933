// /admin/settings — System settings (seed 000 §1.2): SLA rules, SLA policies and business calendars,
// cities, device types, time slots and notification templates, one tab each; the tab is in the URL
// (?tab=cities) so a reload or a shared link opens the same one.
import { type KeyboardEvent, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../../../api/session';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { CitiesTab } from './cities-tab';
import { PoliciesTab } from './policies-tab';
import { SlaRulesTab } from './sla-rules-tab';
import { TemplatesTab } from './templates-tab';
import { DeviceTypesTab, TimeSlotsTab } from './vocabularies-tab';
import './settings.css';

const TABS = ['sla', 'policies', 'cities', 'devices', 'slots', 'templates'] as const;
type Tab = (typeof TABS)[number];

const TAB_LABELS: Record<Tab, MessageKey> = {
  sla: 'adminSettings.tabs.sla',
  policies: 'adminSettings.tabs.policies',
  cities: 'adminSettings.tabs.cities',
  devices: 'adminSettings.tabs.devices',
  slots: 'adminSettings.tabs.slots',
  templates: 'adminSettings.tabs.templates',
};

const isTab = (value: string | null): value is Tab => TABS.includes(value as Tab);

function TabPanel({ tab, canEdit }: { tab: Tab; canEdit: boolean }) {
  switch (tab) {
    case 'sla':
      return <SlaRulesTab canEdit={canEdit} />;
    case 'policies':
      return <PoliciesTab canEdit={canEdit} />;
    case 'cities':
      return <CitiesTab canEdit={canEdit} />;
    case 'devices':
      return <DeviceTypesTab canEdit={canEdit} />;
    case 'slots':
      return <TimeSlotsTab canEdit={canEdit} />;
    case 'templates':
      return <TemplatesTab canEdit={canEdit} />;
  }
}

export function SettingsPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const canEdit = session.status === 'signedIn' && session.user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active: Tab = isTab(requested) ? requested : 'sla';
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  const select = (tab: Tab, focus = false) => {
    setParams({ tab }, { replace: false });
    if (focus) tabRefs.current[tab]?.focus();
  };

  // Arrow keys move between tabs (mirrored in right-to-left), Home and End jump to the ends.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.indexOf(active);
    const forward = locale === 'ar' ? 'ArrowLeft' : 'ArrowRight';
    const backward = locale === 'ar' ? 'ArrowRight' : 'ArrowLeft';
    const target =
      event.key === forward
        ? TABS[(index + 1) % TABS.length]
        : event.key === backward
          ? TABS[(index - 1 + TABS.length) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!target) return;
    event.preventDefault();
    select(target, true);
  };

  return (
    <Page titleKey="pages.adminSettings" className="st-page">
      {!canEdit && (
        <p className="alert alert-warning" role="note">
          {t('adminSettings.readOnly')}
        </p>
      )}
      <div className="st-tabs" role="tablist" aria-label={t('adminSettings.tabsLabel')} onKeyDown={onKeyDown}>
        {TABS.map((tab) => (
          <button
            key={tab}
            ref={(element) => {
              tabRefs.current[tab] = element;
            }}
            type="button"
            role="tab"
            id={`st-tab-${tab}`}
            aria-selected={tab === active}
            aria-controls={`st-panel-${tab}`}
            tabIndex={tab === active ? 0 : -1}
            className="st-tab"
            onClick={() => select(tab)}
          >
            {t(TAB_LABELS[tab])}
          </button>
        ))}
      </div>
      <section
        className="st-panel"
        role="tabpanel"
        id={`st-panel-${active}`}
        aria-labelledby={`st-tab-${active}`}
      >
        <TabPanel tab={active} canEdit={canEdit} />
      </section>
    </Page>
  );
}
