// Shared helpers: the stack's address, API shortcuts for setting up state, kubectl, screenshots.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test as base, type Page } from '@playwright/test';

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(here, 'screenshots');
export const KUBECTL = join(here, '..', '..', '.tools', 'bin', 'kubectl');
export const ADMIN = { username: 'admin', password: process.env.KUBEDECK_E2E_ADMIN_PASSWORD ?? '' };

export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.KUBEDECK_E2E_BASE_URL;
    if (!url) throw new Error('the e2e stack is not running (global setup did not start it)');
    await use(url);
  },
});
export { expect };

function baseURL(): string {
  return process.env.KUBEDECK_E2E_BASE_URL ?? '';
}

export async function api<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${baseURL()}/api/v1${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export async function adminToken(): Promise<string> {
  const tokens = await api<{ access_token: string }>('POST', '/auth/login', null, ADMIN);
  return tokens.access_token;
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export async function createUser(role: string, opts: { mustChange?: boolean; clusterRoles?: Record<string, string> } = {}) {
  const username = uniqueName(role);
  const password = `pw-${username}-Secret1`;
  await api('POST', '/users', await adminToken(), {
    username, password, role, display_name: '', cluster_roles: opts.clusterRoles ?? {},
    must_change_password: opts.mustChange ?? false,
  });
  return { username, password };
}

export function kubectl(cluster: 'alpha' | 'beta', args: string[], input?: string): string {
  const kubeconfig = cluster === 'alpha'
    ? process.env.KUBEDECK_E2E_KUBECONFIG_ALPHA : process.env.KUBEDECK_E2E_KUBECONFIG_BETA;
  return execFileSync(KUBECTL, ['--kubeconfig', kubeconfig ?? '', ...args], {
    input, encoding: 'utf8', timeout: 30_000,
  });
}

export async function login(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function loginAsAdmin(page: Page) {
  await login(page, ADMIN.username, ADMIN.password);
  await expect(page.getByRole('button', { name: /Account menu for admin/ })).toBeVisible();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** A link of the main navigation (the overview's cards have similar names). */
export function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}
