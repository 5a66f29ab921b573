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

/** The tables that the server can also export as CSV. */
export type CostTable = 'namespaces' | 'workloads' | 'recommendations' | 'idle';

export const FLEET = 'all';

const ns = (namespace: string) => `/cost/namespaces/${encodeURIComponent(namespace)}/workloads`;

export const costApi = {
  overview: (scope: string, period: CostPeriod) =>
    request<CostOverview>('/cost/overview', { cluster: scope, query: { period } }),
  namespaces: (scope: string, period: CostPeriod) =>
    request<NamespaceCostList>('/cost/namespaces', { cluster: scope, query: { period } }),
  workloads: (scope: string, namespace: string, period: CostPeriod) =>
    request<WorkloadCostList>(ns(namespace), { cluster: scope, query: { period } }),
  trends: (scope: string, days: number, step: 'hour' | 'day') =>
    request<CostTrends>('/cost/trends', { cluster: scope, query: { days, step } }),
  recommendations: (scope: string) =>
    request<RecommendationList>('/cost/recommendations', { cluster: scope }),
  apply: (scope: string, id: string) =>
    request<ApplyResult>('/cost/recommendations/apply', { method: 'POST', cluster: scope, body: { id } }),
  idle: (scope: string, period: CostPeriod) =>
    request<IdleReport>('/cost/idle', { cluster: scope, query: { period } }),
  settings: (scope: string) => request<CostSettings>('/cost/settings', { cluster: scope }),
  saveSettings: (scope: string, body: CostSettingsUpdate) =>
    request<CostSettings>('/cost/settings', { method: 'PUT', cluster: scope, body }),
  /** A table as CSV (the same rows and window as the JSON call). */
  csv: (table: CostTable, scope: string, period: CostPeriod, namespace?: string) =>
    request<Blob>(table === 'workloads' ? ns(namespace ?? '') : `/cost/${table}`, {
      cluster: scope, query: { period: table === 'recommendations' ? undefined : period, format: 'csv' },
      responseType: 'blob',
    }),
};
