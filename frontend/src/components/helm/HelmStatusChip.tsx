// Helm's release statuses in colour: deployed is good, failed bad, pending-* (an operation that
// did not finish, the release locked) a warning; superseded and uninstalled are history.
import { Chip, Tooltip } from '@mui/material';

type Tone = 'success' | 'error' | 'warning' | 'default' | 'info';

export function helmTone(status: string): Tone {
  if (status === 'deployed' || status === 'succeeded') return 'success';
  if (status === 'failed' || status === 'lost') return 'error';
  if (status.startsWith('pending-') || status === 'uninstalling') return 'warning';
  if (status === 'running' || status === 'queued') return 'info';
  return 'default';
}

export function HelmStatusChip({ status, pending = false }: { status: string; pending?: boolean }) {
  const chip = (
    <Chip size="small" variant={pending ? 'filled' : 'outlined'} color={helmTone(status)} label={status}
      sx={{ height: 22, fontWeight: pending ? 600 : 500 }} />
  );
  if (!pending) return chip;
  return <Tooltip title="An operation did not finish: the release is locked until it is rolled back">{chip}</Tooltip>;
}
