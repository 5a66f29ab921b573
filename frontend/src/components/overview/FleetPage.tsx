// Every cluster side by side (`/api/v1/fleet`): health, version, latency, nodes, pods by phase,
// requested vs allocatable vs used CPU and memory, warnings, and a link to its overview.
//
// The cards appear at once from the cluster list (which the header already has) and fill in
// when the fleet answers. The backend answers for every cluster in parallel and fails fast for
// clusters it knows are down, so one dead cluster does not hold up the page.
import { Box, Card, CardContent, Chip, LinearProgress, Link, Skeleton, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { useClusters } from '../../contexts/ClusterContext';
import { request } from '../../services/api';
import type { Cluster, ClusterHealth, FleetEntry } from '../../types';
import { formatBytes, formatMillicores } from '../common/format';
import { HealthDot, healthLabel } from '../common/HealthDot';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { cpuOf, memoryOf, percentOf, phaseTone, phases, type Capacity } from './capacity';

export const FLEET_QUERY_KEY = ['fleet'] as const;
const REFRESH_MS = 15_000;

function healthOf(cluster: Cluster, entry: FleetEntry | undefined): ClusterHealth {
  if (!entry) return cluster.health;
  return { ...cluster.health, ...entry.health, reachable: entry.health.status === 'healthy' };
}

function Usage({ label, capacity, format }: { label: string; capacity: Capacity; format: (n: number) => string }) {
  const { requested, allocatable, used } = capacity;
  return (
    <Box>
      <Typography variant="body2">
        <strong>{label}</strong> requested {format(requested)} · used {used === null ? 'n/a' : format(used)} · allocatable {format(allocatable)}
      </Typography>
      <LinearProgress variant="buffer" value={percentOf(used ?? 0, allocatable)} valueBuffer={percentOf(requested, allocatable)}
        aria-label={`${label} requested ${Math.round(percentOf(requested, allocatable))}% of allocatable`}
        sx={{ height: 6, borderRadius: 3, mt: 0.5 }} />
    </Box>
  );
}

function Details({ entry }: { entry: FleetEntry }) {
  const overview = entry.overview;
  if (!overview) {
    return (
      <Typography variant="body2" color="error" sx={{ overflowWrap: 'anywhere' }}>
        Unreachable: {entry.error ?? entry.health.reason ?? 'no answer'}
      </Typography>
    );
  }
  const warnings = overview.warnings.length;
  return (
    <Stack spacing={1.25}>
      <Typography variant="body2">
        Nodes {overview.nodes.ready}/{overview.nodes.total} ready · {overview.counts.pods ?? 0} pods
      </Typography>
      <Stack direction="row" sx={{ gap: 0.75, flexWrap: 'wrap' }} aria-label="Pods by phase">
        {phases(overview).map(({ phase, count }) => (
          <Chip key={phase} size="small" variant="outlined" color={phaseTone(phase)} label={`${phase}: ${count}`} />
        ))}
      </Stack>
      <Usage label="CPU" capacity={cpuOf(overview)} format={formatMillicores} />
      <Usage label="Memory" capacity={memoryOf(overview)} format={formatBytes} />
      <Typography variant="body2" color={warnings ? 'warning.main' : 'text.secondary'}>
        {warnings ? `${warnings}${warnings >= 10 ? '+' : ''} recent warning${warnings === 1 ? '' : 's'}` : 'No recent warnings'}
      </Typography>
    </Stack>
  );
}

function ClusterCard({ cluster, entry, loading }: { cluster: Cluster; entry: FleetEntry | undefined; loading: boolean }) {
  const health = healthOf(cluster, entry);
  const facts = [
    healthLabel(health),
    health.version ? `Kubernetes ${health.version}` : null,
    health.latency_ms !== null && health.latency_ms !== undefined ? `${Math.round(health.latency_ms)} ms` : null,
  ].filter(Boolean).join(' · ');
  return (
    <Card variant="outlined" component="section" aria-label={`Cluster ${cluster.name}`}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
          <HealthDot health={health} />
          <Typography variant="h6" component="h2" sx={{ flex: 1, overflowWrap: 'anywhere' }}>{cluster.name}</Typography>
          <Link component={RouterLink} to={`/c/${encodeURIComponent(cluster.id)}/overview`}
            aria-label={`Open the overview of ${cluster.name}`}>Overview</Link>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>{facts}</Typography>
        {entry ? <Details entry={entry} /> : loading ? <Skeleton variant="rounded" height={120} aria-label={`Loading ${cluster.name}`} /> : null}
      </CardContent>
    </Card>
  );
}

export function FleetPage() {
  const { clusters, loading } = useClusters();
  const fleet = useQuery({
    queryKey: FLEET_QUERY_KEY,
    queryFn: ({ signal }) => request<FleetEntry[]>('/fleet', { signal }),
    refetchInterval: REFRESH_MS,
  });
  const byId = new Map((fleet.data ?? []).map((entry) => [entry.cluster_id, entry]));
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>Fleet</Typography>
      {loading ? <LoadingRows label="Loading clusters" /> : null}
      {!loading && clusters.length === 0 ? (
        <EmptyState title="No clusters yet">An admin adds clusters on the <Link component={RouterLink} to="/clusters">Clusters</Link> page.</EmptyState>
      ) : null}
      {fleet.isError ? <ErrorState error={fleet.error} title="Could not load the fleet" onRetry={() => void fleet.refetch()} /> : null}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))' }}>
        {clusters.map((cluster) => (
          <ClusterCard key={cluster.id} cluster={cluster} entry={byId.get(cluster.id)} loading={fleet.isPending} />
        ))}
      </Box>
    </Box>
  );
}
