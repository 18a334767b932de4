import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase, type DatabaseConfig, type DatabaseHandle } from '../../src/kernel/db/database.js';
import { localDay, dayToIso } from '../../src/kernel/time/local-day.js';
import { ingestIntoCommunity } from '../../src/communities/imports/import.service.js';
import type { ImportedEvent } from '../../src/kernel/event-log/event.types.js';
import { eventLogOf } from './event-log.js';

const root = join(import.meta.dirname, '..', '..');
export const ADMIN = { email: 'owner@example.test', password: 'correct horse battery staple' };

export interface ShequnProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | string | null>;
}

/**
 * Starts `./bin/shequn start --port 0` on a SQLite data directory, without the demo and with a
 * known owner unless `env` says otherwise, and resolves once it listens.
 */
export function startShequn(dataDir: string, env: Record<string, string> = {}): Promise<ShequnProcess> {
  const child = spawn(join(root, 'bin', 'shequn'), ['start', '--port', '0'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      SHEQUN_DATA: dataDir,
      SHEQUN_LANG: 'en',
      SHEQUN_DEMO: '0',
      SHEQUN_ADMIN_EMAIL: ADMIN.email,
      SHEQUN_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+?) /.exec(output)?.[1];
      if (url) {
        child.stdout!.off('data', onData);
        // Keep draining the request log so the pipe never fills and blocks the server.
        child.stdout!.resume();
        resolve({ url, child, exited });
      }
    };
    child.stdout!.on('data', onData);
    exited.then((code) => reject(new Error(`shequn exited early (${code}): ${output.slice(-2000)}`)));
  });
}

/** Signs an account in (the owner by default): the session cookie and CSRF header for writes. */
export async function signIn(
  url: string,
  account: { email: string; password: string } = ADMIN,
): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

/**
 * Seeds a community whose group `g1` has `members` members (one join event each), in the data
 * directory's SQLite database or at `databaseUrl`; returns today's date there.
 */
export async function seedCampCommunity(
  dataDir: string,
  slug: string,
  members: number,
  timezone = 'Asia/Shanghai',
  databaseUrl?: string,
): Promise<{ today: string }> {
  return seedCampCommunityIn({ dataDir, databaseUrl }, slug, members, timezone);
}

/** `seedCampCommunity` in any database (a PostgreSQL schema of its own, say). */
export async function seedCampCommunityIn(
  database: DatabaseConfig,
  slug: string,
  members: number,
  timezone = 'Asia/Shanghai',
): Promise<{ today: string }> {
  const handle = await openDatabase(database);
  try {
    return await seedJoinedMembers(handle, slug, members, timezone);
  } finally {
    await handle.close();
  }
}

/** A community `slug` whose `members` members joined Telegram group g1 yesterday, in an open database. */
export async function seedJoinedMembers(
  handle: DatabaseHandle,
  slug: string,
  members: number,
  timezone = 'Asia/Shanghai',
): Promise<{ today: string }> {
  const now = Date.now();
  await ingestIntoCommunity(
    eventLogOf(handle),
    { community: slug, timezone, format: 'seed', fileName: 'members' },
    async function* (): AsyncIterable<ImportedEvent> {
      for (let i = 0; i < members; i++) {
        yield {
          platform: 'telegram',
          sourceId: `join:${i}`,
          group: { externalId: 'g1', name: 'g1' },
          author: { externalId: `m${i}`, displayName: `member ${i}` },
          kind: 'join',
          occurredAt: now - 86_400_000,
        };
      }
    },
  );
  return { today: dayToIso(localDay(timezone, now)) };
}

/**
 * Creates a whole-day camp over group g1 that started yesterday and enrols the whole group;
 * returns the camp id and the members' personal tokens.
 */
export async function campWithLinks(
  url: string,
  headers: Record<string, string>,
  slug: string,
  today: string,
): Promise<{ campId: number; tokens: string[] }> {
  const groups = (await (await fetch(`${url}/api/communities/${slug}/groups`, { headers })).json()) as Array<{
    id: number;
  }>;
  const start = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
  const created = await fetch(`${url}/api/communities/${slug}/camps`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      template: 'custom',
      name: 'Surge',
      startDate: start,
      lengthDays: 30,
      window: { start: '00:00', end: '24:00' },
      groupIds: [groups[0].id],
    }),
  });
  if (created.status !== 201) throw new Error(`create camp: ${created.status} ${await created.text()}`);
  const campId = ((await created.json()) as { id: number }).id;
  const enrolled = await fetch(`${url}/api/communities/${slug}/camps/${campId}/enrolments`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ groupId: groups[0].id }),
  });
  if (enrolled.status !== 200) throw new Error(`enrol: ${enrolled.status} ${await enrolled.text()}`);
  const { members } = (await enrolled.json()) as { members: Array<{ link: string }> };
  return { campId, tokens: members.map((m) => m.link.replace(/^.*\/m\//, '')) };
}
