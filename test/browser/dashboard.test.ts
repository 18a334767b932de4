import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialJsFiles, initialJsKbGzip } from '../../bench/console-bundle.js';
import {
  browserAvailable,
  launchBrowser,
  openPage,
  signIn,
  serverDatabases,
  startServer,
  type RunningServer,
} from './support.js';

describe.skipIf(!browserAvailable()).each(serverDatabases)(
  'console dashboard (overview, groups, persona, roles) on %s',
  (database) => {
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer({}, database), launchBrowser()]);
      // No language preset: the console must start in zh-CN by itself and keep what the operator picks.
      ({ page, errors } = await openPage(browser));
      await signIn(page, server.url);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('shows the overview: KPI cards, a drawn daily chart, groups and alerts', { timeout: 120_000 }, async () => {
      await page.waitForURL(/\/c\/[^/]+\/overview$/);
      const kpis = page.getByTestId('overview-kpis');
      await kpis.waitFor();
      expect(await kpis.locator('[data-testid^=kpi-]').count()).toBeGreaterThanOrEqual(8);
      expect(await page.getByTestId('kpi-members').textContent()).toMatch(/\d/);
      await page.locator('[data-testid=chart-daily] canvas').first().waitFor();
      await page.locator('[data-testid=chart-tiers] canvas').first().waitFor();
      await page.getByTestId('overview-groups').waitFor();
      expect(await page.getByTestId('overview-group-link').count()).toBeGreaterThan(0);
      await page.getByTestId('overview-alerts').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.getByTestId('nav-overview').textContent()).toBe('总览');
    });

    it('switches to English and remembers it across a reload', { timeout: 120_000 }, async () => {
      await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await page.getByTestId('nav-overview').getByText('Overview', { exact: true }).waitFor();
      expect(await page.getByTestId('nav-groups').textContent()).toBe('Groups');
      await page.reload();
      await page.getByTestId('overview-kpis').waitFor();
      expect(await page.getByTestId('nav-overview').textContent()).toBe('Overview');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.locator('[data-testid=chart-daily] canvas').first().waitFor();
    });

    it('lists the groups and opens a group page with its chart', { timeout: 120_000 }, async () => {
      await page.getByTestId('nav-groups').click();
      await page.getByTestId('groups-table').waitFor();
      const links = page.getByTestId('group-link');
      expect(await links.count()).toBeGreaterThan(0);
      const name = await links.first().textContent();
      await links.first().click();
      await page.getByTestId('group-page').waitFor();
      expect(await page.getByTestId('group-name').textContent()).toBe(name);
      await page.locator('[data-testid=chart-group-daily] canvas').first().waitFor();
      expect(await page.getByTestId('phase-tag').first().textContent()).toMatch(/Honeymoon|Cooling|Fading|Silent/);
    });

    it('draws the persona heatmap', { timeout: 120_000 }, async () => {
      await page.getByTestId('nav-persona').click();
      await page.getByTestId('persona-page').waitFor();
      await page.locator('[data-testid=chart-heatmap] canvas').first().waitFor();
    });

    it('lists the duty roles and the blacklist', { timeout: 120_000 }, async () => {
      await page.getByTestId('nav-roles').click();
      await page.getByTestId('duty-roles').waitFor();
      expect(
        await page.locator('[data-testid^="role-"]:not([data-testid="role-holder"])').count(),
      ).toBeGreaterThanOrEqual(8);
      await page.getByTestId('role-cheerleader').waitFor();
      await page.getByTestId('blacklist-table').waitFor();
    });

    it('logged no console errors', () => {
      expect(errors).toEqual([]);
    });
  },
);

describe.skipIf(!browserAvailable())('console bundle', () => {
  it('loads under 500 KB of gzipped JavaScript before the first render, without ECharts', () => {
    const files = initialJsFiles();
    expect(files.some((f) => /\/index-[^/]+\.js$/.test(f))).toBe(true);
    expect(files.filter((f) => /EChart/.test(f))).toEqual([]);
    expect(initialJsKbGzip()).toBeLessThan(500);
  });
});
