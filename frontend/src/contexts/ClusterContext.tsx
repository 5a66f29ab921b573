// The fleet and the active cluster. The URL (`/c/:clusterId/...`) is the source of truth for
// the active cluster, so links can be shared; outside cluster pages the server's remembered
// choice (`/clusters/active`) is used. Switching keeps the page kind (pods stay pods).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useMatch, useNavigate } from 'react-router';
import { clustersApi } from '../services/endpoints/clusters';
import type { Cluster } from '../types';
import { ME_QUERY_KEY, useAuth } from './AuthContext';

export interface ClusterContextType {
  clusters: Cluster[];
  activeCluster: Cluster | null;
  setActiveCluster: (clusterId: string) => void;
  refreshClusters: () => void;
  loading: boolean;
  /** the id the URL names, even when no such cluster exists (to say so) */
  requestedClusterId: string | null;
  error: unknown;
}

const ClusterContext = createContext<ClusterContextType | null>(null);
export const CLUSTERS_QUERY_KEY = ['clusters'] as const;
const ACTIVE_QUERY_KEY = ['clusters', 'active'] as const;

/** The path of the same page on another cluster: detail pages fall back to their list. */
export function pathOnCluster(pathname: string, clusterId: string): string {
  const match = /^\/c\/[^/]+(?:\/([^/]+))?/.exec(pathname);
  const page = match?.[1] ?? 'overview';
  return `/c/${encodeURIComponent(clusterId)}/${page}`;
}

export function ClusterProvider({ children }: { children: ReactNode }) {
  const { isAuthenticated, mustChangePassword, setPermissionCluster } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const match = useMatch('/c/:clusterId/*');
  const urlClusterId = match?.params.clusterId ?? null;
  const enabled = isAuthenticated && !mustChangePassword;

  const clustersQuery = useQuery({
    queryKey: CLUSTERS_QUERY_KEY,
    queryFn: clustersApi.list,
    enabled,
    refetchInterval: 15_000,
  });
  const activeQuery = useQuery({
    queryKey: ACTIVE_QUERY_KEY,
    queryFn: clustersApi.active,
    enabled,
    staleTime: 30_000,
  });
  const remember = useMutation({
    mutationFn: clustersApi.setActive,
    onSuccess: (data) => queryClient.setQueryData(ACTIVE_QUERY_KEY, data),
  });

  const clusters = useMemo(() => clustersQuery.data ?? [], [clustersQuery.data]);
  const wantedId = urlClusterId ?? activeQuery.data?.cluster_id ?? null;
  const activeCluster = useMemo(() => {
    const wanted = clusters.find((c) => c.id === wantedId);
    if (wanted || urlClusterId !== null) return wanted ?? null;
    return clusters.find((c) => c.is_default) ?? clusters[0] ?? null;
  }, [clusters, wantedId, urlClusterId]);

  useEffect(() => {
    setPermissionCluster(activeCluster?.id ?? null);
  }, [activeCluster, setPermissionCluster]);

  // A shared link names a cluster: remember it as the user's active one too.
  const { mutate } = remember;
  const rememberedId = activeQuery.data?.cluster_id;
  const lastRemembered = useRef<string | null>(null);
  useEffect(() => {
    if (enabled && activeCluster && urlClusterId === activeCluster.id &&
        rememberedId !== undefined && rememberedId !== activeCluster.id &&
        lastRemembered.current !== activeCluster.id) {
      lastRemembered.current = activeCluster.id;
      mutate(activeCluster.id);
    }
  }, [enabled, activeCluster, urlClusterId, rememberedId, mutate]);

  const setActiveCluster = useCallback((clusterId: string) => {
    lastRemembered.current = clusterId;
    mutate(clusterId);
    const onClusterPage = location.pathname.startsWith('/c/');
    navigate(onClusterPage ? pathOnCluster(location.pathname, clusterId)
      : `/c/${encodeURIComponent(clusterId)}/overview`);
  }, [mutate, navigate, location.pathname]);

  const refreshClusters = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: CLUSTERS_QUERY_KEY });
    // New clusters bring new per-cluster permissions.
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  }, [queryClient]);

  const value = useMemo<ClusterContextType>(() => ({
    clusters,
    activeCluster,
    setActiveCluster,
    refreshClusters,
    loading: enabled && (clustersQuery.isPending || (urlClusterId === null && activeQuery.isPending)),
    requestedClusterId: urlClusterId,
    error: clustersQuery.error,
  }), [clusters, activeCluster, setActiveCluster, refreshClusters, enabled,
    clustersQuery.isPending, clustersQuery.error, activeQuery.isPending, urlClusterId]);

  return <ClusterContext.Provider value={value}>{children}</ClusterContext.Provider>;
}

export function useClusters(): ClusterContextType {
  const context = useContext(ClusterContext);
  if (!context) throw new Error('useClusters must be used inside <ClusterProvider>');
  return context;
}
