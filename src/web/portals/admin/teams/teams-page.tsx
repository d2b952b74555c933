// /admin/teams — Teams (seed 000 §1.4, seed 002 "teams"): each team's names, supervisor, member
// count and state, paginated; an admin creates, renames, hands to another supervisor, deactivates or
// activates a team and sets its technicians. Only admins manage teams: the server refuses anyone
// else, and the page says so instead of asking it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../../../api/session';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState, QueryView } from '../../../ui/states';
import { ConfirmDialog, Pagination } from '../technicians/people-kit';
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

function ActivationDialog({ team, onDone }: { team: Team; onDone(message: string | null): void }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const messageOf = useTeamErrorMessage();
  const activating = !team.isActive;
  const name = teamName(team, locale);
  const change = useMutation({
    mutationFn: () => updateTeam(team.id, { isActive: activating }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: teamKeys.all });
      onDone(t(activating ? 'teams.activated' : 'teams.deactivated', { name }));
    },
  });
  return (
    <ConfirmDialog
      title={t(activating ? 'teams.activateTitle' : 'teams.deactivateTitle', { name })}
      message={t(activating ? 'teams.activateMessage' : 'teams.deactivateMessage')}
      confirmLabel={t(activating ? 'people.activate' : 'people.deactivate')}
      danger={!activating}
      pending={change.isPending}
      error={null}
      onConfirm={() => change.mutate()}
      onClose={() => onDone(null)}
      extra={
        change.error ? (
          <div className="alert alert-error" role="alert">
            {messageOf(change.error)}
          </div>
        ) : null
      }
    />
  );
}

function TeamsTable({ teams, onOpen }: { teams: Team[]; onOpen(dialog: Dialogs): void }) {
  const { t, locale } = useI18n();
  const otherName = (team: Team) => (locale === 'ar' ? team.nameEn : team.nameAr);
  return (
    <div className="people-table-wrap">
      <table className="people-table" aria-label={t('teams.listLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('teams.name')}</th>
            <th scope="col">{t('teams.supervisor')}</th>
            <th scope="col">{t('teams.membersColumn')}</th>
            <th scope="col">{t('teams.status')}</th>
            <th scope="col">{t('people.actions')}</th>
          </tr>
        </thead>
        <tbody>
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
                  <span data-testid="member-count">
                    {t('teams.memberCount', { count: team.members.length })}
                  </span>
                  {team.members.length > 0 && (
                    <span className="people-sub">
                      {team.members.map((member) => member.name).join(locale === 'ar' ? '، ' : ', ')}
                    </span>
                  )}
                </td>
                <td>
                  {team.isActive ? (
                    <span className="badge badge-success">{t('people.active')}</span>
                  ) : (
                    <span className="badge badge-danger">{t('teams.inactive')}</span>
                  )}
                </td>
                <td>
                  <div className="people-row-actions">
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={`${t('people.edit')} — ${name}`}
                      onClick={() => onOpen({ kind: 'edit', team })}
                    >
                      {t('people.edit')}
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={`${t('teams.members.button')} — ${name}`}
                      onClick={() => onOpen({ kind: 'members', team })}
                    >
                      {t('teams.members.button')}
                    </button>
                    <button
                      type="button"
                      className="button button-ghost"
                      aria-label={`${team.isActive ? t('people.deactivate') : t('people.activate')} — ${name}`}
                      onClick={() => onOpen({ kind: 'activation', team })}
                    >
                      {team.isActive ? t('people.deactivate') : t('people.activate')}
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function TeamsPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const isAdmin = session.status === 'signedIn' && session.user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = useTeams(page, isAdmin);
  const [dialog, setDialog] = useState<Dialogs | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
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
      <div className="people-toolbar">
        <p className="people-count" aria-live="polite">
          {query.data ? t('teams.count', { count: query.data.total }) : ''}
        </p>
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
          {t('teams.add')}
        </button>
      </div>
      {notice && (
        <p className="alert alert-success people-notice" role="status">
          {notice}
        </p>
      )}
      <QueryView
        query={query}
        isEmpty={(data) => data.teams.length === 0}
        empty={<EmptyState title={t('teams.empty')}>{t('teams.emptyHint')}</EmptyState>}
      >
        {(data) => (
          <>
            <TeamsTable teams={data.teams} onOpen={setDialog} />
            <Pagination
              page={page}
              limit={PAGE_SIZE}
              total={data.total}
              onPage={(next) => setParams(new URLSearchParams({ page: String(next) }))}
            />
          </>
        )}
      </QueryView>
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
          team={dialog.team}
          onDone={(message) => {
            if (message) setNotice(message);
            close();
          }}
        />
      )}
    </Page>
  );
}
