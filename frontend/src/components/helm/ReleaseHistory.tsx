// A release's revisions: diff any revision with the previous one or any two revisions (values
// and manifest), and roll back to an earlier revision (with confirmation).
import { useState } from 'react';
import {
  Box, Button, List, ListItem, MenuItem, Stack, Table, TableBody, TableCell, TableContainer,
  TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useAuth } from '../../contexts/AuthContext';
import { helmApi, type HelmDiff, type HistoryEntry, type ReleaseRef } from '../../services/endpoints/helm';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { formatDateTime } from '../common/format';
import { DiffView } from '../resources/DiffView';
import { HelmStatusChip } from './HelmStatusChip';

export function DiffPanel({ diff }: { diff: HelmDiff }) {
  return (
    <Box role="region" aria-label={`Diff ${diff.before} → ${diff.after}`} sx={{ mt: 2 }}>
      <Typography variant="subtitle1">{diff.before} → {diff.after}</Typography>
      {diff.changes.length ? (
        <List dense aria-label="Changed resources">
          {diff.changes.map((c) => (
            <ListItem key={`${c.kind}/${c.namespace ?? ''}/${c.name}`} disableGutters sx={{ py: 0 }}>
              {c.kind} {c.namespace ? `${c.namespace}/` : ''}{c.name}: {c.change}
            </ListItem>
          ))}
        </List>
      ) : <Typography variant="body2" color="text.secondary">No resource added, removed or changed.</Typography>}
      <Typography variant="subtitle2" sx={{ mt: 1 }}>Values</Typography>
      {diff.values_diff ? <DiffView diff={diff.values_diff} label="Values diff" />
        : <Typography variant="body2" color="text.secondary">Same values.</Typography>}
      <Typography variant="subtitle2" sx={{ mt: 1 }}>Manifest</Typography>
      {diff.manifest_diff ? <DiffView diff={diff.manifest_diff} label="Manifest diff" />
        : <Typography variant="body2" color="text.secondary">Same manifest.</Typography>}
    </Box>
  );
}

function Compare({ revisions, onCompare }: { revisions: number[]; onCompare: (from: number, to: number) => void }) {
  const [from, setFrom] = useState(revisions.at(-2) ?? revisions[0] ?? 1);
  const [to, setTo] = useState(revisions.at(-1) ?? 1);
  const select = (label: string, value: number, set: (n: number) => void) => (
    <TextField select size="small" label={label} value={value} onChange={(e) => set(Number(e.target.value))} sx={{ width: 140 }}>
      {revisions.map((r) => <MenuItem key={r} value={r}>revision {r}</MenuItem>)}
    </TextField>
  );
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', my: 1 }}>
      {select('From', from, setFrom)}
      {select('To', to, setTo)}
      <Button variant="outlined" disabled={from === to} onClick={() => onCompare(from, to)}>Compare</Button>
    </Stack>
  );
}

export function ReleaseHistory({ release, current, onOperation }: {
  release: ReleaseRef; current: number; onOperation: (id: string) => void;
}) {
  const { hasPermission } = useAuth();
  const [pair, setPair] = useState<[number, number] | null>(null);
  const [target, setTarget] = useState<HistoryEntry | null>(null);
  const history = useQuery({ queryKey: ['helm', release.cluster, 'history', release.namespace, release.name, current], queryFn: () => helmApi.history(release) });
  const diff = useQuery({
    queryKey: ['helm', release.cluster, 'diff', release.namespace, release.name, pair],
    queryFn: () => helmApi.revisionDiff(release, pair![0], pair![1]),
    enabled: pair !== null,
  });
  if (history.isPending) return <LoadingRows label="Loading the history" />;
  if (history.isError) return <ErrorState error={history.error} title="Could not load the history" />;
  if (history.data.length === 0) return <EmptyState title="No revisions" />;
  const rows = [...history.data].sort((a, b) => b.revision - a.revision);
  const canRollback = hasPermission('helm:rollback');
  const rollback = async () => {
    if (!target) return;
    const op = await helmApi.rollback(release, target.revision);
    onOperation(op.id);
  };
  return (
    <Box>
      <TableContainer>
        <Table size="small" aria-label="Revisions">
          <TableHead>
            <TableRow>
              {['Revision', 'Updated', 'Status', 'Chart', 'App version', 'Description', 'Actions'].map((h) => <TableCell key={h}>{h}</TableCell>)}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((h) => (
              <TableRow key={h.revision}>
                <TableCell>{h.revision}</TableCell>
                <TableCell>{formatDateTime(h.updated)}</TableCell>
                <TableCell><HelmStatusChip status={h.status} /></TableCell>
                <TableCell>{h.chart}-{h.chart_version}</TableCell>
                <TableCell>{h.app_version || '—'}</TableCell>
                <TableCell sx={{ maxWidth: 320, overflowWrap: 'anywhere' }}>{h.description}</TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    {h.revision > 1 ? (
                      <Button size="small" onClick={() => setPair([h.revision - 1, h.revision])}
                        aria-label={`Diff revision ${h.revision} with previous`}>Diff with previous</Button>
                    ) : null}
                    {canRollback && h.revision !== current ? (
                      <Button size="small" color="warning" onClick={() => setTarget(h)}
                        aria-label={`Roll back to revision ${h.revision}`}>Roll back</Button>
                    ) : null}
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {rows.length > 1 ? <Compare revisions={rows.map((r) => r.revision).reverse()} onCompare={(a, b) => setPair([a, b])} /> : null}
      {diff.isFetching ? <LoadingRows rows={4} label="Loading the diff" /> : null}
      {diff.isError ? <ErrorState error={diff.error} title="Could not compare the revisions" /> : null}
      {diff.data && !diff.isFetching ? <DiffPanel diff={diff.data} /> : null}
      <ConfirmDialog open={target !== null} title={`Roll back ${release.name} to revision ${target?.revision ?? ''}?`}
        confirmLabel="Roll back" onConfirm={rollback} onClose={() => setTarget(null)}>
        {target ? `This creates a new revision with revision ${target.revision}'s chart (${target.chart}-${target.chart_version}) and values.` : null}
      </ConfirmDialog>
    </Box>
  );
}
