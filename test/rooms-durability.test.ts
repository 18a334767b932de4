import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, hasPostgres, TEST_DATABASE_URL } from './support/databases.js';
import { RoomClient } from './support/room-client.js';
import {
  campWithLinks,
  seedCampCommunityIn,
  signIn,
  startShequn,
  type ShequnProcess,
} from './support/shequn-process.js';

const MEMBERS = 30;
/** Each client's posts: one token bucket (5 in 10 s), so none is refused for speed. */
const POSTS_EACH = 5;
const KILL_AFTER = 40;

const running: ShequnProcess[] = [];
async function stop(server: ShequnProcess) {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
afterAll(async () => {
  for (const server of running) await stop(server);
});

/** A community with a camp (personal links) over group g1, and a room linked to g1. */
async function roomWithLinks(server: ShequnProcess, slug: string, today: string) {
  const headers = await signIn(server.url);
  const { tokens } = await campWithLinks(server.url, headers, slug, today);
  const groups = (await (await fetch(`${server.url}/api/communities/${slug}/groups`, { headers })).json()) as Array<{
    id: number;
  }>;
  const res = await fetch(`${server.url}/api/communities/${slug}/rooms`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Room', linkedGroupId: groups[0].id }),
  });
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${await res.text()}`);
  return { tokens, room: ((await res.json()) as { groupId: number }).groupId, headers };
}

async function subscribe(client: RoomClient, room: number, since: number) {
  await client.opened;
  client.send({ type: 'subscribe', room, since });
  await client.waitFor((f) => f.type === 'subscribed' && f.room === room);
}

describe('room durability on sqlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shequn-rooms-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged post across a SIGKILL, once; reconnecting clients catch up in order', async () => {
    const { today } = await seedCampCommunityIn({ dataDir }, 'rooms', MEMBERS);
    let server = await startShequn(dataDir);
    running.push(server);
    const { tokens, room } = await roomWithLinks(server, 'rooms', today);
    const clients = tokens.map((token) => new RoomClient(server.url, token));
    await Promise.all(clients.map((c) => subscribe(c, room, 0)));

    const acked = new Map<string, number>();
    const sent: Array<{ client: number; clientId: string; text: string }> = [];
    const child = server.child;
    for (const [i, client] of clients.entries()) {
      client.socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; clientId?: string; seq?: number };
        if (frame.type !== 'ack') return;
        acked.set(frame.clientId!, frame.seq!);
        if (acked.size === KILL_AFTER) child.kill('SIGKILL');
      });
      for (let n = 0; n < POSTS_EACH; n++) {
        const post = { client: i, clientId: randomUUID(), text: `post ${i}.${n}` };
        sent.push(post);
        client.send({ type: 'post', room, clientId: post.clientId, text: post.text });
      }
    }
    expect(await server.exited).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acked.size).toBeLessThan(sent.length);
    const before = clients.map((c) => ({ seen: c.seqs(room).length, since: c.contiguous(room) }));
    await Promise.all(clients.map((c) => c.closed));

    server = await startShequn(dataDir);
    running.push(server);
    const again = tokens.map((token) => new RoomClient(server.url, token));
    await Promise.all(again.map((c, i) => subscribe(c, room, before[i].since)));
    // Catch-up: after the seq asked for, in order, no entry twice.
    for (const [i, c] of again.entries()) {
      const caughtUp = c.seqs(room);
      expect(caughtUp.every((seq) => seq > before[i].since)).toBe(true);
      expect(caughtUp).toEqual([...caughtUp].sort((a, b) => a - b));
      expect(new Set(caughtUp).size).toBe(caughtUp.length);
    }
    // Posts without an answer are sent again with their client ids: stored once, whether or not they were before.
    const retries = sent.filter((p) => !acked.has(p.clientId));
    for (const post of retries)
      again[post.client].send({ type: 'post', room, clientId: post.clientId, text: post.text });
    await Promise.all(
      retries.map((post) => again[post.client].waitFor((f) => f.type === 'ack' && f.clientId === post.clientId)),
    );

    const headers = await signIn(server.url);
    const history = (await (
      await fetch(`${server.url}/api/communities/rooms/rooms/${room}/messages?since=0&limit=500`, { headers })
    ).json()) as { lastSeq: number; frames: Array<{ type: string; seq: number; clientId: string | null }> };
    const messages = history.frames.filter((f) => f.type === 'message');
    expect(messages).toHaveLength(sent.length);
    const byClientId = new Map(messages.map((m) => [m.clientId, m.seq]));
    expect(byClientId.size).toBe(sent.length);
    for (const [clientId, seq] of acked) expect(byClientId.get(clientId)).toBe(seq);
    expect(history.frames.map((f) => f.seq)).toEqual(history.frames.map((_, i) => i + 1));

    // Every client ends with the whole room, each entry once after dropping repeats by seq.
    await Promise.all(again.map((c) => c.waitFor((f) => f.seq === history.lastSeq && f.type === 'message')));
    for (const [i, c] of clients.entries()) {
      const seen = new Set([...c.seqs(room), ...again[i].seqs(room)]);
      expect([...seen].sort((a, b) => a - b)).toEqual(history.frames.map((f) => f.seq));
    }
    for (const c of again) c.close();
    await stop(server);
  }, 120_000);
});

describe.skipIf(!hasPostgres)('rooms across two processes on postgres', () => {
  const dataDirs = [mkdtempSync(join(tmpdir(), 'shequn-rooms-a-')), mkdtempSync(join(tmpdir(), 'shequn-rooms-b-'))];
  const schema = `rooms_${randomBytes(5).toString('hex')}`;
  const env = { DATABASE_URL: `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` };
  afterAll(async () => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('delivers a post on one process to a client of the other (LISTEN/NOTIFY), long ones read from the database', async () => {
    const { today } = await seedCampCommunityIn({ databaseUrl: TEST_DATABASE_URL, schema }, 'two', 4);
    const a = await startShequn(dataDirs[0], env);
    running.push(a);
    const b = await startShequn(dataDirs[1], env);
    running.push(b);
    const { tokens, room } = await roomWithLinks(a, 'two', today);
    const onA = new RoomClient(a.url, tokens[0]);
    const onB = new RoomClient(b.url, tokens[1]);
    await Promise.all([subscribe(onA, room, 0), subscribe(onB, room, 0)]);

    const fromB = randomUUID();
    onB.send({ type: 'post', room, clientId: fromB, text: 'hello from b' });
    const seen = await onA.waitFor((f) => f.type === 'message' && f.clientId === fromB);
    expect(seen).toMatchObject({ text: 'hello from b', seq: 1 });

    // 4000 CJK characters are 12,000 bytes: more than a NOTIFY carries.
    const fromA = randomUUID();
    const long = '长'.repeat(4000);
    onA.send({ type: 'post', room, clientId: fromA, text: long });
    const big = await onB.waitFor((f) => f.type === 'message' && f.clientId === fromA);
    expect(big).toMatchObject({ text: long, seq: 2 });
    // The poster's own copy comes through its process's NOTIFY too, in its own time: wait for it
    // rather than assume it beat the other process's.
    await onA.waitFor((f) => f.type === 'message' && f.clientId === fromA);
    expect(onA.seqs(room)).toEqual([1, 2]);
    expect(onB.seqs(room)).toEqual([1, 2]);
    onA.close();
    onB.close();
    await stop(a);
    await stop(b);
  }, 120_000);
});
