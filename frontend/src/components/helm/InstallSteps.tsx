// The install wizard's first and third steps: pick the chart and version; review where it goes.
import {
  Autocomplete, Box, Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { helmApi, helmKeys, type ChartInfo } from '../../services/endpoints/helm';
import { ErrorState } from '../common/States';
import { preSx } from './ChartDetails';
import { InstallPreview } from './InstallPreview';

export const RELEASE_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function ChartStep({ chart, version, onChart, onVersion }: {
  chart: string; version: string; onChart: (chart: string) => void; onVersion: (version: string) => void;
}) {
  const oci = chart.startsWith('oci://');
  const charts = useQuery({ queryKey: helmKeys.charts('', ''), queryFn: () => helmApi.searchCharts({}) });
  const versions = useQuery({
    queryKey: helmKeys.versions(chart), queryFn: () => helmApi.chartVersions(chart),
    enabled: chart.includes('/') && !oci,
  });
  const options = (charts.data ?? []).map((c) => c.name);
  return (
    <Stack spacing={2} sx={{ maxWidth: 560 }}>
      <Autocomplete freeSolo options={options} value={chart} inputValue={chart}
        onChange={(_, v) => onChart((v ?? '').trim())} onInputChange={(_, v) => onChart(v.trim())}
        renderInput={(params) => (
          <TextField {...params} label="Chart" helperText="repo/chart from a repository, or oci://host/path/chart" />
        )} />
      {charts.isError ? <ErrorState error={charts.error} title="Could not search the charts" /> : null}
      {oci ? (
        <TextField label="Version" value={version} onChange={(e) => onVersion(e.target.value.trim())} helperText="Empty: the latest tag" />
      ) : (
        <TextField select label="Version" value={versions.data?.some((v) => v.version === version) ? version : ''}
          onChange={(e) => onVersion(e.target.value)} disabled={!versions.data?.length}
          helperText={versions.isError ? 'Could not list the versions' : 'Empty: the latest'}>
          <MenuItem value="">Latest</MenuItem>
          {(versions.data ?? []).map((v) => (
            <MenuItem key={v.version} value={v.version}>{v.version}{v.app_version ? ` (app ${v.app_version})` : ''}</MenuItem>
          ))}
        </TextField>
      )}
    </Stack>
  );
}

export interface Target { releaseName: string; namespace: string; createNamespace: boolean }

export function ReviewStep({ cluster, info, target, onTarget, values }: {
  cluster: string; info: ChartInfo; target: Target; onTarget: (t: Target) => void; values: string;
}) {
  const nameOk = RELEASE_RE.test(target.releaseName) && target.releaseName.length <= 53;
  const nsOk = NAMESPACE_RE.test(target.namespace);
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField label="Release name" value={target.releaseName} required error={!nameOk}
          onChange={(e) => onTarget({ ...target, releaseName: e.target.value.trim() })}
          helperText={nameOk ? 'Lowercase letters, digits, - and .; at most 53' : 'Use lowercase letters, digits, - and . (at most 53)'} />
        <TextField label="Namespace" value={target.namespace} required error={!nsOk}
          onChange={(e) => onTarget({ ...target, namespace: e.target.value.trim() })} />
        <FormControlLabel label="Create the namespace if missing" control={
          <Checkbox checked={target.createNamespace} onChange={(e) => onTarget({ ...target, createNamespace: e.target.checked })} />} />
      </Stack>
      <Typography variant="body2" role="status" aria-label="Install summary">
        Installs {info.ref} version {info.version}{info.app_version ? ` (app ${info.app_version})` : ''} as
        release {target.releaseName || '…'} in namespace {target.namespace || '…'}; helm waits until its resources are ready.
      </Typography>
      <Box>
        <Typography variant="subtitle2">Values to apply over the chart's defaults</Typography>
        <Box component="pre" aria-label="Values to apply" tabIndex={0} sx={preSx}>{values.trim() || '# none: the chart defaults'}</Box>
      </Box>
      <InstallPreview cluster={cluster} enabled={nameOk && nsOk} body={{
        release_name: target.releaseName, chart: info.ref, version: info.version, namespace: target.namespace,
        create_namespace: target.createNamespace, values_yaml: values,
      }} />
    </Stack>
  );
}

export function targetReady(t: Target): boolean {
  return RELEASE_RE.test(t.releaseName) && t.releaseName.length <= 53 && NAMESPACE_RE.test(t.namespace);
}
