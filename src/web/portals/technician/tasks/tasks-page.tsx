// /technician/tasks — My tasks (seed 000 §1.3): every task assigned to the technician, open or
// finished, a page at a time from GET /technician/tasks. The filter, sort and page live in the URL,
// so a reload or the back button keeps them (and the service worker keeps the pages read).
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { visitWorkflow } from '../../../../domain/lifecycle';
import type { StatusCategory, TicketStatus } from '../../../../domain/lifecycle/types';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { Pager, type PagerMessages } from '../../../ui/pager';
import { EmptyState, ErrorState, Loading } from '../../../ui/states';
import { TASK_LIST_PAGE_SIZE, type TaskListSort, useTaskList } from '../api/tasks';
import { TaskCard } from '../dashboard/dashboard-page';
import '../technician.css';

const statusesIn = (categories: readonly StatusCategory[]): TicketStatus[] =>
  (Object.keys(visitWorkflow.statuses) as TicketStatus[]).filter((status) =>
    categories.includes(visitWorkflow.statuses[status].category),
  );

/** Open: anything still to be done (waiting for parts included); finished: completed or not fixed. */
const FILTERS = {
  active: statusesIn(['open', 'active', 'paused']),
  finished: statusesIn(['done']),
  all: [],
} as const satisfies Record<string, readonly TicketStatus[]>;
type Filter = keyof typeof FILTERS;
const FILTER_NAMES = Object.keys(FILTERS) as Filter[];

const SORTS: readonly TaskListSort[] = ['scheduled', 'priority', 'oldest'];

const isFilter = (value: string | null): value is Filter => FILTER_NAMES.includes(value as Filter);
const isSort = (value: string | null): value is TaskListSort => SORTS.includes(value as TaskListSort);

function useListParams() {
  const [params, setParams] = useSearchParams();
  const filterParam = params.get('status');
  const sortParam = params.get('sort');
  const filter: Filter = isFilter(filterParam) ? filterParam : 'active';
  const sort: TaskListSort = isSort(sortParam) ? sortParam : 'scheduled';
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  /** The URL for another filter, sort or page (defaults left out; a new filter or sort starts at page 1). */
  const hrefFor = (next: { filter?: Filter; sort?: TaskListSort; page?: number }) => {
    const target = new URLSearchParams();
    const nextFilter = next.filter ?? filter;
    const nextSort = next.sort ?? sort;
    if (nextFilter !== 'active') target.set('status', nextFilter);
    if (nextSort !== 'scheduled') target.set('sort', nextSort);
    if ((next.page ?? 1) > 1) target.set('page', String(next.page));
    const search = target.toString();
    return search ? `?${search}` : '';
  };
  return { filter, sort, page, hrefFor, setParams };
}

function FilterTabs({ filter, hrefFor }: { filter: Filter; hrefFor(next: { filter: Filter }): string }) {
  const { t } = useI18n();
  return (
    <nav className="tw-filter-tabs" aria-label={t('myTasks.filterLabel')}>
      {FILTER_NAMES.map((name) => (
        <Link
          key={name}
          to={`/technician/tasks${hrefFor({ filter: name })}`}
          className={name === filter ? 'button button-primary' : 'button button-secondary'}
          aria-current={name === filter ? 'page' : undefined}
        >
          {t(`myTasks.filter.${name}`)}
        </Link>
      ))}
    </nav>
  );
}

const TASKS_PAGER: PagerMessages = {
  label: 'myTasks.pagination',
  previous: 'myTasks.previous',
  next: 'myTasks.next',
  position: 'myTasks.pageOf',
};

function TaskList() {
  const { t } = useI18n();
  const id = useId();
  const { filter, sort, page, hrefFor, setParams } = useListParams();
  const query = useTaskList({ statuses: FILTERS[filter], sort, page });
  const data = query.data;
  return (
    <>
      <FilterTabs filter={filter} hrefFor={hrefFor} />
      <div className="field tw-sort-field">
        <label htmlFor={`${id}-sort`}>{t('myTasks.sortLabel')}</label>
        <select
          id={`${id}-sort`}
          value={sort}
          onChange={(event) => setParams(hrefFor({ sort: event.target.value as TaskListSort }))}
        >
          {SORTS.map((value) => (
            <option key={value} value={value}>
              {t(`myTasks.sort.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {!data && query.isPending && <Loading />}
      {!data && query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {data && data.total === 0 && <EmptyState title={t(`myTasks.empty.${filter}`)} />}
      {data && data.total > 0 && (
        <>
          <p className="field-hint" role="status">
            {t('myTasks.total', { count: data.total })}
          </p>
          {data.tasks.length === 0 ? (
            <EmptyState title={t('myTasks.emptyPage')}>
              <Link to={`/technician/tasks${hrefFor({})}`}>{t('myTasks.firstPage')}</Link>
            </EmptyState>
          ) : (
            <ul className="tw-task-list" aria-label={t('myTasks.listLabel')} aria-busy={query.isFetching}>
              {data.tasks.map((task) => (
                <TaskCard key={task.id} task={task} here={null} />
              ))}
            </ul>
          )}
          <Pager
            page={page}
            pageSize={TASK_LIST_PAGE_SIZE}
            total={data.total}
            messages={TASKS_PAGER}
            hrefFor={(target) => `/technician/tasks${hrefFor({ page: target })}`}
          />
        </>
      )}
    </>
  );
}

export function TasksPage() {
  return (
    <Page titleKey="pages.technicianTasks" className="page-narrow tw-tasks-page">
      <TaskList />
    </Page>
  );
}
