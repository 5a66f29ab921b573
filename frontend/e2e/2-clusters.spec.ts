import { expect, kubectl, loginAsAdmin, screenshot, test, uniqueName, nav } from './fixtures';

test('switching cluster shows that cluster’s pods, and the URL can be shared', async ({ page }) => {
  const pod = uniqueName('hello');
  kubectl('beta', ['apply', '-f', '-'], `apiVersion: v1
kind: Pod
metadata: {name: ${pod}, namespace: default, labels: {app: hello}}
spec:
  containers: [{name: main, image: nginx:1.27}]
`);
  await loginAsAdmin(page);
  await nav(page, 'Pods').click();
  await expect(page).toHaveURL(/\/c\/alpha\/pods$/);
  await expect(page.getByRole('table', { name: 'Pods' })).toBeVisible();
  await expect(page.getByRole('link', { name: pod })).toHaveCount(0);

  await page.getByRole('button', { name: /Cluster: Alpha/ }).click();
  await expect(page.getByRole('menuitem', { name: /Beta/ })).toBeVisible();
  await screenshot(page, 'cluster-switcher-open');
  await page.getByRole('menuitem', { name: /Beta/ }).click();

  await expect(page).toHaveURL(/\/c\/beta\/pods$/);
  await expect(page.getByRole('button', { name: /Cluster: Beta/ })).toBeVisible();
  await expect(page.getByRole('link', { name: pod })).toBeVisible();
  await screenshot(page, 'beta-pods');

  // A shared link opens the same cluster and page.
  await page.goto('/c/alpha/deployments');
  await expect(page.getByRole('button', { name: /Cluster: Alpha/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'cart-api' })).toBeVisible();
});

test('the clusters page shows health, version and nodes', async ({ page }) => {
  await loginAsAdmin(page);
  await nav(page, 'Clusters').click();
  const table = page.getByRole('table', { name: 'Clusters' });
  await expect(table.getByRole('row', { name: /Alpha/ })).toContainText('healthy');
  await expect(table.getByRole('row', { name: /Alpha/ })).toContainText('v1.37');
  await expect(table.getByRole('row', { name: /Beta/ })).toContainText('healthy');
  await screenshot(page, 'clusters-page');

  await page.getByRole('button', { name: 'Switch to dark mode' }).click();
  await expect(page.getByRole('button', { name: 'Switch to light mode' })).toBeVisible();
  await nav(page, 'Deployments').click();
  await expect(page.getByRole('link', { name: 'cart-api' })).toBeVisible();
  await screenshot(page, 'dark-mode-deployments');
  await page.getByRole('button', { name: 'Switch to light mode' }).click();
});
