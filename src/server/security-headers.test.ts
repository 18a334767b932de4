import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { testServer } from '../../test/support/server.js';
import { buildApp } from './app.js';
import { apiDocsSetting } from './security-headers.js';

describe('SHEQUN_API_DOCS', () => {
  it('is signed-in unless set, and nothing but public, signed-in or off', () => {
    expect(apiDocsSetting(undefined)).toBe('signed-in');
    expect(apiDocsSetting('')).toBe('signed-in');
    expect(apiDocsSetting('public')).toBe('public');
    expect(apiDocsSetting('off')).toBe('off');
    expect(() => apiDocsSetting('yes')).toThrow(/SHEQUN_API_DOCS/);
  });
});

/** The headers every answer carries, whatever it is. */
function expectSecurityHeaders(res: LightMyRequestResponse) {
  const csp = String(res.headers['content-security-policy']);
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('default-src')).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  expect(directives.get('connect-src')).toEqual(["'self'", 'ws://shequn.example:8080', 'wss://shequn.example:8080']);
  // A plain-HTTP install (a LAN address) must not be told to upgrade to HTTPS it lacks.
  expect(directives.has('upgrade-insecure-requests')).toBe(false);
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
}

describe.each(databaseKinds)('security headers on %s', (_kind, open) => {
  let store: TestDatabase;
  let consoleDir: string;
  let server: Awaited<ReturnType<typeof testServer>>;
  let proxied: FastifyInstance;
  let publicDocs: FastifyInstance;
  let noDocs: FastifyInstance;
  beforeAll(async () => {
    store = await open();
    // A stand-in for web/dist: the headers are the server's, whatever the console's build.
    consoleDir = mkdtempSync(join(tmpdir(), 'shequn-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><script type="module" src="/assets/a.js"></script>');
    writeFileSync(join(consoleDir, 'assets', 'a.js'), 'console.log(1)');
    server = await testServer(store, 'headers', { consoleDir, apiDocs: 'signed-in' });
    proxied = await buildApp({ handle: store, consoleDir, trustProxy: '1' });
    publicDocs = await buildApp({ handle: store, apiDocs: 'public' });
    noDocs = await buildApp({ handle: store, apiDocs: 'off' });
  });
  afterAll(async () => {
    for (const app of [server?.app, proxied, publicDocs, noDocs]) await app?.close();
    await store?.dispose();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  const host = { host: 'shequn.example:8080' };

  it.each([
    ['the console', '/c/headers/members'],
    ['a member page', '/m/member-token-123'],
    ['an API answer', '/api/health'],
    ['an API error', '/api/communities/headers/members'],
    ['a console asset', '/assets/a.js'],
  ])('are on %s', async (_what, url) => {
    const res = await server.app.inject({ url, headers: host });
    expect(res.statusCode).toBeLessThan(500);
    expectSecurityHeaders(res);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('insist on HTTPS only over HTTPS, as a trusted proxy reports it', async () => {
    const viaProxy = (app: FastifyInstance) =>
      app.inject({ url: '/m/member-token-123', headers: { ...host, 'x-forwarded-proto': 'https' } });
    const trusted = await viaProxy(proxied);
    expectSecurityHeaders(trusted);
    expect(trusted.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    // Without SHEQUN_TRUST_PROXY anyone can write X-Forwarded-Proto: it is not believed.
    expect((await viaProxy(server.app)).headers['strict-transport-security']).toBeUndefined();
  });

  it('leave a strange Host header out of the policy', async () => {
    const res = await server.app.inject({ url: '/api/health', headers: { host: "evil; script-src 'unsafe-inline'" } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/connect-src 'self' *;/);
    expect(csp).not.toContain('evil');
  });

  it('serve the API docs to signed-in operators only by default', async () => {
    for (const url of ['/api/docs', '/api/docs/json', '/api/docs/static/index.css']) {
      expect((await server.app.inject({ url })).statusCode, url).toBe(401);
      expect((await server.as('analyst', { url })).statusCode, url).toBe(200);
    }
    const session = await server.session('analyst');
    const page = await server.withSession(session, { url: '/api/docs', headers: host });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/);
    expectSecurityHeaders(page);
  });

  it('serve them to anyone when public, and to no one when off', async () => {
    expect((await publicDocs.inject({ url: '/api/docs/json' })).statusCode).toBe(200);
    expect((await publicDocs.inject({ url: '/api/docs' })).statusCode).toBe(200);
    expect((await noDocs.inject({ url: '/api/docs' })).statusCode).toBe(404);
    expect((await noDocs.inject({ url: '/api/docs/json' })).statusCode).toBe(404);
  });
});
