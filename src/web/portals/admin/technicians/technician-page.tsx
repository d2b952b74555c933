// /admin/technicians/:id — a technician's profile, all-time statistics, the last 30 days from the KPI
// engine (seed 000 §8.2), recent tickets; admins edit, deactivate and activate here.

import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useCityName } from '../../../api/customer';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState, ErrorState, Loading, QueryView } from '../../../ui/states';
import {
  setTechnicianActive,
  type Technician,
  type TechnicianDetail,
  technicianKeys,
  useTechnician,
  useTechnicianKpi,
} from './api';
import { ActivationDialog, PeopleTable, useDeviceTypeName } from './people-kit';
import { TechnicianFormDialog } from './technician-form';
import { TechnicianStateBadges } from './technicians-page';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <li className="people-stat">
      <span className="people-stat-label">{label}</span>
      <span className="people-stat-value">{value}</span>
    </li>
  );
}

function Profile({ technician }: { technician: Technician }) {
  const { t } = useI18n();
  const format = useFormat();
  const cityName = useCityName();
  const deviceTypeName = useDeviceTypeName();
  return (
    <dl className="people-profile">
      <div>
        <dt>{t('people.technicians.employeeId')}</dt>
        <dd dir="ltr">{technician.employeeId}</dd>
      </div>
      <div>
        <dt>{t('people.phone')}</dt>
        <dd dir="ltr">
          {technician.phone ? <a href={`tel:${technician.phone}`}>{technician.phone}</a> : '—'}
        </dd>
      </div>
      <div>
        <dt>{t('people.email')}</dt>
        <dd dir="ltr">{technician.email ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('people.technicians.serviceAreas')}</dt>
        <dd>{technician.serviceAreas.map(cityName).join('، ')}</dd>
      </div>
      <div>
        <dt>{t('people.technicians.specialties')}</dt>
        <dd>{technician.specialties.map(deviceTypeName).join('، ')}</dd>
      </div>
      <div>
        <dt>{t('people.technicians.position')}</dt>
        <dd>
          {technician.lastLocationAt ? (
            <>
              <time dateTime={technician.lastLocationAt}>{format.dateTime(technician.lastLocationAt)}</time>{' '}
              <Link to="/admin/tickets?view=map">{t('people.technicians.positionOpen')}</Link>
            </>
          ) : (
            t('people.never')
          )}
        </dd>
      </div>
      <div>
        <dt>{t('people.technicians.load')}</dt>
        <dd>{format.number(technician.openTickets)}</dd>
      </div>
    </dl>
  );
}

function AllTimeStats({ stats }: { stats: TechnicianDetail['stats'] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <ul className="people-cards" aria-label={t('people.technician.stats')}>
      <Stat label={t('people.technician.totalTickets')} value={format.number(stats.totalTickets)} />
      <Stat label={t('people.technician.completed')} value={format.number(stats.completed)} />
      <Stat label={t('people.technician.notFixed')} value={format.number(stats.notFixed)} />
      <Stat label={t('people.technician.inProgress')} value={format.number(stats.inProgress)} />
      <Stat
        label={t('people.technician.avgRating')}
        value={stats.avgRating === null ? t('people.technician.noValue') : format.number(stats.avgRating)}
      />
    </ul>
  );
}

function RecentKpis({ id }: { id: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const query = useTechnicianKpi(id);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const kpi = query.data;
  if (!kpi) return <EmptyState title={t('people.technician.kpiNone')} />;
  const none = t('people.technician.noValue');
  const minutes = (value: number | null) =>
    value === null ? none : t('people.technician.minutes', { value: Math.round(value) });
  const percent = (value: number | null) =>
    value === null ? none : t('people.technician.percent', { value });
  return (
    <ul className="people-cards" aria-label={t('people.technician.kpiTitle')}>
      <Stat label={t('people.technician.totalTickets')} value={format.number(kpi.totalTickets)} />
      <Stat label={t('people.technician.completed')} value={format.number(kpi.completed)} />
      <Stat label={t('people.technician.avgArrivalTime')} value={minutes(kpi.avgArrivalTime)} />
      <Stat label={t('people.technician.avgRepairTime')} value={minutes(kpi.avgRepairTime)} />
      <Stat label={t('people.technician.firstTimeFixRate')} value={percent(kpi.firstTimeFixRate)} />
      <Stat label={t('people.technician.onTimeArrivalRate')} value={percent(kpi.onTimeArrivalRate)} />
      <Stat
        label={t('people.technician.avgRating')}
        value={kpi.avgCustomerRating === null ? none : format.number(kpi.avgCustomerRating)}
      />
      <Stat
        label={t('people.technician.distanceTraveledKm')}
        value={t('people.technician.km', { value: kpi.distanceTraveledKm })}
      />
    </ul>
  );
}

function RecentTickets({ tickets }: { tickets: TechnicianDetail['recentTickets'] }) {
  const { t } = useI18n();
  const format = useFormat();
  const cityName = useCityName();
  const deviceTypeName = useDeviceTypeName();
  if (tickets.length === 0) return <EmptyState title={t('people.technician.noTickets')} />;
  return (
    <PeopleTable
      label={t('people.technician.recentTickets')}
      columns={[
        t('people.technician.ticketNumber'),
        t('people.technician.ticketStatus'),
        t('people.technician.device'),
        t('people.technician.customerCity'),
        t('people.technician.createdAt'),
      ]}
    >
      {tickets.map((ticket) => (
        <tr key={ticket.id}>
          <th scope="row" dir="ltr">
            <Link to={`/admin/tickets/${ticket.id}`}>{ticket.ticketNumber}</Link>
          </th>
          <td>{t(`ticketStatus.label.${ticket.status}`)}</td>
          <td>
            {deviceTypeName(ticket.deviceType)} · {ticket.brand}
          </td>
          <td>{cityName(ticket.customerCity)}</td>
          <td>
            <time dateTime={ticket.createdAt}>{format.date(ticket.createdAt)}</time>
          </td>
        </tr>
      ))}
    </PeopleTable>
  );
}

function TechnicianView({ detail }: { detail: TechnicianDetail }) {
  const { t } = useI18n();
  const session = useSession();
  const isAdmin = session.status === 'signedIn' && session.user.role === 'admin';
  const [dialog, setDialog] = useState<'edit' | 'activation' | null>(null);
  const [saved, setSaved] = useState(false);
  const { technician } = detail;
  return (
    <Page title={technician.name}>
      <div className="people-detail-header">
        <p>
          <Link to="/admin/technicians">{t('people.technicians.backToList')}</Link>{' '}
          <TechnicianStateBadges technician={technician} />
        </p>
        {isAdmin && (
          <div className="people-row-actions">
            <button type="button" className="button button-secondary" onClick={() => setDialog('edit')}>
              {t('people.edit')}
            </button>
            <button
              type="button"
              className={technician.isActive ? 'button button-ghost' : 'button button-secondary'}
              onClick={() => setDialog('activation')}
            >
              {technician.isActive ? t('people.deactivate') : t('people.activate')}
            </button>
          </div>
        )}
      </div>
      {saved && (
        <p className="alert alert-success people-notice" role="status">
          {t('people.technicians.saved')}
        </p>
      )}
      <h2 className="people-section-title">{t('people.technician.profile')}</h2>
      <Profile technician={technician} />
      <h2 className="people-section-title">{t('people.technician.kpiTitle')}</h2>
      <RecentKpis id={technician.id} />
      <h2 className="people-section-title">{t('people.technician.stats')}</h2>
      <AllTimeStats stats={detail.stats} />
      <h2 className="people-section-title">{t('people.technician.recentTickets')}</h2>
      <RecentTickets tickets={detail.recentTickets} />
      {dialog === 'edit' && (
        <TechnicianFormDialog
          technician={technician}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            setSaved(true);
          }}
        />
      )}
      {dialog === 'activation' && (
        <ActivationDialog
          texts="people.technicians"
          name={technician.name}
          activating={!technician.isActive}
          setActive={(active) => setTechnicianActive(technician.id, active)}
          invalidates={technicianKeys.all}
          technicianId={technician.id}
          onDone={() => setDialog(null)}
        />
      )}
    </Page>
  );
}

export function TechnicianPage() {
  const { id = '' } = useParams();
  const query = useTechnician(id);
  if (!query.data) {
    return (
      <Page titleKey="people.technician.title">
        <QueryView query={query}>{() => null}</QueryView>
      </Page>
    );
  }
  return <TechnicianView detail={query.data} />;
}
