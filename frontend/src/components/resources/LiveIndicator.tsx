// "Live" / "Reconnecting…" next to a page's title: whether rows arrive over the live socket or
// the page is polling. A status with an accessible name, so screen readers (and tests) find it.
import { Box, Tooltip } from '@mui/material';
import type { LiveResource } from '../../hooks/useLiveResource';

const LOOK = {
  live: { text: 'Live', color: 'success.main', title: 'Changes appear as they happen.' },
  connecting: { text: 'Connecting…', color: 'grey.500', title: 'Connecting to live updates; refreshing every few seconds meanwhile.' },
  reconnecting: { text: 'Reconnecting…', color: 'warning.main', title: 'The live connection dropped; refreshing every few seconds until it is back.' },
  polling: { text: 'Polling', color: 'grey.500', title: 'Live updates are not available here; refreshing every few seconds.' },
} as const;

export function LiveIndicator({ live }: { live: LiveResource }) {
  const look = LOOK[live.mode];
  const title = live.detail ? `${look.title} (${live.detail})` : look.title;
  return (
    <Tooltip title={title}>
      <Box role="status" aria-label={`Live updates: ${look.text}`}
        sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.75, fontSize: 13, color: 'text.secondary' }}>
        <Box component="span" aria-hidden sx={{ width: 8, height: 8, borderRadius: '50%', bgcolor: look.color }} />
        {look.text}
      </Box>
    </Tooltip>
  );
}
