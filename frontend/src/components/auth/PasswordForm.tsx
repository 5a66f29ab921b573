// Current + new + repeat, with the server's rules reported as it words them.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Stack, TextField } from '@mui/material';
import { useAuth } from '../../contexts/AuthContext';
import { errorMessage } from '../../services/api';

export function PasswordForm({ onDone, submitLabel = 'Change password', extraActions }: {
  onDone: () => void; submitLabel?: string; extraActions?: ReactNode;
}) {
  const { changePassword } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && next !== repeat;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} aria-label="Change password" noValidate>
      {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
      <TextField label="Current password" type="password" autoComplete="current-password"
        value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />
      <TextField label="New password" type="password" autoComplete="new-password"
        value={next} onChange={(e) => setNext(e.target.value)} />
      <TextField label="Repeat new password" type="password" autoComplete="new-password"
        value={repeat} onChange={(e) => setRepeat(e.target.value)} error={mismatch}
        helperText={mismatch ? 'The passwords do not match' : ' '} />
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        {extraActions}
        <Button type="submit" variant="contained" disabled={busy || !current || !next || mismatch || !repeat}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
      </Stack>
    </Stack>
  );
}
