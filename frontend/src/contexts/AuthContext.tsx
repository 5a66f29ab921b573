// Who is signed in, what they may do, and the session's lifecycle (login, silent refresh,
// expiry, logout). The identity (`/auth/me`) is server state and lives in TanStack Query;
// this context only owns the tokens (see services/tokens.ts for where and why).
import {
  createContext, useCallback, useContext, useEffect, useMemo, useRef, useState,
  type ReactNode,
} from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate, type Location } from 'react-router';
import {
  SESSION_EXPIRED_MESSAGE, onTokensChanged, refreshSession, setSessionExpiredHandler,
  storeTokenResponse,
} from '../services/api';
import { authApi } from '../services/endpoints/auth';
import { TOKENS_STORAGE_KEY, clearTokens, readTokens } from '../services/tokens';
import type { Me, User } from '../types';

export interface AuthContextType {
  user: User | null;
  token: string | null;
  login: (username: string, password: string) => Promise<void>;
  logout: () => void;
  /** evaluated for the active cluster (global permissions hold everywhere) */
  hasPermission: (permission: string) => boolean;
  isAuthenticated: boolean;
  /** the full `/auth/me` answer: role, global and per-cluster permissions */
  me: Me | null;
  /** true while a stored session is being resolved at start */
  loading: boolean;
  mustChangePassword: boolean;
  /** why the user was sent to the login page (e.g. the session expired) */
  sessionMessage: string | null;
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  /** ClusterContext tells which cluster `hasPermission` is about */
  setPermissionCluster: (clusterId: string | null) => void;
}

const AuthContext = createContext<AuthContextType | null>(null);

/** Whether `me` holds `permission` on `clusterId` (global permissions hold everywhere). */
export function permittedOn(me: Me | null, permission: string, clusterId: string | null): boolean {
  if (!me) return false;
  if (me.global_permissions.includes(permission)) return true;
  if (!clusterId) return false;
  return me.permissions[clusterId]?.includes(permission) ?? false;
}
export const ME_QUERY_KEY = ['auth', 'me'] as const;
const REFRESH_BEFORE_EXPIRY_MS = 60_000;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const locationRef = useRef<Location>(location);
  locationRef.current = location;
  const [token, setToken] = useState<string | null>(() => readTokens()?.accessToken ?? null);
  const [sessionMessage, setSessionMessage] = useState<string | null>(null);
  const [permissionCluster, setPermissionCluster] = useState<string | null>(null);

  const meQuery = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: authApi.me,
    enabled: token !== null,
    staleTime: 60_000,
    retry: false,
  });
  const me = token !== null ? (meQuery.data ?? null) : null;

  // Tokens change on login, on every refresh and in other tabs.
  useEffect(() => {
    const sync = () => setToken(readTokens()?.accessToken ?? null);
    const unsubscribe = onTokensChanged(sync);
    const onStorage = (event: StorageEvent) => {
      if (event.key === TOKENS_STORAGE_KEY || event.key === null) sync();
    };
    window.addEventListener('storage', onStorage);
    return () => {
      unsubscribe();
      window.removeEventListener('storage', onStorage);
    };
  }, []);

  const endSession = useCallback((message: string | null) => {
    clearTokens();
    setToken(null);
    queryClient.clear();
    setSessionMessage(message);
    const here = locationRef.current;
    if (here.pathname !== '/login') {
      const from = message ? here : undefined;
      navigate('/login', { replace: true, state: from ? { from } : undefined });
    }
  }, [navigate, queryClient]);

  useEffect(() => {
    setSessionExpiredHandler(() => endSession(SESSION_EXPIRED_MESSAGE));
    return () => setSessionExpiredHandler(null);
  }, [endSession]);

  // Silent refresh about a minute before the access token expires.
  useEffect(() => {
    if (token === null) return;
    const stored = readTokens();
    if (!stored) return;
    const delay = Math.max(stored.expiresAt - Date.now() - REFRESH_BEFORE_EXPIRY_MS, 1_000);
    const timer = window.setTimeout(() => {
      void refreshSession(stored.accessToken).then((outcome) => {
        if (outcome === 'expired') endSession(SESSION_EXPIRED_MESSAGE);
      });
    }, delay);
    return () => window.clearTimeout(timer);
  }, [token, endSession]);

  const login = useCallback(async (username: string, password: string) => {
    const tokens = await authApi.login(username, password);
    queryClient.removeQueries();
    storeTokenResponse(tokens);
    setToken(tokens.access_token);
    setSessionMessage(null);
    await queryClient.fetchQuery({ queryKey: ME_QUERY_KEY, queryFn: authApi.me, staleTime: 0 });
  }, [queryClient]);

  const logout = useCallback(() => {
    const stored = readTokens();
    if (stored) {
      // Revoke server-side, but never keep the user waiting on it.
      void authApi.logout(stored.refreshToken).catch(() => undefined);
    }
    endSession(null);
  }, [endSession]);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const username = me?.user.username;
    await authApi.changePassword(currentPassword, newPassword);
    // The server ends every session of the user on a password change, this one included:
    // sign in again with the new password to carry on.
    if (username) {
      storeTokenResponse(await authApi.login(username, newPassword));
      setToken(readTokens()?.accessToken ?? null);
    }
    await queryClient.fetchQuery({ queryKey: ME_QUERY_KEY, queryFn: authApi.me, staleTime: 0 });
  }, [me, queryClient]);

  const hasPermission = useCallback(
    (permission: string) => permittedOn(me, permission, permissionCluster),
    [me, permissionCluster],
  );

  const value = useMemo<AuthContextType>(() => ({
    user: me?.user ?? null,
    token,
    login,
    logout,
    hasPermission,
    isAuthenticated: me !== null,
    me,
    loading: token !== null && me === null && meQuery.isPending && !meQuery.isError,
    mustChangePassword: me?.user.must_change_password ?? false,
    sessionMessage,
    changePassword,
    setPermissionCluster,
  }), [me, token, login, logout, hasPermission, meQuery.isPending, meQuery.isError,
    sessionMessage, changePassword]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextType {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth must be used inside <AuthProvider>');
  return context;
}
