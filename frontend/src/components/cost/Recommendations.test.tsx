import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { CostDashboard } from './CostDashboard';
import { costHandlers, dataHandlers, recommendations, rightsize } from './costFixtures';

const CARD = 'Right-size: shop/search';

function renderRecommendations(role: 'viewer' | 'developer' | 'admin', route = '/c/alpha/cost?tab=recommendations') {
  signedIn();
  server.use(...costHandlers(role), ...dataHandlers());
  return renderWithApp(
    <Routes>
      <Route path="/c/:clusterId/cost" element={<CostDashboard />} />
      <Route path="/cost/all" element={<CostDashboard fleet />} />
    </Routes>, { route });
}

describe('Recommendations', () => {
  it('shows current vs recommended, the saving and the evidence', async () => {
    renderRecommendations('viewer');
    const card = await screen.findByRole('region', { name: CARD });
    expect(card).toHaveTextContent('2 cores → 150m CPU');
    expect(card).toHaveTextContent('4 GiB → 1 GiB');
    expect(card).toHaveTextContent('Could save $52.30 per month');
    expect(card).toHaveTextContent('120 samples over 4 h · CPU p95 120m CPU');
  });

  it('applies after confirmation, then the card shows applied', async () => {
    let body: unknown = null;
    let scope: string | null = null;
    renderRecommendations('developer');
    server.use(http.post('/api/v1/cost/recommendations/apply', async ({ request }) => {
      body = await request.json();
      scope = new URL(request.url).searchParams.get('cluster_id');
      // The workload is right-sized now: the next list no longer has the recommendation.
      server.use(http.get('/api/v1/cost/recommendations', () => HttpResponse.json(recommendations([]))));
      return HttpResponse.json({ recommendation: rightsize({ status: 'applied', can_apply: false }), applied: { cpu_cores: 0.15, memory_gib: 1 } });
    }));
    const card = await screen.findByRole('region', { name: CARD });
    await userEvent.click(within(card).getByRole('button', { name: 'Apply' }));
    const dialog = await screen.findByRole('dialog', { name: 'Apply right-sizing to search?' }, { timeout: 5000 });
    expect(dialog).toHaveTextContent('CPU 2 cores → 150m CPU');
    expect(body).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    // Generous waits: the POST, the dialog's exit and the refetch take several renders under load.
    expect(await screen.findByText('Applied: shop/search now requests 150m CPU and 1 GiB', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(body).toEqual({ id: 'rightsize/alpha/shop/search/search' });
    expect(scope).toBe('alpha');
    const applied = await screen.findByRole('region', { name: CARD }, { timeout: 5000 });
    expect(within(applied).getByText('Applied')).toBeInTheDocument();
    expect(applied).toHaveTextContent('CPU request now150m CPU');
    expect(applied).toHaveTextContent('Saves $52.30 per month');
    expect(within(applied).queryByRole('button', { name: 'Apply' })).not.toBeInTheDocument();
  });

  it('keeps the card open and shows the server\'s reason when Apply fails', async () => {
    renderRecommendations('developer');
    server.use(http.post('/api/v1/cost/recommendations/apply', () => HttpResponse.json(
      { error: 'Forbidden', detail: 'you may not patch deployments on alpha', request_id: null }, { status: 403 })));
    const card = await screen.findByRole('region', { name: CARD });
    await userEvent.click(within(card).getByRole('button', { name: 'Apply' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(await within(dialog).findByText('you may not patch deployments on alpha')).toBeInTheDocument();
    expect(within(card).getByText('Open')).toBeInTheDocument();
  });

  it('a viewer sees no Apply, even when the server says it could be applied', async () => {
    renderRecommendations('viewer');
    const card = await screen.findByRole('region', { name: CARD });
    expect(within(card).queryByRole('button', { name: 'Apply' })).not.toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Settings' })).not.toBeInTheDocument();
  });

  it('says when right-sizing raises the cost', async () => {
    renderRecommendations('viewer');
    server.use(http.get('/api/v1/cost/recommendations', () => HttpResponse.json(recommendations([
      rightsize({ monthly_saving: -0.79, current: { cpu_cores: 0.2, memory_gib: 0.25 }, recommended: { cpu_cores: 0.23, memory_gib: 0.29 } }),
    ]))));
    const card = await screen.findByRole('region', { name: CARD });
    expect(card).toHaveTextContent('Would cost $0.7900 more per month (usage is above the requests)');
  });

  it('no Apply without enough data or when the server says no', async () => {
    renderRecommendations('developer');
    server.use(http.get('/api/v1/cost/recommendations', () => HttpResponse.json(recommendations([
      rightsize({ status: 'not_enough_data', can_apply: false, evidence: { samples: 3, window_hours: 0.1, note: 'needs 12 samples' } }),
      rightsize({ id: 'rightsize/alpha/payments/fraud-detector/fraud-detector', namespace: 'payments', target_name: 'fraud-detector', container: 'fraud-detector', can_apply: false }),
    ]))));
    const first = await screen.findByRole('region', { name: CARD });
    expect(first).toHaveTextContent('Not enough data');
    expect(first).toHaveTextContent('needs 12 samples');
    const second = screen.getByRole('region', { name: 'Right-size: payments/fraud-detector' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Apply' })).not.toBeInTheDocument());
    expect(second).toBeInTheDocument();
  });
});
