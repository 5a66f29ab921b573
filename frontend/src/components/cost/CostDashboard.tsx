// The cost page: scope (one cluster or the whole fleet) and period in the header, the summary
// cards, then one view at a time (namespaces, trends, recommendations, idle, settings).
// Lives at /c/:clusterId/cost and, for the fleet, /cost/all.
import {
  Box, MenuItem, Stack, Tab, Tabs, TextField, ToggleButton, ToggleButtonGroup, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { useClusters } from '../../contexts/ClusterContext';
import { costApi, FLEET, type CostPeriod } from '../../services/endpoints/cost';
import { ErrorState } from '../common/States';
import { CostOverview, OverviewSkeleton } from './CostOverview';
import { CostSettings, SETTINGS_KEY } from './CostSettings';
import { CostTrends } from './CostTrends';
import { IdleResources } from './IdleResources';
import { LabelCosts } from './LabelCosts';
import { NamespaceCosts } from './NamespaceCosts';
import { NoSamples } from './NoSamples';
import { PERIODS } from './costFormat';
import { Recommendations } from './Recommendations';
import { useCostParams, type CostTab } from './useCostParams';

const TAB_LABELS: Record<CostTab, string> = {
  namespaces: 'By namespace', labels: 'By label', trends: 'Trends', recommendations: 'Recommendations',
  idle: 'Idle resources', settings: 'Settings',
};

function ScopeToggle({ fleet }: { fleet: boolean }) {
  const { activeCluster } = useClusters();
  const navigate = useNavigate();
  const { search } = useLocation();
  const go = (toFleet: boolean) => {
    // The namespace drill-down belongs to the scope it was opened in.
    const params = new URLSearchParams(search);
    params.delete('ns');
    params.delete('ns_cluster');
    const qs = params.toString() ? `?${params.toString()}` : '';
    if (toFleet) navigate(`/cost/${FLEET}${qs}`);
    else if (activeCluster) navigate(`/c/${encodeURIComponent(activeCluster.id)}/cost${qs}`);
  };
  return (
    <ToggleButtonGroup size="small" exclusive value={fleet ? 'fleet' : 'cluster'} aria-label="Scope"
      onChange={(_, v: 'fleet' | 'cluster' | null) => { if (v) go(v === 'fleet'); }}>
      <ToggleButton value="cluster" disabled={!activeCluster} sx={{ textTransform: 'none' }}>
        {activeCluster?.name ?? 'No cluster'}
      </ToggleButton>
      <ToggleButton value="fleet" sx={{ textTransform: 'none' }}>All clusters</ToggleButton>
    </ToggleButtonGroup>
  );
}

export function CostDashboard({ fleet = false }: { fleet?: boolean }) {
  const { activeCluster } = useClusters();
  const { hasPermission } = useAuth();
  const { period, tab: wanted, update } = useCostParams();
  const scope = fleet ? FLEET : (activeCluster?.id ?? '');
  const canSettings = hasPermission('cost:settings');
  const tab: CostTab = wanted === 'settings' && !canSettings ? 'namespaces' : wanted;
  // The settings scope is any cluster the caller may read (settings themselves are global).
  const settingsScope = activeCluster?.id ?? FLEET;

  const overview = useQuery({
    queryKey: ['cost', scope, 'overview', period],
    queryFn: () => costApi.overview(scope, period),
    enabled: Boolean(scope),
    refetchInterval: 15_000,
  });
  // Only for "the collector samples every N seconds": a failure here is not worth a message.
  const settings = useQuery({
    queryKey: SETTINGS_KEY, queryFn: () => costApi.settings(settingsScope), retry: false, staleTime: 300_000,
  });
  const interval = settings.data?.sample_interval_seconds ?? null;
  const tabs = (Object.keys(TAB_LABELS) as CostTab[]).filter((t) => t !== 'settings' || canSettings);

  return (
    <Box>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h5" component="h1">Cost</Typography>
        <Typography variant="body1" color="text.secondary">{fleet ? 'All clusters' : activeCluster?.name}</Typography>
        <Box sx={{ flex: 1 }} />
        <ScopeToggle fleet={fleet} />
        <TextField select size="small" label="Period" value={period} sx={{ width: 170 }}
          onChange={(e) => update({ period: e.target.value as CostPeriod })}>
          {PERIODS.map((p) => <MenuItem key={p.value} value={p.value}>{p.label}</MenuItem>)}
        </TextField>
      </Stack>
      {overview.isPending ? <OverviewSkeleton /> : null}
      {overview.isError ? <ErrorState error={overview.error} title="Could not load the cost overview" onRetry={() => void overview.refetch()} /> : null}
      {overview.data && overview.data.samples === 0 ? <NoSamples interval={interval} /> : null}
      {overview.data && overview.data.samples > 0 ? <CostOverview data={overview.data} /> : null}
      <Tabs value={tab} onChange={(_, v: CostTab) => update({ tab: v, ns: null, ns_cluster: null, label: null })}
        aria-label="Cost views" variant="scrollable" sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        {tabs.map((t) => <Tab key={t} value={t} label={TAB_LABELS[t]} id={`cost-tab-${t}`} aria-controls="cost-panel" />)}
      </Tabs>
      <Box role="tabpanel" id="cost-panel" aria-labelledby={`cost-tab-${tab}`}>
        {scope && tab === 'namespaces' ? <NamespaceCosts scope={scope} period={period} sampleInterval={interval} /> : null}
        {scope && tab === 'labels' ? <LabelCosts scope={scope} period={period} sampleInterval={interval} /> : null}
        {scope && tab === 'trends' ? <CostTrends scope={scope} sampleInterval={interval} /> : null}
        {scope && tab === 'recommendations' ? <Recommendations scope={scope} period={period} /> : null}
        {scope && tab === 'idle' ? <IdleResources scope={scope} period={period} /> : null}
        {tab === 'settings' ? <CostSettings scope={settingsScope} /> : null}
      </Box>
    </Box>
  );
}
