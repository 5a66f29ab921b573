// Friendly names for the generated API types (src/types/api.ts is generated: never edit it).
import type { components } from './api';

type Schemas = components['schemas'];

export type TokenResponse = Schemas['TokenResponse'];
export type Me = Schemas['MeOut'];
export type User = Schemas['UserOut'];
export type UserCreate = Schemas['UserCreate'];
export type UserUpdate = Schemas['UserUpdate'];
export type RolesOut = Schemas['RolesOut'];
export type Cluster = Schemas['ClusterOut'];
export type ClusterHealth = Schemas['ClusterHealthOut'];
export type ClusterCreate = Schemas['ClusterCreate'];
export type ClusterUpdate = Schemas['ClusterUpdate'];
export type AuditEntry = Schemas['AuditEntryOut'];
export type AuditPage = Schemas['AuditPage'];
export type AuditVerification = Schemas['AuditVerification'];
export type ScaleResult = Schemas['ScaleResult'];
export type RestartResult = Schemas['RestartResult'];
export type DeleteResult = Schemas['DeleteResult'];

/** A summary row of any kind: the common fields plus per-kind ones (see the backend's
 * summaries*.py). Typed loosely on purpose: column configs name the fields they read. */
export interface ResourceRow {
  name: string;
  namespace: string | null;
  uid: string;
  created: string | null;
  age_seconds: number | null;
  labels: Record<string, string>;
  status?: string;
  [field: string]: unknown;
}

export interface ResourceList {
  items: ResourceRow[];
  total: number;
  limit: number;
  offset: number;
}

export interface ResourceDetail {
  object: KubeObject;
  summary: ResourceRow;
  related: Record<string, unknown>;
  events: ResourceRow[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The server's error body: `{error, detail, request_id}`. */
export interface ApiErrorBody {
  error: string;
  detail: unknown;
  request_id: string | null;
}

/** `GET /api/v1/overview` and `GET /api/v1/fleet` (app/schemas/overview.py). */
export type ClusterOverview = Schemas['ClusterOverviewOut'];
export type FleetEntry = Schemas['FleetEntryOut'];
