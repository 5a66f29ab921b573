import type { Cluster, ClusterCreate, ClusterHealth, ClusterUpdate } from '../../types';
import { request } from '../api';

export const clustersApi = {
  list: () => request<Cluster[]>('/clusters'),
  active: () => request<{ cluster_id: string }>('/clusters/active'),
  setActive: (clusterId: string) =>
    request<{ cluster_id: string }>('/clusters/active', {
      method: 'PUT', body: { cluster_id: clusterId },
    }),
  health: (clusterId: string) =>
    request<ClusterHealth>(`/clusters/${encodeURIComponent(clusterId)}/health`),
  add: (body: ClusterCreate) => request<Cluster>('/clusters', { method: 'POST', body }),
  update: (clusterId: string, body: ClusterUpdate) =>
    request<Cluster>(`/clusters/${encodeURIComponent(clusterId)}`, { method: 'PATCH', body }),
  remove: (clusterId: string) =>
    request<void>(`/clusters/${encodeURIComponent(clusterId)}`, { method: 'DELETE' }),
};
