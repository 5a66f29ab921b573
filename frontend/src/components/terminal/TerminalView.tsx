// A shell in a pod: xterm.js over the exec WebSocket (protocol in the backend's
// services/exec_bridge.py). Lazy-loaded with xterm, so other pages never pay for it.
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { errorMessage, socketUrl } from '../../services/api';

export interface TerminalViewProps {
  clusterId: string;
  namespace: string;
  pod: string;
  containers: string[];
}

type State = { phase: 'connecting' | 'open' } | { phase: 'closed'; message: string; error?: boolean };
const SHELLS = ['sh', 'bash'];

export default function TerminalView({ clusterId, namespace, pod, containers }: TerminalViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const [container, setContainer] = useState(containers[0] ?? '');
  const [shell, setShell] = useState('sh');
  const [session, setSession] = useState(0);
  const [state, setState] = useState<State>({ phase: 'connecting' });

  useEffect(() => {
    if (!host.current) return undefined;
    const term = new Terminal({
      cursorBlink: true, fontSize: 13, convertEol: false, scrollback: 5000,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
      theme: { background: '#0d1117', foreground: '#e6edf3' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    fit.fit();
    let socket: WebSocket | null = null;
    let disposed = false;
    const encoder = new TextEncoder();
    const sendResize = () => {
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
      }
    };
    const input = term.onData((data) => {
      if (socket?.readyState === WebSocket.OPEN) socket.send(encoder.encode(data));
    });
    const resized = term.onResize(sendResize);
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(host.current);
    setState({ phase: 'connecting' });

    void (async () => {
      try {
        const url = await socketUrl(`/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/exec`,
          { container: container || undefined, command: [shell], tty: true }, clusterId);
        if (disposed) return;
        socket = new WebSocket(url);
        socket.binaryType = 'arraybuffer';
        socket.onopen = () => {
          setState({ phase: 'open' });
          sendResize();
          term.focus();
        };
        socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
          if (typeof event.data !== 'string') {
            term.write(new Uint8Array(event.data));
            return;
          }
          const message = parseControl(event.data);
          if (message?.type === 'exit') {
            const code = message.code ?? '?';
            term.write(`\r\n\x1b[2m[process exited with code ${code}]\x1b[0m\r\n`);
            setState({ phase: 'closed', message: `The shell exited with code ${code}.` });
          } else if (message?.type === 'error') {
            setState({ phase: 'closed', message: message.detail ?? 'The session failed.', error: true });
          } else {
            term.write(event.data);
          }
        };
        socket.onclose = (event) => {
          if (disposed) return;
          setState((s) => (s.phase === 'closed' ? s : {
            phase: 'closed', error: event.code !== 1000,
            message: event.code === 1000 ? 'The session ended.' : `The connection closed (${event.code}).`,
          }));
        };
      } catch (e) {
        setState({ phase: 'closed', message: errorMessage(e), error: true });
      }
    })();

    return () => {
      disposed = true;
      observer.disconnect();
      input.dispose();
      resized.dispose();
      socket?.close(1000);
      term.dispose();
    };
  }, [clusterId, namespace, pod, container, shell, session]);

  return (
    <Box>
      <Stack direction="row" spacing={1.5} sx={{ mb: 1.5, alignItems: 'center' }}>
        {containers.length > 1 ? (
          <TextField select size="small" label="Container" value={container} onChange={(e) => setContainer(e.target.value)} sx={{ minWidth: 180 }}>
            {containers.map((c) => <MenuItem key={c} value={c}>{c}</MenuItem>)}
          </TextField>
        ) : null}
        <TextField select size="small" label="Shell" value={shell} onChange={(e) => setShell(e.target.value)} sx={{ width: 100 }}>
          {SHELLS.map((s) => <MenuItem key={s} value={s}>{s}</MenuItem>)}
        </TextField>
        <Typography variant="caption" color="text.secondary" role="status">
          {state.phase === 'connecting' ? 'Connecting…' : state.phase === 'open' ? `Connected to ${pod}` : 'Disconnected'}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {state.phase === 'closed' ? (
          <Button variant="outlined" size="small" onClick={() => setSession((n) => n + 1)}>Reconnect</Button>
        ) : null}
      </Stack>
      {state.phase === 'closed' ? (
        <Alert severity={state.error ? 'error' : 'info'} sx={{ mb: 1 }}>{state.message}</Alert>
      ) : null}
      <Box ref={host} role="application" aria-label={`Terminal in ${pod}`}
        sx={{ height: '60vh', p: 1, borderRadius: 1, bgcolor: '#0d1117', overflow: 'hidden' }} />
    </Box>
  );
}

function parseControl(text: string): { type?: string; code?: number | null; detail?: string } | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as { type?: string }) : null;
  } catch {
    return null;
  }
}
