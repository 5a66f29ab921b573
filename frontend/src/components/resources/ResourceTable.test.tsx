import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ResourceRow } from '../../types';
import { baseHandlers, signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { KIND_BY_RESOURCE, detailPath } from './kinds';
import { ResourceTable } from './ResourceTable';

function pod(i: number): ResourceRow {
  return {
    name: `web-${i}`, namespace: 'shop', uid: `uid-${i}`, created: '2026-01-01T00:00:00Z',
    age_seconds: 3600, labels: {}, status: i % 2 ? 'Running' : 'CrashLoopBackOff', ready: '1/1',
    restarts: i, node: 'node-1',
  };
}

function Table({ sort }: { sort?: string }) {
  const kind = KIND_BY_RESOURCE.pods!;
  return (
    <div style={{ height: 800, display: 'flex' }}>
      <ResourceTable clusterId="alpha" resource="pods" label="Pods" columns={kind.columns}
        params={{ sort }} detailPath={(r) => detailPath('alpha', 'pods', r.namespace, r.name)}
        empty={{ title: 'No pods in any namespace', hint: kind.emptyHint }} />
    </div>
  );
}

describe('ResourceTable', () => {
  it('renders only the visible rows of a 10,000-row list, with links and status chips', async () => {
    signedIn();
    const asked: string[] = [];
    server.use(...baseHandlers('viewer'),
      http.get('/api/v1/pods', ({ request }) => {
        const url = new URL(request.url);
        asked.push(url.search);
        const offset = Number(url.searchParams.get('offset'));
        const limit = Number(url.searchParams.get('limit'));
        const items = Array.from({ length: limit }, (_, i) => pod(offset + i));
        return HttpResponse.json({ items, total: 10_000, limit, offset });
      }));
    renderWithApp(<Table />, { route: '/c/alpha/pods' });
    const table = await screen.findByRole('table', { name: 'Pods' });
    expect(table).toHaveAttribute('aria-rowcount', '10001');
    const link = await within(table).findByRole('link', { name: 'web-0' });
    expect(link).toHaveAttribute('href', '/c/alpha/pods/shop/web-0');
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(within(table).getAllByText('CrashLoopBackOff').length).toBeGreaterThan(0);
    expect(asked[0]).toContain('cluster_id=alpha');
    expect(asked[0]).toContain('limit=200');
    expect(asked[0]).toContain('offset=0');
  });

  it('says what to do when there is nothing', async () => {
    signedIn();
    server.use(...baseHandlers('viewer'),
      http.get('/api/v1/pods', () => HttpResponse.json({ items: [], total: 0, limit: 200, offset: 0 })));
    renderWithApp(<Table />, { route: '/c/alpha/pods' });
    expect(await screen.findByText('No pods in any namespace')).toBeInTheDocument();
    expect(screen.getByText(/Pods appear when a workload/)).toBeInTheDocument();
  });

  it("shows the server's error detail and retries on demand", async () => {
    signedIn();
    let calls = 0;
    server.use(...baseHandlers('viewer'),
      http.get('/api/v1/pods', () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({ error: 'ClusterUnavailable', detail: 'cluster alpha is unreachable: connection refused', request_id: 'req-7' }, { status: 503 })
          : HttpResponse.json({ items: [pod(1)], total: 1, limit: 200, offset: 0 });
      }));
    renderWithApp(<Table />, { route: '/c/alpha/pods' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('cluster alpha is unreachable: connection refused');
    expect(alert).toHaveTextContent('req-7');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'web-1' })).toBeInTheDocument();
  });

  it('asks the server to sort when a header is clicked', async () => {
    signedIn();
    server.use(...baseHandlers('viewer'),
      http.get('/api/v1/pods', () => HttpResponse.json({ items: [pod(1)], total: 1, limit: 200, offset: 0 })));
    let sorted: string | undefined = 'unset';
    const kind = KIND_BY_RESOURCE.pods!;
    renderWithApp(
      <ResourceTable clusterId="alpha" resource="pods" label="Pods" columns={kind.columns}
        params={{ sort: 'name' }} onSortChange={(s) => { sorted = s; }} detailPath={() => null}
        empty={{ title: 'none', hint: '' }} />, { route: '/c/alpha/pods' });
    const button = await screen.findByRole('button', { name: 'Sort by Name' });
    expect(button.closest('[role="columnheader"]')).toHaveAttribute('aria-sort', 'ascending');
    await userEvent.click(button);
    await waitFor(() => expect(sorted).toBe('-name'));
    await userEvent.click(screen.getByRole('button', { name: 'Sort by Restarts' }));
    expect(sorted).toBe('restarts');
  });
});

describe('ResourceTable links', () => {
  it('routes a plain click on a row link in-app, and leaves modified clicks to the browser', async () => {
    signedIn();
    server.use(...baseHandlers('viewer'),
      http.get('/api/v1/pods', () => HttpResponse.json({ items: [pod(1)], total: 1, limit: 200, offset: 0 })));
    renderWithApp(<Table />, { route: '/c/alpha/pods' });
    const link = await screen.findByRole('link', { name: 'web-1' });
    const ctrlClick = new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true });
    link.dispatchEvent(ctrlClick);
    expect(ctrlClick.defaultPrevented).toBe(false);
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/c\/alpha\/pods$/);
    await userEvent.click(link);
    expect(screen.getByTestId('location')).toHaveTextContent('/c/alpha/pods/shop/web-1');
  });
});
