// Upgrade a release: chart and version, values (form + editor), an explicit choice of what
// happens to the previous values (default: reset then reuse), and the server's dry-run diff,
// which must be previewed before the upgrade can start.
import { useState } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, FormControlLabel,
  FormLabel, Radio, RadioGroup, Stack,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../services/api';
import {
  helmApi, helmKeys, valuesProblem, type HelmDiff, type ReleaseRef, type UpgradeRequest,
  type ValuesMode, type ValuesProblem,
} from '../../services/endpoints/helm';
import { LoadingRows } from '../common/States';
import { ConfigureValues } from './ConfigureValues';
import { ChartStep } from './InstallSteps';
import { DiffPanel } from './ReleaseHistory';

const MODES: { value: ValuesMode; label: string }[] = [
  { value: 'reset_then_reuse', label: "Reset then reuse: the new chart's defaults, then the release's current values, then yours" },
  { value: 'reset', label: "Reset: the new chart's defaults and your values only (the current values are dropped)" },
  { value: 'reuse', label: "Reuse: the release's current values merged with yours (new chart defaults ignored)" },
];

/** The release's chart as `repo/chart`: the release only knows the chart's name. */
function useChartGuess(name: string, open: boolean): string | null {
  const found = useQuery({ queryKey: helmKeys.charts(name, ''), queryFn: () => helmApi.searchCharts({ q: name }), enabled: open });
  if (!found.data) return null;
  return found.data.find((c) => c.chart === name)?.name ?? '';
}

export function UpgradeDialog({ release, chartName, open, onClose, onStarted }: {
  release: ReleaseRef; chartName: string; open: boolean; onClose: () => void; onStarted: (operationId: string) => void;
}) {
  const guess = useChartGuess(chartName, open);
  // null until the person edits it: until then the chart guessed from the release's name.
  const [picked, setPicked] = useState<string | null>(null);
  const chart = picked ?? guess ?? '';
  const [version, setVersion] = useState('');
  const [mode, setMode] = useState<ValuesMode>('reset_then_reuse');
  const [values, setValues] = useState('');
  const [problem, setProblem] = useState<ValuesProblem | null>(null);
  const [preview, setPreview] = useState<HelmDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const info = useQuery({
    queryKey: helmKeys.chart(chart, version || null),
    queryFn: () => helmApi.chartInfo(chart, version || null),
    enabled: open && chart.includes('/'),
  });
  const changed = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPreview(null); setProblem(null); setError(null); };
  const body = (): UpgradeRequest => ({ chart, version: info.data?.version ?? (version || null), values_mode: mode, values_yaml: values });

  const run = async (what: 'preview' | 'upgrade') => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'preview') setPreview(await helmApi.proposedDiff(release, body()));
      else onStarted((await helmApi.upgrade(release, body())).id);
    } catch (e) {
      const refused = valuesProblem(e);
      if (refused) setProblem(refused);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={() => { if (!busy) onClose(); }} maxWidth="lg" fullWidth aria-labelledby="upgrade-title">
      <DialogTitle id="upgrade-title">Upgrade {release.name}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {guess === null ? <LoadingRows rows={2} label="Finding the release's chart" /> : (
            <ChartStep chart={chart} version={version} onChart={changed(setPicked)} onVersion={changed(setVersion)} />
          )}
          {guess === '' && !chart ? <Alert severity="warning">No repository has a chart named {chartName}: pick the chart to upgrade to.</Alert> : null}
          <FormControl>
            <FormLabel id="values-mode-label">Previous values</FormLabel>
            <RadioGroup aria-labelledby="values-mode-label" value={mode} onChange={(e) => changed(setMode)(e.target.value as ValuesMode)}>
              {MODES.map((m) => <FormControlLabel key={m.value} value={m.value} control={<Radio />} label={m.label} />)}
            </RadioGroup>
          </FormControl>
          {info.data ? <ConfigureValues chart={info.data} text={values} onChange={changed(setValues)} problem={problem} label="Upgrade values" /> : null}
          {info.isError ? <Alert severity="error">{errorMessage(info.error)}</Alert> : null}
          {error ? <Alert severity="error" sx={{ whiteSpace: 'pre-wrap' }}>{error}</Alert> : null}
          {preview ? <DiffPanel diff={preview} /> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>Cancel</Button>
        <Button variant="outlined" onClick={() => void run('preview')} disabled={busy || !info.data}>Preview changes</Button>
        <Button variant="contained" onClick={() => void run('upgrade')} disabled={busy || !preview}>Upgrade</Button>
      </DialogActions>
    </Dialog>
  );
}
