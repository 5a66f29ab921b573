// A kubectl console for roles with kubectl:run: arguments split client-side, run in the picked
// namespace, output with exit code and duration, ↑/↓ history.
import { useState, type KeyboardEvent } from 'react';
import { Alert, Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useClusters } from '../../contexts/ClusterContext';
import { errorMessage, request } from '../../services/api';
import { useNamespace } from '../common/useNamespace';
import { splitArgs } from './splitArgs';

interface KubectlResult {
  exit_code: number | null; stdout: string; stderr: string; duration_ms: number;
  truncated?: boolean; timed_out?: boolean;
}
const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 };

export function KubectlPage() {
  const { activeCluster } = useClusters();
  const clusterId = activeCluster?.id ?? '';
  const [namespace] = useNamespace(clusterId);
  const [line, setLine] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (args: string[]) => request<KubectlResult>('/kubectl', {
      cluster: clusterId, method: 'POST', body: { args, namespace: namespace || null },
    }),
  });
  const submit = () => {
    let args: string[];
    try { args = splitArgs(line.replace(/^\s*kubectl\s+/, '')); } catch (e) { setParseError(errorMessage(e)); return; }
    setParseError(null);
    if (args.length === 0) return;
    setHistory((h) => (h.at(-1) === line ? h : [...h, line]));
    setCursor(null);
    run.mutate(args);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') { event.preventDefault(); submit(); return; }
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    if (history.length === 0) return;
    event.preventDefault();
    let next = cursor ?? history.length;
    next = event.key === 'ArrowUp' ? Math.max(0, next - 1) : next + 1;
    if (next >= history.length) { setCursor(null); setLine(''); return; }
    setCursor(next);
    setLine(history[next]!);
  };
  const result = run.data;
  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>kubectl</Typography>
      <Stack direction="row" spacing={1} sx={{ mb: 2, alignItems: 'center' }}>
        <TextField label="kubectl arguments" value={line} onChange={(e) => setLine(e.target.value)}
          onKeyDown={onKey} fullWidth size="small" placeholder="get pods -o wide"
          helperText={`Namespace: ${namespace || 'context default (use -A for all)'} · ↑/↓ for history`}
          slotProps={{ htmlInput: { style: mono, autoComplete: 'off', spellCheck: false } }} />
        <Button variant="contained" onClick={submit} disabled={run.isPending}>Run</Button>
      </Stack>
      {parseError ? <Alert severity="error" sx={{ mb: 1 }}>{parseError}</Alert> : null}
      {run.isError ? <Alert severity="error" sx={{ mb: 1 }}>{errorMessage(run.error)}</Alert> : null}
      {result ? (
        <Box role="region" aria-label="Output">
          <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
            <Chip size="small" color={result.exit_code === 0 ? 'success' : 'error'} label={`Exit code ${result.exit_code ?? 'none'}`} />
            <Chip size="small" label={`${result.duration_ms} ms`} />
            {result.truncated ? <Chip size="small" color="warning" label="Output truncated" /> : null}
            {result.timed_out ? <Chip size="small" color="warning" label="Timed out" /> : null}
          </Stack>
          {result.stdout ? <Box component="pre" aria-label="stdout" tabIndex={0} sx={{ ...mono, m: 0, mb: 1, p: 1, border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'auto', maxHeight: '60vh' }}>{result.stdout}</Box> : null}
          {result.stderr ? <Box component="pre" aria-label="stderr" tabIndex={0} sx={{ ...mono, m: 0, p: 1, border: 1, borderColor: 'error.main', color: 'error.main', borderRadius: 1, overflow: 'auto', maxHeight: '30vh' }}>{result.stderr}</Box> : null}
        </Box>
      ) : null}
    </Box>
  );
}
