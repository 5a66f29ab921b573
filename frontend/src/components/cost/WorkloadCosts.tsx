// One namespace's workloads (controllers: ReplicaSets are counted as their Deployment).
import {
  Box, Button, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { useQuery } from '@tanstack/react-query';
import { costApi, type CostPeriod } from '../../services/endpoints/cost';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { CsvButton } from './CsvButton';
import { formatCores, formatGib, formatMoney, formatPercent } from './costFormat';
import { PodCosts } from './PodCosts';

export function WorkloadCosts({ scope, namespace, period, onBack }: {
  scope: string; namespace: string; period: CostPeriod; onBack: () => void;
}) {
  const query = useQuery({
    queryKey: ['cost', scope, 'workloads', namespace, period],
    queryFn: () => costApi.workloads(scope, namespace, period),
    refetchInterval: 30_000,
  });
  const header = (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
      <Button size="small" startIcon={<ArrowBackIcon />} onClick={onBack}>All namespaces</Button>
      <Typography variant="subtitle1" component="h2">Workloads in {namespace}</Typography>
      {query.data ? (
        <Typography variant="body2" color="text.secondary">total {formatMoney(query.data.total_cost, query.data.currency)}</Typography>
      ) : null}
      <Box sx={{ flex: 1 }} />
      <CsvButton table="workloads" scope={scope} period={period} namespace={namespace}
        label={`Download workloads of ${namespace} as CSV`} />
    </Stack>
  );
  if (query.isPending) return <>{header}<LoadingRows label={`Loading workloads of ${namespace}`} /></>;
  if (query.isError) {
    return <>{header}<ErrorState error={query.error} title="Could not load the workloads" onRetry={() => void query.refetch()} /></>;
  }
  const { items, currency } = query.data;
  const money = (n: number) => formatMoney(n, currency);
  // One entry per workload (a fleet view has a row per cluster).
  const refs = [...new Map(items.map((w) => [`${w.kind}/${w.name}`, { kind: w.kind, name: w.name }])).values()];
  return (
    <Box>
      {header}
      {items.length === 0 ? <EmptyState title={`No workloads in ${namespace} cost anything in this period`}>Pick a longer period.</EmptyState> : (
        <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={`Workloads in ${namespace}`}>
            <TableHead>
              <TableRow>
                <TableCell>Workload</TableCell><TableCell>Kind</TableCell><TableCell align="right">Pods</TableCell>
                <TableCell align="right">CPU request / usage</TableCell><TableCell align="right">Memory request / usage</TableCell>
                <TableCell align="right">CPU</TableCell><TableCell align="right">Memory</TableCell>
                <TableCell align="right">Total</TableCell><TableCell align="right">Efficiency</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((w) => (
                <TableRow key={`${w.cluster_id}/${w.kind}/${w.name}`} hover>
                  <TableCell>{w.name}</TableCell>
                  <TableCell>{w.kind}</TableCell>
                  <TableCell align="right">{w.pods}</TableCell>
                  <TableCell align="right">{formatCores(w.cpu_request_cores)} / {formatCores(w.cpu_usage_cores)}</TableCell>
                  <TableCell align="right">{formatGib(w.memory_request_gib)} / {formatGib(w.memory_usage_gib)}</TableCell>
                  <TableCell align="right">{money(w.cpu_cost)}</TableCell>
                  <TableCell align="right">{money(w.memory_cost)}</TableCell>
                  <TableCell align="right" sx={{ fontWeight: 600 }}>{money(w.total_cost)}</TableCell>
                  <TableCell align="right">{formatPercent(w.efficiency.total)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      <PodCosts scope={scope} namespace={namespace} period={period} workloads={refs} />
    </Box>
  );
}
