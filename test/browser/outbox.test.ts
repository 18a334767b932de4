import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/server.js';
import { browserAvailable, launchBrowser, openPage, serverDatabases, signIn, startAppServer } from './support.js';

const SLUG = 'outbox-page';
const T0 = Date.now();

describe.skipIf(!browserAvailable()).each(serverDatabases)('console: the outbox on %s', (database) => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startAppServer(SLUG, {}, database);
    browser = await launchBrowser();
    const community = await server.db
      .selectFrom('communities')
      .select('id')
      .where('slug', '=', SLUG)
      .executeTakeFirstOrThrow();
    const group = await server.db
      .insertInto('groups')
      .values({
        community_id: community.id,
        platform: 'telegram',
        external_id: '-100',
        name: '晨读营',
        first_day: null,
        created_at: T0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = (key: string, status: string, reason: string | null, lastError: string | null) => ({
      community_id: community.id,
      idempotency_key: key,
      kind: 'camp.reminder',
      platform: 'telegram',
      group_id: group.id,
      member_id: null,
      locale: 'zh-CN',
      text: `${key}：记得打卡`,
      payload: '{}',
      status,
      attempts: status === 'failed' ? 8 : 0,
      next_attempt_at: T0 + 60_000,
      claimed_at: null,
      last_error: lastError,
      reason_code: reason,
      created_at: T0,
      sent_at: status === 'sent' ? T0 : null,
    });
    const rows = await server.db
      .insertInto('outbox')
      .values([
        row('held', 'pending', 'no_connector', 'waiting: no telegram connector is running for this community'),
        row('given-up', 'failed', 'gave_up', 'OutboxSendError: HTTP 502'),
        row('sent', 'sent', null, null),
      ])
      .returning(['id', 'idempotency_key'])
      .execute();
    for (const r of rows) ids[r.idempotency_key] = r.id;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 120_000);

  it('shows an operator why an item waits, in Chinese, and lets them retry and cancel', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, server.url, { email: server.emails.operator, password: TEST_PASSWORD });
    await page.getByTestId('nav-outbox').click();
    const held = page.getByTestId(`outbox-row-${ids.held}`);
    await held.waitFor();
    expect(await held.getByTestId('outbox-state').textContent()).toBe('暂缓');
    const reason = (await held.getByTestId('outbox-reason').textContent()) ?? '';
    expect(reason).toContain('本社群没有正在运行的 Telegram 连接器');
    // The runtime's English text is not what a Chinese reader is shown.
    expect(await page.locator('body').textContent()).not.toContain('no telegram connector is running');
    expect(await held.textContent()).toContain('晨读营');
    const givenUp = page.getByTestId(`outbox-row-${ids['given-up']}`);
    expect(await givenUp.getByTestId('outbox-state').textContent()).toBe('已放弃');
    expect(await page.getByTestId(`outbox-row-${ids.sent}`).getByTestId('outbox-retry').count()).toBe(0);

    await givenUp.getByTestId('outbox-retry').click();
    await page.getByText('已放回待发送').waitFor();
    await givenUp.getByTestId('outbox-state').getByText('待发送', { exact: true }).waitFor();

    await held.getByTestId('outbox-cancel').click();
    await page.getByTestId('outbox-cancel-confirm').click();
    await held.getByTestId('outbox-state').getByText('已取消', { exact: true }).waitFor();
    const stored = await server.db
      .selectFrom('outbox')
      .select(['id', 'status', 'attempts'])
      .where('id', 'in', [ids.held, ids['given-up']])
      .orderBy('id')
      .execute();
    expect(stored).toEqual([
      { id: ids.held, status: 'cancelled', attempts: 0 },
      { id: ids['given-up'], status: 'pending', attempts: 0 },
    ]);

    // Filtered to what was given up: nothing is left.
    await page.getByTestId('outbox-status').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '已放弃' }).click();
    await page.getByText('暂无消息。').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('the menu shows no outbox to an analyst', async () => {
    const { page, errors } = await openPage(browser, 'en');
    await signIn(page, server.url, { email: server.emails.analyst, password: TEST_PASSWORD });
    await page.getByTestId('nav-overview').waitFor();
    expect(await page.getByTestId('nav-outbox').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);
});
