// Random-access pages of a server-side list: only the pages under the visible rows are fetched,
// so a 10,000-row table costs a few hundred rows of JSON. Live events (useLiveResource) update
// these pages in the cache; they are polled only while the live socket is down.
import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { resourcesApi, type ListParams } from '../../services/endpoints/resources';
import type { ResourceRow } from '../../types';
import { resourceListKey, resourceListPageKey } from '../../hooks/resourceKeys';

export const PAGE_SIZE = 200;
export const LIVE_REFRESH_MS = 5_000;

export interface PagedRows {
  total: number;
  /** the row at an index, or undefined while its page loads */
  rowAt: (index: number) => ResourceRow | undefined;
  /** nothing has arrived yet for these parameters */
  initialLoading: boolean;
  error: unknown;
  /** a refresh failed while older rows are still shown */
  refreshError: unknown;
  refetch: () => void;
}

export { resourceListKey };

export function usePagedRows(clusterId: string, resource: string, params: ListParams,
  visible: { start: number; end: number }, live = false): PagedRows {
  const first = Math.floor(Math.max(0, visible.start) / PAGE_SIZE);
  const last = Math.max(first, Math.floor(Math.max(0, visible.end) / PAGE_SIZE));
  const pages = useMemo(() => {
    const out: number[] = [];
    for (let p = first; p <= last; p += 1) out.push(p);
    return out;
  }, [first, last]);

  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: resourceListPageKey(clusterId, resource, params, page),
      queryFn: ({ signal }: { signal: AbortSignal }) => resourcesApi.list(clusterId, resource, {
        ...params, limit: PAGE_SIZE, offset: page * PAGE_SIZE,
      }, signal),
      placeholderData: keepPreviousData,
      refetchInterval: live ? false : LIVE_REFRESH_MS,
    })),
  });

  // Rows by their real offset (a placeholder page may belong to a neighbouring page).
  const byPage = new Map<number, ResourceRow[]>();
  let fresh: number | null = null;
  let anyData = false;
  let error: unknown = null;
  for (const result of results) {
    if (result.data) {
      anyData = true;
      byPage.set(Math.floor(result.data.offset / PAGE_SIZE), result.data.items);
      if (!result.isPlaceholderData) fresh = result.data.total;
    }
    if (result.error && !error) error = result.error;
  }
  const placeholderTotal = results.find((r) => r.data)?.data?.total ?? null;

  // The total drives the virtualiser's row count; keep the last known one while pages load.
  const [total, setTotal] = useState(0);
  const known = fresh ?? placeholderTotal;
  useEffect(() => {
    if (known !== null) setTotal(known);
  }, [known]);

  const rowAt = (index: number) => byPage.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  return {
    total: known ?? total,
    rowAt,
    initialLoading: !anyData && !error,
    error: anyData ? null : error,
    refreshError: anyData ? error : null,
    refetch: () => results.forEach((r) => void r.refetch()),
  };
}
