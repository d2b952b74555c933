// The team API's refusals in the reader's language: a name another team has, a technician already
// in another team; anything else as the people pages say it (the server's own message).
import { ApiError } from '../../../api/client';
import { useT } from '../../../i18n/i18n';
import { ErrorAlert, usePeopleErrorMessage } from '../technicians/people-kit';

export function useTeamErrorMessage(): (error: unknown) => string {
  const t = useT();
  const fallback = usePeopleErrorMessage();
  return (error) => {
    if (error instanceof ApiError && error.code === 'conflict') {
      if (Array.isArray(error.details.technicianIds)) return t('teams.errors.inOtherTeam');
      if (typeof error.details.teamId === 'string') return t('teams.errors.nameTaken');
      return t('teams.errors.changedMeanwhile');
    }
    if (error instanceof ApiError && error.code === 'not_found') return t('teams.errors.notFound');
    return fallback(error);
  };
}

export function TeamErrorAlert({ error }: { error: unknown }) {
  const messageOf = useTeamErrorMessage();
  return <ErrorAlert error={error} messageOf={messageOf} />;
}
