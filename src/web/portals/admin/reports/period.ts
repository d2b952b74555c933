// The report period in the URL (?period=7d, or ?period=custom&from=…&to=…, and &groupBy=week):
// calendar days of the organisation's time zone, like the KPI API counts them.
export const PERIOD_PRESETS = ['today', '7d', '30d', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const GROUPINGS = ['day', 'week', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The KPI API's longest period, both ends included. */
export const MAX_PERIOD_DAYS = 366;
export const DEFAULT_PRESET: PeriodPreset = '30d';

export type PeriodProblem = 'missing' | 'order' | 'tooLong';

export interface ReportPeriod {
  preset: PeriodPreset;
  dateFrom: string;
  dateTo: string;
  groupBy: Grouping;
  /** Why a custom range cannot be reported (nothing is fetched then). */
  problem: PeriodProblem | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(value: string | null): value is string {
  if (!value || !DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The calendar day (YYYY-MM-DD) it is now in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export function daysInPeriod(dateFrom: string, dateTo: string): number {
  return (Date.parse(`${dateTo}T00:00:00Z`) - Date.parse(`${dateFrom}T00:00:00Z`)) / 86_400_000 + 1;
}

const PRESET_DAYS: Record<Exclude<PeriodPreset, 'custom'>, number> = { today: 1, '7d': 7, '30d': 30 };

export function periodFromParams(params: URLSearchParams, today: string): ReportPeriod {
  const asked = params.get('period');
  const preset = (PERIOD_PRESETS as readonly string[]).includes(asked ?? '')
    ? (asked as PeriodPreset)
    : DEFAULT_PRESET;
  const askedGrouping = params.get('groupBy');
  const groupBy = (GROUPINGS as readonly string[]).includes(askedGrouping ?? '')
    ? (askedGrouping as Grouping)
    : 'day';
  if (preset !== 'custom') {
    return {
      preset,
      dateFrom: addDays(today, 1 - PRESET_DAYS[preset]),
      dateTo: today,
      groupBy,
      problem: null,
    };
  }
  const from = params.get('from');
  const to = params.get('to');
  if (!isDate(from) || !isDate(to)) {
    return { preset, dateFrom: from ?? '', dateTo: to ?? '', groupBy, problem: 'missing' };
  }
  const days = daysInPeriod(from, to);
  const problem: PeriodProblem | null = days < 1 ? 'order' : days > MAX_PERIOD_DAYS ? 'tooLong' : null;
  return { preset, dateFrom: from, dateTo: to, groupBy, problem };
}

/** The search parameters that describe `period`, keeping the page's other parameters. */
export function periodParams(
  current: URLSearchParams,
  change: { preset?: PeriodPreset; dateFrom?: string; dateTo?: string; groupBy?: Grouping },
): URLSearchParams {
  const next = new URLSearchParams(current);
  if (change.preset) next.set('period', change.preset);
  const preset = next.get('period');
  if (preset === 'custom') {
    if (change.dateFrom !== undefined) next.set('from', change.dateFrom);
    if (change.dateTo !== undefined) next.set('to', change.dateTo);
  } else {
    next.delete('from');
    next.delete('to');
  }
  if (change.groupBy) next.set('groupBy', change.groupBy);
  return next;
}
