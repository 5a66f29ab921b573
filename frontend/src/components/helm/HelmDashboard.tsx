// The Helm page of a cluster: releases, the chart browser and the chart repositories, one tab
// each with its own URL (`/c/:clusterId/helm/releases|charts|repos`).
import { Box, Button, Stack, Tab, Tabs, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { useClusters } from '../../contexts/ClusterContext';
import { ChartBrowser } from './ChartBrowser';
import { helmUrl, installUrl } from './paths';
import { ReleaseList } from './ReleaseList';
import { RepoManagement } from './RepoManagement';

const TABS = ['releases', 'charts', 'repos'] as const;
type HelmTab = (typeof TABS)[number];

export function HelmDashboard() {
  const { tab } = useParams();
  const { activeCluster } = useClusters();
  const { hasPermission } = useAuth();
  const navigate = useNavigate();
  const clusterId = activeCluster?.id ?? '';
  if (!clusterId) return null;
  if (!TABS.includes(tab as HelmTab)) return <Navigate to={helmUrl(clusterId)} replace />;
  const current = tab as HelmTab;
  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h5" component="h1">Helm</Typography>
        <Box sx={{ flex: 1 }} />
        {hasPermission('helm:install') ? (
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => navigate(installUrl(clusterId))}>Install chart</Button>
        ) : null}
      </Stack>
      <Tabs value={current} onChange={(_, v: HelmTab) => navigate(helmUrl(clusterId, v))} aria-label="Helm views" sx={{ mb: 2 }}>
        <Tab value="releases" label="Releases" />
        <Tab value="charts" label="Charts" />
        <Tab value="repos" label="Repositories" />
      </Tabs>
      {current === 'releases' ? <ReleaseList clusterId={clusterId} /> : null}
      {current === 'charts' ? <ChartBrowser clusterId={clusterId} /> : null}
      {current === 'repos' ? <RepoManagement /> : null}
    </Box>
  );
}
