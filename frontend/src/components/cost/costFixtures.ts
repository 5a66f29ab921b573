// Test data for the cost components, shaped exactly like backend/app/schemas/cost.py, and the
// msw handlers that serve it.
import { http, HttpResponse } from 'msw';
import type {
  AllocationList, CostOverview, CostSettings, CostTrends, IdleReport, NamespaceCostList, PodCostList,
  Recommendation, RecommendationList, WorkloadCostList,
} from '../../services/endpoints/cost';
import { baseHandlers, me } from '../../test/fixtures';

const costWindow = { period: '24h', start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z', hours: 24 };
const eff = { cpu: 0.4, memory: 0.6, total: 0.5 };

/** `me` with the cost permissions of backend/app/services/permissions.py. */
export function costMe(role: 'viewer' | 'developer' | 'admin') {
  const base = me(role);
  const extra = role === 'viewer' ? ['cost:read'] : ['cost:read', 'cost:apply'];
  return {
    ...base,
    global_permissions: role === 'admin' ? [...base.global_permissions, 'cost:settings'] : base.global_permissions,
    permissions: Object.fromEntries(Object.entries(base.permissions).map(([c, p]) => [c, [...p, ...extra]])),
  };
}

export function costHandlers(role: 'viewer' | 'developer' | 'admin') {
  return [http.get('/api/v1/auth/me', () => HttpResponse.json(costMe(role))), ...baseHandlers(role)];
}

export function overview(clusterId = 'alpha', overrides: Partial<CostOverview> = {}): CostOverview {
  return {
    cluster_id: clusterId, currency: 'USD', window: costWindow, total_cost: 123.45, allocated_cost: 100,
    idle_cost: 20, idle_share: 0.162, storage_cost: 3.45, network_cost: 0,
    network_note: 'egress bytes are not known', previous_total_cost: 100, change_percent: 23.46,
    monthly_estimate: 3755.27, efficiency: eff, usage_source: 'metrics',
    top_spenders: [
      { kind: 'namespace', cluster_id: 'alpha', namespace: 'shop', name: 'shop', total_cost: 60 },
      { kind: 'workload', cluster_id: 'alpha', namespace: 'payments', name: 'fraud-detector', total_cost: 30 },
    ],
    clusters: [
      { cluster_id: 'alpha', cluster_name: 'Alpha', cpu_cost: 70, memory_cost: 30, storage_cost: 3.45,
        network_cost: 0, total_cost: 123.45, idle_cost: 20, efficiency: eff, usage_source: 'metrics' },
    ],
    samples: 240, last_sample_at: '2026-01-02T00:00:00Z', ...overrides,
  };
}

const usage = {
  cpu_core_hours: 10, memory_gib_hours: 40, cpu_request_cores: 2, cpu_usage_cores: 0.5,
  memory_request_gib: 4, memory_usage_gib: 1, efficiency: eff,
};

export function namespaces(clusterId = 'alpha'): NamespaceCostList {
  return {
    cluster_id: clusterId, currency: 'USD', window: costWindow, total_cost: 80,
    items: [
      { cluster_id: 'alpha', namespace: 'shop', cpu_cost: 40, memory_cost: 20, storage_cost: 0, network_cost: 0, total_cost: 60, workloads: 7, ...usage },
      { cluster_id: 'alpha', namespace: '__idle__', cpu_cost: 15, memory_cost: 5, storage_cost: 0, network_cost: 0, total_cost: 20, workloads: 0, ...usage },
    ],
  };
}

/** shop's one workload, the over-provisioned search. */
export function shopWorkloads(): WorkloadCostList {
  return {
    cluster_id: 'alpha', namespace: 'shop', currency: 'USD', total_cost: 9, window: costWindow,
    items: [{ cluster_id: 'alpha', namespace: 'shop', kind: 'Deployment', name: 'search', pods: 1,
      cpu_cost: 6, memory_cost: 3, storage_cost: 0, network_cost: 0, total_cost: 9, cpu_core_hours: 48,
      memory_gib_hours: 96, cpu_request_cores: 2, cpu_usage_cores: 0.1, memory_request_gib: 4,
      memory_usage_gib: 0.8, efficiency: { cpu: 0.05, memory: 0.2, total: 0.1 } }],
  };
}

/** Cost by `label:<key>`: two teams, the idle row and what lacks the key. */
export function allocation(key = 'team', clusterId = 'alpha'): AllocationList {
  const row = (name: string, total: number, workloads: number) => ({
    cluster_id: clusterId, name, namespace: null, kind: null, cpu_cost: total * 0.6, memory_cost: total * 0.4,
    storage_cost: 0, network_cost: 0, total_cost: total, workloads, ...usage,
  });
  return {
    cluster_id: clusterId, aggregate: `label:${key}`, currency: 'USD', window: costWindow, total_cost: 100,
    note: "grouped by each workload's current pod-template labels; a workload lacking the key takes its namespace's label",
    items: [row('storefront', 50, 4), row('payments', 30, 2), row('__idle__', 15, 0), row('__unallocated__', 5, 1)],
  };
}

export function pods(namespace = 'shop'): PodCostList {
  const pod = (name: string, workload: string, perHour: number) => ({
    cluster_id: 'alpha', namespace, pod: name, workload_kind: 'Deployment', workload, node: 'alpha-node-3', spot: true,
    cpu_request_cores: 0.25, cpu_usage_cores: 0.1, memory_request_gib: 0.25, memory_usage_gib: 0.2, storage_gib: 0,
    cost_per_hour: perHour, cost_per_month: perHour * 730,
  });
  return {
    cluster_id: 'alpha', namespace, currency: 'USD', sampled_at: '2026-01-02T00:00:00Z',
    note: 'the current rate: each pod\'s requests and usage at the latest sample, priced now',
    items: [pod('storefront-abc12', 'storefront', 0.01), pod('search-def34', 'search', 0.07)],
    total_per_hour: 0.08, total_per_month: 58.4,
  };
}

export function trends(): CostTrends {
  return {
    cluster_id: 'alpha', currency: 'USD', step: 'hour', days: 2, namespaces: ['shop', 'other'],
    points: [{ at: '2026-01-01T00:00:00Z', total_cost: 2, by_namespace: { shop: 1.5, other: 0.5 } }],
  };
}

export function rightsize(overrides: Partial<Recommendation> = {}): Recommendation {
  return {
    id: 'rightsize/alpha/shop/search/search', kind: 'rightsize', cluster_id: 'alpha', namespace: 'shop',
    target_kind: 'Deployment', target_name: 'search', container: 'search',
    title: 'Right-size search', detail: 'Uses 5% of its CPU request.',
    current: { cpu_cores: 2, memory_gib: 4 }, recommended: { cpu_cores: 0.15, memory_gib: 1 },
    monthly_saving: 52.3, evidence: { samples: 120, window_hours: 4, cpu_p95_cores: 0.12, cpu_peak_cores: 0.13, memory_peak_gib: 0.8 },
    status: 'open', can_apply: true, ...overrides,
  };
}

export function recommendations(items: Recommendation[] = [rightsize()]): RecommendationList {
  return { cluster_id: 'alpha', currency: 'USD', items, total_monthly_saving: items.reduce((s, r) => s + r.monthly_saving, 0) };
}

export function idle(): IdleReport {
  return {
    cluster_id: 'alpha', currency: 'USD', window: costWindow, idle_cost: 20,
    items: [{ cluster_id: 'alpha', kind: 'pvc', namespace: 'data', name: 'old-exports', detail: 'No pod mounts this claim', monthly_cost: 5 }],
  };
}

export function settings(overrides: Partial<CostSettings> = {}): CostSettings {
  return {
    currency: 'USD',
    pricing: { cpu_per_core_hour: 0.031, memory_per_gb_hour: 0.004, storage_per_gb_month: 0.1,
      network_egress_per_gb: 0.12, spot_discount: 0, instance_types: {} },
    cluster_overrides: {}, share_idle: false, sample_interval_seconds: 300,
    retention_hourly_days: 90, headroom: 1.15, min_samples: 12, ...overrides,
  };
}

/** Every GET of the dashboard, with the scopes asked for recorded in `seen`. */
export function dataHandlers(seen: string[] = []) {
  const scope = (request: Request) => {
    const url = new URL(request.url);
    seen.push(`${url.pathname}?${url.searchParams.toString()}`);
    return url.searchParams.get('cluster_id') ?? '';
  };
  return [
    http.get('/api/v1/cost/overview', ({ request }) => {
      const id = scope(request);
      return HttpResponse.json(id === 'all' ? overview('all', {
        clusters: [...overview().clusters, { ...overview().clusters[0]!, cluster_id: 'beta', cluster_name: 'Beta', total_cost: 10 }],
      }) : overview(id));
    }),
    http.get('/api/v1/cost/namespaces', ({ request }) => HttpResponse.json(namespaces(scope(request)))),
    http.get('/api/v1/cost/trends', ({ request }) => { scope(request); return HttpResponse.json(trends()); }),
    http.get('/api/v1/cost/recommendations', ({ request }) => { scope(request); return HttpResponse.json(recommendations()); }),
    http.get('/api/v1/cost/idle', ({ request }) => { scope(request); return HttpResponse.json(idle()); }),
    http.get('/api/v1/cost/settings', () => HttpResponse.json(settings())),
    http.get('/api/v1/cost/labels', ({ request }) => HttpResponse.json({ cluster_id: scope(request), keys: ['app', 'team'] })),
    http.get('/api/v1/cost/allocation', ({ request }) => {
      const id = scope(request);
      const key = (new URL(request.url).searchParams.get('aggregate') ?? '').replace(/^label:/, '');
      return HttpResponse.json(allocation(key, id));
    }),
    http.get('/api/v1/cost/namespaces/:ns/pods', ({ request, params }) => {
      scope(request);
      return HttpResponse.json(pods(String(params.ns)));
    }),
  ];
}
