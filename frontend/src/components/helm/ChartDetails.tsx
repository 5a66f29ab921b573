// One chart: its versions, README (shown as text: never rendered as HTML) and default values,
// and the way into the install wizard.
import { useState } from 'react';
import {
  Box, Button, MenuItem, Paper, Stack, Tab, Tabs, TextField, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import { helmApi, helmKeys } from '../../services/endpoints/helm';
import { ErrorState, LoadingRows } from '../common/States';
import { installUrl } from './paths';

export const preSx = {
  m: 0, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'auto', maxHeight: '50vh',
  whiteSpace: 'pre-wrap', fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
} as const;

export function ChartDetails({ clusterId, chart }: { clusterId: string; chart: string }) {
  const { hasPermission } = useAuth();
  const navigate = useNavigate();
  const oci = chart.startsWith('oci://');
  const [version, setVersion] = useState<string>('');
  const [tab, setTab] = useState<'readme' | 'values'>('readme');
  const versions = useQuery({
    queryKey: helmKeys.versions(chart), queryFn: () => helmApi.chartVersions(chart), enabled: !oci,
  });
  const info = useQuery({
    queryKey: helmKeys.chart(chart, version || null),
    queryFn: () => helmApi.chartInfo(chart, version || null),
  });
  return (
    <Paper variant="outlined" sx={{ p: 2 }} role="region" aria-label={`Chart ${chart}`}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h6" component="h2" sx={{ overflowWrap: 'anywhere' }}>{chart}</Typography>
        {!oci ? (
          <TextField select size="small" label="Version" value={version} onChange={(e) => setVersion(e.target.value)} sx={{ minWidth: 160 }}>
            <MenuItem value="">Latest</MenuItem>
            {(versions.data ?? []).map((v) => <MenuItem key={v.version} value={v.version}>{v.version}{v.app_version ? ` (app ${v.app_version})` : ''}</MenuItem>)}
          </TextField>
        ) : null}
        <Box sx={{ flex: 1 }} />
        {hasPermission('helm:install') ? (
          <Button variant="contained" onClick={() => navigate(installUrl(clusterId, chart, version || info.data?.version))}>
            Install {chart.split('/').pop()}
          </Button>
        ) : null}
      </Stack>
      {info.isPending ? <LoadingRows rows={4} label="Loading the chart" /> : null}
      {info.isError ? <ErrorState error={info.error} title={`Could not load ${chart}`} /> : null}
      {info.data ? (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {info.data.description} — version {info.data.version}{info.data.app_version ? `, app ${info.data.app_version}` : ''}
            {info.data.schema ? ', has a values schema' : ''}
          </Typography>
          <Tabs value={tab} onChange={(_, v: 'readme' | 'values') => setTab(v)} aria-label="Chart views" sx={{ mb: 1 }}>
            <Tab value="readme" label="README" />
            <Tab value="values" label="Default values" />
          </Tabs>
          {tab === 'readme' ? (
            <Box component="pre" aria-label="README" tabIndex={0} sx={preSx}>{info.data.readme || 'This chart has no README.'}</Box>
          ) : (
            <Box component="pre" aria-label="Default values" tabIndex={0} sx={preSx}>{info.data.values_yaml || '# no default values'}</Box>
          )}
        </>
      ) : null}
    </Paper>
  );
}
