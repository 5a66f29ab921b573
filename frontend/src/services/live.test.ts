import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import { FakeSocket, installFakeLive } from '../test/fakeSocket';
import { setLiveConnection, tokenSubject, type LiveEventType, type SubscriptionState } from './live';
import { writeTokens } from './tokens';
import type { ResourceRow } from '../types';

const PODS = { clusterId: 'alpha', resource: 'pods', namespace: 'shop' };

function listener() {
  const states: SubscriptionState[] = [];
  const events: [LiveEventType, string][] = [];
  return {
    states, events,
    handlers: {
      onEvent: (event: LiveEventType, row: ResourceRow) => events.push([event, row.name]),
      onState: (state: SubscriptionState) => states.push(state),
    },
  };
}

afterEach(() => setLiveConnection(null));

describe('LiveConnection', () => {
  it('shares one socket and one server subscription between listeners of the same target', async () => {
    const { connection } = installFakeLive();
    const a = listener();
    const b = listener();
    const offA = connection.subscribe(PODS, a.handlers);
    const offB = connection.subscribe(PODS, b.handlers);
    connection.subscribe({ ...PODS, resource: 'deployments' }, listener().handlers);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    const socket = FakeSocket.latest();
    socket.open();
    expect(socket.subscriptions()).toEqual([
      { type: 'subscribe', id: 's1', cluster_id: 'alpha', resource: 'pods', namespace: 'shop' },
      { type: 'subscribe', id: 's2', cluster_id: 'alpha', resource: 'deployments', namespace: 'shop' },
    ]);
    socket.emit({ type: 'subscribed', id: 's1' });
    socket.emit({ type: 'event', id: 's1', event: 'MODIFIED', row: { name: 'web-1' } });
    expect(a.events).toEqual([['MODIFIED', 'web-1']]);
    expect(b.events).toEqual([['MODIFIED', 'web-1']]);
    expect(connection.getStatus()).toBe('open');
    offA();
    expect(socket.sent.filter((m) => m.type === 'unsubscribe')).toEqual([]);
    offB();
    expect(socket.sent.filter((m) => m.type === 'unsubscribe')).toEqual([{ type: 'unsubscribe', id: 's1' }]);
  });

  it('reconnects with a fresh token after a drop and subscribes again', async () => {
    const { connection, refreshed } = installFakeLive();
    const a = listener();
    connection.subscribe(PODS, a.handlers);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    FakeSocket.latest().open();
    FakeSocket.latest().emit({ type: 'subscribed', id: 's1' });
    FakeSocket.latest().drop();
    expect(connection.getStatus()).toBe('reconnecting');
    expect(a.states.at(-1)).toBe('pending');
    await waitFor(() => expect(FakeSocket.all).toHaveLength(2));
    const second = FakeSocket.latest();
    expect(second.url).toContain('access_token=token-2');
    second.open();
    expect(second.subscriptions()).toEqual([
      { type: 'subscribe', id: 's1', cluster_id: 'alpha', resource: 'pods', namespace: 'shop' },
    ]);
    second.emit({ type: 'subscribed', id: 's1' });
    expect(a.states.at(-1)).toBe('subscribed');
    expect(refreshed).toEqual([]); // the handshake worked before: no refresh needed
  });

  it('refreshes the session once when the handshake is refused, and gives up when it expired', async () => {
    const { connection, refreshed } = installFakeLive('expired');
    connection.subscribe(PODS, listener().handlers);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    FakeSocket.latest().drop(); // closed before it ever opened
    await waitFor(() => expect(connection.getStatus()).toBe('offline'));
    expect(refreshed).toEqual(['token-1']);
    await new Promise((r) => setTimeout(r, 100));
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('reports a subscription the server refuses, and closes the socket when nobody listens', async () => {
    const { connection } = installFakeLive();
    const a = listener();
    const off = connection.subscribe({ ...PODS, resource: 'widgets' }, a.handlers);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    FakeSocket.latest().open();
    FakeSocket.latest().emit({ type: 'error', id: 's1', detail: 'unknown resource widgets' });
    expect(a.states.at(-1)).toBe('refused');
    off();
    await waitFor(() => expect(connection.getStatus()).toBe('idle'));
    expect(FakeSocket.latest().readyState).toBe(3);
  });
});

describe('LiveConnection and the session', () => {
  it('replaces the socket when another user signs in, and keeps it for the same user', async () => {
    let subject = 'alice';
    const { connection } = installFakeLive('ok', () => subject);
    const a = listener();
    connection.subscribe(PODS, a.handlers);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    FakeSocket.latest().open();
    FakeSocket.latest().emit({ type: 'subscribed', id: 's1' });
    connection.sessionChanged(); // alice's token was refreshed
    expect(FakeSocket.all).toHaveLength(1);
    subject = 'bob';
    connection.sessionChanged();
    expect(FakeSocket.all[0]?.readyState).toBe(3);
    expect(a.states.at(-1)).toBe('pending');
    await waitFor(() => expect(FakeSocket.all).toHaveLength(2));
    FakeSocket.latest().open();
    expect(FakeSocket.latest().subscriptions()).toHaveLength(1);
  });
});

describe('tokenSubject', () => {
  it("reads the access token's sub claim, and is null without a usable token", () => {
    expect(tokenSubject()).toBeNull();
    const payload = btoa(JSON.stringify({ sub: 42, role: 'admin' })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    writeTokens({ accessToken: `h.${payload}.sig`, refreshToken: 'r', expiresAt: Date.now() + 60_000 });
    expect(tokenSubject()).toBe('42');
    writeTokens({ accessToken: 'not-a-jwt', refreshToken: 'r', expiresAt: Date.now() + 60_000 });
    expect(tokenSubject()).toBeNull();
  });
});
