// Cost by label (`aggregate=label:<key>`): pick a label key seen on workloads or namespaces
// (`team` when there is one), then a chart and a table of its values. Rows of the fleet view sum
// every cluster: a team spans clusters.
import { lazy } from 'react';
import {
  Alert, Box, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { costApi, type AllocationRow, type CostPeriod } from '../../services/endpoints/cost';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { BreakdownCells, BreakdownHead } from './BreakdownCells';
import { ChartFrame } from './ChartFrame';
import { CsvButton } from './CsvButton';
import { formatMoney, isSpecialNamespace } from './costFormat';
import { useCostParams } from './useCostParams';

const NamespaceChart = lazy(() => import('./NamespaceChart'));
const DEFAULT_KEY = 'team';

/** `__idle__` and `__unallocated__` in words. */
export function labelValue(name: string, key: string): string {
  if (name === '__idle__') return 'Idle capacity';
  if (name === '__unallocated__') return `No ${key} label`;
  return name;
}

function LabelTable({ items, currency, labelKey }: { items: AllocationRow[]; currency: string; labelKey: string }) {
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={`Cost by ${labelKey}`}>
        <TableHead>
          <TableRow>
            <TableCell>{labelKey}</TableCell>
            <BreakdownHead />
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((row) => (
            <TableRow key={row.name} hover>
              <TableCell sx={isSpecialNamespace(row.name) ? { color: 'text.secondary' } : undefined}>
                {labelValue(row.name, labelKey)}
              </TableCell>
              <BreakdownCells row={row} currency={currency} special={isSpecialNamespace(row.name)} />
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}

export function LabelCosts({ scope, period, sampleInterval }: {
  scope: string; period: CostPeriod; sampleInterval: number | null;
}) {
  const { labelKey, update } = useCostParams();
  const keys = useQuery({ queryKey: ['cost', scope, 'labels'], queryFn: () => costApi.labels(scope), staleTime: 60_000 });
  const available = keys.data?.keys ?? [];
  const key = labelKey ?? (available.includes(DEFAULT_KEY) ? DEFAULT_KEY : (available[0] ?? null));
  const aggregate = `label:${key ?? ''}`;
  const query = useQuery({
    queryKey: ['cost', scope, 'allocation', aggregate, period],
    queryFn: () => costApi.allocation(scope, aggregate, period),
    enabled: key !== null,
    refetchInterval: 30_000,
  });
  if (keys.isPending) return <LoadingRows label="Loading label keys" />;
  if (keys.isError) return <ErrorState error={keys.error} title="Could not load the label keys" onRetry={() => void keys.refetch()} />;
  if (key === null) {
    return (
      <EmptyState title="No labels to group by yet">
        Labels are read from workloads and namespaces at each cost sample
        {sampleInterval ? ` (every ${Math.round(sampleInterval)} s)` : ''}; none has any so far.
        Add a label such as team to your workloads or namespaces.
      </EmptyState>
    );
  }
  const picker = (
    <TextField select size="small" label="Label key" value={key} sx={{ minWidth: 220 }}
      onChange={(e) => update({ label: e.target.value })}>
      {(available.includes(key) ? available : [key, ...available]).map((k) => <MenuItem key={k} value={k}>{k}</MenuItem>)}
    </TextField>
  );
  const data = query.data;
  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="subtitle1" component="h2">Cost by {key}</Typography>
        {data ? <Typography variant="body2" color="text.secondary">total {formatMoney(data.total_cost, data.currency)}</Typography> : null}
        <Box sx={{ flex: 1 }} />
        {picker}
        <CsvButton table="allocation" scope={scope} period={period} query={{ aggregate }} label={`Download cost by ${key} as CSV`} />
      </Stack>
      {query.isPending ? <LoadingRows label={`Loading cost by ${key}`} /> : null}
      {query.isError ? <ErrorState error={query.error} title={`Could not load cost by ${key}`} onRetry={() => void query.refetch()} /> : null}
      {data && data.items.length === 0 ? <EmptyState title="Nothing cost anything in this period">Pick a longer period.</EmptyState> : null}
      {data && data.items.length > 0 ? (
        <>
          {data.note ? <Alert severity="info" sx={{ mb: 1 }}>Rows are {data.note}.</Alert> : null}
          <ChartFrame label={`Cost by ${key} chart`}>
            <NamespaceChart currency={data.currency} kind="bar"
              items={data.items.map((i) => ({ ...i, name: labelValue(i.name, key) }))} />
          </ChartFrame>
          <LabelTable items={data.items} currency={data.currency} labelKey={key} />
        </>
      ) : null}
    </Box>
  );
}
