import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campWithLinks, signIn as apiSignIn } from '../support/shequn-process.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  browserAvailable,
  launchBrowser,
  openPage,
  serverDatabases,
  signIn,
  startServer,
  type RunningServer,
  ONE_PIXEL_PNG,
  PHONE,
  XSS_TEXT,
} from './support.js';

const live = (page: Page) =>
  expect.poll(() => page.getByTestId('room-status').getAttribute('data-status')).toBe('live');
/** The composer's textarea (antd puts the test id on it or on its wrapper, by version). */
const composer = (page: Page) => page.getByTestId('room-input').locator('xpath=descendant-or-self::textarea').first();
const messageWith = (page: Page, text: string) =>
  page
    .getByTestId('room-message')
    .filter({ has: page.getByTestId('room-message-text').getByText(text, { exact: false }) });

/**
 * The web community end to end in Chromium: a member reaches their room from their member page
 * and posts; staff in the console see it live, answer and moderate; the member sees that live.
 */
describe.skipIf(!browserAvailable()).each(serverDatabases)('chat rooms on %s', (database) => {
  let server: RunningServer;
  let browser: Browser;
  let token = '';
  let roomId = 0;

  beforeAll(async () => {
    server = await startServer({}, database);
    browser = await launchBrowser();
    const headers = await apiSignIn(server.url, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const today = new Date().toISOString().slice(0, 10);
    const { tokens } = await campWithLinks(server.url, headers, 'demo', today);
    token = tokens[0];
    const groups = (await (await fetch(`${server.url}/api/communities/demo/groups`, { headers })).json()) as Array<{
      id: number;
    }>;
    const res = await fetch(`${server.url}/api/communities/demo/rooms`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Morning room', rules: 'Be kind.', linkedGroupId: groups[0].id }),
    });
    roomId = ((await res.json()) as { groupId: number }).groupId;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a member’s post to staff live, as text, and the staff’s answer and moderation to the member', {
    timeout: 180_000,
  }, async () => {
    const staff = await openPage(browser, 'en');
    await signIn(staff.page, server.url);
    await staff.page.goto(`${server.url}/c/demo/rooms`);
    await staff.page.getByTestId('room-link').filter({ hasText: 'Morning room' }).click();
    await live(staff.page);

    const member = await openPage(browser, 'zh-CN');
    await member.page.setViewportSize(PHONE);
    await member.page.goto(`${server.url}/m/${token}`);
    await member.page.getByTestId('member-to-rooms').click();
    await member.page.getByTestId('member-room-link').filter({ hasText: 'Morning room' }).click();
    await live(member.page);

    const text = `早上好 ${XSS_TEXT}`;
    await composer(member.page).fill(text);
    await member.page.getByTestId('room-send').click();
    await messageWith(staff.page, '早上好').waitFor();
    // The text arrives as text: the markup is shown, never run or rendered.
    expect(await messageWith(staff.page, '早上好').getByTestId('room-message-text').textContent()).toBe(text);
    expect(await staff.page.getByTestId('room-messages').locator('img[src="x"]').count()).toBe(0);
    await expect.poll(() => member.page.getByTestId('room-pending').count()).toBe(0);

    // Staff answer as themselves; the member sees it live, marked staff.
    await messageWith(staff.page, '早上好').getByTestId('room-reply').click();
    await composer(staff.page).fill('Good morning to you too!');
    await staff.page.getByTestId('room-send').click();
    const answer = messageWith(member.page, 'Good morning to you too!');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('工作人员');

    // A reaction and an image, live both ways.
    await answer.getByRole('button', { name: '👍' }).click();
    await expect
      .poll(() => messageWith(staff.page, 'Good morning to you too!').getByTestId('room-reaction').textContent())
      .toBe('👍 1');
    await member.page.getByTestId('room-image-input').setInputFiles({
      name: 'dot.png',
      mimeType: 'image/png',
      buffer: Buffer.from(ONE_PIXEL_PNG, 'base64'),
    });
    await member.page.getByTestId('room-image-attached').waitFor();
    await member.page.getByTestId('room-send').click();
    await staff.page.getByTestId('room-message-image').locator('img').waitFor();
    await expect
      .poll(() =>
        staff.page
          .getByTestId('room-message-image')
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(1);

    // A message removed with a reason disappears for the member too.
    const own = messageWith(staff.page, '早上好');
    await own.getByTestId('room-hide').click();
    await staff.page.getByTestId('room-hide-reason').fill('test of moderation');
    await staff.page.getByTestId('room-hide-confirm').click();
    await member.page.getByTestId('room-message-hidden').waitFor();
    await expect.poll(() => staff.page.getByTestId('room-moderation').textContent()).toContain('test of moderation');

    await member.page.screenshot({ path: join(tmpdir(), `shequn-room-member-${database}.png`), fullPage: true });
    await staff.page.screenshot({ path: join(tmpdir(), `shequn-room-staff-${database}.png`) });
    // Back from the room to the check-in.
    await member.page.getByTestId('room-to-checkin').click();
    await member.page.getByTestId('member-page').waitFor();
    expect(staff.errors).toEqual([]);
    expect(member.errors).toEqual([]);
    expect(roomId).toBeGreaterThan(0);
  });
});
