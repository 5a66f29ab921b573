// Add a chart repository: HTTP(S) with optional basic auth and CA bundle, or an OCI registry.
// The password and CA are sent once, stored encrypted by the server and never shown back.
import { useState } from 'react';
import {
  Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel,
  Stack, TextField,
} from '@mui/material';
import { errorMessage } from '../../services/api';
import { helmApi, type HelmRepo, type HelmRepoCreate } from '../../services/endpoints/helm';

const EMPTY = { name: '', url: '', username: '', password: '', caCert: '', insecure: false, plainHttp: false };
const NAME_RE = /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/;

function body(form: typeof EMPTY): HelmRepoCreate {
  return {
    name: form.name.trim(),
    url: form.url.trim(),
    username: form.username.trim() || null,
    password: form.password || null,
    ca_cert: form.caCert.trim() || null,
    insecure_skip_tls_verify: form.insecure,
    plain_http: form.plainHttp,
  };
}

export function AddRepoDialog({ open, onClose, onAdded }: {
  open: boolean; onClose: () => void; onAdded: (repo: HelmRepo) => void;
}) {
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const oci = form.url.trim().startsWith('oci://');
  const nameOk = form.name === '' || NAME_RE.test(form.name);
  const ready = NAME_RE.test(form.name.trim()) && form.url.trim() !== '' && !busy;

  const close = () => {
    if (busy) return;
    setForm(EMPTY);
    setError(null);
    onClose();
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const repo = await helmApi.addRepo(body(form));
      setForm(EMPTY);
      onAdded(repo);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={close} maxWidth="sm" fullWidth aria-labelledby="add-repo-title">
      <DialogTitle id="add-repo-title">Add a chart repository</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField label="Repository name" value={form.name} onChange={(e) => set('name', e.target.value)} required
            error={!nameOk} helperText={nameOk ? 'Charts are named name/chart' : 'Lowercase letters, digits, -, _ and .'} />
          <TextField label="URL" value={form.url} onChange={(e) => set('url', e.target.value)} required
            placeholder="https://charts.example.com or oci://registry.example.com/charts" />
          {oci ? (
            <Alert severity="info">
              OCI registries cannot be searched: install their charts by reference
              (oci://host/path/chart). The credentials below are used to log in to the registry.
            </Alert>
          ) : null}
          <Stack direction="row" spacing={2}>
            <TextField label="Username (optional)" value={form.username} onChange={(e) => set('username', e.target.value)} fullWidth autoComplete="off" />
            <TextField label="Password (optional)" type="password" value={form.password} onChange={(e) => set('password', e.target.value)} fullWidth autoComplete="new-password" />
          </Stack>
          <TextField label="CA certificate (optional, PEM)" value={form.caCert} onChange={(e) => set('caCert', e.target.value)}
            multiline minRows={3} maxRows={8}
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } } }} />
          <Stack direction="row" spacing={2}>
            <FormControlLabel control={<Checkbox checked={form.insecure} onChange={(e) => set('insecure', e.target.checked)} />}
              label="Skip TLS verification" />
            {oci ? (
              <FormControlLabel control={<Checkbox checked={form.plainHttp} onChange={(e) => set('plainHttp', e.target.checked)} />}
                label="Plain HTTP registry" />
            ) : null}
          </Stack>
          {error ? <Alert severity="error" sx={{ whiteSpace: 'pre-wrap' }}>{error}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>Cancel</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={!ready}>{busy ? 'Adding…' : 'Add repository'}</Button>
      </DialogActions>
    </Dialog>
  );
}
