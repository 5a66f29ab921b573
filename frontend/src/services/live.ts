// The live-updates WebSocket (`/api/v1/live`, see backend/app/api/routes/live.py): one socket per
// tab, shared by every page that wants live rows.
//
// * Subscriptions are multiplexed: each distinct (cluster, resource, namespace) is one server
//   subscription however many hooks listen to it.
// * When the socket drops it reconnects with exponential backoff (with jitter, so a restarted
//   server is not hit by every tab at once) and subscribes again.
// * Browsers cannot set headers on WebSockets, so the access token travels in the URL; it is
//   refreshed before each connect when about to expire, and once after a refused handshake
//   (the usual reason: the token expired while the socket was down).
// * With no subscriptions left the socket closes after a grace period, so moving from a list to
//   a detail page does not reconnect.
// * The server authenticates a socket once, when it opens: when someone else signs in in this
//   tab, the socket is replaced, so nobody's subscriptions run on another user's identity.
import type { ResourceRow } from '../types';
import { readTokens } from './tokens';
import { onTokensChanged, refreshSession, socketUrl } from './api';

export type LiveEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
/** The socket: no subscriptions (idle), first connect, open, or waiting to reconnect. */
export type LiveStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline';
/** One subscription: waiting for the server, confirmed, or refused (e.g. a kind not cached). */
export type SubscriptionState = 'pending' | 'subscribed' | 'refused';

export interface LiveTarget {
  clusterId: string;
  resource: string;
  namespace: string | null;
}

export interface LiveHandlers {
  onEvent: (event: LiveEventType, row: ResourceRow) => void;
  onState: (state: SubscriptionState, detail?: string) => void;
}

interface Entry {
  id: string;
  target: LiveTarget;
  handlers: Set<LiveHandlers>;
  state: SubscriptionState;
  detail?: string;
}

type ServerMessage =
  | { type: 'subscribed'; id: string }
  | { type: 'event'; id: string; event: LiveEventType; row: ResourceRow }
  | { type: 'error'; id: string | null; detail: string };

export interface LiveOptions {
  /** the socket's URL with a fresh token, or null when signed out */
  url?: () => Promise<string | null>;
  create?: (url: string) => WebSocket;
  /** asked once after a refused handshake; 'expired' stops reconnecting */
  refresh?: (staleToken: string | undefined) => Promise<'ok' | 'expired' | 'error'>;
  baseDelayMs?: number;
  maxDelayMs?: number;
  idleCloseMs?: number;
  /** who the current session belongs to (the access token's `sub`) */
  subject?: () => string | null;
}

const OPEN = 1;

async function defaultUrl(): Promise<string | null> {
  if (!readTokens()) return null;
  return socketUrl('/live', {}, null);
}

/** The `sub` claim of the stored access token (a JWT), or null. */
export function tokenSubject(): string | null {
  const payload = readTokens()?.accessToken.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return sub === undefined || sub === null ? null : String(sub);
  } catch {
    return null;
  }
}

export class LiveConnection {
  private readonly entries = new Map<string, Entry>();
  private readonly statusListeners = new Set<() => void>();
  private socket: WebSocket | null = null;
  private status: LiveStatus = 'idle';
  private attempt = 0;
  private refreshedThisStreak = false;
  private nextId = 0;
  /** whose token opened the current socket */
  private socketSubject: string | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly opts: Required<LiveOptions>;

  constructor(options: LiveOptions = {}) {
    this.opts = {
      url: defaultUrl,
      create: (url) => new WebSocket(url),
      refresh: refreshSession,
      baseDelayMs: 1_000,
      maxDelayMs: 30_000,
      idleCloseMs: 10_000,
      subject: tokenSubject,
      ...options,
    };
  }

  getStatus = (): LiveStatus => this.status;

  onStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  subscribe(target: LiveTarget, handlers: LiveHandlers): () => void {
    const key = `${target.clusterId}|${target.resource}|${target.namespace ?? ''}`;
    let entry = this.entries.get(key);
    if (!entry) {
      this.nextId += 1;
      entry = { id: `s${this.nextId}`, target, handlers: new Set(), state: 'pending' };
      this.entries.set(key, entry);
      this.sendSubscribe(entry);
    }
    entry.handlers.add(handlers);
    handlers.onState(entry.state, entry.detail);
    this.cancelIdleClose();
    if (!this.socket && !this.reconnectTimer) void this.connect();
    const current = entry;
    return () => {
      current.handlers.delete(handlers);
      if (current.handlers.size > 0) return;
      this.entries.delete(key);
      // Also when still pending: the server may already have it (it ignores unknown ids).
      if (current.state !== 'refused') this.send({ type: 'unsubscribe', id: current.id });
      if (this.entries.size === 0) this.scheduleIdleClose();
    };
  }

  /** Tokens changed (sign-in, refresh): a socket opened for someone else is replaced. */
  sessionChanged(): void {
    if (!this.socket || this.opts.subject() === this.socketSubject) return;
    const socket = this.socket;
    this.socket = null;
    socket.onclose = null;
    socket.close();
    this.entries.forEach((entry) => this.setState(entry, 'pending'));
    if (this.entries.size === 0) this.setStatus('idle');
    else void this.connect();
  }

  /** Closes the socket and forgets every subscription (tests; signing out). */
  reset(): void {
    this.entries.clear();
    this.cancelIdleClose();
    this.close('idle');
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.statusListeners.forEach((listener) => listener());
  }

  private setState(entry: Entry, state: SubscriptionState, detail?: string): void {
    entry.state = state;
    entry.detail = detail;
    entry.handlers.forEach((h) => h.onState(state, detail));
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = null;
    if (this.socket) return; // a subscribe connected meanwhile
    if (this.entries.size === 0) {
      this.setStatus('idle');
      return;
    }
    if (this.status !== 'reconnecting') this.setStatus('connecting');
    let url: string | null;
    try {
      url = await this.opts.url();
    } catch {
      url = null; // the session expired: AuthContext has already been told
    }
    if (!url) {
      this.setStatus('offline');
      return;
    }
    if (this.socket || this.entries.size === 0) return; // raced with another connect or reset
    const token = new URL(url, 'http://x').searchParams.get('access_token') ?? undefined;
    const socket = this.opts.create(url);
    this.socket = socket;
    this.socketSubject = this.opts.subject();
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.setStatus('open');
      this.entries.forEach((entry) => this.sendSubscribe(entry));
    };
    socket.onmessage = (message: MessageEvent) => this.receive(message.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      void this.afterClose(opened, token);
    };
  }

  private async afterClose(opened: boolean, token: string | undefined): Promise<void> {
    this.entries.forEach((entry) => this.setState(entry, 'pending'));
    if (this.entries.size === 0) {
      this.setStatus('idle');
      return;
    }
    this.setStatus('reconnecting');
    if (!opened && !this.refreshedThisStreak) {
      this.refreshedThisStreak = true;
      if ((await this.opts.refresh(token)) === 'expired') {
        this.setStatus('offline');
        return;
      }
    }
    const delay = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** this.attempt);
    this.attempt += 1;
    const jittered = delay / 2 + Math.random() * (delay / 2);
    if (!this.reconnectTimer) this.reconnectTimer = setTimeout(() => void this.connect(), jittered);
  }

  private receive(data: unknown): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    // A message means the connection works: the next outage starts its backoff from scratch.
    this.attempt = 0;
    this.refreshedThisStreak = false;
    const entry = [...this.entries.values()].find((e) => e.id === message.id);
    if (!entry) return;
    if (message.type === 'subscribed') this.setState(entry, 'subscribed');
    else if (message.type === 'error') this.setState(entry, 'refused', message.detail);
    else if (message.type === 'event') entry.handlers.forEach((h) => h.onEvent(message.event, message.row));
  }

  private sendSubscribe(entry: Entry): void {
    const { clusterId, resource, namespace } = entry.target;
    this.send({ type: 'subscribe', id: entry.id, cluster_id: clusterId, resource, namespace });
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private scheduleIdleClose(): void {
    this.cancelIdleClose();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.entries.size === 0) this.close('idle');
    }, this.opts.idleCloseMs);
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private close(status: LiveStatus): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
    this.attempt = 0;
    this.refreshedThisStreak = false;
    this.setStatus(status);
  }
}

let shared: LiveConnection | null = null;

/** The tab's one live connection. */
export function liveConnection(): LiveConnection {
  shared ??= new LiveConnection();
  return shared;
}

onTokensChanged(() => shared?.sessionChanged());

/** Replaces the tab's connection (tests use a fake WebSocket). */
export function setLiveConnection(connection: LiveConnection | null): void {
  shared?.reset();
  shared = connection;
}
