import { useState } from 'react';
import { Checkbox, FormControlLabel, TextField } from '@mui/material';
import { ConfirmDialog } from '../common/ConfirmDialog';
import type { User } from '../../types';

export function ResetPasswordDialog({ user, onReset, onClose }: {
  user: User | null;
  onReset: (user: User, password: string, mustChange: boolean) => Promise<unknown>;
  onClose: () => void;
}) {
  const [password, setPassword] = useState('');
  const [mustChange, setMustChange] = useState(true);
  const close = () => {
    setPassword('');
    setMustChange(true);
    onClose();
  };
  return (
    <ConfirmDialog open={user !== null} title={`Reset the password of ${user?.username ?? ''}`}
      confirmLabel="Reset password" onClose={close}
      onConfirm={async () => {
        if (!password) throw new Error('Enter the new password');
        await onReset(user!, password, mustChange);
        setPassword('');
      }}>
      <TextField autoFocus fullWidth margin="dense" label="New password" type="password"
        autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormControlLabel label="Must change it at next sign-in"
        control={<Checkbox checked={mustChange} onChange={(e) => setMustChange(e.target.checked)} />} />
    </ConfirmDialog>
  );
}
