// The overview's charts (Recharts, loaded on demand so the overview's first paint stays small):
// pod phases as a donut, and requested vs used vs allocatable CPU and memory as bars, each in
// percent of allocatable so both fit one axis. Each chart is an image with a text equivalent.
import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import {
  Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import type { ClusterOverview } from '../../types';
import { formatBytes, formatMillicores } from '../common/format';
import { PHASE_COLORS, cpuOf, memoryOf, phases, type Capacity } from './capacity';

const HEIGHT = 220;

function Figure({ label, title, children }: { label: string; title: string; children: ReactNode }) {
  return (
    <Box component="figure" role="img" aria-label={label} sx={{ m: 0, flex: 1, minWidth: 280 }}>
      <Typography component="figcaption" variant="subtitle2" sx={{ mb: 1 }}>{title}</Typography>
      <Box sx={{ height: HEIGHT }} aria-hidden>{children}</Box>
    </Box>
  );
}

export function PodPhasesDonut({ overview }: { overview: ClusterOverview }) {
  const data = phases(overview);
  const total = data.reduce((sum, d) => sum + d.count, 0);
  const label = `Pod phases: ${data.map((d) => `${d.phase} ${d.count}`).join(', ') || 'no pods'}`;
  return (
    <Figure label={label} title={`Pod phases (${total} pods)`}>
      <ResponsiveContainer width="100%" height="100%">
        <PieChart>
          <Pie data={data} dataKey="count" nameKey="phase" innerRadius="55%" outerRadius="85%"
            paddingAngle={data.length > 1 ? 2 : 0} isAnimationActive={false}>
            {data.map((d) => <Cell key={d.phase} fill={PHASE_COLORS[d.phase] ?? PHASE_COLORS.Unknown} />)}
          </Pie>
          <Tooltip />
          <Legend verticalAlign="bottom" height={28} />
        </PieChart>
      </ResponsiveContainer>
    </Figure>
  );
}

function row(name: string, c: Capacity, format: (n: number) => string) {
  const pct = (n: number | null) => (n === null || c.allocatable <= 0 ? null : Math.round((n / c.allocatable) * 100));
  return {
    name,
    Requested: pct(c.requested),
    Used: pct(c.used),
    Allocatable: c.allocatable > 0 ? 100 : null,
    text: `${name} requested ${format(c.requested)}, used ${c.used === null ? 'unknown' : format(c.used)}, allocatable ${format(c.allocatable)}`,
  };
}

export function CapacityBars({ overview }: { overview: ClusterOverview }) {
  const data = [
    row('CPU', cpuOf(overview), formatMillicores),
    row('Memory', memoryOf(overview), formatBytes),
  ];
  return (
    <Figure label={data.map((d) => d.text).join('; ')} title="Requested vs used vs allocatable (% of allocatable)">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" />
          <YAxis unit="%" domain={[0, (max: number) => Math.max(100, max)]} />
          <Tooltip formatter={(value) => `${String(value)}%`} />
          <Legend verticalAlign="bottom" height={28} />
          <Bar dataKey="Requested" fill="#1976d2" isAnimationActive={false} />
          <Bar dataKey="Used" fill="#9c27b0" isAnimationActive={false} />
          <Bar dataKey="Allocatable" fill="#90a4ae" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Figure>
  );
}

/** Both charts side by side (the lazy-loaded default export). */
export default function OverviewCharts({ overview }: { overview: ClusterOverview }) {
  return (
    <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }}>
      <PodPhasesDonut overview={overview} />
      <CapacityBars overview={overview} />
    </Box>
  );
}
