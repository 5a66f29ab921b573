// One release: status, resources with their live status, notes, values (user-supplied or
// computed), history with diffs; upgrade, rollback and uninstall as the role allows. A running
// operation (`?op=<id>`) is followed at the top of the page.
import { useState } from 'react';
import {
  Box, Breadcrumbs, Button, Link, Stack, Tab, Tabs, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { useClusters } from '../../contexts/ClusterContext';
import {
  helmApi, helmKeys, type HelmOperation, type HelmReleaseDetail, type ReleaseRef,
} from '../../services/endpoints/helm';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ErrorState, LoadingRows } from '../common/States';
import { OperationProgress } from './OperationProgress';
import { helmUrl } from './paths';
import { ReleaseHistory } from './ReleaseHistory';
import { ReleaseStatus } from './ReleaseList';
import { ReleaseOverview, ReleaseValues } from './ReleaseSections';
import { UpgradeDialog } from './UpgradeDialog';

type TabName = 'overview' | 'values' | 'history';

function Actions({ release, detail, onOperation }: {
  release: ReleaseRef; detail: HelmReleaseDetail; onOperation: (id: string) => void;
}) {
  const { hasPermission } = useAuth();
  const [dialog, setDialog] = useState<'upgrade' | 'rollback' | 'uninstall' | null>(null);
  const close = () => setDialog(null);
  const rollbackTo = detail.revision - 1;
  return (
    <Stack direction="row" spacing={1}>
      {hasPermission('helm:upgrade') && !detail.pending ? <Button variant="outlined" onClick={() => setDialog('upgrade')}>Upgrade</Button> : null}
      {hasPermission('helm:rollback') && rollbackTo >= 1 ? (
        <Button variant="outlined" color="warning" onClick={() => setDialog('rollback')}>Roll back</Button>
      ) : null}
      {hasPermission('helm:uninstall') ? <Button variant="outlined" color="error" onClick={() => setDialog('uninstall')}>Uninstall</Button> : null}
      {dialog === 'upgrade' ? (
        <UpgradeDialog open release={release} chartName={detail.chart} onClose={close}
          onStarted={(id) => { close(); onOperation(id); }} />
      ) : null}
      <ConfirmDialog open={dialog === 'rollback'} title={`Roll back ${release.name} to revision ${rollbackTo}?`} confirmLabel="Roll back"
        onConfirm={async () => onOperation((await helmApi.rollback(release, rollbackTo)).id)} onClose={close}>
        {detail.pending ? `The release is ${detail.status}: rolling back unlocks it. ` : ''}
        A new revision is made from revision {rollbackTo}'s chart and values. Other revisions are on the History tab.
      </ConfirmDialog>
      <ConfirmDialog open={dialog === 'uninstall'} title={`Uninstall ${release.name}?`} confirmLabel="Uninstall" danger
        typeToConfirm={release.name} onConfirm={async () => onOperation((await helmApi.uninstall(release)).id)} onClose={close}>
        This deletes every resource of {release.name} from namespace {release.namespace} and its history. It cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}

export function ReleaseDetail() {
  const { namespace = '', name = '' } = useParams();
  const { activeCluster } = useClusters();
  const clusterId = activeCluster?.id ?? '';
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState<TabName>('overview');
  const operation = params.get('op');
  const release: ReleaseRef = { cluster: clusterId, namespace, name };
  const query = useQuery({
    queryKey: helmKeys.release(release), queryFn: () => helmApi.release(release),
    enabled: Boolean(clusterId), refetchInterval: 5_000,
  });
  const navigate = useNavigate();
  const follow = (id: string) => setParams({ op: id }, { replace: true });
  // Nothing is left to show once the release is uninstalled: back to the list (a toast says so).
  const finished = (op: HelmOperation) => {
    if (op.action === 'uninstall' && op.status === 'succeeded') navigate(helmUrl(clusterId), { replace: true });
  };

  const header = (
    <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 1 }}>
      <Link component={RouterLink} to={helmUrl(clusterId)} underline="hover">Helm releases</Link>
      <Typography color="text.secondary">{namespace}</Typography>
      <Typography color="text.primary">{name}</Typography>
    </Breadcrumbs>
  );
  const progress = operation ? <OperationProgress key={operation} id={operation} onFinished={finished} /> : null;
  if (query.isPending) return <>{header}{progress}<LoadingRows label={`Loading release ${name}`} /></>;
  if (query.isError) {
    return <>{header}{progress}<ErrorState error={query.error} title={`Could not load release ${name}`} onRetry={() => void query.refetch()} /></>;
  }
  const detail = query.data;
  return (
    <Box>
      {header}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h5" component="h1">{name}</Typography>
        <ReleaseStatus release={detail} />
        <Typography variant="body2" color="text.secondary" aria-label="Release chart">
          {detail.chart}-{detail.chart_version}{detail.app_version ? ` (app ${detail.app_version})` : ''} · revision {detail.revision}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Actions release={release} detail={detail} onOperation={follow} />
      </Stack>
      {progress}
      <Tabs value={tab} onChange={(_, v: TabName) => setTab(v)} aria-label="Release views" sx={{ mb: 2 }}>
        <Tab value="overview" label="Overview" />
        <Tab value="values" label="Values" />
        <Tab value="history" label="History" />
      </Tabs>
      {tab === 'overview' ? <ReleaseOverview clusterId={clusterId} detail={detail} /> : null}
      {tab === 'values' ? <ReleaseValues release={release} revision={detail.revision} userValues={detail.values} /> : null}
      {tab === 'history' ? <ReleaseHistory release={release} current={detail.revision} onOperation={follow} /> : null}
    </Box>
  );
}
