// The typed HTTP client every call goes through.
//
// * Adds `Authorization: Bearer <access token>` and, for calls about one cluster, `cluster_id`.
// * On a 401 it refreshes the session once (single-flight: concurrent 401s share one refresh,
//   and tabs share it through the Web Locks API, because refresh tokens rotate and a replayed
//   one revokes the whole session) and retries the call once.
// * When the refresh fails it reports "session expired" to AuthContext, which returns the user
//   to the login page and, after signing in, to where they were.
// * Errors are ApiError with the server's `detail`, which the UI shows as it is.
import type { ApiErrorBody, TokenResponse } from '../types';
import { clearTokens, readTokens, writeTokens, type StoredTokens } from './tokens';

export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly requestId: string | null;
  readonly body: unknown;

  constructor(status: number, error: string, detail: string, requestId: string | null = null,
    body: unknown = null) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
    this.requestId = requestId;
    this.body = body;
  }
}

export const SESSION_EXPIRED_MESSAGE = 'Your session expired. Sign in again to continue.';

type Query = Record<string, string | number | boolean | null | undefined | string[]>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** a JSON body */
  body?: unknown;
  query?: Query;
  /** the cluster this call is about: sent as `cluster_id` */
  cluster?: string | null;
  signal?: AbortSignal;
  /** 'text' for YAML, CSV and logs; default 'json' */
  responseType?: 'json' | 'text' | 'blob';
  /** false for login/refresh: no token, no refresh on 401 */
  auth?: boolean;
}

type Listener = () => void;
let onSessionExpired: Listener | null = null;
const tokenListeners = new Set<Listener>();

/** AuthContext registers what happens when the session cannot be refreshed. */
export function setSessionExpiredHandler(handler: Listener | null): void {
  onSessionExpired = handler;
}

/** Called whenever tokens change (login, refresh), e.g. to reschedule the silent refresh. */
export function onTokensChanged(listener: Listener): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

export function storeTokenResponse(response: TokenResponse): StoredTokens {
  const tokens = {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    expiresAt: Date.now() + response.expires_in * 1000,
  };
  writeTokens(tokens);
  tokenListeners.forEach((listener) => listener());
  return tokens;
}

export function buildUrl(path: string, query?: Query, cluster?: string | null): string {
  const base = path.startsWith('/api/') ? path : `/api/v1${path}`;
  const params = new URLSearchParams();
  if (cluster) params.set('cluster_id', cluster);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (detail === undefined || detail === null) return '';
  return JSON.stringify(detail);
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    body = null;
  }
  const detail = detailText(body?.detail) || `${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, body?.error ?? 'HTTPError', detail,
    body?.request_id ?? null, body);
}

// ---- refresh ------------------------------------------------------------------------------------
type RefreshOutcome = 'ok' | 'expired' | 'error';
let inFlight: Promise<RefreshOutcome> | null = null;

/**
 * Refreshes the session once for everyone who asks at the same time. `staleAccessToken` is the
 * token a caller saw rejected: when another tab or call already replaced it, nothing is sent.
 */
export function refreshSession(staleAccessToken?: string): Promise<RefreshOutcome> {
  if (!inFlight) {
    const run = () => refreshNow(staleAccessToken);
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const pending: Promise<RefreshOutcome> = locks
      ? (locks.request('kubedeck-refresh', run) as unknown as Promise<RefreshOutcome>)
      : run();
    inFlight = pending.finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

async function refreshNow(staleAccessToken?: string): Promise<RefreshOutcome> {
  const current = readTokens();
  if (!current) return 'expired';
  const replaced = staleAccessToken !== undefined && current.accessToken !== staleAccessToken;
  if (replaced && current.expiresAt > Date.now() + 5_000) return 'ok';
  let response: Response;
  try {
    response = await fetch(buildUrl('/auth/refresh'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refresh_token: current.refreshToken }),
    });
  } catch {
    return 'error';
  }
  if (response.status === 401 || response.status === 403 || response.status === 422) {
    // Only give up on this session if no other tab has replaced it meanwhile.
    if (readTokens()?.refreshToken === current.refreshToken) clearTokens();
    return 'expired';
  }
  if (!response.ok) return 'error';
  storeTokenResponse((await response.json()) as TokenResponse);
  return 'ok';
}

function expireSession(): ApiError {
  clearTokens();
  onSessionExpired?.();
  return new ApiError(401, 'SessionExpired', SESSION_EXPIRED_MESSAGE);
}

// ---- requests -----------------------------------------------------------------------------------
async function send(url: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: options.responseType === 'text' ? 'text/plain, text/yaml, text/csv, */*' : 'application/json',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
}

async function parse<T>(response: Response, options: RequestOptions): Promise<T> {
  if (response.status === 204) return undefined as T;
  if (options.responseType === 'text') return (await response.text()) as T;
  if (options.responseType === 'blob') return (await response.blob()) as T;
  return (await response.json()) as T;
}

/** Refreshes ahead of time when the access token is about to expire (e.g. after a laptop sleep). */
async function freshToken(): Promise<string | null> {
  const tokens = readTokens();
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > 10_000) return tokens.accessToken;
  const outcome = await refreshSession(tokens.accessToken);
  if (outcome === 'expired') throw expireSession();
  return readTokens()?.accessToken ?? null;
}

/** The successful Response of a call (for streams: logs with follow=true, downloads). */
export async function requestRaw(path: string, options: RequestOptions = {}): Promise<Response> {
  const url = buildUrl(path, options.query, options.cluster);
  const useAuth = options.auth !== false;
  let token: string | null = null;
  if (useAuth) token = await freshToken();
  let response = await send(url, options, token);
  if (response.status === 401 && useAuth) {
    const outcome = await refreshSession(token ?? undefined);
    if (outcome === 'expired') throw expireSession();
    if (outcome === 'error') throw await errorFrom(response);
    response = await send(url, options, readTokens()?.accessToken ?? null);
    if (response.status === 401) throw expireSession();
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return parse<T>(await requestRaw(path, options), options);
}

/** A WebSocket URL for an API path: browsers cannot set headers on WebSockets, so the access
 * token (refreshed first when it is about to expire) travels as `access_token`. */
export async function socketUrl(path: string, query: Query, cluster: string | null): Promise<string> {
  const token = await freshToken();
  const relative = buildUrl(path, { ...query, access_token: token }, cluster);
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${relative}`;
}

/** The message to show a person for any error thrown by `request`. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Cannot reach the kubedeck server. Check your connection.';
  if (error instanceof Error) return error.message;
  return String(error);
}
