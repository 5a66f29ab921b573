import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import { operation, release, signInForHelm } from './helmTestData';
import { ReleaseList } from './ReleaseList';

const RELEASES = [
  release('web', 'deployed'),
  release('api', 'failed', { namespace: 'backend' }),
  release('stuck', 'pending-upgrade', { revision: 3 }),
];

function renderList(role: string, handlers: Parameters<typeof signInForHelm>[1][] = []) {
  signInForHelm(role, http.get('/api/v1/helm/releases', () => HttpResponse.json(RELEASES)), ...handlers);
  return renderWithApp(<ReleaseList clusterId="alpha" />, { route: '/c/alpha/helm/releases' });
}

function row(name: string) {
  return screen.getByRole('link', { name }).closest('tr') as HTMLElement;
}

describe('release list', () => {
  it('shows status chips, chart and namespace, and filters', async () => {
    renderList('viewer');
    await screen.findByRole('table', { name: 'Helm releases' });
    expect(within(row('web')).getByText('deployed')).toBeInTheDocument();
    expect(within(row('api')).getByText('failed')).toBeInTheDocument();
    expect(within(row('api')).getByText('backend')).toBeInTheDocument();
    expect(within(row('stuck')).getByText('pending-upgrade')).toBeInTheDocument();
    // deployed is good, failed bad, pending-* a warning (filled: the release is locked).
    expect(within(row('web')).getByText('deployed').closest('.MuiChip-root')).toHaveClass('MuiChip-colorSuccess');
    expect(within(row('api')).getByText('failed').closest('.MuiChip-root')).toHaveClass('MuiChip-colorError');
    expect(within(row('stuck')).getByText('pending-upgrade').closest('.MuiChip-root')).toHaveClass('MuiChip-colorWarning', 'MuiChip-filled');
    expect(within(row('web')).getByText('hello-0.2.0')).toBeInTheDocument();
    // A viewer is not offered the rollback.
    expect(screen.queryByRole('button', { name: 'Roll back stuck' })).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Filter releases'), 'backend');
    expect(screen.queryByRole('link', { name: 'web' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'api' })).toBeInTheDocument();
  });

  it('offers a rollback of a pending release to the previous revision', async () => {
    let body: unknown = null;
    renderList('developer', [
      http.post('/api/v1/helm/releases/stuck/rollback', async ({ request }) => {
        body = await request.json();
        expect(new URL(request.url).searchParams.get('namespace')).toBe('shop');
        return HttpResponse.json(operation('queued', { action: 'rollback', id: 'op-9' }), { status: 202 });
      }),
    ]);
    await userEvent.click(await screen.findByRole('button', { name: 'Roll back stuck' }));
    expect(screen.queryByRole('button', { name: 'Roll back web' })).not.toBeInTheDocument();
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Roll back' }));
    await waitFor(() => expect(body).toEqual({ revision: 2 }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/c/alpha/helm/releases/shop/stuck?op=op-9'));
  });

  it('says what to do when there is no release', async () => {
    signInForHelm('developer', http.get('/api/v1/helm/releases', () => HttpResponse.json([])));
    renderWithApp(<ReleaseList clusterId="alpha" />, { route: '/c/alpha/helm/releases' });
    expect(await screen.findByText('No releases yet')).toBeInTheDocument();
    expect(await screen.findByText('Install a chart from the Charts tab.')).toBeInTheDocument();
  });
});
