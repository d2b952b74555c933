// /admin/teams — Teams (seed 000 §1.4, seed 002 "teams"): each team's names, supervisor, member
// count and state, paginated; an admin creates, renames, hands to another supervisor, deactivates or
// activates a team and sets its technicians. Only admins manage teams: the server refuses anyone
// else, and the page says so instead of asking it.
import { useState } from 'react';
import { useSession } from '../../../api/session';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { useUrlFilters } from '../../../ui/url-filters';
import {
  ActivationAction,
  ActivationDialog,
  ActiveBadge,
  PeopleList,
  PeopleTable,
  RowAction,
} from '../technicians/people-kit';
import { PAGE_SIZE, type Team, teamKeys, teamName, updateTeam, useTeams } from './api';
import { MembersDialog } from './members-dialog';
import { useTeamErrorMessage } from './team-errors';
import { TeamFormDialog } from './team-form';
import './teams.css';

type Dialogs =
  | { kind: 'create' }
  | { kind: 'edit'; team: Team }
  | { kind: 'members'; team: Team }
  | { kind: 'activation'; team: Team };

function TeamsTable({ teams, onOpen }: { teams: Team[]; onOpen(dialog: Dialogs): void }) {
  const { t, locale } = useI18n();
  const otherName = (team: Team) => (locale === 'ar' ? team.nameEn : team.nameAr);
  return (
    <PeopleTable
      label={t('teams.listLabel')}
      columns={[
        t('teams.name'),
        t('teams.supervisor'),
        t('teams.membersColumn'),
        t('teams.status'),
        t('people.actions'),
      ]}
    >
      {teams.map((team) => {
        const name = teamName(team, locale);
        return (
          <tr key={team.id} data-inactive={!team.isActive}>
            <th scope="row">
              {name}
              <span className="people-sub" lang={locale === 'ar' ? 'en' : 'ar'}>
                {otherName(team)}
              </span>
            </th>
            <td>{team.supervisor.name}</td>
            <td>
              <span data-testid="member-count">{t('teams.memberCount', { count: team.members.length })}</span>
              {team.members.length > 0 && (
                <span className="people-sub">
                  {team.members.map((member) => member.name).join(locale === 'ar' ? '، ' : ', ')}
                </span>
              )}
            </td>
            <td>
              <ActiveBadge active={team.isActive} inactiveLabel={t('teams.inactive')} />
            </td>
            <td>
              <div className="people-row-actions">
                <RowAction
                  secondary
                  label={t('people.edit')}
                  subject={name}
                  onClick={() => onOpen({ kind: 'edit', team })}
                />
                <RowAction
                  secondary
                  label={t('teams.members.button')}
                  subject={name}
                  onClick={() => onOpen({ kind: 'members', team })}
                />
                <ActivationAction
                  active={team.isActive}
                  subject={name}
                  onClick={() => onOpen({ kind: 'activation', team })}
                />
              </div>
            </td>
          </tr>
        );
      })}
    </PeopleTable>
  );
}

export function TeamsPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const isAdmin = session.status === 'signedIn' && session.user.role === 'admin';
  const url = useUrlFilters([]);
  const query = useTeams(url.page, isAdmin);
  const [dialog, setDialog] = useState<Dialogs | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const messageOf = useTeamErrorMessage();
  const close = () => setDialog(null);
  const done = (message: string) => {
    setNotice(message);
    close();
  };

  if (!isAdmin) {
    return (
      <Page titleKey="pages.adminTeams" className="page-narrow">
        <p className="alert alert-warning">{t('teams.adminsOnly')}</p>
      </Page>
    );
  }

  return (
    <Page titleKey="pages.adminTeams">
      <PeopleList
        query={query}
        url={url}
        pageSize={PAGE_SIZE}
        countKey="teams.count"
        add={{ label: t('teams.add'), onClick: () => setDialog({ kind: 'create' }) }}
        notice={notice}
        isEmpty={(data) => data.teams.length === 0}
        empty={t('teams.empty')}
        emptyHint={t('teams.emptyHint')}
      >
        {(data) => <TeamsTable teams={data.teams} onOpen={setDialog} />}
      </PeopleList>
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <TeamFormDialog
          team={dialog.kind === 'edit' ? dialog.team : null}
          onClose={close}
          onSaved={(team) =>
            done(
              dialog.kind === 'edit'
                ? t('teams.saved')
                : t('teams.created', { name: teamName(team, locale) }),
            )
          }
        />
      )}
      {dialog?.kind === 'members' && (
        <MembersDialog team={dialog.team} onClose={close} onSaved={() => done(t('teams.membersSaved'))} />
      )}
      {dialog?.kind === 'activation' && (
        <ActivationDialog
          texts="teams"
          name={teamName(dialog.team, locale)}
          activating={!dialog.team.isActive}
          setActive={(active) => updateTeam(dialog.team.id, { isActive: active })}
          invalidates={teamKeys.all}
          errorMessage={messageOf}
          onDone={(message) => {
            if (message) setNotice(message);
            close();
          }}
        />
      )}
    </Page>
  );
}
