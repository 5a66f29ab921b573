// Test data for the Helm components: roles with the backend's helm permissions, a chart with a
// schema, releases in every state the list shows.
import { http, HttpResponse } from 'msw';
import type { ChartInfo, HelmOperation, HelmRelease, HelmReleaseDetail, HelmRepo } from '../../services/endpoints/helm';
import { baseHandlers, me, signedIn } from '../../test/fixtures';
import { server } from '../../test/server';

// backend/app/services/permissions.py: viewers read; developers install/upgrade/rollback/
// uninstall; helm:repos is global and admin-only.
const WRITE = ['helm:install', 'helm:upgrade', 'helm:rollback', 'helm:uninstall'];
const HELM: Record<string, string[]> = {
  viewer: ['helm:read'], operator: ['helm:read'], developer: ['helm:read', ...WRITE], admin: ['helm:read', ...WRITE],
};

export function helmMe(role: string) {
  const base = me(role);
  return {
    ...base,
    global_permissions: role === 'admin' ? [...base.global_permissions, 'helm:repos'] : base.global_permissions,
    permissions: Object.fromEntries(Object.entries(base.permissions).map(([c, p]) => [c, [...p, ...(HELM[role] ?? [])]])),
  };
}

/** Signs in as `role` with helm permissions; `handlers` are added in front. */
export function signInForHelm(role: string, ...handlers: Parameters<typeof server.use>) {
  signedIn();
  server.use(
    ...handlers,
    http.get('/api/v1/auth/me', () => HttpResponse.json(helmMe(role))),
    ...baseHandlers(role),
  );
}

export const REPO: HelmRepo = {
  name: 'samples', url: 'http://127.0.0.1:8879', kind: 'http', username: null, has_password: false,
  has_ca_cert: false, insecure_skip_tls_verify: false, plain_http: false, pass_credentials: false,
  created_by: 'admin', created_at: '2026-01-01T00:00:00Z', updated_at: null, error: null,
};

export const HELLO: ChartInfo = {
  ref: 'samples/hello', name: 'hello', version: '0.1.0', app_version: '1.0.0', description: 'A small web app',
  metadata: {}, readme: '# hello\n', values: { replicaCount: 1, greeting: 'Hello', image: { tag: '1.27' } },
  values_yaml: '# How many pods\nreplicaCount: 1\ngreeting: "Hello"\nimage:\n  tag: "1.27"\n',
  schema: {
    type: 'object',
    required: ['replicaCount', 'greeting'],
    properties: {
      replicaCount: { type: 'integer', minimum: 0, maximum: 10, description: 'How many pods' },
      greeting: { type: 'string', minLength: 1 },
      image: { type: 'object' },
    },
  },
};

export function release(name: string, status: string, extra: Partial<HelmRelease> = {}): HelmRelease {
  return {
    name, namespace: 'shop', revision: 2, status, chart: 'hello', chart_version: '0.2.0', app_version: '1.1.0',
    updated: '2026-01-01T00:00:00Z', pending: status.startsWith('pending-'),
    suggested_action: status.startsWith('pending-') ? 'rollback' : null, ...extra,
  };
}

export function releaseDetail(name: string, status = 'deployed'): HelmReleaseDetail {
  return {
    ...release(name, status), description: 'Upgrade complete', first_deployed: '2026-01-01T00:00:00Z',
    last_deployed: '2026-01-01T00:00:00Z', apply_method: 'ssa', notes: `${name} is installed`,
    values: { greeting: 'Bonjour' },
    resources: [{ api_version: 'apps/v1', kind: 'Deployment', name, namespace: 'shop', ready: true, status: '1/1 ready' }],
  };
}

export function operation(status: HelmOperation['status'], extra: Partial<HelmOperation> = {}): HelmOperation {
  return {
    id: 'op-1', action: 'install', cluster_id: 'alpha', namespace: 'shop', release: 'hello', status,
    phase: status === 'running' ? 'helm install running for 1s' : status, request: {}, result: null, error: null,
    notes: null, revision: null, created_by: 'admin', created_at: '2026-01-01T00:00:00Z', started_at: null,
    finished_at: null, elapsed_seconds: 1, ...extra,
  };
}
