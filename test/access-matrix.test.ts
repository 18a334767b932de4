import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_ROLES, hasRole, isAccessRole, type AccessRole } from '../src/kernel/http/access-roles.js';
import { databaseKinds, type TestDatabase } from './support/databases.js';
import { testServer } from './support/server.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Operation {
  method: Method;
  path: string;
  access: string;
}

const COMMUNITY = 'camp';
// Ids that match nothing: a permitted write then changes nothing, so the matrix can run in any order.
const ABSENT_ID = '987654';

function operationsOf(document: { paths: Record<string, Record<string, { 'x-access'?: string }>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method as Method, path, access: op['x-access'] ?? 'undeclared' })),
  );
}

function urlFor(path: string, slug: string): string {
  return path.replace('{slug}', slug).replace(/\{[^}]+\}/g, ABSENT_ID);
}

/**
 * Every operation in the OpenAPI document, called as every role, as an owner of another community
 * and anonymously. Routes declare their minimum role; this checks the server enforces it and that
 * nothing about a foreign community leaks.
 */
describe.each(databaseKinds)('role matrix on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let operations: Operation[];

  beforeAll(async () => {
    store = await open();
    server = await testServer(store, COMMUNITY);
    const doc = await server.as('analyst', { url: '/api/docs/json' });
    operations = operationsOf(doc.json());
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const call = (op: Operation, slug: string): InjectOptions => ({
    method: op.method.toUpperCase() as InjectOptions['method'],
    url: urlFor(op.path, slug),
    ...(op.method === 'get' || op.method === 'delete' ? {} : { payload: {} }),
  });

  it('finds the routes and every one declares its access', () => {
    expect(operations.length).toBeGreaterThan(5);
    for (const op of operations) expect([op.path, op.access]).not.toEqual([op.path, 'undeclared']);
  });

  it('puts every community path behind a community role, and keeps analysts read-only', () => {
    for (const op of operations.filter((o) => o.path.includes('{slug}'))) {
      expect(isAccessRole(op.access), `${op.method} ${op.path} declares ${op.access}`).toBe(true);
      if (op.method !== 'get')
        expect(hasRole('analyst', op.access as AccessRole), `${op.method} ${op.path} is open to analysts`).toBe(false);
    }
  });

  it('refuses anonymous callers everywhere but the public routes', async () => {
    for (const op of operations.filter((o) => o.access !== 'public')) {
      const res = await server.app.inject(call(op, COMMUNITY));
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(401);
    }
  });

  it('shows a foreign community to nobody: its owner elsewhere gets 404 on every community route', async () => {
    for (const op of operations.filter((o) => o.path.includes('{slug}'))) {
      const res = await server.as('stranger', call(op, COMMUNITY));
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(404);
      expect(res.json().message).toBe(`community "${COMMUNITY}" not found`);
    }
  });

  it.each(ACCESS_ROLES)('lets %s do exactly what its role allows', async (role) => {
    for (const op of operations.filter((o) => isAccessRole(o.access))) {
      const res = await server.as(role, call(op, COMMUNITY));
      const label = `${role} ${op.method} ${op.path} → ${res.statusCode} ${res.body.slice(0, 120)}`;
      if (hasRole(role, op.access as AccessRole)) {
        expect([401, 403], label).not.toContain(res.statusCode);
        expect(res.statusCode === 404 && res.json().message === `community "${COMMUNITY}" not found`, label).toBe(
          false,
        );
      } else {
        expect(res.statusCode, label).toBe(403);
      }
    }
  });

  it('needs the CSRF token for every cookie-authenticated write', async () => {
    const session = await server.session('owner');
    for (const op of operations.filter((o) => o.method !== 'get' && o.access !== 'public')) {
      const res = await server.withSession(session, call(op, COMMUNITY), false);
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(403);
      expect(res.json().code).toBe('CSRF');
    }
  });
});
