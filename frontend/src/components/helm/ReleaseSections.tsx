// The release page's overview (facts, resources with their live status, notes) and values
// (user-supplied or computed, chart defaults merged) sections.
import { useState } from 'react';
import {
  Box, Link, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow,
  ToggleButton, ToggleButtonGroup, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { helmApi, type HelmReleaseDetail, type ReleaseRef, type ReleaseResource } from '../../services/endpoints/helm';
import { ErrorState, LoadingRows } from '../common/States';
import { StatusChip } from '../common/StatusChip';
import { formatDateTime } from '../common/format';
import { KIND_BY_RESOURCE, detailPath } from '../resources/kinds';
import { preSx } from './ChartDetails';
import { toYaml } from './values';

function resourceLink(clusterId: string, r: ReleaseResource): string | null {
  const resource = `${r.kind.toLowerCase()}s`;
  return KIND_BY_RESOURCE[resource] ? detailPath(clusterId, resource, r.namespace ?? null, r.name) : null;
}

function readiness(r: ReleaseResource): string {
  if (r.status) return r.status;
  if (r.ready === true) return 'ready';
  if (r.ready === false) return 'not ready';
  return '';
}

function Resources({ clusterId, resources }: { clusterId: string; resources: ReleaseResource[] }) {
  if (resources.length === 0) return <Typography variant="body2" color="text.secondary">No resources.</Typography>;
  return (
    <TableContainer>
      <Table size="small" aria-label="Release resources">
        <TableHead>
          <TableRow>{['Kind', 'Name', 'Namespace', 'Status'].map((h) => <TableCell key={h}>{h}</TableCell>)}</TableRow>
        </TableHead>
        <TableBody>
          {resources.map((r) => {
            const to = resourceLink(clusterId, r);
            return (
              <TableRow key={`${r.api_version}/${r.kind}/${r.namespace ?? ''}/${r.name}`}>
                <TableCell>{r.kind}</TableCell>
                <TableCell>{to ? <Link component={RouterLink} to={to}>{r.name}</Link> : r.name}</TableCell>
                <TableCell>{r.namespace ?? '—'}</TableCell>
                <TableCell><StatusChip status={readiness(r)} /></TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function ReleaseOverview({ clusterId, detail }: { clusterId: string; detail: HelmReleaseDetail }) {
  const facts: [string, string][] = [
    ['Namespace', detail.namespace],
    ['First deployed', formatDateTime(detail.first_deployed)],
    ['Last deployed', formatDateTime(detail.last_deployed)],
    ['Description', detail.description || '—'],
    ['Apply method', detail.apply_method || '—'],
  ];
  return (
    <Stack spacing={2}>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
        {facts.map(([k, v]) => (
          <Box key={k} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" color="text.secondary">{k}</Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0 }}>{v}</Typography>
          </Box>
        ))}
      </Box>
      <Box>
        <Typography variant="h6" component="h2">Resources</Typography>
        <Resources clusterId={clusterId} resources={detail.resources} />
      </Box>
      <Box>
        <Typography variant="h6" component="h2">Notes</Typography>
        {detail.notes ? <Box component="pre" aria-label="Notes" tabIndex={0} sx={preSx}>{detail.notes}</Box>
          : <Typography variant="body2" color="text.secondary">The chart has no notes.</Typography>}
      </Box>
    </Stack>
  );
}

export function ReleaseValues({ release, revision, userValues }: {
  release: ReleaseRef; revision: number; userValues: Record<string, unknown>;
}) {
  const [which, setWhich] = useState<'user' | 'all'>('user');
  const computed = useQuery({
    queryKey: ['helm', release.cluster, 'values', release.namespace, release.name, revision, 'all'],
    queryFn: () => helmApi.values(release, true),
    enabled: which === 'all',
  });
  const shown = which === 'user' ? userValues : computed.data?.values;
  return (
    <Box>
      <ToggleButtonGroup size="small" exclusive value={which} onChange={(_, v: 'user' | 'all' | null) => { if (v) setWhich(v); }}
        aria-label="Which values" sx={{ mb: 1 }}>
        <ToggleButton value="user">User-supplied</ToggleButton>
        <ToggleButton value="all">Computed</ToggleButton>
      </ToggleButtonGroup>
      {which === 'all' && computed.isPending ? <LoadingRows rows={6} label="Loading the computed values" /> : null}
      {which === 'all' && computed.isError ? <ErrorState error={computed.error} title="Could not load the computed values" /> : null}
      {shown ? (
        <Box component="pre" aria-label={which === 'user' ? 'User-supplied values' : 'Computed values'} tabIndex={0} sx={preSx}>
          {Object.keys(shown).length ? toYaml(shown) : '# none: the chart defaults'}
        </Box>
      ) : null}
    </Box>
  );
}
