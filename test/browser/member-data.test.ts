import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  browserAvailable,
  launchBrowser,
  openPage,
  signIn,
  serverDatabases,
  startServer,
  type RunningServer,
} from './support.js';

/** The demo camp's member with the most days done: one with camp points, badges and milestones. */
async function campMember(server: RunningServer): Promise<{ id: number; name: string }> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const get = async <T>(path: string) => {
    const res = await fetch(`${server.url}/api/communities/demo${path}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const [camp] = await get<Array<{ id: number }>>('/camps');
  const enrolled = await get<Array<{ memberId: number; displayName: string; daysCompleted: number }>>(
    `/camps/${camp.id}/enrolments`,
  );
  const best = enrolled.sort((a, b) => b.daysCompleted - a.daysCompleted)[0];
  return { id: best.memberId, name: best.displayName };
}

describe.skipIf(!browserAvailable()).each(serverDatabases)('console: a member’s data on %s', (database) => {
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

  it('shows the member’s camps and all their data, then anonymises them after the id is typed', {
    timeout: 180_000,
  }, async () => {
    const member = await campMember(server);
    const { page, errors } = await openPage(browser, 'en');
    await signIn(page, server.url);
    await page.goto(`${server.url}/c/demo/members/${member.id}`);
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe(member.name);
    const camps = page.getByTestId('profile-camps');
    await expect.poll(() => camps.textContent()).toMatch(/[1-9][0-9]* points in all/);
    expect(await camps.textContent()).toMatch(/check-ins/);

    await page.getByTestId('profile-data-view').click();
    const sections = page.getByTestId('profile-data-sections');
    await sections.waitFor();
    // The sections appear when the export has arrived.
    for (const section of ['identities', 'events', 'camps', 'rooms', 'merges'])
      await expect.poll(() => sections.textContent()).toContain(section);
    await sections.getByText(/^camps/).click();
    await expect.poll(() => sections.textContent()).toContain('pointsTotal');
    await page.screenshot({ path: join(tmpdir(), 'shequn-member-data-en.png'), fullPage: true });
    await page.keyboard.press('Escape');

    await page.getByTestId('profile-data-anonymise').click();
    await page.getByTestId('profile-data-erase-confirm').fill('1');
    await page.getByTestId('profile-data-erase-submit').click();
    // A wrong id erases no one.
    await page.getByText(`Type ${member.id}`).waitFor();
    await page.getByTestId('profile-data-erase-confirm').fill(String(member.id));
    await page.getByTestId('profile-data-erase-submit').click();
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe(`Anonymous ${member.id}`);
    // The timeline on the page is read again: their message texts are gone there too.
    await expect.poll(() => page.getByTestId('profile-timeline').textContent()).toContain('[removed]');
    await page.screenshot({ path: join(tmpdir(), 'shequn-member-anonymised-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
