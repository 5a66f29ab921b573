// Chart repositories: everyone with helm:read sees the list; helm:repos (admins) add, update
// and remove. Credentials are never shown back, only whether a password or CA is stored.
import { useState } from 'react';
import {
  Alert, Button, Chip, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import RefreshIcon from '@mui/icons-material/Refresh';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../../contexts/AuthContext';
import { errorMessage } from '../../services/api';
import { helmApi, helmKeys, type HelmRepo } from '../../services/endpoints/helm';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { useToast } from '../common/Toasts';
import { AddRepoDialog } from './AddRepoDialog';

function Auth({ repo }: { repo: HelmRepo }) {
  const parts = [
    repo.username ? `user ${repo.username}` : null,
    repo.has_password ? 'password stored' : null,
    repo.has_ca_cert ? 'CA certificate' : null,
    repo.insecure_skip_tls_verify ? 'TLS not verified' : null,
  ].filter(Boolean);
  return <>{parts.length ? parts.join(', ') : 'public'}</>;
}

export function RepoManagement() {
  const { hasPermission } = useAuth();
  const canManage = hasPermission('helm:repos');
  const queryClient = useQueryClient();
  const notify = useToast();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const [updating, setUpdating] = useState<string | null>(null);
  const query = useQuery({ queryKey: helmKeys.repos(), queryFn: helmApi.repos });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['helm'] });

  const update = async (name: string) => {
    setUpdating(name);
    try {
      const result = await helmApi.updateRepo(name);
      notify(result.updated ? `Updated the index of ${name}` : `${name}: ${result.error ?? 'not updated'}`, result.updated ? 'success' : 'error');
      await refresh();
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setUpdating(null);
    }
  };
  const remove = async () => {
    if (!removing) return;
    await helmApi.removeRepo(removing);
    notify(`Removed repository ${removing}`);
    await refresh();
  };

  const toolbar = canManage ? (
    <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
      <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>Add repository</Button>
    </Stack>
  ) : null;
  const dialog = canManage ? (
    <AddRepoDialog open={adding} onClose={() => setAdding(false)}
      onAdded={(repo) => { setAdding(false); notify(`Added repository ${repo.name}`); void refresh(); }} />
  ) : null;

  if (query.isPending) return <LoadingRows label="Loading repositories" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not list the repositories" onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) {
    return (
      <>
        {toolbar}
        <EmptyState title={canManage ? 'No repositories yet — add one' : 'No repositories yet'}>
          {canManage ? 'Add a chart repository (HTTP or OCI) to browse and install its charts.' : 'Ask an admin to add a chart repository.'}
        </EmptyState>
        {dialog}
      </>
    );
  }
  return (
    <>
      {toolbar}
      <TableContainer>
        <Table size="small" aria-label="Chart repositories">
          <TableHead>
            <TableRow>
              {['Name', 'URL', 'Kind', 'Authentication', ...(canManage ? ['Actions'] : [])].map((h) => <TableCell key={h}>{h}</TableCell>)}
            </TableRow>
          </TableHead>
          <TableBody>
            {query.data.map((repo) => (
              <TableRow key={repo.name}>
                <TableCell>{repo.name}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>
                  {repo.url}
                  {repo.error ? <Alert severity="warning" sx={{ mt: 0.5, py: 0 }}>{repo.error}</Alert> : null}
                </TableCell>
                <TableCell><Chip size="small" label={repo.kind.toUpperCase()} /></TableCell>
                <TableCell><Auth repo={repo} /></TableCell>
                {canManage ? (
                  <TableCell>
                    <Stack direction="row" spacing={1}>
                      {repo.kind === 'http' ? (
                        <Button size="small" startIcon={<RefreshIcon />} disabled={updating === repo.name}
                          onClick={() => void update(repo.name)} aria-label={`Update ${repo.name}`}>Update</Button>
                      ) : null}
                      <Button size="small" color="error" onClick={() => setRemoving(repo.name)} aria-label={`Remove ${repo.name}`}>Remove</Button>
                    </Stack>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {dialog}
      <ConfirmDialog open={removing !== null} title={`Remove repository ${removing ?? ''}?`} confirmLabel="Remove" danger
        onConfirm={remove} onClose={() => setRemoving(null)}>
        Its charts can no longer be searched or installed. Installed releases are not affected.
      </ConfirmDialog>
    </>
  );
}
