import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Flags for Debian's Chromium in CI and containers: headless, no sandbox, no calls home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../../../test-artifacts/screenshots/', import.meta.url),
);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** Opens a fresh browser profile (cookies, service workers) at the given size, allowed to notify. */
export async function newConsoleContext(
  browser: Browser,
  baseUrl: string,
  viewport = DESKTOP,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    colorScheme,
    ...(viewport.width < 600 && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
  });
  await context.grantPermissions(['notifications'], { origin: baseUrl });
  // Shorter than the test timeout, so a failure names the element that never appeared.
  context.setDefaultTimeout(10_000);
  return context;
}

/** Signs in through the form and waits for the dashboard. */
export async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
}

/** Saves a full-page screenshot to `test-artifacts/screenshots/<name>.png` for people to review. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // From the top, so the sticky header is drawn once, at the top of the image.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}
