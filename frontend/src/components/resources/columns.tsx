// Column building blocks for ResourceTable. A column reads one field of a summary row (the
// backend's summaries*.py say which fields each kind has) and says how the server sorts it.
//
// Cells are plain elements styled by the table's classes (see tableStyles.ts), built by plain
// functions rather than components: scrolling mounts a few rows every frame, and each element,
// component boundary (let alone a router Link with its hooks) is work per cell. Text cells
// (`text`) are the cell element itself, with nothing inside; `render` is for richer cells.
import type { ReactNode } from 'react';
import type { ResourceRow } from '../../types';
import { statusTone } from '../common/StatusChip';
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
  /** the cell's content (also for text cells, e.g. when another column reuses it) */
  render: (row: ResourceRow, ctx: CellContext) => ReactNode;
  /** a plain-text cell: the table renders it without an inner element */
  text?: (row: ResourceRow) => string;
  /** the tooltip of a text cell (default: the text, which may be cut off) */
  title?: (row: ResourceRow) => string | undefined;
}

const field = (row: ResourceRow, key: string): unknown => row[key];

/** A text column from how to show a row (and, optionally, a tooltip). */
function textCells(show: (row: ResourceRow) => string, title?: (row: ResourceRow) => string | undefined) {
  return {
    text: show,
    title,
    render: (row: ResourceRow) => (
      <span className="kd-text" title={title?.(row) ?? show(row)}>{show(row)}</span>
    ),
  };
}

export function textColumn(id: string, header: string, opts: Partial<Column> = {}): Column {
  // A custom `render` without `text` makes a rich cell: drop the default text.
  const cells = opts.render && !opts.text ? {} : textCells((row) => text(field(row, id)));
  return {
    id, header, width: 'minmax(100px, 1fr)', minWidth: 100, sortKey: id,
    render: (row) => text(field(row, id)),
    ...cells,
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
    if (!to) return <span className="kd-text" title={row.name}>{row.name}</span>;
    // A plain link: ResourceTable routes clicks on `.kd-link` in-app (one handler, not one per row).
    return <a className="kd-link" href={to} title={row.name}>{row.name}</a>;
  },
};

export const namespaceColumn = textColumn('namespace', 'Namespace', {
  width: 'minmax(120px, 1fr)', minWidth: 120,
});

export const statusColumn: Column = {
  id: 'status', header: 'Status', width: 'minmax(160px, 1fr)', minWidth: 160, sortKey: 'status',
  render: (row) => {
    const status = typeof row.status === 'string' ? row.status : null;
    if (!status) return <span aria-label="no status">—</span>;
    return <span className="kd-badge" data-tone={statusTone(status)} title={status}>{status}</span>;
  },
};

export const ageColumn: Column = {
  id: 'age', header: 'Age', width: 'minmax(70px, 0.5fr)', minWidth: 70, sortKey: 'age', align: 'right',
  ...textCells(
    (row) => (row.age_seconds !== null ? formatAge(row.age_seconds) : ageSince(row.created)),
    (row) => row.created ?? undefined,
  ),
};

export const imagesColumn = textColumn('images', 'Images', {
  width: 'minmax(180px, 2fr)', minWidth: 180, sortKey: undefined,
});

export function bytesColumn(id: string, header: string): Column {
  return numberColumn(id, header, textCells((row) => formatBytes(field(row, id) as number | null)));
}

export function cpuColumn(id: string, header: string): Column {
  return numberColumn(id, header, textCells((row) => formatMillicores(field(row, id) as number | null)));
}

export function timeAgoColumn(id: string, header: string): Column {
  const stamp = (row: ResourceRow) => {
    const value = field(row, id);
    return typeof value === 'string' ? value : undefined;
  };
  return numberColumn(id, header, textCells((row) => ageSince(stamp(row) ?? null), stamp));
}

export function boolColumn(id: string, header: string): Column {
  return textColumn(id, header, {
    width: 'minmax(80px, 0.5fr)', minWidth: 80,
    ...textCells((row) => (field(row, id) ? 'Yes' : 'No')),
  });
}

export const messageColumn: Column = textColumn('message', 'Message', {
  width: 'minmax(260px, 4fr)', minWidth: 260, sortKey: undefined,
});
