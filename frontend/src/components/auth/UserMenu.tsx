import { useState } from 'react';
import {
  Avatar, Dialog, DialogContent, DialogTitle, Divider, IconButton, ListItemIcon, Menu, MenuItem,
  Typography, Button,
} from '@mui/material';
import LogoutIcon from '@mui/icons-material/Logout';
import KeyIcon from '@mui/icons-material/Key';
import { useAuth } from '../../contexts/AuthContext';
import { useToast } from '../common/Toasts';
import { PasswordForm } from './PasswordForm';

export function UserMenu() {
  const { user, me, logout } = useAuth();
  const notify = useToast();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [changing, setChanging] = useState(false);
  if (!user) return null;
  const initials = (user.display_name || user.username).slice(0, 2).toUpperCase();
  return (
    <>
      <IconButton color="inherit" aria-label={`Account menu for ${user.username}`} aria-haspopup="true"
        onClick={(e) => setAnchor(e.currentTarget)}>
        <Avatar sx={{ width: 30, height: 30, fontSize: 13, bgcolor: 'primary.dark' }}>{initials}</Avatar>
      </IconButton>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} transformOrigin={{ vertical: 'top', horizontal: 'right' }}>
        <MenuItem disabled sx={{ '&.Mui-disabled': { opacity: 1 } }}>
          <div>
            <Typography variant="subtitle2">{user.display_name || user.username}</Typography>
            <Typography variant="caption" color="text.secondary">{user.username} · {me?.role}</Typography>
          </div>
        </MenuItem>
        <Divider />
        <MenuItem onClick={() => { setAnchor(null); setChanging(true); }}>
          <ListItemIcon><KeyIcon fontSize="small" /></ListItemIcon>Change password
        </MenuItem>
        <MenuItem onClick={() => { setAnchor(null); logout(); }}>
          <ListItemIcon><LogoutIcon fontSize="small" /></ListItemIcon>Sign out
        </MenuItem>
      </Menu>
      <Dialog open={changing} onClose={() => setChanging(false)} maxWidth="xs" fullWidth aria-labelledby="pw-title">
        <DialogTitle id="pw-title">Change password</DialogTitle>
        <DialogContent sx={{ pt: '8px !important' }}>
          <PasswordForm onDone={() => { setChanging(false); notify('Password changed'); }}
            extraActions={<Button onClick={() => setChanging(false)}>Cancel</Button>} />
        </DialogContent>
      </Dialog>
    </>
  );
}
