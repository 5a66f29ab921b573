import { useEffect, useState } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField,
} from '@mui/material';
import { errorMessage } from '../../services/api';

export const MAX_REPLICAS = 1000;

export function ScaleDialog({ open, name, current, onScale, onClose }: {
  open: boolean; name: string; current: number;
  onScale: (replicas: number) => Promise<unknown>; onClose: () => void;
}) {
  const [value, setValue] = useState(String(current));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (open) {
      setValue(String(current));
      setError(null);
    }
  }, [open, current]);

  const replicas = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(replicas) && replicas >= 0 && replicas <= MAX_REPLICAS;
  const submit = async () => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      await onScale(replicas);
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} maxWidth="xs" fullWidth
      aria-labelledby="scale-title">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <DialogTitle id="scale-title">Scale {name}</DialogTitle>
        <DialogContent>
          <DialogContentText>Currently {current} desired {current === 1 ? 'replica' : 'replicas'}.</DialogContentText>
          <TextField autoFocus fullWidth margin="normal" label="Replicas" type="number" value={value}
            onChange={(e) => setValue(e.target.value)} error={!valid}
            helperText={valid ? ' ' : `A whole number from 0 to ${MAX_REPLICAS}`}
            slotProps={{ htmlInput: { min: 0, max: MAX_REPLICAS, step: 1 } }} />
          {error ? <Alert severity="error">{errorMessage(error)}</Alert> : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={!valid || busy}>
            {busy ? 'Scaling…' : 'Scale'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
