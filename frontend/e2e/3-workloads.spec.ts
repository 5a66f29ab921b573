import { createUser, expect, login, loginAsAdmin, screenshot, test, nav } from './fixtures';

test('open a deployment, scale it, and see the change in the list without reloading', async ({ page }) => {
  await loginAsAdmin(page);
  await nav(page, 'Deployments').click();
  const table = page.getByRole('table', { name: 'Deployments' });
  await expect(table.getByRole('row', { name: /catalog-api/ })).toBeVisible();
  await screenshot(page, 'deployments-list');

  await page.getByRole('link', { name: 'catalog-api' }).click();
  await expect(page).toHaveURL(/\/c\/alpha\/deployments\/shop\/catalog-api$/);
  await expect(page.getByRole('heading', { name: 'catalog-api', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Containers' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Related objects' })).toContainText('ReplicaSets');
  await screenshot(page, 'deployment-detail');

  await page.getByRole('button', { name: 'Scale' }).click();
  const dialog = page.getByRole('dialog', { name: /Scale catalog-api/ });
  await dialog.getByLabel('Replicas').fill('4');
  await screenshot(page, 'scale-dialog');
  await dialog.getByRole('button', { name: 'Scale' }).click();
  await expect(page.getByText('Scaled catalog-api to 4 replicas')).toBeVisible();

  await nav(page, 'Deployments').click();
  const row = page.getByRole('table', { name: 'Deployments' }).getByRole('row', { name: /catalog-api/ });
  await expect(row).toContainText('/4');
  // From here on the list is live: it does not poll, so the ready count reaching 4/4 (as the
  // new pods start) can only arrive over the WebSocket.
  await expect(page.getByRole('status', { name: 'Live updates: Live' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const listRequests: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/v1\/deployments\?/.test(request.url())) listRequests.push(request.url());
  });
  await expect(row).toContainText('4/4', { timeout: 20_000 });
  expect(listRequests).toEqual([]);
  await screenshot(page, 'deployments-after-scale');
});

test('a viewer sees no scale, restart or delete, and no admin pages', async ({ page }) => {
  const viewer = await createUser('viewer');
  await login(page, viewer.username, viewer.password);
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
  await page.goto('/c/alpha/deployments/shop/catalog-api');
  await expect(page.getByRole('heading', { name: 'catalog-api', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Summary' })).toBeVisible();
  for (const action of ['Scale', 'Restart', 'Delete']) {
    await expect(page.getByRole('button', { name: action })).toHaveCount(0);
  }
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await screenshot(page, 'viewer-deployment-detail');
});

test('an operator on beta only may scale there', async ({ page }) => {
  const user = await createUser('viewer', { clusterRoles: { beta: 'operator' } });
  await login(page, user.username, user.password);
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
  await page.goto('/c/alpha/deployments/shop/catalog-api');
  await expect(page.getByRole('heading', { name: 'catalog-api', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Scale' })).toHaveCount(0);

  await page.getByRole('button', { name: /Cluster: Alpha/ }).click();
  await page.getByRole('menuitem', { name: /Beta/ }).click();
  await expect(page).toHaveURL(/\/c\/beta\/deployments$/);
  await expect(page.getByRole('status').filter({ hasText: 'No deployments' })).toBeVisible();
});
