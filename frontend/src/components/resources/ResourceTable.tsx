// The one table every resource list uses: virtualised rows (smooth at 10,000), server-side
// search/sort/pagination, live updates, and loading / empty / error states. ARIA table roles
// make it readable by assistive technology (and by the e2e tests).
import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Box, ButtonBase, Skeleton, styled } from '@mui/material';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ListParams } from '../../services/endpoints/resources';
import { errorMessage } from '../../services/api';
import type { ResourceRow } from '../../types';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import type { CellContext, Column } from './columns';
import { PAGE_SIZE, usePagedRows } from './usePagedRows';

export const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 40;

export interface ResourceTableProps {
  clusterId: string;
  resource: string;
  /** accessible name of the table, e.g. "Pods" */
  label: string;
  columns: Column[];
  params: ListParams;
  onSortChange?: (sort: string | undefined) => void;
  detailPath: CellContext['detailPath'];
  empty: { title: string; hint: ReactNode };
  onTotal?: (total: number) => void;
}

function nextSort(current: string | undefined, key: string): string | undefined {
  if (current === key) return `-${key}`;
  if (current === `-${key}`) return undefined;
  return key;
}

export function ResourceTable(props: ResourceTableProps) {
  const { clusterId, resource, label, columns, params, onSortChange, detailPath, empty, onTotal } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // The visible range, at page granularity so that scrolling within a page does not re-render.
  const [range, setRange] = useState({ start: 0, end: 0 });
  const paged = usePagedRows(clusterId, resource, params, range);

  const virtualizer = useVirtualizer({
    count: paged.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    initialRect: { width: 1200, height: 800 },
    onChange: (instance) => {
      const rows = instance.getVirtualItems();
      if (!rows.length) return;
      const start = Math.floor(rows[0]!.index / PAGE_SIZE) * PAGE_SIZE;
      const end = Math.floor(rows[rows.length - 1]!.index / PAGE_SIZE) * PAGE_SIZE;
      setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
    },
  });

  // New filters or another kind: back to the top.
  const paramsKey = JSON.stringify([clusterId, resource, params]);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [paramsKey]);

  useEffect(() => {
    onTotal?.(paged.total);
  }, [onTotal, paged.total]);

  const template = columns.map((c) => c.width).join(' ');
  const minWidth = columns.reduce((sum, c) => sum + c.minWidth, 0) + 16;
  const ctx = useMemo<CellContext>(() => ({ clusterId, resource, detailPath }),
    [clusterId, resource, detailPath]);

  if (paged.initialLoading) return <LoadingRows label={`Loading ${label}`} />;
  if (paged.error) {
    return <ErrorState error={paged.error} title={`Could not load ${label.toLowerCase()}`}
      onRetry={paged.refetch} />;
  }
  if (paged.total === 0) return <EmptyState title={empty.title}>{empty.hint}</EmptyState>;

  const virtualRows = virtualizer.getVirtualItems();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
      {paged.refreshError ? (
        <Alert severity="warning" sx={{ mb: 1 }}>
          Live updates paused: {errorMessage(paged.refreshError)}
        </Alert>
      ) : null}
      <Box ref={scrollRef} role="table" aria-label={label} aria-rowcount={paged.total + 1}
        sx={{
          flex: 1, minHeight: 240, overflow: 'auto', border: 1, borderColor: 'divider',
          borderRadius: 1, bgcolor: 'background.paper', contain: 'strict',
        }}>
        <Box role="rowgroup" sx={{ position: 'sticky', top: 0, zIndex: 1, minWidth }}>
          <HeaderRow role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {columns.map((column) => (
              <HeaderCell key={column.id} column={column} sort={params.sort}
                onSort={onSortChange ? (key) => onSortChange(nextSort(params.sort, key)) : undefined} />
            ))}
          </HeaderRow>
        </Box>
        <Box role="rowgroup" style={{ height: virtualizer.getTotalSize(), minWidth }}
          sx={{ position: 'relative' }}>
          {virtualRows.map((v) => {
            const row = paged.rowAt(v.index);
            const top = v.start - HEADER_HEIGHT;
            return row ? (
              <Row key={row.uid || `${row.namespace}/${row.name}`} row={row} index={v.index}
                top={top} template={template} columns={columns} ctx={ctx} />
            ) : (
              <BodyRow key={`loading-${v.index}`} role="row" aria-rowindex={v.index + 2} aria-busy="true"
                style={{ transform: `translateY(${top}px)`, display: 'flex' }}>
                <Skeleton variant="text" width="100%" aria-label="Loading row" />
              </BodyRow>
            );
          })}
        </Box>
      </Box>
    </Box>
  );
}

function HeaderCell({ column, sort, onSort }: {
  column: Column; sort: string | undefined; onSort?: (key: string) => void;
}) {
  const key = column.sortKey;
  const direction = key && sort === key ? 'ascending' : key && sort === `-${key}` ? 'descending' : undefined;
  const justify = column.align === 'right' ? 'flex-end' : 'flex-start';
  const content = (
    <>
      {column.header}
      {direction === 'ascending' ? <ArrowUpwardIcon sx={{ fontSize: 14 }} aria-hidden /> : null}
      {direction === 'descending' ? <ArrowDownwardIcon sx={{ fontSize: 14 }} aria-hidden /> : null}
    </>
  );
  return (
    <Box role="columnheader" aria-sort={direction ?? (key ? 'none' : undefined)}
      sx={{ px: 1, fontWeight: 600, fontSize: 13, color: 'text.secondary', display: 'flex',
        justifyContent: justify, overflow: 'hidden', whiteSpace: 'nowrap' }}>
      {key && onSort ? (
        <ButtonBase onClick={() => onSort(key)} sx={{ gap: 0.5, font: 'inherit', color: 'inherit', borderRadius: 1 }}
          aria-label={`Sort by ${column.header}`}>
          {content}
        </ButtonBase>
      ) : content}
    </Box>
  );
}

// Static styles (one CSS class for all rows); only the position changes per row, inline.
const HeaderRow = styled('div')(({ theme }) => ({
  display: 'grid', height: HEADER_HEIGHT, padding: theme.spacing(0, 1), alignItems: 'center',
  backgroundColor: theme.palette.background.paper, borderBottom: `1px solid ${theme.palette.divider}`,
}));

const BodyRow = styled('div')(({ theme }) => ({
  position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, padding: theme.spacing(0, 1),
  display: 'grid', alignItems: 'center', borderBottom: `1px solid ${theme.palette.divider}`,
  '&:hover': { backgroundColor: theme.palette.action.hover },
}));

const Cell = styled('div')(({ theme }) => ({
  padding: theme.spacing(0, 1), minWidth: 0, overflow: 'hidden',
}));

const Row = memo(function Row({ row, index, top, template, columns, ctx }: {
  row: ResourceRow; index: number; top: number; template: string; columns: Column[]; ctx: CellContext;
}) {
  return (
    <BodyRow role="row" aria-rowindex={index + 2}
      style={{ transform: `translateY(${top}px)`, gridTemplateColumns: template }}>
      {columns.map((column) => (
        <Cell key={column.id} role="cell" style={column.align === 'right' ? { textAlign: 'right' } : undefined}>
          {column.render(row, ctx)}
        </Cell>
      ))}
    </BodyRow>
  );
});
