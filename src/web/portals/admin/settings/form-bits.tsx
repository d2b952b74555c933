// Small pieces every settings form shares: the server's message for one field, and the saving state.
import { ApiError } from '../../../api/client';
import { useT } from '../../../i18n/i18n';
import { useErrorMessage } from '../../../ui/states';

/** The server's message for the field at `path` ("body.thresholdMinutes"), or for a path inside it. */
export function issueAt(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const issue = error.issues.find((item) => item.path === path || item.path.startsWith(`${path}.`));
  if (issue) return issue.message;
  return error.details.field === path.replace(/^body\./, '') ? error.message : undefined;
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}

/** "Saving…", "Saved" or the server's refusal (with every field issue it listed), announced politely. */
export function SaveStatus(props: { isPending: boolean; isSuccess: boolean; error: unknown }) {
  const t = useT();
  const messageOf = useErrorMessage();
  if (props.error) {
    const issues = props.error instanceof ApiError ? props.error.issues : [];
    return (
      <div className="alert alert-error st-status" role="alert">
        <p>{messageOf(props.error)}</p>
        {issues.length > 0 && (
          <ul>
            {issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <p className="st-status st-status-quiet" role="status">
      {props.isPending ? t('adminSettings.saving') : props.isSuccess ? t('adminSettings.saved') : ''}
    </p>
  );
}
