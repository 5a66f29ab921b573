import { ADMIN, createUser, expect, login, screenshot, test, nav } from './fixtures';

test('wrong password shows the server message, right password signs in', async ({ page }) => {
  await login(page, ADMIN.username, 'not-the-password');
  await expect(page.getByRole('alert')).toContainText(/invalid|wrong|incorrect/i);
  await screenshot(page, 'login-wrong-password');

  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
  await expect(page.getByRole('heading', { name: 'Alpha' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Nodes: 3/ })).toBeVisible();
  await screenshot(page, 'overview-alpha');
});

test('a user created with must-change-password changes it first', async ({ page }) => {
  const user = await createUser('operator', { mustChange: true });
  await login(page, user.username, user.password);
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await screenshot(page, 'forced-password-change');

  const next = `${user.password}-new`;
  await page.getByLabel('Current password').fill(user.password);
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Repeat new password').fill(next);
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
  await expect(page.getByRole('button', { name: `Account menu for ${user.username}` })).toBeVisible();

  // The new password works from now on.
  await page.getByRole('button', { name: `Account menu for ${user.username}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await login(page, user.username, next);
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
});

test('an expired session returns to the login page, then back to where the user was', async ({ page }) => {
  const user = await createUser('viewer');
  await login(page, user.username, user.password);
  await expect(page).toHaveURL(/\/c\/alpha\/overview$/);
  await page.goto('/c/alpha/services');
  await expect(page.getByRole('table', { name: 'Services' })).toBeVisible();

  // The server forgets the session: both tokens stop working.
  await page.evaluate(() => {
    const key = 'kubedeck.session';
    const stored = JSON.parse(localStorage.getItem(key) ?? '{}');
    localStorage.setItem(key, JSON.stringify({ ...stored, accessToken: 'expired', refreshToken: 'revoked' }));
  });
  await nav(page, 'ConfigMaps').click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('Your session expired')).toBeVisible();
  await screenshot(page, 'session-expired');

  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/c\/alpha\/configmaps$/);
});
