// The Helm API (`/api/v1/helm/*`, backend/app/api/routes/helm.py). Release calls name their
// cluster and namespace; install/upgrade/rollback/uninstall answer 202 with an operation that
// is polled at `/helm/operations/{id}`.
import type { components } from '../../types/api';
import { ApiError, request } from '../api';

type Schemas = components['schemas'];
/** The generated request types list fields with a server default as required: they are not. */
type Defaulted<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type OperationDefaults = 'wait' | 'timeout_seconds' | 'rollback_on_failure';

export type HelmRepo = Schemas['RepoOut'];
export type HelmRepoCreate = Defaulted<Schemas['RepoCreate'], 'insecure_skip_tls_verify' | 'plain_http' | 'pass_credentials'>;
export type RepoUpdateResult = Schemas['RepoUpdateResult'];
export type HelmChart = Schemas['ChartOut'];
export type ChartInfo = Schemas['ChartInfo'];
export type HelmRelease = Schemas['ReleaseOut'];
export type HelmReleaseDetail = Schemas['ReleaseDetail'];
export type ReleaseResource = Schemas['ReleaseResource'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type ValuesOut = Schemas['ValuesOut'];
export type HelmDiff = Schemas['DiffOut'];
export type InstallPreview = Schemas['InstallPreviewOut'];
export type InstallRequest = Defaulted<Schemas['InstallRequest'], OperationDefaults | 'create_namespace' | 'namespace'>;
export type UpgradeRequest = Defaulted<Schemas['UpgradeRequest'], OperationDefaults | 'values_mode'>;
export type HelmOperation = Schemas['OperationOut'];
export type ValuesMode = NonNullable<UpgradeRequest['values_mode']>;

/** Where a release lives: the cluster and namespace every release call needs. */
export interface ReleaseRef { cluster: string; namespace: string; name: string }

const seg = encodeURIComponent;
const releasePath = (ref: ReleaseRef) => `/helm/releases/${seg(ref.name)}`;
const releaseOptions = (ref: ReleaseRef) => ({ cluster: ref.cluster, query: { namespace: ref.namespace } });

/** `repo/chart` as a path (`/helm/charts/{repo}/{chart}`): the backend takes it as two segments. */
function chartPath(chart: string): string {
  const [repo = '', name = ''] = chart.split('/', 2);
  return `/helm/charts/${seg(repo)}/${seg(name)}`;
}

export const helmApi = {
  repos: () => request<HelmRepo[]>('/helm/repos'),
  addRepo: (body: HelmRepoCreate) => request<HelmRepo>('/helm/repos', { method: 'POST', body }),
  removeRepo: (name: string) => request<void>(`/helm/repos/${seg(name)}`, { method: 'DELETE' }),
  updateRepo: (name: string) =>
    request<RepoUpdateResult>(`/helm/repos/${seg(name)}/update`, { method: 'POST' }),

  searchCharts: (params: { q?: string; repo?: string; versions?: boolean }) =>
    request<HelmChart[]>('/helm/charts', { query: params }),
  chartVersions: (chart: string) => request<HelmChart[]>(`${chartPath(chart)}/versions`),
  chartInfo: (chart: string, version?: string | null) =>
    chart.startsWith('oci://')
      ? request<ChartInfo>('/helm/oci-chart', { query: { ref: chart, version } })
      : request<ChartInfo>(chartPath(chart), { query: { version } }),

  releases: (cluster: string, namespace?: string | null) =>
    request<HelmRelease[]>('/helm/releases', { cluster, query: { namespace } }),
  release: (ref: ReleaseRef) => request<HelmReleaseDetail>(releasePath(ref), releaseOptions(ref)),
  history: (ref: ReleaseRef) =>
    request<HistoryEntry[]>(`${releasePath(ref)}/history`, releaseOptions(ref)),
  values: (ref: ReleaseRef, all: boolean, revision?: number) =>
    request<ValuesOut>(`${releasePath(ref)}/values`, {
      cluster: ref.cluster, query: { namespace: ref.namespace, all, revision },
    }),
  revisionDiff: (ref: ReleaseRef, from: number, to: number) =>
    request<HelmDiff>(`${releasePath(ref)}/diff`, {
      cluster: ref.cluster,
      query: { namespace: ref.namespace, from_revision: from, to_revision: to },
    }),
  proposedDiff: (ref: ReleaseRef, body: UpgradeRequest) =>
    request<HelmDiff>(`${releasePath(ref)}/diff`, { ...releaseOptions(ref), method: 'POST', body }),

  /** A server dry run of the install: what it would create, its notes; nothing is applied. */
  installPreview: (cluster: string, body: InstallRequest) =>
    request<InstallPreview>('/helm/install-preview', { cluster, method: 'POST', body }),
  install: (cluster: string, body: InstallRequest) =>
    request<HelmOperation>('/helm/releases', { cluster, method: 'POST', body }),
  upgrade: (ref: ReleaseRef, body: UpgradeRequest) =>
    request<HelmOperation>(releasePath(ref), { ...releaseOptions(ref), method: 'PUT', body }),
  rollback: (ref: ReleaseRef, revision: number) =>
    request<HelmOperation>(`${releasePath(ref)}/rollback`, {
      ...releaseOptions(ref), method: 'POST', body: { revision },
    }),
  uninstall: (ref: ReleaseRef) =>
    request<HelmOperation>(releasePath(ref), { ...releaseOptions(ref), method: 'DELETE' }),
  operation: (id: string) => request<HelmOperation>(`/helm/operations/${seg(id)}`),
};

/** Query keys: everything Helm under ['helm', cluster] so one invalidation refreshes it all. */
export const helmKeys = {
  all: ['helm'] as const,
  repos: () => ['helm', 'repos'] as const,
  charts: (q: string, repo: string) => ['helm', 'charts', q, repo] as const,
  chart: (chart: string, version: string | null) => ['helm', 'chart', chart, version] as const,
  versions: (chart: string) => ['helm', 'versions', chart] as const,
  releases: (cluster: string, namespace: string) => ['helm', cluster, 'releases', namespace] as const,
  release: (ref: ReleaseRef) => ['helm', ref.cluster, 'release', ref.namespace, ref.name] as const,
};

/** What the backend says about values it refused (422): where the YAML broke, or every schema
 * violation (`at '/path': message`). */
export interface ValuesProblem {
  message: string;
  line: number | null;
  column: number | null;
  violations: string[];
}

export function valuesProblem(error: unknown): ValuesProblem | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const body = (error.body ?? {}) as Record<string, unknown>;
  if (body.reason !== 'values_yaml' && body.reason !== 'schema') return null;
  const violations = Array.isArray(body.violations) ? body.violations.map(String) : [];
  return {
    message: error.message,
    line: typeof body.line === 'number' ? body.line : null,
    column: typeof body.column === 'number' ? body.column : null,
    violations,
  };
}
