// What a page shows while loading, when there is nothing, and when the server said no.
import type { ReactNode } from 'react';
import { Alert, AlertTitle, Box, Button, Skeleton, Stack, Typography } from '@mui/material';
import InboxOutlinedIcon from '@mui/icons-material/InboxOutlined';
import { ApiError, errorMessage } from '../../services/api';

export function ErrorState({ error, title = 'Could not load this', onRetry }: {
  error: unknown; title?: string; onRetry?: () => void;
}) {
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <Alert severity="error" role="alert" sx={{ my: 2 }}
      action={onRetry ? <Button color="inherit" size="small" onClick={onRetry}>Retry</Button> : undefined}>
      <AlertTitle>{title}</AlertTitle>
      {errorMessage(error)}
      {requestId ? (
        <Typography variant="caption" component="div" sx={{ opacity: 0.7, mt: 0.5 }}>
          request id {requestId}
        </Typography>
      ) : null}
    </Alert>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Box role="status" sx={{ textAlign: 'center', py: 6, px: 2, color: 'text.secondary' }}>
      <InboxOutlinedIcon sx={{ fontSize: 40, opacity: 0.5 }} aria-hidden />
      <Typography variant="subtitle1" sx={{ color: 'text.primary', mt: 1 }}>{title}</Typography>
      {children ? <Typography variant="body2" component="div" sx={{ mt: 0.5 }}>{children}</Typography> : null}
    </Box>
  );
}

export function LoadingRows({ rows = 8, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <Stack spacing={0.5} role="progressbar" aria-label={label} aria-busy="true" sx={{ py: 1 }}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} variant="rounded" height={32} />
      ))}
    </Stack>
  );
}
