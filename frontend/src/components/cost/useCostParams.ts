// The dashboard's state lives in the URL (scope in the path, the rest in the query string), so a
// link to "payments' workloads, last 7 days, on alpha" can be shared and survives a reload.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../contexts/AuthContext';
import type { CostPeriod } from '../../services/endpoints/cost';
import { isPeriod } from './costFormat';

export const TABS = ['namespaces', 'labels', 'trends', 'recommendations', 'idle', 'settings'] as const;
export type CostTab = (typeof TABS)[number];
const DEFAULT_PERIOD: CostPeriod = '24h';

export interface CostParams {
  period: CostPeriod;
  tab: CostTab;
  /** the namespace whose workloads are shown, and its cluster (rows of the fleet view differ) */
  namespace: string | null;
  namespaceCluster: string | null;
  /** the label key of the "By label" view (null: the default) */
  labelKey: string | null;
  update: (changes: Record<string, string | null>) => void;
}

export function useCostParams(): CostParams {
  const [params, setParams] = useSearchParams();
  const rawPeriod = params.get('period');
  const rawTab = params.get('tab');
  const update = useCallback((changes: Record<string, string | null>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) next.delete(key);
        else next.set(key, value);
      }
      return next;
    }, { replace: true });
  }, [setParams]);
  return {
    period: isPeriod(rawPeriod) ? rawPeriod : DEFAULT_PERIOD,
    tab: TABS.find((t) => t === rawTab) ?? 'namespaces',
    namespace: params.get('ns'),
    namespaceCluster: params.get('ns_cluster'),
    labelKey: params.get('label'),
    update,
  };
}

/**
 * Whether the caller holds `permission` on a given cluster. `hasPermission` answers for the
 * active cluster only, but the fleet view lists rows of every cluster.
 */
export function useClusterPermission(): (permission: string, clusterId: string) => boolean {
  const { me } = useAuth();
  return useCallback((permission: string, clusterId: string) => {
    if (!me) return false;
    if (me.global_permissions.includes(permission)) return true;
    return me.permissions[clusterId]?.includes(permission) ?? false;
  }, [me]);
}
