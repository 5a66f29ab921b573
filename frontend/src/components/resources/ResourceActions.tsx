// Actions on one object, each shown only when the caller's role on this cluster allows it
// (absent, not disabled: the role table is the product's promise).
import { useState } from 'react';
import { Button, Stack } from '@mui/material';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import UnfoldMoreIcon from '@mui/icons-material/UnfoldMore';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { resourcesApi } from '../../services/endpoints/resources';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useToast } from '../common/Toasts';
import type { KindConfig } from './kinds';
import { ScaleDialog } from './ScaleDialog';

export const PERMISSIONS = {
  scale: 'deployments:scale',
  restart: 'workloads:restart',
  delete: 'resources:delete',
} as const;

export function ResourceActions({ clusterId, kind, namespace, name, replicas }: {
  clusterId: string; kind: KindConfig; namespace: string | null; name: string;
  replicas: number | null;
}) {
  const { hasPermission } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notify = useToast();
  const [dialog, setDialog] = useState<'scale' | 'restart' | 'delete' | null>(null);
  const { resource } = kind;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['resources', clusterId, resource] });

  const canScale = Boolean(kind.scalable && namespace && hasPermission(PERMISSIONS.scale));
  const canRestart = Boolean(kind.restartable && namespace && hasPermission(PERMISSIONS.restart));
  const canDelete = hasPermission(PERMISSIONS.delete);
  if (!canScale && !canRestart && !canDelete) return null;

  const scale = async (count: number) => {
    const result = await resourcesApi.scale(clusterId, resource, namespace!, name, count);
    notify(`Scaled ${name} to ${result.replicas} ${result.replicas === 1 ? 'replica' : 'replicas'}`);
    await refresh();
  };
  const restart = async () => {
    await resourcesApi.restart(clusterId, resource, namespace!, name);
    notify(`Restarting ${name}: its pods are being replaced`);
    await refresh();
  };
  const remove = async () => {
    const result = await resourcesApi.remove(clusterId, resource, namespace, name);
    notify(result.pending ? `${name} is being deleted` : `Deleted ${kind.singular} ${name}`);
    navigate(`/c/${encodeURIComponent(clusterId)}/${resource}`);
    await refresh();
  };

  return (
    <Stack direction="row" spacing={1}>
      {canScale ? (
        <Button variant="outlined" startIcon={<UnfoldMoreIcon />} onClick={() => setDialog('scale')}>Scale</Button>
      ) : null}
      {canRestart ? (
        <Button variant="outlined" startIcon={<RestartAltIcon />} onClick={() => setDialog('restart')}>Restart</Button>
      ) : null}
      {canDelete ? (
        <Button variant="outlined" color="error" startIcon={<DeleteOutlineIcon />} onClick={() => setDialog('delete')}>Delete</Button>
      ) : null}
      {canScale ? (
        <ScaleDialog open={dialog === 'scale'} name={name} current={replicas ?? 0}
          onScale={scale} onClose={() => setDialog(null)} />
      ) : null}
      <ConfirmDialog open={dialog === 'restart'} title={`Restart ${name}?`} confirmLabel="Restart"
        onConfirm={restart} onClose={() => setDialog(null)}>
        Every pod of this {kind.singular} is replaced, following its update strategy.
      </ConfirmDialog>
      <ConfirmDialog open={dialog === 'delete'} title={`Delete ${kind.singular} ${name}?`}
        confirmLabel="Delete" danger typeToConfirm={name} onConfirm={remove} onClose={() => setDialog(null)}>
        This deletes {name}{namespace ? ` from namespace ${namespace}` : ''} on cluster {clusterId}
        {kind.resource !== 'pods' ? ', and what it owns' : ''}. It cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}
