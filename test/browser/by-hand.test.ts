import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  browserAvailable,
  launchBrowser,
  openPage,
  startServer,
  type RunningServer,
} from './support.js';

const CSV = 'name,phone,group\nMei Lin,13800138000,Cohort 1\n,13900000000,\nBad Phone,12ab,\n';

/** From nothing to members: a community, a web room, and a list of members previewed, then created. */
describe.skipIf(!browserAvailable())('console: a community by hand', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ SHEQUN_DEMO: '0' });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 120_000);

  it('creates a community, a group, and members from an uploaded list after a preview', async () => {
    const { page, errors } = await openPage(browser, 'en');
    await page.goto(server.url);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();

    await page.getByTestId('new-community').click();
    await page.getByTestId('new-community-name').fill('Reading Club');
    await page.getByTestId('new-community-name').blur();
    await expect.poll(() => page.getByTestId('new-community-slug').inputValue()).toBe('reading-club');
    await page.getByTestId('new-community-submit').click();
    await page.waitForURL(/\/c\/reading-club\/overview$/);

    await page.goto(`${server.url}/c/reading-club/groups`);
    await page.getByTestId('new-group').click();
    await page.getByTestId('new-group-name').fill('Cohort 1');
    await page.getByTestId('new-group-submit').click();
    await page.getByTestId('groups-table').getByText('Cohort 1').waitFor();

    await page.goto(`${server.url}/c/reading-club/members`);
    await page.getByTestId('upload-members').click();
    await page
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const counts = page.getByTestId('upload-members-counts');
    await expect.poll(() => counts.textContent()).toBe('1 to create · 0 already members · 2 with errors');
    const rows = page.getByTestId('upload-members-rows');
    await rows.getByText('name missing').waitFor();
    await rows.getByText('bad phone number').waitFor();
    await page.getByTestId('upload-members-confirm').click();
    await expect.poll(() => counts.textContent()).toBe('1 members created');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('members-total').textContent()).toMatch(/\b1\b/);
    await page.getByText('Mei Lin').first().waitFor();
    expect(errors).toEqual([]);
  }, 120_000);
});
