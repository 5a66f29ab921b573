// Light/dark theme, remembered in localStorage (defaults to the system's preference).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { CssBaseline, ThemeProvider, createTheme, useMediaQuery } from '@mui/material';

type Mode = 'light' | 'dark';
const KEY = 'kubedeck.colorMode';
const ColorModeContext = createContext<{ mode: Mode; toggle: () => void }>({
  mode: 'light', toggle: () => undefined,
});

export function ColorModeProvider({ children }: { children: ReactNode }) {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const [stored, setStored] = useState<Mode | null>(() => {
    const value = localStorage.getItem(KEY);
    return value === 'dark' || value === 'light' ? value : null;
  });
  const mode: Mode = stored ?? (prefersDark ? 'dark' : 'light');
  const toggle = useCallback(() => {
    const next: Mode = mode === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    setStored(next);
  }, [mode]);
  const theme = useMemo(() => createTheme({
    palette: {
      mode,
      primary: { main: mode === 'dark' ? '#7aa7ff' : '#2f5fd0' },
      background: mode === 'dark' ? { default: '#0f1419', paper: '#161d26' } : { default: '#f5f7fa' },
    },
    shape: { borderRadius: 8 },
    typography: { fontSize: 13 },
    components: {
      MuiButton: { defaultProps: { disableElevation: true } },
      MuiTooltip: { defaultProps: { arrow: true } },
    },
  }), [mode]);
  const value = useMemo(() => ({ mode, toggle }), [mode, toggle]);
  return (
    <ColorModeContext.Provider value={value}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        {children}
      </ThemeProvider>
    </ColorModeContext.Provider>
  );
}

export function useColorMode() {
  return useContext(ColorModeContext);
}
