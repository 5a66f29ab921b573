import type { Me, RolesOut, TokenResponse } from '../../types';
import { request } from '../api';

export const authApi = {
  login: (username: string, password: string) =>
    request<TokenResponse>('/auth/login', {
      method: 'POST', body: { username, password }, auth: false,
    }),
  logout: (refreshToken: string | null) =>
    request<void>('/auth/logout', { method: 'POST', body: { refresh_token: refreshToken } }),
  me: () => request<Me>('/auth/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('/auth/password', {
      method: 'POST', body: { current_password: currentPassword, new_password: newPassword },
    }),
  roles: () => request<RolesOut>('/auth/roles'),
};
