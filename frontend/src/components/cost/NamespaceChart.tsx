// Cost by namespace as a bar (CPU / memory / storage stacked) or a pie. Recharts is big, so this
// file is only loaded with the cost page (see NamespaceCosts' lazy import).
import { useTheme } from '@mui/material';
import {
  Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import type { NamespaceCost } from '../../services/endpoints/cost';
import { chartText, seriesColor } from './chartTheme';
import { formatMoney, namespaceLabel } from './costFormat';

export interface NamespaceChartProps {
  items: NamespaceCost[];
  currency: string;
  kind: 'bar' | 'pie';
  /** the fleet view has one row per cluster and namespace */
  fleet: boolean;
}

export default function NamespaceChart({ items, currency, kind, fleet }: NamespaceChartProps) {
  const theme = useTheme();
  const text = chartText(theme);
  const money = (v: unknown) => formatMoney(Number(v), currency);
  const rows = items.slice(0, 12).map((i) => ({
    name: fleet ? `${i.cluster_id}/${namespaceLabel(i.namespace)}` : namespaceLabel(i.namespace),
    cpu: i.cpu_cost, memory: i.memory_cost, storage: i.storage_cost ?? 0, total: i.total_cost,
  }));
  if (kind === 'pie') {
    return (
      <ResponsiveContainer width="100%" height={300}>
        <PieChart>
          <Pie data={rows} dataKey="total" nameKey="name" outerRadius={110} innerRadius={50} isAnimationActive={false}>
            {rows.map((r, i) => <Cell key={r.name} fill={seriesColor(i)} />)}
          </Pie>
          <Tooltip formatter={money} {...text.tooltip} />
          <Legend wrapperStyle={{ color: theme.palette.text.secondary, fontSize: 12 }} />
        </PieChart>
      </ResponsiveContainer>
    );
  }
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 30 + 60)}>
      <BarChart data={rows} layout="vertical" margin={{ left: 16, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={text.grid} horizontal={false} />
        <XAxis type="number" tick={text.tick} tickFormatter={money} />
        <YAxis type="category" dataKey="name" tick={text.tick} width={150} />
        <Tooltip formatter={money} cursor={{ fill: theme.palette.action.hover }} {...text.tooltip} />
        <Legend wrapperStyle={{ color: theme.palette.text.secondary, fontSize: 12 }} />
        <Bar dataKey="cpu" name="CPU" stackId="cost" fill={seriesColor(0)} isAnimationActive={false} />
        <Bar dataKey="memory" name="Memory" stackId="cost" fill={seriesColor(1)} isAnimationActive={false} />
        <Bar dataKey="storage" name="Storage" stackId="cost" fill={seriesColor(2)} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
