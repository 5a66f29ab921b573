import type {
  ClusterOverview, DeleteResult, ResourceDetail, ResourceList, RestartResult, ScaleResult,
} from '../../types';
import { request } from '../api';

export interface ListParams {
  namespace?: string | null;
  search?: string;
  labelSelector?: string;
  sort?: string;
  limit?: number;
  offset?: number;
  /** kind-specific filters, e.g. events' `type` */
  filters?: Record<string, string>;
}

const seg = encodeURIComponent;

/** The API path of one object: namespaced kinds live under /namespaces/{ns}. */
export function objectPath(resource: string, namespace: string | null | undefined, name: string) {
  return namespace
    ? `/namespaces/${seg(namespace)}/${seg(resource)}/${seg(name)}`
    : `/${seg(resource)}/${seg(name)}`;
}

export const resourcesApi = {
  list: (cluster: string, resource: string, params: ListParams = {}, signal?: AbortSignal) =>
    request<ResourceList>(`/${seg(resource)}`, {
      cluster,
      signal,
      query: {
        namespace: params.namespace,
        search: params.search,
        label_selector: params.labelSelector,
        sort: params.sort,
        limit: params.limit ?? 100,
        offset: params.offset ?? 0,
        ...params.filters,
      },
    }),
  detail: (cluster: string, resource: string, namespace: string | null, name: string) =>
    request<ResourceDetail>(objectPath(resource, namespace, name), { cluster }),
  yaml: (cluster: string, resource: string, namespace: string | null, name: string) =>
    request<string>(objectPath(resource, namespace, name), {
      cluster, query: { format: 'yaml' }, responseType: 'text',
    }),
  scale: (cluster: string, resource: string, namespace: string, name: string, replicas: number) =>
    request<ScaleResult>(`${objectPath(resource, namespace, name)}/scale`, {
      cluster, method: 'POST', body: { replicas },
    }),
  restart: (cluster: string, resource: string, namespace: string, name: string) =>
    request<RestartResult>(`${objectPath(resource, namespace, name)}/restart`, {
      cluster, method: 'POST',
    }),
  remove: (cluster: string, resource: string, namespace: string | null, name: string) =>
    request<DeleteResult>(objectPath(resource, namespace, name), { cluster, method: 'DELETE' }),
};

export const overviewApi = {
  cluster: (cluster: string) => request<ClusterOverview>('/overview', { cluster }),
};
