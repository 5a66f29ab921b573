// Column building blocks for ResourceTable. A column reads one field of a summary row (the
// backend's summaries*.py say which fields each kind has) and says how the server sorts it.
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import type { ResourceRow } from '../../types';
import { StatusBadge } from '../common/StatusBadge';
import {
  ageSince, formatAge, formatBytes, formatMillicores, text,
} from '../common/format';

export interface CellContext {
  clusterId: string;
  resource: string;
  /** the detail page's path, or null when the kind has none */
  detailPath: (row: ResourceRow) => string | null;
}

export interface Column {
  id: string;
  header: string;
  /** CSS grid track, e.g. 'minmax(180px, 2fr)' */
  width: string;
  /** pixels the column never shrinks below (sums to the table's min width) */
  minWidth: number;
  /** the `sort` value the API understands; absent: not sortable */
  sortKey?: string;
  align?: 'left' | 'right';
  render: (row: ResourceRow, ctx: CellContext) => ReactNode;
}

const field = (row: ResourceRow, key: string): unknown => row[key];

// Cells are plain elements styled by the table's classes (see tableStyles.ts).
function Plain({ value, title }: { value: string; title?: string }) {
  return <span className="kd-text" title={title ?? value}>{value}</span>;
}

export function textColumn(id: string, header: string, opts: Partial<Column> = {}): Column {
  return {
    id, header, width: 'minmax(100px, 1fr)', minWidth: 100, sortKey: id,
    render: (row) => <Plain value={text(field(row, id))} />,
    ...opts,
  };
}

export function numberColumn(id: string, header: string, opts: Partial<Column> = {}): Column {
  return textColumn(id, header, { width: 'minmax(80px, 0.6fr)', minWidth: 80, align: 'right', ...opts });
}

export const nameColumn: Column = {
  id: 'name', header: 'Name', width: 'minmax(220px, 2.5fr)', minWidth: 220, sortKey: 'name',
  render: (row, ctx) => {
    const to = ctx.detailPath(row);
    if (!to) return <Plain value={row.name} />;
    return <RouterLink className="kd-link" to={to} title={row.name}>{row.name}</RouterLink>;
  },
};

export const namespaceColumn = textColumn('namespace', 'Namespace', {
  width: 'minmax(120px, 1fr)', minWidth: 120,
});

export const statusColumn: Column = {
  id: 'status', header: 'Status', width: 'minmax(160px, 1fr)', minWidth: 160, sortKey: 'status',
  render: (row) => <StatusBadge status={typeof row.status === 'string' ? row.status : null} />,
};

export const ageColumn: Column = {
  id: 'age', header: 'Age', width: 'minmax(70px, 0.5fr)', minWidth: 70, sortKey: 'age', align: 'right',
  render: (row) => (
    <Plain value={row.age_seconds !== null ? formatAge(row.age_seconds) : ageSince(row.created)}
      title={row.created ?? undefined} />
  ),
};

export const imagesColumn = textColumn('images', 'Images', {
  width: 'minmax(180px, 2fr)', minWidth: 180, sortKey: undefined,
});

export function bytesColumn(id: string, header: string): Column {
  return numberColumn(id, header, {
    render: (row) => <Plain value={formatBytes(field(row, id) as number | null)} />,
  });
}

export function cpuColumn(id: string, header: string): Column {
  return numberColumn(id, header, {
    render: (row) => <Plain value={formatMillicores(field(row, id) as number | null)} />,
  });
}

export function timeAgoColumn(id: string, header: string): Column {
  return numberColumn(id, header, {
    render: (row) => {
      const value = field(row, id);
      return <Plain value={ageSince(typeof value === 'string' ? value : null)}
        title={typeof value === 'string' ? value : undefined} />;
    },
  });
}

export function boolColumn(id: string, header: string): Column {
  return textColumn(id, header, {
    width: 'minmax(80px, 0.5fr)', minWidth: 80,
    render: (row) => <Plain value={field(row, id) ? 'Yes' : 'No'} />,
  });
}

export const messageColumn: Column = textColumn('message', 'Message', {
  width: 'minmax(260px, 4fr)', minWidth: 260, sortKey: undefined,
});
