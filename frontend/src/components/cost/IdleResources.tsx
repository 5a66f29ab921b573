// What costs money and does nothing: idle node capacity, idle workloads, unclaimed volumes.
import {
  Box, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { costApi, type CostPeriod, type IdleResource } from '../../services/endpoints/cost';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { CsvButton } from './CsvButton';
import { formatMoney } from './costFormat';

const KINDS: Record<IdleResource['kind'], string> = {
  node: 'Node', pvc: 'Volume claim', pv: 'Volume', workload: 'Workload',
};

export function IdleResources({ scope, period }: { scope: string; period: CostPeriod }) {
  const query = useQuery({
    queryKey: ['cost', scope, 'idle', period],
    queryFn: () => costApi.idle(scope, period),
    refetchInterval: 30_000,
  });
  if (query.isPending) return <LoadingRows rows={5} label="Loading idle resources" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load idle resources" onRetry={() => void query.refetch()} />;
  const { items, currency, idle_cost: idle } = query.data;
  const fleet = scope === 'all';
  return (
    <Box>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle1" component="h2">Idle resources</Typography>
        <Typography variant="body2" color="text.secondary">
          idle node capacity in this period: {formatMoney(idle, currency)}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <CsvButton table="idle" scope={scope} period={period} label="Download idle resources as CSV" />
      </Stack>
      {items.length === 0 ? (
        <EmptyState title="Nothing idle found">No idle workloads, unclaimed volumes or underused nodes in this period.</EmptyState>
      ) : (
        <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Idle resources">
            <TableHead>
              <TableRow>
                <TableCell>Kind</TableCell><TableCell>Name</TableCell>
                {fleet ? <TableCell>Cluster</TableCell> : null}
                <TableCell>Why</TableCell><TableCell align="right">Cost per month</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((r) => (
                <TableRow key={`${r.cluster_id}/${r.kind}/${r.namespace ?? ''}/${r.name}`} hover>
                  <TableCell><Chip size="small" variant="outlined" label={KINDS[r.kind]} /></TableCell>
                  <TableCell>{r.namespace ? `${r.namespace}/${r.name}` : r.name}</TableCell>
                  {fleet ? <TableCell>{r.cluster_id}</TableCell> : null}
                  <TableCell>{r.detail}</TableCell>
                  <TableCell align="right" sx={{ fontWeight: 600 }}>{formatMoney(r.monthly_cost, currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Box>
  );
}
