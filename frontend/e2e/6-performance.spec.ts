// Scrolling a 10,000-row pod table stays smooth. The rows come from a stub of the list API
// (routed in the browser), so this measures the table, not the cluster.
//
// Frames are counted from a Chromium performance trace (Playwright's browser.startTracing):
// main-thread frames (BeginMainThreadFrame) while the page scrolls 120 px a frame. Headless
// Chromium rasterises in software here, on a 2-core machine shared with other work, so the
// absolute rate says more about the machine than the table: each run also scrolls static HTML
// the same way, alternating with the table, and the test compares the two.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, Locator } from '@playwright/test';
import { expect, loginAsAdmin, screenshot, test } from './fixtures';

const TOTAL = 10_000;
const SECONDS = 4;
const ROUNDS = 2;
/**
 * The table must keep this share of the frame rate static HTML gets (or reach 50 fps). Seen on
 * the shared 2-core box (load 6-9): 0.79-0.87 for this table; 0.74-0.78 for the earlier one
 * (a router Link and a wrapper span per cell, rows keyed by object, so mounted every frame).
 */
const MIN_RATIO = 0.7;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];

interface Stats {
  fps: number;
  p95: number;
  frames: number;
  /** main-thread work per frame (ms): what the page costs, less sensitive to load than fps */
  busy: number;
  rafFps: number;
}

/** Scrolls `element` by 120 px a frame for SECONDS; the rAF count as a cross-check. */
async function scroll(element: HTMLElement | SVGElement, seconds: number) {
  let frames = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    const step = (now: number) => {
      frames += 1;
      element.scrollTop += 120; // about 3 rows a frame: a brisk wheel scroll
      if (now - start < seconds * 1000) requestAnimationFrame(step);
      else done();
    };
    requestAnimationFrame(step);
  });
  return { rafFps: (frames / (performance.now() - start)) * 1000, scrolled: element.scrollTop };
}

interface TraceEvent { name: string; ts: number; dur?: number; ph: string; pid: number; tid: number }

/** Main-thread frames per second, the p95 gap between them and the work per frame, from a trace. */
function framesFrom(trace: Buffer): Omit<Stats, 'rafFps'> {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const frames = events.filter((e) => e.name === 'BeginMainThreadFrame');
  const times = frames.map((e) => e.ts).sort((a, b) => a - b);
  if (times.length < 2) return { fps: 0, p95: Infinity, frames: times.length, busy: 0 };
  const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1000).sort((a, b) => a - b);
  const seconds = (times[times.length - 1]! - times[0]!) / 1e6;
  // The renderer's main thread: where the frames begin. Its busy time is the sum of its
  // top-level slices (nested ones are inside them).
  const main = frames[0]!;
  const slices = events.filter((e) => e.ph === 'X' && e.dur !== undefined && e.pid === main.pid && e.tid === main.tid
    && e.ts >= times[0]! && e.ts <= times[times.length - 1]!).sort((a, b) => a.ts - b.ts);
  let busy = 0;
  let end = 0;
  for (const slice of slices) {
    const stop = slice.ts + (slice.dur ?? 0);
    if (slice.ts >= end) busy += slice.dur ?? 0;
    else if (stop > end) busy += stop - end;
    end = Math.max(end, stop);
  }
  return {
    fps: (times.length - 1) / seconds, p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0, frames: times.length,
    busy: busy / 1000 / (times.length - 1),
  };
}

async function measure(browser: Browser, target: Locator, savePath?: string): Promise<Stats> {
  await target.evaluate((el) => { el.scrollTop = 0; });
  await browser.startTracing(target.page(), { categories: TRACE_CATEGORIES });
  const { rafFps } = await target.evaluate(scroll, SECONDS);
  const trace = await browser.stopTracing();
  if (savePath) {
    mkdirSync(dirname(savePath), { recursive: true });
    writeFileSync(savePath, trace); // open in chrome://tracing or Perfetto
  }
  return { ...framesFrom(trace), rafFps };
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

const show = (s: Stats) => `${s.fps.toFixed(1)} fps (p95 frame ${s.p95.toFixed(1)} ms, main thread ` +
  `${s.busy.toFixed(1)} ms/frame; rAF ${s.rafFps.toFixed(1)} fps)`;

test('scrolling 10,000 pods stays smooth', async ({ page, browser }) => {
  test.setTimeout(120_000);
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

  const reference = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await reference.setContent(staticRows());
  // Alternate static and table rounds so a burst of load elsewhere hits both; keep each best.
  const baselines: Stats[] = [];
  const runs: Stats[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    baselines.push(await measure(browser, reference.locator('#s'), round === ROUNDS - 1 ? test.info().outputPath('static-trace.json') : undefined));
    await page.bringToFront();
    runs.push(await measure(browser, table, round === ROUNDS - 1 ? test.info().outputPath('table-trace.json') : undefined));
    await reference.bringToFront();
  }
  await reference.close();
  const best = (all: Stats[]) => all.reduce((a, b) => (b.fps > a.fps ? b : a));
  const baseline = best(baselines);
  const stats = best(runs);
  console.log(`10,000-row table: ${show(stats)}; static HTML on this machine now: ${show(baseline)}; ` +
    `ratio ${(stats.fps / baseline.fps).toFixed(2)} (rounds: table ${runs.map((r) => r.fps.toFixed(1)).join('/')}, ` +
    `static ${baselines.map((r) => r.fps.toFixed(1)).join('/')})`);

  await expect(table.getByRole('row').nth(5)).not.toHaveAttribute('aria-busy', 'true');
  await screenshot(page, 'pods-10000-scrolled');
  expect(stats.frames).toBeGreaterThan(SECONDS * 5); // the trace saw the scroll at all
  expect(stats.fps).toBeGreaterThanOrEqual(Math.min(50, baseline.fps * MIN_RATIO));
});
