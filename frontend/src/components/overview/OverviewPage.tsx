// The active cluster at a glance (from `/api/v1/overview`, computed by the backend from its
// watch cache): counts per kind, pod phases and problems, nodes, requested vs allocatable vs
// used, recent warnings. The charts (Recharts, ~100 KB gzipped) load after the page: the
// numbers come first, and the initial JavaScript stays within its budget.
import { lazy, Suspense } from 'react';
import {
  Box, Card, CardActionArea, CardContent, Chip, LinearProgress, Link, Skeleton, Stack, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { useClusters } from '../../contexts/ClusterContext';
import { overviewApi } from '../../services/endpoints/resources';
import type { ResourceRow } from '../../types';
import { formatBytes, formatMillicores } from '../common/format';
import { HealthDot, healthLabel } from '../common/HealthDot';
import { ErrorState, LoadingRows } from '../common/States';
import { StatusChip } from '../common/StatusChip';
import { EventsTable, Section } from '../resources/DetailSections';
import { KIND_BY_RESOURCE, detailPath } from '../resources/kinds';
import { percentOf, phaseTone, phases } from './capacity';

const OverviewCharts = lazy(() => import('./OverviewCharts'));

const COUNTED = ['nodes', 'namespaces', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'jobs',
  'cronjobs', 'services', 'ingresses', 'persistentvolumeclaims'];

function CountCard({ clusterId, resource, count }: { clusterId: string; resource: string; count: number }) {
  const title = KIND_BY_RESOURCE[resource]?.title ?? resource;
  return (
    <Card variant="outlined">
      <CardActionArea component={RouterLink} to={`/c/${encodeURIComponent(clusterId)}/${resource}`}
        aria-label={`${title}: ${count}`}>
        <CardContent sx={{ py: 1.5 }}>
          <Typography variant="body2" color="text.secondary" noWrap>{title}</Typography>
          <Typography variant="h5" component="p">{count.toLocaleString()}</Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

function Capacity({ label, requested, used, allocatable, format }: {
  label: string; requested: number | null; used: number | null; allocatable: number | null;
  format: (n: number | null) => string;
}) {
  const pct = (n: number | null) => percentOf(n, allocatable ?? 0);
  return (
    <Box sx={{ flex: 1, minWidth: 240 }}>
      <Typography variant="subtitle2" component="h3">{label}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        requested {format(requested)} · used {used === null ? 'n/a (no metrics)' : format(used)} · allocatable {format(allocatable)}
      </Typography>
      <LinearProgress variant="buffer" value={pct(used ?? 0)} valueBuffer={pct(requested)}
        aria-label={`${label} requested ${Math.round(pct(requested))}% of allocatable`} sx={{ height: 8, borderRadius: 4 }} />
    </Box>
  );
}

export function OverviewPage() {
  const { activeCluster } = useClusters();
  const clusterId = activeCluster?.id ?? '';
  const query = useQuery({
    queryKey: ['resources', clusterId, 'overview'],
    queryFn: () => overviewApi.cluster(clusterId),
    enabled: Boolean(clusterId),
    refetchInterval: 10_000,
  });
  if (!activeCluster) return null;
  const health = activeCluster.health;
  const data = query.data;
  return (
    <Box>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" component="h1">{activeCluster.name}</Typography>
        <HealthDot health={health} />
        <Typography variant="body2" color="text.secondary">
          {healthLabel(health)}{health.version ? ` · Kubernetes ${health.version}` : ''}
          {health.latency_ms !== null && health.latency_ms !== undefined ? ` · ${Math.round(health.latency_ms)} ms` : ''}
        </Typography>
      </Stack>
      {query.isPending ? <LoadingRows label="Loading the overview" /> : null}
      {query.isError ? <ErrorState error={query.error} title="Could not load the overview" onRetry={() => void query.refetch()} /> : null}
      {data ? (
        <>
          <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', mb: 2 }}>
            {COUNTED.filter((r) => data.counts[r] !== undefined).map((r) => (
              <CountCard key={r} clusterId={clusterId} resource={r} count={data.counts[r] ?? 0} />
            ))}
          </Box>
          <Section title="Capacity">
            <Stack direction="row" sx={{ gap: 4, flexWrap: 'wrap' }}>
              <Capacity label="CPU" requested={data.cpu.requested_millicores} used={data.cpu.used_millicores}
                allocatable={data.cpu.allocatable_millicores} format={formatMillicores} />
              <Capacity label="Memory" requested={data.memory.requested_bytes} used={data.memory.used_bytes}
                allocatable={data.memory.allocatable_bytes} format={formatBytes} />
            </Stack>
          </Section>
          <Section title="Pods">
            <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', mb: data.pod_problems.length ? 2 : 0 }}>
              {phases(data).map(({ phase, count }) => (
                <Chip key={phase} label={`${phase}: ${count}`} variant="outlined" color={phaseTone(phase)} />
              ))}
              <Chip label={`Nodes ready: ${data.nodes.ready}/${data.nodes.total}`} variant="outlined"
                color={data.nodes.not_ready ? 'warning' : 'success'} />
            </Stack>
            {data.pod_problems.length ? (
              <Box component="ul" aria-label="Pods with problems" sx={{ m: 0, pl: 2 }}>
                {data.pod_problems.slice(0, 20).map((p) => (
                  <li key={`${p.namespace}/${p.name}`}>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', py: 0.25 }}>
                      <Link component={RouterLink} to={detailPath(clusterId, 'pods', p.namespace, p.name)}>{p.namespace}/{p.name}</Link>
                      <StatusChip status={p.status} />
                    </Stack>
                  </li>
                ))}
              </Box>
            ) : null}
          </Section>
          <Section title="Charts">
            <Suspense fallback={<Skeleton variant="rounded" height={250} aria-label="Loading the charts" />}>
              <OverviewCharts overview={data} />
            </Suspense>
          </Section>
          {/* Warnings are event rows of the list endpoint (typed loosely by the backend). */}
          <Section title="Recent warnings"><EventsTable events={data.warnings as ResourceRow[]} /></Section>
        </>
      ) : null}
    </Box>
  );
}
