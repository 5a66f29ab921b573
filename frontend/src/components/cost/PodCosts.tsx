// A namespace's running pods at their current cost rate (the latest sample priced now): pods keep
// no cost history, so this table has no period, unlike the workloads above it.
import { useState } from 'react';
import {
  Alert, Box, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { costApi, type CostPeriod, type PodCost, type WorkloadRef } from '../../services/endpoints/cost';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { CsvButton } from './CsvButton';
import { formatCores, formatGib, formatMoney } from './costFormat';

const ALL = '';

function PodTable({ items, currency, namespace }: { items: PodCost[]; currency: string; namespace: string }) {
  const money = (n: number) => formatMoney(n, currency);
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={`Pods in ${namespace}`}>
        <TableHead>
          <TableRow>
            <TableCell>Pod</TableCell><TableCell>Workload</TableCell><TableCell>Node</TableCell>
            <TableCell align="right">CPU request / usage</TableCell><TableCell align="right">Memory request / usage</TableCell>
            <TableCell align="right">Per hour</TableCell><TableCell align="right">Per month (730 h)</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((p) => (
            <TableRow key={`${p.cluster_id}/${p.pod}`} hover>
              <TableCell>{p.pod}</TableCell>
              <TableCell>{p.workload_kind}/{p.workload}</TableCell>
              <TableCell>{p.node}{p.spot ? ' (spot)' : ''}</TableCell>
              <TableCell align="right">{formatCores(p.cpu_request_cores)} / {formatCores(p.cpu_usage_cores)}</TableCell>
              <TableCell align="right">{formatGib(p.memory_request_gib)} / {formatGib(p.memory_usage_gib)}</TableCell>
              <TableCell align="right">{money(p.cost_per_hour)}</TableCell>
              <TableCell align="right" sx={{ fontWeight: 600 }}>{money(p.cost_per_month)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

export function PodCosts({ scope, namespace, period, workloads }: {
  scope: string; namespace: string; period: CostPeriod; workloads: WorkloadRef[];
}) {
  const [picked, setPicked] = useState(ALL);
  const workload = workloads.find((w) => `${w.kind}/${w.name}` === picked);
  // A pick the workload list no longer holds (another period) falls back to all workloads.
  const selected = workload ? picked : ALL;
  const query = useQuery({
    queryKey: ['cost', scope, 'pods', namespace, selected],
    queryFn: () => costApi.pods(scope, namespace, workload),
    refetchInterval: 30_000,
  });
  const data = query.data;
  return (
    <Box sx={{ mt: 3 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="subtitle1" component="h2">Pods in {namespace}: current rate</Typography>
        {data ? <Typography variant="body2" color="text.secondary">
          total {formatMoney(data.total_per_hour, data.currency)} per hour, {formatMoney(data.total_per_month, data.currency)} per month
        </Typography> : null}
        <Box sx={{ flex: 1 }} />
        <TextField select size="small" label="Workload" value={selected} sx={{ minWidth: 220 }}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          onChange={(e) => setPicked(e.target.value)}>
          <MenuItem value={ALL}>All workloads</MenuItem>
          {workloads.map((w) => <MenuItem key={`${w.kind}/${w.name}`} value={`${w.kind}/${w.name}`}>{w.kind}/{w.name}</MenuItem>)}
        </TextField>
        <CsvButton table="pods" scope={scope} period={period} namespace={namespace}
          query={workload ? { workload_kind: workload.kind, workload: workload.name } : {}}
          label={`Download pods of ${namespace} as CSV`} />
      </Stack>
      {query.isPending ? <LoadingRows label={`Loading pods of ${namespace}`} /> : null}
      {query.isError ? <ErrorState error={query.error} title="Could not load the pods" onRetry={() => void query.refetch()} /> : null}
      {data ? (
        <>
          <Alert severity="info" sx={{ mb: 1 }}>
            {data.sampled_at ? `Latest sample ${new Date(data.sampled_at).toLocaleString()}. ` : ''}Shown is {data.note}
          </Alert>
          {data.items.length === 0
            ? <EmptyState title={`No pods of ${namespace} are running in the latest sample`} />
            : <PodTable items={data.items} currency={data.currency} namespace={namespace} />}
        </>
      ) : null}
    </Box>
  );
}
