// Data the component tests serve through msw: two clusters, an admin and a viewer.
import { http, HttpResponse } from 'msw';
import type { Cluster, Me } from '../types';
import { writeTokens } from '../services/tokens';

export function cluster(id: string, status = 'healthy', name = id.toUpperCase()): Cluster {
  return {
    id, name, source: 'config', context: null, server: `https://${id}.example:6443`, labels: {},
    is_default: id === 'alpha', removable: false,
    health: {
      cluster_id: id, reachable: status === 'healthy', status, reason: status === 'healthy' ? null : 'connection refused',
      version: 'v1.37.0', latency_ms: 3, node_count: 3, checked_at: '2026-01-01T00:00:00Z',
    },
  };
}

const VIEWER = ['clusters:read', 'events:read', 'pods:read', 'resources:read'];
const OPERATOR = [...VIEWER, 'deployments:scale', 'pods:logs', 'workloads:restart'];
const DEVELOPER = [...OPERATOR, 'pods:exec', 'resources:apply', 'resources:delete'];
export const ROLE_PERMISSIONS: Record<string, string[]> = {
  viewer: VIEWER, operator: OPERATOR, developer: DEVELOPER, admin: DEVELOPER,
};

export function me(role: string, clusters = ['alpha', 'beta'], mustChange = false): Me {
  return {
    user: {
      id: 1, username: `${role}-user`, display_name: '', role, cluster_roles: {}, disabled: false,
      must_change_password: mustChange, created_at: '2026-01-01T00:00:00', updated_at: '2026-01-01T00:00:00',
      last_login_at: null,
    },
    role,
    global_permissions: role === 'admin' ? ['audit:read', 'clusters:manage', 'users:manage'] : [],
    permissions: Object.fromEntries(clusters.map((c) => [c, ROLE_PERMISSIONS[role] ?? []])),
  };
}

export function signedIn(accessToken = 'access-1', refreshToken = 'refresh-1') {
  writeTokens({ accessToken, refreshToken, expiresAt: Date.now() + 15 * 60_000 });
}

/** The handlers every signed-in page needs. */
export function baseHandlers(role = 'admin', clusters: Cluster[] = [cluster('alpha'), cluster('beta')]) {
  let active = clusters[0]?.id ?? 'alpha';
  return [
    http.get('/api/v1/auth/me', () => HttpResponse.json(me(role, clusters.map((c) => c.id)))),
    http.get('/api/v1/clusters', () => HttpResponse.json(clusters)),
    http.get('/api/v1/clusters/active', () => HttpResponse.json({ cluster_id: active })),
    http.put('/api/v1/clusters/active', async ({ request }) => {
      active = ((await request.json()) as { cluster_id: string }).cluster_id;
      return HttpResponse.json({ cluster_id: active });
    }),
    http.get('/api/v1/namespaces', () => HttpResponse.json({ items: [], total: 0, limit: 0, offset: 0 })),
  ];
}
