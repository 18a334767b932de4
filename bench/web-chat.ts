import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DatabaseConfig } from '../src/kernel/db/database.js';
import { ingestIntoCommunity } from '../src/communities/imports/import.service.js';
import type { ImportedEvent } from '../src/kernel/event-log/event.types.js';
import { eventLogOf } from '../test/support/event-log.js';
import { signIn, startShequn } from '../test/support/shequn-process.js';
import { runInfo } from './lib/machine.js';
import { median, round } from './lib/median.js';
import { onSqliteThenPostgres } from './lib/postgres.js';
import { createRandom } from './lib/random.js';
import { freshDir, log, writeResult } from './lib/work.js';
import { runLoad, type ChatProtocol, type LoadResult } from './lib/ws-load.js';

const ROOMS = Number(process.env.BENCH_ROOMS ?? 50);
const PER_ROOM = Number(process.env.BENCH_PER_ROOM ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/**
 * Rates tried after the counted runs, one run each, for the highest one held (SQLite only): upwards
 * while held when `RATE` was, else downwards until one is. BENCH_SEARCH=0 skips the search.
 */
const SEARCH_UP = [750, 1000, 1500];
const SEARCH_DOWN = [400, 300, 200, 100];
/** The goal's latency: a rate is held when its p99 stays under it and every frame arrived. */
const P99_GOAL_MS = 150;
const SLUG = 'chat';
const TIMEZONE = 'Asia/Shanghai';

/**
 * A community of `ROOMS` Telegram groups of `PER_ROOM` members each (one join event per member,
 * yesterday): every member in exactly one group.
 */
async function seedGroups(database: DatabaseConfig): Promise<void> {
  const handle = await openDatabase(database);
  const joined = Date.now() - 86_400_000;
  try {
    await ingestIntoCommunity(
      eventLogOf(handle),
      { community: SLUG, timezone: TIMEZONE, format: 'seed', fileName: 'members' },
      async function* (): AsyncIterable<ImportedEvent> {
        for (let g = 0; g < ROOMS; g++)
          for (let m = 0; m < PER_ROOM; m++)
            yield {
              platform: 'telegram',
              sourceId: `join:${g}:${m}`,
              group: { externalId: `g${g}`, name: `group ${g}` },
              author: { externalId: `m${g}-${m}`, displayName: `member ${g}-${m}` },
              kind: 'join',
              occurredAt: joined,
            };
      },
    );
  } finally {
    await handle.close();
  }
}

/** Sends `body` to the console API as the owner; throws unless the answer is `status`. */
async function api<T>(url: string, headers: Record<string, string>, path: string, body: unknown, status: number) {
  const res = await fetch(`${url}/api/communities/${SLUG}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  if (res.status !== status) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Through the API, as an operator would: a camp over every group (the members' personal links),
 * each group enrolled, and a room linked to each group (its members may enter: memberships of the
 * linked group). Answers each room's id and its members' link tokens.
 */
async function roomsWithLinks(url: string): Promise<Array<{ room: number; tokens: string[] }>> {
  const headers = await signIn(url);
  const groups = (
    (await (await fetch(`${url}/api/communities/${SLUG}/groups`, { headers })).json()) as Array<{
      id: number;
      name: string;
    }>
  ).sort((a, b) => a.id - b.id);
  const start = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const camp = await api<{ id: number }>(
    url,
    headers,
    '/camps',
    {
      template: 'custom',
      name: 'Links',
      startDate: start,
      lengthDays: 30,
      window: { start: '00:00', end: '24:00' },
      groupIds: groups.map((g) => g.id),
    },
    201,
  );
  const rooms = [];
  for (const group of groups) {
    const { members } = await api<{ members: Array<{ link: string }> }>(
      url,
      headers,
      `/camps/${camp.id}/enrolments`,
      { groupId: group.id },
      200,
    );
    const { groupId } = await api<{ groupId: number }>(
      url,
      headers,
      '/rooms',
      { name: `room of ${group.name}`, linkedGroupId: group.id },
      201,
    );
    rooms.push({ room: groupId, tokens: members.map((m) => m.link.replace('/m/', '')) });
  }
  return rooms;
}

/** Reads a message frame's text (the nonce) without parsing the JSON: the load generator shares the machine. */
function textOf(frame: string, prefix: string): string | null {
  if (!frame.startsWith(prefix)) return null;
  const at = frame.indexOf(',"text":"');
  if (at < 0) return null;
  const from = at + 9;
  return frame.slice(from, frame.indexOf('"', from));
}

/** Shequn's rooms: a member's socket by their link, subscribed to their room; posts acknowledged after commit. */
function shequnProtocol(url: string, rooms: Array<{ room: number; tokens: string[] }>): ChatProtocol {
  const ws = url.replace(/^http/, 'ws');
  return {
    url: (room, member) => `${ws}/api/rooms/socket?token=${rooms[room].tokens[member]}`,
    hello: (room) => [JSON.stringify({ type: 'subscribe', room: rooms[room].room })],
    greeted: (frame) => frame.startsWith('{"type":"subscribed"'),
    post: (room, _member, nonce) =>
      JSON.stringify({ type: 'post', room: rooms[room].room, clientId: randomUUID(), text: nonce }),
    read(frame) {
      if (frame.startsWith('{"type":"ack"')) return { nonce: '', acked: true };
      const nonce = textOf(frame, '{"type":"message"');
      return nonce === null ? null : { nonce, acked: false };
    },
    echoesToSender: true,
  };
}

/** The bare `ws` server: the same post frames, sent as they are to every socket of the room. */
function bareProtocol(url: string): ChatProtocol {
  return {
    url: (room) => `${url}/?room=${room}`,
    post: (room, _member, nonce) => JSON.stringify({ type: 'post', room, clientId: randomUUID(), text: nonce }),
    read(frame) {
      const nonce = textOf(frame, '{"type":"post"');
      return nonce === null ? null : { nonce, acked: false };
    },
    echoesToSender: true,
  };
}

async function startBare(): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('lib/bare-chat-server.mjs', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`bare chat server exited ${code}`)));
  });
  return { url: `ws://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

/** A process's resident memory in KiB (VmRSS). */
function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

/** A process's CPU time so far in seconds (user + system, /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Longest wait for a server to finish what a load left it (posts still queued when the sockets closed). */
const IDLE_WAIT_MS = 120_000;

/**
 * Waits until the server is idle (under a tenth of a core over a second), at least two seconds: a
 * server behind its load goes on writing the posts it read after the sockets close, and the next
 * load (the bare server's) would share the machine with it.
 */
async function untilIdle(pid: number): Promise<void> {
  const until = performance.now() + IDLE_WAIT_MS;
  await new Promise((r) => setTimeout(r, 1000));
  for (;;) {
    const from = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 1000));
    if (cpuSeconds(pid) - from < 0.1 || performance.now() > until) return;
  }
}

/**
 * One load against a server: connect every member, read the server's memory before and after (the
 * sockets idle and subscribed, after a few quiet seconds), run the posts, close the sockets.
 */
async function measure(protocol: ChatProtocol, pid: number, rate: number, seconds: number, seed: number) {
  let kbPerConnection = Number.NaN;
  let busyFrom = { at: 0, server: 0, load: 0 };
  const before = rssKb(pid);
  const { result, members } = await runLoad(protocol, ROOMS, PER_ROOM, rate, seconds, createRandom(seed), {
    connected: async () => {
      await new Promise((r) => setTimeout(r, 3000));
      kbPerConnection = (rssKb(pid) - before) / (ROOMS * PER_ROOM);
      busyFrom = { at: performance.now(), server: cpuSeconds(pid), load: cpuSeconds(process.pid) };
    },
  });
  // Cores busy from the load's start to its last frame (the server; the load generator).
  const wall = (performance.now() - busyFrom.at) / 1000;
  const serverCores = (cpuSeconds(pid) - busyFrom.server) / wall;
  const loadCores = (cpuSeconds(process.pid) - busyFrom.load) / wall;
  await members.close();
  await untilIdle(pid);
  return { ...result, kbPerConnection, serverCores, loadCores };
}

type Measured = LoadResult & { kbPerConnection: number; serverCores: number; loadCores: number };

interface Backend {
  name: 'sqlite' | 'postgres';
  env: Record<string, string>;
  database: DatabaseConfig;
}

const describeRun = (label: string, r: Measured) =>
  `${label}: ${Math.round(r.messagesPerSecond)} posts/s, ${Math.round(r.deliveriesPerSecond)} deliveries/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, acked ${r.acknowledged}, missing ${r.missing}, ${r.kbPerConnection.toFixed(1)} KiB/connection, cores busy: server ${r.serverCores.toFixed(2)}, load ${r.loadCores.toFixed(2)}`;

/**
 * The chat load against `shequn start` on one database, alternating with the bare server: a
 * warm-up of each, then `RUNS` runs of each; afterwards the rooms' logs and web events are counted.
 */
async function chatOn(backend: Backend, bare: { url: string; pid: number }) {
  const dataDir = freshDir(`web-chat-${backend.name}`);
  const database = { ...backend.database, dataDir };
  await seedGroups(database);
  const server = await startShequn(dataDir, backend.env);
  const runs: Array<{ chat: Measured; bare: Measured }> = [];
  const search: Array<{ rate: number; chat: Measured }> = [];
  let acknowledged = 0;
  try {
    const rooms = await roomsWithLinks(server.url);
    const shequn = shequnProtocol(server.url, rooms);
    const pid = server.child.pid!;
    const warm = await measure(shequn, pid, RATE, Math.min(SECONDS, 10), 1);
    acknowledged += warm.acknowledged;
    log(describeRun(`web-chat ${backend.name} warm-up`, warm));
    log(describeRun('web-chat bare warm-up', await measure(bareProtocol(bare.url), bare.pid, RATE, 10, 1)));
    for (let run = 0; run < RUNS; run++) {
      const chat = await measure(shequn, pid, RATE, SECONDS, 100 + run);
      acknowledged += chat.acknowledged;
      log(describeRun(`web-chat ${backend.name} run ${run + 1}`, chat));
      const ceiling = await measure(bareProtocol(bare.url), bare.pid, RATE, SECONDS, 100 + run);
      log(describeRun(`web-chat bare run ${run + 1}`, ceiling));
      runs.push({ chat, bare: ceiling });
    }
    const up =
      runs.length > 0 && runs.every((r) => r.chat.missing === 0) && median(runs.map((r) => r.chat.p99Ms)) < P99_GOAL_MS;
    if (backend.name === 'sqlite' && process.env.BENCH_SEARCH !== '0')
      for (const rate of up ? SEARCH_UP : SEARCH_DOWN) {
        const chat = await measure(shequn, pid, rate, SECONDS, 200 + rate);
        acknowledged += chat.acknowledged;
        log(describeRun(`web-chat ${backend.name} at ${rate}/s`, chat));
        search.push({ rate, chat });
        if (held(chat) !== up) break;
      }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  return { runs, search, acknowledged, ...(await storedPosts(database)) };
}

/** A rate is held when the posts went out at it, every frame arrived and p99 met the goal. */
const held = (r: Measured) => r.missing === 0 && r.p99Ms < P99_GOAL_MS;

/** The messages in the rooms' logs, and the community's web events (each post is one). */
async function storedPosts(database: DatabaseConfig) {
  const handle = await openDatabase(database);
  try {
    const messages = await handle.db
      .selectFrom('room_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'message')
      .executeTakeFirstOrThrow();
    const events = await handle.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('platform', '=', 'web')
      .where('kind', '=', 'message')
      .executeTakeFirstOrThrow();
    return { stored: Number(messages.n), storedEvents: Number(events.n) };
  } finally {
    await handle.close();
  }
}

type ChatOutcome = Awaited<ReturnType<typeof chatOn>>;

function summary(outcome: ChatOutcome) {
  const { runs, search, acknowledged, stored, storedEvents } = outcome;
  const pick = (f: (r: Measured) => number, of: 'chat' | 'bare' = 'chat') =>
    runs.length > 0 ? median(runs.map((r) => f(r[of]))) : Number.NaN;
  const deliveries = pick((r) => r.deliveriesPerSecond);
  const bareDeliveries = pick((r) => r.deliveriesPerSecond, 'bare');
  const rates = [
    ...runs.filter((r) => held(r.chat)).map(() => RATE),
    ...search.filter((s) => held(s.chat)).map((s) => s.rate),
  ];
  return {
    connections: ROOMS * PER_ROOM,
    rooms: ROOMS,
    messagesPerSecond: round(pick((r) => r.messagesPerSecond)),
    deliveriesPerSecond: round(deliveries),
    p50Ms: round(
      pick((r) => r.p50Ms),
      2,
    ),
    p99Ms: round(
      pick((r) => r.p99Ms),
      2,
    ),
    acknowledged,
    stored,
    storedEvents,
    missing: runs.reduce((n, r) => n + r.chat.missing, 0),
    kbPerConnection: round(
      pick((r) => r.kbPerConnection),
      1,
    ),
    bareDeliveriesPerSecond: round(bareDeliveries),
    bareP99Ms: round(
      pick((r) => r.p99Ms, 'bare'),
      2,
    ),
    bareKbPerConnection: round(
      pick((r) => r.kbPerConnection, 'bare'),
      1,
    ),
    ratio: round(deliveries / bareDeliveries, 3),
    ...(search.length > 0
      ? {
          highestHeldPerSecond: rates.length > 0 ? Math.max(...rates) : null,
          search: search.map((s) => ({
            rate: s.rate,
            messagesPerSecond: round(s.chat.messagesPerSecond),
            p99Ms: round(s.chat.p99Ms, 2),
            missing: s.chat.missing,
          })),
        }
      : {}),
  };
}

/**
 * The web chat: `ROOMS` rooms of `PER_ROOM` members on WebSockets, `RATE` posts a second, on
 * SQLite (the top-level figures, BENCH.md's keys) and, when a server answers at
 * BENCH_POSTGRES_URL, on PostgreSQL (`postgres`), each against the bare `ws` server in the same run.
 */
export async function benchWebChat(): Promise<object> {
  const bare = await startBare();
  let outcome: { sqlite: ChatOutcome; postgres: ChatOutcome | null };
  try {
    outcome = await onSqliteThenPostgres('shequn_bench_chat', (databaseUrl) =>
      chatOn(
        databaseUrl
          ? { name: 'postgres', env: { DATABASE_URL: databaseUrl }, database: { databaseUrl } }
          : { name: 'sqlite', env: {}, database: {} },
        bare,
      ),
    );
  } finally {
    bare.stop();
  }
  const { sqlite, postgres } = outcome;
  const result = {
    ...summary(sqlite),
    rate: RATE,
    seconds: SECONDS,
    runs: RUNS,
    ...(postgres ? { postgres: summary(postgres) } : {}),
    ...runInfo(),
  };
  writeResult('web-chat', result);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchWebChat(), null, 2));
}
