// A list page: the kind's configuration over ResourceTable, with search, label filter and sort
// in the URL (so a filtered view can be shared) and the namespace from the header's picker.
import { useCallback, useMemo, useState } from 'react';
import { Box, Chip, InputAdornment, Stack, TextField, Typography } from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { useParams, useSearchParams } from 'react-router';
import { useClusters } from '../../contexts/ClusterContext';
import { useDebounced } from '../../hooks/useDebounced';
import { useLiveResource } from '../../hooks/useLiveResource';
import type { ResourceRow } from '../../types';
import { EmptyState } from '../common/States';
import { useNamespace } from '../common/useNamespace';
import { KIND_BY_RESOURCE, detailPath } from './kinds';
import { LiveIndicator } from './LiveIndicator';
import { ResourceTable } from './ResourceTable';

export function ResourceListPage() {
  const { resource = '' } = useParams();
  const { activeCluster } = useClusters();
  const clusterId = activeCluster?.id ?? '';
  const kind = KIND_BY_RESOURCE[resource];
  const [namespace] = useNamespace(clusterId);
  const [searchParams, setSearchParams] = useSearchParams();
  const [search, setSearch] = useState(searchParams.get('q') ?? '');
  const [labels, setLabels] = useState(searchParams.get('l') ?? '');
  const [total, setTotal] = useState<number | null>(null);
  const debouncedSearch = useDebounced(search.trim());
  const debouncedLabels = useDebounced(labels.trim(), 500);
  const sort = searchParams.get('sort') ?? kind?.defaultSort;

  const updateParam = useCallback((key: string, value: string | undefined) => {
    setSearchParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    }, { replace: true });
  }, [setSearchParams]);

  const params = useMemo(() => ({
    namespace: kind?.namespaced ? namespace || undefined : undefined,
    search: debouncedSearch || undefined,
    labelSelector: debouncedLabels || undefined,
    sort,
  }), [kind, namespace, debouncedSearch, debouncedLabels, sort]);

  const liveNamespace = kind?.namespaced ? namespace || null : null;
  const live = useLiveResource(kind && clusterId ? { clusterId, resource, namespace: liveNamespace } : null);

  const linkTo = useCallback((row: ResourceRow) => (kind?.hasDetail === false ? null
    : detailPath(clusterId, resource, row.namespace, row.name)), [kind, clusterId, resource]);

  if (!kind) {
    return <EmptyState title={`Unknown page “${resource}”`}>Pick a kind in the navigation.</EmptyState>;
  }
  if (!activeCluster) return null;

  const filtered = Boolean(params.search || params.labelSelector);
  const where = kind.namespaced ? (namespace ? `namespace ${namespace}` : 'any namespace') : activeCluster.name;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h5" component="h1">{kind.title}</Typography>
        {total !== null ? <Chip size="small" label={`${total.toLocaleString()} ${filtered ? 'matching' : 'total'}`} /> : null}
        <LiveIndicator live={live} />
        <Box sx={{ flex: 1 }} />
        <TextField size="small" label={`Search ${kind.title.toLowerCase()}`} value={search}
          onChange={(e) => { setSearch(e.target.value); updateParam('q', e.target.value.trim()); }}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }} />
        <TextField size="small" label="Label selector" placeholder="app=web,tier!=db" value={labels}
          onChange={(e) => { setLabels(e.target.value); updateParam('l', e.target.value.trim()); }} />
      </Stack>
      <ResourceTable
        clusterId={clusterId}
        resource={resource}
        label={kind.title}
        columns={kind.columns}
        params={params}
        onSortChange={(next) => updateParam('sort', next)}
        detailPath={linkTo}
        onTotal={setTotal}
        live={live.live}
        empty={filtered
          ? { title: `No ${kind.title.toLowerCase()} match`, hint: 'Clear the search or the label selector to see every one.' }
          : { title: `No ${kind.title.toLowerCase()} in ${where}`, hint: kind.emptyHint }}
      />
    </Box>
  );
}
