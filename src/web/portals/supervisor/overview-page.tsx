// /supervisor — the team at a glance (members, availability, load, today's completions, open
// escalations); /supervisor/team — every member with their load.
import { Link } from 'react-router';
import { useFormat } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/page';
import { EmptyState, QueryView } from '../../ui/states';
import { type Overview, type TeamMember, useOverview } from './api';
import './supervisor.css';

function NoTeam() {
  const { t } = useI18n();
  return (
    <EmptyState title={t('supervisor.noTeam.title')}>
      <p>{t('supervisor.noTeam.message')}</p>
    </EmptyState>
  );
}

function TeamNames({ overview }: { overview: Overview }) {
  const { t, locale } = useI18n();
  const names = overview.teams.map((team) => (locale === 'ar' ? team.nameAr : team.nameEn));
  return (
    <p className="sv-teams">{t('supervisor.teams', { names: names.join(locale === 'ar' ? '، ' : ', ') })}</p>
  );
}

function SummaryCards({ overview }: { overview: Overview }) {
  const { t } = useI18n();
  const format = useFormat();
  const { summary } = overview;
  const cards = [
    { key: 'members', value: summary.members, to: '/supervisor/team' },
    { key: 'available', value: summary.available, to: '/supervisor/team' },
    { key: 'openTickets', value: summary.openTickets, to: '/supervisor/tickets' },
    { key: 'inProgress', value: summary.inProgress, to: '/supervisor/tickets' },
    { key: 'completedToday', value: summary.completedToday, to: '/supervisor/tickets?status=completed' },
    { key: 'activeEscalations', value: summary.activeEscalations, to: '/supervisor/escalations' },
  ] as const;
  return (
    <ul className="sv-cards">
      {cards.map((card) => (
        <li
          key={card.key}
          className="sv-card"
          data-alert={card.key === 'activeEscalations' && card.value > 0}
        >
          <Link to={card.to}>
            <span className="sv-card-value">{format.number(card.value)}</span>
            <span className="sv-card-label">{t(`supervisor.summary.${card.key}`)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function MembersTable({ members }: { members: TeamMember[] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <div className="sv-table-wrap">
      <table className="sv-table">
        <caption className="visually-hidden">{t('supervisor.members.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('supervisor.members.name')}</th>
            <th scope="col">{t('supervisor.members.availability')}</th>
            <th scope="col">{t('supervisor.members.open')}</th>
            <th scope="col">{t('supervisor.members.inProgress')}</th>
            <th scope="col">{t('supervisor.members.completedToday')}</th>
            <th scope="col">{t('supervisor.members.lastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const state = !member.isActive ? 'inactive' : member.isAvailable ? 'available' : 'busy';
            return (
              <tr key={member.technicianId}>
                <th scope="row">
                  <Link to={`/supervisor/tickets?technicianId=${member.technicianId}`}>{member.name}</Link>
                  {member.phone && (
                    <>
                      {' '}
                      <a className="sv-phone" href={`tel:${member.phone}`}>
                        <bdi dir="ltr">{member.phone}</bdi>
                      </a>
                    </>
                  )}
                </th>
                <td>
                  <span className="sv-badge" data-state={state}>
                    {t(`supervisor.members.state.${state}`)}
                  </span>
                </td>
                <td>{format.number(member.openTickets)}</td>
                <td>{format.number(member.inProgress)}</td>
                <td>{format.number(member.completedToday)}</td>
                <td>
                  {member.lastLocationAt ? format.dateTime(member.lastLocationAt) : t('supervisor.none')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function OverviewPage() {
  const { t } = useI18n();
  const query = useOverview();
  return (
    <Page titleKey="pages.supervisorDashboard">
      <QueryView query={query} isEmpty={(data) => data.teams.length === 0} empty={<NoTeam />}>
        {(overview) => (
          <>
            <TeamNames overview={overview} />
            <SummaryCards overview={overview} />
            <section aria-labelledby="sv-members-title">
              <h2 id="sv-members-title">{t('supervisor.members.title')}</h2>
              {overview.members.length === 0 ? (
                <EmptyState title={t('supervisor.members.empty')} />
              ) : (
                <MembersTable members={overview.members} />
              )}
            </section>
          </>
        )}
      </QueryView>
    </Page>
  );
}

export function TeamPage() {
  const { t } = useI18n();
  const query = useOverview();
  return (
    <Page titleKey="pages.supervisorTeam">
      <QueryView query={query} isEmpty={(data) => data.teams.length === 0} empty={<NoTeam />}>
        {(overview) => (
          <>
            <TeamNames overview={overview} />
            {overview.members.length === 0 ? (
              <EmptyState title={t('supervisor.members.empty')} />
            ) : (
              <MembersTable members={overview.members} />
            )}
          </>
        )}
      </QueryView>
    </Page>
  );
}
