import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseHandlers, cluster, signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { ClusterSwitcher } from './ClusterSwitcher';

describe('ClusterSwitcher', () => {
  it('lists the clusters with an accessible health label each', async () => {
    signedIn();
    server.use(...baseHandlers('viewer', [cluster('alpha'), cluster('beta', 'unreachable')]));
    renderWithApp(<ClusterSwitcher />, { route: '/c/alpha/pods' });
    const button = await screen.findByRole('button', { name: /Cluster: ALPHA/ });
    expect(within(button).getByRole('img', { name: 'healthy' })).toBeInTheDocument();

    await userEvent.click(button);
    const items = screen.getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining('ALPHA'), expect.stringContaining('BETA')]));
    const beta = screen.getByRole('menuitem', { name: /BETA/ });
    expect(within(beta).getByRole('img', { name: 'unreachable' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Filter clusters')).not.toBeInTheDocument();
  });

  it('switches cluster: same page kind on the new cluster, remembered server-side', async () => {
    signedIn();
    let remembered: unknown = null;
    server.use(
      http.put('/api/v1/clusters/active', async ({ request }) => {
        remembered = await request.json();
        return HttpResponse.json(remembered as { cluster_id: string });
      }),
      ...baseHandlers('viewer'));
    renderWithApp(<ClusterSwitcher />, { route: '/c/alpha/pods/default/web-1' });
    await userEvent.click(await screen.findByRole('button', { name: /Cluster: ALPHA/ }));
    await userEvent.click(screen.getByRole('menuitem', { name: /BETA/ }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/c/beta/pods'));
    expect(await screen.findByRole('button', { name: /Cluster: BETA/ })).toBeInTheDocument();
    await waitFor(() => expect(remembered).toEqual({ cluster_id: 'beta' }));
  });

  it('offers type-to-filter when there are many clusters', async () => {
    signedIn();
    const many = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota'].map((id) => cluster(id));
    server.use(...baseHandlers('viewer', many));
    renderWithApp(<ClusterSwitcher />, { route: '/c/alpha/overview' });
    await userEvent.click(await screen.findByRole('button', { name: /Cluster: ALPHA/ }));
    const filter = screen.getByLabelText('Filter clusters');
    await userEvent.type(filter, 'et');
    const names = screen.getAllByRole('menuitem').map((i) => i.textContent ?? '')
      .filter((n) => !n.startsWith('Manage'));
    expect(names.map((n) => n.split(/[a-z]/)[0])).toEqual(['BETA', 'ZETA', 'ETA', 'THETA']);

    await userEvent.clear(filter);
    await userEvent.type(filter, 'iota{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/c/iota/overview'));
  });
});
