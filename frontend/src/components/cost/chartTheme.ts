// Chart colours and text that follow the MUI theme, so charts read in dark mode too.
import type { Theme } from '@mui/material';

// Distinct hues that keep their contrast on both the light and the dark background.
const SERIES = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1',
  '#ff9da7', '#9c755f', '#bab0ac'];

export function seriesColor(index: number): string {
  return SERIES[index % SERIES.length] ?? '#888';
}

export function chartText(theme: Theme) {
  return {
    tick: { fill: theme.palette.text.secondary, fontSize: 12 },
    grid: theme.palette.divider,
    tooltip: {
      contentStyle: {
        background: theme.palette.background.paper, border: `1px solid ${theme.palette.divider}`,
        color: theme.palette.text.primary, borderRadius: 6,
      },
      labelStyle: { color: theme.palette.text.primary },
      itemStyle: { color: theme.palette.text.primary },
    },
  };
}
