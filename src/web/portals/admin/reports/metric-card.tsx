// One KPI: its value, and the change against the previous period as an arrow coloured by whether
// the change is good news (the arrow and the words say it too, not only the colour).
import { useT } from '../../../i18n/i18n';
import { formatMetric, type MetricDefinition, type MetricFormat, trendTone } from './metrics';

export function MetricCard(props: {
  definition: MetricDefinition;
  value: number | null;
  change: number | null | undefined;
  format: MetricFormat;
}) {
  const t = useT();
  const { definition, change } = props;
  const tone = change === null || change === undefined ? null : trendTone(change, definition.higherIsBetter);
  const arrow = change === null || change === undefined ? '' : change > 0 ? '▲' : change < 0 ? '▼' : '■';
  return (
    <div className="metric-card" data-metric={definition.key}>
      <dt>{t(`reports.metric.${definition.key}`)}</dt>
      <dd className="metric-value">{formatMetric(props.format, definition.kind, props.value)}</dd>
      <dd className={`metric-trend metric-trend-${tone ?? 'none'}`}>
        {change === null || change === undefined ? (
          t('reports.trend.none')
        ) : (
          <>
            <span aria-hidden="true">{arrow} </span>
            {t('reports.trend.change', { change: props.format.change(change) })}
          </>
        )}
      </dd>
    </div>
  );
}
