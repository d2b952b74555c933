// /admin/technicians — Technicians management (seed 000 §1.2): availability, cities, specialties,
// last position and open load, filtered by city, availability, account state and search (all kept
// in the URL), paginated. Admins add technicians here; everyone with access opens their details.

import { useState } from 'react';
import { Link } from 'react-router';
import { useCityName } from '../../../api/customer';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { type UrlFilters, useUrlFilters } from '../../../ui/url-filters';
import { PAGE_SIZE, type Technician, useTechnicians } from './api';
import {
  ActiveFilter,
  PeopleFilters,
  PeopleList,
  PeopleTable,
  TemporaryPasswordDialog,
  useCities,
  useDeviceTypeName,
} from './people-kit';
import { TechnicianFormDialog } from './technician-form';

const FILTER_NAMES = ['search', 'city', 'isAvailable', 'isActive'] as const;
type FilterName = (typeof FILTER_NAMES)[number];

function Filters({ url }: { url: UrlFilters<FilterName> }) {
  const { t, locale } = useI18n();
  const cities = useCities();
  return (
    <PeopleFilters url={url} searchPlaceholder={t('people.technicians.searchPlaceholder')}>
      {(id, filters) => (
        <>
          <div className="field">
            <label htmlFor={`${id}-city`}>{t('people.technicians.city')}</label>
            <select id={`${id}-city`} name="city" defaultValue={filters.city ?? ''}>
              <option value="">{t('people.technicians.anyCity')}</option>
              {(cities.data ?? []).map((city) => (
                <option key={city.code} value={city.code}>
                  {locale === 'ar' ? city.nameAr : city.nameEn}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-available`}>{t('people.technicians.availability')}</label>
            <select id={`${id}-available`} name="isAvailable" defaultValue={filters.isAvailable ?? ''}>
              <option value="">{t('people.all')}</option>
              <option value="true">{t('people.available')}</option>
              <option value="false">{t('people.unavailable')}</option>
            </select>
          </div>
          <ActiveFilter
            id={`${id}-active`}
            label={t('people.technicians.accountStatus')}
            value={filters.isActive}
          />
        </>
      )}
    </PeopleFilters>
  );
}

function Position({ technician }: { technician: Technician }) {
  const { t } = useI18n();
  const format = useFormat();
  if (!technician.lastLocationAt) return <span className="people-sub">{t('people.never')}</span>;
  return (
    <>
      <time dateTime={technician.lastLocationAt}>{format.dateTime(technician.lastLocationAt)}</time>
      <Link className="people-sub" to="/admin/tickets?view=map">
        {t('people.technicians.positionOpen')}
      </Link>
    </>
  );
}

export function TechnicianStateBadges({ technician }: { technician: Technician }) {
  const { t } = useI18n();
  if (!technician.isActive) return <span className="badge badge-danger">{t('people.inactive')}</span>;
  return technician.isAvailable ? (
    <span className="badge badge-success">{t('people.available')}</span>
  ) : (
    <span className="badge badge-muted">{t('people.unavailable')}</span>
  );
}

function TechniciansTable({ technicians }: { technicians: Technician[] }) {
  const { t } = useI18n();
  const cityName = useCityName();
  const deviceTypeName = useDeviceTypeName();
  const format = useFormat();
  return (
    <PeopleTable
      label={t('people.technicians.listLabel')}
      columns={[
        t('people.name'),
        t('people.technicians.availability'),
        t('people.technicians.serviceAreas'),
        t('people.technicians.specialties'),
        t('people.technicians.position'),
        t('people.technicians.load'),
      ]}
    >
      {technicians.map((technician) => (
        <tr key={technician.id} data-inactive={!technician.isActive}>
          <th scope="row">
            <Link to={`/admin/technicians/${technician.id}`}>{technician.name}</Link>
            <span className="people-sub" dir="ltr">
              {technician.employeeId}
              {technician.phone ? ` · ${technician.phone}` : ''}
            </span>
          </th>
          <td>
            <TechnicianStateBadges technician={technician} />
          </td>
          <td>{technician.serviceAreas.map(cityName).join('، ')}</td>
          <td>
            <ul className="badge-list">
              {technician.specialties.map((type) => (
                <li key={type} className="badge">
                  {deviceTypeName(type)}
                </li>
              ))}
            </ul>
          </td>
          <td>
            <Position technician={technician} />
          </td>
          <td>{format.number(technician.openTickets)}</td>
        </tr>
      ))}
    </PeopleTable>
  );
}

export function TechniciansPage() {
  const { t } = useI18n();
  const session = useSession();
  const isAdmin = session.status === 'signedIn' && session.user.role === 'admin';
  const url = useUrlFilters(FILTER_NAMES);
  const query = useTechnicians(url.filters);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; password: string | null } | null>(null);

  return (
    <Page titleKey="pages.adminTechnicians">
      <PeopleList
        query={query}
        url={url}
        pageSize={PAGE_SIZE}
        countKey="people.technicians.count"
        add={isAdmin ? { label: t('people.technicians.add'), onClick: () => setCreating(true) } : undefined}
        notice={created ? t('people.technicians.created', { name: created.name }) : null}
        filters={<Filters url={url} />}
        isEmpty={(data) => data.technicians.length === 0}
        empty={url.hasFilters ? t('people.technicians.empty') : t('people.technicians.emptyAll')}
      >
        {(data) => <TechniciansTable technicians={data.technicians} />}
      </PeopleList>
      {creating && (
        <TechnicianFormDialog
          technician={null}
          onClose={() => setCreating(false)}
          onSaved={({ technician, temporaryPassword }) => {
            setCreating(false);
            setCreated({ name: technician.name, password: temporaryPassword });
          }}
        />
      )}
      {created?.password && (
        <TemporaryPasswordDialog
          name={created.name}
          password={created.password}
          onClose={() => setCreated({ ...created, password: null })}
        />
      )}
    </Page>
  );
}
