// /technician and /technician/dashboard — seed 000 §4.7: the four KPI tiles for today or the week,
// today's tasks sorted by nearest (the phone's position), oldest or priority, each card with call,
// navigate and open, and the empty state.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../../api/session';
import { useFormat } from '../../../i18n/format';
import { type MessageKey, useI18n } from '../../../i18n/i18n';
import { Page } from '../../../ui/page';
import { EmptyState, Loading, QueryView } from '../../../ui/states';
import { DeviceLabel, StatusBadge, useVisitText } from '../../customer/track/ticket-parts';
import { currentPosition, distanceKm, googleMapsUrl, type Position } from '../api/location';
import { type Dashboard, type DashboardPeriod, type TaskSummary, useDashboard } from '../api/tasks';
import '../technician.css';

type Sort = 'nearest' | 'oldest' | 'priority';
type View = 'list' | 'map';

const TasksMap = lazy(() => import('./tasks-map'));

const PRIORITY_RANK: Record<TaskSummary['priority'], number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const UNDER_WAY = new Set<TaskSummary['status']>([
  'on_route',
  'arrived',
  'inspecting',
  'diagnosed',
  'repairing',
]);

export function sortTasks(tasks: readonly TaskSummary[], sort: Sort, here: Position | null): TaskSummary[] {
  const oldest = (a: TaskSummary, b: TaskSummary) => a.createdAt.localeCompare(b.createdAt);
  const sorted = [...tasks];
  if (sort === 'nearest' && here) {
    return sorted.sort((a, b) => distanceKm(here, a) - distanceKm(here, b) || oldest(a, b));
  }
  if (sort === 'priority') {
    return sorted.sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || oldest(a, b));
  }
  return sorted.sort(oldest);
}

const TILES: Array<{ key: MessageKey; tone: string; value(stats: Dashboard['stats']): number }> = [
  { key: 'techWork.dashboard.pending', tone: 'pending', value: (stats) => stats.assigned },
  {
    key: 'techWork.dashboard.inProgress',
    tone: 'progress',
    value: (stats) => stats.inProgress + stats.waitingParts,
  },
  { key: 'techWork.dashboard.completed', tone: 'done', value: (stats) => stats.completed },
  { key: 'techWork.dashboard.notFixed', tone: 'failed', value: (stats) => stats.notFixed },
];

function Kpis({ stats }: { stats: Dashboard['stats'] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <section aria-labelledby="tw-kpis">
      <h2 id="tw-kpis" className="visually-hidden">
        {t('techWork.dashboard.kpis')}
      </h2>
      <ul className="tw-kpis">
        {TILES.map((tile) => (
          <li key={tile.key} className={`tw-kpi tw-kpi-${tile.tone}`}>
            <span className="tw-kpi-value">{format.number(tile.value(stats))}</span>
            <span className="tw-kpi-label">{t(tile.key)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A task with call, navigate and open (the dashboard and My tasks). */
export function TaskCard({ task, here }: { task: TaskSummary; here: Position | null }) {
  const { t } = useI18n();
  const format = useFormat();
  const visit = useVisitText()(task.scheduledDate, task.scheduledTimeSlot);
  const distance = here ? distanceKm(here, task) : null;
  return (
    <li className="card tw-task-card">
      <div className="tw-task-card-head">
        <Link to={`/technician/tasks/${task.id}`} className="tw-task-card-number">
          <bdi dir="ltr">{task.ticketNumber}</bdi>
        </Link>
        <StatusBadge status={task.status} />
      </div>
      <p className="tw-task-card-name">{task.customerName}</p>
      <p>
        <DeviceLabel deviceType={task.deviceType} brand={task.brand} model={task.model} />
      </p>
      <p className="tw-task-card-address" title={task.customerAddress}>
        {task.customerAddress}
      </p>
      <p className="tw-task-card-badges">
        <span className="tw-time-badge">
          {UNDER_WAY.has(task.status) ? t('techWork.dashboard.now') : (visit ?? '—')}
        </span>
        <span className={`tw-priority tw-priority-${task.priority}`}>
          {t(`techWork.priority.${task.priority}`)}
        </span>
        {distance !== null && (
          <span className="tw-distance">
            {t('techWork.dashboard.distance', { km: format.number(Math.round(distance * 10) / 10) })}
          </span>
        )}
      </p>
      <div className="tw-task-card-actions">
        <a
          className="button button-secondary"
          href={`tel:${task.customerPhone}`}
          aria-label={t('techWork.dashboard.callName', { name: task.customerName })}
        >
          {t('techWork.dashboard.call')}
        </a>
        <a
          className="button button-secondary"
          href={googleMapsUrl(task)}
          target="_blank"
          rel="noreferrer"
          aria-label={t('techWork.dashboard.navigateTo', { name: task.customerName })}
        >
          {t('techWork.dashboard.navigate')}
        </a>
        <Link
          className="button button-primary"
          to={`/technician/tasks/${task.id}`}
          aria-label={t('techWork.dashboard.openTask', { number: task.ticketNumber })}
        >
          {t('techWork.dashboard.open')}
        </Link>
      </div>
    </li>
  );
}

function Segmented<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  onChange(value: T): void;
}) {
  return (
    <fieldset className="tw-segmented">
      <legend className="tw-segmented-legend">{props.legend}</legend>
      {props.options.map((option) => (
        <label
          key={option.value}
          className={props.value === option.value ? 'tw-segment tw-segment-on' : 'tw-segment'}
        >
          <input
            type="radio"
            name={props.name}
            value={option.value}
            checked={props.value === option.value}
            onChange={() => props.onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

function Tasks({ tasks }: { tasks: TaskSummary[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [view, setView] = useState<View>('list');
  const [sort, setSort] = useState<Sort>('oldest');
  const [here, setHere] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [failed, setFailed] = useState(false);
  const sorted = useMemo(() => sortTasks(tasks, sort, sort === 'nearest' ? here : null), [tasks, sort, here]);
  const choose = (next: Sort) => {
    setSort(next);
    setFailed(false);
    if (next !== 'nearest' || here) return;
    setLocating(true);
    currentPosition()
      .then(setHere)
      .catch(() => {
        setFailed(true);
        setSort('oldest');
      })
      .finally(() => setLocating(false));
  };
  return (
    <section aria-labelledby="tw-tasks" className="tw-tasks">
      <h2 id="tw-tasks" className="section-title">
        {t('techWork.dashboard.tasks')}
      </h2>
      {tasks.length === 0 ? (
        <EmptyState title={t('techWork.dashboard.empty')} />
      ) : (
        <>
          <Segmented<View>
            legend={t('techWork.dashboard.view')}
            name="tw-view"
            value={view}
            onChange={setView}
            options={[
              { value: 'list', label: t('techWork.dashboard.list') },
              { value: 'map', label: t('techWork.dashboard.map') },
            ]}
          />
          <Segmented<Sort>
            legend={t('techWork.dashboard.sort')}
            name="tw-sort"
            value={sort}
            onChange={choose}
            options={[
              { value: 'nearest', label: t('techWork.dashboard.nearest') },
              { value: 'oldest', label: t('techWork.dashboard.oldest') },
              { value: 'priority', label: t('techWork.dashboard.priority') },
            ]}
          />
          <p className="status-text" role="status">
            {locating
              ? t('techWork.dashboard.locating')
              : failed
                ? t('techWork.dashboard.nearestFailed')
                : ''}
          </p>
          {view === 'map' ? (
            <Suspense fallback={<Loading />}>
              <TasksMap
                tasks={sorted}
                here={here}
                onOpen={(task) => navigate(`/technician/tasks/${task.id}`)}
              />
            </Suspense>
          ) : (
            <ul className="tw-task-list" aria-label={t('techWork.dashboard.taskList')}>
              {sorted.map((task) => (
                <TaskCard key={task.id} task={task} here={here} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  const session = useSession();
  const [period, setPeriod] = useState<DashboardPeriod>('today');
  const query = useDashboard(period);
  return (
    <Page titleKey="pages.technicianDashboard" className="page-narrow tw-dashboard">
      {session.status === 'signedIn' && (
        <p className="tw-greeting">
          <span className="tw-avatar" aria-hidden="true">
            {session.user.name.trim().charAt(0)}
          </span>
          {t('techWork.dashboard.greeting', { name: session.user.name })}
        </p>
      )}
      <Segmented<DashboardPeriod>
        legend={t('techWork.dashboard.period')}
        name="tw-period"
        value={period}
        onChange={setPeriod}
        options={[
          { value: 'today', label: t('techWork.dashboard.today') },
          { value: 'week', label: t('techWork.dashboard.week') },
        ]}
      />
      <QueryView query={query}>
        {(data) => (
          <>
            <Kpis stats={data.stats} />
            <Tasks tasks={data.todayTasks} />
          </>
        )}
      </QueryView>
    </Page>
  );
}
