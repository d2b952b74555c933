// /admin/technicians — Technicians management (seed 000 §1.2): availability, cities, specialties,
// last position and open load, filtered by city, availability, account state and search (all kept
// in the URL), paginated. Admins add technicians here; everyone with access opens their details.
import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState, QueryView } from '../../../ui/states';
import { PAGE_SIZE, type Technician, type TechnicianFilters, useTechnicians } from './api';
import { Pagination, TemporaryPasswordDialog, useCities, useCityName, useDeviceTypeName } from './people-kit';
import { TechnicianFormDialog } from './technician-form';

const FILTER_NAMES = ['search', 'city', 'isAvailable', 'isActive'] as const;

function filtersOf(params: URLSearchParams): TechnicianFilters {
  const filters: TechnicianFilters = {};
  for (const name of [...FILTER_NAMES, 'page'] as const) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

function Filters({
  filters,
  onApply,
}: {
  filters: TechnicianFilters;
  onApply(next: TechnicianFilters): void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const cities = useCities();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: TechnicianFilters = {};
    for (const name of FILTER_NAMES) {
      const value = String(form.get(name) ?? '').trim();
      if (value) next[name] = value;
    }
    onApply(next);
  };
  // Keyed by the URL's filters so Back/Forward and "Clear" reset the inputs.
  return (
    <search aria-label={t('people.filters')}>
      <form key={JSON.stringify(filters)} className="people-filters" onSubmit={onSubmit}>
        <div className="field people-search">
          <label htmlFor={`${id}-search`}>{t('people.search')}</label>
          <input
            id={`${id}-search`}
            name="search"
            type="search"
            maxLength={100}
            defaultValue={filters.search ?? ''}
            placeholder={t('people.technicians.searchPlaceholder')}
          />
        </div>
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
        <div className="field">
          <label htmlFor={`${id}-active`}>{t('people.technicians.accountStatus')}</label>
          <select id={`${id}-active`} name="isActive" defaultValue={filters.isActive ?? ''}>
            <option value="">{t('people.all')}</option>
            <option value="true">{t('people.active')}</option>
            <option value="false">{t('people.inactive')}</option>
          </select>
        </div>
        <div className="people-filter-actions">
          <button type="submit" className="button button-primary">
            {t('people.applyFilters')}
          </button>
          <button type="button" className="button button-ghost" onClick={() => onApply({})}>
            {t('people.clearFilters')}
          </button>
        </div>
      </form>
    </search>
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
    <div className="people-table-wrap">
      <table className="people-table" aria-label={t('people.technicians.listLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('people.name')}</th>
            <th scope="col">{t('people.technicians.availability')}</th>
            <th scope="col">{t('people.technicians.serviceAreas')}</th>
            <th scope="col">{t('people.technicians.specialties')}</th>
            <th scope="col">{t('people.technicians.position')}</th>
            <th scope="col">{t('people.technicians.load')}</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}

export function TechniciansPage() {
  const { t } = useI18n();
  const session = useSession();
  const isAdmin = session.status === 'signedIn' && session.user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const query = useTechnicians(filters);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; password: string | null } | null>(null);
  const page = Number(filters.page ?? 1);
  const hasFilters = FILTER_NAMES.some((name) => filters[name]);

  const apply = (next: TechnicianFilters) => setParams(new URLSearchParams(next as Record<string, string>));
  const goTo = (nextPage: number) => apply({ ...filters, page: String(nextPage) });

  return (
    <Page titleKey="pages.adminTechnicians">
      <div className="people-toolbar">
        <p className="people-count" aria-live="polite">
          {query.data ? t('people.technicians.count', { count: query.data.total }) : ''}
        </p>
        {isAdmin && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('people.technicians.add')}
          </button>
        )}
      </div>
      {created && (
        <p className="alert alert-success people-notice" role="status">
          {t('people.technicians.created', { name: created.name })}
        </p>
      )}
      <Filters filters={filters} onApply={apply} />
      <QueryView
        query={query}
        isEmpty={(data) => data.technicians.length === 0}
        empty={
          <EmptyState title={hasFilters ? t('people.technicians.empty') : t('people.technicians.emptyAll')} />
        }
      >
        {(data) => (
          <>
            <TechniciansTable technicians={data.technicians} />
            <Pagination page={page} limit={PAGE_SIZE} total={data.total} onPage={goTo} />
          </>
        )}
      </QueryView>
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
