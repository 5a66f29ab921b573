// Helm from the browser against the real stack: the sample chart repository (served by the
// stack, see stack.mjs) added as admin, the install wizard end to end, an upgrade with its
// diff, and a rollback from the history view. The tests build on each other: run in order.
import type { Page } from '@playwright/test';
import { expect, kubectl, loginAsAdmin, nav, screenshot, test, uniqueName } from './fixtures';

const REPO = uniqueName('samples');
const RELEASE = uniqueName('hello');
const NAMESPACE = uniqueName('helm-e2e');
const CHART = `${REPO}/hello`;

test.describe.configure({ mode: 'serial' });

async function pickVersion(page: Page, scope: ReturnType<Page['getByRole']> | Page, version: string) {
  await scope.getByRole('combobox', { name: 'Version' }).click();
  await page.getByRole('option', { name: new RegExp(`^${version.replace(/\./g, '\\.')} `) }).click();
}

async function openRelease(page: Page) {
  await loginAsAdmin(page);
  await page.goto(`/c/alpha/helm/releases/${NAMESPACE}/${RELEASE}`);
  await expect(page.getByRole('heading', { name: RELEASE })).toBeVisible();
}

test('an admin adds the sample chart repository', async ({ page }) => {
  const url = process.env.KUBEDECK_E2E_CHART_REPO;
  expect(url, 'the stack serves the sample chart repository').toBeTruthy();
  await loginAsAdmin(page);
  await nav(page, 'Helm').click();
  await page.getByRole('tab', { name: 'Repositories' }).click();
  await page.getByRole('button', { name: 'Add repository' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a chart repository' });
  await dialog.getByRole('textbox', { name: 'Repository name' }).fill(REPO);
  await dialog.getByRole('textbox', { name: 'URL' }).fill(url ?? '');
  await dialog.getByRole('button', { name: 'Add repository' }).click();
  await expect(page.getByText(`Added repository ${REPO}`)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Chart repositories' }).getByRole('row', { name: new RegExp(REPO) })).toBeVisible();
  await page.getByRole('tab', { name: 'Charts' }).click();
  await page.getByRole('textbox', { name: 'Search charts' }).fill('hello');
  await page.getByRole('list', { name: 'Charts' }).getByText(`${CHART} 0.2.0`).click();
  await expect(page.getByLabel('README')).toContainText('hello');
  await screenshot(page, 'helm-chart-browser');
});

test('the install wizard installs hello 0.1.0 with a changed value', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/c/alpha/helm/releases');
  await page.getByRole('button', { name: 'Install chart' }).click();
  await page.getByRole('combobox', { name: 'Chart' }).fill(CHART);
  await page.keyboard.press('Escape');
  await pickVersion(page, page, '0.1.0');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('textbox', { name: 'greeting *' }).fill('Bonjour from e2e');
  await expect(page.locator('.cm-content')).toContainText('greeting: "Bonjour from e2e"');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('textbox', { name: 'Release name' }).fill(RELEASE);
  await page.getByRole('textbox', { name: 'Namespace', exact: true }).fill(NAMESPACE);
  await page.getByRole('checkbox', { name: 'Create the namespace if missing' }).check();
  await expect(page.getByLabel('Values to apply')).toContainText('Bonjour from e2e');
  // The review renders the chart with these values (a server dry run, nothing applied).
  await expect(page.getByLabel('Rendered manifest')).toContainText('Bonjour from e2e', { timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Resources to create' })).toContainText(`Deployment ${RELEASE}`);
  await screenshot(page, 'helm-install-review');
  await page.getByRole('button', { name: 'Deploy' }).click();

  await expect(page.getByLabel('Release notes')).toContainText('Bonjour from e2e', { timeout: 30_000 });
  await screenshot(page, 'helm-install-done');
  await page.getByRole('link', { name: 'Open release' }).click();
  await expect(page.getByRole('heading', { name: RELEASE })).toBeVisible();
  await expect(page.getByLabel('Release chart')).toContainText('hello-0.1.0');
  await expect(page.getByText('deployed', { exact: true })).toBeVisible();
  const greeting = kubectl('alpha', ['get', 'configmap', '-n', NAMESPACE, '-o', 'jsonpath={.items[*].data}']);
  expect(greeting).toContain('Bonjour from e2e');
});

test('an upgrade to hello 0.2.0 shows its diff first', async ({ page }) => {
  await openRelease(page);
  await page.getByRole('button', { name: 'Upgrade' }).click();
  const dialog = page.getByRole('dialog', { name: `Upgrade ${RELEASE}` });
  // The chart is guessed from the release's chart name; say which one anyway (another repository
  // may have a hello chart). Escape would close the dialog: click its title to close the options.
  await dialog.getByRole('combobox', { name: 'Chart' }).fill(CHART);
  await dialog.getByRole('heading', { name: `Upgrade ${RELEASE}` }).click();
  await pickVersion(page, dialog, '0.2.0');
  await expect(dialog.getByRole('radio', { name: /^Reset then reuse/ })).toBeChecked();
  await expect(dialog.getByRole('button', { name: 'Upgrade' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Preview changes' }).click();
  const diff = dialog.getByRole('region', { name: 'Diff current → proposed' });
  await expect(diff.getByLabel('Manifest diff')).toContainText('0.2.0');
  await diff.scrollIntoViewIfNeeded();
  await screenshot(page, 'helm-upgrade-diff');
  await dialog.getByRole('button', { name: 'Upgrade' }).click();
  await expect(page.getByRole('region', { name: 'Operation progress' })).toContainText('succeeded', { timeout: 30_000 });
  await expect(page.getByLabel('Release chart')).toContainText('hello-0.2.0 (app 1.1.0) · revision 2');
});

test('a rollback from the history view brings back revision 1', async ({ page }) => {
  await openRelease(page);
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Diff revision 2 with previous' }).click();
  await expect(page.getByLabel('Manifest diff')).toContainText('0.2.0');
  await page.getByRole('button', { name: 'Roll back to revision 1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
  await expect(page.getByRole('region', { name: 'Operation progress' })).toContainText('succeeded', { timeout: 30_000 });
  await expect(page.getByLabel('Release chart')).toContainText('hello-0.1.0 (app 1.0.0) · revision 3');
  await expect(page.getByRole('table', { name: 'Revisions' })).toContainText('hello-0.1.0');
  await screenshot(page, 'helm-rollback');
});
