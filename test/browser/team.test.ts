import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  openPage,
  serverDatabases,
  signIn,
  startServer,
  type RunningServer,
} from './support.js';

const HELPER = 'helper@demo.test';

describe.skipIf(!browserAvailable()).each(serverDatabases)('console: the team on %s', (database) => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({}, database);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an owner invites an assistant, who joins by the link, changes their password and sees no owner screens', async () => {
    // The owner invites by email; the console shows the link to send.
    const owner = await openPage(browser, 'en');
    await signIn(owner.page, server.url);
    await owner.page.goto(`${server.url}/c/demo/team`);
    await owner.page.getByTestId('team-invite').click();
    await owner.page.getByTestId('invite-email').fill(HELPER);
    await owner.page.getByTestId('invite-submit').click();
    const link = await owner.page.getByTestId('created-link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite#.+`));
    await owner.page.getByTestId('team-invites').getByText(HELPER).waitFor();

    // The assistant opens it in their own browser, sets a password and is in.
    const helper = await openPage(browser, 'en');
    await helper.page.goto(link);
    await helper.page.getByTestId('invite-offer').getByText('as assistant').waitFor();
    await helper.page.getByTestId('invite-name').fill('Helper');
    await helper.page.getByTestId('new-password').fill('short');
    await helper.page.getByTestId('invite-join').click();
    await helper.page.getByText('A password needs at least 10 characters').first().waitFor();
    await helper.page.getByTestId('new-password').fill('helper-password-1');
    await helper.page.getByTestId('repeat-password').fill('helper-password-1');
    await helper.page.getByTestId('invite-join').click();
    await helper.page.getByTestId('community-select').waitFor();

    // An assistant sees neither the team nor the audit log, and the pages refuse them.
    expect(await helper.page.getByTestId('nav-care').count()).toBe(1);
    expect(await helper.page.getByTestId('nav-team').count()).toBe(0);
    expect(await helper.page.getByTestId('nav-audit').count()).toBe(0);
    await helper.page.goto(`${server.url}/c/demo/team`);
    await helper.page.getByText('this needs the admin role').waitFor();

    // Their own password: the current one is needed.
    await helper.page.getByTestId('nav-account').click();
    await helper.page.getByTestId('current-password').fill('wrong-password');
    await helper.page.getByTestId('new-password').fill('helper-password-2');
    await helper.page.getByTestId('repeat-password').fill('helper-password-2');
    await helper.page.getByTestId('change-password').click();
    await helper.page.getByTestId('password-result').getByText('The current password is wrong').waitFor();
    await helper.page.getByTestId('current-password').fill('helper-password-1');
    await helper.page.getByTestId('new-password').fill('helper-password-2');
    await helper.page.getByTestId('repeat-password').fill('helper-password-2');
    await helper.page.getByTestId('change-password').click();
    await helper.page.getByTestId('password-result').getByText('Password changed').waitFor();
    await helper.page.getByTestId('logout').click();
    await signIn(helper.page, server.url, { email: HELPER, password: 'helper-password-2' });

    // The owner's audit log shows the invitation and the joining.
    await owner.page.getByTestId('nav-audit').click();
    const log = owner.page.getByTestId('audit-log');
    await log.getByText('Invited').waitFor();
    await log.getByText('Joined the team').waitFor();
    expect(await log.getByText(HELPER).count()).toBeGreaterThanOrEqual(2);

    expect(owner.errors).toEqual([]);
    expect(helper.errors.filter((e) => !/status of (400|403)/.test(e))).toEqual([]);
  }, 120_000);
});
