import { request } from '../api';

export interface ApplyItem {
  index: number; kind: string; api_version: string; namespace?: string | null; name: string;
  action: 'created' | 'configured' | 'unchanged'; diff: string; warning?: string | null;
}
export interface ApplyResult { results: ApplyItem[]; dry_run: boolean }

export const applyApi = {
  apply: (cluster: string, yaml: string, dryRun: boolean) =>
    request<ApplyResult>('/apply', { cluster, method: 'POST', body: { yaml, dry_run: dryRun } }),
};
