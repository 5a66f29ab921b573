// The review step's preview: a server dry run of the install (nothing applied) showing every
// resource it would create, the rendered manifest (Secret data redacted) and the chart's notes.
// It follows the inputs, so a changed name or namespace is previewed again.
import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../services/api';
import { helmApi, valuesProblem, type InstallRequest } from '../../services/endpoints/helm';
import { useDebounced } from '../../hooks/useDebounced';
import { LoadingRows } from '../common/States';

const preSx = {
  m: 0, p: 1, border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'auto', maxHeight: '40vh',
  fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
} as const;

export function InstallPreview({ cluster, body, enabled }: {
  cluster: string; body: InstallRequest; enabled: boolean;
}) {
  const settled = useDebounced(body, 400);
  const preview = useQuery({
    queryKey: ['helm', cluster, 'install-preview', settled],
    queryFn: () => helmApi.installPreview(cluster, settled),
    enabled: enabled && Boolean(cluster),
    retry: false,
    staleTime: 30_000,
  });
  if (!enabled) return null;
  if (preview.isPending) return <LoadingRows rows={4} label="Rendering the chart (dry run)" />;
  if (preview.isError) {
    const problem = valuesProblem(preview.error);
    return (
      <Alert severity="error" sx={{ whiteSpace: 'pre-wrap' }} aria-label="Preview problem">
        {problem
          ? `${problem.message}${problem.violations.length ? `\n${problem.violations.join('\n')}` : ''}\nGo back to the values to fix it.`
          : `The dry run failed: ${errorMessage(preview.error)}`}
      </Alert>
    );
  }
  const data = preview.data;
  return (
    <Stack spacing={1.5} aria-label="Install preview" component="section">
      <Typography variant="subtitle2">
        Resources it creates ({data.changes.length}, from a dry run: nothing is applied yet)
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }} role="list" aria-label="Resources to create">
        {data.changes.map((c) => (
          <Chip role="listitem" key={`${c.kind}/${c.namespace ?? ''}/${c.name}`} size="small" variant="outlined"
            label={`${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`} />
        ))}
      </Box>
      <Typography variant="subtitle2">Rendered manifest</Typography>
      <Box component="pre" aria-label="Rendered manifest" tabIndex={0} sx={preSx}>{data.manifest}</Box>
      {data.notes ? (
        <>
          <Typography variant="subtitle2">Notes</Typography>
          <Box component="pre" aria-label="Chart notes" tabIndex={0} sx={preSx}>{data.notes}</Box>
        </>
      ) : null}
    </Stack>
  );
}
