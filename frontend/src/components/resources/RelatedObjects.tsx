// Related objects of a detail page: owners up the chain, owned pods and replicasets, the node,
// the services that select a pod, a service's endpoints. Sections the server could not read are
// named with the reason.
import { Alert, Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ResourceRow } from '../../types';
import { ageSince, formatAge, text } from '../common/format';
import { StatusChip } from '../common/StatusChip';
import { RowLink } from './DetailSections';

const OWNER_RESOURCES: Record<string, string> = {
  ReplicaSet: 'replicasets', Deployment: 'deployments', StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets', Job: 'jobs', CronJob: 'cronjobs', Node: 'nodes',
};
const TITLES: Record<string, string> = {
  owners: 'Owned by', node: 'Node', pods: 'Pods', replicasets: 'ReplicaSets', jobs: 'Jobs',
  services: 'Services', endpoints: 'Endpoints',
};

interface Owner { kind: string; name: string; summary: ResourceRow | null }
interface Endpoint { ip: string; node?: string | null; target_kind?: string | null; target_name?: string | null; ready?: boolean; ports?: unknown }

export function RelatedObjects({ clusterId, related, namespace }: {
  clusterId: string; related: Record<string, unknown>; namespace: string | null;
}) {
  const unavailable = (related.unavailable ?? {}) as Record<string, string>;
  const sections = Object.entries(related).filter(([key]) => key !== 'unavailable');
  const nothing = sections.every(([, value]) => value === null || (Array.isArray(value) && !value.length));
  return (
    <Box>
      {Object.entries(unavailable).map(([section, reason]) => (
        <Alert key={section} severity="warning" sx={{ mb: 1 }}>{TITLES[section] ?? section}: {reason}</Alert>
      ))}
      {nothing ? <Typography variant="body2" color="text.secondary">No related objects</Typography> : null}
      {sections.map(([key, value]) => {
        if (value === null || (Array.isArray(value) && !value.length)) return null;
        const title = TITLES[key] ?? key;
        let body;
        if (key === 'owners') body = <OwnersList clusterId={clusterId} owners={value as Owner[]} namespace={namespace} />;
        else if (key === 'endpoints') body = <EndpointsTable endpoints={value as Endpoint[]} />;
        else if (key === 'node') body = <RowsTable clusterId={clusterId} resource="nodes" rows={[value as ResourceRow]} label={title} />;
        else body = <RowsTable clusterId={clusterId} resource={key} rows={value as ResourceRow[]} label={title} />;
        return (
          <Box key={key} sx={{ mb: 2 }}>
            <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>{title}</Typography>
            {body}
          </Box>
        );
      })}
    </Box>
  );
}

function OwnersList({ clusterId, owners, namespace }: { clusterId: string; owners: Owner[]; namespace: string | null }) {
  return (
    <Box component="ol" sx={{ m: 0, pl: 3 }}>
      {owners.map((o) => {
        const resource = OWNER_RESOURCES[o.kind];
        return (
          <li key={`${o.kind}/${o.name}`}>
            <Typography variant="body2" component="span">{o.kind} </Typography>
            {resource && o.summary
              ? <RowLink clusterId={clusterId} resource={resource} row={{ name: o.name, namespace }} />
              : <span>{o.name}</span>}
          </li>
        );
      })}
    </Box>
  );
}

function RowsTable({ clusterId, resource, rows, label }: {
  clusterId: string; resource: string; rows: ResourceRow[]; label: string;
}) {
  return (
    <Table size="small" aria-label={label}>
      <TableHead><TableRow><TableCell>Name</TableCell><TableCell>Status</TableCell><TableCell>Ready</TableCell><TableCell>Age</TableCell></TableRow></TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.uid}>
            <TableCell><RowLink clusterId={clusterId} resource={resource} row={row} /></TableCell>
            <TableCell><StatusChip status={typeof row.status === 'string' ? row.status : null} /></TableCell>
            <TableCell>{text(row.ready)}</TableCell>
            <TableCell>{row.age_seconds !== null ? formatAge(row.age_seconds) : ageSince(row.created)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function EndpointsTable({ endpoints }: { endpoints: Endpoint[] }) {
  return (
    <Table size="small" aria-label="Endpoints">
      <TableHead><TableRow><TableCell>IP</TableCell><TableCell>Target</TableCell><TableCell>Node</TableCell><TableCell>Ready</TableCell></TableRow></TableHead>
      <TableBody>
        {endpoints.map((e, i) => (
          <TableRow key={`${e.ip}-${i}`}>
            <TableCell>{e.ip}</TableCell>
            <TableCell>{e.target_kind ? `${e.target_kind}/${e.target_name ?? ''}` : '—'}</TableCell>
            <TableCell>{text(e.node)}</TableCell>
            <TableCell>{e.ready ? 'Yes' : 'No'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
