// The parts of a detail page: summary fields, labels, conditions, containers, related objects
// and events. Each reads the backend's detail answer ({object, summary, related, events}).
import type { ReactNode } from 'react';
import {
  Box, Chip, Link, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import { Link as RouterLink } from 'react-router';
import type { KubeObject, ResourceRow } from '../../types';
import { ageSince, formatAge, text } from '../common/format';
import { StatusChip } from '../common/StatusChip';
import { KIND_BY_RESOURCE, detailPath } from './kinds';

export function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Paper component="section" variant="outlined" aria-label={title} sx={{ p: 2, mb: 2 }}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, flex: 1 }}>{title}</Typography>
        {action}
      </Stack>
      {children}
    </Paper>
  );
}

const HIDDEN = new Set(['name', 'namespace', 'uid', 'labels', 'created', 'age_seconds', 'conditions',
  'status', 'selector', 'images']);

export function SummaryFields({ summary }: { summary: ResourceRow }) {
  const entries = Object.entries(summary).filter(([k]) => !HIDDEN.has(k));
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2, m: 0 }}>
      <Field label="Age" value={summary.age_seconds !== null ? formatAge(summary.age_seconds) : ageSince(summary.created)} />
      {typeof summary.selector === 'string' && summary.selector ? <Field label="Selector" value={summary.selector} /> : null}
      {entries.map(([key, value]) => <Field key={key} label={humanize(key)} value={text(value)} />)}
      {Array.isArray(summary.images) ? <Field label="Images" value={text(summary.images)} /> : null}
    </Box>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography component="dt" variant="caption" sx={{ color: 'text.secondary' }}>{label}</Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>{value}</Typography>
    </Box>
  );
}

export function humanize(key: string): string {
  const words = key.replace(/_/g, ' ').replace(/\bip\b/, 'IP').replace(/millicores|bytes/, '').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function Labels({ labels }: { labels: Record<string, string> | undefined }) {
  const entries = Object.entries(labels ?? {});
  if (!entries.length) return <Typography variant="body2" color="text.secondary">No labels</Typography>;
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {entries.map(([k, v]) => <Chip key={k} size="small" label={`${k}=${v}`} />)}
    </Stack>
  );
}

interface Condition { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }

export function Conditions({ object }: { object: KubeObject }) {
  const conditions = (object.status?.conditions ?? []) as Condition[];
  if (!conditions.length) return <Typography variant="body2" color="text.secondary">No conditions reported</Typography>;
  return (
    <Table size="small" aria-label="Conditions">
      <TableHead><TableRow><TableCell>Type</TableCell><TableCell>Status</TableCell><TableCell>Reason</TableCell><TableCell>Message</TableCell><TableCell>Since</TableCell></TableRow></TableHead>
      <TableBody>
        {conditions.map((c) => (
          <TableRow key={c.type}>
            <TableCell>{c.type}</TableCell>
            <TableCell><StatusChip status={c.status} /></TableCell>
            <TableCell>{text(c.reason)}</TableCell>
            <TableCell sx={{ maxWidth: 480 }}>{text(c.message)}</TableCell>
            <TableCell>{ageSince(c.lastTransitionTime)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

interface ContainerSpec { name: string; image?: string; ports?: { containerPort?: number; protocol?: string }[]; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }
interface ContainerStatus { name: string; ready?: boolean; restartCount?: number; state?: Record<string, { reason?: string }> }

export function containersOf(object: KubeObject): ContainerSpec[] {
  const spec = object.spec as { containers?: ContainerSpec[]; template?: { spec?: { containers?: ContainerSpec[] } } } | undefined;
  return spec?.containers ?? spec?.template?.spec?.containers ?? [];
}

export function Containers({ object }: { object: KubeObject }) {
  const containers = containersOf(object);
  const statuses = ((object.status?.containerStatuses ?? []) as ContainerStatus[]);
  const isPod = object.kind === 'Pod';
  if (!containers.length) return <Typography variant="body2" color="text.secondary">No containers</Typography>;
  return (
    <Table size="small" aria-label="Containers">
      <TableHead><TableRow>
        <TableCell>Name</TableCell><TableCell>Image</TableCell>
        {isPod ? <><TableCell>State</TableCell><TableCell>Ready</TableCell><TableCell>Restarts</TableCell></> : null}
        <TableCell>Ports</TableCell><TableCell>Requests</TableCell><TableCell>Limits</TableCell>
      </TableRow></TableHead>
      <TableBody>
        {containers.map((c) => {
          const s = statuses.find((st) => st.name === c.name);
          const state = s?.state ? Object.keys(s.state)[0] : undefined;
          const reason = state ? s?.state?.[state]?.reason : undefined;
          return (
            <TableRow key={c.name}>
              <TableCell>{c.name}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{text(c.image)}</TableCell>
              {isPod ? <>
                <TableCell><StatusChip status={reason ?? (state ? state.charAt(0).toUpperCase() + state.slice(1) : undefined)} /></TableCell>
                <TableCell>{s ? (s.ready ? 'Yes' : 'No') : '—'}</TableCell>
                <TableCell>{s?.restartCount ?? '—'}</TableCell>
              </> : null}
              <TableCell>{text((c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`))}</TableCell>
              <TableCell>{text(Object.entries(c.resources?.requests ?? {}).map(([k, v]) => `${k}: ${v}`))}</TableCell>
              <TableCell>{text(Object.entries(c.resources?.limits ?? {}).map(([k, v]) => `${k}: ${v}`))}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export function EventsTable({ events }: { events: ResourceRow[] }) {
  if (!events.length) return <Typography variant="body2" color="text.secondary">No recent events</Typography>;
  return (
    <Table size="small" aria-label="Events">
      <TableHead><TableRow><TableCell>Type</TableCell><TableCell>Reason</TableCell><TableCell>Message</TableCell><TableCell>Count</TableCell><TableCell>Last seen</TableCell></TableRow></TableHead>
      <TableBody>
        {events.map((e, i) => (
          <TableRow key={e.uid ?? i}>
            <TableCell><StatusChip status={String(e.type ?? '')} /></TableCell>
            <TableCell>{text(e.reason)}</TableCell>
            <TableCell>{text(e.message)}</TableCell>
            <TableCell>{text(e.count)}</TableCell>
            <TableCell>{ageSince(typeof e.last_seen === 'string' ? e.last_seen : null)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function RowLink({ clusterId, resource, row }: { clusterId: string; resource: string; row: { name: string; namespace?: string | null } }) {
  if (!KIND_BY_RESOURCE[resource]) return <>{row.name}</>;
  return (
    <Link component={RouterLink} to={detailPath(clusterId, resource, row.namespace ?? null, row.name)}>
      {row.name}
    </Link>
  );
}
