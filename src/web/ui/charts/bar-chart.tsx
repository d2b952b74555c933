// Horizontal bars, one row per item: label, bar, value. Rows are HTML (they follow the reading
// direction by themselves); each bar is a small SVG scaled to the largest value.
import { type ChartDatum, ChartFrame, colorOf } from './chart-frame';

export function BarChart(props: {
  title: string;
  data: ChartDatum[];
  valueLabel: string;
  formatValue: (value: number) => string;
  /** The full length of a bar; defaults to the largest value. */
  max?: number;
}) {
  const max = Math.max(props.max ?? 0, ...props.data.map((datum) => datum.value), 1);
  return (
    <ChartFrame
      title={props.title}
      data={props.data}
      valueLabel={props.valueLabel}
      formatValue={props.formatValue}
    >
      <ul className="bar-chart">
        {props.data.map((datum, index) => (
          <li key={datum.key} className="bar-row" data-key={datum.key}>
            <span className="bar-label">{datum.label}</span>
            <svg
              className="bar-track"
              viewBox="0 0 100 10"
              preserveAspectRatio="none"
              aria-hidden="true"
              focusable="false"
            >
              <rect x="0" y="0" width="100" height="10" className="bar-background" />
              <rect
                x="0"
                y="0"
                width={Math.max(0, (datum.value / max) * 100)}
                height="10"
                fill={colorOf(datum, index)}
              />
            </svg>
            <span className="bar-value">{props.formatValue(datum.value)}</span>
          </li>
        ))}
      </ul>
    </ChartFrame>
  );
}
