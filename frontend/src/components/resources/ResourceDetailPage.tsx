// One object: summary, conditions, containers, related objects, events, its YAML, and the
// actions the caller's role allows.
import { lazy, Suspense } from 'react';
import { Box, Breadcrumbs, Link, Stack, Tab, Tabs, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { useClusters } from '../../contexts/ClusterContext';
import { detailKey } from '../../hooks/resourceKeys';
import { useLiveResource } from '../../hooks/useLiveResource';
import { resourcesApi } from '../../services/endpoints/resources';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { StatusChip } from '../common/StatusChip';
import {
  Conditions, Containers, EventsTable, Labels, Section, SummaryFields, containersOf,
} from './DetailSections';
import { KIND_BY_RESOURCE } from './kinds';
import { LiveIndicator } from './LiveIndicator';
import { RelatedObjects } from './RelatedObjects';
import { ResourceActions } from './ResourceActions';
import { YamlView } from './YamlView';

const LogsView = lazy(() => import('../logs/LogsView'));
const TerminalView = lazy(() => import('../terminal/TerminalView'));
const WITH_LOGS = new Set(['pods', 'deployments', 'statefulsets', 'daemonsets', 'jobs', 'replicasets']);
type TabName = 'overview' | 'yaml' | 'logs' | 'terminal';

export { detailKey };

export function ResourceDetailPage() {
  const { resource = '', namespace = null, name = '' } = useParams();
  const { activeCluster } = useClusters();
  const clusterId = activeCluster?.id ?? '';
  const kind = KIND_BY_RESOURCE[resource];
  const { hasPermission } = useAuth();
  const [searchParams, setSearchParams] = useSearchParams();
  const canLogs = WITH_LOGS.has(resource) && namespace !== null && hasPermission('pods:logs');
  const canExec = resource === 'pods' && namespace !== null && hasPermission('pods:exec');
  const wanted = (searchParams.get('tab') ?? 'overview') as TabName;
  const tab: TabName = (wanted === 'logs' && !canLogs) || (wanted === 'terminal' && !canExec) ? 'overview' : wanted;
  const setTab = (next: TabName) => setSearchParams(next === 'overview' ? {} : { tab: next }, { replace: true });
  const live = useLiveResource(kind && clusterId ? { clusterId, resource, namespace } : null);
  const query = useQuery({
    queryKey: detailKey(clusterId, resource, namespace, name),
    queryFn: () => resourcesApi.detail(clusterId, resource, namespace, name),
    enabled: Boolean(clusterId && kind),
    // Live events refresh the object (see useLiveResource); poll only while they cannot.
    refetchInterval: live.live ? false : 5_000,
  });

  if (!kind) return <EmptyState title={`Unknown kind “${resource}”`} />;
  const listPath = `/c/${encodeURIComponent(clusterId)}/${resource}`;
  const header = (
    <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 1 }}>
      <Link component={RouterLink} to={listPath} underline="hover">{kind.title}</Link>
      {namespace ? <Typography color="text.secondary">{namespace}</Typography> : null}
      <Typography color="text.primary">{name}</Typography>
    </Breadcrumbs>
  );
  if (query.isPending) return <>{header}<LoadingRows label={`Loading ${kind.singular} ${name}`} /></>;
  if (query.isError) {
    return <>{header}<ErrorState error={query.error} title={`Could not load ${kind.singular} ${name}`} onRetry={() => void query.refetch()} /></>;
  }

  const { object, summary, related, events } = query.data;
  const replicas = typeof summary.replicas === 'number' ? summary.replicas : null;
  const containerNames = containersOf(object).map((c) => c.name);
  const hasContainers = containerNames.length > 0;
  return (
    <Box>
      {header}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h5" component="h1" sx={{ overflowWrap: 'anywhere' }}>{name}</Typography>
        <StatusChip status={typeof summary.status === 'string' ? summary.status : null} />
        {typeof summary.ready === 'string' ? <Typography variant="body2" color="text.secondary">Ready {summary.ready}</Typography> : null}
        <LiveIndicator live={live} />
        <Box sx={{ flex: 1 }} />
        <ResourceActions clusterId={clusterId} kind={kind} namespace={namespace} name={name} replicas={replicas} />
      </Stack>
      <Tabs value={tab} onChange={(_, v: TabName) => setTab(v)} sx={{ mb: 2 }} aria-label="Views">
        <Tab value="overview" label="Overview" />
        <Tab value="yaml" label="YAML" />
        {canLogs ? <Tab value="logs" label="Logs" /> : null}
        {canExec ? <Tab value="terminal" label="Terminal" /> : null}
      </Tabs>
      {tab === 'logs' && namespace ? (
        <Suspense fallback={<LoadingRows label="Loading the log viewer" />}>
          <LogsView clusterId={clusterId} resource={resource} namespace={namespace} name={name} containers={containerNames} />
        </Suspense>
      ) : null}
      {tab === 'terminal' && namespace ? (
        <Suspense fallback={<LoadingRows label="Loading the terminal" />}>
          <TerminalView clusterId={clusterId} namespace={namespace} pod={name} containers={containerNames} />
        </Suspense>
      ) : null}
      {tab === 'yaml' ? <YamlView clusterId={clusterId} resource={resource} namespace={namespace} name={name} /> : null}
      {tab === 'overview' ? (
        <>
          <Section title="Summary"><SummaryFields summary={summary} /></Section>
          <Section title="Labels"><Labels labels={object.metadata.labels} /></Section>
          {object.status?.conditions ? <Section title="Conditions"><Conditions object={object} /></Section> : null}
          {hasContainers ? <Section title="Containers"><Containers object={object} /></Section> : null}
          <Section title="Related objects"><RelatedObjects clusterId={clusterId} related={related} namespace={namespace} /></Section>
          <Section title="Events"><EventsTable events={events} /></Section>
        </>
      ) : null}
    </Box>
  );
}
