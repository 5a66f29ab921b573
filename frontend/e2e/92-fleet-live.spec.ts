// The fleet overview and live updates over the real /api/v1/live WebSocket.
import type { Page, Request } from '@playwright/test';
import { adminToken, api, expect, kubectl, loginAsAdmin, nav, screenshot, test, uniqueName } from './fixtures';

/** Counts the list requests of one kind from now on (polls would show up here). */
function countListRequests(page: Page, resource: string) {
  const seen: string[] = [];
  const pattern = new RegExp(`/api/v1/${resource}\\?`);
  const listener = (request: Request) => {
    if (pattern.test(request.url())) seen.push(request.url());
  };
  page.on('request', listener);
  return { seen, stop: () => page.off('request', listener) };
}

// A cluster nobody answers for (port 9 is discard; nothing listens there).
const DEAD_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: d, cluster: {server: 'http://127.0.0.1:9'}}]
contexts: [{name: d, context: {cluster: d, user: u}}]
users: [{name: u, user: {}}]
current-context: d
`;

test('the fleet page shows both clusters and links to their overviews, which have charts', async ({ page }) => {
  const token = await adminToken();
  const dead = uniqueName('gone');
  await api('POST', '/clusters', token, { id: dead, name: 'Gone', kubeconfig: DEAD_KUBECONFIG });
  try {
    await loginAsAdmin(page);
    const started = Date.now();
    await nav(page, 'Fleet').click();
    await expect(page).toHaveURL(/\/fleet$/);
    await expect(page.getByRole('heading', { name: 'Fleet', level: 1 })).toBeVisible();
    const alpha = page.getByRole('region', { name: 'Cluster Alpha' });
    const beta = page.getByRole('region', { name: 'Cluster Beta' });
    await expect(alpha).toContainText(/Nodes \d+\/\d+ ready/);
    // The dead cluster does not hold the others up.
    const loadedIn = Date.now() - started;
    for (const card of [alpha, beta]) {
      await expect(card.getByRole('img', { name: 'healthy' })).toBeVisible();
      await expect(card).toContainText(/Kubernetes v\d/);
      await expect(card).toContainText(/Nodes \d+\/\d+ ready · \d+ pods/);
      await expect(card).toContainText(/CPU requested .* allocatable \d/);
      await expect(card).toContainText(/Memory requested .* allocatable \d/);
    }
    await expect(alpha.getByLabel('Pods by phase')).toContainText(/Running: \d+/);
    const gone = page.getByRole('region', { name: 'Cluster Gone' });
    await expect(gone.getByRole('img', { name: 'unreachable' })).toBeVisible();
    await expect(gone).toContainText('Unreachable:');
    console.log(`fleet details shown ${loadedIn} ms after the click, with one cluster down`);
    expect(loadedIn).toBeLessThan(5_000);
    await screenshot(page, 'fleet');
  } finally {
    await api('DELETE', `/clusters/${dead}`, token);
  }

  await page.getByRole('region', { name: 'Cluster Beta' }).getByRole('link', { name: 'Open the overview of Beta' }).click();
  await expect(page).toHaveURL(/\/c\/beta\/overview$/);
  await page.goto('/c/alpha/overview');
  await expect(page.getByRole('img', { name: /^Pod phases: Running \d+/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^CPU requested .* allocatable/ })).toBeVisible();
  await screenshot(page, 'overview-charts');
});

test('deployments added, scaled and deleted show up in the list over the live socket, without polling', async ({ page }) => {
  const name = uniqueName('live-web');
  await loginAsAdmin(page);
  await page.goto('/c/beta/deployments');
  await expect(page.getByRole('status', { name: 'Live updates: Live' })).toBeVisible();
  // Let the first load and the catch-up refetch on subscribe finish.
  await page.waitForLoadState('networkidle');
  const polls = countListRequests(page, 'deployments');

  kubectl('beta', ['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: {
      replicas: 1, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  }));
  const table = page.getByRole('table', { name: 'Deployments' });
  const row = table.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible({ timeout: 5_000 });
  // An ADDED event asks for one refetch (its place in the sorted list is the server's call).
  const afterAdd = polls.seen.length;
  expect(afterAdd).toBeGreaterThanOrEqual(1);
  await expect(row).toContainText('1/1', { timeout: 15_000 });

  const token = await adminToken();
  const started = Date.now();
  await api('POST', `/namespaces/default/deployments/${name}/scale?cluster_id=beta`, token, { replicas: 3 });
  await expect(row).toContainText('/3', { timeout: 3_000 });
  const seenIn = Date.now() - started;
  await expect(row).toContainText('3/3', { timeout: 15_000 });
  // Scaling only modified the deployment: the row changed in place, with no list request.
  expect(polls.seen.length).toBe(afterAdd);
  console.log(`scale visible in the list after ${seenIn} ms; list requests since live: ${polls.seen.length}`);
  await screenshot(page, 'deployments-live-scaled');

  kubectl('beta', ['delete', 'deployment', name, '-n', 'default', '--wait=false']);
  await expect(row).toHaveCount(0, { timeout: 5_000 });
  polls.stop();
});
