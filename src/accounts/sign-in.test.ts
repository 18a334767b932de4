import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { testServer, TEST_PASSWORD } from '../../test/support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;

/** One sign-in attempt; `via` is the proxy's X-Forwarded-For, the socket is always 127.0.0.1. */
const attempt = (server: Server, email: string, password = 'guess-guess', via?: string) =>
  server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    ...(via ? { headers: { 'x-forwarded-for': via } } : {}),
  } satisfies InjectOptions);

async function statuses(count: number, next: (i: number) => ReturnType<typeof attempt>): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await next(i)).statusCode);
  return seen;
}

/**
 * Sign-in limits found in an audit: keyed on the email as typed (padding or case escaped them), and
 * behind a proxy on the client-written leftmost X-Forwarded-For entry.
 */
describe.each(databaseKinds)('sign-in on %s', (_kind, open) => {
  let store: TestDatabase;
  // One app per concern, so that no test's attempts count against another's.
  let direct: Server;
  let spelling: Server;
  let proxied: Server;
  let spray: Server;
  beforeAll(async () => {
    store = await open();
    direct = await testServer(store, 'direct');
    spelling = await testServer(store, 'spelling');
    proxied = await testServer(store, 'proxied', { trustProxy: '1' });
    spray = await testServer(store, 'spray', { trustProxy: '1' });
  });
  afterAll(async () => {
    for (const server of [direct, spelling, proxied, spray]) await server?.app.close();
    await store?.dispose();
  });

  it('counts a padded, re-cased or full-width spelling of an email against the same account', async () => {
    const spellings = (i: number) =>
      [
        `${' '.repeat(i + 1)}analyst@direct.test`,
        `ANALYST@direct.test${'\t'.repeat(i)}`,
        'Analyst@Direct.Test',
        // NFKC folds full-width letters, which an IME in full-width mode types.
        'ａｎａｌｙｓｔ@direct.test',
      ][i % 4]!;
    const seen = await statuses(12, (i) => attempt(direct, spellings(i)));
    expect(seen.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(seen.slice(10)).toEqual([429, 429]);
  });

  it('keeps a locked account locked whichever spelling carries the right password', async () => {
    const email = spelling.emails.operator;
    expect(await statuses(10, () => attempt(spelling, email))).toEqual(Array(10).fill(401));
    for (const typed of [`  ${email.toUpperCase()}  `, email, `\u3000${email}`]) {
      const res = await attempt(spelling, typed, TEST_PASSWORD);
      expect(res.statusCode, typed).toBe(429);
      expect(res.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.cookies).toEqual([]);
    }
    // Another account behind the same address is not locked out by the guesses at this one.
    expect((await attempt(spelling, spelling.emails.owner, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('signs in with a padded, re-cased spelling of the right email', async () => {
    const res = await attempt(direct, `  ${direct.emails.owner.toUpperCase()} `, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().account.email).toBe(direct.emails.owner);
  });

  it('limits guesses at one account however many addresses they come from', async () => {
    const seen = await statuses(11, (i) =>
      attempt(proxied, proxied.emails.admin, 'guess-guess', `198.51.100.${i + 1}`),
    );
    expect(seen).toEqual([...Array(10).fill(401), 429]);
  });

  it("limits one address across accounts behind a proxy, whatever the client writes at X-Forwarded-For's left", async () => {
    // The proxy appends the address it saw (203.0.113.7); what the client wrote before it is a lie.
    const seen = await statuses(31, (i) =>
      attempt(spray, `nobody${i}@spray.test`, 'guess-guess', `10.9.${i}.1, 203.0.113.7`),
    );
    expect(seen).toEqual([...Array(30).fill(401), 429]);
    // The same guesses from another client are not held back by that one.
    expect((await attempt(spray, 'someone@spray.test', 'guess-guess', '203.0.113.8')).statusCode).toBe(401);
  });

  it("marks the session cookie Secure over HTTPS, believing a proxy's X-Forwarded-Proto only when trusted", async () => {
    const secure = async (server: Server) => {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: server.emails.owner, password: TEST_PASSWORD },
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.99' },
      });
      expect(res.statusCode).toBe(200);
      return res.cookies.find((c) => c.name === 'shequn_session')?.secure ?? false;
    };
    expect(await secure(proxied)).toBe(true);
    expect(await secure(direct)).toBe(false);
  });

  it('gives an unknown email and a wrong password the same answer', async () => {
    const unknown = await attempt(direct, 'nobody@direct.test');
    const wrong = await attempt(direct, direct.emails.assistant);
    const strip = (res: typeof unknown) => {
      const { requestId: _requestId, ...body } = res.json() as Record<string, unknown>;
      const { date: _date, 'content-length': _length, ...headers } = res.headers;
      return { status: res.statusCode, body, headers, cookies: res.cookies };
    };
    expect(strip(unknown)).toEqual(strip(wrong));
    expect(unknown.statusCode).toBe(401);
  });
});
