// The object as YAML; roles with resources:apply can edit it in a lazy-loaded CodeMirror editor
// with a dry-run diff preview before applying.
import { lazy, Suspense, useState } from 'react';
import { Box, Button, Stack } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useAuth } from '../../contexts/AuthContext';
import { resourcesApi } from '../../services/endpoints/resources';
import { ErrorState, LoadingRows } from '../common/States';
import { useToast } from '../common/Toasts';

const YamlEditor = lazy(() => import('./YamlEditor'));

export function YamlView({ clusterId, resource, namespace, name }: {
  clusterId: string; resource: string; namespace: string | null; name: string;
}) {
  const notify = useToast();
  const { hasPermission } = useAuth();
  const [editing, setEditing] = useState(false);
  const query = useQuery({
    queryKey: ['resources', clusterId, resource, 'yaml', namespace, name],
    queryFn: () => resourcesApi.yaml(clusterId, resource, namespace, name),
    enabled: !editing,
  });
  if (query.isPending) return <LoadingRows rows={12} label="Loading YAML" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load the YAML" />;
  if (editing) {
    return (
      <Suspense fallback={<LoadingRows rows={12} label="Loading the editor" />}>
        <YamlEditor clusterId={clusterId} initial={query.data} onDone={() => setEditing(false)} />
      </Suspense>
    );
  }
  const copy = () => {
    void navigator.clipboard?.writeText(query.data).then(() => notify('YAML copied'));
  };
  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end', mb: 1 }}>
        {hasPermission('resources:apply') ? <Button size="small" onClick={() => setEditing(true)}>Edit</Button> : null}
        <Button size="small" onClick={copy}>Copy</Button>
      </Stack>
      <Box component="pre" aria-label="YAML" tabIndex={0} sx={{
        m: 0, p: 2, border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'auto',
        maxHeight: '70vh', fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
        bgcolor: 'action.hover',
      }}>
        {query.data}
      </Box>
    </Box>
  );
}
