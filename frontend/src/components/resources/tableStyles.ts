// The table's CSS, applied once on the table element. Rows, cells, links and status badges are
// plain elements with these class names: a 10,000-row table mounts rows on every scroll frame,
// and per-element styled components (or MUI's Typography/Link/Chip) would cost style work each time.
import type { Theme } from '@mui/material';

export const ROW_HEIGHT = 40;
export const HEADER_HEIGHT = 40;

export function tableStyles(theme: Theme) {
  const tone = (color: string) => ({ color, borderColor: color });
  const ellipsis = { display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
  return {
    '& .kd-row': {
      position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, padding: theme.spacing(0, 1),
      display: 'grid', alignItems: 'center', borderBottom: `1px solid ${theme.palette.divider}`,
      // Each row lays out alone: mounting rows while scrolling never re-lays out the others.
      contain: 'strict',
    },
    '& .kd-row:hover': { backgroundColor: theme.palette.action.hover },
    '& .kd-cell': { padding: theme.spacing(0, 1), minWidth: 0, overflow: 'hidden' },
    '& .kd-cell[data-align="right"]': { textAlign: 'right' },
    '& .kd-text': { ...ellipsis, fontSize: theme.typography.body2.fontSize },
    '& .kd-link': {
      ...ellipsis, fontSize: theme.typography.body2.fontSize, fontWeight: 500,
      color: theme.palette.primary.main, textDecoration: 'none',
    },
    '& .kd-link:hover, & .kd-link:focus-visible': { textDecoration: 'underline' },
    '& .kd-badge': {
      display: 'inline-block', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis',
      whiteSpace: 'nowrap', verticalAlign: 'middle', padding: '0 8px', lineHeight: '20px',
      fontSize: 12, fontWeight: 500, borderRadius: 11, border: '1px solid',
      ...tone(theme.palette.text.secondary),
    },
    '& .kd-skeleton': {
      flex: 1, height: 12, margin: theme.spacing(0, 1), borderRadius: 6, backgroundColor: theme.palette.action.hover,
    },
    '& .kd-badge[data-tone="success"]': tone(theme.palette.success.main),
    '& .kd-badge[data-tone="warning"]': tone(theme.palette.warning.main),
    '& .kd-badge[data-tone="error"]': tone(theme.palette.error.main),
  };
}
