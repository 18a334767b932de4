import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/kernel/db/database.js';
import { campWithLinks, seedCampCommunity, signIn, startShequn } from '../test/support/shequn-process.js';
import { postRequest, sendAll } from './lib/http-load.js';
import { runInfo } from './lib/machine.js';
import { onSqliteThenPostgres } from './lib/postgres.js';
import { median, round } from './lib/median.js';
import { createRandom, shuffled } from './lib/random.js';
import { freshDir, log, writeResult } from './lib/work.js';

const MEMBERS = Number(process.env.BENCH_CHECKINS ?? 10_000);
const CLIENTS = 64;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SLUG = 'surge';
const PG_DATABASE = 'shequn_bench_surge';

interface Load {
  acknowledged: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * `paths.length` POSTs from `CLIENTS` keep-alive connections at once, one request at a time on
 * each; latency per request. The load generator shares the two cores with the server it measures,
 * so it is the leanest one that still speaks HTTP/1.1: requests built as bytes before the clock
 * starts, answers read only as far as their status and length (bench/lib/http-load.ts). Until
 * session 9 it was undici's pool, which took ~35 µs of CPU per request against ~24 for this one:
 * it was the busiest thread of a surge, and on the bare route the one at full load (the bare
 * route measured the client, not Fastify).
 */
async function fire(base: string, paths: string[], bodies: string[]): Promise<Load> {
  const { hostname, port } = new URL(base);
  const requests = paths.map((path, i) => postRequest(hostname, path, bodies[i]));
  const { acknowledged, perSecond, latencies } = await sendAll(
    { host: hostname, port: Number(port) },
    requests,
    CLIENTS,
  );
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { acknowledged, perSecond, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** A Fastify app with one JSON route, no plugins and no logging: the ceiling on this machine. */
const BARE_SERVER = `
import Fastify from 'fastify';
const app = Fastify();
app.post('/checkin', async (request) => ({ ok: true, echo: request.body.text }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log('port ' + app.server.address().port);
`;

async function startBare() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Uncounted surges on camps of their own before the counted runs. */
const WARM_UP_CAMPS = 2;
/** Fewest and most rounds `warmUntilSteady` fires. */
const MIN_WARM_UP_ROUNDS = 4;
const MAX_WARM_UP_ROUNDS = 10;

/**
 * Fires rounds of the same load at the bare route, at least four, until its rate stops rising (a
 * round at most 5% faster than the best before it). A fresh Fastify process here needs about
 * three rounds of 10,000 requests to reach its steady rate (~18k/s, ~25k/s, then 45–55k/s on one
 * machine, as V8 optimises its hot paths). Until session 8 the bare route had one round of
 * warm-up, so the first runs compared the surge with a route at half its speed and the ratio came
 * out up to twice too high; in session 9 a noisy third round, slower than the second, still ended
 * the warm-up early, hence the four rounds at least.
 */
async function warmUntilSteady(url: string, bodies: string[]): Promise<void> {
  let best = 0;
  for (let round = 0; round < MAX_WARM_UP_ROUNDS; round++) {
    const { perSecond } = await fire(
      url,
      bodies.map(() => '/checkin'),
      bodies,
    );
    log(`checkin-surge: bare route warm-up round ${round + 1}: ${Math.round(perSecond)}/s`);
    if (round + 1 >= MIN_WARM_UP_ROUNDS && perSecond <= best * 1.05) return;
    best = Math.max(best, perSecond);
  }
}

/** The same order on every machine and every run of the benchmark. */
const random = createRandom(20261205);

/**
 * A camp whose members will check in in random order, as members do. In enrolment order, which
 * is member order, consecutive check-ins share the pages of every member-keyed index: a SQLite
 * batch wrote ~2 pages of WAL a check-in instead of ~6, and the writer thread spent ~75 µs a
 * check-in instead of ~100 (PostgreSQL ran ~15% faster). Until session 9 the surge ran that way.
 */
const inRandomOrder = ({ campId, tokens }: { campId: number; tokens: string[] }) => ({
  campId,
  tokens: shuffled(tokens, random),
});

interface Backend {
  name: 'sqlite' | 'postgres';
  /** Environment for `shequn start` (DATABASE_URL on PostgreSQL). */
  env: Record<string, string>;
  databaseUrl?: string;
}

interface Surge {
  runs: Array<{ surge: Load; bare: Load }>;
  acknowledged: number;
  stored: number;
}

/**
 * `MEMBERS` enrolled members check in, in random order, through their personal links
 * (`POST /api/m/:token/checkins`, each with an idempotency key of its own, as the member page sends
 * them) from 64 concurrent keep-alive clients against `shequn start`; after each run the same
 * load goes to the bare Fastify route. Each of the runs uses a fresh camp (a member checks in once a day per
 * camp). Afterwards the stored check-ins are counted in the database.
 */
async function surgeOn(backend: Backend, bareUrl: string): Promise<Surge> {
  const dataDir = freshDir(`checkin-surge-${backend.name}`);
  const { today } = await seedCampCommunity(dataDir, SLUG, MEMBERS, 'Asia/Shanghai', backend.databaseUrl);
  const server = await startShequn(dataDir, backend.env);
  const headers = await signIn(server.url);
  // Each with an idempotency key of its own, as the member page sends them (32 hex digits).
  const bodiesFor = (n: number) =>
    Array.from({ length: n }, () =>
      JSON.stringify({ text: '早起打卡 day 1', idempotencyKey: randomBytes(16).toString('hex') }),
    );
  const runs: Surge['runs'] = [];
  const campIds: number[] = [];
  try {
    // Every camp is enrolled first (10,000 links each through the API, the server's heaviest
    // garbage), so no run shares the machine with an enrolment or its garbage collection; then
    // warm-up surges on camps of their own, not counted, bring the server to a steady state
    // (compiled code, caches, a first major collection). With a 2,000-check-in warm-up and each
    // camp enrolled right before its run, the first run came out ~30% slower than the others; with
    // one whole camp, the first run was still ~10% slower than the rest.
    const warmUps = [];
    for (let i = 0; i < WARM_UP_CAMPS; i++)
      warmUps.push(inRandomOrder(await campWithLinks(server.url, headers, SLUG, today)));
    const camps = [];
    for (let run = 0; run < RUNS; run++)
      camps.push(inRandomOrder(await campWithLinks(server.url, headers, SLUG, today)));
    for (const warm of warmUps)
      await fire(
        server.url,
        warm.tokens.map((t) => `/api/m/${t}/checkins`),
        bodiesFor(warm.tokens.length),
      );
    await warmUntilSteady(bareUrl, bodiesFor(MEMBERS));
    for (const [run, { campId, tokens }] of camps.entries()) {
      campIds.push(campId);
      const bodies = bodiesFor(tokens.length);
      const surge = await fire(
        server.url,
        tokens.map((t) => `/api/m/${t}/checkins`),
        bodies,
      );
      const ceiling = await fire(
        bareUrl,
        tokens.map(() => '/checkin'),
        bodies,
      );
      log(
        `checkin-surge ${backend.name} run ${run + 1}: ${Math.round(surge.perSecond)}/s p50 ${surge.p50Ms.toFixed(1)} ms p99 ${surge.p99Ms.toFixed(1)} ms; bare ${Math.round(ceiling.perSecond)}/s`,
      );
      runs.push({ surge, bare: ceiling });
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  const handle = await openDatabase({ dataDir, databaseUrl: backend.databaseUrl });
  try {
    const row = await handle.db
      .selectFrom('checkins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('camp_id', 'in', campIds)
      .executeTakeFirstOrThrow();
    return { runs, acknowledged: runs.reduce((n, r) => n + r.surge.acknowledged, 0), stored: Number(row.n) };
  } finally {
    await handle.close();
  }
}

/** Medians over the runs; `ratio` compares each surge with the bare run right after it. */
function summary({ runs, acknowledged, stored }: Surge) {
  const perSecond = median(runs.map((r) => r.surge.perSecond));
  const barePerSecond = median(runs.map((r) => r.bare.perSecond));
  return {
    checkIns: MEMBERS * RUNS,
    acknowledged,
    stored,
    perSecond: round(perSecond),
    p50Ms: round(median(runs.map((r) => r.surge.p50Ms)), 2),
    p99Ms: round(median(runs.map((r) => r.surge.p99Ms)), 2),
    barePerSecond: round(barePerSecond),
    ratio: round(perSecond / barePerSecond, 3),
  };
}

/**
 * The check-in surge on SQLite (the default store: the top-level figures, BENCH.md's keys) and,
 * when a server answers at BENCH_POSTGRES_URL, the same on PostgreSQL (`postgres`).
 */
export async function benchCheckinSurge(): Promise<object> {
  const bare = await startBare();
  let outcome: { sqlite: Surge; postgres: Surge | null };
  try {
    outcome = await onSqliteThenPostgres(PG_DATABASE, (databaseUrl) =>
      surgeOn(
        databaseUrl
          ? { name: 'postgres', env: { DATABASE_URL: databaseUrl }, databaseUrl }
          : { name: 'sqlite', env: {} },
        bare.url,
      ),
    );
  } finally {
    bare.stop();
  }
  const { sqlite, postgres } = outcome;
  const result = {
    ...summary(sqlite),
    members: MEMBERS,
    clients: CLIENTS,
    runs: RUNS,
    ...(postgres ? { postgres: summary(postgres) } : {}),
    ...runInfo(),
  };
  writeResult('checkin-surge', result);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchCheckinSurge(), null, 2));
}
