import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResourceListPage } from '../components/resources/ResourceListPage';
import { setLiveConnection } from '../services/live';
import { FakeSocket, installFakeLive } from '../test/fakeSocket';
import { baseHandlers, signedIn } from '../test/fixtures';
import { renderWithApp } from '../test/render';
import { server } from '../test/server';
import type { ResourceRow } from '../types';
import { LIVE_REFRESH_MS } from '../components/resources/usePagedRows';

function deployment(name: string, ready: string): ResourceRow {
  return {
    name, namespace: 'shop', uid: `uid-${name}`, created: '2026-01-01T00:00:00Z', age_seconds: 60,
    labels: {}, status: 'Available', ready, replicas: 2, images: ['nginx'],
  };
}

/** Serves deployments from `rows` and counts the list requests. */
function serveDeployments(rows: ResourceRow[]) {
  const calls = { count: 0 };
  server.use(...baseHandlers('viewer'),
    http.get('/api/v1/deployments', () => {
      calls.count += 1;
      return HttpResponse.json({ items: rows, total: rows.length, limit: 200, offset: 0 });
    }));
  return calls;
}

function renderList() {
  return renderWithApp(<ResourceListPage />, { route: '/c/alpha/deployments', path: '/c/:clusterId/:resource' });
}

async function goLive() {
  await waitFor(() => expect(FakeSocket.all.length).toBeGreaterThan(0));
  const socket = FakeSocket.latest();
  act(() => socket.open());
  const sub = socket.subscriptions().at(-1);
  expect(sub).toMatchObject({ cluster_id: 'alpha', resource: 'deployments', namespace: null });
  act(() => socket.emit({ type: 'subscribed', id: sub?.id }));
  await screen.findByRole('status', { name: 'Live updates: Live' });
  return { socket, id: sub?.id };
}

afterEach(() => {
  // Unmount first: a render after the fake connection is gone would open a real socket.
  cleanup();
  vi.useRealTimers();
  setLiveConnection(null);
});

describe('useLiveResource on a list page', () => {
  it('applies MODIFIED and DELETED to the cached rows without asking the server', async () => {
    signedIn();
    installFakeLive();
    const rows = [deployment('web', '2/2'), deployment('api', '1/1')];
    const calls = serveDeployments(rows);
    renderList();
    const table = await screen.findByRole('table', { name: 'Deployments' }, { timeout: 5000 });
    const { socket, id } = await goLive();
    await waitFor(() => expect(calls.count).toBe(2)); // the first load and the catch-up on subscribe
    act(() => socket.emit({ type: 'event', id, event: 'MODIFIED', row: deployment('web', '4/4') }));
    await waitFor(() => expect(within(table).getByRole('row', { name: /web/ })).toHaveTextContent('4/4'));
    act(() => socket.emit({ type: 'event', id, event: 'DELETED', row: deployment('api', '1/1') }));
    await waitFor(() => expect(within(table).queryByRole('row', { name: /api/ })).toBeNull());
    expect(screen.getByText('1 total')).toBeInTheDocument();
    expect(calls.count).toBe(2);
  });

  it('keeps an event that arrives while a list fetch is in flight (the fetch answers older data)', async () => {
    signedIn();
    installFakeLive();
    let release: (() => void) | null = null;
    let slow = false;
    let ready = '2/4';
    const calls = { count: 0 };
    server.use(...baseHandlers('viewer'),
      http.get('/api/v1/deployments', async () => {
        calls.count += 1;
        const items = [deployment('web', ready)]; // what the server had when asked
        if (slow) await new Promise<void>((resolve) => { release = resolve; });
        return HttpResponse.json({ items, total: 1, limit: 200, offset: 0 });
      }));
    renderList();
    const table = await screen.findByRole('table', { name: 'Deployments' }, { timeout: 5000 });
    slow = true; // the catch-up fetch on subscribe hangs until released
    const { socket, id } = await goLive();
    await waitFor(() => expect(release).not.toBeNull());
    act(() => socket.emit({ type: 'event', id, event: 'MODIFIED', row: deployment('web', '4/4') }));
    await waitFor(() => expect(within(table).getByRole('row', { name: /web/ })).toHaveTextContent('4/4'));
    act(() => release?.()); // the older answer lands after the event
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(within(table).getByRole('row', { name: /web/ })).toHaveTextContent('4/4');
    // Kept events are replayed for the fetch they overlapped only: neither a later event nor a
    // later fetch (asked for by an ADDED event) brings the old 4/4 back.
    slow = false;
    ready = '3/4';
    act(() => socket.emit({ type: 'event', id, event: 'MODIFIED', row: deployment('web', '3/4') }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(within(table).getByRole('row', { name: /web/ })).toHaveTextContent('3/4');
    const before = calls.count;
    act(() => socket.emit({ type: 'event', id, event: 'ADDED', row: deployment('api', '1/1') }));
    await waitFor(() => expect(calls.count).toBe(before + 1), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(within(table).getByRole('row', { name: /web/ })).toHaveTextContent('3/4');
  });

  it('refetches once for a burst of ADDED events', async () => {
    signedIn();
    installFakeLive();
    const rows = [deployment('web', '2/2')];
    const calls = serveDeployments(rows);
    renderList();
    await screen.findByRole('table', { name: 'Deployments' }, { timeout: 5000 });
    const { socket, id } = await goLive();
    await waitFor(() => expect(calls.count).toBe(2));
    rows.push(deployment('new-1', '0/1'), deployment('new-2', '0/1'));
    act(() => {
      socket.emit({ type: 'event', id, event: 'ADDED', row: rows[1] });
      socket.emit({ type: 'event', id, event: 'ADDED', row: rows[2] });
    });
    expect(await screen.findByRole('link', { name: 'new-2' }, { timeout: 3000 })).toBeInTheDocument();
    expect(calls.count).toBe(3);
  });

  it('shows Reconnecting… when the socket drops, polls meanwhile, and stops polling once live again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    signedIn();
    installFakeLive();
    const calls = serveDeployments([deployment('web', '2/2')]);
    renderList();
    await screen.findByRole('table', { name: 'Deployments' }, { timeout: 5000 });
    const { socket } = await goLive();
    await waitFor(() => expect(calls.count).toBe(2));
    // Live: no polling however long we wait.
    await act(async () => { await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 3); });
    expect(calls.count).toBe(2);

    act(() => socket.drop());
    await screen.findByRole('status', { name: 'Live updates: Reconnecting…' });
    // Keep the reconnect from succeeding: every new socket is refused at once.
    const refuse = setInterval(() => FakeSocket.all.forEach((s) => { if (s.readyState === 0) s.drop(); }), 5);
    await act(async () => { await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 2 + 100); });
    clearInterval(refuse);
    expect(calls.count).toBeGreaterThanOrEqual(4);
    expect(FakeSocket.all.length).toBeGreaterThan(2);

    // Back: resubscribed, caught up with one refetch, and polling stops again.
    await act(async () => { await vi.advanceTimersByTimeAsync(100); });
    await goLive();
    const settled = calls.count;
    await act(async () => { await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS * 3); });
    expect(calls.count).toBeLessThanOrEqual(settled + 1);
  });

  it('polls when the server does not offer the kind live', async () => {
    signedIn();
    installFakeLive();
    serveDeployments([deployment('web', '2/2')]);
    renderList();
    await screen.findByRole('table', { name: 'Deployments' }, { timeout: 5000 });
    await waitFor(() => expect(FakeSocket.all.length).toBeGreaterThan(0));
    const socket = FakeSocket.latest();
    act(() => socket.open());
    const id = socket.subscriptions().at(-1)?.id;
    act(() => socket.emit({ type: 'error', id, detail: 'live updates are not offered for deployments' }));
    expect(await screen.findByRole('status', { name: 'Live updates: Polling' })).toBeInTheDocument();
  });
});
