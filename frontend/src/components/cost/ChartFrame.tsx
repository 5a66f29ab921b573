// Where a lazily loaded chart goes: a named figure, a skeleton until Recharts has loaded.
import { Suspense, type ReactNode } from 'react';
import { Box, Skeleton } from '@mui/material';

export function ChartFrame({ label, height = 300, children }: { label: string; height?: number; children: ReactNode }) {
  return (
    <Box role="figure" aria-label={label} sx={{ width: '100%', minHeight: height }}>
      <Suspense fallback={<Skeleton variant="rounded" height={height} aria-label={`Loading ${label}`} />}>
        {children}
      </Suspense>
    </Box>
  );
}
