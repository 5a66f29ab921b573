// The object as YAML, read-only for now (the CodeMirror editor with diff and apply comes later
// and will be lazy-loaded here).
import { Box, Button, Stack } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { resourcesApi } from '../../services/endpoints/resources';
import { ErrorState, LoadingRows } from '../common/States';
import { useToast } from '../common/Toasts';

export function YamlView({ clusterId, resource, namespace, name }: {
  clusterId: string; resource: string; namespace: string | null; name: string;
}) {
  const notify = useToast();
  const query = useQuery({
    queryKey: ['resources', clusterId, resource, 'yaml', namespace, name],
    queryFn: () => resourcesApi.yaml(clusterId, resource, namespace, name),
  });
  if (query.isPending) return <LoadingRows rows={12} label="Loading YAML" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load the YAML" />;
  const copy = () => {
    void navigator.clipboard?.writeText(query.data).then(() => notify('YAML copied'));
  };
  return (
    <Box>
      <Stack direction="row" sx={{ justifyContent: 'flex-end', mb: 1 }}>
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
