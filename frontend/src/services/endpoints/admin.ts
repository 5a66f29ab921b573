import type {
  AuditPage, AuditVerification, User, UserCreate, UserUpdate,
} from '../../types';
import { request } from '../api';

export interface AuditFilters {
  user?: string;
  action?: string;
  cluster_id?: string;
  /** a kind or an object's name */
  resource?: string;
  status?: string;
  since?: string;
  until?: string;
}

export const usersApi = {
  list: () => request<User[]>('/users'),
  create: (body: UserCreate) => request<User>('/users', { method: 'POST', body }),
  update: (id: number, body: UserUpdate) =>
    request<User>(`/users/${id}`, { method: 'PUT', body }),
  remove: (id: number) => request<void>(`/users/${id}`, { method: 'DELETE' }),
};

export const auditApi = {
  list: (filters: AuditFilters, limit: number, offset: number) =>
    request<AuditPage>('/audit', { query: { ...filters, limit, offset } }),
  csv: (filters: AuditFilters) =>
    request<Blob>('/audit', { query: { ...filters, format: 'csv' }, responseType: 'blob' }),
  verify: () => request<AuditVerification>('/audit/verify'),
};
