// Prints the JavaScript each route loads before it can render, gzipped, from the build's
// manifest (run `npm run build` first). Fails when the login page or the overview exceeds the
// budget (300 KB gzipped).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// `node scripts/bundle-size.mjs [dist-dir]`: another build directory (parallel work) may be named.
const dist = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const BUDGET_KB = 300;
const LAYOUT = 'src/components/common/Layout.tsx';
const ROUTES = {
  '/login': [],
  '/c/:cluster/overview': [LAYOUT, 'src/components/overview/OverviewPage.tsx'],
  '/c/:cluster/pods': [LAYOUT, 'src/components/resources/ResourceListPage.tsx'],
  '/c/:cluster/deployments/:ns/:name': [LAYOUT, 'src/components/resources/ResourceDetailPage.tsx'],
  '/clusters': [LAYOUT, 'src/components/clusters/ClustersPage.tsx'],
  '/fleet': [LAYOUT, 'src/components/overview/FleetPage.tsx'],
  '/admin/users': [LAYOUT, 'src/components/admin/UserManagement.tsx'],
  '/admin/audit': [LAYOUT, 'src/components/admin/AuditLog.tsx'],
};
const BUDGETED = new Set(['/login', '/c/:cluster/overview']);

const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
function collect(key, seen) {
  if (seen.has(key)) return;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the build manifest`);
  seen.add(key);
  for (const dep of chunk.imports ?? []) collect(dep, seen);
}
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

let failed = false;
console.log('route'.padEnd(38), 'chunks', 'raw KB'.padStart(8), 'gzip KB'.padStart(8));
for (const [route, pages] of Object.entries(ROUTES)) {
  const seen = new Set();
  collect(entry, seen);
  pages.forEach((page) => collect(page, seen));
  const files = [...seen].map((key) => manifest[key].file).filter((f) => f.endsWith('.js'));
  const raw = files.reduce((sum, f) => sum + readFileSync(join(dist, f)).length, 0) / 1024;
  const zipped = files.reduce((sum, f) => sum + gz(f), 0) / 1024;
  const over = BUDGETED.has(route) && zipped > BUDGET_KB;
  failed ||= over;
  console.log(route.padEnd(38), String(files.length).padStart(6), raw.toFixed(1).padStart(8),
    zipped.toFixed(1).padStart(8), over ? `  OVER the ${BUDGET_KB} KB budget` : '');
}
process.exit(failed ? 1 : 0);
