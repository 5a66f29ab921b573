// Starts the stack once for all tests; the returned function stops it.
import type { FullConfig } from '@playwright/test';
// @ts-expect-error: a plain ES module shared with `node e2e/stack.mjs`
import { startStack, stopStack } from './stack.mjs';

export default async function globalSetup(_config: FullConfig) {
  const stack = await startStack();
  process.env.KUBEDECK_E2E_BASE_URL = stack.baseURL;
  process.env.KUBEDECK_E2E_ADMIN_PASSWORD = stack.adminPassword;
  process.env.KUBEDECK_E2E_KUBECONFIG_ALPHA = stack.kubeconfigs.alpha;
  process.env.KUBEDECK_E2E_KUBECONFIG_BETA = stack.kubeconfigs.beta;
  process.env.KUBEDECK_E2E_DIR = stack.dir;
  process.env.KUBEDECK_E2E_CHART_REPO = stack.chartRepoURL;
  return async () => {
    await stopStack(stack, { keep: process.env.KUBEDECK_E2E_KEEP === '1' });
  };
}
