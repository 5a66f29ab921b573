import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseHandlers, signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { KIND_BY_RESOURCE } from './kinds';
import { ResourceActions } from './ResourceActions';

const deployments = KIND_BY_RESOURCE.deployments!;

function renderActions(role: string) {
  signedIn();
  server.use(...baseHandlers(role));
  return renderWithApp(
    <>
      <div>ready</div>
      <ResourceActions clusterId="alpha" kind={deployments} namespace="shop" name="web" replicas={2} />
    </>, { route: '/c/alpha/deployments/shop/web' });
}

describe('permission gating', () => {
  it('a viewer sees no scale, restart or delete', async () => {
    renderActions('viewer');
    await waitFor(() => expect(screen.getByText('ready')).toBeInTheDocument());
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('button', { name: 'Scale' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Restart' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it('an operator may scale and restart but not delete', async () => {
    renderActions('operator');
    expect(await screen.findByRole('button', { name: 'Scale' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Restart' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it('scales through the dialog and confirms with a toast', async () => {
    let body: unknown = null;
    server.use(http.post('/api/v1/namespaces/shop/deployments/web/scale', async ({ request }) => {
      body = await request.json();
      return HttpResponse.json({ kind: 'Deployment', namespace: 'shop', name: 'web', replicas: 5, status_replicas: 2, selector: '' });
    }));
    renderActions('operator');
    await userEvent.click(await screen.findByRole('button', { name: 'Scale' }));
    const input = screen.getByLabelText('Replicas');
    await userEvent.clear(input);
    await userEvent.type(input, '5');
    await userEvent.click(screen.getByRole('button', { name: 'Scale' }));
    expect(await screen.findByText('Scaled web to 5 replicas')).toBeInTheDocument();
    expect(body).toEqual({ replicas: 5 });
  });

  it('delete needs the typed name', async () => {
    let deleted = false;
    server.use(http.delete('/api/v1/namespaces/shop/deployments/web', () => {
      deleted = true;
      return HttpResponse.json({ deleted: true, pending: false, kind: 'Deployment', namespace: 'shop', name: 'web', propagation: 'Background' });
    }));
    renderActions('developer');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialogDelete = screen.getAllByRole('button', { name: 'Delete' }).at(-1)!;
    expect(dialogDelete).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Type web to confirm'), 'web');
    expect(dialogDelete).toBeEnabled();
    await userEvent.click(dialogDelete);
    await waitFor(() => expect(deleted).toBe(true));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/c/alpha/deployments'));
  });
});
