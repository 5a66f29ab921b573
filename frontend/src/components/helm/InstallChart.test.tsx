import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import './cmStubs';
import { HELLO, operation, signInForHelm } from './helmTestData';
import { InstallChart } from './InstallChart';

const CHART = { name: 'samples/hello', repo: 'samples', chart: 'hello', app_version: '1.0.0', description: 'A small web app' };
const VIOLATION = "at '/replicaCount': 11 is greater than the maximum of 10";

function handlers(bodies: Record<string, unknown>[]) {
  let polls = 0;
  return [
    http.get('/api/v1/helm/charts', () => HttpResponse.json([{ ...CHART, version: '0.2.0' }])),
    http.get('/api/v1/helm/charts/samples/hello/versions', () => HttpResponse.json([
      { ...CHART, version: '0.2.0' }, { ...CHART, version: '0.1.0' },
    ])),
    http.get('/api/v1/helm/charts/samples/hello', ({ request }) => {
      expect(new URL(request.url).searchParams.get('version')).toBe('0.1.0');
      return HttpResponse.json(HELLO);
    }),
    http.post('/api/v1/helm/releases', async ({ request }) => {
      const body = await request.json() as Record<string, unknown>;
      bodies.push(body);
      if (String(body.values_yaml).includes('replicaCount: 11')) {
        return HttpResponse.json({
          error: 'Invalid', detail: `values don't meet the schema of chart hello-0.1.0: ${VIOLATION}`,
          reason: 'schema', violations: [VIOLATION],
        }, { status: 422 });
      }
      return HttpResponse.json(operation('queued'), { status: 202 });
    }),
    http.post('/api/v1/helm/install-preview', async ({ request }) => {
      const body = await request.json() as Record<string, unknown>;
      if (String(body.values_yaml).includes('replicaCount: 11')) {
        return HttpResponse.json({
          error: 'Invalid', detail: 'values do not meet the schema', reason: 'schema', violations: [VIOLATION],
        }, { status: 422 });
      }
      const manifest = `kind: Deployment\nmetadata:\n  name: ${String(body.release_name)}\n  namespace: ${String(body.namespace)}\n`;
      return HttpResponse.json({
        before: 'nothing', after: 'install', values_before: {}, values_after: {}, values_diff: '', manifest_diff: '',
        changes: [{ kind: 'Deployment', name: body.release_name, namespace: body.namespace, change: 'added' }],
        manifest, notes: 'Thank you for installing hello', chart_version: '0.1.0',
      });
    }),
    http.get('/api/v1/helm/operations/op-1', () => {
      polls += 1;
      return HttpResponse.json(polls < 2 ? operation('running')
        : operation('succeeded', { notes: 'hello is installed, saying Bonjour', revision: 1, result: { release_status: 'deployed' } }));
    }),
  ];
}

const editorText = () => document.querySelector('.cm-content')?.textContent ?? '';

describe('install wizard', () => {
  it('picks a chart, configures values through the schema form, shows the server schema violation, deploys', async () => {
    const bodies: Record<string, unknown>[] = [];
    signInForHelm('developer', ...handlers(bodies));
    renderWithApp(<InstallChart />, { route: '/c/alpha/helm/install?chart=samples/hello&version=0.1.0' });

    // Step 1: the chart and version come from the link.
    expect(await screen.findByRole('combobox', { name: 'Chart' })).toHaveValue('samples/hello');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Version' })).toHaveTextContent('0.1.0'));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    // Step 2: the schema's simple fields write into the YAML editor.
    const greeting = await screen.findByRole('textbox', { name: 'greeting *' });
    await userEvent.type(greeting, 'Bonjour');
    const replicas = screen.getByRole('spinbutton', { name: 'replicaCount *' });
    await userEvent.type(replicas, '11');
    expect(screen.getByText('replicaCount must be at most 10')).toBeInTheDocument();
    await waitFor(() => expect(editorText()).toContain('greeting: "Bonjour"'), { timeout: 5000 });
    expect(editorText()).toContain('replicaCount: 11');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));

    // Step 3: review; the release name defaults to the chart's.
    expect(screen.getByRole('textbox', { name: 'Release name' })).toHaveValue('hello');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Namespace' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Namespace' }), 'shop');
    expect(screen.getByLabelText('Values to apply')).toHaveTextContent('replicaCount: 11');
    // The dry run refuses the values before anything is deployed.
    expect(await screen.findByLabelText('Preview problem')).toHaveTextContent(VIOLATION);
    await userEvent.click(screen.getByRole('button', { name: 'Deploy' }));

    // The backend refuses: back on the values step with the violation listed.
    const problems = await screen.findByRole('list', { name: 'Values problems' });
    expect(within(problems).getByText(`Schema: ${VIOLATION}`)).toBeInTheDocument();
    const replicasAgain = screen.getByRole('spinbutton', { name: 'replicaCount *' });
    await userEvent.clear(replicasAgain);
    await userEvent.type(replicasAgain, '3');
    expect(screen.queryByRole('list', { name: 'Values problems' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    // The review shows what the install would create (a dry run), then deploys.
    const created = await screen.findByRole('list', { name: 'Resources to create' });
    expect(within(created).getByText('Deployment shop/hello')).toBeInTheDocument();
    expect(screen.getByLabelText('Rendered manifest')).toHaveTextContent('kind: Deployment');
    expect(screen.getByLabelText('Chart notes')).toHaveTextContent('Thank you for installing hello');
    await userEvent.click(screen.getByRole('button', { name: 'Deploy' }));

    // Step 4: the operation is followed to its end; the chart's notes are shown.
    expect(await screen.findByRole('region', { name: 'Operation progress' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Release notes', {}, { timeout: 5000 })).toHaveTextContent('hello is installed, saying Bonjour');
    expect(await screen.findByRole('link', { name: 'Open release' })).toHaveAttribute('href', '/c/alpha/helm/releases/shop/hello');
    expect(bodies.at(-1)).toMatchObject({
      release_name: 'hello', chart: 'samples/hello', version: '0.1.0', namespace: 'shop', create_namespace: false,
    });
    expect(String(bodies.at(-1)?.values_yaml)).toContain('replicaCount: 3');
  }, 40_000);
});
