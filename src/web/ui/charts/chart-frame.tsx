// The frame every chart shares: a captioned figure whose picture is described for assistive
// technology by a sentence, with the same numbers in a table anyone can open.
import type { ReactNode } from 'react';
import { useId } from 'react';
import { INTL_LOCALE, useI18n } from '../../i18n/i18n';
import './charts.css';

export interface ChartDatum {
  key: string;
  label: string;
  value: number;
  /** A CSS colour; the chart picks one from its palette when missing. */
  color?: string;
}

/** Distinguishable on white and in greyscale order; each meets 3:1 against the background. */
export const CHART_PALETTE = [
  '#1d4ed8',
  '#c2410c',
  '#15803d',
  '#7e22ce',
  '#b91c1c',
  '#0e7490',
  '#a16207',
  '#be185d',
  '#4d7c0f',
  '#475569',
];

export const colorOf = (datum: ChartDatum, index: number): string =>
  datum.color ?? CHART_PALETTE[index % CHART_PALETTE.length] ?? '#1d4ed8';

export function ChartFrame(props: {
  title: string;
  data: ChartDatum[];
  valueLabel: string;
  formatValue: (value: number) => string;
  children: ReactNode;
  className?: string;
}) {
  const { t, locale } = useI18n();
  const titleId = useId();
  // The picture is read as one sentence holding its numbers ("New: 3, Assigned: 2").
  const description = new Intl.ListFormat(INTL_LOCALE[locale], { type: 'unit' }).format(
    props.data.map((datum) => `${datum.label}: ${props.formatValue(datum.value)}`),
  );
  return (
    <figure className={`chart ${props.className ?? ''}`.trim()} aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {props.title}
      </figcaption>
      <div role="img" aria-label={`${props.title}: ${description}`} className="chart-picture">
        {props.children}
      </div>
      <details className="chart-table-toggle">
        <summary>{t('charts.showTable')}</summary>
        <table className="chart-table">
          <caption className="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('charts.item')}</th>
              <th scope="col">{props.valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {props.data.map((datum) => (
              <tr key={datum.key}>
                <th scope="row">{datum.label}</th>
                <td>{props.formatValue(datum.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
