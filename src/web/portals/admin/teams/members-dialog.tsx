// Set a team's technicians. The picker lists active technicians (searchable, paginated); one who is
// in another team shows that team, and choosing them is a move the dialog spells out before saving.
// The server keeps a technician in one team only; once the dialog has shown the moves, saving asks the
// server to take them out of their old team in the same transaction.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { Pager } from '../../../ui/pager';
import { Loading } from '../../../ui/states';
import { FormDialog, PEOPLE_PAGER } from '../technicians/people-kit';
import {
  setTeamMembers,
  TECHNICIAN_PAGE_SIZE,
  type Team,
  teamKeys,
  teamName,
  useEveryTeam,
  useTechnicianOptions,
} from './api';
import { TeamErrorAlert, useTeamErrorMessage } from './team-errors';

interface Member {
  technicianId: string;
  name: string;
}

/** technicianId → the team they are in, for every team but `teamId`. */
function otherTeamsByTechnician(teams: Team[], teamId: string): Map<string, Team> {
  const byTechnician = new Map<string, Team>();
  for (const team of teams) {
    if (team.id === teamId) continue;
    for (const member of team.members) byTechnician.set(member.technicianId, team);
  }
  return byTechnician;
}

function TechnicianPicker(props: {
  otherTeams: Map<string, Team>;
  selected: Set<string>;
  onToggle(member: Member, checked: boolean): void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const query = useTechnicianOptions(search, page);
  const apply = () => {
    setSearch(draft.trim());
    setPage(1);
  };
  // The dialog is a form that saves: Enter in the search field searches instead.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    apply();
  };
  const technicians = query.data?.technicians ?? [];
  return (
    <fieldset className="people-checks teams-picker">
      <legend>{t('teams.members.pick')}</legend>
      <div className="teams-picker-search">
        <label htmlFor={`${id}-search`} className="visually-hidden">
          {t('teams.members.search')}
        </label>
        <input
          id={`${id}-search`}
          type="search"
          maxLength={100}
          placeholder={t('teams.members.search')}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button button-secondary" onClick={apply}>
          {t('people.search')}
        </button>
      </div>
      {query.isPending && <Loading />}
      {query.isError && <TeamErrorAlert error={query.error} />}
      {query.isSuccess && technicians.length === 0 && <p>{t('teams.members.noTechnicians')}</p>}
      {technicians.length > 0 && (
        <ul className="teams-picker-list">
          {technicians.map((technician) => {
            const other = props.otherTeams.get(technician.id);
            const checked = props.selected.has(technician.id);
            return (
              <li key={technician.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={(event) =>
                      props.onToggle(
                        { technicianId: technician.id, name: technician.name },
                        event.target.checked,
                      )
                    }
                  />
                  <span>{technician.name}</span>
                  {other && (
                    <span className={checked ? 'badge teams-badge-moving' : 'badge badge-muted'}>
                      {t(checked ? 'teams.members.movingFrom' : 'teams.members.inTeam', {
                        team: teamName(other, locale),
                      })}
                    </span>
                  )}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {query.data && (
        <Pager
          page={page}
          pageSize={TECHNICIAN_PAGE_SIZE}
          total={query.data.total}
          messages={PEOPLE_PAGER}
          onPage={setPage}
        />
      )}
    </fieldset>
  );
}

export function MembersDialog(props: { team: Team; onClose(): void; onSaved(team: Team): void }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const messageOf = useTeamErrorMessage();
  const { team } = props;
  const everyTeam = useEveryTeam();
  const [members, setMembers] = useState<Member[]>(team.members);
  const selected = useMemo(() => new Set(members.map((member) => member.technicianId)), [members]);
  const otherTeams = useMemo(
    () => otherTeamsByTechnician(everyTeam.data ?? [], team.id),
    [everyTeam.data, team.id],
  );
  const moves = members.flatMap((member) => {
    const from = otherTeams.get(member.technicianId);
    return from ? [{ member, from }] : [];
  });

  const toggle = (member: Member, checked: boolean) =>
    setMembers((old) =>
      checked
        ? [...old.filter((item) => item.technicianId !== member.technicianId), member]
        : old.filter((item) => item.technicianId !== member.technicianId),
    );

  const save = useMutation({
    mutationFn: async () =>
      (
        await setTeamMembers(
          team.id,
          members.map((member) => member.technicianId),
          moves.length > 0,
        )
      ).team,
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }),
    onSuccess: (saved) => props.onSaved(saved),
  });
  return (
    <FormDialog
      wide
      title={t('teams.members.title', { name: teamName(team, locale) })}
      onClose={props.onClose}
      onSubmit={() => save.mutate()}
      pending={save.isPending}
      submitDisabled={everyTeam.isPending}
      submitLabel={moves.length > 0 ? t('teams.members.saveAndMove', { count: moves.length }) : undefined}
    >
      {save.error ? (
        <div className="alert alert-error" role="alert">
          {messageOf(save.error)} {t('teams.members.reloaded')}
        </div>
      ) : null}
      {everyTeam.isError && <TeamErrorAlert error={everyTeam.error} />}
      <section aria-labelledby={`members-${team.id}`}>
        <h3 id={`members-${team.id}`} className="teams-subtitle">
          {t('teams.members.chosen', { count: members.length })}
        </h3>
        {members.length === 0 ? (
          <p>{t('teams.members.none')}</p>
        ) : (
          <ul className="teams-chosen">
            {members.map((member) => (
              <li key={member.technicianId}>
                <span>{member.name}</span>
                <button
                  type="button"
                  className="button button-ghost"
                  aria-label={t('teams.members.removeNamed', { name: member.name })}
                  onClick={() => toggle(member, false)}
                >
                  {t('teams.members.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {moves.length > 0 && (
        <div className="alert alert-warning teams-moves" role="status">
          <p>{t('teams.members.movesIntro')}</p>
          <ul>
            {moves.map(({ member, from }) => (
              <li key={member.technicianId}>
                {t('teams.members.move', { name: member.name, team: teamName(from, locale) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <TechnicianPicker otherTeams={otherTeams} selected={selected} onToggle={toggle} />
    </FormDialog>
  );
}
