// The header's cluster picker: a health dot per cluster, type-to-filter once there are many.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  Box, Button, Divider, ListItemIcon, ListItemText, MenuItem, MenuList, Popover, TextField,
  Typography,
} from '@mui/material';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import { useNavigate } from 'react-router';
import { useClusters } from '../../contexts/ClusterContext';
import { HealthDot, healthLabel } from './HealthDot';

export const FILTER_THRESHOLD = 7;

export function ClusterSwitcher() {
  const { clusters, activeCluster, setActiveCluster, loading } = useClusters();
  const navigate = useNavigate();
  const anchor = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const showFilter = clusters.length > FILTER_THRESHOLD;

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return clusters;
    return clusters.filter((c) => c.name.toLowerCase().includes(needle) ||
      c.id.toLowerCase().includes(needle) ||
      Object.entries(c.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(needle)));
  }, [clusters, filter]);

  const close = () => {
    setOpen(false);
    setFilter('');
  };
  const choose = (id: string) => {
    close();
    if (id !== activeCluster?.id) setActiveCluster(id);
  };
  const onFilterKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      listRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    } else if (event.key === 'Enter' && visible[0]) {
      event.preventDefault();
      choose(visible[0].id);
    }
    event.stopPropagation();
  };

  const label = activeCluster ? activeCluster.name : loading ? 'Loading clusters…' : 'No cluster';
  return (
    <>
      <Button ref={anchor} color="inherit" onClick={() => setOpen(true)}
        aria-haspopup="true" aria-expanded={open}
        aria-label={`Cluster: ${label}. Switch cluster`}
        endIcon={<ArrowDropDownIcon />} sx={{ textTransform: 'none', gap: 1, minWidth: 160 }}>
        {activeCluster ? <HealthDot health={activeCluster.health} /> : null}
        <Typography component="span" noWrap sx={{ maxWidth: 220, fontWeight: 600 }}>{label}</Typography>
      </Button>
      <Popover open={open} anchorEl={anchor.current} onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        slotProps={{ paper: { sx: { minWidth: 300, maxHeight: 480 } } }}>
        {showFilter ? (
          <Box sx={{ p: 1 }}>
            <TextField autoFocus fullWidth size="small" label="Filter clusters" value={filter}
              onChange={(e) => setFilter(e.target.value)} onKeyDown={onFilterKey} />
          </Box>
        ) : null}
        <MenuList ref={listRef} aria-label="Clusters" autoFocusItem={!showFilter} dense>
          {visible.map((cluster) => (
            <MenuItem key={cluster.id} selected={cluster.id === activeCluster?.id}
              onClick={() => choose(cluster.id)}>
              <ListItemIcon sx={{ minWidth: 24 }}><HealthDot health={cluster.health} /></ListItemIcon>
              <ListItemText primary={cluster.name}
                secondary={`${cluster.id} · ${healthLabel(cluster.health)}${cluster.health.version ? ` · ${cluster.health.version}` : ''}`} />
            </MenuItem>
          ))}
          {visible.length === 0 ? (
            <MenuItem disabled>{clusters.length ? 'No cluster matches the filter' : 'No clusters configured'}</MenuItem>
          ) : null}
          <Divider />
          <MenuItem onClick={() => { close(); navigate('/clusters'); }}>Manage clusters…</MenuItem>
        </MenuList>
      </Popover>
    </>
  );
}
