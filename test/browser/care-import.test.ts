import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  openPage,
  signIn,
  serverDatabases,
  startServer,
  type RunningServer,
} from './support.js';

const XSS_NAME = '<img src=x onerror=alert(1)>';

/** A small Telegram Desktop export: three messages by two members, one of them named with HTML. */
const EXPORT = JSON.stringify({
  name: 'Upload test group',
  type: 'private_supergroup',
  id: 4711,
  messages: [
    {
      id: 1,
      type: 'message',
      date: '2024-03-03T07:05:00',
      date_unixtime: '1709420700',
      from: XSS_NAME,
      from_id: 'user4711',
      text: 'hello',
    },
    {
      id: 2,
      type: 'message',
      date: '2024-03-03T07:06:00',
      date_unixtime: '1709420760',
      from: 'Uploaded Member',
      from_id: 'user4712',
      text: 'hi',
    },
    {
      id: 3,
      type: 'message',
      date: '2024-03-03T07:07:00',
      date_unixtime: '1709420820',
      from: 'Uploaded Member',
      from_id: 'user4712',
      text: 'again',
    },
  ],
});

describe.skipIf(!browserAvailable()).each(serverDatabases)('console: care list and imports on %s', (database) => {
  let server: RunningServer;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    server = await startServer({}, database);
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'shequn-upload-'));
    writeFileSync(join(dir, 'upload-test.json'), EXPORT);
    writeFileSync(join(dir, 'broken-export.json'), EXPORT.slice(0, Math.floor(EXPORT.length / 2)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('marks a care item done with a note, which then shows on the list and the member timeline', {
    timeout: 120_000,
  }, async () => {
    const { page, errors } = await openPage(browser, 'en');
    await signIn(page, server.url);
    await page.goto(`${server.url}/c/demo/care`);
    await page.getByTestId('care-staff-card').first().waitFor();
    await page.screenshot({ path: join(tmpdir(), 'shequn-care-en.png'), fullPage: true });

    const open = page
      .locator('[data-testid=care-item][data-done=false]')
      .filter({ has: page.getByTestId('care-done-button') })
      .first();
    const memberId = (await open.getAttribute('data-member-id'))!;
    const item = page.locator(`[data-testid=care-item][data-member-id="${memberId}"]`).first();
    const note = `Called about the camp ${Date.now()}`;
    await item.getByTestId('care-done-button').click();
    await item.getByTestId('care-note-input').fill(note);
    await item.getByTestId('care-note-submit').click();
    await expect.poll(() => item.getAttribute('data-done')).toBe('true');
    expect(await item.getByTestId('care-done-note').textContent()).toBe(note);

    // Still done after a reload (it was recorded, not just shown).
    await page.reload();
    await expect.poll(() => item.getAttribute('data-done')).toBe('true');

    await item.getByTestId('care-member-link').click();
    await page.getByTestId('profile-name').waitFor();
    await expect.poll(() => page.getByTestId('profile-timeline').textContent(), { timeout: 30_000 }).toContain(note);
    expect(errors).toEqual([]);
  });

  it('shows the care list in Chinese with the three sections', { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(browser, 'zh-CN');
    await signIn(page, server.url);
    await page.goto(`${server.url}/c/demo/care`);
    const card = page.getByTestId('care-staff-card').first();
    await card.waitFor();
    const text = await card.textContent();
    for (const section of ['鼓励', '帮助', '一对一联系']) expect(text).toContain(section);
    await page.screenshot({ path: join(tmpdir(), 'shequn-care-zh.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('uploads an export, follows it to done, and shows the counts; the new member renders as text', {
    timeout: 120_000,
  }, async () => {
    const { page, errors } = await openPage(browser, 'en');
    await signIn(page, server.url);
    await page.goto(`${server.url}/c/demo/imports`);
    await page.getByTestId('import-format').getByText('Telegram', { exact: true }).click();
    await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(join(dir, 'upload-test.json'));
    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid=import-status][data-state=done]').waitFor({ timeout: 60_000 });
    const result = page.getByTestId('import-result');
    expect(await result.getByTestId('import-result-read').textContent()).toContain('3');
    expect(await result.getByTestId('import-result-inserted').textContent()).toContain('3');
    expect(await result.getByTestId('import-result-duplicates').textContent()).toContain('0');
    expect(await result.getByTestId('import-result-groups').textContent()).toContain('1');
    expect(await page.getByTestId('import-recent').textContent()).toContain('upload-test.json');
    await page.screenshot({ path: join(tmpdir(), 'shequn-import-en.png'), fullPage: true });

    await page.goto(`${server.url}/c/demo/members`);
    await page.getByTestId('members-search').locator('input').fill('onerror');
    await page.getByTestId('members-search').locator('input').press('Enter');
    const link = page.getByTestId('members-table').locator('tbody [data-testid=member-link]').first();
    await expect.poll(() => link.textContent()).toBe(XSS_NAME);
    expect(await page.getByTestId('members-table').locator('img').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('names the file when an upload cannot be imported', { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(browser, 'zh-CN');
    await signIn(page, server.url);
    await page.goto(`${server.url}/c/demo/imports`);
    await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(join(dir, 'broken-export.json'));
    await page.getByTestId('import-submit').click();
    await page.locator('[data-testid=import-status][data-state=failed]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-error').textContent()).toContain('broken-export.json');
    await page.screenshot({ path: join(tmpdir(), 'shequn-import-error-zh.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
