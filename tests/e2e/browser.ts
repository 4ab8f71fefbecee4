/**
 * Browser helpers for the e2e tests: playwright-core driving the system Chromium (no
 * @playwright/test runner; vitest runs the tests) and axe-core for accessibility checks.
 *
 * One Chromium per test file (`useBrowser()` in a describe block), a fresh context per test
 * (`openPage()`), with a trace recorded and kept only when the test fails.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeResults, NodeResult, Result, RunOptions } from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFinished, vi } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Budgets sized for a busy 2-core machine (the full suite runs two files at once beside
 * PostgreSQL and Chromium), not for an idle one: a browser step waits on its condition for up
 * to `STEP_TIMEOUT_MS`, and a multi-page journey gets `JOURNEY_TIMEOUT_MS` in all. A step that
 * truly hangs still fails, on the step, with Playwright's message.
 */
export const STEP_TIMEOUT_MS = 20_000;
export const JOURNEY_TIMEOUT_MS = 180_000;

const artifactsDir = resolve(fileURLToPath(new URL('../.artifacts/traces', import.meta.url)));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Launches Chromium once for the enclosing file or describe block; returns a getter. Every test
 * of a file that drives the browser gets the journey budget instead of the suite's 30 s.
 */
export function useBrowser(): () => Browser {
  vi.setConfig({ testTimeout: JOURNEY_TIMEOUT_MS });
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('useBrowser(): the browser is not launched yet');
    return browser;
  };
}

export interface OpenPageOptions {
  baseURL: string;
  /** false = the page as someone with JavaScript off (or a very old phone) gets it. */
  javaScriptEnabled?: boolean;
  /** Browser language (Accept-Language); Japanese by default, like most residents. */
  locale?: string;
  /** Cookies to start with, e.g. a session made through the API. */
  cookies?: { name: string; value: string }[];
  /** Sent with every request, e.g. the X-Forwarded-For a trusted proxy would add. */
  headers?: Record<string, string>;
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
}

/**
 * A fresh context and page for the current test, closed when the test finishes. Records a
 * trace and writes it to tests/.artifacts/traces/ only if the test fails.
 */
export async function openPage(browser: Browser, options: OpenPageOptions): Promise<OpenedPage> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: options.locale ?? 'ja-JP',
    viewport: { width: 1024, height: 800 },
    ...(options.headers ? { extraHTTPHeaders: options.headers } : {}),
  });
  if (options.cookies?.length) {
    await context.addCookies(options.cookies.map((c) => ({ ...c, url: options.baseURL })));
  }
  await context.tracing.start({ screenshots: true, snapshots: true });
  onTestFinished(async ({ task }) => {
    try {
      if (task.result?.state === 'fail') {
        mkdirSync(artifactsDir, { recursive: true });
        const name = `${task.name.replace(/[^\w-]+/g, '_').slice(0, 80)}-${Date.now()}.zip`;
        await context.tracing.stop({ path: join(artifactsDir, name) });
      } else {
        await context.tracing.stop();
      }
    } finally {
      await context.close();
    }
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  return { context, page };
}

/** With JavaScript on, waits until SvelteKit has hydrated so forms submit enhanced. */
export async function waitForEnhanced(page: Page): Promise<void> {
  await page.waitForSelector('html[data-enhanced="true"]', { state: 'attached' });
}

/**
 * Waits until the locator's text satisfies `check` (a vitest matcher run on each poll), so an
 * assertion made just after an action waits for the page to catch up instead of racing it.
 */
export function expectText(locator: Locator) {
  return expect.poll(() => locator.textContent(), {
    timeout: STEP_TIMEOUT_MS,
    interval: 100,
  });
}

/** The same for a count of matching elements. */
export function expectCount(locator: Locator) {
  return expect.poll(() => locator.count(), {
    timeout: STEP_TIMEOUT_MS,
    interval: 100,
  });
}

/** What `document.activeElement` is, for focus-management assertions. */
export function focusedElement(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), id: el.id, className: el.className } : null;
  });
}

// ---------------------------------------------------------------------------------------------
// axe-core

const require = createRequire(import.meta.url);
const axeSource = readFileSync(join(dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

declare global {
  interface Window {
    axe?: { run: (context: Document, options: RunOptions) => Promise<AxeResults> };
  }
}

/**
 * Runs axe-core against the page for WCAG 2.0/2.1 A and AA and returns the violations.
 * Injected through `evaluate` (not a <script> tag), so the page's CSP does not block it.
 */
export async function runAxe(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (tags) =>
      window.axe!.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  );
  return results.violations;
}

function describeNode(node: NodeResult): string {
  const target = node.target.map(String).join(' ');
  const summary = node.failureSummary?.replace(/\s+/g, ' ').trim();
  return `    - ${target}\n      ${node.html.slice(0, 200)}${summary ? `\n      ${summary}` : ''}`;
}

/** One readable paragraph per violation: rule, impact, help, and the offending nodes. */
export function formatViolations(violations: Result[]): string {
  return violations
    .map(
      (v) =>
        `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${v.nodes.map(describeNode).join('\n')}`,
    )
    .join('\n\n');
}

/** Asserts the page has no WCAG 2.1 A/AA violation, naming each one if it has. */
export async function expectNoAxeViolations(page: Page, where = page.url()): Promise<void> {
  const violations = await runAxe(page);
  expect(
    violations,
    `axe-core found violations on ${where}:\n\n${formatViolations(violations)}`,
  ).toEqual([]);
}

/**
 * The same check for a page opened with JavaScript disabled, where axe-core cannot run (its
 * timers never fire): the page's current HTML, scripts removed, is served at the same URL to a
 * fresh JavaScript-enabled page of the same browser and checked there. Stylesheets load from
 * the real server, so contrast and layout are what the person saw.
 */
export async function expectNoAxeViolationsWithoutJs(
  page: Page,
  where = page.url(),
): Promise<void> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = page.url();
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser');
  const context = await browser.newContext({
    javaScriptEnabled: true,
    viewport: page.viewportSize() ?? { width: 1024, height: 800 },
  });
  try {
    const copy = await context.newPage();
    await copy.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(url);
    await expectNoAxeViolations(copy, `${where} (JavaScript off)`);
  } finally {
    await context.close();
  }
}
