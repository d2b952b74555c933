// Browser tests: the real server (a fresh database per test file) serving the built web app on a
// free port, and Debian's Chromium driven by playwright-core. Nothing here downloads a browser.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { buildTestApp, type TestApp } from '../../src/server/test/helper';
import { ensureWebBuild, WEB_DIST } from '../../src/web/build';

export const CHROMIUM_PATH = process.env.FIELDLINE_CHROMIUM ?? '/usr/bin/chromium';

export const PHONE = { width: 390, height: 844 };
export const NARROW = { width: 320, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

export interface BrowserApp {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /**
   * A page in a fresh context (its own storage), kept for the current test: console errors and failed
   * scripts are recorded, and finishTest closes it and reports them.
   */
  openPage(options?: OpenPageOptions): Promise<Page>;
  /** Closes the pages openPage gave since the last call and returns the problems they recorded. */
  finishTest(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * `locale` is the app's language (what its language switch stores), not the browser's locale
 * setting, which openPage leaves at Chromium's default.
 */
export type OpenPageOptions = Omit<BrowserContextOptions, 'locale'> & {
  locale?: 'ar' | 'en';
  /** For every wait and action; the 10 s default fails a missing text well inside the test's own timeout. */
  timeoutMs?: number;
};

interface TestPage {
  page: Page;
  /** Console errors, uncaught exceptions and CSP refusals seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** Map tiles from a port where nothing listens: the pickers must work without tiles (and offline CI). */
export const UNREACHABLE_TILES = 'http://127.0.0.1:9/{z}/{x}/{y}.png';
const TILE_ORIGIN = 'http://127.0.0.1:9/';

export async function startBrowserApp(opts: { env?: Record<string, string> } = {}): Promise<BrowserApp> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set FIELDLINE_CHROMIUM)`,
    );
  }
  await ensureWebBuild();
  const t = await buildTestApp({
    env: { FIELDLINE_WEB_DIR: WEB_DIST, FIELDLINE_MAP_TILE_URL: UNREACHABLE_TILES, ...opts.env },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Tests run as root in CI containers, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const contexts = new Set<TestPage>();
  let openedByTest: TestPage[] = [];

  async function newPage(options: BrowserContextOptions = {}): Promise<TestPage> {
    const context = await browser.newContext({ viewport: PHONE, baseURL: baseUrl, ...options });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // The browser logs every 4xx answer; an API refusal is what some tests ask for. Map tiles
      // fail on purpose (UNREACHABLE_TILES).
      const source = message.location().url;
      const apiRefusal = /\/api\//.test(source) && /status of 4\d\d/.test(message.text());
      if (!apiRefusal && !source.startsWith(TILE_ORIGIN)) problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && !url.pathname.startsWith('/api/')) {
        problems.push(`response: ${response.status()} ${url.pathname}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    const testPage: TestPage = {
      page,
      problems,
      async close() {
        contexts.delete(testPage);
        await context.close();
      },
    };
    contexts.add(testPage);
    return testPage;
  }

  return {
    t,
    baseUrl,
    browser,
    async openPage({ locale, timeoutMs = 10_000, ...contextOptions } = {}) {
      const testPage = await newPage(contextOptions);
      openedByTest.push(testPage);
      const { page } = testPage;
      page.setDefaultTimeout(timeoutMs);
      if (locale) {
        await page.addInitScript((value) => localStorage.setItem('fieldline.locale', value), locale);
      }
      return page;
    },
    async finishTest() {
      const pages = openedByTest;
      openedByTest = [];
      const problems = pages.flatMap((testPage) => testPage.problems);
      for (const testPage of pages) await testPage.close();
      return problems;
    },
    async close() {
      for (const open of [...contexts]) await open.close();
      await browser.close();
      await t.close();
    },
  };
}

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page (WCAG 2.1 A/AA and best practices) and returns its violations, compacted
 * so a failing assertion names the rule and the elements. The script is evaluated over the DevTools
 * protocol, so the app's Content-Security-Policy stays in force for the app itself.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const source = await axeSource;
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } })
      .axe;
    const results = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown }>;
      }>;
    };
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  });
}

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Keeps a full-page screenshot as a test artefact (test/browser/artifacts/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Whether the page is wider than its viewport (a horizontal scroll bar): [] when it is not, else
 * the elements that stick out, so a failure says what to fix.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const culprits = [`page ${root.scrollWidth}px wide in a ${root.clientWidth}px viewport`];
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.right > root.clientWidth + 1 || box.left < -1) {
        culprits.push(
          `${element.tagName.toLowerCase()}.${String(element.className)} ${box.left}..${box.right}`,
        );
      }
    }
    return culprits.slice(0, 10);
  });
}

const STAFF_LOGIN_LABELS = {
  en: { email: 'E-mail', password: 'Password', submit: 'Sign in' },
  ar: { email: 'البريد الإلكتروني', password: 'كلمة المرور', submit: 'تسجيل الدخول' },
};

/** Fills and sends the staff sign-in form (with `next` when given); waiting for where it lands is the caller's. */
export async function signInStaff(
  page: Page,
  locale: 'ar' | 'en',
  who: { email: string; password: string },
  next?: string,
): Promise<void> {
  const labels = STAFF_LOGIN_LABELS[locale];
  await page.goto(next ? `/staff/login?next=${encodeURIComponent(next)}` : '/staff/login');
  await page.getByLabel(labels.email).fill(who.email);
  await page.getByLabel(labels.password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: labels.submit }).click();
}
