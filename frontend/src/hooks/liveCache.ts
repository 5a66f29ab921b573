// Applies one live event to the cached list pages and detail of its kind.
//
// A MODIFIED row replaces the cached row in place (no request: this is what makes a scale show
// up at once). What changes membership or order (ADDED, DELETED, a label change under a label
// filter) cannot be placed exactly in a server-sorted, server-paged list, so the affected pages
// are refetched instead; `applyLiveEvent` says whether that is needed.
import type { QueryClient } from '@tanstack/react-query';
import type { LiveEventType, LiveTarget } from '../services/live';
import type { ListParams } from '../services/endpoints/resources';
import type { ResourceDetail, ResourceList, ResourceRow } from '../types';
import { detailKey, resourceListKey } from './resourceKeys';

const sameObject = (a: ResourceRow, b: ResourceRow) => (a.uid && b.uid
  ? a.uid === b.uid
  : a.name === b.name && a.namespace === b.namespace);

function replaceRow(list: ResourceList, event: LiveEventType, row: ResourceRow): ResourceList {
  const index = list.items.findIndex((item) => sameObject(item, row));
  if (index < 0) return list;
  const items = [...list.items];
  if (event === 'DELETED') {
    items.splice(index, 1);
    return { ...list, items, total: Math.max(0, list.total - 1) };
  }
  items[index] = row;
  return { ...list, items };
}

/** What the cache cannot learn from the row alone and must refetch. */
export interface Refetch {
  /** the kind's lists (membership or order changed) */
  lists: boolean;
  /** the object's open detail page (its object, related objects and events are not in the row) */
  detail: boolean;
}

export function applyLiveEvent(client: QueryClient, target: LiveTarget, event: LiveEventType,
  row: ResourceRow): Refetch {
  let refetch = event !== 'MODIFIED';
  const lists = client.getQueriesData<ResourceList>({ queryKey: resourceListKey(target.clusterId, target.resource) });
  for (const [key, list] of lists) {
    const params = (key[4] ?? {}) as ListParams;
    if (!list || (params.namespace && params.namespace !== row.namespace)) continue;
    // Only pages that hold the row change (setting unchanged data would still re-render).
    const next = event === 'ADDED' ? list : replaceRow(list, event, row);
    if (next !== list) client.setQueryData<ResourceList>(key, next);
    if (params.labelSelector) refetch = true;
  }
  const key = detailKey(target.clusterId, target.resource, row.namespace ?? null, row.name);
  const detail = client.getQueryData<ResourceDetail>(key);
  if (detail && event === 'MODIFIED') client.setQueryData<ResourceDetail>(key, { ...detail, summary: row });
  return { lists: refetch, detail: Boolean(detail) };
}
