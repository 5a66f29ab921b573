// Users: list, create (role, per-cluster bindings, must-change-password), edit, disable,
// reset password, delete with confirmation.
import { useState } from 'react';
import {
  Box, Button, Chip, IconButton, Menu, MenuItem, Paper, Stack, Table, TableBody, TableCell,
  TableHead, TableRow, Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuth } from '../../contexts/AuthContext';
import { useClusters } from '../../contexts/ClusterContext';
import { usersApi } from '../../services/endpoints/admin';
import type { User } from '../../types';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ageSince } from '../common/format';
import { ErrorState, LoadingRows } from '../common/States';
import { useToast } from '../common/Toasts';
import { visuallyHidden } from '../common/visuallyHidden';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UserDialog, type UserFormValues } from './UserDialog';

const USERS_KEY = ['users'] as const;

export function UserManagement() {
  const { user: me } = useAuth();
  const { clusters } = useClusters();
  const queryClient = useQueryClient();
  const notify = useToast();
  const users = useQuery({ queryKey: USERS_KEY, queryFn: usersApi.list });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [menu, setMenu] = useState<{ anchor: HTMLElement; user: User } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: USERS_KEY });
  const toggleDisabled = useMutation({
    mutationFn: (u: User) => usersApi.update(u.id, { disabled: !u.disabled }),
    onSuccess: (u) => { notify(`${u.username} ${u.disabled ? 'disabled' : 'enabled'}`); void refresh(); },
    onError: (e) => notify(e.message, 'error'),
  });

  const save = async (values: UserFormValues) => {
    if (editing === 'new') {
      const created = await usersApi.create({
        username: values.username.trim(), password: values.password, role: values.role,
        display_name: values.displayName, cluster_roles: values.clusterRoles,
        must_change_password: values.mustChangePassword,
      });
      notify(`Created user ${created.username}`);
    } else if (editing) {
      await usersApi.update(editing.id, {
        display_name: values.displayName, role: values.role, cluster_roles: values.clusterRoles,
        must_change_password: values.mustChangePassword, disabled: values.disabled,
      });
      notify(`Saved ${editing.username}`);
    }
    await refresh();
  };

  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>Users</Typography>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')}>New user</Button>
      </Stack>
      {users.isPending ? <LoadingRows label="Loading users" /> : null}
      {users.isError ? <ErrorState error={users.error} title="Could not load the users" onRetry={() => void users.refetch()} /> : null}
      {users.data ? (
        <Paper variant="outlined">
          <Table aria-label="Users">
            <TableHead>
              <TableRow>
                <TableCell>User</TableCell><TableCell>Role</TableCell><TableCell>Cluster roles</TableCell>
                <TableCell>State</TableCell><TableCell>Last sign-in</TableCell>
                <TableCell align="right"><Box component="span" sx={visuallyHidden}>Actions</Box></TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {users.data.map((u) => (
                <TableRow key={u.id}>
                  <TableCell>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>{u.username}</Typography>
                    {u.display_name ? <Typography variant="caption" color="text.secondary">{u.display_name}</Typography> : null}
                  </TableCell>
                  <TableCell>{u.role}</TableCell>
                  <TableCell>
                    {Object.entries(u.cluster_roles).map(([c, r]) => <Chip key={c} size="small" label={`${c}: ${r}`} sx={{ mr: 0.5 }} />)}
                    {Object.keys(u.cluster_roles).length === 0 ? '—' : null}
                  </TableCell>
                  <TableCell>
                    {u.disabled ? <Chip size="small" color="default" label="Disabled" /> : <Chip size="small" color="success" variant="outlined" label="Active" />}
                    {u.must_change_password ? <Chip size="small" color="warning" variant="outlined" label="Must change password" sx={{ ml: 0.5 }} /> : null}
                  </TableCell>
                  <TableCell>{u.last_login_at ? `${ageSince(u.last_login_at)} ago` : 'never'}</TableCell>
                  <TableCell align="right">
                    <IconButton aria-label={`Actions for ${u.username}`} onClick={(e) => setMenu({ anchor: e.currentTarget, user: u })}>
                      <MoreVertIcon />
                    </IconButton>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      ) : null}
      <Menu anchorEl={menu?.anchor} open={menu !== null} onClose={() => setMenu(null)}>
        <MenuItem onClick={() => { setEditing(menu!.user); setMenu(null); }}>Edit</MenuItem>
        <MenuItem onClick={() => { setResetting(menu!.user); setMenu(null); }}>Reset password</MenuItem>
        {menu && menu.user.id !== me?.id ? (
          <MenuItem onClick={() => { toggleDisabled.mutate(menu.user); setMenu(null); }}>
            {menu.user.disabled ? 'Enable' : 'Disable'}
          </MenuItem>
        ) : null}
        {menu && menu.user.id !== me?.id ? (
          <MenuItem sx={{ color: 'error.main' }} onClick={() => { setDeleting(menu.user); setMenu(null); }}>Delete</MenuItem>
        ) : null}
      </Menu>
      <UserDialog open={editing !== null} user={editing === 'new' ? null : editing} clusters={clusters}
        onSave={save} onClose={() => setEditing(null)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)}
        onReset={async (u, password, mustChange) => {
          await usersApi.update(u.id, { password, must_change_password: mustChange });
          notify(`Password of ${u.username} reset`);
          await refresh();
        }} />
      <ConfirmDialog open={deleting !== null} title={`Delete user ${deleting?.username ?? ''}?`}
        confirmLabel="Delete" danger typeToConfirm={deleting?.username}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await usersApi.remove(deleting!.id);
          notify(`Deleted user ${deleting!.username}`);
          await refresh();
        }}>
        They can no longer sign in. Their audit entries are kept.
      </ConfirmDialog>
    </Box>
  );
}
