// Cost by namespace: a chart and a table; a namespace's name opens its workloads.
import { lazy, useState } from 'react';
import {
  Box, Button, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, ToggleButton,
  ToggleButtonGroup, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { costApi, type CostPeriod, type NamespaceCost } from '../../services/endpoints/cost';
import { ErrorState, LoadingRows } from '../common/States';
import { BreakdownCells, BreakdownHead } from './BreakdownCells';
import { ChartFrame } from './ChartFrame';
import { CsvButton } from './CsvButton';
import { formatMoney, isSpecialNamespace, namespaceLabel } from './costFormat';
import { NoSamples } from './NoSamples';
import { useCostParams } from './useCostParams';
import { WorkloadCosts } from './WorkloadCosts';

const NamespaceChart = lazy(() => import('./NamespaceChart'));

function NamespaceTable({ items, currency, fleet, onOpen }: {
  items: NamespaceCost[]; currency: string; fleet: boolean; onOpen: (row: NamespaceCost) => void;
}) {
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Cost by namespace">
        <TableHead>
          <TableRow>
            <TableCell>Namespace</TableCell>
            {fleet ? <TableCell>Cluster</TableCell> : null}
            <BreakdownHead />
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((row) => (
            <TableRow key={`${row.cluster_id}/${row.namespace}`} hover>
              <TableCell>
                {isSpecialNamespace(row.namespace) ? (
                  <Typography variant="body2" color="text.secondary">{namespaceLabel(row.namespace)}</Typography>
                ) : (
                  <Button size="small" sx={{ textTransform: 'none', minWidth: 0, p: 0 }} onClick={() => onOpen(row)}
                    aria-label={`Workloads of ${row.namespace}${fleet ? ` on ${row.cluster_id}` : ''}`}>
                    {row.namespace}
                  </Button>
                )}
              </TableCell>
              {fleet ? <TableCell>{row.cluster_id}</TableCell> : null}
              <BreakdownCells row={row} currency={currency} special={isSpecialNamespace(row.namespace)} />
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

export function NamespaceCosts({ scope, period, sampleInterval }: {
  scope: string; period: CostPeriod; sampleInterval: number | null;
}) {
  const { namespace, namespaceCluster, update } = useCostParams();
  const [chart, setChart] = useState<'bar' | 'pie'>('bar');
  const fleet = scope === 'all';
  const query = useQuery({
    queryKey: ['cost', scope, 'namespaces', period],
    queryFn: () => costApi.namespaces(scope, period),
    refetchInterval: 30_000,
    enabled: namespace === null,
  });
  if (namespace !== null) {
    return <WorkloadCosts scope={namespaceCluster ?? scope} namespace={namespace} period={period}
      onBack={() => update({ ns: null, ns_cluster: null })} />;
  }
  if (query.isPending) return <LoadingRows label="Loading cost by namespace" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load cost by namespace" onRetry={() => void query.refetch()} />;
  const data = query.data;
  if (data.items.length === 0) return <NoSamples interval={sampleInterval} />;
  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle1" component="h2">Cost by namespace</Typography>
        <Typography variant="body2" color="text.secondary">total {formatMoney(data.total_cost, data.currency)}</Typography>
        <Box sx={{ flex: 1 }} />
        <ToggleButtonGroup size="small" exclusive value={chart} aria-label="Chart type"
          onChange={(_, v: 'bar' | 'pie' | null) => { if (v) setChart(v); }}>
          <ToggleButton value="bar">Bar</ToggleButton>
          <ToggleButton value="pie">Pie</ToggleButton>
        </ToggleButtonGroup>
        <CsvButton table="namespaces" scope={scope} period={period} label="Download cost by namespace as CSV" />
      </Stack>
      <ChartFrame label="Cost by namespace chart">
        <NamespaceChart currency={data.currency} kind={chart} items={data.items.map((i) => ({
          ...i, name: fleet ? `${i.cluster_id}/${namespaceLabel(i.namespace)}` : namespaceLabel(i.namespace),
        }))} />
      </ChartFrame>
      <NamespaceTable items={data.items} currency={data.currency} fleet={fleet}
        onOpen={(row) => update({ ns: row.namespace, ns_cluster: fleet ? row.cluster_id : null })} />
    </Box>
  );
}
