// The resource kinds the web app lists: each page is configuration over ResourceTable.
import type { ResourceRow } from '../../types';
import {
  ageColumn, boolColumn, bytesColumn, cpuColumn, imagesColumn, messageColumn, nameColumn,
  namespaceColumn, numberColumn, statusColumn, textColumn, timeAgoColumn, type Column,
} from './columns';

export type NavSection = 'Workloads' | 'Network' | 'Config' | 'Storage' | 'Cluster';

export interface KindConfig {
  resource: string;
  title: string;
  /** singular, for buttons and messages */
  singular: string;
  section: NavSection;
  namespaced: boolean;
  columns: Column[];
  defaultSort?: string;
  /** kinds without a detail page (events) link nowhere */
  hasDetail?: boolean;
  scalable?: boolean;
  restartable?: boolean;
  emptyHint: string;
}

const ns = (columns: Column[]) => [nameColumn, namespaceColumn, ...columns, ageColumn];
const clusterScoped = (columns: Column[]) => [nameColumn, ...columns, ageColumn];
const applyHint = (what: string) =>
  `Create ${what} with kubectl apply, or pick another namespace above.`;

export const KINDS: KindConfig[] = [
  {
    resource: 'pods', title: 'Pods', singular: 'pod', section: 'Workloads', namespaced: true,
    columns: ns([statusColumn, textColumn('ready', 'Ready', { width: 'minmax(70px, 0.5fr)', minWidth: 70, sortKey: 'ready_containers' }),
      numberColumn('restarts', 'Restarts'), textColumn('node', 'Node'),
      textColumn('pod_ip', 'IP', { sortKey: undefined }), cpuColumn('cpu_requests_millicores', 'CPU req'),
      bytesColumn('memory_requests_bytes', 'Mem req')]),
    emptyHint: 'Pods appear when a workload (a Deployment, a Job…) creates them.',
  },
  {
    resource: 'deployments', title: 'Deployments', singular: 'deployment', section: 'Workloads',
    namespaced: true, scalable: true, restartable: true,
    columns: ns([statusColumn, textColumn('ready', 'Ready', { width: 'minmax(70px, 0.5fr)', minWidth: 70, sortKey: 'ready_replicas' }),
      numberColumn('updated_replicas', 'Up-to-date'), numberColumn('available_replicas', 'Available'),
      imagesColumn]),
    emptyHint: applyHint('a Deployment'),
  },
  {
    resource: 'statefulsets', title: 'StatefulSets', singular: 'statefulset', section: 'Workloads',
    namespaced: true, scalable: true, restartable: true,
    columns: ns([statusColumn, textColumn('ready', 'Ready', { sortKey: 'ready_replicas' }),
      textColumn('service_name', 'Service'), imagesColumn]),
    emptyHint: applyHint('a StatefulSet'),
  },
  {
    resource: 'daemonsets', title: 'DaemonSets', singular: 'daemonset', section: 'Workloads',
    namespaced: true, restartable: true,
    columns: ns([statusColumn, numberColumn('desired', 'Desired'), numberColumn('current', 'Current'),
      numberColumn('ready_replicas', 'Ready'), numberColumn('available', 'Available'),
      textColumn('node_selector', 'Node selector')]),
    emptyHint: applyHint('a DaemonSet'),
  },
  {
    resource: 'jobs', title: 'Jobs', singular: 'job', section: 'Workloads', namespaced: true,
    columns: ns([statusColumn, textColumn('completions', 'Completions', { sortKey: 'succeeded' }),
      numberColumn('duration_seconds', 'Duration (s)'), imagesColumn]),
    emptyHint: applyHint('a Job'),
  },
  {
    resource: 'cronjobs', title: 'CronJobs', singular: 'cronjob', section: 'Workloads', namespaced: true,
    columns: ns([textColumn('schedule', 'Schedule'), boolColumn('suspend', 'Suspended'),
      numberColumn('active', 'Active'), timeAgoColumn('last_schedule', 'Last schedule')]),
    emptyHint: applyHint('a CronJob'),
  },
  {
    resource: 'services', title: 'Services', singular: 'service', section: 'Network', namespaced: true,
    columns: ns([textColumn('type', 'Type'), textColumn('cluster_ip', 'Cluster IP'),
      textColumn('external_ip', 'External IP'), textColumn('ports', 'Ports', { sortKey: undefined }),
      textColumn('selector', 'Selector', { sortKey: undefined })]),
    emptyHint: applyHint('a Service'),
  },
  {
    resource: 'ingresses', title: 'Ingresses', singular: 'ingress', section: 'Network', namespaced: true,
    columns: ns([textColumn('class', 'Class'), textColumn('hosts', 'Hosts', { sortKey: undefined }),
      textColumn('address', 'Address'), textColumn('ports', 'Ports', { sortKey: undefined })]),
    emptyHint: applyHint('an Ingress'),
  },
  {
    resource: 'configmaps', title: 'ConfigMaps', singular: 'configmap', section: 'Config', namespaced: true,
    columns: ns([numberColumn('data_keys', 'Keys')]),
    emptyHint: applyHint('a ConfigMap'),
  },
  {
    resource: 'secrets', title: 'Secrets', singular: 'secret', section: 'Config', namespaced: true,
    columns: ns([textColumn('type', 'Type', { width: 'minmax(200px, 1.5fr)', minWidth: 200 }),
      numberColumn('data_keys', 'Keys')]),
    emptyHint: applyHint('a Secret'),
  },
  {
    resource: 'persistentvolumeclaims', title: 'PersistentVolumeClaims', singular: 'PVC',
    section: 'Storage', namespaced: true,
    columns: ns([statusColumn, textColumn('volume', 'Volume'),
      textColumn('capacity', 'Capacity', { sortKey: 'capacity_bytes' }),
      textColumn('access_modes', 'Access modes'), textColumn('storage_class', 'Storage class')]),
    emptyHint: applyHint('a PersistentVolumeClaim'),
  },
  {
    resource: 'persistentvolumes', title: 'PersistentVolumes', singular: 'PV', section: 'Storage',
    namespaced: false,
    columns: clusterScoped([statusColumn, textColumn('capacity', 'Capacity', { sortKey: 'capacity_bytes' }),
      textColumn('access_modes', 'Access modes'), textColumn('reclaim_policy', 'Reclaim policy'),
      textColumn('claim', 'Claim'), textColumn('storage_class', 'Storage class')]),
    emptyHint: 'PersistentVolumes appear when a claim is provisioned or an admin creates one.',
  },
  {
    resource: 'nodes', title: 'Nodes', singular: 'node', section: 'Cluster', namespaced: false,
    columns: clusterScoped([statusColumn, textColumn('roles', 'Roles', { sortKey: undefined }),
      textColumn('version', 'Version'), textColumn('internal_ip', 'Internal IP'),
      cpuColumn('cpu_allocatable_millicores', 'CPU'), bytesColumn('memory_allocatable_bytes', 'Memory'),
      textColumn('zone', 'Zone')]),
    emptyHint: 'This cluster reports no nodes: check that it is reachable on the Clusters page.',
  },
  {
    resource: 'namespaces', title: 'Namespaces', singular: 'namespace', section: 'Cluster',
    namespaced: false, columns: clusterScoped([statusColumn]),
    emptyHint: 'Create a namespace with kubectl create namespace NAME.',
  },
  {
    resource: 'events', title: 'Events', singular: 'event', section: 'Cluster', namespaced: true,
    hasDetail: false, defaultSort: '-last_seen',
    columns: [
      textColumn('type', 'Type', { width: 'minmax(80px, 0.5fr)', minWidth: 80,
        render: (row: ResourceRow) => statusColumn.render({ ...row, status: String(row.type ?? '') },
          { clusterId: '', resource: '', detailPath: () => null }) }),
      textColumn('reason', 'Reason'), textColumn('object', 'Object', { width: 'minmax(180px, 1.5fr)', minWidth: 180 }),
      messageColumn, numberColumn('count', 'Count'), namespaceColumn,
      timeAgoColumn('last_seen', 'Last seen'),
    ],
    emptyHint: 'No events: the cluster has nothing to report here right now.',
  },
];

export const KIND_BY_RESOURCE: Record<string, KindConfig> =
  Object.fromEntries(KINDS.map((k) => [k.resource, k]));

export const NAV_SECTIONS: NavSection[] = ['Workloads', 'Network', 'Config', 'Storage', 'Cluster'];

/** The web app's path of an object's detail page. */
export function detailPath(clusterId: string, resource: string, namespace: string | null,
  name: string): string {
  const c = encodeURIComponent(clusterId);
  const n = encodeURIComponent(name);
  return namespace
    ? `/c/${c}/${resource}/${encodeURIComponent(namespace)}/${n}`
    : `/c/${c}/${resource}/${n}`;
}
