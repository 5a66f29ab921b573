// The one table every resource list uses: virtualised rows (smooth at 10,000), server-side
// search/sort/pagination, live updates, and loading / empty / error states. ARIA table roles
// make it readable by assistive technology (and by the e2e tests).
import {
  memo, useEffect, useMemo, useRef, useState, type Dispatch, type MouseEvent, type ReactNode,
  type RefObject, type SetStateAction,
} from 'react';
import { Alert, Box, ButtonBase, styled, useTheme } from '@mui/material';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useNavigate } from 'react-router';
import type { ListParams } from '../../services/endpoints/resources';
import { errorMessage } from '../../services/api';
import type { ResourceRow } from '../../types';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import type { CellContext, Column } from './columns';
import { PAGE_SIZE, usePagedRows } from './usePagedRows';
import { HEADER_HEIGHT, ROW_HEIGHT, tableStyles } from './tableStyles';

export { ROW_HEIGHT };
const LOOKAHEAD = PAGE_SIZE / 2;

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
  /** rows arrive over the live socket: no polling */
  live?: boolean;
}

/** Row links are plain anchors (cheap to mount); a plain left click on one navigates in-app. */
function useLinkClicks() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest('a.kd-link');
    const href = link?.getAttribute('href');
    if (!href?.startsWith('/')) return;
    event.preventDefault();
    void navigate(href);
  };
}

function nextSort(current: string | undefined, key: string): string | undefined {
  if (current === key) return `-${key}`;
  if (current === `-${key}`) return undefined;
  return key;
}

export function ResourceTable(props: ResourceTableProps) {
  const { clusterId, resource, label, columns, params, onSortChange, detailPath, empty, onTotal, live = false } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  const styles = useMemo(() => tableStyles(theme), [theme]);
  const onLinkClick = useLinkClicks();
  // The visible range, at page granularity: scrolling within a page re-renders only the body.
  const [range, setRange] = useState({ start: 0, end: 0 });
  const paged = usePagedRows(clusterId, resource, params, range, live);

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

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
      {paged.refreshError ? (
        <Alert severity="warning" sx={{ mb: 1 }}>
          Live updates paused: {errorMessage(paged.refreshError)}
        </Alert>
      ) : null}
      <Box ref={scrollRef} role="table" aria-label={label} aria-rowcount={paged.total + 1} onClick={onLinkClick}
        sx={{
          flex: 1, minHeight: 240, overflow: 'auto', border: 1, borderColor: 'divider',
          borderRadius: 1, bgcolor: 'background.paper', contain: 'strict',
          ...styles,
        }}>
        <Box role="rowgroup" sx={{ position: 'sticky', top: 0, zIndex: 1, minWidth }}>
          <HeaderRow role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {columns.map((column) => (
              <HeaderCell key={column.id} column={column} sort={params.sort}
                onSort={onSortChange ? (key) => onSortChange(nextSort(params.sort, key)) : undefined} />
            ))}
          </HeaderRow>
        </Box>
        <VirtualRows scrollRef={scrollRef} count={paged.total} rowAt={paged.rowAt} minWidth={minWidth}
          template={template} columns={columns} ctx={ctx} onRange={setRange} />
      </Box>
    </Box>
  );
}

/**
 * The rows under the header. Only this re-renders while scrolling; rows are memoised and
 * recycled: a row's React key is its slot (index modulo the most rows ever shown), so a row
 * scrolling in takes over the DOM of the one scrolling out and only its text and attributes
 * change. Mounting fresh elements instead costs style matching for every one, every frame.
 */
function VirtualRows({ scrollRef, count, rowAt, minWidth, template, columns, ctx, onRange }: {
  scrollRef: RefObject<HTMLDivElement | null>; count: number; rowAt: (i: number) => ResourceRow | undefined;
  minWidth: number; template: string; columns: Column[]; ctx: CellContext;
  onRange: Dispatch<SetStateAction<{ start: number; end: number }>>;
}) {
  const slots = useRef(0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    scrollMargin: HEADER_HEIGHT,
    initialRect: { width: 1200, height: 800 },
    onChange: (instance) => {
      const rows = instance.getVirtualItems();
      if (!rows.length) return;
      // Half a page of lookahead both ways: the next page is fetched before it scrolls into view.
      const start = Math.floor(Math.max(0, rows[0]!.index - LOOKAHEAD) / PAGE_SIZE) * PAGE_SIZE;
      const end = Math.floor(Math.min(count - 1, rows[rows.length - 1]!.index + LOOKAHEAD) / PAGE_SIZE) * PAGE_SIZE;
      onRange((r) => (r.start === start && r.end === end ? r : { start, end }));
    },
  });
  const items = virtualizer.getVirtualItems();
  // Keys are unique while the rendered range (contiguous) is no longer than the pool; the pool
  // only grows (a taller window), which remounts the rows once.
  slots.current = Math.max(slots.current, items.length);
  const pool = slots.current;
  return (
    <div role="rowgroup" style={{ position: 'relative', height: virtualizer.getTotalSize(), minWidth }}>
      {items.map((v) => {
        const row = rowAt(v.index);
        const top = v.start - HEADER_HEIGHT;
        const slot = v.index % pool;
        return row ? (
          <Row key={slot} row={row} index={v.index} top={top} template={template} columns={columns} ctx={ctx} />
        ) : (
          <div key={slot} className="kd-row" role="row" aria-rowindex={v.index + 2} aria-busy="true"
            aria-label="Loading row" style={{ transform: `translateY(${top}px)`, display: 'flex' }}>
            <span className="kd-skeleton" />
          </div>
        );
      })}
    </div>
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

const Row = memo(function Row({ row, index, top, template, columns, ctx }: {
  row: ResourceRow; index: number; top: number; template: string; columns: Column[]; ctx: CellContext;
}) {
  return (
    <div className="kd-row" role="row" aria-rowindex={index + 2}
      style={{ transform: `translateY(${top}px)`, gridTemplateColumns: template }}>
      {columns.map((column) => {
        if (column.text) {
          // The cheapest cell: one element holding the text (see columns.tsx).
          const value = column.text(row);
          return (
            <div key={column.id} className="kd-cell kd-text" role="cell" data-align={column.align}
              title={column.title?.(row) ?? value}>{value}</div>
          );
        }
        return (
          <div key={column.id} className="kd-cell" role="cell" data-align={column.align}>
            {column.render(row, ctx)}
          </div>
        );
      })}
    </div>
  );
});
