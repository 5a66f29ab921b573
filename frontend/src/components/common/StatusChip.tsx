import { Chip } from '@mui/material';

type Tone = 'success' | 'warning' | 'error' | 'default' | 'info';

const GOOD = /^(running|ready|available|active|bound|complete|completed|succeeded|healthy|true|normal)$/i;
const BAD = /(fail|error|backoff|crash|notready|unreachable|unauthorized|timeout|bad_kubeconfig|lost|evicted|oomkilled|warning|false|invalid)/i;
const BUSY = /(pending|progressing|creating|terminating|init|waiting|scaledown|suspended|released|unknown|scheduling)/i;

export function statusTone(status: string | null | undefined): Tone {
  if (!status) return 'default';
  if (GOOD.test(status)) return 'success';
  if (BAD.test(status)) return 'error';
  if (BUSY.test(status)) return 'warning';
  return 'default';
}

export function StatusChip({ status }: { status: string | null | undefined }) {
  if (!status) return <span aria-label="no status">—</span>;
  return (
    <Chip size="small" variant="outlined" color={statusTone(status)} label={status}
      sx={{ height: 22, fontWeight: 500, maxWidth: '100%' }} />
  );
}
