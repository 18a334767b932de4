import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, openPage, signIn, startServer, type RunningServer } from './support.js';

const DAY = 86_400_000;
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const spanOf = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY + 1;

// One database: the routes' ranges are tested on both (src/analytics/range.routes.test.ts); this is the UI.
describe.skipIf(!browserAvailable())('the overview’s date range, in the console', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, 'sqlite'), launchBrowser()]);
    ({ page, errors } = await openPage(browser, 'zh-CN'));
    await signIn(page, server.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The overview's "from 至 to" line, once it shows `expected` days. */
  async function shownRange(expected?: number): Promise<[string, string]> {
    let match: RegExpMatchArray | null = null;
    for (let i = 0; i < 100; i++) {
      const text = (await page.getByTestId('overview-range').textContent()) ?? '';
      match = text.match(/(\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/);
      if (match && (expected === undefined || spanOf(match[1], match[2]) === expected)) break;
      await page.waitForTimeout(100);
    }
    expect(match).not.toBeNull();
    return [match![1], match![2]];
  }

  it('opens on the last 30 days, then shows the preset and the custom range picked', { timeout: 90_000 }, async () => {
    await page.waitForURL(/\/c\/[^/]+\/overview$/);
    await page.getByTestId('date-range').waitFor();
    expect(await page.getByTestId('date-range').textContent()).toContain('按 Asia/Shanghai 时区计日');
    const [from30, to] = await shownRange(30);
    expect(spanOf(from30, to)).toBe(30);

    await page.getByTestId('range-presets').getByText('最近 7 天', { exact: true }).click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    const [from7, to7] = await shownRange(7);
    expect([from7, to7]).toEqual([shift(to, -6), to]);
    expect(page.url()).toContain(`from=${from7}&to=${to7}`);
    await page.locator('[data-testid=chart-daily] canvas').first().waitFor();

    // A custom range typed into the RangePicker: three days ending on the range's last day.
    const start = shift(to, -2);
    const inputs = page.locator('.ant-picker-range input');
    await inputs.nth(0).click();
    await inputs.nth(0).fill(start);
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).fill(to);
    await inputs.nth(1).press('Enter');
    expect(await shownRange(3)).toEqual([start, to]);
    expect(page.url()).toContain(`from=${start}&to=${to}`);

    // The HTML report of that range, in the console's language.
    const href = (await page.getByTestId('report-html').getAttribute('href')) ?? '';
    expect(href).toContain(`from=${start}`);
    expect(href).toContain('lang=zh-CN');

    // A reload keeps the range (it is in the URL); "last 30 days" goes back to the default.
    await page.reload();
    expect(await shownRange(3)).toEqual([start, to]);
    await page.getByTestId('range-presets').getByText('最近 30 天', { exact: true }).click();
    expect(spanOf(...(await shownRange(30)))).toBe(30);
    expect(errors).toEqual([]);
  });
});
