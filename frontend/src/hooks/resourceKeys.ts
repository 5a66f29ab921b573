// TanStack Query keys of resource reads, shared by the pages that read them and by the live
// updates that write into their cache.
import type { ListParams } from '../services/endpoints/resources';

/** Every page of every list of one kind (the params and the page number follow). */
export function resourceListKey(clusterId: string, resource: string) {
  return ['resources', clusterId, resource, 'list'] as const;
}

export function resourceListPageKey(clusterId: string, resource: string, params: ListParams, page: number) {
  return [...resourceListKey(clusterId, resource), params, page] as const;
}

export function detailKey(clusterId: string, resource: string, namespace: string | null, name: string) {
  return ['resources', clusterId, resource, 'detail', namespace, name] as const;
}
