// A line over time (one point per day, week or month) with its area, dots and a few axis labels.
// Time runs with the reading direction: right to left in Arabic.
import { useI18n } from '../../i18n/i18n';
import { type ChartDatum, ChartFrame } from './chart-frame';

const WIDTH = 480;
const HEIGHT = 220;
const PAD = { top: 16, bottom: 30, side: 44 };
/** At most this many labels under the axis, so they never overlap. */
const MAX_LABELS = 5;

export function LineChart(props: {
  title: string;
  data: ChartDatum[];
  valueLabel: string;
  formatValue: (value: number) => string;
  color?: string;
}) {
  const { locale } = useI18n();
  const rtl = locale === 'ar';
  const max = Math.max(1, ...props.data.map((datum) => datum.value));
  const plotWidth = WIDTH - PAD.side * 2;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = props.data.length > 1 ? plotWidth / (props.data.length - 1) : 0;
  const xOf = (index: number) => {
    const offset = props.data.length > 1 ? index * step : plotWidth / 2;
    return rtl ? WIDTH - PAD.side - offset : PAD.side + offset;
  };
  const yOf = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const points = props.data.map((datum, index) => `${xOf(index)},${yOf(datum.value)}`).join(' ');
  const baseline = PAD.top + plotHeight;
  const area =
    props.data.length > 0 ? `${xOf(0)},${baseline} ${points} ${xOf(props.data.length - 1)},${baseline}` : '';
  const labelEvery = Math.max(1, Math.ceil(props.data.length / MAX_LABELS));
  const color = props.color ?? '#1d4ed8';
  const gridValues = [0, max / 2, max];

  return (
    <ChartFrame
      title={props.title}
      data={props.data}
      valueLabel={props.valueLabel}
      formatValue={props.formatValue}
    >
      <svg className="line-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
        {gridValues.map((value) => (
          <g key={value}>
            <line x1={PAD.side} x2={WIDTH - PAD.side} y1={yOf(value)} y2={yOf(value)} className="line-grid" />
            <text
              x={rtl ? WIDTH - PAD.side + 6 : PAD.side - 6}
              y={yOf(value) + 4}
              textAnchor={rtl ? 'start' : 'end'}
              direction="ltr"
              className="line-axis-label"
            >
              {props.formatValue(Math.round(value))}
            </text>
          </g>
        ))}
        <polygon points={area} fill={color} opacity="0.12" />
        <polyline points={points} fill="none" stroke={color} strokeWidth="2.5" strokeLinejoin="round" />
        {props.data.map((datum, index) => (
          <g key={datum.key}>
            <circle cx={xOf(index)} cy={yOf(datum.value)} r="3.5" fill={color} />
            {index % labelEvery === 0 && (
              <text x={xOf(index)} y={HEIGHT - 8} textAnchor="middle" className="line-axis-label">
                {datum.label}
              </text>
            )}
          </g>
        ))}
      </svg>
    </ChartFrame>
  );
}
