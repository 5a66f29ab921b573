// The navigation: resource kinds by section for the active cluster, the clusters page, admin.
import type { ReactNode } from 'react';
import { List, ListItemButton, ListItemText, ListSubheader } from '@mui/material';
import { NavLink } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { useClusters } from '../../contexts/ClusterContext';
import { KINDS, NAV_SECTIONS } from '../resources/kinds';

function Item({ to, children, end }: { to: string; children: ReactNode; end?: boolean }) {
  return (
    <ListItemButton component={NavLink} to={to} end={end} dense
      sx={{ borderRadius: 1, mx: 1, '&.active': { bgcolor: 'action.selected', fontWeight: 600 } }}>
      <ListItemText primary={children} slotProps={{ primary: { variant: 'body2', sx: { fontWeight: 'inherit' } } }} />
    </ListItemButton>
  );
}

export function NavDrawer() {
  const { activeCluster } = useClusters();
  const { hasPermission } = useAuth();
  const base = activeCluster ? `/c/${encodeURIComponent(activeCluster.id)}` : null;
  const admin = hasPermission('users:manage') || hasPermission('audit:read');
  return (
    <nav aria-label="Main">
      {base ? (
        <List dense disablePadding>
          <Item to={`${base}/overview`}>Overview</Item>
          {hasPermission('kubectl:run') ? <Item to={`${base}/kubectl`}>kubectl</Item> : null}
          {hasPermission('helm:read') ? <Item to={`${base}/helm`}>Helm</Item> : null}
          {hasPermission('cost:read') ? <Item to={`${base}/cost`}>Cost</Item> : null}
          {NAV_SECTIONS.map((section) => (
            <li key={section}>
              <List dense disablePadding subheader={<ListSubheader disableSticky sx={{ lineHeight: '32px', bgcolor: 'transparent' }}>{section}</ListSubheader>}>
                {KINDS.filter((k) => k.section === section).map((k) => (
                  <Item key={k.resource} to={`${base}/${k.resource}`}>{k.title}</Item>
                ))}
              </List>
            </li>
          ))}
        </List>
      ) : null}
      <List dense subheader={<ListSubheader disableSticky sx={{ lineHeight: '32px', bgcolor: 'transparent' }}>Fleet</ListSubheader>}>
        <Item to="/fleet" end>Fleet</Item>
        {/* Every role reads cost; the fleet view sums the clusters where the user may. */}
        <Item to="/cost/all" end>Fleet cost</Item>
        <Item to="/clusters" end>Clusters</Item>
      </List>
      {admin ? (
        <List dense subheader={<ListSubheader disableSticky sx={{ lineHeight: '32px', bgcolor: 'transparent' }}>Admin</ListSubheader>}>
          {hasPermission('users:manage') ? <Item to="/admin/users">Users</Item> : null}
          {hasPermission('audit:read') ? <Item to="/admin/audit">Audit log</Item> : null}
        </List>
      ) : null}
    </nav>
  );
}
