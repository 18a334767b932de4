import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/server.js';
import { browserAvailable, launchBrowser, openPage, signIn, startAppServer } from './support.js';

/**
 * The console and the API docs under the Content-Security-Policy (src/server/security-headers.ts):
 * a policy that broke the console would be worse than none. Chromium reports every refused
 * script, style or connection as a console error, which `openPage` collects.
 */
describe.skipIf(!browserAvailable())('console and API docs under the Content-Security-Policy', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer('csp', { apiDocs: 'signed-in' }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds the console without inline script', () => {
    const html = readFileSync(join(import.meta.dirname, '..', '..', 'web', 'dist', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('signs in and shows the console with nothing refused', { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(browser, 'en');
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportViolation(t: string): void }).reportViolation(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      ),
    );
    const answer = await page.goto(server.url);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    await signIn(page, server.url, { email: server.emails.owner, password: TEST_PASSWORD });
    await page.getByTestId('nav-overview').waitFor();

    // The API docs, for a signed-in operator: Swagger UI draws the document under the same policy.
    await page.goto(`${server.url}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.locator('.opblock').first().waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
