// Create a team or edit one (names in Arabic and English, the supervisor) in a dialog. The names and
// the supervisor are checked here first; the server decides the rest (a name in use, a supervisor
// who is no longer active) and its refusal is shown in the dialog.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { LIMITS } from '../../../../domain/validations';
import { ApiError } from '../../../api/client';
import { useI18n } from '../../../i18n/i18n';
import { Field, type FieldProblems, fieldAria, TextField, useCheckedForm } from '../../../ui/field';
import { FormDialog } from '../technicians/people-kit';
import { createTeam, type Team, teamKeys, teamName, updateTeam, useSupervisors } from './api';
import { TeamErrorAlert } from './team-errors';

const NAME_MIN = 2;

interface Values {
  nameAr: string;
  nameEn: string;
  supervisorId: string;
}

/** The team's name in each language, in the form's order. */
const NAME_FIELDS = [
  { field: 'nameAr', lang: 'ar' },
  { field: 'nameEn', lang: 'en' },
] as const;

function validate(values: Values): FieldProblems<keyof Values> {
  const problems: FieldProblems<keyof Values> = {};
  for (const { field } of NAME_FIELDS) {
    const length = values[field].trim().length;
    if (length < NAME_MIN || length > LIMITS.nameMax) {
      problems[field] = { key: 'teams.errors.nameLength', vars: { min: NAME_MIN, max: LIMITS.nameMax } };
    }
  }
  if (!values.supervisorId) problems.supervisorId = { key: 'teams.errors.supervisorRequired' };
  return problems;
}

/** Only what changed, so an unchanged name is not checked again. */
function changesOf(team: Team, values: Values) {
  const next = { nameAr: values.nameAr.trim(), nameEn: values.nameEn.trim() };
  return {
    ...(next.nameAr !== team.nameAr ? { nameAr: next.nameAr } : {}),
    ...(next.nameEn !== team.nameEn ? { nameEn: next.nameEn } : {}),
    ...(values.supervisorId !== team.supervisor.id ? { supervisorId: values.supervisorId } : {}),
  };
}

/** Which field a validation refusal names (body.nameEn → nameEn). */
function serverField(error: unknown): keyof Values | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'conflict' && typeof error.details.teamId === 'string') return 'nameEn';
  const path = error.issues[0]?.path.replace(/^body\./, '');
  return path === 'nameAr' || path === 'nameEn' || path === 'supervisorId' ? path : null;
}

export function TeamFormDialog(props: { team: Team | null; onClose(): void; onSaved(team: Team): void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const supervisors = useSupervisors();
  const { team } = props;
  const { values, set, text, problemOf, check } = useCheckedForm<Values>(id, {
    nameAr: team?.nameAr ?? '',
    nameEn: team?.nameEn ?? '',
    supervisorId: team?.supervisor.id ?? '',
  });

  const save = useMutation({
    mutationFn: async (): Promise<Team> => {
      if (!team) {
        const body = {
          nameAr: values.nameAr.trim(),
          nameEn: values.nameEn.trim(),
          supervisorId: values.supervisorId,
        };
        return (await createTeam(body)).team;
      }
      const changes = changesOf(team, values);
      if (Object.keys(changes).length === 0) return team;
      return (await updateTeam(team.id, changes)).team;
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: teamKeys.all });
      props.onSaved(saved);
    },
  });

  const refused = serverField(save.error);
  const errorOf = (field: keyof Values): string | null =>
    problemOf(field) ?? (refused === field ? t('teams.errors.checkField') : null);

  // The current supervisor stays choosable in the edit form even if they no longer appear as active.
  const options = supervisors.data ?? [];
  const current = team && !options.some((user) => user.id === team.supervisor.id) ? team.supervisor : null;
  const noSupervisors = supervisors.isSuccess && options.length === 0 && !current;

  return (
    <FormDialog
      title={team ? t('teams.editTitle', { name: teamName(team, locale) }) : t('teams.addTitle')}
      onClose={props.onClose}
      onSubmit={() => check(validate(values), () => save.mutate())}
      pending={save.isPending}
    >
      <TeamErrorAlert error={save.error} />
      <div className="people-form-grid">
        {NAME_FIELDS.map(({ field, lang }) => (
          <TextField
            key={field}
            {...text(field)}
            label={t(`teams.${field}`)}
            error={errorOf(field)}
            dir={lang === 'ar' ? 'rtl' : 'ltr'}
            lang={lang}
            autoComplete="off"
          />
        ))}
      </div>
      <Field
        id={`${id}-supervisorId`}
        label={t('teams.supervisor')}
        hint={supervisors.isError ? t('teams.supervisorsFailed') : undefined}
        error={errorOf('supervisorId')}
      >
        <select
          id={`${id}-supervisorId`}
          name="supervisorId"
          value={values.supervisorId}
          onChange={(event) => set('supervisorId', event.target.value)}
          {...fieldAria(`${id}-supervisorId`, errorOf('supervisorId'), supervisors.isError)}
        >
          <option value="">
            {supervisors.isPending ? t('common.loading') : t('teams.chooseSupervisor')}
          </option>
          {current && <option value={current.id}>{current.name}</option>}
          {options.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </Field>
      {noSupervisors && (
        <p className="alert" role="status">
          {t('teams.noSupervisors')} <Link to="/admin/users?role=supervisor">{t('teams.manageUsers')}</Link>
        </p>
      )}
    </FormDialog>
  );
}
