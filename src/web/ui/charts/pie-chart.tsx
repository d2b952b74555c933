// A doughnut of shares with a legend (label, count, percent). Zero-sized slices are left out of
// the picture but stay in the legend and the table.
import { INTL_LOCALE, useI18n } from '../../i18n/i18n';
import { type ChartDatum, ChartFrame, colorOf } from './chart-frame';

const RADIUS = 80;
const HOLE = 48;
const CENTER = 100;

function point(angle: number, radius: number): string {
  return `${CENTER + radius * Math.sin(angle)} ${CENTER - radius * Math.cos(angle)}`;
}

/** An annular sector from `start` to `end` (radians, clockwise from the top). */
function slicePath(start: number, end: number): string {
  const large = end - start > Math.PI ? 1 : 0;
  return [
    `M ${point(start, RADIUS)}`,
    `A ${RADIUS} ${RADIUS} 0 ${large} 1 ${point(end, RADIUS)}`,
    `L ${point(end, HOLE)}`,
    `A ${HOLE} ${HOLE} 0 ${large} 0 ${point(start, HOLE)}`,
    'Z',
  ].join(' ');
}

export function PieChart(props: {
  title: string;
  data: ChartDatum[];
  valueLabel: string;
  formatValue: (value: number) => string;
}) {
  const { locale } = useI18n();
  const percent = new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent', maximumFractionDigits: 1 });
  const total = props.data.reduce((sum, datum) => sum + datum.value, 0);
  let angle = 0;
  const slices = props.data.map((datum, index) => {
    const sweep = total > 0 ? (datum.value / total) * Math.PI * 2 : 0;
    const slice = { datum, color: colorOf(datum, index), start: angle, end: angle + sweep };
    angle += sweep;
    return slice;
  });
  return (
    <ChartFrame
      title={props.title}
      data={props.data}
      valueLabel={props.valueLabel}
      formatValue={props.formatValue}
      className="pie"
    >
      <div className="pie-layout">
        <svg className="pie-chart" viewBox="0 0 200 200" aria-hidden="true" focusable="false">
          {slices.map((slice) => {
            if (slice.end - slice.start <= 0) return null;
            // A full circle cannot be drawn as one arc: a lone slice becomes two halves.
            if (slice.end - slice.start >= Math.PI * 2 - 1e-6) {
              return (
                <g key={slice.datum.key} fill={slice.color}>
                  <path d={slicePath(0, Math.PI)} />
                  <path d={slicePath(Math.PI, Math.PI * 2)} />
                </g>
              );
            }
            return <path key={slice.datum.key} d={slicePath(slice.start, slice.end)} fill={slice.color} />;
          })}
          <text x={CENTER} y={CENTER + 6} textAnchor="middle" className="pie-total">
            {props.formatValue(total)}
          </text>
        </svg>
        <ul className="chart-legend">
          {slices.map((slice) => (
            <li key={slice.datum.key}>
              <span className="chart-swatch" style={{ background: slice.color }} />
              <span className="chart-legend-label">{slice.datum.label}</span>
              <span className="chart-legend-value">
                {props.formatValue(slice.datum.value)}
                {total > 0 && ` (${percent.format(slice.datum.value / total)})`}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </ChartFrame>
  );
}
