// Pricing and collector settings (admins: cost:settings). Units are shown next to every
// number; negative prices are refused here and by the server; changes are audited server-side.
import { useState } from 'react';
import {
  Alert, Box, Button, Divider, FormControlLabel, InputAdornment, Paper, Stack, Switch, TextField,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useClusters } from '../../contexts/ClusterContext';
import { errorMessage } from '../../services/api';
import { costApi, type CostSettings as Settings } from '../../services/endpoints/cost';
import { ErrorState, LoadingRows } from '../common/States';
import { useToast } from '../common/Toasts';
import { PricingFields } from './PricingFields';
import { fromForm, toForm, type FormErrors, type SettingsForm } from './settingsForm';

export const SETTINGS_KEY = ['cost', 'settings'] as const;

function NumberField({ label, unit, value, error, onChange, helper }: {
  label: string; unit: string; value: string; error?: string; helper?: string; onChange: (v: string) => void;
}) {
  return (
    <TextField size="small" type="number" label={label} value={value} error={Boolean(error)}
      helperText={error ?? helper ?? ' '} onChange={(e) => onChange(e.target.value)}
      slotProps={{ htmlInput: { step: 'any' }, input: { endAdornment: <InputAdornment position="end">{unit}</InputAdornment> } }} />
  );
}

function Overrides({ form, setForm, errors }: { form: SettingsForm; setForm: (f: SettingsForm) => void; errors: FormErrors }) {
  const { clusters } = useClusters();
  const toggle = (id: string, on: boolean) => {
    const overrides = { ...form.overrides };
    if (on) overrides[id] = { ...form.pricing, instances: [...form.pricing.instances] };
    else delete overrides[id];
    setForm({ ...form, overrides });
  };
  return (
    <Stack spacing={1.5}>
      {clusters.map((c) => (
        <Box key={c.id}>
          <FormControlLabel label={`Own prices for ${c.name}`}
            control={<Switch checked={c.id in form.overrides} onChange={(e) => toggle(c.id, e.target.checked)} />} />
          {form.overrides[c.id] ? (
            <Box sx={{ pl: 2, pt: 1, borderLeft: 2, borderColor: 'divider' }}>
              <PricingFields value={form.overrides[c.id]!} path={`overrides.${c.id}`} errors={errors}
                currency={form.currency} namePrefix={`${c.name}: `}
                onChange={(p) => setForm({ ...form, overrides: { ...form.overrides, [c.id]: p } })} />
            </Box>
          ) : null}
        </Box>
      ))}
    </Stack>
  );
}

function SettingsEditor({ initial, scope }: { initial: Settings; scope: string }) {
  const queryClient = useQueryClient();
  const notify = useToast();
  const [form, setForm] = useState<SettingsForm>(() => toForm(initial));
  const [errors, setErrors] = useState<FormErrors>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<SettingsForm>) => setForm({ ...form, ...patch });

  const save = async () => {
    const { body, errors: found } = fromForm(form);
    setErrors(found);
    setServerError(null);
    if (!body) return;
    setBusy(true);
    try {
      const saved = await costApi.saveSettings(scope, body);
      queryClient.setQueryData(SETTINGS_KEY, saved);
      setForm(toForm(saved));
      // New prices change every figure on the page.
      void queryClient.invalidateQueries({ queryKey: ['cost'], predicate: (q) => q.queryKey[1] !== 'settings' });
      notify('Cost settings saved');
    } catch (e) {
      setServerError(e);
    } finally {
      setBusy(false);
    }
  };

  const count = Object.keys(errors).length;
  return (
    <Paper variant="outlined" component="form" aria-label="Cost settings" sx={{ p: 2 }} noValidate
      onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <Typography variant="subtitle1" component="h2" sx={{ mb: 1.5 }}>Prices</Typography>
      <TextField size="small" label="Currency" value={form.currency} error={Boolean(errors.currency)}
        helperText={errors.currency ?? 'ISO code, e.g. USD or EUR'} sx={{ mb: 1.5, width: 200 }}
        onChange={(e) => set({ currency: e.target.value })} />
      <PricingFields value={form.pricing} path="pricing" errors={errors} currency={form.currency}
        onChange={(pricing) => set({ pricing })} />
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle1" component="h2" sx={{ mb: 1 }}>Per-cluster prices</Typography>
      <Overrides form={form} setForm={setForm} errors={errors} />
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle1" component="h2" sx={{ mb: 1 }}>Allocation and history</Typography>
      <FormControlLabel sx={{ mb: 1.5 }} label="Share idle cost among workloads (in proportion to their CPU and memory cost)"
        control={<Switch checked={form.shareIdle} onChange={(e) => set({ shareIdle: e.target.checked })} />} />
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))' }}>
        <NumberField label="Headroom" unit="× usage" value={form.headroom} error={errors.headroom}
          helper="1–3; right-sizing adds this margin" onChange={(headroom) => set({ headroom })} />
        <NumberField label="Minimum samples" unit="samples" value={form.minSamples} error={errors.minSamples}
          helper="before a workload is right-sized" onChange={(minSamples) => set({ minSamples })} />
        <NumberField label="Keep hourly rollups" unit="days" value={form.hourlyDays} error={errors.hourlyDays}
          onChange={(hourlyDays) => set({ hourlyDays })} />
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        The collector samples every {initial.sample_interval_seconds} seconds (set by KUBEDECK_COST_SAMPLE_INTERVAL at start);
        samples are kept raw only until their hour is rolled up.
      </Typography>
      {count ? <Alert severity="error" sx={{ mt: 2 }}>{count === 1 ? 'One field needs' : `${count} fields need`} fixing before saving.</Alert> : null}
      {serverError ? <Alert severity="error" sx={{ mt: 2 }}>{errorMessage(serverError)}</Alert> : null}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        <Button type="submit" variant="contained" disabled={busy}>{busy ? 'Saving…' : 'Save settings'}</Button>
        <Button disabled={busy} onClick={() => { setForm(toForm(initial)); setErrors({}); setServerError(null); }}>Reset</Button>
      </Stack>
    </Paper>
  );
}

/** Settings are global; `scope` is only the cluster the call is made about. */
export function CostSettings({ scope }: { scope: string }) {
  const query = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => costApi.settings(scope) });
  if (query.isPending) return <LoadingRows rows={6} label="Loading cost settings" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load cost settings" />;
  return <SettingsEditor initial={query.data} scope={scope} />;
}
