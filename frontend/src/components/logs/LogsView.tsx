// Logs of a pod (one container) or of every pod of a workload, merged by the server:
// container picker, tail size, follow (streamed), search, wrap, download. Lazy-loaded.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert, Box, Button, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { ApiError, errorMessage, requestRaw } from '../../services/api';
import { objectPath } from '../../services/endpoints/resources';

export const MAX_LINES = 20_000;
const TAILS = [100, 500, 1000, 5000];

export interface LogsViewProps {
  clusterId: string;
  resource: string;
  namespace: string;
  name: string;
  containers: string[];
}

type Status = 'connecting' | 'streaming' | 'ended' | 'error';

export default function LogsView({ clusterId, resource, namespace, name, containers }: LogsViewProps) {
  const [container, setContainer] = useState(containers.length > 1 ? '' : (containers[0] ?? ''));
  const [tail, setTail] = useState(500);
  const [follow, setFollow] = useState(true);
  const [wrap, setWrap] = useState(false);
  const [search, setSearch] = useState('');
  const [lines, setLines] = useState<string[]>([]);
  const [status, setStatus] = useState<Status>('connecting');
  const [error, setError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const controller = new AbortController();
    const buffer: string[] = [];
    let partial = '';
    let flushTimer: number | null = null;
    const flush = () => {
      flushTimer = null;
      setLines(buffer.slice(-MAX_LINES));
    };
    const push = (text: string) => {
      const parts = (partial + text).split('\n');
      partial = parts.pop() ?? '';
      buffer.push(...parts);
      if (buffer.length > MAX_LINES * 2) buffer.splice(0, buffer.length - MAX_LINES);
      flushTimer ??= window.setTimeout(flush, 100);
    };
    setLines([]);
    setError(null);
    setStatus('connecting');
    (async () => {
      try {
        const response = await requestRaw(`${objectPath(resource, namespace, name)}/logs`, {
          cluster: clusterId, signal: controller.signal, responseType: 'text',
          query: { container: container || undefined, tail_lines: tail, follow },
        });
        setStatus('streaming');
        const reader = response.body?.getReader();
        if (!reader) {
          push(await response.text());
        } else {
          const decoder = new TextDecoder();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            push(decoder.decode(value, { stream: true }));
          }
        }
        if (partial) push('\n');
        flush();
        setStatus('ended');
      } catch (e) {
        if (controller.signal.aborted) return;
        setStatus('error');
        setError(e instanceof ApiError ? e.message : errorMessage(e));
      }
    })();
    return () => {
      controller.abort();
      if (flushTimer !== null) window.clearTimeout(flushTimer);
    };
  }, [clusterId, resource, namespace, name, container, tail, follow]);

  const needle = search.trim().toLowerCase();
  const shown = useMemo(
    () => (needle ? lines.filter((l) => l.toLowerCase().includes(needle)) : lines), [lines, needle]);

  // Keep following the end unless the reader scrolled up.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  const download = () => {
    const blob = new Blob([lines.join('\n') + '\n'], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${name}${container ? `-${container}` : ''}.log`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <Box>
      <Stack direction="row" spacing={1.5} sx={{ mb: 1.5, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        {containers.length > 1 || resource !== 'pods' ? (
          <TextField select size="small" label="Container" value={container} sx={{ minWidth: 180 }}
            onChange={(e) => setContainer(e.target.value)}
            slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}>
            <MenuItem value="">{resource === 'pods' ? 'Default container' : 'All containers'}</MenuItem>
            {containers.map((c) => <MenuItem key={c} value={c}>{c}</MenuItem>)}
          </TextField>
        ) : null}
        <TextField select size="small" label="Lines" value={tail} onChange={(e) => setTail(Number(e.target.value))} sx={{ width: 110 }}>
          {TAILS.map((n) => <MenuItem key={n} value={n}>last {n}</MenuItem>)}
        </TextField>
        <TextField size="small" label="Search logs" value={search} onChange={(e) => setSearch(e.target.value)} />
        <FormControlLabel control={<Switch checked={follow} onChange={(e) => setFollow(e.target.checked)} />} label="Follow" />
        <FormControlLabel control={<Switch checked={wrap} onChange={(e) => setWrap(e.target.checked)} />} label="Wrap lines" />
        <Box sx={{ flex: 1 }} />
        <Typography variant="caption" color="text.secondary" role="status">
          {status === 'connecting' ? 'Connecting…' : status === 'streaming' ? (follow ? 'Following' : 'Loading…') : status === 'ended' ? 'End of logs' : 'Stopped'}
          {` · ${needle ? `${shown.length} of ` : ''}${lines.length} lines`}
        </Typography>
        <Button size="small" startIcon={<DownloadIcon />} onClick={download} disabled={!lines.length}>Download</Button>
      </Stack>
      {error ? <Alert severity="error" sx={{ mb: 1 }}>{error}</Alert> : null}
      <Box ref={scrollRef} role="log" aria-label="Log output" aria-live="off" tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
        sx={{
          height: '60vh', overflow: 'auto', p: 1.5, borderRadius: 1, bgcolor: '#0d1117', color: '#e6edf3',
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12, lineHeight: 1.5,
          whiteSpace: wrap ? 'pre-wrap' : 'pre', overflowWrap: wrap ? 'anywhere' : 'normal',
        }}>
        {shown.length === 0 && status !== 'connecting'
          ? <Typography component="span" sx={{ opacity: 0.6, fontSize: 12 }}>{needle ? 'No line matches the search.' : 'No log lines yet.'}</Typography>
          : shown.slice(-5_000).map((line, i) => <div key={i}>{line || ' '}</div>)}
      </Box>
    </Box>
  );
}
