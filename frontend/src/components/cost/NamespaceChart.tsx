// Cost by namespace or by label as a bar (CPU / memory / storage stacked) or a pie. Recharts is
// big, so this file is only loaded with the cost page (see the lazy imports of its users).
import { useTheme } from '@mui/material';
import {
  Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import { chartText, seriesColor } from './chartTheme';
import { formatMoney } from './costFormat';

/** One bar or slice: a row's name as shown and its costs. */
export interface CostChartRow {
  name: string;
  cpu_cost: number;
  memory_cost: number;
  storage_cost?: number;
  total_cost: number;
}

export interface NamespaceChartProps {
  items: CostChartRow[];
  currency: string;
  kind: 'bar' | 'pie';
}

export default function NamespaceChart({ items, currency, kind }: NamespaceChartProps) {
  const theme = useTheme();
  const text = chartText(theme);
  const money = (v: unknown) => formatMoney(Number(v), currency);
  const rows = items.slice(0, 12).map((i) => ({
    name: i.name, cpu: i.cpu_cost, memory: i.memory_cost, storage: i.storage_cost ?? 0, total: i.total_cost,
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
