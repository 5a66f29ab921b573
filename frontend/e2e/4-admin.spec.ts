import { readFileSync } from 'node:fs';
import { adminToken, api, expect, login, loginAsAdmin, screenshot, test, uniqueName, nav } from './fixtures';

test('an admin creates a user who then signs in', async ({ page }) => {
  const username = uniqueName('dev');
  const password = `pw-${username}-Secret1`;
  await loginAsAdmin(page);
  await nav(page, 'Users').click();
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByLabel('Initial password').fill(password);
  await dialog.getByRole('combobox', { name: /^Role(?! on)/ }).click();
  await page.getByRole('option', { name: 'developer' }).click();
  await dialog.getByRole('combobox', { name: /^Role on Beta/ }).click();
  await page.getByRole('option', { name: 'viewer' }).click();
  await dialog.getByLabel('Must change password at next sign-in').uncheck();
  await screenshot(page, 'admin-new-user');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`Created user ${username}`)).toBeVisible();
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(username) });
  await expect(row).toContainText('developer');
  await expect(row).toContainText('beta: viewer');
  await screenshot(page, 'admin-users');

  await page.getByRole('button', { name: /Account menu for admin/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await login(page, username, password);
  await expect(page.getByRole('button', { name: `Account menu for ${username}` })).toBeVisible();
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
});

test('the audit page shows the actions just taken and a verified chain', async ({ page }) => {
  // An action of its own, so that this test does not depend on the others having run.
  await api('POST', '/namespaces/shop/deployments/cart-api/scale?cluster_id=alpha', await adminToken(), { replicas: 2 });
  await loginAsAdmin(page);
  await nav(page, 'Audit log').click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByText(/Chain intact/)).toBeVisible();
  const table = page.getByRole('table', { name: 'Audit entries' });
  await expect(table).toContainText('auth.login');
  await expect(table).toContainText('cart-api');
  await screenshot(page, 'audit-log');
  await page.getByLabel('Action').fill('auth.login');
  await expect(table).not.toContainText('cart-api');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/kubedeck-audit-.*\.csv/);
});

test('an admin adds a cluster from a kubeconfig, renames it and removes it', async ({ page }) => {
  const kubeconfig = readFileSync(process.env.KUBEDECK_E2E_KUBECONFIG_BETA ?? '', 'utf8');
  await loginAsAdmin(page);
  await nav(page, 'Clusters').click();
  await page.getByRole('button', { name: 'Add cluster' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a cluster' });
  await dialog.getByLabel('Name').fill('Gamma');
  await dialog.getByLabel('ID (optional)').fill('gamma');
  await dialog.getByLabel('Kubeconfig', { exact: true }).fill(kubeconfig);
  await expect(dialog.getByRole('combobox', { name: /^Context/ })).toBeVisible();
  await screenshot(page, 'add-cluster');
  await dialog.getByRole('button', { name: 'Add cluster' }).click();
  const table = page.getByRole('table', { name: 'Clusters' });
  await expect(table.getByRole('row', { name: /Gamma/ })).toContainText('healthy');

  await table.getByRole('button', { name: 'Rename Gamma' }).click();
  await page.getByLabel('New name').fill('Gamma prime');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(table.getByRole('row', { name: /Gamma prime/ })).toBeVisible();

  await table.getByRole('button', { name: 'Remove Gamma prime' }).click();
  await page.getByLabel('Type gamma to confirm').fill('gamma');
  await page.getByRole('button', { name: 'Remove' }).click();
  await expect(table.getByRole('row', { name: /Gamma/ })).toHaveCount(0);
});
