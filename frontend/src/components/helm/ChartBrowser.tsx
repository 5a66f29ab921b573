// Charts of the configured repositories: search, filter by repository, pick one to see its
// versions, README and default values. OCI charts cannot be searched: open them by reference.
import { useState } from 'react';
import {
  Button, Grid, Link, List, ListItemButton, ListItemText, MenuItem, Stack, TextField,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { useDebounced } from '../../hooks/useDebounced';
import { helmApi, helmKeys } from '../../services/endpoints/helm';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { ChartDetails } from './ChartDetails';
import { helmUrl } from './paths';

export function ChartBrowser({ clusterId }: { clusterId: string }) {
  const [search, setSearch] = useState('');
  const [repo, setRepo] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [ociRef, setOciRef] = useState('');
  const q = useDebounced(search.trim(), 300);
  const repos = useQuery({ queryKey: helmKeys.repos(), queryFn: helmApi.repos });
  const charts = useQuery({
    queryKey: helmKeys.charts(q, repo),
    queryFn: () => helmApi.searchCharts({ q: q || undefined, repo: repo || undefined }),
    enabled: (repos.data ?? []).some((r) => r.kind === 'http'),
  });

  if (repos.isPending) return <LoadingRows label="Loading repositories" />;
  if (repos.isError) return <ErrorState error={repos.error} title="Could not list the repositories" />;
  const httpRepos = repos.data.filter((r) => r.kind === 'http');
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 4 }}>
        <Stack spacing={1} sx={{ mb: 1 }}>
          <TextField size="small" label="Search charts" value={search} onChange={(e) => setSearch(e.target.value)} />
          <TextField size="small" select label="Repository" value={repo} onChange={(e) => setRepo(e.target.value)}>
            <MenuItem value="">All repositories</MenuItem>
            {httpRepos.map((r) => <MenuItem key={r.name} value={r.name}>{r.name}</MenuItem>)}
          </TextField>
          <Stack direction="row" spacing={1}>
            <TextField size="small" label="OCI chart reference" placeholder="oci://host/path/chart" value={ociRef}
              onChange={(e) => setOciRef(e.target.value)} fullWidth />
            <Button onClick={() => setSelected(ociRef.trim())} disabled={!ociRef.trim().startsWith('oci://')}>Open</Button>
          </Stack>
        </Stack>
        {httpRepos.length === 0 ? (
          <EmptyState title="No chart repositories">
            Add one on the <Link component={RouterLink} to={helmUrl(clusterId, 'repos')}>Repositories</Link> tab.
          </EmptyState>
        ) : null}
        {charts.isPending && charts.fetchStatus !== 'idle' ? <LoadingRows rows={5} label="Searching charts" /> : null}
        {charts.isError ? <ErrorState error={charts.error} title="Could not search the charts" /> : null}
        {charts.data?.length === 0 ? <EmptyState title="No chart matches">Try another word, or update the repository.</EmptyState> : null}
        {charts.data?.length ? (
          <List dense aria-label="Charts">
            {charts.data.map((c) => (
              <ListItemButton key={c.name} selected={selected === c.name} onClick={() => setSelected(c.name)}>
                <ListItemText primary={`${c.name} ${c.version}`} secondary={c.description} />
              </ListItemButton>
            ))}
          </List>
        ) : null}
      </Grid>
      <Grid size={{ xs: 12, md: 8 }}>
        {selected ? <ChartDetails key={selected} clusterId={clusterId} chart={selected} />
          : <EmptyState title="Pick a chart">Its versions, README and default values show here.</EmptyState>}
      </Grid>
    </Grid>
  );
}
