// Admins add a cluster by pasting or uploading a kubeconfig and picking a context.
import { useMemo, useState, type ChangeEvent } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { errorMessage } from '../../services/api';
import { clustersApi } from '../../services/endpoints/clusters';
import type { Cluster } from '../../types';
import { readKubeconfig } from './kubeconfig';

export function AddClusterDialog({ open, onClose, onAdded }: {
  open: boolean; onClose: () => void; onAdded: (cluster: Cluster) => void;
}) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [kubeconfig, setKubeconfig] = useState('');
  const [context, setContext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const parsed = useMemo(() => readKubeconfig(kubeconfig), [kubeconfig]);
  const idValid = id === '' || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id);

  const reset = () => {
    setName(''); setId(''); setKubeconfig(''); setContext(''); setError(null);
  };
  const close = () => {
    if (busy) return;
    reset();
    onClose();
  };
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setKubeconfig(await file.text());
    event.target.value = '';
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const cluster = await clustersApi.add({
        kubeconfig, name: name.trim() || null, id: id.trim() || null,
        context: context || null, labels: {},
      });
      reset();
      onAdded(cluster);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={close} maxWidth="md" fullWidth aria-labelledby="add-cluster-title">
      <DialogTitle id="add-cluster-title">Add a cluster</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Stack direction="row" spacing={2}>
            <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} fullWidth
              helperText="Shown in the switcher; default: the context name" />
            <TextField label="ID (optional)" value={id} onChange={(e) => setId(e.target.value)} fullWidth
              error={!idValid} helperText={idValid ? 'Lowercase letters, digits and dashes; used in links' : 'Use lowercase letters, digits and dashes'} />
          </Stack>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Button component="label" variant="outlined" startIcon={<UploadFileIcon />}>
              Upload kubeconfig
              <input hidden type="file" accept=".yaml,.yml,.conf,.config,text/*,application/x-yaml" onChange={(e) => void upload(e)} aria-label="Kubeconfig file" />
            </Button>
            <span>or paste it below. It is stored encrypted and never shown again.</span>
          </Stack>
          <TextField label="Kubeconfig" value={kubeconfig} onChange={(e) => setKubeconfig(e.target.value)}
            multiline minRows={8} maxRows={16} fullWidth
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } } }} />
          {parsed.contexts.length > 0 ? (
            <TextField select label="Context" value={context} onChange={(e) => setContext(e.target.value)}
              helperText={`Default: ${parsed.currentContext ?? parsed.contexts[0]}`}>
              <MenuItem value="">Current context{parsed.currentContext ? ` (${parsed.currentContext})` : ''}</MenuItem>
              {parsed.contexts.map((c) => <MenuItem key={c} value={c}>{c}</MenuItem>)}
            </TextField>
          ) : null}
          {error ? <Alert severity="error" role="alert">{error}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>Cancel</Button>
        <Button variant="contained" onClick={() => void submit()} disabled={busy || !kubeconfig.trim() || !idValid}>
          {busy ? 'Connecting…' : 'Add cluster'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
