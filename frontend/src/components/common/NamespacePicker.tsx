// The header's namespace filter for the active cluster, remembered per cluster.
import { Autocomplete, TextField } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { resourcesApi } from '../../services/endpoints/resources';
import { useNamespace } from './useNamespace';

const ALL = 'All namespaces';

export function NamespacePicker({ clusterId }: { clusterId: string }) {
  const [namespace, setNamespace] = useNamespace(clusterId);
  const query = useQuery({
    queryKey: ['resources', clusterId, 'namespaces', 'names'],
    queryFn: () => resourcesApi.list(clusterId, 'namespaces', { limit: 0, sort: 'name' }),
    select: (list) => list.items.map((row) => row.name),
    staleTime: 30_000,
  });
  const options = [ALL, ...(query.data ?? [])];
  if (namespace && !options.includes(namespace)) options.push(namespace);
  return (
    <Autocomplete
      size="small"
      disableClearable
      options={options}
      value={namespace || ALL}
      onChange={(_, value) => setNamespace(value === ALL ? '' : value)}
      loading={query.isPending}
      sx={{ width: 220 }}
      renderInput={(params) => (
        <TextField {...params} label="Namespace" variant="outlined"
          sx={{ '& .MuiOutlinedInput-root': { bgcolor: 'background.paper' } }} />
      )}
    />
  );
}
