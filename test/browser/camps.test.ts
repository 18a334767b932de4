import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMP_TEMPLATES, formatClock, TEMPLATE_NAMES } from '../../src/camps/camp/camp.rules.js';
import { signIn as apiSignIn } from '../support/shequn-process.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  browserAvailable,
  launchBrowser,
  openPage,
  signIn,
  serverDatabases,
  startServer,
  watchPage,
  type RunningServer,
  ONE_PIXEL_PNG,
  PHONE,
  XSS_TEXT,
} from './support.js';

/** A member page on a phone-sized viewport in the given language. */
async function openPhone(browser: Browser, lang: 'zh-CN' | 'en') {
  const opened = await openPage(browser, lang);
  await opened.page.setViewportSize(PHONE);
  return opened;
}

/**
 * Picks the first option of an antd Select by keyboard and waits for its dropdown to close (a
 * pointer click can land while the dropdown is still animating in a modal and leave it open).
 */
async function pickFirstOption(page: Page, testId: string, multiple = false): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await page.keyboard.press('Enter');
  // A multiple select stays open for more; Escape closes it (and only it).
  if (multiple) await page.keyboard.press('Escape');
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

const inputValue = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('xpath=descendant-or-self::input').first().inputValue();

/** Signs in through the API (as a script would) for checks the browser cannot see. */
const apiSession = (url: string) => apiSignIn(url, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });

describe.skipIf(!browserAvailable()).each(serverDatabases)('console and member pages: camps on %s', (database) => {
  let server: RunningServer;
  let browser: Browser;
  // Filled by the first test and used by the ones after it (they run in order).
  let campPath = '';
  let links: string[] = [];
  let memberName = '';

  beforeAll(async () => {
    server = await startServer({}, database);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('pre-fills the create form with each template as the server defines it', { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(browser, 'en');
    await signIn(page, server.url);
    for (const name of TEMPLATE_NAMES) {
      await page.goto(`${server.url}/c/demo/camps/new?template=${name}`);
      await page.getByTestId('camp-form').waitFor();
      const template = CAMP_TEMPLATES[name];
      expect(await inputValue(page, 'camp-length'), name).toBe(String(template.lengthDays));
      expect(await inputValue(page, 'camp-window-start'), name).toBe(formatClock(template.window.start));
      expect(await inputValue(page, 'camp-window-end'), name).toBe(formatClock(template.window.end));
      for (const key of ['makeUpCards', 'makeUpMaxDaysLate', 'freezes', 'freezeEarnedEveryDays'] as const) {
        expect(await inputValue(page, `camp-${key}`), `${name} ${key}`).toBe(String(template.rules[key]));
      }
      for (const field of ['text', 'number', 'link', 'image'] as const) {
        expect(await page.getByTestId(`camp-content-${field}`).isChecked(), `${name} ${field}`).toBe(
          template.content[field],
        );
      }
      expect(await page.getByTestId('camp-miss-policy').locator('input:checked').inputValue(), name).toBe(
        template.rules.missPolicy,
      );
      expect(await inputValue(page, 'camp-reminder'), name).toBe(template.settings.reminderTime ?? '');
      const milestones = await page
        .getByTestId('camp-milestones')
        .locator('.ant-select-selection-item')
        .allTextContents();
      expect(milestones.map(Number), name).toEqual(template.settings.milestones);
    }
    expect(errors).toEqual([]);
  });

  it('creates a 21-day early-riser camp from its template, lists it, opens its dashboard and enrols a group', {
    timeout: 180_000,
  }, async () => {
    const { page, errors } = await openPage(browser, 'zh-CN');
    await signIn(page, server.url);
    await page.getByTestId('nav-camps').click();
    await page.getByTestId('camp-template-early-riser-21').click();
    await page.getByTestId('camp-form').waitFor();
    expect(await inputValue(page, 'camp-name')).toBe('21天早起打卡');
    expect(await inputValue(page, 'camp-window-start')).toBe('05:00');

    // The server's clock cannot be set, so the camp takes check-ins all day, starting today.
    await page.getByTestId('camp-whole-day').click();
    expect(await inputValue(page, 'camp-window-end')).toBe('24:00');
    await pickFirstOption(page, 'camp-groups', true);
    expect(await page.getByTestId('camp-groups').locator('.ant-select-selection-item').count()).toBe(1);
    await page.getByTestId('camp-submit').click();

    await page.getByTestId('camp-title').waitFor();
    expect(await page.getByTestId('camp-title').textContent()).toBe('21天早起打卡');
    campPath = new URL(page.url()).pathname;
    expect(campPath).toMatch(/^\/c\/demo\/camps\/\d+$/);
    await page.getByTestId('camp-dashboard').waitFor();
    expect(await page.getByTestId('dashboard-enrolled').textContent()).toContain('0');

    await page.getByTestId('camp-enrol').click();
    await pickFirstOption(page, 'enrol-group');
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-result').waitFor();
    links = await page.getByTestId('enrol-links').getByTestId('enrol-link').allTextContents();
    expect(links.length).toBeGreaterThan(1);
    for (const link of links) expect(link).toMatch(new RegExp(`^${server.url}/m/[A-Za-z0-9_-]{16,}$`));
    await page.screenshot({ path: join(tmpdir(), 'shequn-camp-enrol-zh.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('camp-enrolled').textContent()).not.toBe('0');

    await page.getByTestId('nav-camps').click();
    const listed = page.getByTestId('camps-table').getByTestId('camp-link');
    await expect.poll(() => listed.allTextContents()).toContain('21天早起打卡');
    expect(errors).toEqual([]);
  });

  it('lets a member check in from their link on a phone, refuses a second check-in, and speaks English on request', {
    timeout: 180_000,
  }, async () => {
    expect(links.length).toBeGreaterThan(0);
    const { page, errors } = await openPhone(browser, 'zh-CN');
    // A second tab opened before the check-in: its page still offers the button.
    const staleErrors: string[] = [];
    const stale = watchPage(await page.context().newPage(), staleErrors);
    await page.goto(links[0]);
    await stale.goto(links[0]);
    await page.getByTestId('member-today').waitFor();
    await stale.getByTestId('member-today').waitFor();
    memberName = (await page.getByTestId('member-hello').textContent())!.replace(/^你好，/, '');
    expect(memberName.length).toBeGreaterThan(0);
    expect(await page.getByTestId('member-day').textContent()).toBe('第 1 天 / 共 21 天');
    expect(await page.getByTestId('member-streak').getAttribute('data-value')).toBe('0');

    await page.getByTestId('member-checkin').click();
    await page.getByTestId('member-success').waitFor();
    expect(await page.getByTestId('member-success').textContent()).toContain('打卡成功');
    await expect.poll(() => page.getByTestId('member-streak').getAttribute('data-value')).toBe('1');
    const first = page.getByTestId('calendar-day').first();
    await expect.poll(() => first.getAttribute('data-status')).toBe('checked');
    expect(await page.getByTestId('calendar-day').nth(1).getAttribute('data-status')).toBe('future');
    expect(await page.getByTestId('member-checkin').textContent()).toContain('今日已打卡');
    // The leaderboard opens on this camp's own ranking ("本期"), where the check-in just counted.
    const board = page.getByTestId('member-leaderboard');
    await expect.poll(() => board.locator('.ant-segmented-item-selected').textContent()).toBe('本期');
    await expect.poll(() => board.locator('[data-testid=member-rank-row][data-me=true]').count()).toBe(1);

    await stale.getByTestId('member-checkin').click();
    const refusal = stale.getByTestId('member-refusal');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('ALREADY_CHECKED_IN');
    expect(await refusal.textContent()).toContain('你今天已经打过卡了');
    // Chromium logs every 4xx answer to fetch; this refusal is the one the page expects, and nothing else may show.
    expect(staleErrors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);

    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(tmpdir(), 'shequn-member-zh.png'), fullPage: true });

    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await expect.poll(() => page.getByTestId('member-day').textContent()).toBe('Day 1 of 21');
    expect(await page.getByTestId('member-progress').textContent()).toContain('Streak');
    expect(await page.getByTestId('member-checkin').textContent()).toContain('Checked in today');
    expect(await page.getByTestId('member-hello').textContent()).toBe(`Hi, ${memberName}`);
    await page.screenshot({ path: join(tmpdir(), 'shequn-member-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows the member's check-in on the camp's dashboard and check-in list", { timeout: 120_000 }, async () => {
    expect(memberName).not.toBe('');
    const { page, errors } = await openPage(browser, 'en');
    await signIn(page, server.url);
    await page.goto(`${server.url}${campPath}`);
    await page.getByTestId('camp-dashboard').waitFor();
    await expect.poll(() => page.getByTestId('dashboard-checked-in').textContent()).toContain('1');
    await page.getByTestId('chart-rate-by-day').waitFor();
    await page.getByTestId('tab-checkins').click();
    const row = page.getByTestId('camp-checkin');
    await expect.poll(() => row.getByTestId('camp-checkin-name').allTextContents()).toEqual([memberName]);
    await page.screenshot({ path: join(tmpdir(), 'shequn-camp-dashboard-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('edits the camp with the same form, keeping what was not changed', { timeout: 120_000 }, async () => {
    const headers = await apiSession(server.url);
    const api = `${server.url}/api${campPath.replace('/c/demo/', '/communities/demo/')}`;
    const before = (await (await fetch(api, { headers })).json()) as { groupIds: number[]; window: object };
    const { page, errors } = await openPage(browser, 'zh-CN');
    await signIn(page, server.url);
    await page.goto(`${server.url}${campPath}`);
    await page.getByTestId('camp-edit').click();
    await page.getByTestId('camp-form').waitFor();
    expect(await inputValue(page, 'camp-window-end')).toBe('24:00');
    await page.getByTestId('camp-name').fill('21天早起打卡 · 第二期');
    await page.getByTestId('camp-reminder').fill('06:45');
    await page.getByTestId('camp-submit').click();
    await expect.poll(() => page.getByTestId('camp-title').textContent()).toBe('21天早起打卡 · 第二期');

    const after = (await (await fetch(api, { headers })).json()) as {
      name: string;
      settings: { reminderTime: string };
      groupIds: number[];
      window: object;
    };
    expect(after.settings.reminderTime).toBe('06:45');
    expect(after.groupIds).toEqual(before.groupIds);
    expect(after.window).toEqual(before.window);
    expect(errors).toEqual([]);
  });

  it('hides every write action from an analyst', { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(browser, 'en');
    // The owner signs in, and the console is told (as an analyst's would be) that the role is analyst:
    // what is checked here is the console hiding buttons; the server's own checks have their tests.
    await page.route('**/api/auth/me', async (route) => {
      const answer = await route.fetch();
      const me = (await answer.json()) as { communities: Array<{ role: string }> };
      for (const c of me.communities ?? []) c.role = 'analyst';
      await route.fulfill({ response: answer, json: me });
    });
    await signIn(page, server.url);
    await page.goto(`${server.url}/c/demo/camps`);
    await page.getByTestId('camps-table').waitFor();
    expect(await page.getByTestId('camp-templates').count()).toBe(0);
    await page.goto(`${server.url}${campPath}?tab=checkins`);
    await page.getByTestId('camp-checkin').first().waitFor();
    for (const action of ['camp-enrol', 'camp-edit', 'checkin-void', 'tab-flags'])
      expect(await page.getByTestId(action).count(), action).toBe(0);
    await page.goto(`${server.url}/c/demo/camps/new?template=custom`);
    await page.getByTestId('camps-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/c/demo/camps');
    expect(errors).toEqual([]);
  });

  it('asks for the number a reading camp needs and makes up a missed day', { timeout: 120_000 }, async () => {
    const headers = await apiSession(server.url);
    const groups = (await (await fetch(`${server.url}/api/communities/demo/groups`, { headers })).json()) as Array<{
      id: string;
    }>;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const created = await fetch(`${server.url}/api/communities/demo/camps`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        template: 'reading-30',
        name: 'Reading',
        startDate: yesterday,
        window: { start: '00:00', end: '24:00' },
        content: { numberLabel: '页' },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const enrolled = await fetch(`${server.url}/api/communities/demo/camps/${id}/enrolments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ groupId: Number(groups[0].id) }),
    });
    const { members } = (await enrolled.json()) as { members: Array<{ link: string }> };

    const { page, errors } = await openPhone(browser, 'zh-CN');
    await page.goto(members[0].link);
    await page.getByTestId('member-today').waitFor();
    expect(await page.getByTestId('member-day').textContent()).toBe('第 2 天 / 共 30 天');
    expect(await page.getByTestId('member-today').textContent()).toContain('数量（页）');
    expect(await page.getByTestId('calendar-day').nth(0).getAttribute('data-status')).toBe('missed');
    // Without the number the page says what is missing and sends nothing.
    await page.getByTestId('member-checkin').click();
    await expect.poll(() => page.getByTestId('member-today').textContent()).toContain('本训练营要求填写');
    await page.getByTestId('member-number').fill('25');
    await page.getByTestId('member-checkin').click();
    await page.getByTestId('member-success').waitFor();
    await expect.poll(() => page.getByTestId('calendar-day').nth(1).getAttribute('data-status')).toBe('checked');

    await page.getByTestId('member-makeup').check();
    await page.getByTestId('member-number').fill('12');
    await page.getByTestId('member-checkin').click();
    await expect.poll(() => page.getByTestId('member-success').textContent()).toContain(`${yesterday} 补卡成功`);
    await expect.poll(() => page.getByTestId('calendar-day').nth(0).getAttribute('data-status')).toBe('makeup');
    await expect.poll(() => page.getByTestId('member-streak').getAttribute('data-value')).toBe('2');
    expect(errors).toEqual([]);
  });

  it('takes a photo with the check-in and shows it to staff', { timeout: 180_000 }, async () => {
    const headers = await apiSession(server.url);
    const groups = (await (await fetch(`${server.url}/api/communities/demo/groups`, { headers })).json()) as Array<{
      id: string;
    }>;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const created = await fetch(`${server.url}/api/communities/demo/camps`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        template: 'custom',
        name: 'Photo walk',
        startDate: today,
        window: { start: '00:00', end: '24:00' },
        content: { image: true },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const enrolled = await fetch(`${server.url}/api/communities/demo/camps/${id}/enrolments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ groupId: Number(groups[1].id) }),
    });
    const { members } = (await enrolled.json()) as { members: Array<{ link: string }> };

    const { page, errors } = await openPhone(browser, 'en');
    await page.goto(members[0].link);
    await page.getByTestId('member-today').waitFor();
    await page.getByTestId('member-checkin').click();
    await expect.poll(() => page.getByTestId('member-today').textContent()).toContain('Needed for this camp');
    await page
      .getByTestId('member-image-input')
      .setInputFiles({ name: 'walk.png', mimeType: 'image/png', buffer: Buffer.from(ONE_PIXEL_PNG, 'base64') });
    await page.getByTestId('member-image-preview').waitFor();
    await page.getByTestId('member-checkin').click();
    await page.getByTestId('member-success').waitFor();

    // A file that is not an image is refused in words before any check-in.
    const second = await openPhone(browser, 'zh-CN');
    await second.page.goto(members[1].link);
    await second.page.getByTestId('member-image-input').setInputFiles({
      name: 'x.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    });
    await expect
      .poll(() => second.page.getByTestId('member-image-error').textContent())
      .toContain('只能使用 JPEG、PNG、WebP 或 GIF');
    expect(second.errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);

    // The API session's cookie signs the console in: a UI sign-in more would hit the login rate limit.
    const staff = await openPage(browser, 'en');
    const cookies = headers.cookie
      .split('; ')
      .map((pair) => ({ name: pair.split('=')[0], value: pair.slice(pair.indexOf('=') + 1), url: server.url }));
    await staff.page.context().addCookies(cookies);
    await staff.page.goto(`${server.url}/c/demo/camps/${id}?tab=checkins`);
    const image = staff.page.getByTestId('camp-checkin-image').locator('img');
    await image.waitFor();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(errors).toEqual([]);
    expect(staff.errors).toEqual([]);
  });

  it('says so when a link is unknown', { timeout: 60_000 }, async () => {
    const { page, errors } = await openPhone(browser, 'en');
    await page.goto(`${server.url}/m/${'x'.repeat(32)}`);
    await page.getByTestId('member-invalid').waitFor();
    expect(await page.getByTestId('member-invalid').textContent()).toContain('This link does not work');
    // The one 404 is the answer the page expects; nothing else may show.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
  });

  it('shows check-in text made of HTML as text, on the member page and in the console', {
    timeout: 120_000,
  }, async () => {
    expect(links.length).toBeGreaterThan(1);
    const { page, errors } = await openPhone(browser, 'en');
    await page.goto(links[1]);
    await page.getByTestId('member-text').fill(XSS_TEXT);
    await page.getByTestId('member-checkin').click();
    const own = page.getByTestId('member-own-checkin');
    await own.waitFor();
    expect(await own.textContent()).toContain(XSS_TEXT);
    expect(await page.getByTestId('member-page').locator('img').count()).toBe(0);

    // The same text as staff see it.
    const headers = await apiSession(server.url);
    const campId = campPath.split('/').pop();
    const checkins = (await (
      await fetch(`${server.url}/api/communities/demo/camps/${campId}/checkins`, { headers })
    ).json()) as Array<{ text: string | null }>;
    expect(checkins.map((c) => c.text)).toContain(XSS_TEXT);
    const console = (await openPage(browser, 'en')).page;
    watchPage(console, errors);
    await signIn(console, server.url);
    await console.goto(`${server.url}${campPath}?tab=checkins`);
    const table = console.getByTestId('camp-checkins');
    await expect.poll(() => table.textContent()).toContain(XSS_TEXT);
    expect(await table.locator('img').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
