import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import { ChartBrowser } from './ChartBrowser';
import { HELLO, REPO, signInForHelm } from './helmTestData';

const row = (repo: string, chart: string, version: string) => ({
  name: `${repo}/${chart}`, repo, chart, version, app_version: '1.0.0', description: `${chart} from ${repo}`,
});

describe('chart browser', () => {
  it('searches, filters by repository, and shows versions, README and default values', async () => {
    const searches: string[] = [];
    signInForHelm('developer',
      http.get('/api/v1/helm/repos', () => HttpResponse.json([REPO, { ...REPO, name: 'other' }])),
      http.get('/api/v1/helm/charts', ({ request }) => {
        const q = new URL(request.url).searchParams;
        searches.push(q.toString());
        const all = [row('samples', 'hello', '0.2.0'), row('other', 'redis', '1.0.0')];
        return HttpResponse.json(all.filter((c) => (!q.get('repo') || c.repo === q.get('repo')) && c.name.includes(q.get('q') ?? '')));
      }),
      http.get('/api/v1/helm/charts/samples/hello/versions', () => HttpResponse.json([row('samples', 'hello', '0.2.0'), row('samples', 'hello', '0.1.0')])),
      http.get('/api/v1/helm/charts/samples/hello', ({ request }) => HttpResponse.json({
        ...HELLO, version: new URL(request.url).searchParams.get('version') ?? '0.2.0', readme: '# hello\n<script>alert(1)</script>',
      })),
    );
    renderWithApp(<ChartBrowser clusterId="alpha" />, { route: '/c/alpha/helm/charts' });
    const list = await screen.findByRole('list', { name: 'Charts' });
    expect(within(list).getByText('other/redis 1.0.0')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('combobox', { name: 'Repository' }));
    await userEvent.click(screen.getByRole('option', { name: 'samples' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Charts' })).queryByText('other/redis 1.0.0')).not.toBeInTheDocument());
    expect(searches.at(-1)).toBe('repo=samples');

    await userEvent.click(screen.getByText('samples/hello 0.2.0'));
    const details = await screen.findByRole('region', { name: 'Chart samples/hello' });
    // The README is text: markup in it is shown, never run.
    expect(await within(details).findByLabelText('README')).toHaveTextContent('<script>alert(1)</script>');
    expect(details.querySelector('script')).toBeNull();
    await userEvent.click(within(details).getByRole('combobox', { name: 'Version' }));
    await userEvent.click(screen.getByRole('option', { name: '0.1.0 (app 1.0.0)' }));
    await userEvent.click(within(details).getByRole('tab', { name: 'Default values' }));
    expect(within(details).getByLabelText('Default values')).toHaveTextContent('replicaCount: 1');
    expect(within(details).getByText(/version 0\.1\.0/)).toBeInTheDocument();
    await userEvent.click(within(details).getByRole('button', { name: 'Install hello' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/c/alpha/helm/install?chart=samples%2Fhello&version=0.1.0');
  });
});
