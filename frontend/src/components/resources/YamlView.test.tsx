import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { baseHandlers, signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { YamlView } from './YamlView';

const YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: shop\n';
const DIFF = '--- live\n+++ applied\n@@ -1,3 +1,3 @@\n metadata:\n-  tier: a\n+  tier: b\n';

function renderYaml(role: string) {
  signedIn();
  server.use(...baseHandlers(role),
    http.get('/api/v1/namespaces/shop/configmaps/web', () => new HttpResponse(YAML, { headers: { 'Content-Type': 'application/yaml' } })));
  return renderWithApp(<YamlView clusterId="alpha" resource="configmaps" namespace="shop" name="web" />,
    { route: '/c/alpha/configmaps/shop/web?tab=yaml' });
}

describe('YAML edit, preview and apply', () => {
  it('a viewer cannot edit', async () => {
    renderYaml('viewer');
    expect(await screen.findByLabelText('YAML')).toHaveTextContent('kind: ConfigMap');
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('previews the dry-run diff, then applies', async () => {
    const bodies: unknown[] = [];
    server.use(http.post('/api/v1/apply', async ({ request }) => {
      const body = await request.json() as { dry_run: boolean };
      bodies.push(body);
      return HttpResponse.json({ dry_run: body.dry_run, results: [{ index: 1, kind: 'ConfigMap', api_version: 'v1', namespace: 'shop', name: 'web', action: 'configured', diff: DIFF }] });
    }));
    renderYaml('developer');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    expect(await screen.findByRole('button', { name: 'Preview changes' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Preview changes' }));
    const diff = await screen.findByLabelText('Diff of web');
    expect(diff.querySelector('[data-diff="added"]')).toHaveTextContent('tier: b');
    expect(diff.querySelector('[data-diff="removed"]')).toHaveTextContent('tier: a');
    expect(screen.getByText(/ConfigMap shop\/web: configured/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('Applied: 1 object changed')).toBeInTheDocument();
    expect(bodies).toEqual([{ yaml: YAML, dry_run: true }, { yaml: YAML, dry_run: false }]);
  });

  it('shows the server error for bad YAML', async () => {
    server.use(http.post('/api/v1/apply', () => HttpResponse.json(
      { error: 'invalid_yaml', detail: 'invalid YAML at line 3, column 5' }, { status: 422 })));
    renderYaml('developer');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Preview changes' }, { timeout: 5000 }));
    expect(await screen.findByText('invalid YAML at line 3, column 5')).toBeInTheDocument();
  });
});
