// The active cluster at a glance: health, counts per kind, nodes, recent warnings.
// (Charts of requested vs allocatable vs used come with the fleet overview, lazy-loaded.)
import { Box, Card, CardActionArea, CardContent, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { useClusters } from '../../contexts/ClusterContext';
import { resourcesApi } from '../../services/endpoints/resources';
import { HealthDot, healthLabel } from '../common/HealthDot';
import { ErrorState } from '../common/States';
import { useNamespace } from '../common/useNamespace';
import { EventsTable, Section } from '../resources/DetailSections';

const COUNTED = [
  ['nodes', 'Nodes'], ['namespaces', 'Namespaces'], ['pods', 'Pods'], ['deployments', 'Deployments'],
  ['statefulsets', 'StatefulSets'], ['daemonsets', 'DaemonSets'], ['jobs', 'Jobs'], ['services', 'Services'],
] as const;
const CLUSTER_SCOPED = new Set(['nodes', 'namespaces']);

function CountCard({ clusterId, resource, title, namespace }: {
  clusterId: string; resource: string; title: string; namespace: string;
}) {
  const ns = CLUSTER_SCOPED.has(resource) ? undefined : namespace || undefined;
  const query = useQuery({
    queryKey: ['resources', clusterId, resource, 'list', { namespace: ns, limit: 1, count: true }],
    queryFn: () => resourcesApi.list(clusterId, resource, { namespace: ns, limit: 1 }),
    refetchInterval: 10_000,
  });
  return (
    <Card variant="outlined">
      <CardActionArea component={RouterLink} to={`/c/${encodeURIComponent(clusterId)}/${resource}`} aria-label={`${title}: ${query.data?.total ?? 'loading'}`}>
        <CardContent>
          <Typography variant="body2" color="text.secondary">{title}</Typography>
          <Typography variant="h4" component="p">{query.data ? query.data.total.toLocaleString() : query.isError ? '!' : '…'}</Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

export function OverviewPage() {
  const { activeCluster } = useClusters();
  const clusterId = activeCluster?.id ?? '';
  const [namespace] = useNamespace(clusterId);
  const warnings = useQuery({
    queryKey: ['resources', clusterId, 'events', 'warnings', namespace],
    queryFn: () => resourcesApi.list(clusterId, 'events', {
      namespace: namespace || undefined, sort: '-last_seen', limit: 10, filters: { type: 'Warning' },
    }),
    select: (list) => list.items,
    enabled: Boolean(clusterId),
    refetchInterval: 10_000,
  });
  if (!activeCluster) return null;
  const health = activeCluster.health;
  return (
    <Box>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" component="h1">{activeCluster.name}</Typography>
        <HealthDot health={health} />
        <Typography variant="body2" color="text.secondary">
          {healthLabel(health)}{health.version ? ` · Kubernetes ${health.version}` : ''}
          {health.latency_ms !== null && health.latency_ms !== undefined ? ` · ${Math.round(health.latency_ms)} ms` : ''}
          {namespace ? ` · namespace ${namespace}` : ''}
        </Typography>
      </Stack>
      {health.status !== 'healthy' && health.reason ? <ErrorState error={new Error(health.reason)} title="This cluster is not healthy" /> : null}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', mb: 3 }}>
        {COUNTED.map(([resource, title]) => (
          <CountCard key={resource} clusterId={clusterId} resource={resource} title={title} namespace={namespace} />
        ))}
      </Box>
      <Section title="Recent warnings">
        {warnings.isError ? <ErrorState error={warnings.error} title="Could not load events" /> : null}
        {warnings.data ? <EventsTable events={warnings.data} /> : null}
      </Section>
    </Box>
  );
}
