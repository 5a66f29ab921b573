import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseHandlers, cluster, signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import type { ClusterOverview, FleetEntry } from '../../types';
import { FleetPage } from './FleetPage';

function overview(id: string): ClusterOverview {
  return {
    cluster_id: id, counts: { pods: 12, nodes: 3 }, pod_phases: { Running: 10, Pending: 2 }, pod_problems: [],
    nodes: { total: 3, ready: 2, not_ready: 1 },
    cpu: { requested_millicores: 1500, allocatable_millicores: 6000, used_millicores: null },
    memory: { requested_bytes: 2 * 2 ** 30, allocatable_bytes: 8 * 2 ** 30, used_bytes: 2 ** 30 },
    warnings: [{ name: 'w1' }],
  };
}

function entry(id: string, up: boolean): FleetEntry {
  return {
    cluster_id: id, name: id.toUpperCase(), labels: {},
    health: { status: up ? 'healthy' : 'unreachable', reason: up ? null : 'connection refused', version: up ? 'v1.37.0' : null, latency_ms: up ? 4 : null },
    overview: up ? overview(id) : null,
    error: up ? null : `cluster ${id} is unreachable: connection refused`,
  };
}

describe('FleetPage', () => {
  it('shows a card per cluster, with the dead one as unreachable', async () => {
    signedIn();
    server.use(...baseHandlers('viewer', [cluster('alpha'), cluster('beta', 'unreachable')]),
      http.get('/api/v1/fleet', () => HttpResponse.json([entry('alpha', true), entry('beta', false)])));
    renderWithApp(<FleetPage />, { route: '/fleet' });
    const alpha = await screen.findByRole('region', { name: 'Cluster ALPHA' });
    expect(await within(alpha).findByText(/Nodes 2\/3 ready · 12 pods/)).toBeInTheDocument();
    expect(within(alpha).getByLabelText('Pods by phase')).toHaveTextContent('Running: 10Pending: 2');
    expect(alpha).toHaveTextContent('CPU requested 1.5 cores · used n/a · allocatable 6 cores');
    expect(within(alpha).getByRole('progressbar', { name: 'CPU requested 25% of allocatable' })).toBeInTheDocument();
    expect(alpha).toHaveTextContent('1 recent warning');
    expect(within(alpha).getByRole('link', { name: 'Open the overview of ALPHA' })).toHaveAttribute('href', '/c/alpha/overview');
    const beta = screen.getByRole('region', { name: 'Cluster BETA' });
    expect(within(beta).getByRole('img', { name: 'unreachable' })).toBeInTheDocument();
    expect(beta).toHaveTextContent('Unreachable: cluster beta is unreachable: connection refused');
  });

  it("shows the server's message when the fleet cannot be loaded, with the cards still there", async () => {
    signedIn();
    server.use(...baseHandlers('viewer'),
      http.get('/api/v1/fleet', () => HttpResponse.json({ error: 'Forbidden', detail: 'not allowed to read clusters', request_id: null }, { status: 403 })));
    renderWithApp(<FleetPage />, { route: '/fleet' });
    expect(await screen.findByRole('alert')).toHaveTextContent('not allowed to read clusters');
    expect(await screen.findByRole('region', { name: 'Cluster ALPHA' })).toBeInTheDocument();
  });
});
