// The cost dashboard against the real collector: the stack samples every 2 s
// (KUBEDECK_COST_SAMPLE_INTERVAL), alpha runs the demo scenario's over-provisioned deployments.
import { readFileSync } from 'node:fs';
import {
  adminToken, api, createUser, expect, kubectl, login, loginAsAdmin, nav, screenshot, test,
} from './fixtures';

interface Overview { samples: number }
interface Rec { id: string; kind: string; namespace: string | null; target_name: string; status: string; can_apply: boolean }

/** Waits (through the API) until `check` holds: the collector needs a few rounds first. */
async function waitForApi<T>(path: string, check: (body: T) => boolean, timeoutMs: number): Promise<T> {
  const token = await adminToken();
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const body = await api<T>('GET', path, token);
      if (check(body)) return body;
      last = body;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`${path}: not ready after ${timeoutMs} ms; last answer ${JSON.stringify(last)?.slice(0, 500)}`);
}

const OVERPROVISIONED = ['search', 'fraud-detector'];

test('the cost dashboard shows alpha\'s costs with charts', async ({ page }) => {
  await waitForApi<Overview>('/cost/overview?cluster_id=alpha&period=24h', (o) => o.samples > 0, 60_000);
  await loginAsAdmin(page);
  await nav(page, 'Cost').click();
  await expect(page).toHaveURL(/\/c\/alpha\/cost/);
  await expect(page.getByRole('heading', { name: 'Cost', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Total cost' })).toContainText('per month (730 h)');
  await expect(page.getByRole('region', { name: 'Top spenders' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Efficiency' })).toContainText('%');
  const table = page.getByRole('table', { name: 'Cost by namespace' });
  await expect(table.getByRole('button', { name: 'Workloads of shop' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Cost by namespace chart' }).locator('.recharts-bar-rectangle').first()).toBeVisible();
  await screenshot(page, 'cost-dashboard');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download cost by namespace as CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toContain('namespace');
  expect(csv).toContain('shop');

  await table.getByRole('button', { name: 'Workloads of shop' }).click();
  await expect(page.getByRole('table', { name: 'Workloads in shop' }).getByRole('row', { name: /search/ })).toBeVisible();
  // the pods below: their current rate, not a history
  await expect(page.getByRole('table', { name: 'Pods in shop' }).getByRole('row', { name: /storefront-/ }).first()).toBeVisible();
  await expect(page.getByText(/^Latest sample .*Shown is the current rate/)).toBeVisible();
  await screenshot(page, 'cost-workloads');

  await page.getByRole('tab', { name: 'Trends' }).click();
  await expect(page.getByRole('figure', { name: 'Cost over time chart' }).locator('.recharts-area').first()).toBeVisible();
  await screenshot(page, 'cost-trends');
  await page.getByRole('button', { name: 'Switch to dark mode' }).click();
  await expect(page.getByRole('figure', { name: 'Cost over time chart' }).locator('.recharts-area').first()).toBeVisible();
  await screenshot(page, 'cost-trends-dark');
});

test('cost by label: the team key by default, one row per team', async ({ page }) => {
  await waitForApi<{ keys: string[] }>('/cost/labels?cluster_id=alpha', (b) => b.keys.includes('team'), 60_000);
  await loginAsAdmin(page);
  await page.goto('/c/alpha/cost');
  await page.getByRole('tab', { name: 'By label' }).click();
  await expect(page.getByRole('combobox', { name: 'Label key' })).toHaveText('team');
  const table = page.getByRole('table', { name: 'Cost by team' });
  for (const team of ['storefront', 'payments', 'data', 'platform']) {
    await expect(table.getByRole('row', { name: new RegExp(`^${team} `) })).toBeVisible();
  }
  await expect(page.getByRole('figure', { name: 'Cost by team chart' }).locator('.recharts-bar-rectangle').first()).toBeVisible();
  await screenshot(page, 'cost-by-label');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download cost by team as CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toContain('name');
  expect(csv).toContain('storefront');
});

test('the fleet view sums every cluster', async ({ page }) => {
  await waitForApi<Overview>('/cost/overview?cluster_id=all&period=24h', (o) => o.samples > 0, 60_000);
  await loginAsAdmin(page);
  await page.goto('/c/alpha/cost');
  await page.getByRole('button', { name: 'All clusters' }).click();
  await expect(page).toHaveURL(/\/cost\/all/);
  const clusters = page.getByRole('table', { name: 'Cost by cluster' });
  await expect(clusters.getByRole('row', { name: /Alpha/ })).toBeVisible();
  await expect(clusters.getByRole('row', { name: /Beta/ })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Cost by namespace chart' }).locator('.recharts-bar-rectangle').first()).toBeVisible();
  await screenshot(page, 'cost-fleet');
});

test('a right-sizing recommendation is applied from the browser', async ({ page }) => {
  test.setTimeout(150_000);
  const list = await waitForApi<{ items: Rec[] }>('/cost/recommendations?cluster_id=alpha', (body) => body.items.some(
    (r) => r.kind === 'rightsize' && OVERPROVISIONED.includes(r.target_name) && r.status === 'open' && r.can_apply), 100_000);
  const rec = list.items.find((r) => r.kind === 'rightsize' && OVERPROVISIONED.includes(r.target_name) && r.can_apply)!;
  const before = kubectl('alpha', ['get', 'deployment', rec.target_name, '-n', rec.namespace ?? '',
    '-o', 'jsonpath={.spec.template.spec.containers[0].resources.requests}']);

  await loginAsAdmin(page);
  await page.goto('/c/alpha/cost?tab=recommendations');
  const card = page.getByRole('region', { name: new RegExp(`^Right-size: ${rec.namespace}/${rec.target_name}\\b`) }).first();
  await expect(card).toContainText('per month');
  await screenshot(page, 'cost-recommendations');
  await card.getByRole('button', { name: 'Apply' }).click();
  const dialog = page.getByRole('dialog', { name: `Apply right-sizing to ${rec.target_name}?` });
  await expect(dialog).toContainText('→');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(new RegExp(`^Applied: ${rec.namespace}/${rec.target_name}`))).toBeVisible();
  await expect(card.getByText('Applied', { exact: true })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'cost-recommendation-applied');

  const after = kubectl('alpha', ['get', 'deployment', rec.target_name, '-n', rec.namespace ?? '',
    '-o', 'jsonpath={.spec.template.spec.containers[0].resources.requests}']);
  expect(after).not.toEqual(before);
});

test('a viewer sees costs but no Apply and no Settings', async ({ page }) => {
  const viewer = await createUser('viewer');
  await login(page, viewer.username, viewer.password);
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
  await page.goto('/c/alpha/cost?tab=recommendations');
  await expect(page.getByRole('tab', { name: 'Recommendations' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Settings' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: /^Right-size: / }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  await screenshot(page, 'cost-viewer');
});

test('an admin changes prices: negatives are refused, a valid change is saved', async ({ page }) => {
  await loginAsAdmin(page);
  await page.goto('/c/alpha/cost?tab=settings');
  const form = page.getByRole('form', { name: 'Cost settings' });
  await expect(form.getByText('per core-hour')).toBeVisible();
  await form.getByLabel('Storage price', { exact: true }).fill('-0.1');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText('Must not be negative')).toBeVisible();
  await form.getByLabel('Storage price', { exact: true }).fill('0.08');
  await form.getByLabel('Spot discount', { exact: true }).fill('35');
  await screenshot(page, 'cost-settings');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Cost settings saved')).toBeVisible();
  const saved = await api<{ pricing: { storage_per_gb_month: number; spot_discount: number } }>(
    'GET', '/cost/settings?cluster_id=alpha', await adminToken());
  expect(saved.pricing).toMatchObject({ storage_per_gb_month: 0.08, spot_discount: 0.35 });
});
