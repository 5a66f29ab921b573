import { expect, kubectl, loginAsAdmin, screenshot, test, uniqueName } from './fixtures';

test('edit YAML, preview the diff, apply, and see the change', async ({ page }) => {
  const name = uniqueName('e2e-cm');
  kubectl('alpha', ['apply', '-f', '-'], `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: default
  labels:
    tier: old
data:
  key: value
`);
  await loginAsAdmin(page);
  await page.goto(`/c/alpha/configmaps/default/${name}?tab=yaml`);
  await expect(page.getByLabel('YAML', { exact: true })).toContainText('tier: old');
  await page.getByRole('button', { name: 'Edit' }).click();
  const line = page.locator('.cm-line', { hasText: 'tier: old' });
  await expect(line).toBeVisible();
  await line.getByText('old').dblclick();
  await page.keyboard.type('new');
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const changes = page.getByRole('region', { name: 'Changes' });
  await expect(changes).toContainText(`${name}: configured`);
  const diff = changes.getByLabel(`Diff of ${name}`);
  await expect(diff).toContainText(/-\s+tier: old/);
  await expect(diff).toContainText(/\+\s+tier: new/);
  await screenshot(page, 'yaml-diff-preview');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Applied: 1 object changed')).toBeVisible();
  await expect(page.getByLabel('YAML', { exact: true })).toContainText('tier: new');
  expect(kubectl('alpha', ['get', 'configmap', name, '-n', 'default', '-o', 'jsonpath={.metadata.labels.tier}'])).toBe('new');
  await screenshot(page, 'yaml-applied');
});
