import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_ROLES, hasRole, isAccessRole, type AccessRole } from '../src/kernel/http/access-roles.js';
import { databaseKinds, type TestDatabase } from './support/databases.js';
import { testServer } from './support/server.js';
import { testKeyring } from './support/keyring.js';
import { seedEveryKind, tick, type EveryKind } from './support/every-kind.js';

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

/**
 * Path parameters that are not ids of a community's objects, so nothing of another community can
 * be put in them. Each needs a reason; anything else in a path must have a kind in `ID_KINDS`.
 */
const NOT_IDS: Record<string, string> = {
  // The community itself: the matrix above covers a foreign slug.
  slug: 'the community',
  // A member's personal link is the caller's credential, not an id: another community's token
  // makes the caller that other member, which is not a leak.
  token: "the member caller's own credential",
  // A position in the log of the room the path names: read within that room, never alone.
  seq: 'a position inside the room named by groupId',
};

/** Where to find, in a community built by `seedEveryKind`, an id for each kind of path parameter. */
type IdSource = (f: EveryKind & { accounts: { account: number; token: number } }, path: string) => string | number;
const ID_KINDS: Record<string, IdSource> = {
  memberId: (f) => f.subject,
  // Rooms are groups too (platform `web`): the room's id serves both the rooms and the groups routes.
  groupId: (f) => f.roomId,
  campId: (f) => f.campId,
  checkinId: (f) => f.checkinId,
  flagId: (f) => f.flagId,
  mergeId: (f) => f.mergeId,
  connectorId: (f) => f.connectorId,
  noteId: (f) => f.noteId,
  outboxId: (f) => f.outboxId,
  // The outbox's retry and cancel routes name their item `itemId`.
  itemId: (f) => f.outboxId,
  inviteId: (f) => f.inviteId,
  accountId: (f) => f.accounts.account,
  // Room images are addressed by their uploader (`m<memberId>`) and a name.
  owner: (f) => `m${f.subject}`,
  imageId: (f, path) => (path.includes('/rooms/') ? f.roomImage : f.imageId),
  // `id` names a different kind on each route: the segment before it says which.
  id: (f, path) => {
    const kind = /\/([^/{}]+)\/\{id\}/.exec(path)?.[1];
    const ids: Record<string, number> = { imports: f.importId, blacklist: f.blacklistId, tokens: f.accounts.token };
    if (kind === undefined || !(kind in ids)) throw new Error(`no id kind for {id} in ${path}`);
    return ids[kind];
  },
};

/**
 * Ids a request body carries, by property name: each is also swapped for another community's. The
 * caller's own value of `otherMemberId` is a second member (a member is not merged with itself).
 */
const BODY_IDS: Record<string, IdSource> = {
  memberId: ID_KINDS.memberId,
  memberIds: ID_KINDS.memberId,
  otherMemberId: (f) => f.peer,
  groupId: (f) => f.groupId,
  groupIds: (f) => f.groupId,
  linkedGroupId: (f) => f.groupId,
};

/** Body properties named like ids that name nothing another community could own. */
const BODY_NOT_IDS: Record<string, string> = {
  // A name the client makes up per message (a UUID): the idempotency of a retried post.
  clientId: 'made by the client',
  // The name of an upload, read only under the caller's own folder (camp and member, or room and
  // uploader): the path to another's file is never built from it.
  imageId: "a file name inside the caller's own upload folder",
  // A chat platform's id for a group (a Telegram chat id, an IRC channel), set on the caller's own
  // group: no Shequn row is looked up by it.
  externalId: "a platform's chat id, not a Shequn id",
};

type Schema = Record<string, any>;

/** Gives the id for a body property named like one (`memberId`, `groupIds` …), or undefined. */
type IdPick = (property: string) => number | undefined;

/**
 * The smallest body the schema accepts (required properties, and every id property `pick` knows),
 * so a route reaches its id checks.
 */
function sampleOf(schema: Schema, doc: Schema, pick: IdPick = () => undefined): unknown {
  if (schema.$ref) return sampleOf(doc.components.schemas[schema.$ref.split('/').pop()], doc, pick);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sampleOf(options.find((o: Schema) => o.type !== 'null') ?? options[0], doc, pick);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Schema) => sampleOf(s, doc, pick)));
  switch (schema.type) {
    case 'object': {
      const keys = Object.keys(schema.properties ?? {}).filter(
        (key) => (schema.required ?? []).includes(key) || pick(key) !== undefined,
      );
      return Object.fromEntries(
        keys.map((key) => {
          const id = pick(key);
          if (id === undefined) return [key, sampleOf(schema.properties[key], doc, pick)];
          return [key, key.endsWith('Ids') ? [id] : id];
        }),
      );
    }
    case 'array':
      return schema.minItems ? [sampleOf(schema.items, doc, pick)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string': {
      const candidates = ['text', '2026-06-03', '08:00', 'https://example.org/x', randomUUID()];
      if (!schema.pattern) return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
      return candidates.find((c) => new RegExp(schema.pattern).test(c)) ?? 'x';
    }
    default:
      return {};
  }
}

/**
 * The caller has every right in their own community (owner) and the slug stays theirs; each id in
 * the path is replaced, one at a time, by the id of the same kind of object in another community
 * (the other ids stay valid ones of the caller's own). No such call may succeed. Driven by the
 * OpenAPI document, so a new route is covered when it is added, and a new kind of id fails here
 * until `ID_KINDS` can find one.
 */
describe.each(databaseKinds)('ids of another community on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let doc: Schema;
  let own: Parameters<IdSource>[0];
  let foreign: Parameters<IdSource>[0];

  const accountsOf = async (email: string) => {
    const row = await store.db
      .selectFrom('accounts')
      .innerJoin('api_tokens', 'api_tokens.account_id', 'accounts.id')
      .select(['accounts.id as account', 'api_tokens.id as token'])
      .where('accounts.email', '=', email)
      .executeTakeFirstOrThrow();
    return { account: Number(row.account), token: Number(row.token) };
  };

  beforeAll(async () => {
    store = await open();
    server = await testServer(store, COMMUNITY, { now: tick(), keyring: testKeyring() });
    doc = (await server.as('analyst', { url: '/api/docs/json' })).json();
    const person = (name: string) => ({
      name,
      handle: name.toLowerCase().replace(' ', '_'),
      phone: '+8613800000000',
      email: 'x@example.org',
    });
    own = {
      ...(await seedEveryKind(store, server.app, server.as, 'owner', COMMUNITY, person('Home Member'))),
      // An account with a role here, and a token of the caller's own.
      accounts: {
        account: (await accountsOf(server.emails.analyst)).account,
        token: (await accountsOf(server.emails.owner)).token,
      },
    };
    foreign = {
      ...(await seedEveryKind(store, server.app, server.as, 'stranger', server.elsewhere.slug, person('Away Member'))),
      accounts: await accountsOf(server.emails.stranger),
    };
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const pathParams = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const operations = () =>
    Object.entries<Schema>(doc.paths).flatMap(([path, methods]) =>
      Object.entries<Schema>(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ method, path, op })),
    );
  const urlWith = (path: string, ids: Parameters<IdSource>[0], foreignParam?: string) =>
    path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      if (name === 'slug') return COMMUNITY;
      if (name === 'token') return own.token;
      if (name in NOT_IDS) return String(name === 'seq' ? own.seq : ids.subject);
      return String(ID_KINDS[name](name === foreignParam ? foreign : ids, path));
    });
  const bodyOf = (op: Schema, path: string, foreignProperty?: string) => {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    const pick: IdPick = (property) => {
      const source = BODY_IDS[property];
      return source && Number(source(property === foreignProperty ? foreign : own, path));
    };
    return schema ? sampleOf(schema, doc, pick) : undefined;
  };
  /** The id properties a body schema has, at any depth; any named like an id must be in BODY_IDS. */
  const bodyIdProperties = (op: Schema): string[] => {
    const found = new Set<string>();
    const walk = (schema: Schema | undefined, seen: Set<Schema>) => {
      if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
      seen.add(schema);
      if (schema.$ref) return walk(doc.components.schemas[schema.$ref.split('/').pop()], seen);
      for (const [key, value] of Object.entries<Schema>(schema.properties ?? {})) {
        if (/Ids?$/.test(key)) found.add(key);
        walk(value, seen);
      }
      for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? []), schema.items])
        walk(part, seen);
    };
    walk(op.requestBody?.content?.['application/json']?.schema, new Set());
    return [...found];
  };

  it('knows every kind of id a path takes, or says why a parameter is no id', () => {
    const unknown = new Set(
      operations().flatMap(({ path }) => pathParams(path).filter((p) => !(p in NOT_IDS) && !(p in ID_KINDS))),
    );
    expect([...unknown], 'path parameters with no id kind in ID_KINDS nor a reason in NOT_IDS').toEqual([]);
    const unknownBody = new Set(
      operations().flatMap(({ op }) => bodyIdProperties(op).filter((p) => !(p in BODY_IDS) && !(p in BODY_NOT_IDS))),
    );
    expect([...unknownBody], 'body properties named like ids with no kind in BODY_IDS').toEqual([]);
  });

  it('finds its own ids valid: every read with only the caller’s own ids answers 2xx', async () => {
    for (const { method, path } of operations().filter((o) => o.method === 'get' && pathParams(o.path).length > 1)) {
      if (!pathParams(path).every((p) => p in ID_KINDS || p in NOT_IDS)) continue;
      const res = await server.as('owner', { method: 'GET', url: urlWith(path, own) });
      expect(res.statusCode, `${method} ${urlWith(path, own)} → ${res.body.slice(0, 200)}`).toBeLessThan(300);
    }
  });

  it('answers no route with an id of another community put into the caller’s own', async () => {
    const leaks: string[] = [];
    for (const { method, path, op } of operations()) {
      for (const param of pathParams(path).filter((p) => p in ID_KINDS)) {
        const url = urlWith(path, own, param);
        const body = bodyOf(op, path);
        const res = await server.as('owner', {
          method: method.toUpperCase() as InjectOptions['method'],
          url,
          ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
        });
        if (res.statusCode < 300) leaks.push(`${method} ${path} with a foreign {${param}} → ${res.statusCode}`);
      }
      for (const property of bodyIdProperties(op).filter((p) => p in BODY_IDS)) {
        const res = await server.as('owner', {
          method: method.toUpperCase() as InjectOptions['method'],
          url: urlWith(path, own),
          payload: bodyOf(op, path, property) as InjectOptions['payload'],
        });
        if (res.statusCode < 300)
          leaks.push(`${method} ${path} with a foreign ${property} in the body → ${res.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
