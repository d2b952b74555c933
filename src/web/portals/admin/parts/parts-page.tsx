// /admin/parts-requests — the spare-parts queue (seed 000 §6.4): requests by status, paged, and the
// steps approve → ordered → received. Receiving the last part of a ticket waiting for parts moves it
// back to repairing on the server, which also tells the technician; the card shows the new status.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { Pager } from '../../../ui/pager';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../ui/states';
import { StatusBadge } from '../../customer/track/ticket-parts';
import { DESK_PAGER } from '../ticket-details/admin-ui';
import '../ticket-details/admin-details.css';
import {
  advancePartsRequest,
  NEXT_STEPS,
  PARTS_PAGE_SIZE,
  PARTS_STATUS_OPTIONS,
  type PartsRequest,
  type PartsRequestStatus,
  type PartsStep,
  usePartsRequests,
  useRefreshPartsRequests,
} from './api';

function StatusFilter({ current }: { current: PartsRequestStatus | undefined }) {
  const { t } = useI18n();
  const options: Array<PartsRequestStatus | undefined> = [undefined, ...PARTS_STATUS_OPTIONS];
  return (
    <nav className="ad-chips" aria-label={t('adminDesk.parts.filter')}>
      {options.map((status) => (
        <Link
          key={status ?? 'all'}
          to={{ search: status ? `?status=${status}` : '' }}
          className={status === current ? 'button button-primary' : 'button button-secondary'}
          aria-current={status === current ? 'true' : undefined}
        >
          {status ? t(`adminDesk.parts.statuses.${status}`) : t('adminDesk.all')}
        </Link>
      ))}
    </nav>
  );
}

function Stamps({ request }: { request: PartsRequest }) {
  const { t } = useI18n();
  const format = useFormat();
  const stamps = [
    ['approvedAt', request.approvedAt],
    ['orderedAt', request.orderedAt],
    ['receivedAt', request.receivedAt],
  ] as const;
  return (
    <p className="field-hint">
      {t('adminDesk.parts.requested', {
        name: request.requestedByName,
        date: format.dateTime(request.requestedAt),
      })}
      {stamps.map(([name, value]) =>
        value ? ` · ${t(`adminDesk.parts.${name}`, { date: format.dateTime(value) })}` : '',
      )}
    </p>
  );
}

function PartsCard({ request, onDone }: { request: PartsRequest; onDone(message: string): void }) {
  const { t } = useI18n();
  const messageOf = useErrorMessage();
  const refresh = useRefreshPartsRequests();
  const step = useMutation({
    mutationFn: (next: PartsStep) => advancePartsRequest(request.id, next),
    onSuccess: async ({ request: updated }) => {
      await refresh(updated.ticketId);
      onDone(
        t('adminDesk.parts.done', {
          part: updated.partName,
          status: t(`adminDesk.parts.statuses.${updated.status}`),
          number: updated.ticketNumber,
          ticketStatus: t(`ticketStatus.label.${updated.ticketStatus}`),
        }),
      );
    },
  });
  const headingId = `part-${request.id}`;
  return (
    <li className="card ad-part" aria-labelledby={headingId}>
      <div className="ad-row">
        <h2 id={headingId} className="ad-card-title">
          <bdi dir="auto">{request.partName}</bdi> × {request.quantity}
        </h2>
        <span className={`ad-pill ad-parts-${request.status}`}>
          {t(`adminDesk.parts.statuses.${request.status}`)}
        </span>
      </div>
      <p className="ad-row">
        <Link to={`/admin/tickets/${request.ticketId}`}>
          {t('adminDesk.escalations.ticketLink', { number: request.ticketNumber })}
        </Link>
        <StatusBadge status={request.ticketStatus} />
      </p>
      {request.notes && (
        <p>
          <bdi dir="auto">{request.notes}</bdi>
        </p>
      )}
      <Stamps request={request} />
      {step.isError && (
        <div className="alert alert-error" role="alert">
          {messageOf(step.error)}
        </div>
      )}
      {NEXT_STEPS[request.status].length > 0 && (
        <div className="form-actions">
          {NEXT_STEPS[request.status].map((next) => (
            <button
              key={next}
              type="button"
              className={next === 'received' ? 'button button-success' : 'button button-primary'}
              disabled={step.isPending}
              onClick={() => step.mutate(next)}
            >
              {t(`adminDesk.parts.steps.${next}`)}
              <span className="visually-hidden"> — {request.partName}</span>
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

export function PartsRequestsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get('status');
  const status = PARTS_STATUS_OPTIONS.find((option) => option === rawStatus);
  const rawPage = Number.parseInt(params.get('page') ?? '1', 10);
  const page = Number.isFinite(rawPage) && rawPage > 0 ? rawPage : 1;
  const query = usePartsRequests({ status, page });
  const [message, setMessage] = useState('');
  const goToPage = (next: number) =>
    setParams((current) => {
      const updated = new URLSearchParams(current);
      updated.set('page', String(next));
      return updated;
    });
  return (
    <Page titleKey="adminDesk.parts.title">
      <StatusFilter current={status} />
      <p className="status-text" role="status">
        {message}
      </p>
      {query.data ? (
        <>
          <p className="ad-count">{t('adminDesk.parts.count', { count: query.data.total })}</p>
          {query.data.requests.length === 0 ? (
            <EmptyState title={t('adminDesk.parts.empty')} />
          ) : (
            <ul className="ad-cards" aria-busy={query.isFetching}>
              {query.data.requests.map((request) => (
                <PartsCard key={request.id} request={request} onDone={setMessage} />
              ))}
            </ul>
          )}
          <Pager
            page={page}
            total={query.data.total}
            pageSize={PARTS_PAGE_SIZE}
            messages={DESK_PAGER}
            onPage={goToPage}
          />
        </>
      ) : query.isPending ? (
        <Loading />
      ) : (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      )}
    </Page>
  );
}
