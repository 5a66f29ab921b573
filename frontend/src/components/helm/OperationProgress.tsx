// A tracked helm operation (install/upgrade/rollback/uninstall): polled until it ends, shown as
// progress, then its final status, helm's error or the chart's notes.
import { useEffect, useRef } from 'react';
import { Alert, AlertTitle, Box, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { helmApi, helmKeys, type HelmOperation } from '../../services/endpoints/helm';
import { ErrorState } from '../common/States';
import { useToast } from '../common/Toasts';
import { HelmStatusChip } from './HelmStatusChip';

const DONE = new Set(['succeeded', 'failed', 'lost']);
const PAST: Record<HelmOperation['action'], string> = {
  install: 'installed', upgrade: 'upgraded', rollback: 'rolled back', uninstall: 'uninstalled',
};

export function isFinished(op: HelmOperation | undefined): boolean {
  return op !== undefined && DONE.has(op.status);
}

/** Polls the operation every second until it ends; then refreshes every Helm query once and
 * tells the caller (a toast says how it went). */
export function useOperation(id: string | null, onFinished?: (op: HelmOperation) => void) {
  const queryClient = useQueryClient();
  const notify = useToast();
  const reported = useRef<string | null>(null);
  const query = useQuery({
    queryKey: ['helm', 'operation', id],
    queryFn: () => helmApi.operation(id ?? ''),
    enabled: id !== null,
    refetchInterval: (q) => (isFinished(q.state.data) ? false : 1_000),
  });
  const op = query.data;
  useEffect(() => {
    if (!op || !isFinished(op) || reported.current === op.id) return;
    reported.current = op.id;
    const ok = op.status === 'succeeded';
    notify(ok ? `${op.release} ${PAST[op.action]}` : `${op.action} of ${op.release} ${op.status}`, ok ? 'success' : 'error');
    void queryClient.invalidateQueries({ queryKey: helmKeys.all });
    onFinished?.(op);
  }, [op, notify, queryClient, onFinished]);
  return query;
}

function errorText(op: HelmOperation): string {
  const detail = op.error?.detail;
  return typeof detail === 'string' ? detail : op.phase;
}

export function OperationProgress({ id, onFinished }: { id: string; onFinished?: (op: HelmOperation) => void }) {
  const query = useOperation(id, onFinished);
  if (query.isError) return <ErrorState error={query.error} title="Could not follow the operation" />;
  const op = query.data;
  const running = !isFinished(op);
  const releaseStatus = typeof op?.result?.release_status === 'string' ? op.result.release_status : null;
  return (
    <Box role="region" aria-label="Operation progress" sx={{ my: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="subtitle1">{op ? `helm ${op.action} ${op.namespace}/${op.release}` : 'Starting…'}</Typography>
        {op ? <HelmStatusChip status={op.status} /> : null}
        {releaseStatus ? <Typography variant="body2">release: <HelmStatusChip status={releaseStatus} /></Typography> : null}
        {op?.revision ? <Typography variant="body2" color="text.secondary">revision {op.revision}</Typography> : null}
        {op?.elapsed_seconds != null ? <Typography variant="body2" color="text.secondary">{op.elapsed_seconds}s</Typography> : null}
      </Stack>
      {running ? (
        <>
          <LinearProgress aria-label="Operation running" />
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>{op?.phase ?? 'queued'}</Typography>
        </>
      ) : null}
      {op?.status === 'failed' || op?.status === 'lost' ? (
        <Alert severity="error" sx={{ whiteSpace: 'pre-wrap' }}>
          <AlertTitle>helm {op.action} {op.status}</AlertTitle>
          {errorText(op)}
        </Alert>
      ) : null}
      {op?.status === 'succeeded' && op.notes ? (
        <Box component="pre" aria-label="Release notes" tabIndex={0} sx={{
          m: 0, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1, whiteSpace: 'pre-wrap',
          fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
        }}>{op.notes}</Box>
      ) : null}
    </Box>
  );
}
