// Starts the real thing for the e2e tests: two kubesim clusters (alpha: the demo scenario,
// beta: empty) and the kubedeck backend serving the built web app from frontend/dist.
//
//   node e2e/stack.mjs      run the stack in the foreground (for trying the UI by hand)
//
// Playwright's global setup imports startStack()/stopStack(). Everything lives in a fresh temp
// directory; every process is ours and is stopped (SIGTERM, then SIGKILL) at the end.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FRONTEND = resolve(here, '..');
export const REPO = resolve(FRONTEND, '..');
export const BACKEND = join(REPO, 'backend');
export const PYTHON = join(BACKEND, '.venv', 'bin', 'python');
export const KUBECTL = join(REPO, '.tools', 'bin', 'kubectl');
export const ADMIN_PASSWORD = 'e2e-Admin-Passw0rd!';
// Where the built app is (KUBEDECK_E2E_DIST lets parallel work build into its own directory).
export const DIST = process.env.KUBEDECK_E2E_DIST ?? join(FRONTEND, 'dist');

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The sample Helm chart repository (samples/charts/repo: chart hello 0.1.0 and 0.2.0), served
// read-only on a loopback port for the Helm tests (kubedeck itself only serves it in `make run`).
export const CHART_REPO = join(REPO, 'samples', 'charts', 'repo');

function serveChartRepo() {
  const server = createHttpServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    if (!/^\w[\w.-]*\.(yaml|tgz)$/.test(name) || !existsSync(join(CHART_REPO, name))) {
      res.writeHead(404).end('not found');
      return;
    }
    const type = name.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip';
    res.writeHead(200, { 'Content-Type': type }).end(readFileSync(join(CHART_REPO, name)));
  });
  return new Promise((resolveServer, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolveServer({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    });
  });
}

async function waitFor(what, check, timeoutMs, proc, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      throw new Error(`${what}: the process exited (${proc.exitCode}). Log:\n${tail(logFile)}`);
    }
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms. Log:\n${tail(logFile)}`);
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

function start(name, args, env, dir) {
  const logFile = join(dir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const proc = spawn(PYTHON, args, {
    cwd: BACKEND, env: { ...process.env, ...env }, stdio: ['ignore', out, out], detached: false,
  });
  return { name, proc, logFile };
}

async function startKubesim(name, scenario, dir) {
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  const sim = start(`kubesim-${name}`, ['-m', 'kubesim.cli', 'serve', '--port', '0', '--name', name,
    '--scenario', scenario, '--kubeconfig-out', kubeconfig], {}, dir);
  await waitFor(`kubesim ${name}`, async () => existsSync(kubeconfig) &&
    readFileSync(kubeconfig, 'utf8').includes('server:'), 30_000, sim.proc, sim.logFile);
  return { ...sim, kubeconfig };
}

export async function startStack() {
  for (const path of [PYTHON, join(DIST, 'index.html')]) {
    if (!existsSync(path)) {
      throw new Error(`${path} is missing: run \`make install\` and \`npm run build\` first`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-e2e-'));
  const processes = [];
  let charts = null;
  try {
    charts = await serveChartRepo();
    const [alpha, beta] = await Promise.all([
      startKubesim('alpha', 'demo', dir), startKubesim('beta', 'empty', dir),
    ]);
    processes.push(alpha, beta);
    const config = join(dir, 'kubedeck.yaml');
    writeFileSync(config, [
      'clusters:',
      `  - {id: alpha, name: Alpha, kubeconfig_path: "${alpha.kubeconfig}", is_default: true}`,
      `  - {id: beta, name: Beta, kubeconfig_path: "${beta.kubeconfig}"}`,
      '',
    ].join('\n'));
    const port = await freePort();
    const backend = start('kubedeck', ['-m', 'app.cli', 'serve'], {
      KUBEDECK_CONFIG_FILE: config,
      KUBEDECK_DATA_DIR: join(dir, 'data'),
      KUBEDECK_PORT: String(port),
      KUBEDECK_HOST: '127.0.0.1',
      KUBEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      KUBEDECK_FRONTEND_DIST: DIST,
      KUBEDECK_TOOLS_BIN: join(REPO, '.tools', 'bin'),
      KUBEDECK_HEALTH_INTERVAL_SECONDS: '3',
      KUBEDECK_COST_SAMPLE_INTERVAL: '2',
    }, dir);
    processes.push(backend);
    const baseURL = `http://127.0.0.1:${port}`;
    await waitFor('kubedeck', async () => {
      try {
        return (await fetch(`${baseURL}/readyz`)).ok;
      } catch {
        return false;
      }
    }, 60_000, backend.proc, backend.logFile);
    const state = {
      dir, baseURL, adminPassword: ADMIN_PASSWORD,
      kubeconfigs: { alpha: alpha.kubeconfig, beta: beta.kubeconfig },
      chartRepoURL: charts.url,
      pids: processes.map((p) => p.proc.pid),
    };
    writeFileSync(join(dir, 'stack.json'), JSON.stringify(state, null, 2));
    return { ...state, processes, charts };
  } catch (error) {
    charts?.close();
    await stopProcesses(processes);
    throw error;
  }
}

async function stopProcesses(processes) {
  for (const { proc } of processes) if (proc.exitCode === null) proc.kill('SIGTERM');
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && processes.some(({ proc }) => proc.exitCode === null)) await sleep(100);
  for (const { proc } of processes) if (proc.exitCode === null) proc.kill('SIGKILL');
}

export async function stopStack(stack, { keep = false } = {}) {
  stack.charts?.close();
  await stopProcesses(stack.processes);
  if (!keep) rmSync(stack.dir, { recursive: true, force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const stack = await startStack();
  console.log(`kubedeck: ${stack.baseURL}  (admin / ${stack.adminPassword})`);
  console.log(`kubeconfigs: ${JSON.stringify(stack.kubeconfigs)}\nlogs: ${stack.dir}`);
  const stop = async () => {
    await stopStack(stack, { keep: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
}
