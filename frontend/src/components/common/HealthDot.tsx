import { Box } from '@mui/material';
import type { ClusterHealth } from '../../types';

const COLORS: Record<string, string> = {
  healthy: 'success.main',
  unknown: 'grey.500',
  timeout: 'warning.main',
};

export function healthLabel(health: ClusterHealth | undefined): string {
  if (!health) return 'health unknown';
  return health.status === 'healthy' ? 'healthy' : `${health.status.replace(/_/g, ' ')}`;
}

/** A coloured dot with an accessible label (colour is never the only signal). */
export function HealthDot({ health }: { health: ClusterHealth | undefined }) {
  const status = health?.status ?? 'unknown';
  const label = healthLabel(health);
  return (
    <Box component="span" role="img" aria-label={label} title={health?.reason ?? label}
      sx={{
        display: 'inline-block', width: 10, height: 10, borderRadius: '50%', flexShrink: 0,
        bgcolor: COLORS[status] ?? 'error.main',
      }} />
  );
}
