import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import './cmStubs';
import { HELLO, operation, releaseDetail, signInForHelm } from './helmTestData';
import { ReleaseDetail } from './ReleaseDetail';

const HISTORY = [
  { revision: 1, status: 'superseded', chart: 'hello', chart_version: '0.1.0', updated: '2026-01-01T00:00:00Z', description: 'Install complete' },
  { revision: 2, status: 'deployed', chart: 'hello', chart_version: '0.2.0', updated: '2026-01-02T00:00:00Z', description: 'Upgrade complete' },
];
const DIFF = {
  before: 'revision 1', after: 'revision 2', values_before: {}, values_after: {},
  values_diff: '--- revision 1\n+++ revision 2\n-greeting: Hello\n+greeting: Bonjour\n',
  manifest_diff: '--- a\n+++ b\n-  replicas: 1\n+  replicas: 2\n',
  changes: [{ kind: 'Deployment', name: 'web', namespace: 'shop', change: 'changed' }],
};

function renderRelease(...handlers: Parameters<typeof signInForHelm>[1][]) {
  signInForHelm('developer',
    http.get('/api/v1/helm/releases/web', () => HttpResponse.json(releaseDetail('web'))),
    http.get('/api/v1/helm/releases/web/history', () => HttpResponse.json(HISTORY)),
    ...handlers);
  renderWithApp(<ReleaseDetail />, { route: '/c/alpha/helm/releases/shop/web', path: '/c/:clusterId/helm/releases/:namespace/:name' });
}

describe('release detail', () => {
  it('diffs a revision with the previous one and rolls back from the history', async () => {
    let rollback: unknown = null;
    renderRelease(
      http.get('/api/v1/helm/releases/web/diff', ({ request }) => {
        const q = new URL(request.url).searchParams;
        expect([q.get('from_revision'), q.get('to_revision')]).toEqual(['1', '2']);
        return HttpResponse.json(DIFF);
      }),
      http.post('/api/v1/helm/releases/web/rollback', async ({ request }) => {
        rollback = await request.json();
        return HttpResponse.json(operation('queued', { id: 'op-3', action: 'rollback', release: 'web' }), { status: 202 });
      }),
      http.get('/api/v1/helm/operations/op-3', () => HttpResponse.json(operation('succeeded', { id: 'op-3', action: 'rollback', release: 'web', revision: 3 }))),
    );
    await userEvent.click(await screen.findByRole('tab', { name: 'History' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Diff revision 2 with previous' }));
    const values = await screen.findByLabelText('Values diff');
    expect(values.querySelector('[data-diff="added"]')).toHaveTextContent('greeting: Bonjour');
    expect(screen.getByText('Deployment shop/web: changed')).toBeInTheDocument();

    expect(screen.queryByRole('button', { name: 'Roll back to revision 2' })).not.toBeInTheDocument(); // the current one
    await userEvent.click(screen.getByRole('button', { name: 'Roll back to revision 1' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Roll back' }));
    await waitFor(() => expect(rollback).toEqual({ revision: 1 }));
    expect(await screen.findByText('web rolled back')).toBeInTheDocument();
  });

  it('upgrades only after previewing the diff, with reset-then-reuse by default', async () => {
    const upgrades: unknown[] = [];
    const previews: unknown[] = [];
    renderRelease(
      http.get('/api/v1/helm/charts', () => HttpResponse.json([{ name: 'samples/hello', repo: 'samples', chart: 'hello', version: '0.2.0', app_version: '', description: '' }])),
      http.get('/api/v1/helm/charts/samples/hello/versions', () => HttpResponse.json([{ name: 'samples/hello', repo: 'samples', chart: 'hello', version: '0.2.0', app_version: '', description: '' }])),
      http.get('/api/v1/helm/charts/samples/hello', () => HttpResponse.json({ ...HELLO, version: '0.2.0' })),
      http.post('/api/v1/helm/releases/web/diff', async ({ request }) => { previews.push(await request.json()); return HttpResponse.json({ ...DIFF, before: 'current', after: 'proposed' }); }),
      http.put('/api/v1/helm/releases/web', async ({ request }) => {
        upgrades.push(await request.json());
        return HttpResponse.json(operation('running', { id: 'op-4', action: 'upgrade', release: 'web' }), { status: 202 });
      }),
      http.get('/api/v1/helm/operations/op-4', () => HttpResponse.json(operation('running', { id: 'op-4', action: 'upgrade', release: 'web' }))),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade' }));
    const dialog = await screen.findByRole('dialog', { name: 'Upgrade web' });
    expect(await within(dialog).findByRole('combobox', { name: 'Chart' })).toHaveValue('samples/hello');
    expect(within(dialog).getByRole('radio', { name: /^Reset then reuse/ })).toBeChecked();
    const upgrade = within(dialog).getByRole('button', { name: 'Upgrade' });
    expect(upgrade).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('radio', { name: /^Reuse/ }));
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Preview changes' }));
    expect(await within(dialog).findByRole('region', { name: 'Diff current → proposed' })).toBeInTheDocument();
    expect(upgrade).toBeEnabled();
    await userEvent.click(upgrade);
    await waitFor(() => expect(upgrades).toHaveLength(1));
    expect(upgrades[0]).toEqual(previews[0]);
    expect(upgrades[0]).toMatchObject({ chart: 'samples/hello', version: '0.2.0', values_mode: 'reuse' });
    const progress = await screen.findByRole('region', { name: 'Operation progress' });
    await waitFor(() => expect(progress).toHaveTextContent('helm upgrade shop/web'));
  }, 30_000);
});
