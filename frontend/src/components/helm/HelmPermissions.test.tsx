import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import { HelmDashboard } from './HelmDashboard';
import { REPO, operation, releaseDetail, signInForHelm } from './helmTestData';
import { ReleaseDetail } from './ReleaseDetail';

const repos = http.get('/api/v1/helm/repos', () => HttpResponse.json([{ ...REPO, username: 'bot', has_password: true }]));
const detail = http.get('/api/v1/helm/releases/web', () => HttpResponse.json(releaseDetail('web')));
const history = http.get('/api/v1/helm/releases/web/history', () => HttpResponse.json([
  { revision: 1, status: 'superseded', chart: 'hello', chart_version: '0.1.0', updated: '2026-01-01T00:00:00Z', description: 'Install complete' },
  { revision: 2, status: 'deployed', chart: 'hello', chart_version: '0.2.0', updated: '2026-01-02T00:00:00Z', description: 'Upgrade complete' },
]));

function dashboard(role: string) {
  signInForHelm(role, repos);
  renderWithApp(<HelmDashboard />, { route: '/c/alpha/helm/repos', path: '/c/:clusterId/helm/:tab' });
}

function release(role: string, ...extra: Parameters<typeof signInForHelm>[1][]) {
  signInForHelm(role, detail, history, ...extra);
  renderWithApp(<ReleaseDetail />, { route: '/c/alpha/helm/releases/shop/web', path: '/c/:clusterId/helm/releases/:namespace/:name' });
}

describe('helm permission gating', () => {
  it('a viewer sees repositories but cannot install or manage them', async () => {
    dashboard('viewer');
    const table = await screen.findByRole('table', { name: 'Chart repositories' });
    expect(within(table).getByText('user bot, password stored')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Install chart' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add repository' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove samples' })).not.toBeInTheDocument();
  });

  it('a developer installs but does not manage repositories', async () => {
    dashboard('developer');
    expect(await screen.findByRole('button', { name: 'Install chart' })).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Chart repositories' });
    expect(screen.queryByRole('button', { name: 'Add repository' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Update samples' })).not.toBeInTheDocument();
  });

  it('an admin adds and removes repositories; the password is sent, never shown', async () => {
    const bodies: unknown[] = [];
    let removed = false;
    signInForHelm('admin',
      http.post('/api/v1/helm/repos', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ ...REPO, name: 'priv', has_password: true }, { status: 201 });
      }),
      http.delete('/api/v1/helm/repos/samples', () => { removed = true; return new HttpResponse(null, { status: 204 }); }),
      repos);
    renderWithApp(<HelmDashboard />, { route: '/c/alpha/helm/repos', path: '/c/:clusterId/helm/:tab' });
    await userEvent.click(await screen.findByRole('button', { name: 'Add repository' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a chart repository' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Repository name' }), 'priv');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'URL' }), 'https://charts.example');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Username (optional)' }), 'alice');
    await userEvent.type(within(dialog).getByLabelText('Password (optional)'), 's3cret');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add repository' }));
    expect(await screen.findByText('Added repository priv')).toBeInTheDocument();
    expect(bodies[0]).toMatchObject({ name: 'priv', url: 'https://charts.example', username: 'alice', password: 's3cret', ca_cert: null });

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await userEvent.click(screen.getByRole('button', { name: 'Remove samples' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(removed).toBe(true));
  }, 30_000);

  it('a viewer sees the release but no upgrade, rollback or uninstall', async () => {
    release('viewer');
    expect(await screen.findByRole('heading', { name: 'web' })).toBeInTheDocument();
    expect(screen.getByText('web is installed')).toBeInTheDocument();
    expect(screen.getByText('1/1 ready')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(await screen.findByRole('button', { name: 'Diff revision 2 with previous' })).toBeInTheDocument();
    for (const name of ['Upgrade', 'Roll back', 'Uninstall']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByRole('button', { name: /Roll back to revision/ })).not.toBeInTheDocument();
  });

  it('a developer uninstalls after typing the name, and the operation is followed', async () => {
    let deleted = false;
    let polls = 0;
    release('developer',
      http.delete('/api/v1/helm/releases/web', () => { deleted = true; return HttpResponse.json(operation('queued', { id: 'op-7', action: 'uninstall' }), { status: 202 }); }),
      http.get('/api/v1/helm/operations/op-7', () => {
        polls += 1;
        return HttpResponse.json(operation(polls < 2 ? 'running' : 'succeeded', { id: 'op-7', action: 'uninstall' }));
      }));
    expect(await screen.findByRole('button', { name: 'Upgrade' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Roll back' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Uninstall' }));
    const confirm = within(screen.getByRole('dialog')).getByRole('button', { name: 'Uninstall' });
    expect(confirm).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Type web to confirm'), 'web');
    await userEvent.click(confirm);
    await waitFor(() => expect(deleted).toBe(true));
    const progress = await screen.findByRole('region', { name: 'Operation progress' });
    await waitFor(() => expect(progress).toHaveTextContent('helm uninstall shop/hello'));
    expect(screen.getByTestId('location')).toHaveTextContent('?op=op-7');
    // Once it is gone, back to the release list.
    expect(await screen.findByText('hello uninstalled')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/c\/alpha\/helm\/releases$/));
  });
});
