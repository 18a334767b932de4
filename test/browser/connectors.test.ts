import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors as messages } from '../../web/src/connectors/messages.js';
import { testKeyring } from '../support/keyring.js';
import { TEST_PASSWORD } from '../support/server.js';
import { browserAvailable, launchBrowser, openPage, serverDatabases, signIn, startAppServer } from './support.js';

const SLUG = 'conn';
const GOOD_TOKEN = '4242:good-token';
const XSS_NAME = '<img src=x onerror=alert(1)>';
const CHAT = { id: -1005001, type: 'supergroup', title: 'Morning run' };
const REFUSED = 'Failed to load resource: the server responded with a status of 400 (Bad Request)';

/** The Bot API as the live check meets it: `getMe` accepts one token and refuses every other. */
const botApi = (async (url: string) => {
  if (url.includes(`/bot${GOOD_TOKEN}/`))
    return Response.json({ ok: true, result: { id: 4242, is_bot: true, first_name: 'Camp', username: 'camp_bot' } });
  return Response.json({ ok: false, error_code: 401, description: 'Unauthorized' }, { status: 401 });
}) as typeof fetch;

/** Every English message of the page that its Chinese one does not also hold (platform names, say). */
function englishMessages(): string[] {
  const leaves = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : Object.values(value as object).flatMap(leaves);
  const chinese = leaves(messages.zh);
  return leaves(messages.en)
    .flatMap((text) => text.split(/\{\{\w+\}\}/))
    .map((part) => part.trim())
    .filter((part) => part.length >= 4 && !chinese.some((zh) => zh.includes(part)));
}

async function expectNoEnglish(page: Page) {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(englishMessages().filter((english) => text.includes(english))).toEqual([]);
}

const row = (page: Page) => page.getByTestId('connectors-table').locator('tbody tr.ant-table-row').first();

describe.skipIf(!browserAvailable()).each(serverDatabases)('console: connectors on %s', (database) => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let secret = '';
  const account = (role: 'admin' | 'operator') => ({ email: server.emails[role], password: TEST_PASSWORD });

  beforeAll(async () => {
    server = await startAppServer(SLUG, { keyring: testKeyring(), platformFetch: botApi }, database);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 120_000);

  it('adds a Telegram connector step by step: the refusal at the field, the account, the secret once', async () => {
    const { page, errors } = await openPage(browser, 'en');
    await signIn(page, server.url, account('admin'));
    await page.goto(`${server.url}/c/${SLUG}/connectors`);
    await page.getByTestId('connectors-page').getByText('No connector yet.').waitFor();
    await page.getByTestId('connector-add-open').click();
    await page.getByTestId('connector-platform-telegram').click();
    await page.getByTestId('connector-name').fill(XSS_NAME);
    expect(await page.getByTestId('connector-inbound-webhook').isChecked()).toBe(true);
    await page.getByText('Needs a public address').waitFor();
    await page.getByTestId('connector-inbound-connection').click();
    await page.getByText('Works behind NAT').waitFor();
    await page.getByTestId('connector-inbound-webhook').click();

    await page.getByTestId('connector-field-token').fill('1:wrong');
    await page.getByTestId('connector-check').click();
    await page.getByText('The platform refused: Telegram 401: Unauthorized').waitFor();
    await page.getByTestId('connector-field-token').fill(GOOD_TOKEN);
    await page.getByTestId('connector-check').click();
    expect(await page.getByTestId('connector-checked').textContent()).toContain('@camp_bot');

    await page.getByTestId('connector-save').click();
    secret = (await page.getByTestId('connector-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await page.getByText('shown only this once').waitFor();
    const path = (await page.getByTestId('connector-webhook-url').textContent()) ?? '';
    expect(path).toMatch(/^\/api\/connectors\/telegram\/\d+$/);
    const command = await page.getByTestId('connector-command').textContent();
    expect(command).toBe(
      `curl https://api.telegram.org/bot<TOKEN>/setWebhook -d url=<PUBLIC_URL>${path} -d secret_token=${secret}`,
    );
    expect(await page.locator('body').textContent()).not.toContain(GOOD_TOKEN);
    await page.getByTestId('connector-done').click();

    await row(page).getByTestId('connector-status-waiting').waitFor();
    expect(await row(page).textContent()).toContain(XSS_NAME);
    expect(await row(page).textContent()).toContain('@camp_bot');
    expect(await row(page).textContent()).toContain('Waiting for the first message');
    // Shown once: neither the page nor the list answers it again.
    expect(await page.locator('body').textContent()).not.toContain(secret);
    await page.reload();
    await row(page).waitFor();
    expect(await page.content()).not.toContain(secret);

    // The platform delivers a message: the connector works and has seen the chat.
    const delivered = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify({
        update_id: 1,
        message: {
          message_id: 1,
          from: { id: 7, is_bot: false, first_name: 'Ann' },
          chat: CHAT,
          date: Math.floor(Date.now() / 1000),
          text: 'hello',
        },
      }),
    });
    expect(delivered.status).toBe(200);
    await page.reload();
    await row(page).getByTestId('connector-status-ok').waitFor();
    await row(page).getByTestId('connector-chats-open').click();
    await page.getByTestId('connector-chats').getByText(CHAT.title).waitFor();
    // Telegram's supergroup ids lose their -100 prefix as Shequn group ids.
    expect(await page.getByTestId('connector-chats').textContent()).toContain('5001');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([REFUSED]);
  }, 120_000);

  it('renames without asking for the token again, then disables with a confirmation', async () => {
    const { page, errors } = await openPage(browser, 'en');
    await signIn(page, server.url, account('admin'));
    await page.goto(`${server.url}/c/${SLUG}/connectors`);
    await row(page).getByTestId('connector-edit-open').click();
    expect(await page.getByTestId('connector-field-token').getAttribute('placeholder')).toBe(
      'set, leave empty to keep',
    );
    // The stored token never comes back, so checking asks for it again.
    await page.getByTestId('connector-check').click();
    await page.getByText('Type it again to check it').waitFor();
    await page.getByTestId('connector-name').fill('Camp bot');
    await page.getByTestId('connector-edit-save').click();
    await row(page).getByText('Camp bot', { exact: true }).waitFor();

    await row(page).getByTestId('connector-toggle').click();
    await page.getByTestId('connector-toggle-confirm').click();
    await row(page).getByTestId('connector-status-disabled').waitFor();
    expect(await row(page).getByTestId('connector-toggle').textContent()).toBe('Enable');
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows operators the list read-only, and the Chinese page has no English in it', async () => {
    const { page, errors } = await openPage(browser, 'zh-CN');
    await signIn(page, server.url, account('operator'));
    await page.goto(`${server.url}/c/${SLUG}/connectors`);
    await row(page).getByTestId('connector-status-disabled').waitFor();
    expect(await row(page).textContent()).toContain('已停用');
    await page.getByTestId('connectors-read-only').waitFor();
    expect(await page.getByTestId('connector-add-open').count()).toBe(0);
    expect(await row(page).getByTestId('connector-edit-open').count()).toBe(0);
    expect(await row(page).getByTestId('connector-toggle').count()).toBe(0);
    await expectNoEnglish(page);
    await row(page).getByTestId('connector-chats-open').click();
    await page.getByTestId('connector-chats').getByText(CHAT.title).waitFor();
    await expectNoEnglish(page);
    expect(errors).toEqual([]);
  }, 120_000);

  it('walks an admin through the Chinese add steps without English', async () => {
    const { page, errors } = await openPage(browser, 'zh-CN');
    await signIn(page, server.url, account('admin'));
    await page.goto(`${server.url}/c/${SLUG}/connectors`);
    await row(page).waitFor();
    await row(page).getByTestId('connector-edit-open').click();
    expect(await page.getByTestId('connector-field-token').getAttribute('placeholder')).toBe('已设置，留空则保持不变');
    await expectNoEnglish(page);
    await page.keyboard.press('Escape');
    await page.getByTestId('connector-add-open').click();
    await page.getByTestId('connector-platform-telegram').click();
    await page.getByText('Webhook 回调', { exact: true }).waitFor();
    await expectNoEnglish(page);
    await page.getByTestId('connector-name').fill('营地机器人');
    await page.getByTestId('connector-field-token').fill(GOOD_TOKEN);
    await page.getByTestId('connector-check').click();
    await page.getByTestId('connector-checked').waitFor();
    await page.getByTestId('connector-save').click();
    await page.getByTestId('connector-secret').waitFor();
    expect(await page.getByTestId('connector-command').textContent()).toContain('bot<机器人令牌>/setWebhook');
    await expectNoEnglish(page);
    expect(errors).toEqual([]);
  }, 120_000);
});
