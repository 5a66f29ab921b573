// The fleet: every cluster with its health, version, nodes and latency; admins add, rename and
// remove clusters here.
import { useState } from 'react';
import {
  Box, Button, Chip, IconButton, Link, Paper, Stack, Table, TableBody, TableCell, TableHead,
  TableRow, TextField, Tooltip, Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import { Link as RouterLink } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { useClusters } from '../../contexts/ClusterContext';
import { clustersApi } from '../../services/endpoints/clusters';
import type { Cluster } from '../../types';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ageSince } from '../common/format';
import { HealthDot, healthLabel } from '../common/HealthDot';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { useToast } from '../common/Toasts';
import { AddClusterDialog } from './AddClusterDialog';
import { visuallyHidden } from '../common/visuallyHidden';

export function ClustersPage() {
  const { clusters, loading, error, refreshClusters, activeCluster } = useClusters();
  const { hasPermission } = useAuth();
  const notify = useToast();
  const canManage = hasPermission('clusters:manage');
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<Cluster | null>(null);
  const [removing, setRemoving] = useState<Cluster | null>(null);

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>Clusters</Typography>
        {canManage ? <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>Add cluster</Button> : null}
      </Stack>
      {loading ? <LoadingRows label="Loading clusters" /> : null}
      {error && !clusters.length ? <ErrorState error={error} title="Could not load the clusters" onRetry={refreshClusters} /> : null}
      {!loading && !error && clusters.length === 0 ? (
        <EmptyState title="No clusters yet">
          {canManage ? 'Add one with “Add cluster” and a kubeconfig.' : 'Ask an administrator to add a cluster.'}
        </EmptyState>
      ) : null}
      {clusters.length > 0 ? (
        <Paper variant="outlined">
          <Table aria-label="Clusters">
            <TableHead>
              <TableRow>
                <TableCell>Cluster</TableCell><TableCell>Health</TableCell><TableCell>Version</TableCell>
                <TableCell align="right">Nodes</TableCell><TableCell align="right">Latency</TableCell>
                <TableCell>Source</TableCell><TableCell>Checked</TableCell>
                {canManage ? <TableCell align="right"><Box component="span" sx={visuallyHidden}>Actions</Box></TableCell> : null}
              </TableRow>
            </TableHead>
            <TableBody>
              {clusters.map((c) => (
                <TableRow key={c.id} selected={c.id === activeCluster?.id}>
                  <TableCell>
                    <Link component={RouterLink} to={`/c/${encodeURIComponent(c.id)}/overview`} sx={{ fontWeight: 600 }}>{c.name}</Link>
                    <Typography variant="caption" component="div" color="text.secondary">{c.id} · {c.server}</Typography>
                    {Object.entries(c.labels).map(([k, v]) => <Chip key={k} size="small" label={`${k}=${v}`} sx={{ mr: 0.5, mt: 0.5 }} />)}
                  </TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      <HealthDot health={c.health} />
                      <span>{healthLabel(c.health)}</span>
                    </Stack>
                    {c.health.reason ? <Typography variant="caption" color="error" component="div">{c.health.reason}</Typography> : null}
                  </TableCell>
                  <TableCell>{c.health.version ?? '—'}</TableCell>
                  <TableCell align="right">{c.health.node_count ?? '—'}</TableCell>
                  <TableCell align="right">{c.health.latency_ms !== null && c.health.latency_ms !== undefined ? `${Math.round(c.health.latency_ms)} ms` : '—'}</TableCell>
                  <TableCell>{c.source}{c.is_default ? ' · default' : ''}</TableCell>
                  <TableCell>{c.health.checked_at ? `${ageSince(c.health.checked_at)} ago` : '—'}</TableCell>
                  {canManage ? (
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title={c.removable ? 'Rename' : 'Defined in the config file: rename it there'}>
                        <span><IconButton aria-label={`Rename ${c.name}`} disabled={!c.removable} onClick={() => setRenaming(c)}><EditOutlinedIcon /></IconButton></span>
                      </Tooltip>
                      <Tooltip title={c.removable ? 'Remove' : 'Defined in the config file: remove it there'}>
                        <span><IconButton aria-label={`Remove ${c.name}`} disabled={!c.removable} onClick={() => setRemoving(c)}><DeleteOutlineIcon /></IconButton></span>
                      </Tooltip>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      ) : null}
      {canManage ? (
        <>
          <AddClusterDialog open={adding} onClose={() => setAdding(false)}
            onAdded={(c) => { setAdding(false); refreshClusters(); notify(`Added cluster ${c.name} (${healthLabel(c.health)})`); }} />
          <RenameDialog cluster={renaming} onClose={() => setRenaming(null)}
            onDone={(c) => { setRenaming(null); refreshClusters(); notify(`Renamed to ${c.name}`); }} />
          <ConfirmDialog open={removing !== null} title={`Remove cluster ${removing?.name ?? ''}?`}
            confirmLabel="Remove" danger typeToConfirm={removing?.id}
            onClose={() => setRemoving(null)}
            onConfirm={async () => {
              await clustersApi.remove(removing!.id);
              refreshClusters();
              notify(`Removed cluster ${removing!.name}`);
            }}>
            kubedeck forgets this cluster and its stored kubeconfig. Nothing changes in the cluster itself.
          </ConfirmDialog>
        </>
      ) : null}
    </Box>
  );
}

function RenameDialog({ cluster, onClose, onDone }: {
  cluster: Cluster | null; onClose: () => void; onDone: (c: Cluster) => void;
}) {
  const [name, setName] = useState('');
  const open = cluster !== null;
  return (
    <ConfirmDialog key={cluster?.id} open={open} title={`Rename ${cluster?.name ?? ''}`} confirmLabel="Rename"
      onClose={() => { setName(''); onClose(); }}
      onConfirm={async () => {
        const updated = await clustersApi.update(cluster!.id, { name: name.trim() || cluster!.name });
        setName('');
        onDone(updated);
      }}>
      <TextField autoFocus fullWidth margin="dense" label="New name" value={name}
        placeholder={cluster?.name} onChange={(e) => setName(e.target.value)} />
    </ConfirmDialog>
  );
}
