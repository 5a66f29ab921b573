import { createUser, expect, login, loginAsAdmin, screenshot, test } from './fixtures';

async function openFirstPod(page: import('@playwright/test').Page, search: string) {
  await page.goto(`/c/alpha/pods?q=${search}`);
  const table = page.getByRole('table', { name: 'Pods' });
  const first = table.getByRole('link', { name: new RegExp(`^${search}-`) }).first();
  await expect(first).toBeVisible();
  // A pod that is running (a scaled-up replica may still be starting).
  await table.getByRole('row', { name: /Running/ }).getByRole('link', { name: new RegExp(`^${search}-`) }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(search);
}

test('tail the logs of a pod, follow them, and search', async ({ page }) => {
  await loginAsAdmin(page);
  await openFirstPod(page, 'catalog-api');
  await page.getByRole('tab', { name: 'Logs' }).click();
  const log = page.getByRole('log', { name: 'Log output' });
  await expect(log).toContainText('request_id');
  await expect(page.getByRole('status').filter({ hasText: 'lines' })).toContainText('Following');
  await page.getByLabel('Search logs').fill('level');
  await expect(log).toContainText('"level"');
  await screenshot(page, 'pod-logs');

  // The whole deployment, merged: lines say which pod they come from.
  await page.goto('/c/alpha/deployments/shop/catalog-api?tab=logs');
  await expect(page.getByRole('log', { name: 'Log output' })).toContainText('[catalog-api-');
});

test('run a command in the terminal', async ({ page }) => {
  await loginAsAdmin(page);
  await openFirstPod(page, 'cart-api');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  const terminal = page.getByRole('application', { name: /Terminal in cart-api/ });
  await terminal.click();
  await page.keyboard.type('echo hello-from-kubedeck');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('hello-from-kubedeck', { timeout: 15_000 });
  await screenshot(page, 'pod-terminal');
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Reconnect' })).toBeVisible();
});

test('a viewer has neither logs nor a terminal', async ({ page }) => {
  const viewer = await createUser('viewer');
  await login(page, viewer.username, viewer.password);
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
  await openFirstPod(page, 'catalog-api');
  await expect(page.getByRole('tab', { name: 'YAML' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Logs' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveCount(0);
});
