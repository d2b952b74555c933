// A paginated table of escalations (SLA breaches or pending ones), each linking to its ticket.
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { Pager, type PagerMessages } from '../../../ui/pager';
import { EmptyState, QueryView } from '../../../ui/states';
import { ESCALATION_PAGE_SIZE, type EscalationPage } from './api';
import { ScrollTable } from './scroll-table';

const REPORT_PAGER: PagerMessages = {
  label: 'reports.pager.label',
  previous: 'reports.pager.previous',
  next: 'reports.pager.next',
  position: 'reports.pager.page',
};

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  error: unknown;
  data: EscalationPage | undefined;
  refetch(): unknown;
}

export function EscalationTable(props: {
  id: string;
  title: string;
  emptyText: string;
  query: QueryLike;
  page: number;
  onPage: (page: number) => void;
}) {
  const t = useT();
  const format = useFormat();
  const headingId = `${props.id}-title`;
  return (
    <section className="report-section" aria-labelledby={headingId} data-table={props.id}>
      <h2 id={headingId} className="report-heading">
        {props.title}
        {props.query.data && <span className="count-badge">{format.number(props.query.data.total)}</span>}
      </h2>
      <QueryView
        query={props.query}
        isEmpty={(data) => data.total === 0}
        empty={<EmptyState title={props.emptyText} />}
      >
        {(data) => (
          <>
            <ScrollTable label={props.title} busy={props.query.isFetching}>
              <table className="report-table">
                <caption className="visually-hidden">{props.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.column.ticket')}</th>
                    <th scope="col">{t('reports.column.rule')}</th>
                    <th scope="col">{t('reports.column.level')}</th>
                    <th scope="col">{t('reports.column.reason')}</th>
                    <th scope="col">{t('reports.column.raisedAt')}</th>
                    <th scope="col">{t('reports.column.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.escalations.map((row) => (
                    <tr key={row.id}>
                      <th scope="row">
                        <Link to={`/admin/tickets/${row.ticketId}`} dir="ltr">
                          {row.ticketNumber}
                        </Link>
                      </th>
                      <td>{t(`reports.escalationType.${row.type}`)}</td>
                      <td dir="ltr">{row.level}</td>
                      <td>{row.reason}</td>
                      <td>{format.dateTime(row.createdAt)}</td>
                      <td>
                        {row.isResolved ? t('reports.escalation.resolved') : t('reports.escalation.open')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
            <Pager
              page={props.page}
              pageSize={ESCALATION_PAGE_SIZE}
              total={data.total}
              messages={REPORT_PAGER}
              vars={{ title: props.title }}
              onPage={props.onPage}
            />
          </>
        )}
      </QueryView>
    </section>
  );
}
