// Helm releases of the cluster, across namespaces (or the header's namespace): status, chart,
// app version, revision, updated. One `helm list` behind it, never a status per release.
// Releases stuck in pending-* say so and offer a rollback to the previous revision.
import { useMemo, useState } from 'react';
import {
  Button, Link, MenuItem, Stack, Table, TableBody, TableCell, TableContainer, TableHead,
  TableRow, TextField,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { helmApi, helmKeys, type HelmRelease } from '../../services/endpoints/helm';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { ageSince, formatDateTime } from '../common/format';
import { useNamespace } from '../common/useNamespace';
import { HelmStatusChip } from './HelmStatusChip';
import { releaseUrl } from './paths';

const STATUS_FILTERS = ['all', 'deployed', 'failed', 'pending', 'superseded', 'uninstalling'] as const;

export function ReleaseStatus({ release }: { release: Pick<HelmRelease, 'status' | 'pending'> }) {
  return <HelmStatusChip status={release.status} pending={release.pending} />;
}

function matches(release: HelmRelease, text: string, status: string): boolean {
  if (status === 'pending' ? !release.pending : status !== 'all' && release.status !== status) return false;
  if (!text) return true;
  const needle = text.toLowerCase();
  return [release.name, release.namespace, release.chart, release.app_version]
    .some((v) => v.toLowerCase().includes(needle));
}

export function ReleaseList({ clusterId }: { clusterId: string }) {
  const [namespace] = useNamespace(clusterId);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string>('all');
  const [rollingBack, setRollingBack] = useState<HelmRelease | null>(null);
  const { hasPermission } = useAuth();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: helmKeys.releases(clusterId, namespace),
    queryFn: () => helmApi.releases(clusterId, namespace || null),
    refetchInterval: 10_000,
  });
  const rows = useMemo(() => (query.data ?? []).filter((r) => matches(r, text, status)), [query.data, text, status]);
  const canRollback = hasPermission('helm:rollback');

  if (query.isPending) return <LoadingRows label="Loading releases" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not list the releases" onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) {
    return (
      <EmptyState title={namespace ? `No releases in ${namespace}` : 'No releases yet'}>
        {hasPermission('helm:install') ? 'Install a chart from the Charts tab.' : 'Releases installed with helm show up here.'}
      </EmptyState>
    );
  }
  const rollback = async () => {
    if (!rollingBack) return;
    const ref = { cluster: clusterId, namespace: rollingBack.namespace, name: rollingBack.name };
    const op = await helmApi.rollback(ref, rollingBack.revision - 1);
    navigate(`${releaseUrl(clusterId, rollingBack.namespace, rollingBack.name)}?op=${encodeURIComponent(op.id)}`);
  };
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
        <TextField size="small" label="Filter releases" value={text} onChange={(e) => setText(e.target.value)}
          placeholder="name, namespace, chart" sx={{ width: 280 }} />
        <TextField size="small" select label="Status" value={status} onChange={(e) => setStatus(e.target.value)} sx={{ width: 160 }}>
          {STATUS_FILTERS.map((s) => <MenuItem key={s} value={s}>{s}</MenuItem>)}
        </TextField>
      </Stack>
      <TableContainer>
        <Table size="small" aria-label="Helm releases">
          <TableHead>
            <TableRow>
              {['Name', 'Namespace', 'Status', 'Chart', 'App version', 'Revision', 'Updated', 'Actions'].map((h) => (
                <TableCell key={h}>{h}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={`${r.namespace}/${r.name}`} hover>
                <TableCell>
                  <Link component={RouterLink} to={releaseUrl(clusterId, r.namespace, r.name)}>{r.name}</Link>
                </TableCell>
                <TableCell>{r.namespace}</TableCell>
                <TableCell><ReleaseStatus release={r} /></TableCell>
                <TableCell>{r.chart}-{r.chart_version}</TableCell>
                <TableCell>{r.app_version || '—'}</TableCell>
                <TableCell>{r.revision}</TableCell>
                <TableCell title={formatDateTime(r.updated)}>{ageSince(r.updated)}</TableCell>
                <TableCell>
                  {r.pending && canRollback && r.suggested_action === 'rollback' && r.revision > 1 ? (
                    <Button size="small" color="warning" onClick={() => setRollingBack(r)}
                      aria-label={`Roll back ${r.name}`}>Roll back</Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {rows.length === 0 ? <EmptyState title="No release matches the filter" /> : null}
      <ConfirmDialog open={rollingBack !== null} title={`Roll back ${rollingBack?.name ?? ''}?`}
        confirmLabel="Roll back" onConfirm={rollback} onClose={() => setRollingBack(null)}>
        {rollingBack ? `${rollingBack.name} is ${rollingBack.status}. Rolling back to revision ${rollingBack.revision - 1} unlocks it.` : null}
      </ConfirmDialog>
    </>
  );
}
