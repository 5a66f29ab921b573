// The Helm pages' URLs (`/c/:clusterId/helm/...`), so links can be shared.
const seg = encodeURIComponent;

export function helmUrl(clusterId: string, tab: 'releases' | 'charts' | 'repos' = 'releases'): string {
  return `/c/${seg(clusterId)}/helm/${tab}`;
}

export function releaseUrl(clusterId: string, namespace: string, name: string): string {
  return `/c/${seg(clusterId)}/helm/releases/${seg(namespace)}/${seg(name)}`;
}

export function installUrl(clusterId: string, chart?: string, version?: string): string {
  const query = new URLSearchParams();
  if (chart) query.set('chart', chart);
  if (version) query.set('version', version);
  const qs = query.toString();
  return `/c/${seg(clusterId)}/helm/install${qs ? `?${qs}` : ''}`;
}
