// Pieces the tracking page and the signed-in customer's pages share: the status badge, the
// vertical status timeline with actor and time, and the summary card's rows (seed 000 §4.5).
import './customer.css';
import type { ReactNode } from 'react';
import { ROLES, type Role } from '../../../../domain/lifecycle/types';
import type { TimeSlot } from '../../../../domain/schedule/time-slots';
import type { DeviceType } from '../../../../domain/tickets';
import type { TicketStatus, TimelineEntry } from '../../../api/customer';
import { useCities } from '../../../api/customer';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { DEVICE_ICONS } from '../create/device-icons';

type Tone = 'open' | 'active' | 'done' | 'failed' | 'cancelled';

const TONE: Record<TicketStatus, Tone> = {
  new: 'open',
  assigned: 'active',
  scheduled: 'active',
  on_route: 'active',
  arrived: 'active',
  inspecting: 'active',
  diagnosed: 'active',
  repairing: 'active',
  waiting_parts: 'active',
  pickup_device: 'active',
  in_workshop: 'active',
  ready_delivery: 'active',
  completed: 'done',
  not_fixed: 'failed',
  cancelled: 'cancelled',
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return <span className={`status-badge status-${TONE[status]}`}>{t(`ticketStatus.label.${status}`)}</span>;
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** "بواسطة: النظام", "الفني: أحمد", … — who moved the ticket, as much as the viewer may know. */
export function useActorText(): (entry: Pick<TimelineEntry, 'actorName' | 'actorRole'>) => string {
  const { t } = useI18n();
  return ({ actorName, actorRole }) => {
    if (actorRole === 'system') return t('track.actorSystem');
    if (actorRole === 'technician') {
      return actorName ? t('track.actorTechnician', { name: actorName }) : t('track.actorTechnicianUnnamed');
    }
    if (actorRole === 'customer') return t('track.actorCustomer');
    const role = isRole(actorRole) ? t(`roles.${actorRole}`) : actorRole;
    return actorName ? t('track.actorNamed', { name: actorName, role }) : t('track.actorStaff', { role });
  };
}

export function StatusTimeline({ entries, headingId }: { entries: TimelineEntry[]; headingId: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const actorOf = useActorText();
  return (
    <section className="card ticket-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {t('track.timeline')}
      </h2>
      {entries.length === 0 ? (
        <p>{t('track.timelineEmpty')}</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry) => (
            <li key={entry.id} className={`timeline-item timeline-${TONE[entry.toStatus]}`}>
              <span className="timeline-dot" aria-hidden="true" />
              <div className="timeline-body">
                <div className="timeline-head">
                  <StatusBadge status={entry.toStatus} />
                  <time dateTime={entry.createdAt}>{format.dateTime(entry.createdAt)}</time>
                </div>
                <p className="timeline-text">{t(`ticketStatus.customer.${entry.toStatus}`)}</p>
                {entry.notes && <p className="timeline-notes">{entry.notes}</p>}
                <p className="timeline-actor">{actorOf(entry)}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** One "label: value" row of a summary card. */
export function InfoRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="info-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function DeviceLabel(props: { deviceType: DeviceType; brand: string; model: string | null }) {
  const format = useFormat();
  return (
    <span className="device-label">
      {DEVICE_ICONS[props.deviceType]}
      <span>
        {format.deviceType(props.deviceType)} — {props.brand}
        {props.model ? ` ${props.model}` : ''}
      </span>
    </span>
  );
}

/** The city's name in the reader's language (the API sends its code). */
export function useCityName(): (code: string) => string {
  const { locale } = useI18n();
  const cities = useCities();
  return (code) => {
    const city = cities.data?.find((item) => item.code === code);
    if (!city) return code;
    return locale === 'ar' ? city.nameAr : city.nameEn;
  };
}

/** "25 Nov 2026 — Morning (8 - 12)"; a date-only value is read at noon UTC so no zone moves its day. */
export function useVisitText(): (date: string | null, slot: TimeSlot | null) => string | null {
  const { t } = useI18n();
  const format = useFormat();
  return (date, slot) => {
    if (!date) return null;
    const day = format.date(`${date}T12:00:00Z`);
    return slot ? t('track.visitValue', { date: day, slot: format.timeSlot(slot) }) : day;
  };
}
