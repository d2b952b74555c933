// How the report pages show numbers: counts, minutes as days/hours/minutes, percents and ratings in
// the reader's language, and which way is better for each KPI of seed 000 §8.1.
import { useMemo } from 'react';
import { INTL_LOCALE, type Locale, useI18n } from '../../../i18n/i18n';

export const NO_VALUE = '—';

export function createMetricFormat(locale: Locale) {
  const tag = INTL_LOCALE[locale];
  const unit = (name: 'day' | 'hour' | 'minute') =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 0 });
  const days = unit('day');
  const hours = unit('hour');
  const minutes = unit('minute');
  const count = new Intl.NumberFormat(tag);
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const signedPercent = new Intl.NumberFormat(tag, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const rating = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 2 });

  /** 45 → "45 mins", 125 → "2 hrs 5 mins" ("2 س 5 د"), 1500 → "1 day 1 hr": the two largest units. */
  function duration(value: number | null): string {
    if (value === null) return NO_VALUE;
    const total = Math.round(value);
    if (total < 60) return minutes.format(total);
    const d = Math.floor(total / 1440);
    const h = Math.floor((total % 1440) / 60);
    const m = total % 60;
    if (d > 0) return h > 0 ? `${days.format(d)} ${hours.format(h)}` : days.format(d);
    return m > 0 ? `${hours.format(h)} ${minutes.format(m)}` : hours.format(h);
  }

  return {
    count: (value: number | null) => (value === null ? NO_VALUE : count.format(value)),
    duration,
    /** `value` in percent points (87.5 → "87.5%"). */
    percent: (value: number | null) => (value === null ? NO_VALUE : percent.format(value / 100)),
    change: (value: number) => signedPercent.format(value / 100),
    rating: (value: number | null) => (value === null ? NO_VALUE : rating.format(value)),
  };
}

export type MetricFormat = ReturnType<typeof createMetricFormat>;

export function useMetricFormat(): MetricFormat {
  const { locale } = useI18n();
  return useMemo(() => createMetricFormat(locale), [locale]);
}

export type MetricKind = 'count' | 'duration' | 'percent' | 'rating';

export interface MetricDefinition {
  key:
    | 'totalTickets'
    | 'avgAssignmentTime'
    | 'avgArrivalTime'
    | 'avgRepairTime'
    | 'avgCycleTime'
    | 'firstTimeFixRate'
    | 'slaCompliance'
    | 'avgCustomerRating'
    | 'cancellationRate'
    | 'notFixedRate'
    | 'avgPartsWaitTime';
  kind: MetricKind;
  /** Whether a rise is good news (more tickets is neither: null). */
  higherIsBetter: boolean | null;
}

export const KPI_CARDS: MetricDefinition[] = [
  { key: 'totalTickets', kind: 'count', higherIsBetter: null },
  { key: 'avgAssignmentTime', kind: 'duration', higherIsBetter: false },
  { key: 'avgArrivalTime', kind: 'duration', higherIsBetter: false },
  { key: 'avgRepairTime', kind: 'duration', higherIsBetter: false },
  { key: 'avgCycleTime', kind: 'duration', higherIsBetter: false },
  { key: 'firstTimeFixRate', kind: 'percent', higherIsBetter: true },
  { key: 'slaCompliance', kind: 'percent', higherIsBetter: true },
  { key: 'avgCustomerRating', kind: 'rating', higherIsBetter: true },
  { key: 'cancellationRate', kind: 'percent', higherIsBetter: false },
  { key: 'notFixedRate', kind: 'percent', higherIsBetter: false },
  { key: 'avgPartsWaitTime', kind: 'duration', higherIsBetter: false },
];

export function formatMetric(format: MetricFormat, kind: MetricKind, value: number | null): string {
  return format[kind](value);
}

export type TrendTone = 'good' | 'bad' | 'neutral';

export function trendTone(change: number, higherIsBetter: boolean | null): TrendTone {
  if (change === 0 || higherIsBetter === null) return 'neutral';
  return change > 0 === higherIsBetter ? 'good' : 'bad';
}
