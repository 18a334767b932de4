import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseConfig } from '../src/kernel/db/database.js';
import { databaseKinds, dropSchema, TEST_DATABASE_URL } from './support/databases.js';
import {
  campWithLinks,
  seedCampCommunityIn,
  signIn,
  startShequn,
  type ShequnProcess,
} from './support/shequn-process.js';

const MEMBERS = 600;
const CONCURRENCY = 24;
/** Kill the server once this many check-ins were acknowledged, so the stream is mid-flight. */
const KILL_AFTER = 150;

/**
 * Every check-in the server acknowledged must survive a SIGKILL, exactly once: the answer is sent
 * only after the transaction (check-in, event, rollups) commits. Check-ins cut off by the kill
 * may or may not be stored; retried after the restart they are stored once or refused as a repeat.
 */
describe.each(databaseKinds.map(([kind]) => kind))('check-in durability on %s', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shequn-durability-'));
  // On PostgreSQL the server and the checks share a schema of their own on the test server.
  const schema = kind === 'postgres' ? `durable_${randomBytes(5).toString('hex')}` : undefined;
  const database: DatabaseConfig = schema ? { databaseUrl: TEST_DATABASE_URL, schema } : { dataDir };
  const serverEnv: Record<string, string> = schema
    ? { DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` }
    : {};
  let server: ShequnProcess | null = null;
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  });

  it('keeps every acknowledged check-in across a SIGKILL, none twice', async () => {
    const { today } = await seedCampCommunityIn(database, 'durable', MEMBERS);
    server = await startShequn(dataDir, serverEnv);
    const headers = await signIn(server.url);
    const { campId, tokens } = await campWithLinks(server.url, headers, 'durable', today);
    expect(tokens).toHaveLength(MEMBERS);

    const acknowledged = new Set<string>();
    const unanswered: string[] = [];
    let next = 0;
    let killed = false;
    const url = server.url;
    const child = server.child;
    const worker = async () => {
      while (next < tokens.length) {
        const token = tokens[next++];
        if (killed) {
          unanswered.push(token);
          continue;
        }
        try {
          const res = await fetch(`${url}/api/m/${token}/checkins`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: 'durable' }),
          });
          if (res.status !== 201) throw new Error(`unexpected ${res.status} ${await res.text()}`);
          acknowledged.add(token);
          if (acknowledged.size === KILL_AFTER && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
          unanswered.push(token);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(await server.exited).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(unanswered.length).toBeGreaterThan(0);

    // Restart on the same data and finish the stream: a lost answer shows up as a refused repeat.
    server = await startShequn(dataDir, serverEnv);
    const retried: Record<number, number> = {};
    for (const token of unanswered) {
      const res = await fetch(`${server.url}/api/m/${token}/checkins`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'durable' }),
      });
      retried[res.status] = (retried[res.status] ?? 0) + 1;
    }
    expect(
      Object.keys(retried).every((s) => s === '201' || s === '409'),
      JSON.stringify(retried),
    ).toBe(true);
    for (const token of acknowledged) {
      const state = await (await fetch(`${server.url}/api/m/${token}`)).json();
      expect(state.today.checkedIn).toBe(true);
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const handle = await openDatabase(database);
    try {
      const perMember = await handle.db
        .selectFrom('checkins')
        .select(['member_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('camp_id', '=', campId)
        .groupBy('member_id')
        .execute();
      expect(perMember.every((r) => r.n === 1)).toBe(true);
      // Everyone is checked in exactly once now: acknowledged before the kill, or stored (before or after it) once.
      expect(perMember).toHaveLength(MEMBERS);
      const events = await handle.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'checkin')
        .executeTakeFirstOrThrow();
      expect(events.n).toBe(MEMBERS);
      const rollup = await handle.db
        .selectFrom('community_days')
        .select((eb) => eb.fn.sum<number>('checkins').as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(rollup.n)).toBe(MEMBERS);
      // Every check-in was either acknowledged before the kill or settled by the retry.
      expect(acknowledged.size + unanswered.length).toBe(MEMBERS);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
