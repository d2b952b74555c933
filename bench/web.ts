// The web app in headless Chromium (issue 4): the JavaScript each customer page downloads (gzipped, as
// the browser fetched it on a cold cache; "initial" is what arrives before the reader scrolls) and the time until the tracking page shows its ticket, on the
// benchmark's server. Screenshots of each page go to bench/results/screens/.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { ensureWebBuild } from '../src/web/build';
import { REPOSITORY_ROOT } from './infra';

const CHROMIUM = process.env.FIELDLINE_CHROMIUM ?? '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
const LOAD_RUNS = 7;
export const WEB_TARGETS = { customerInitialJsKb: 150, trackingInteractiveMs: 1000 };
const SCREENS = path.join(REPOSITORY_ROOT, 'bench', 'results', 'screens');

export interface WebBenchResult {
  /** Gzipped JavaScript per page (KB), cold cache, before the reader scrolls. */
  javascriptKb: Record<string, number>;
  /** The same once the reader has scrolled to the bottom of the page. */
  javascriptAfterScrollKb: Record<string, number>;
  /** Median and worst of LOAD_RUNS cold loads of the tracking page until the ticket number shows. */
  trackingInteractiveMs: { median: number; max: number };
  screenshots: string[];
  met: boolean;
}

interface PageJavascript {
  /** Gzipped KB downloaded before the reader scrolls: the route's initial JavaScript. */
  initialKb: number;
  /** Gzipped KB once the reader has scrolled to the bottom (maps load when they come near). */
  scrolledKb: number;
  /** The files of the initial download, e.g. "index 103.4". */
  initialFiles: string[];
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/**
 * Every JavaScript file the page fetches (by URL, so module preloads count too), on a cold cache at
 * the phone's viewport: first without scrolling until the network is idle, then after scrolling to
 * the bottom.
 */
async function javascriptKb(browser: Browser, url: string, ready: string): Promise<PageJavascript> {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (!pathname.endsWith('.js') || scripts.has(pathname)) return;
    scripts.set(
      pathname,
      response.body().then((body) => gzipSync(body).length),
    );
  });
  const total = async (files: string[]) =>
    (await Promise.all(files.map((file) => scripts.get(file) ?? 0))).reduce((sum, size) => sum + size, 0);
  await page.goto(url);
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  const initial = [...scripts.keys()];
  const initialKb = kb(await total(initial));
  const initialFiles = await Promise.all(
    initial.map(
      async (file) =>
        `${path.basename(file, '.js').replace(/-[\w-]{8}$/, '')} ${kb((await scripts.get(file)) ?? 0)}`,
    ),
  );
  await page.mouse.wheel(0, 100_000);
  await page.waitForTimeout(300);
  await page.waitForLoadState('networkidle');
  const scrolledKb = kb(await total([...scripts.keys()]));
  await context.close();
  return { initialKb, scrolledKb, initialFiles };
}

async function trackingLoadMs(browser: Browser, url: string, ticketNumber: string): Promise<number> {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByText(ticketNumber).first().waitFor();
  const elapsed = performance.now() - started;
  await context.close();
  return elapsed;
}

async function screenshot(browser: Browser, url: string, ready: string, name: string): Promise<string> {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  const file = path.join(SCREENS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await context.close();
  return path.relative(REPOSITORY_ROOT, file);
}

export async function runWebBench(opts: {
  baseUrl: string;
  tracking: { token: string; ticketNumber: string };
  log: (line: string) => void;
}): Promise<WebBenchResult> {
  const { baseUrl, tracking, log } = opts;
  if (!process.env.BENCH_WEB_DIR) await ensureWebBuild({ log });
  await mkdir(SCREENS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  try {
    const trackUrl = `${baseUrl}/customer/track/${tracking.token}`;
    const pages: Array<[name: string, url: string, ready: string]> = [
      ['portal-selector', `${baseUrl}/`, 'main h1'],
      ['customer-create', `${baseUrl}/customer/create`, 'main form, main input'],
      ['customer-track', trackUrl, `text=${tracking.ticketNumber}`],
      ['customer-login', `${baseUrl}/customer/login`, 'main input'],
      ['staff-login', `${baseUrl}/staff/login`, 'main input'],
    ];
    const javascript: Record<string, number> = {};
    const scrolled: Record<string, number> = {};
    const files: Record<string, string[]> = {};
    const screenshots: string[] = [];
    for (const [name, url, ready] of pages) {
      const measured = await javascriptKb(browser, url, ready);
      javascript[name] = measured.initialKb;
      scrolled[name] = measured.scrolledKb;
      files[name] = measured.initialFiles;
      screenshots.push(await screenshot(browser, url, ready, name));
    }
    const loads: number[] = [];
    for (let run = 0; run < LOAD_RUNS; run++) {
      loads.push(await trackingLoadMs(browser, trackUrl, tracking.ticketNumber));
    }
    loads.sort((a, b) => a - b);
    const trackingInteractiveMs = {
      median: Math.round(loads[Math.floor(loads.length / 2)] ?? 0),
      max: Math.round(loads.at(-1) ?? 0),
    };
    const customerInitial = Math.max(javascript['customer-create'] ?? 0, javascript['customer-track'] ?? 0);
    log(
      `  initial JavaScript (gzipped, cold cache, ${PHONE.width}×${PHONE.height} before scrolling): ${Object.entries(
        javascript,
      )
        .map(([name, size]) => `${name} ${size} KB`)
        .join(', ')}`,
    );
    log(
      `  after scrolling to the bottom: ${Object.entries(scrolled)
        .map(([name, size]) => `${name} ${size} KB`)
        .join(', ')}`,
    );
    for (const name of ['customer-create', 'customer-track']) {
      log(`  ${name} initial files (KB): ${(files[name] ?? []).join(', ')}`);
    }
    log(
      `  tracking page shows its ticket in ${trackingInteractiveMs.median} ms (median of ${LOAD_RUNS}, worst ${trackingInteractiveMs.max} ms)`,
    );
    log(`  screenshots: ${screenshots.join(', ')}`);
    return {
      javascriptKb: javascript,
      javascriptAfterScrollKb: scrolled,
      trackingInteractiveMs,
      screenshots,
      met:
        customerInitial <= WEB_TARGETS.customerInitialJsKb &&
        trackingInteractiveMs.median <= WEB_TARGETS.trackingInteractiveMs,
    };
  } finally {
    await browser.close();
  }
}
