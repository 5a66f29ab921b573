// The cost API (`/api/v1/cost/*`, backend/app/schemas/cost.py). Every call names its scope:
// a cluster id, or "all" for the fleet view (sums over every cluster the caller may read).
import type { components } from '../../types/api';
import { request } from '../api';

// ---- bodies: generated from backend/app/schemas/cost.py (src/types/api.ts) --------------------
type Schemas = components['schemas'];
export type CostPeriod = '1h' | '24h' | '1d' | '7d' | '30d' | 'today' | 'yesterday' | 'week' | 'month';
export type CostOverview = Schemas['CostOverview'];
export type ClusterCostRow = Schemas['ClusterCostRow'];
export type TopSpender = Schemas['TopSpender'];
export type NamespaceCost = Schemas['NamespaceCost'];
export type NamespaceCostList = Schemas['NamespaceCostList'];
export type WorkloadCost = Schemas['WorkloadCost'];
export type WorkloadCostList = Schemas['WorkloadCostList'];
export type TrendPoint = Schemas['TrendPoint'];
export type CostTrends = Schemas['CostTrends'];
export type ContainerResources = Schemas['ContainerResources'];
export type Recommendation = Schemas['Recommendation'];
export type RecommendationList = Schemas['RecommendationList'];
// Two schemas are named ApplyResult (YAML apply and this one): the generator qualifies both.
export type ApplyResult = Schemas['app__schemas__cost__ApplyResult'];
export type IdleResource = Schemas['IdleResource'];
export type IdleReport = Schemas['IdleReport'];
export type Pricing = Schemas['Pricing'];
export type CostSettings = Schemas['CostSettings'];
export type CostSettingsUpdate = Schemas['CostSettingsUpdate'];
export type AllocationRow = Schemas['AllocationRow'];
export type AllocationList = Schemas['AllocationList'];
export type LabelKeys = Schemas['LabelKeys'];
export type PodCost = Schemas['PodCost'];
export type PodCostList = Schemas['PodCostList'];

/** The tables that the server can also export as CSV. */
export type CostTable = 'namespaces' | 'workloads' | 'pods' | 'allocation' | 'recommendations' | 'idle';

export const FLEET = 'all';

const ns = (namespace: string, table: 'workloads' | 'pods' = 'workloads') =>
  `/cost/namespaces/${encodeURIComponent(namespace)}/${table}`;
const tablePath = (table: CostTable, namespace?: string) =>
  table === 'workloads' || table === 'pods' ? ns(namespace ?? '', table) : `/cost/${table}`;
/** A workload (kind and name) to narrow the pods table to. */
export interface WorkloadRef { kind: string; name: string }

export const costApi = {
  overview: (scope: string, period: CostPeriod) =>
    request<CostOverview>('/cost/overview', { cluster: scope, query: { period } }),
  namespaces: (scope: string, period: CostPeriod) =>
    request<NamespaceCostList>('/cost/namespaces', { cluster: scope, query: { period } }),
  workloads: (scope: string, namespace: string, period: CostPeriod) =>
    request<WorkloadCostList>(ns(namespace), { cluster: scope, query: { period } }),
  trends: (scope: string, days: number, step: '5m' | 'hour' | 'day') =>
    request<CostTrends>('/cost/trends', { cluster: scope, query: { days, step } }),
  recommendations: (scope: string) =>
    request<RecommendationList>('/cost/recommendations', { cluster: scope }),
  apply: (scope: string, id: string) =>
    request<ApplyResult>('/cost/recommendations/apply', { method: 'POST', cluster: scope, body: { id } }),
  /** Cost grouped by `cluster`, `namespace`, `workload` or `label:<key>`. */
  allocation: (scope: string, aggregate: string, period: CostPeriod) =>
    request<AllocationList>('/cost/allocation', { cluster: scope, query: { aggregate, period } }),
  labels: (scope: string) => request<LabelKeys>('/cost/labels', { cluster: scope }),
  /** The current cost rate of a namespace's pods (the latest sample, no history). */
  pods: (scope: string, namespace: string, workload?: WorkloadRef) =>
    request<PodCostList>(ns(namespace, 'pods'), {
      cluster: scope, query: { workload_kind: workload?.kind, workload: workload?.name },
    }),
  idle: (scope: string, period: CostPeriod) =>
    request<IdleReport>('/cost/idle', { cluster: scope, query: { period } }),
  settings: (scope: string) => request<CostSettings>('/cost/settings', { cluster: scope }),
  saveSettings: (scope: string, body: CostSettingsUpdate) =>
    request<CostSettings>('/cost/settings', { method: 'PUT', cluster: scope, body }),
  /** A table as CSV (the same rows and window as the JSON call). */
  csv: (table: CostTable, scope: string, period: CostPeriod, namespace?: string, extra: Record<string, string> = {}) =>
    request<Blob>(tablePath(table, namespace), {
      cluster: scope,
      query: { ...extra, period: table === 'recommendations' || table === 'pods' ? undefined : period, format: 'csv' },
      responseType: 'blob',
    }),
};
