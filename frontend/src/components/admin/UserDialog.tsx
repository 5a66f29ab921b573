// Create a user, or edit one's role, per-cluster bindings, display name and state.
import { useEffect, useState } from 'react';
import {
  Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel,
  MenuItem, Stack, TextField, Typography,
} from '@mui/material';
import { errorMessage } from '../../services/api';
import type { Cluster, User } from '../../types';

export const ROLES = ['viewer', 'operator', 'developer', 'admin'] as const;
export const INHERIT = '';

export interface UserFormValues {
  username: string;
  displayName: string;
  password: string;
  role: string;
  clusterRoles: Record<string, string>;
  mustChangePassword: boolean;
  disabled: boolean;
}

export function UserDialog({ open, user, clusters, onSave, onClose }: {
  open: boolean;
  /** null: create a new user */
  user: User | null;
  clusters: Cluster[];
  onSave: (values: UserFormValues) => Promise<unknown>;
  onClose: () => void;
}) {
  const creating = user === null;
  const [values, setValues] = useState<UserFormValues>(() => initial(user));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setValues(initial(user));
      setError(null);
    }
  }, [open, user]);
  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSave(values);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const complete = values.username.trim() !== '' && (!creating || values.password !== '');

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="user-dialog-title">
      <DialogTitle id="user-dialog-title">{creating ? 'New user' : `Edit ${user.username}`}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {creating ? (
            <TextField label="Username" required value={values.username} autoFocus
              onChange={(e) => set('username', e.target.value)} autoComplete="off" />
          ) : null}
          <TextField label="Display name" value={values.displayName} onChange={(e) => set('displayName', e.target.value)} />
          {creating ? (
            <TextField label="Initial password" type="password" required value={values.password}
              onChange={(e) => set('password', e.target.value)} autoComplete="new-password" />
          ) : null}
          <TextField select label="Role" value={values.role} onChange={(e) => set('role', e.target.value)}
            helperText="viewer < operator < developer < admin; applies to every cluster without a binding">
            {ROLES.map((r) => <MenuItem key={r} value={r}>{r}</MenuItem>)}
          </TextField>
          {clusters.length ? (
            <div>
              <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>Per-cluster roles</Typography>
              <Stack spacing={1.5}>
                {clusters.map((c) => (
                  <TextField key={c.id} select size="small" label={`Role on ${c.name}`}
                    value={values.clusterRoles[c.id] ?? INHERIT}
                    slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
                    onChange={(e) => set('clusterRoles', withBinding(values.clusterRoles, c.id, e.target.value))}>
                    <MenuItem value={INHERIT}>Same as the global role</MenuItem>
                    {ROLES.map((r) => <MenuItem key={r} value={r}>{r}</MenuItem>)}
                  </TextField>
                ))}
              </Stack>
            </div>
          ) : null}
          <FormControlLabel label="Must change password at next sign-in"
            control={<Checkbox checked={values.mustChangePassword} onChange={(e) => set('mustChangePassword', e.target.checked)} />} />
          {!creating ? (
            <FormControlLabel label="Disabled (cannot sign in)"
              control={<Checkbox checked={values.disabled} onChange={(e) => set('disabled', e.target.checked)} />} />
          ) : null}
          {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>Cancel</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={busy || !complete}>
          {busy ? 'Saving…' : creating ? 'Create user' : 'Save'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function initial(user: User | null): UserFormValues {
  return {
    username: user?.username ?? '',
    displayName: user?.display_name ?? '',
    password: '',
    role: user?.role ?? 'viewer',
    clusterRoles: { ...(user?.cluster_roles ?? {}) },
    mustChangePassword: user ? user.must_change_password : true,
    disabled: user?.disabled ?? false,
  };
}

function withBinding(bindings: Record<string, string>, clusterId: string, role: string) {
  const next = { ...bindings };
  if (role === INHERIT) delete next[clusterId];
  else next[clusterId] = role;
  return next;
}
