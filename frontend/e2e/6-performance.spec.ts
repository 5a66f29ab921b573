// Scrolling a 10,000-row pod table stays smooth. The rows come from a stub of the list API
// (routed in the browser), so this measures the table, not the cluster.
import { expect, loginAsAdmin, screenshot, test } from './fixtures';

const TOTAL = 10_000;

/** Scrolls `element` by 120 px a frame for 4 s; frames per second, p95 frame time, distance. */
async function measure(element: HTMLElement | SVGElement) {
  const frames: number[] = [];
  const start = performance.now();
  await new Promise<void>((done) => {
    let last = start;
    const step = (now: number) => {
      frames.push(now - last);
      last = now;
      element.scrollTop += 120; // about 3 rows a frame: a brisk wheel scroll
      if (now - start < 4_000) requestAnimationFrame(step);
      else done();
    };
    requestAnimationFrame(step);
  });
  const elapsed = performance.now() - start;
  const sorted = [...frames].sort((a, b) => a - b);
  return { fps: (frames.length / elapsed) * 1000, p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, scrolled: element.scrollTop };
}

/** The same scroll over 2,000 static rows of plain HTML: what this machine manages right now. */
function staticRows() {
  const rows = Array.from({ length: 2000 }, (_, i) => `<div style="height:40px;display:grid;grid-template-columns:3fr repeat(9, 1fr);border-bottom:1px solid #ddd;font:13px sans-serif;align-items:center"><a href="#">load-${i}-7d9f8c6b5</a><span>team-${i % 40}</span><span>Running</span><span>1/1</span><span>${i % 13}</span><span>node-${i % 20}</span><span>10.0.0.${i % 255}</span><span>100m</span><span>128Mi</span><span>1d</span></div>`).join('');
  return `<div id="s" style="height:780px;overflow:auto">${rows}</div>`;
}

function row(i: number) {
  const name = `load-${String(i).padStart(5, '0')}-7d9f8c6b5-x${(i * 7919).toString(36)}`;
  return {
    name, namespace: `team-${i % 40}`, uid: `uid-${i}`, created: '2026-01-01T00:00:00Z', age_seconds: 86_400 + i,
    labels: { app: `load-${i % 100}` }, status: i % 97 === 0 ? 'CrashLoopBackOff' : i % 31 === 0 ? 'Pending' : 'Running',
    phase: 'Running', ready: '1/1', ready_containers: 1, total_containers: 1, restarts: i % 13, node: `node-${i % 20}`,
    pod_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, images: ['registry.example/app:1.0'],
    cpu_requests_millicores: 100 + (i % 5) * 50, memory_requests_bytes: (128 + (i % 4) * 64) * 1024 * 1024,
  };
}

test('scrolling 10,000 pods stays smooth', async ({ page, browser }) => {
  const reference = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await reference.setContent(staticRows());
  const baseline = await reference.locator('#s').evaluate(measure);
  await reference.close();

  await page.route(/\/api\/v1\/pods\?/, async (route) => {
    const url = new URL(route.request().url());
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const items = [];
    for (let i = offset; i < Math.min(TOTAL, offset + limit); i += 1) items.push(row(i));
    await route.fulfill({ json: { items, total: TOTAL, limit, offset } });
  });
  await loginAsAdmin(page);
  await page.goto('/c/alpha/pods');
  const table = page.getByRole('table', { name: 'Pods' });
  await expect(table).toHaveAttribute('aria-rowcount', String(TOTAL + 1));
  await expect(table.getByRole('link', { name: /^load-00000-/ })).toBeVisible();

  const stats = await table.evaluate(measure);
  console.log(`10,000-row table: ${stats.fps.toFixed(1)} fps (p95 frame ${stats.p95.toFixed(1)} ms); ` +
    `static HTML on this machine now: ${baseline.fps.toFixed(1)} fps (p95 ${baseline.p95.toFixed(1)} ms)`);
  await expect(table.getByRole('row').nth(5)).not.toHaveAttribute('aria-busy', 'true');
  await screenshot(page, 'pods-10000-scrolled');
  // Headless Chromium here rasterises in software on a shared 2-core machine, so the absolute
  // frame rate says more about the machine than the table: compare with static HTML scrolled
  // the same way in the same run (and with 50 fps where the machine itself reaches it).
  expect(stats.fps).toBeGreaterThanOrEqual(Math.min(50, baseline.fps * 0.5));
});
