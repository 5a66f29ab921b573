// The frame of every signed-in page: header (cluster switcher, namespace, theme, account),
// navigation drawer, and the page.
import { useState } from 'react';
import {
  AppBar, Box, Drawer, IconButton, Link, Stack, Toolbar, Tooltip, useMediaQuery, useTheme,
} from '@mui/material';
import MenuIcon from '@mui/icons-material/Menu';
import DarkModeIcon from '@mui/icons-material/DarkModeOutlined';
import LightModeIcon from '@mui/icons-material/LightModeOutlined';
import { Link as RouterLink, Outlet, useLocation } from 'react-router';
import { useClusters } from '../../contexts/ClusterContext';
import { UserMenu } from '../auth/UserMenu';
import { ClusterSwitcher } from './ClusterSwitcher';
import { useColorMode } from './ColorMode';
import { NamespacePicker } from './NamespacePicker';
import { NavDrawer } from './NavDrawer';
import { EmptyState, ErrorState, LoadingRows } from './States';

const DRAWER_WIDTH = 220;

export function Layout() {
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'));
  const [mobileOpen, setMobileOpen] = useState(false);
  const { mode, toggle } = useColorMode();
  const { activeCluster, requestedClusterId, loading, error } = useClusters();
  const location = useLocation();
  const onClusterPage = location.pathname.startsWith('/c/');
  // Cost pages break costs down by namespace themselves: the header's filter would not apply.
  const namespaced = onClusterPage && !/^\/c\/[^/]+\/cost(\/|$)/.test(location.pathname);

  let content = <Outlet />;
  if (onClusterPage) {
    if (loading) content = <LoadingRows label="Loading clusters" />;
    else if (error && !activeCluster) content = <ErrorState error={error} title="Could not load the clusters" />;
    else if (!activeCluster) {
      content = (
        <EmptyState title={`No cluster “${requestedClusterId ?? ''}”`}>
          It may have been removed. Pick another cluster in the header, or see <Link component={RouterLink} to="/clusters">Clusters</Link>.
        </EmptyState>
      );
    }
  }

  const drawer = (
    <Box sx={{ overflowY: 'auto', py: 1 }} onClick={() => setMobileOpen(false)}>
      <NavDrawer />
    </Box>
  );
  return (
    <Box sx={{ display: 'flex', height: '100vh' }}>
      <AppBar position="fixed" color="default" elevation={0}
        sx={{ zIndex: (t) => t.zIndex.drawer + 1, borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
        <Toolbar variant="dense" sx={{ gap: 1.5, minHeight: 56 }}>
          {!wide ? (
            <IconButton edge="start" aria-label="Open navigation" onClick={() => setMobileOpen(true)}><MenuIcon /></IconButton>
          ) : null}
          <Link component={RouterLink} to="/" underline="none" color="inherit"
            sx={{ fontWeight: 800, fontSize: 18, mr: 1 }} aria-label="kubedeck home">kubedeck</Link>
          <ClusterSwitcher />
          {activeCluster && namespaced ? <NamespacePicker clusterId={activeCluster.id} /> : null}
          <Box sx={{ flex: 1 }} />
          <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
            <Tooltip title={mode === 'dark' ? 'Light mode' : 'Dark mode'}>
              <IconButton onClick={toggle} aria-label={mode === 'dark' ? 'Switch to light mode' : 'Switch to dark mode'}>
                {mode === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
              </IconButton>
            </Tooltip>
            <UserMenu />
          </Stack>
        </Toolbar>
      </AppBar>
      <Drawer variant={wide ? 'permanent' : 'temporary'} open={wide || mobileOpen}
        onClose={() => setMobileOpen(false)}
        sx={{ width: DRAWER_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box', top: wide ? 56 : 0, height: wide ? 'calc(100% - 56px)' : '100%' } }}>
        {drawer}
      </Drawer>
      <Box component="main" sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', pt: '56px', height: '100vh' }}>
        <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', p: { xs: 2, md: 3 }, display: 'flex', flexDirection: 'column' }}>
          {content}
        </Box>
      </Box>
    </Box>
  );
}
