import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { CostDashboard } from './CostDashboard';
import { costHandlers, dataHandlers, overview, shopWorkloads, trends } from './costFixtures';

function renderDashboard(role: 'viewer' | 'developer' | 'admin', route = '/c/alpha/cost', seen: string[] = []) {
  signedIn();
  server.use(...costHandlers(role), ...dataHandlers(seen));
  return renderWithApp(
    <Routes>
      <Route path="/c/:clusterId/cost" element={<CostDashboard />} />
      <Route path="/cost/all" element={<CostDashboard fleet />} />
    </Routes>, { route });
}

describe('CostDashboard', () => {
  it('shows the summary cards with units for the cluster in the URL', async () => {
    const seen: string[] = [];
    renderDashboard('viewer', '/c/alpha/cost?period=7d', seen);
    const total = await screen.findByRole('region', { name: 'Total cost' });
    expect(total).toHaveTextContent('$123.45');
    expect(total).toHaveTextContent('per month (730 h)');
    expect(screen.getByRole('region', { name: 'Change vs previous period' })).toHaveTextContent('+23.5%');
    expect(screen.getByRole('region', { name: 'Idle share' })).toHaveTextContent('16%');
    expect(screen.getByRole('region', { name: 'Efficiency' })).toHaveTextContent('50%');
    const top = screen.getByRole('region', { name: 'Top spenders' });
    expect(within(top).getByText('payments/fraud-detector')).toBeInTheDocument();
    expect(seen).toContain('/api/v1/cost/overview?cluster_id=alpha&period=7d');
    expect(screen.queryByText(/Usage from requests/)).not.toBeInTheDocument();
    // The namespace table is the first view, the idle row in words and not clickable.
    const table = await screen.findByRole('table', { name: 'Cost by namespace' });
    expect(within(table).getByRole('button', { name: 'Workloads of shop' })).toBeInTheDocument();
    expect(within(table).getByText('Idle capacity')).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Cost by namespace chart' })).toBeInTheDocument();
  });

  it('says when usage comes from requests', async () => {
    renderDashboard('viewer');
    server.use(http.get('/api/v1/cost/overview', () => HttpResponse.json(overview('alpha', { usage_source: 'requests' }))));
    expect(await screen.findByText(/Usage from requests: metrics.k8s.io is not available/)).toBeInTheDocument();
  });

  it('before the first samples, says when they come', async () => {
    renderDashboard('viewer');
    server.use(http.get('/api/v1/cost/overview', () => HttpResponse.json(overview('alpha', { samples: 0, top_spenders: [] }))));
    expect(await screen.findByText(/collector samples every cluster every 300 seconds/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Total cost' })).not.toBeInTheDocument();
  });

  it('shows the server\'s message when the overview fails', async () => {
    renderDashboard('viewer');
    server.use(http.get('/api/v1/cost/overview', () => HttpResponse.json(
      { error: 'BadRequest', detail: 'unknown period "2y"', request_id: 'r1' }, { status: 400 })));
    expect(await screen.findByText('unknown period "2y"')).toBeInTheDocument();
  });

  it('switches to the fleet view and back, keeping the period in the URL', async () => {
    const seen: string[] = [];
    renderDashboard('viewer', '/c/alpha/cost?period=30d', seen);
    await screen.findByRole('region', { name: 'Total cost' });
    await userEvent.click(screen.getByRole('button', { name: 'All clusters' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/cost/all?period=30d'));
    const byCluster = await screen.findByRole('table', { name: 'Cost by cluster' });
    expect(within(byCluster).getByText('Beta')).toBeInTheDocument();
    expect(seen).toContain('/api/v1/cost/overview?cluster_id=all&period=30d');
    await userEvent.click(screen.getByRole('button', { name: 'ALPHA' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/c/alpha/cost?period=30d'));
  });

  it('changes the period through the picker', async () => {
    const seen: string[] = [];
    renderDashboard('viewer', '/c/alpha/cost', seen);
    await screen.findByRole('region', { name: 'Total cost' });
    await userEvent.click(screen.getByRole('combobox', { name: 'Period' }));
    await userEvent.click(screen.getByRole('option', { name: 'Yesterday' }));
    await waitFor(() => expect(seen).toContain('/api/v1/cost/overview?cluster_id=alpha&period=yesterday'));
    expect(screen.getByTestId('location')).toHaveTextContent('period=yesterday');
  });

  it('opens a namespace\'s workloads', async () => {
    renderDashboard('viewer');
    server.use(http.get('/api/v1/cost/namespaces/shop/workloads', () => HttpResponse.json(shopWorkloads())));
    await userEvent.click(await screen.findByRole('button', { name: 'Workloads of shop' }));
    const table = await screen.findByRole('table', { name: 'Workloads in shop' });
    expect(within(table).getByText('search')).toBeInTheDocument();
    expect(within(table).getByText('2 cores / 100m CPU')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('ns=shop');
    await userEvent.click(screen.getByRole('button', { name: 'All namespaces' }));
    expect(await screen.findByRole('table', { name: 'Cost by namespace' })).toBeInTheDocument();
  });

  it('shows trends and idle resources', async () => {
    renderDashboard('viewer');
    const asked: string[] = [];
    server.use(http.get('/api/v1/cost/trends', ({ request }) => {
      const q = new URL(request.url).searchParams;
      asked.push(`${q.get('step')}/${q.get('days')}`);
      return HttpResponse.json(trends());
    }));
    await userEvent.click(await screen.findByRole('tab', { name: 'Trends' }));
    expect(await screen.findByRole('figure', { name: 'Cost over time chart' })).toBeInTheDocument();
    // Every sample of the last day first (a fresh install has points within minutes), then hourly.
    expect(asked[0]).toBe('5m/1');
    await userEvent.click(screen.getByRole('button', { name: 'By hour' }));
    await waitFor(() => expect(asked).toContain('hour/2'));
    await userEvent.click(screen.getByRole('tab', { name: 'Idle resources' }));
    const table = await screen.findByRole('table', { name: 'Idle resources' });
    expect(within(table).getByText('data/old-exports')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download idle resources as CSV' })).toBeInTheDocument();
  });

  it('gives Settings only to those who may change them', async () => {
    renderDashboard('viewer', '/c/alpha/cost?tab=settings');
    await screen.findByRole('tab', { name: 'By namespace' });
    expect(screen.queryByRole('tab', { name: 'Settings' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Cost settings' })).not.toBeInTheDocument();
  });

  it('an admin gets the Settings tab', async () => {
    renderDashboard('admin', '/c/alpha/cost?tab=settings');
    expect(await screen.findByRole('form', { name: 'Cost settings' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-selected', 'true');
  });

  it('downloads a table as CSV from the server', async () => {
    const asked: string[] = [];
    renderDashboard('viewer');
    server.use(http.get('/api/v1/cost/namespaces', ({ request }) => {
      const url = new URL(request.url);
      if (url.searchParams.get('format') !== 'csv') return undefined;
      asked.push(url.search);
      return new HttpResponse('namespace,total_cost\nshop,60\n', { headers: { 'Content-Type': 'text/csv' } });
    }));
    const created = vi.fn((_: Blob) => 'blob:cost');
    URL.createObjectURL = created as unknown as typeof URL.createObjectURL;
    URL.revokeObjectURL = () => undefined;
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await userEvent.click(await screen.findByRole('button', { name: 'Download cost by namespace as CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(asked).toEqual(['?cluster_id=alpha&period=24h&format=csv']);
    expect(await created.mock.calls[0]![0].text()).toContain('shop,60');
    click.mockRestore();
  });
});

describe('Cost by label', () => {
  it('defaults to the team key and shows its values, idle and unallocated in words', async () => {
    const seen: string[] = [];
    renderDashboard('viewer', '/c/alpha/cost?period=7d', seen);
    await userEvent.click(await screen.findByRole('tab', { name: 'By label' }));
    const table = await screen.findByRole('table', { name: 'Cost by team' });
    expect(within(table).getByText('storefront')).toBeInTheDocument();
    expect(within(table).getByText('Idle capacity')).toBeInTheDocument();
    expect(within(table).getByText('No team label')).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Cost by team chart' })).toBeInTheDocument();
    expect(screen.getByText(/namespace's label/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Label key' })).toHaveTextContent('team');
    expect(seen).toContain('/api/v1/cost/allocation?cluster_id=alpha&aggregate=label%3Ateam&period=7d');
    expect(screen.getByRole('button', { name: 'Download cost by team as CSV' })).toBeInTheDocument();
  });

  it('switches the key through the picker and keeps it in the URL', async () => {
    const seen: string[] = [];
    renderDashboard('viewer', '/c/alpha/cost?tab=labels', seen);
    await screen.findByRole('table', { name: 'Cost by team' });
    await userEvent.click(screen.getByRole('combobox', { name: 'Label key' }));
    await userEvent.click(screen.getByRole('option', { name: 'app' }));
    expect(await screen.findByRole('table', { name: 'Cost by app' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('label=app');
    expect(seen).toContain('/api/v1/cost/allocation?cluster_id=alpha&aggregate=label%3Aapp&period=24h');
  });

  it('shows the server\'s message for a bad key', async () => {
    renderDashboard('viewer', '/c/alpha/cost?tab=labels&label=bad%20key');
    server.use(http.get('/api/v1/cost/allocation', () => HttpResponse.json(
      { error: 'BadRequest', detail: "aggregate 'label:bad key' is not one of: …", request_id: 'r1' }, { status: 400 })));
    expect(await screen.findByText("aggregate 'label:bad key' is not one of: …")).toBeInTheDocument();
  });
});

describe('Pods of a namespace', () => {
  it('lists the pods at their current rate, and narrows to one workload', async () => {
    const seen: string[] = [];
    renderDashboard('viewer', '/c/alpha/cost?ns=shop', seen);
    server.use(http.get('/api/v1/cost/namespaces/shop/workloads', () => HttpResponse.json(shopWorkloads())));
    const table = await screen.findByRole('table', { name: 'Pods in shop' });
    const row = within(table).getByText('search-def34').closest('tr')!;
    expect(row).toHaveTextContent('$0.0700');
    expect(row).toHaveTextContent('$51.10');
    expect(row).toHaveTextContent('alpha-node-3 (spot)');
    expect(screen.getByText(/^Latest sample .*Shown is the current rate: each pod's requests and usage/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Workload' })).toHaveTextContent('All workloads');
    expect(screen.getByText(/per hour, \$58.40 per month/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('combobox', { name: 'Workload' }));
    await userEvent.click(screen.getByRole('option', { name: 'Deployment/search' }));
    await waitFor(() => expect(seen).toContain(
      '/api/v1/cost/namespaces/shop/pods?cluster_id=alpha&workload_kind=Deployment&workload=search'));
  });
});
