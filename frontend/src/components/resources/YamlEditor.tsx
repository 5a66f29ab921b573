// The YAML editor (CodeMirror, loaded on demand): edit → preview the server's dry-run diff → apply.
import { useMemo, useState } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import CodeMirror from '@uiw/react-codemirror';
import { yaml as yamlLanguage } from '@codemirror/lang-yaml';
import { errorMessage } from '../../services/api';
import { applyApi, type ApplyResult } from '../../services/endpoints/apply';
import { useToast } from '../common/Toasts';
import { DiffView } from './DiffView';

export default function YamlEditor({ clusterId, initial, onDone }: {
  clusterId: string; initial: string; onDone: () => void;
}) {
  const [text, setText] = useState(initial);
  const [preview, setPreview] = useState<ApplyResult | null>(null);
  const notify = useToast();
  const queryClient = useQueryClient();
  const extensions = useMemo(() => [yamlLanguage()], []);
  const dryRun = useMutation({
    mutationFn: () => applyApi.apply(clusterId, text, true),
    onSuccess: setPreview,
  });
  const apply = useMutation({
    mutationFn: () => applyApi.apply(clusterId, text, false),
    onSuccess: (result) => {
      const changed = result.results.filter((r) => r.action !== 'unchanged').length;
      notify(`Applied: ${changed} object${changed === 1 ? '' : 's'} changed`);
      void queryClient.invalidateQueries({ queryKey: ['resources', clusterId] });
      onDone();
    },
  });
  const error = dryRun.error ?? apply.error;
  return (
    <Box>
      <Box aria-label="YAML editor" role="group" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, mb: 1 }}>
        <CodeMirror value={text} height="50vh" extensions={extensions}
          onChange={(value) => { setText(value); setPreview(null); }}
          aria-label="YAML editor" />
      </Box>
      {error ? <Alert severity="error" sx={{ mb: 1, whiteSpace: 'pre-wrap' }}>{errorMessage(error)}</Alert> : null}
      <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
        <Button variant="outlined" onClick={() => { apply.reset(); dryRun.mutate(); }}
          disabled={dryRun.isPending}>Preview changes</Button>
        <Button variant="contained" onClick={() => apply.mutate()} disabled={!preview || apply.isPending}>Apply</Button>
        <Button onClick={onDone}>Cancel</Button>
      </Stack>
      {preview ? (
        <Box role="region" aria-label="Changes">
          {preview.results.map((item) => (
            <Box key={item.index} sx={{ mb: 1 }}>
              <Typography variant="subtitle2">
                {item.kind} {item.namespace ? `${item.namespace}/` : ''}{item.name}: {item.action}
              </Typography>
              {item.warning ? <Alert severity="warning">{item.warning}</Alert> : null}
              {item.diff ? <DiffView diff={item.diff} label={`Diff of ${item.name}`} />
                : <Typography variant="body2" color="text.secondary">No differences</Typography>}
            </Box>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
