// The fleet view's per-cluster rows: what each cluster adds to the total.
import { Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { CostOverview } from '../../services/endpoints/cost';
import { formatMoney, formatPercent } from './costFormat';

export function ClusterRows({ data }: { data: CostOverview }) {
  const money = (n: number) => formatMoney(n, data.currency);
  return (
    <Paper variant="outlined" sx={{ mt: 1.5, overflowX: 'auto' }}>
      <Typography variant="subtitle2" component="h2" sx={{ px: 2, pt: 1.5 }}>Cost by cluster</Typography>
      <Table size="small" aria-label="Cost by cluster">
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell><TableCell align="right">CPU</TableCell>
            <TableCell align="right">Memory</TableCell><TableCell align="right">Storage</TableCell>
            <TableCell align="right">Idle</TableCell><TableCell align="right">Total</TableCell>
            <TableCell align="right">Efficiency</TableCell><TableCell>Usage from</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.clusters.map((c) => (
            <TableRow key={c.cluster_id}>
              <TableCell>{c.cluster_name}</TableCell>
              <TableCell align="right">{money(c.cpu_cost)}</TableCell>
              <TableCell align="right">{money(c.memory_cost)}</TableCell>
              <TableCell align="right">{money(c.storage_cost ?? 0)}</TableCell>
              <TableCell align="right">{money(c.idle_cost)}</TableCell>
              <TableCell align="right" sx={{ fontWeight: 600 }}>{money(c.total_cost)}</TableCell>
              <TableCell align="right">{formatPercent(c.efficiency.total)}</TableCell>
              <TableCell>{c.usage_source === 'metrics' ? 'metrics' : 'requests (no metrics)'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
