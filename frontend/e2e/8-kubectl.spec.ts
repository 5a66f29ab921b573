import { expect, loginAsAdmin, nav, screenshot, test } from './fixtures';

test('the kubectl console runs commands and shows refusals', async ({ page }) => {
  await loginAsAdmin(page);
  await nav(page, 'kubectl').click();
  await expect(page).toHaveURL(/\/c\/alpha\/kubectl$/);
  const input = page.getByLabel('kubectl arguments');
  await input.fill('get pods -A');
  await input.press('Enter');
  const output = page.getByRole('region', { name: 'Output' });
  await expect(output.getByLabel('stdout')).toContainText('NAMESPACE', { timeout: 20_000 });
  await expect(output.getByLabel('stdout')).toContainText('shop');
  await expect(output).toContainText('Exit code 0');
  await screenshot(page, 'kubectl-get-pods');

  await input.fill('get pods --kubeconfig=/etc/passwd');
  await input.press('Enter');
  await expect(page.getByRole('alert')).toContainText(/kubeconfig/);
  await screenshot(page, 'kubectl-refused');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('get pods --kubeconfig=/etc/passwd');
});
