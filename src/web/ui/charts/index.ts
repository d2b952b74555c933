// Small accessible SVG charts for the KPI pages: no chart library in the admin chunk.
export { BarChart } from './bar-chart';
export { CHART_PALETTE, type ChartDatum, ChartFrame } from './chart-frame';
export { LineChart } from './line-chart';
export { PieChart } from './pie-chart';
