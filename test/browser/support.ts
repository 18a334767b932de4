import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppOptions } from '../../src/server/app.js';
import { adminQuery, databaseKinds, dropSchema, TEST_DATABASE_URL, type TestDatabase } from '../support/databases.js';
import { testServer } from '../support/server.js';
import { startShequn } from '../support/shequn-process.js';

const root = join(import.meta.dirname, '..', '..');
export const ADMIN_EMAIL = 'owner@demo.test';
export const ADMIN_PASSWORD = 'browser-test-password';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Member text that would run as script if a page ever rendered it as HTML. */
export const XSS_TEXT = '<img src=x onerror=alert(1)>';
/** A phone's viewport, for member pages. */
export const PHONE = { width: 375, height: 740 };
/** A 1×1 PNG, for image uploads. */
export const ONE_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Whether the browser suite can run here; in CI it must. */
export function browserAvailable(): boolean {
  const ok = existsSync(CHROMIUM) && existsSync(join(root, 'web', 'dist', 'index.html'));
  if (!ok && process.env.CI) throw new Error(`browser tests need ${CHROMIUM} and a built console (npm run build:web)`);
  if (!ok) console.warn('[shequn tests] Chromium or the built console is missing: browser tests are skipped.');
  return ok;
}

export interface RunningServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The databases the console is tested on: SQLite, and PostgreSQL when a server answers (always in CI). */
export const serverDatabases: Array<'sqlite' | 'postgres'> = databaseKinds.map(
  ([kind]) => kind as 'sqlite' | 'postgres',
);

/**
 * Starts `shequn start` on a fresh database — a new data directory, or a new PostgreSQL schema —
 * so the demo community is seeded, on a free port.
 */
export async function startServer(
  env: Record<string, string> = {},
  database: 'sqlite' | 'postgres' = 'sqlite',
): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shequn-browser-'));
  let databaseUrl = '';
  let schema = '';
  if (database === 'postgres') {
    schema = `browser_${randomBytes(5).toString('hex')}`;
    await adminQuery(`create schema "${schema}"`);
    databaseUrl = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
  const server = await startShequn(dataDir, {
    DATABASE_URL: databaseUrl,
    SHEQUN_DEMO: '1',
    SHEQUN_ADMIN_EMAIL: ADMIN_EMAIL,
    SHEQUN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...env,
  });
  return {
    url: server.url,
    dataDir,
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
    },
  };
}

/**
 * The API and the built console served from this process on a fresh database, for tests that give
 * the app what `shequn start` cannot take (a keyring, a fake platform's HTTP). Its accounts are
 * test/support/server.ts's: one per access role in `community`, each with TEST_PASSWORD.
 */
export async function startAppServer(
  community: string,
  options: Partial<AppOptions>,
  database: 'sqlite' | 'postgres' = 'sqlite',
): Promise<
  Omit<RunningServer, 'dataDir'> & { emails: Awaited<ReturnType<typeof testServer>>['emails']; db: TestDatabase['db'] }
> {
  const store = await databaseKinds.find(([kind]) => kind === database)![1]();
  const server = await testServer(store, community, { consoleDir: join(root, 'web', 'dist'), ...options });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    emails: server.emails,
    db: store.db,
    async stop() {
      await server.app.close();
      await store.dispose();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new page that records console errors and uncaught exceptions; tests assert the list is empty.
 * `lang` presets the console language for a browser that has none remembered yet (a choice made
 * in the page survives reloads); without it the console starts in its default, zh-CN.
 */
export async function openPage(browser: Browser, lang?: 'zh-CN' | 'en'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  if (lang) {
    await context.addInitScript((value) => {
      if (!localStorage.getItem('shequn.lang')) localStorage.setItem('shequn.lang', value);
    }, lang);
  }
  const errors: string[] = [];
  return { page: watchPage(await context.newPage(), errors), errors };
}

/** Records the page's console errors, uncaught exceptions and dialogs (dismissed) into `errors`. */
export function watchPage(page: Page, errors: string[]): Page {
  // Playwright's 30 s defaults for a navigation or an action are hang guards; on a loaded two-core
  // CI machine a console page's first load came close to them, so they are doubled (vitest.config.ts).
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

export async function signIn(
  page: Page,
  baseUrl: string,
  account = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('login-email').fill(account.email);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('community-select').waitFor();
}
