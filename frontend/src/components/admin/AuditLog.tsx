// The audit log: filters, server-side pagination, details, CSV export, chain verification.
import { useState } from 'react';
import {
  Box, Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TablePagination,
  TableRow, TextField, Tooltip, Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../services/api';
import { auditApi, type AuditFilters } from '../../services/endpoints/admin';
import { useDebounced } from '../../hooks/useDebounced';
import { formatDateTime } from '../common/format';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { useToast } from '../common/Toasts';

const FIELDS: { key: keyof AuditFilters; label: string; type?: string }[] = [
  { key: 'user', label: 'User' }, { key: 'action', label: 'Action' },
  { key: 'cluster_id', label: 'Cluster' }, { key: 'resource', label: 'Resource' },
  { key: 'status', label: 'Status code' },
  { key: 'since', label: 'Since', type: 'datetime-local' }, { key: 'until', label: 'Until', type: 'datetime-local' },
];

function toApi(filters: AuditFilters): AuditFilters {
  const out: AuditFilters = {};
  for (const [key, value] of Object.entries(filters) as [keyof AuditFilters, string][]) {
    if (!value) continue;
    out[key] = key === 'since' || key === 'until' ? new Date(value).toISOString() : value.trim();
  }
  return out;
}

/** The request line, then the rest of the details on one line (all of it on hover). */
function AuditDetails({ details, clientIp }: { details: Record<string, unknown>; clientIp: string | null }) {
  const { method, path, query, ...rest } = details as { method?: string; path?: string; query?: string } & Record<string, unknown>;
  const line = method && path ? `${method} ${path}${query ? `?${query}` : ''}` : null;
  const more = Object.keys(rest).length ? JSON.stringify(rest.body ?? rest) : '';
  return (
    <Box sx={{ fontSize: 12, minWidth: 0, maxWidth: 420 }} title={JSON.stringify(details, null, 2)}>
      {line ? <Typography variant="caption" component="div" noWrap sx={{ fontFamily: 'monospace' }}>{line}</Typography> : null}
      {more ? <Typography variant="caption" component="div" noWrap color="text.secondary" sx={{ fontFamily: 'monospace' }}>{more}</Typography> : null}
      {clientIp ? <Typography variant="caption" component="div" color="text.secondary">from {clientIp}</Typography> : null}
    </Box>
  );
}

export function AuditLog() {
  const notify = useToast();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(50);
  const applied = toApi(useDebounced(filters, 300));
  const list = useQuery({
    queryKey: ['audit', applied, page, rowsPerPage],
    queryFn: () => auditApi.list(applied, rowsPerPage, page * rowsPerPage),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const verify = useQuery({ queryKey: ['audit', 'verify'], queryFn: auditApi.verify, refetchInterval: 60_000 });

  const exportCsv = async () => {
    try {
      const blob = await auditApi.csv(applied);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `kubedeck-audit-${new Date().toISOString().slice(0, 19)}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      notify(errorMessage(e), 'error');
    }
  };

  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" component="h1">Audit log</Typography>
        {verify.data ? (
          <Tooltip title={verify.data.detail ?? `Every entry's hash chains to the one before (${verify.data.entries} entries)`}>
            <Chip color={verify.data.intact ? 'success' : 'error'} variant="outlined"
              label={verify.data.intact ? `Chain intact · ${verify.data.entries} entries` : `Chain broken at #${verify.data.first_bad_id ?? '?'}`} />
          </Tooltip>
        ) : verify.isError ? <Chip color="warning" label="Chain not verified" /> : <Chip label="Verifying chain…" />}
        <Box sx={{ flex: 1 }} />
        <Button variant="outlined" startIcon={<DownloadIcon />} onClick={() => void exportCsv()}>Export CSV</Button>
      </Stack>
      <Stack direction="row" spacing={1.5} sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1.5 }} component="form" aria-label="Filters"
        onSubmit={(e) => e.preventDefault()}>
        {FIELDS.map((f) => (
          <TextField key={f.key} size="small" label={f.label} type={f.type} value={filters[f.key] ?? ''}
            onChange={(e) => { setFilters((prev) => ({ ...prev, [f.key]: e.target.value })); setPage(0); }}
            slotProps={f.type ? { inputLabel: { shrink: true } } : undefined} sx={{ width: f.type ? 210 : 130 }} />
        ))}
        <Button onClick={() => { setFilters({}); setPage(0); }}>Clear</Button>
      </Stack>
      {list.isPending ? <LoadingRows label="Loading the audit log" /> : null}
      {list.isError ? <ErrorState error={list.error} title="Could not load the audit log" /> : null}
      {list.data && list.data.total === 0 ? <EmptyState title="No entries match">Widen the time range or clear the filters.</EmptyState> : null}
      {list.data && list.data.total > 0 ? (
        <Paper variant="outlined">
          <Table size="small" aria-label="Audit entries">
            <TableHead>
              <TableRow>
                <TableCell>Time</TableCell><TableCell>User</TableCell><TableCell>Action</TableCell>
                <TableCell>Target</TableCell><TableCell>Status</TableCell><TableCell>Details</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {list.data.items.map((e) => (
                <TableRow key={e.id}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.timestamp)}</TableCell>
                  <TableCell>{e.username ?? '—'}</TableCell>
                  <TableCell>{e.action}</TableCell>
                  <TableCell>{[e.cluster_id, e.namespace, e.resource_kind, e.resource_name].filter(Boolean).join(' / ') || '—'}</TableCell>
                  <TableCell>
                    <Chip size="small" variant="outlined" label={e.status_code}
                      color={e.status_code < 300 || e.status_code === 101 ? 'success' : e.status_code < 500 ? 'warning' : 'error'} />
                  </TableCell>
                  <TableCell><AuditDetails details={e.details} clientIp={e.client_ip} /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TablePagination component="div" count={list.data.total} page={page} rowsPerPage={rowsPerPage}
            rowsPerPageOptions={[25, 50, 100, 200]}
            onPageChange={(_, p) => setPage(p)}
            onRowsPerPageChange={(e) => { setRowsPerPage(Number(e.target.value)); setPage(0); }} />
        </Paper>
      ) : null}
    </Box>
  );
}
