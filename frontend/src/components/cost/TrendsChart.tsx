// Cost per step, stacked by namespace (the largest ones; the rest as "other"). Loaded lazily
// with Recharts.
import { useTheme } from '@mui/material';
import {
  Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import type { CostTrends } from '../../services/endpoints/cost';
import { parseTime } from '../common/format';
import { chartText, seriesColor } from './chartTheme';
import { formatMoney, namespaceLabel } from './costFormat';

function stepLabel(at: string, step: CostTrends['step']): string {
  const date = new Date(parseTime(at));
  return step === 'day'
    ? date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export default function TrendsChart({ data }: { data: CostTrends }) {
  const theme = useTheme();
  const text = chartText(theme);
  const money = (v: unknown) => formatMoney(Number(v), data.currency);
  const rows = data.points.map((p) => ({ at: stepLabel(p.at, data.step), ...p.by_namespace }));
  return (
    <ResponsiveContainer width="100%" height={320}>
      <AreaChart data={rows} margin={{ left: 16, right: 16, top: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={text.grid} />
        <XAxis dataKey="at" tick={text.tick} />
        <YAxis tick={text.tick} tickFormatter={money} width={80} />
        <Tooltip formatter={money} {...text.tooltip} />
        <Legend wrapperStyle={{ color: theme.palette.text.secondary, fontSize: 12 }} />
        {data.namespaces.map((ns, i) => (
          <Area key={ns} type="monotone" dataKey={ns} name={namespaceLabel(ns)} stackId="ns"
            stroke={seriesColor(i)} fill={seriesColor(i)} fillOpacity={0.55} isAnimationActive={false}
            dot={data.points.length === 1} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
